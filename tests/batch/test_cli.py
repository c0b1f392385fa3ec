"""`exportctl batch screen` from the command line: summary, options, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exportctl.batch.io import read_output
from tests.batch.conftest import FIXTURE_LISTS, party_rows, write_rows
from tests.cli.helpers import run_cli, run_json


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    for folder in ("ofac_sdn", "un", "csl"):
        assert run_cli(home, "lists", "load", str(FIXTURE_LISTS / folder)).exit_code == 0
    return home


def test_summary_counts_and_list_versions(home: Path, tmp_path: Path) -> None:
    rows = party_rows(120)
    rows[3]["name"] = ""
    inp = write_rows(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.parquet"
    res = run_cli(home, "batch", "screen", str(inp), str(out), "--workers", "1", "-f", "json")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    got = read_output(out)
    assert summary["rows"] == len(got) == 120
    assert summary["errors"] == 1 == sum(1 for g in got if g["error"])
    status = json.loads(run_cli(home, "lists", "status", "-f", "json").stdout)
    assert summary["list_versions"] == {s["source"]: s["version"] for s in status}
    assert all(g["list_versions"] == summary["list_versions"] for g in got)
    decided = [g["matches"][0]["decision"] for g in got if g["matches"]]
    assert summary["matches"] == decided.count("match")
    assert summary["reviews"] == decided.count("review")


def test_errors_are_one_line_with_a_code(home: Path, tmp_path: Path) -> None:
    inp = tmp_path / "in.csv"
    inp.write_text("id,party\n1,Kim Chol\n", encoding="utf-8")
    res = run_cli(home, "batch", "screen", str(inp), str(tmp_path / "out.csv"))
    assert res.exit_code == 1
    assert "no column 'name'" in res.output and "[missing_column]" in res.output
    res = run_cli(home, "batch", "screen", str(inp), str(tmp_path / "out.xlsx"))
    assert res.exit_code == 1 and "[unsupported_file_type]" in res.output
    res = run_cli(home, "batch", "screen", str(tmp_path / "nope.csv"), str(tmp_path / "o.csv"))
    assert res.exit_code == 1 and "[file_not_found]" in res.output
    res = run_cli(home, "batch", "screen", str(inp), str(tmp_path / "o.csv"), "--master", "x")
    assert res.exit_code == 2


CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"


def test_a_hit_cleared_in_a_review_shows_cleared_as_screen_shows_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli(home, "lists", "load", str(CASES / "watch-v1.yaml")).exit_code == 0
    run_json(home, "users", "add", "ana", "--role", "analyst")
    run_json(home, "users", "add", "bea", "--role", "approver")
    first = run_json(home, "--as", "ana", "screen", "Ole Nordmann", "--country", "NO", "--record")
    [case_id] = [
        m["review"]["case_id"] for m in first["matches"] if m["entity_id"] == "watch:case-tests:ole"
    ]
    run_json(
        home, "--as", "ana", "cases", "propose", case_id, "cleared",
        "--reason", "born 1990, not listed", "--reason-code", "different_birth_date",
    )  # fmt: skip
    run_json(home, "--as", "bea", "cases", "approve", case_id)
    # The same party in a file (another spelling), an unreviewed one, and one with no hit.
    inp = write_rows(
        tmp_path / "in.jsonl",
        [
            {"id": "c1", "name": "OLE  nordmann", "country": "no"},
            {"id": "c2", "name": "Kari Nordmann", "country": "NO"},
            {"id": "c3", "name": "Nordic Timber AB", "country": "SE"},
        ],
    )
    out = tmp_path / "out.jsonl"
    res = run_cli(home, "batch", "screen", str(inp), str(out), "--workers", "1", "-f", "json")
    assert res.exit_code == 0, res.output
    got = {g["id"]: g for g in read_output(out)}
    plain = run_json(home, "screen", "Ole Nordmann", "--country", "NO")
    screen_review = {m["entity_id"]: m.get("review") for m in plain["matches"]}
    batch_review = {m["entity_id"]: m.get("review") for m in got["c1"]["matches"]}
    seen = batch_review["watch:case-tests:ole"]
    assert seen == screen_review["watch:case-tests:ole"]
    assert seen["status"] == "cleared" and seen["case_id"] == case_id
    assert all("review" not in m for m in got["c2"]["matches"] or [])
    summary = json.loads(res.stdout)
    hits = [m["entity_id"] for m in got["c1"]["matches"] if m["decision"] != "no_match"]
    assert hits == ["watch:case-tests:ole"]
    # c1's only hit is cleared: counted apart; c2's hit is an unreviewed match
    assert (summary["cleared"], summary["matches"], summary["reviews"]) == (1, 1, 0)
    # A later version changes the entry: the clearance lapses, as in `screen`.
    assert run_cli(home, "lists", "load", str(CASES / "watch-v2.yaml")).exit_code == 0
    res = run_cli(home, "batch", "screen", str(inp), str(out), "--workers", "1", "-f", "json")
    assert res.exit_code == 0, res.output
    got = {g["id"]: g for g in read_output(out)}
    later = {m["entity_id"]: m.get("review") for m in got["c1"]["matches"]}
    assert later["watch:case-tests:ole"]["status"] == "changed"
    assert "names" in later["watch:case-tests:ole"]["diff"]
    assert (json.loads(res.stdout)["cleared"], json.loads(res.stdout)["matches"]) == (0, 2)
