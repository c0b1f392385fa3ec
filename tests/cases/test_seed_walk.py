"""The walk in docs/cases.md: the seed cable's investigation, the spindle's licence
application denied with four eyes, and an intact audit chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.helpers import run_cli, run_json


def test_seed_walk(tmp_path: Path, shared: Path, shared_examples: Path) -> None:
    home = tmp_path / "home"
    env = {"EXPORTCTL_CONTROLS_DIR": str(shared / "data" / "controls")}

    def as_(user: str, *args: str) -> Any:
        return run_json(home, "--as", user, *args, env=env)

    assert (
        run_cli(home, "lists", "load", str(shared_examples / "watchlist-seed.yaml")).exit_code == 0
    )
    alert = run_json(
        home, "intake", str(shared / "seed" / "000_91099075322b9750.txt"), "--open-case"
    )
    investigation = run_json(home, "cases", "show", alert["case_id"])["case"]
    assert investigation["kind"] == "investigation" and investigation["state"] == "open"
    assert investigation["id"] == alert["case_id"]
    assert any("Machine Sazi Tabriz" in (link["label"] or "") for link in investigation["links"])
    run_json(home, "users", "add", "analyst1", "--role", "analyst")
    run_json(home, "users", "add", "approver1", "--role", "approver")
    run_json(home, "users", "add", "approver2", "--role", "approver")

    det = as_(
        "analyst1", "assess", str(shared_examples / "roundtop-spindle-repair.yaml"), "--record"
    )
    assert det["outcome"] in {"prohibited", "license_required"}
    case_id, *reviews = det["case_ids"]
    assert case_id.startswith("L-")
    # the watch-listed end user's hit gets its own review, linked to the screening result
    subjects = {
        run_json(home, "cases", "show", r)["case"]["subject"]["party_name"] for r in reviews
    }
    assert "Machine Sazi Tabriz" in subjects
    shown = as_("analyst1", "cases", "show", case_id)
    app = shown["case"]["application"]
    assert shown["case"]["state"] == "submitted" and app["outcome"] == det["outcome"]
    assert app["result_id"] == det["result_id"]
    [result] = shown["results"]
    assert result["provenance"]["regimes"] and result["provenance"]["rules"]
    assert result["provenance"]["lists"]["watch:alerts"]
    controls = result["provenance"]["controls"]
    assert {"us-ccl", "us-country-chart", "us-country-groups"} <= set(controls)
    # The text view says what the decision rested on too: control data, scorer, input file.
    text = run_cli(home, "--as", "analyst1", "cases", "show", case_id, env=env).stdout
    line = next(ln for ln in text.splitlines() if ln.startswith(f"result {result['id']}"))
    assert f"us-ccl={controls['us-ccl']}" in line
    assert f"config {result['provenance']['scorer_config_hash']}" in line
    assert result["provenance"]["inputs_sha256"] in line

    as_("analyst1", "cases", "transition", case_id, "under_review", "--reason", "officer review")
    as_("approver2", "cases", "propose", case_id, "denied", "--reason", "catch-all: IR end user")
    same = run_cli(home, "--as", "approver2", "cases", "approve", case_id)
    assert same.exit_code == 1 and "[four_eyes]" in same.stderr
    as_("approver1", "cases", "reject", case_id, "--reason", "cite the cable")
    as_("analyst1", "cases", "propose", case_id, "denied", "--reason", "09STATE124113 end user")
    done = as_("approver1", "cases", "approve", case_id)["case"]
    assert done["state"] == "denied"
    assert (done["decision"]["proposed_by"], done["decision"]["approved_by"]) == (
        "analyst1",
        "approver1",
    )
    log = run_json(home, "audit", "log", "--object", case_id)
    assert [e["action"] for e in log] == [
        "case.opened",
        "case.transitioned",
        "case.transitioned",
        "proposal.made",
        "proposal.rejected",
        "proposal.made",
        "proposal.approved",
    ]
    actions = {e["action"] for e in run_json(home, "audit", "log")}
    assert {"list.loaded", "watchlist.updated", "determination.recorded"} <= actions
    assert run_json(home, "audit", "verify")["ok"]
