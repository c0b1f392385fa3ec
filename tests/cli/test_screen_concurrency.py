"""Screening while the index cache is built, while lists load, and with a doctored cache
(issue 12, failures 4 and 5). Real processes on a real SQLite store under a temporary home."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli, run_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
_MAIN = "from exportctl.cli import main; main()"
_NAME = "Acme Machine Tools Company Limited"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    for folder in ("ofac_sdn", "un", "bis_dpl"):
        res = run_cli(tmp_path, "lists", "load", str(FIXTURES / folder))
        assert res.exit_code == 0, res.output
    return tmp_path


def _spawn(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "EXPORTCTL_HOME": str(home), "EXPORTCTL_DATABASE_URL": ""}
    return subprocess.Popen(
        [sys.executable, "-c", _MAIN, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _top(out: str) -> str:
    return str(json.loads(out)["matches"][0]["entity_id"])


def test_concurrent_screens_while_the_cache_is_built(home: Path) -> None:
    assert not (home / "index").exists()  # nothing cached yet: every process builds
    procs = [_spawn(home, "screen", _NAME, "--format", "json") for _ in range(4)]
    results = [(p, *p.communicate(timeout=240)) for p in procs]
    for p, out, err in results:
        assert p.returncode == 0, err
        assert "Traceback" not in err
        assert _top(out) == "ofac-sdn:1001"
    cached = list((home / "index").iterdir())
    assert [c.suffixes[-2:] for c in cached] == [[".json", ".gz"]]  # no temporary file left


def test_screens_while_lists_load(home: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Two editions of the DPL to switch between, so every load changes the active versions.
    other = tmp_path_factory.mktemp("dpl")
    lines = (FIXTURES / "bis_dpl" / "dpl.txt").read_bytes().splitlines(keepends=True)
    (other / "dpl.txt").write_bytes(b"".join(lines[:-1]))
    editions = [str(other), str(FIXTURES / "bis_dpl")] * 2
    loader = _spawn(
        home,
        "lists",
        "load",
        editions[0],
    )
    screens = []
    for edition in editions[1:]:
        screens += [_spawn(home, "screen", _NAME, "--format", "json") for _ in range(2)]
        loader.communicate(timeout=240)
        assert loader.returncode == 0
        loader = _spawn(home, "lists", "load", edition)
    loader.communicate(timeout=240)
    for p in screens:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
        assert _top(out) == "ofac-sdn:1001"


def test_a_cache_whose_metadata_matches_but_whose_entries_are_gone_is_not_trusted(
    home: Path,
) -> None:
    assert run_json(home, "screen", _NAME)["matches"][0]["entity_id"] == "ofac-sdn:1001"
    (cache,) = (home / "index").glob("screening-*.json.gz")
    with gzip.open(cache, "rt", encoding="utf-8") as f:
        doc = json.load(f)
    doc["entries"], doc["names"], doc["name_start"] = [], [], [0]  # meta left as it was
    with gzip.open(cache, "wt", encoding="utf-8") as f:
        json.dump(doc, f)
    again = run_json(home, "screen", _NAME)
    assert again["matches"] and again["matches"][0]["entity_id"] == "ofac-sdn:1001"
    # ... and the cache was rebuilt with the entries
    with gzip.open(cache, "rt", encoding="utf-8") as f:
        assert len(json.load(f)["entries"]) > 0


def test_a_damaged_cache_file_is_rebuilt(home: Path) -> None:
    run_json(home, "screen", _NAME)
    (cache,) = (home / "index").glob("screening-*.json.gz")
    cache.write_bytes(cache.read_bytes()[:100])
    assert run_json(home, "screen", _NAME)["matches"][0]["entity_id"] == "ofac-sdn:1001"
