"""A SQLite store with overwritten pages (issue 12, failure 8): every command reports
`store_error` with SQLite's integrity message on one line, and writes are refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.helpers import run_cli, run_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


def _damage(db: Path) -> None:
    """Overwrite every third page after the first with junk (the header page stays)."""
    con = sqlite3.connect(db)
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    pages = len(data) // page
    assert pages > 6
    for n in range(1, pages, 3):
        data[n * page : (n + 1) * page] = bytes([0xA5]) * page
    db.write_bytes(bytes(data))


def test_a_damaged_store_is_reported_and_never_written(tmp_path: Path) -> None:
    for folder in ("ofac_sdn", "un"):
        assert run_cli(tmp_path, "lists", "load", str(FIXTURES / folder)).exit_code == 0
    db = tmp_path / "exportctl.db"
    _damage(db)
    damaged = db.read_bytes()

    load = run_cli(tmp_path, "lists", "load", str(FIXTURES / "bis_dpl"))
    assert load.exit_code == 1
    (line,) = [ln for ln in load.output.splitlines() if ln.startswith("error:")]
    assert line.endswith("[store_error]") and "integrity" in line
    assert db.read_bytes() == damaged  # nothing written into the broken file

    for args in (("lists", "status"), ("screen", "Acme Machine Tools"), ("alerts", "list")):
        res = run_cli(tmp_path, *args)
        assert "Traceback" not in res.output
        if res.exit_code != 0:
            errors = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
            assert len(errors) == 1 and errors[0].endswith("[store_error]"), res.output


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "exportctl.db").write_bytes(b"this is not a database" * 100)
    res = run_cli(tmp_path, "lists", "status")
    assert res.exit_code == 1
    (line,) = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert line.endswith("[store_error]") and "not a database" in line


def test_a_sound_store_passes_the_check(tmp_path: Path) -> None:
    run_json(tmp_path, "lists", "load", str(FIXTURES / "bis_dpl"))
    assert run_json(tmp_path, "lists", "load", str(FIXTURES / "un"))["created"] is True
