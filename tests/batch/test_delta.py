"""Delta re-screening after a list update finds the same changes as a full re-run."""

from __future__ import annotations

import json
from pathlib import Path

from exportctl.batch.io import read_output
from tests.batch.conftest import FIXTURE_LISTS, party_rows, write_rows
from tests.cli.helpers import run_cli

WATCH_V1 = """name: Delta Test
entries:
  - {name: Nordic Timber AB, id: nordic, schema: Organization, country: SE}
  - {name: Jean-Pierre Dubois, id: dubois, schema: Person}
  - {name: Wang Xiaoming, id: wang, schema: Person, country: CN}
"""
# nordic removed, dubois changed (new alias and country), rossi added, wang unchanged
WATCH_V2 = """name: Delta Test
entries:
  - {name: Jean-Pierre Dubois, id: dubois, schema: Person, aliases: [J. P. Dubois], country: FR}
  - {name: Wang Xiaoming, id: wang, schema: Person, country: CN}
  - {name: Rossi & Figli S.p.A., id: rossi, schema: Organization, country: IT}
"""


def _hits(path: Path) -> set[tuple[str, str]]:
    return {
        (r["id"], m["entity_id"])
        for r in read_output(path)
        for m in r["matches"] or ()
        if m["decision"] != "no_match"
    }


def test_rescreen_since_last_equals_a_full_rerun(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for folder in ("ofac_sdn", "un"):
        assert run_cli(home, "lists", "load", str(FIXTURE_LISTS / folder)).exit_code == 0
    watch = tmp_path / "delta-test.yaml"
    watch.write_text(WATCH_V1, encoding="utf-8")
    assert run_cli(home, "lists", "load", str(watch)).exit_code == 0
    rows = party_rows(400, seed=5)
    parties = write_rows(tmp_path / "parties.csv", rows)
    distinct = {(r["name"], r.get("schema") or "Any", r.get("country")) for r in rows}
    res = run_cli(home, "batch", "screen", str(parties), str(tmp_path / "before.jsonl"))
    assert res.exit_code == 0, res.output
    before = _hits(tmp_path / "before.jsonl")

    watch.write_text(WATCH_V2, encoding="utf-8")
    assert run_cli(home, "lists", "load", str(watch)).exit_code == 0
    report_path = tmp_path / "delta.jsonl"
    res = run_cli(
        home, "batch", "rescreen", str(parties), str(report_path), "--since-last", "-f", "json"
    )
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert (summary["added"], summary["changed_entries"], summary["removed"]) == (1, 1, 1)
    # the parties near the changed entries and those with hits, not every distinct query
    assert 0 < summary["rescreened"] < len(distinct), (summary, len(distinct))
    report = [json.loads(line) for line in report_path.read_text().splitlines()]

    res = run_cli(home, "batch", "screen", str(parties), str(tmp_path / "after.jsonl"))
    assert res.exit_code == 0, res.output
    after = _hits(tmp_path / "after.jsonl")
    new = {(r["id"], r["entity_id"]) for r in report if r["change"] == "new"}
    gone = {(r["id"], r["entity_id"]) for r in report if r["change"] == "disappeared"}
    changed = {(r["id"], r["entity_id"]) for r in report if r["change"] == "changed"}
    assert new == after - before and new
    assert gone == before - after and gone
    assert changed and all(e.endswith(":dubois") for _p, e in changed)
    assert {e.rsplit(":", 1)[1] for _p, e in new} == {"rossi"}
    assert {e.rsplit(":", 1)[1] for _p, e in gone} == {"nordic"}


def test_rescreen_without_an_earlier_run_says_so(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli(home, "lists", "load", str(FIXTURE_LISTS / "un")).exit_code == 0
    parties = write_rows(tmp_path / "parties.csv", party_rows(5))
    res = run_cli(home, "batch", "rescreen", str(parties), str(tmp_path / "d.csv"), "--since-last")
    assert res.exit_code == 1
    assert "[no_batch_snapshot]" in res.output


def test_reach_is_screen_without_its_limit() -> None:
    from exportctl.screening import Index, Screener
    from tests.batch.conftest import PARTY_NAMES, fixture_entries

    screener = Screener(Index.build(fixture_entries()))
    for name in PARTY_NAMES:
        reached = [(e, round(s, 3)) for e, s in screener.reach(name)]
        screened = screener.screen(name, limit=1000)
        assert reached == [(m.entity_id, m.score) for m in screened], name
    assert any(screener.reach(n) for n in PARTY_NAMES)
