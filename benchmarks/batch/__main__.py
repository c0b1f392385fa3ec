"""``python -m benchmarks.batch``: see :mod:`benchmarks.batch.bench`."""

from benchmarks.batch.bench import main

main()
