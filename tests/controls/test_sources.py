"""Where control data comes from: the shipped snapshot, the store, an override folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exportctl.config import Settings
from exportctl.controls.snapshot import bundled
from exportctl.engine import Engine
from exportctl.errors import NotFound
from exportctl.files import read_control_data
from exportctl.model.controls import US_DATASETS
from tests.cli.helpers import run_cli, run_json


def test_the_shipped_snapshot_is_the_default(tmp_path: Path) -> None:
    engine = Engine(Settings.for_home(tmp_path))
    rows = engine.controls.status()
    assert [(r.dataset, r.loaded_at, r.active) for r in rows] == [
        (d, None, True) for d in US_DATASETS
    ]
    us = engine.controls.us_controls()
    assert us.lookup("2B001", (), "CN").marked == ("NS 2", "NP 1")
    assert us.lookup("2B001", (), "IR").embargoed
    catalogue = engine.classification.catalogue()
    assert catalogue.get("2B001").us is not None
    assert any("controls update" in w for w in catalogue.warnings)  # no Wassenaar shipped
    engine.close()


@pytest.mark.shared_data
def test_the_snapshot_is_the_shared_us_data(shared_controls: Path) -> None:
    """The shipped snapshot has the same content (hence versions) as the files it came from."""
    from_folder = {d.dataset: d.version for d in read_control_data(shared_controls, US_DATASETS)}
    assert {k: v.version for k, v in bundled().items()} == from_folder


def test_a_missing_dataset_is_an_error_naming_the_fix(tmp_path: Path) -> None:
    empty = tmp_path / "controls"
    empty.mkdir()
    engine = Engine(Settings.for_home(tmp_path).with_(controls_dir=empty))
    with pytest.raises(NotFound, match=r"us-country-chart .* run `exportctl controls update`") as e:
        engine.determination.regimes()
    assert e.value.code == "controls_missing"
    engine.close()


@pytest.mark.shared_data
def test_assess_never_falls_back_to_a_weaker_outcome(tmp_path: Path, shared_examples: Path) -> None:
    empty = tmp_path / "controls"
    empty.mkdir()
    res = run_cli(
        tmp_path,
        "assess",
        str(shared_examples / "roundtop-spindle-repair.yaml"),
        env={"EXPORTCTL_CONTROLS_DIR": str(empty)},
    )
    assert res.exit_code == 1
    assert "[controls_missing]" in res.output and "exportctl controls update" in res.output


@pytest.mark.shared_data
def test_classify_names_the_data_versions(tmp_path: Path, shared_examples: Path) -> None:
    out = run_json(tmp_path, "classify", str(shared_examples / "dmc-3000-5axis.yaml"))
    versions = out["data_versions"]
    assert versions["controls"] == {"us-ccl": bundled()["us-ccl"].version}
    assert versions["rules"] == out["rules_version"]
    # After an update from a folder, the stored version is the one named.
    folder = tmp_path / "src" / "us"
    folder.mkdir(parents=True)
    meta = json.loads((shared_examples.parent / "data/controls/us/seelpeed-ccl.json").read_text())
    meta["entries"] = meta["entries"][:50]
    (folder / "seelpeed-ccl.json").write_text(json.dumps(meta))
    run_json(tmp_path, "controls", "update", "--from", str(folder.parent))
    again = run_json(tmp_path, "classify", str(shared_examples / "dmc-3000-5axis.yaml"))
    assert again["data_versions"]["controls"]["us-ccl"] != versions["controls"]["us-ccl"]


def test_controls_status_and_diff_json(tmp_path: Path) -> None:
    from tests.controls.helpers import FIXTURES

    shipped = run_json(tmp_path, "controls", "status")
    assert [r["dataset"] for r in shipped] == list(US_DATASETS)
    for row in shipped:
        assert set(row) >= {"dataset", "version", "issued", "source", "loaded_at"}
        assert row["loaded_at"] is None and row["issued"] == "2026-07-23"
    run_json(tmp_path, "controls", "update", "--from", str(FIXTURES))
    loaded = {r["dataset"]: r for r in run_json(tmp_path, "controls", "status")}
    chart = loaded["us-country-chart"]
    assert chart["loaded_at"] and chart["source"].endswith("ecfr/part-738.xml")
    assert chart["version"] != bundled()["us-country-chart"].version
    # The first stored version is compared with the shipped snapshot it replaces.
    diff = run_json(tmp_path, "controls", "diff", "us-country-chart")
    assert diff["from_version"] == bundled()["us-country-chart"].version
    assert "Germany | NS 1" not in diff["removed"] and "France | NS 1" in diff["removed"]
    assert diff["added"] == []
    groups = run_json(tmp_path, "controls", "diff", "us-country-groups")
    changed = {c["key"]: c["detail"] for c in groups["changed"]}
    assert changed["E:1"].startswith("-")  # members only removed in the excerpt
    bad = run_cli(tmp_path, "controls", "diff", "no-such")
    assert bad.exit_code == 1 and "[dataset_not_found]" in bad.output
    bad = run_cli(tmp_path, "controls", "update", "--from", str(FIXTURES), "-d", "no-such")
    assert bad.exit_code == 1 and "[dataset_not_found]" in bad.output


def test_the_controls_migration_is_the_single_head() -> None:
    """i11_controls chains after main's last migration: one head, reached from every base."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from exportctl.store import database

    cfg = Config()
    cfg.set_main_option("script_location", str(database._MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1  # later migrations (i15_credentials) chain after it
    assert script.get_revision("i11_controls").down_revision == "i14_cases"
    assert "i11_controls" in {r.revision for r in script.walk_revisions()}


def test_recorded_provenance_names_the_control_data(tmp_path: Path) -> None:
    engine = Engine(Settings.for_home(tmp_path))
    try:
        prov = engine.recording.provenance(determination=True)
        for name in US_DATASETS:
            found = engine.controls.find(name)
            assert found is not None and prov.controls[name] == found.version
        assert "us-ccl" not in engine.recording.provenance().controls  # screening: none used
    finally:
        engine.close()


def test_status_warns_of_a_dataset_loaded_nowhere(tmp_path: Path) -> None:
    from tests.controls.helpers import WASSENAAR_PAGES

    home = tmp_path / "home"
    fresh = run_cli(home, "controls", "status")
    assert fresh.exit_code == 0, fresh.output
    assert "warning: wassenaar: not loaded; run `exportctl controls update`" in fresh.stderr
    assert "us-ccl" not in fresh.stderr  # the shipped snapshot serves the US datasets
    folder = tmp_path / "controls" / "wassenaar"
    folder.mkdir(parents=True)
    (folder / "list.txt").write_text(
        "".join(
            f"<<<PAGE {n}>>>\n" + "\n".join(lines) + "\n"
            for n, lines in enumerate(WASSENAAR_PAGES, 1)
        )
    )
    done = run_cli(home, "controls", "update", "--from", str(folder.parent))
    assert done.exit_code == 0, done.output
    assert "warning" not in run_cli(home, "controls", "status").stderr
