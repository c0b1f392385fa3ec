"""`exportctl watchlists ...`: the same service as /watchlists, from the command line."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.cli.helpers import run_cli as run
from tests.cli.helpers import run_json


def test_create_add_remove_export(tmp_path: Path) -> None:
    home = tmp_path / "home"
    made = run_json(home, "watchlists", "create", "CLI Test")
    assert made["source"] == "watch:cli-test" and made["entries"] == []
    added = run_json(
        home, "watchlists", "add", "cli-test", "Ole Nordmann", "--country", "NO",
        "--schema", "Person", "--reason", "hand-written",
    )  # fmt: skip
    assert [e["entity_id"] for e in added["entries"]] == ["watch:cli-test:ole-nordmann"]
    exported = run(home, "watchlists", "export", "cli-test")
    assert exported.exit_code == 0, exported.output
    data = yaml.safe_load(exported.stdout)
    assert data["entries"][0]["name"] == "Ole Nordmann" and data["entries"][0]["country"] == ["NO"]
    # the export loads back with `lists load` as the same entry
    out = tmp_path / "cli-test.yaml"
    out.write_text(exported.stdout, encoding="utf-8")
    other = tmp_path / "other"
    run_json(other, "lists", "load", str(out))
    again = run_json(other, "watchlists", "show", "cli-test")
    assert again["entries"][0]["countries"] == added["entries"][0]["countries"]
    removed = run_json(home, "watchlists", "remove", "cli-test", "ole-nordmann")
    assert removed["entries"] == []
    actions = [e["action"] for e in run_json(home, "audit", "log", "--object", "watch:cli-test")]
    assert actions == ["watchlist.created", "watchlist.entry_added", "watchlist.entry_removed"]
    missing = run(home, "watchlists", "remove", "cli-test", "ole-nordmann")
    assert missing.exit_code == 1 and "entry_not_found" in missing.stderr
