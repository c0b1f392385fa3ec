"""The Spark engine on ``local[2]`` writes the same rows as the local engine (one small
session, a few hundred rows: bounded for CI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from exportctl.batch import BatchOptions, run_local
from exportctl.batch.io import read_output
from exportctl.screening import Index, Screener
from tests.batch.conftest import VERSIONS, party_rows, write_rows

if os.environ.get("CI") == "true":  # `make test` installs the spark extra: CI never skips this
    import pyspark  # noqa: F401
else:
    pytest.importorskip("pyspark", reason="the spark extra is not installed")


@pytest.fixture(scope="module")
def spark_home() -> None:
    if shutil.which("java") is None:
        pytest.fail("--engine spark needs Java 17+ on PATH")


def test_spark_rows_equal_local_rows(spark_home: None, index: Index, tmp_path: Path) -> None:
    from exportctl.batch.spark import run_spark

    rows = party_rows(240, seed=11)
    rows[5]["name"] = ""  # an error row in both engines
    rows[9]["schema"] = "Martian"
    inp = write_rows(tmp_path / "parties.csv", rows)
    local_out, spark_out = tmp_path / "local.parquet", tmp_path / "spark.parquet"
    run_local(Screener(index), VERSIONS, inp, local_out, BatchOptions(workers=1))
    summary = run_spark(index, VERSIONS, inp, spark_out, master="local[2]")
    local = {r["id"]: r for r in read_output(local_out)}
    spark = read_output(spark_out)
    assert len(spark) == len(local) == len(rows)
    for row in spark:
        assert row == local[row["id"]]
    assert sum(1 for r in spark if r["error"]) == 2
    assert summary.rows == len(rows) and summary.errors == 2
    assert summary.matches + summary.reviews > 0
