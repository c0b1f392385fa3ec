"""Benchmark harnesses; run all with ``python -m benchmarks`` (results in benchmarks/RESULTS.md)."""
