"""``python -m benchmarks.screening``: see :mod:`benchmarks.screening.bench`."""

from benchmarks.screening.bench import main

if __name__ == "__main__":
    main()
