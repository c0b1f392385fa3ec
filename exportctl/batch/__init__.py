"""Batch screening: whole party files on every local core or on Apache Spark.

``run_local(screener, versions, INPUT, OUTPUT, BatchOptions(...))`` is the local engine;
:mod:`exportctl.batch.spark` runs the same per-row work on Spark; :mod:`exportctl.batch.delta`
re-screens only what a list update can have changed. See docs/batch.md.
"""

from exportctl.batch.memory import DecisionMemory, NoMemory, StaticMemory
from exportctl.batch.rows import ColumnMap
from exportctl.batch.runner import BatchOptions, BatchSummary, run_local

__all__ = [
    "BatchOptions",
    "BatchSummary",
    "ColumnMap",
    "DecisionMemory",
    "NoMemory",
    "StaticMemory",
    "run_local",
]
