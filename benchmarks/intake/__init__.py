"""Intake accuracy benchmark: the evaluation corpus and its scorer.

Run with ``python -m benchmarks.intake``.
"""
