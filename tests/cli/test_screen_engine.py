"""`exportctl screen` through the real engine: lists loaded into a SQLite store under a
temporary home, the screening index built from the active versions and cached on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli, run_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    for folder in ("ofac_sdn", "un", "watchlist"):
        res = run_cli(tmp_path, "lists", "load", str(FIXTURES / folder))
        assert res.exit_code == 0, res.output
    return tmp_path


def test_a_name_is_screened_against_the_loaded_lists(home: Path) -> None:
    doc = run_json(home, "screen", "Acme Machine Tools Company Limited")
    top = doc["matches"][0]
    assert top["entity_id"] == "ofac-sdn:1001"
    assert top["decision"] == "match"
    assert top["explanation"][0]["text"].startswith("matched ACME MACHINE TOOLS")
    # the index was built from the active versions and cached for the next invocation
    assert list((home / "index").glob("*.json.gz"))


def test_the_seed_buyer_in_persian_is_the_watch_list_entry_not_acme(home: Path) -> None:
    doc = run_json(home, "screen", "ماشین سازی تبریز")
    ids = {m["entity_id"]: m["decision"] for m in doc["matches"]}
    assert any(k.startswith("watch:") and v == "match" for k, v in ids.items()), ids
    assert "ofac-sdn:1001" not in ids


def test_a_batch_keeps_order_and_reports_a_bad_line(home: Path) -> None:
    lines = [
        {"id": "a", "name": "ACME MACHINE TOOLS CO LTD"},
        {"id": "b", "name": "حسن علي رضا كريمي", "schema": "Person"},
        {"id": "c", "name": "...."},
    ]
    text = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    res = run_cli(home, "screen", "--input", "-", "--format", "jsonl", input=text)
    assert res.exit_code == 0, res.output
    out = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[0]["matches"][0]["entity_id"] == "ofac-sdn:1001"
    assert out[1]["matches"][0]["source"] == "un"
    assert out[2]["code"] == "screening_name_unusable"
