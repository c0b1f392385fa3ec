"""The seed acceptance story end to end, through the CLI, on a real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run_cli, run_json


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, shared_lists: Path) -> Path:
    h = tmp_path_factory.mktemp("seed-home")
    for folder in ("ofac_sdn_matched_2021-07", "un"):
        assert run_cli(h, "lists", "load", str(shared_lists / folder)).exit_code == 0
    return h


def _jsonl(home: Path, *args: str) -> list[dict[str, Any]]:
    res = run_cli(home, *args, "--format", "jsonl")
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def test_official_lists_alone_do_not_match_the_seed_buyer(home: Path) -> None:
    [out] = _jsonl(home, "screen", "Machine Sazi Tabriz", "--all")
    by_id = {m["entity_id"]: m for m in out["matches"]}
    assert all(m["decision"] != "match" for m in by_id.values())
    assert by_id.get("ofac-sdn:11644", {"decision": "no_match"})["decision"] != "match"
    [arak] = _jsonl(home, "screen", "Mashin Sazi Arak")
    best = arak["matches"][0]
    assert best["entity_id"] == "ofac-sdn:11644" and best["decision"] == "match"
    assert best["explanation"]


def test_intake_opens_case_and_assess_hits_the_catch_all(home: Path, shared: Path) -> None:
    seed = shared / "seed" / "000_91099075322b9750.txt"
    alert = run_json(home, "intake", str(seed), "--open-case")
    assert alert["document"]["id"] == "09STATE124113"
    assert alert["case_id"]
    names = {p["name"]: p for p in alert["parties"]}
    assert names["Machine Sazi Tabriz"]["country"] == "IR"
    assert names["Roundtop Machinery Industries Company"]["country"] == "TW"
    # The record reads back, and the buyer is now on the alerts watch list.
    listed = run_json(home, "alerts", "list")
    assert alert["case_id"] in {r["case_id"] for r in listed}
    shown = run_json(home, "alerts", "show", alert["case_id"])
    assert shown["document"]["id"] == "09STATE124113"
    [hit] = _jsonl(home, "screen", "Machine Sazi Tabriz")
    top = hit["matches"][0]
    assert top["entity_id"] == "watch:alerts:machine-sazi-tabriz" and top["decision"] == "match"
    # assess: not "no licence required", and the catch-all cites the cable.
    det = run_json(home, "assess", str(shared / "examples" / "roundtop-spindle-repair.yaml"))
    assert det["outcome"] in {"prohibited", "license_required"}
    texts = " ".join(f["message"] + " " + (f["citation"] or "") for f in det["findings"])
    assert "09STATE124113" in texts
    kinds = {f["kind"] for f in det["findings"]}
    assert {"destination", "end_use"} <= kinds


def test_seed_assessment_under_each_jurisdiction(home: Path, shared: Path) -> None:
    tx = str(shared / "examples" / "roundtop-spindle-repair.yaml")
    watchlist = shared / "examples" / "watchlist-seed.yaml"
    assert run_cli(home, "lists", "load", str(watchlist)).exit_code == 0
    for j in ("tw", "eu", "us"):
        det = run_json(home, "assess", tx, "--jurisdiction", j)
        assert det["outcome"] in {"prohibited", "license_required"}, (j, det["outcome"])
        assert all(f["citation"] for f in det["findings"] if f["severity"] in {"block", "license"})


def test_classify_seed_machine(shared: Path, tmp_path: Path) -> None:
    out = run_json(tmp_path, "classify", str(shared / "examples" / "dmc-3000-5axis.yaml"))
    results = out if isinstance(out, list) else [out]
    codes = {c["code"] for r in results for c in r["controls"]}
    assert "2B001.b.2.b" in codes
