"""The audit event of a watch-list update names the parties that alert added, not the list."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_json

ALERTS = Path(__file__).resolve().parents[1] / "fixtures" / "alerts"


def test_second_intake_names_only_its_own_parties(tmp_path: Path) -> None:
    home = tmp_path / "home"
    added: list[list[str]] = []
    for doc in ("cable_carbon_fibre.txt", "cable_flow_forming_partial.txt"):
        run_json(home, "intake", str(ALERTS / doc), "--open-case")
        events = [e for e in run_json(home, "audit", "log") if e["action"] == "watchlist.updated"]
        added.append(events[-1]["payload"]["parties"])
    first, second = added
    assert first and second
    assert not set(first) & set(second), (first, second)
