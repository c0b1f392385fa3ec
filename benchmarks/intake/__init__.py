"""Intake accuracy benchmark: the evaluation corpus and its scorer (``python -m benchmarks.intake``)."""
