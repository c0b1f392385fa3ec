"""Loading, versioning, diff and failure safety of lists through the CLI and the Engine."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli, run_json


def test_load_status_json_contract(tmp_path: Path, shared_lists: Path) -> None:
    res = run_cli(tmp_path, "lists", "load", str(shared_lists / "bis_dpl"))
    assert res.exit_code == 0, res.output
    rows = run_json(tmp_path, "lists", "status")
    [row] = rows
    for key in ("source", "version", "published", "entries", "names", "loaded_at", "active"):
        assert key in row
    assert row["source"] == "bis-dpl" and row["active"] is True
    assert row["entries"] > 500


def test_identical_reload_is_a_noop(tmp_path: Path, shared_lists: Path) -> None:
    first = run_json(tmp_path, "lists", "load", str(shared_lists / "ofac_cons_2025-12"))
    again = run_json(tmp_path, "lists", "load", str(shared_lists / "ofac_cons_2025-12"))
    assert first["created"] is True and again["created"] is False
    assert first["version"] == again["version"]
    assert len(run_json(tmp_path, "lists", "status", "--all-versions")) == 1


def test_diff_between_ofac_editions(tmp_path: Path, shared_lists: Path) -> None:
    old = run_json(tmp_path, "lists", "load", str(shared_lists / "ofac_sdn_matched_2021-07"))
    # The 2024 folder holds sdn.csv without its address and alias files: the shrink guard
    # refuses it until the loss is accepted, and the version records what was accepted.
    refused = run_cli(tmp_path, "lists", "load", str(shared_lists / "ofac_sdn_csv_2024-05-03"))
    assert refused.exit_code == 1 and "[list_shrink]" in refused.output
    new = run_json(
        tmp_path, "lists", "load", str(shared_lists / "ofac_sdn_csv_2024-05-03"), "--accept-shrink"
    )
    assert "addresses is gone" in new["accepted_shrink"]
    assert old["source"] == new["source"] == "ofac-sdn"
    d = run_json(tmp_path, "lists", "diff", "ofac-sdn")
    assert (d["from_version"], d["to_version"]) == (old["version"], new["version"])
    added = {c["entity_id"] for c in d["added"]}
    removed = {c["entity_id"] for c in d["removed"]}
    changed = {c["entity_id"] for c in d["changed"]}
    # Every id of the new edition is either added or was already there; sizes must add up.
    assert new["entries"] == old["entries"] + len(added) - len(removed)
    assert "ofac-sdn:48907" in added  # highest ent_num of the 2024 file, absent in 2021
    assert not added & removed and not added & changed
    # The old version stays queryable: the explicit --from/--to diff reads both back.
    d2 = run_json(
        tmp_path, "lists", "diff", "ofac-sdn", "--from", new["version"], "--to", old["version"]
    )
    assert {c["entity_id"] for c in d2["removed"]} == added


def _status(home: Path) -> list[dict[str, object]]:
    return run_json(home, "lists", "status")  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("dpl.txt", b"", "empty"),
        ("dpl.txt", b"Name\tStreet_Address\n\xff\xfe\x00bad", "dpl.txt"),
        (
            "consolidated.xml",
            b"<?xml version='1.0'?><CONSOLIDATED_LIST><INDIVIDUALS><INDIV",
            "consolidated.xml",
        ),
        (
            "consolidated.xml",
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]><CONSOLIDATED_LIST>&c;</CONSOLIDATED_LIST>',
            "consolidated.xml",
        ),
    ],
)
def test_bad_file_exits_1_naming_file_and_keeps_active_version(
    tmp_path: Path, shared_lists: Path, name: str, content: bytes, expected: str
) -> None:
    home = tmp_path / "home"
    assert run_cli(home, "lists", "load", str(shared_lists / "bis_dpl")).exit_code == 0
    assert run_cli(home, "lists", "load", str(shared_lists / "un")).exit_code == 0
    before = _status(home)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / name).write_bytes(content)
    source = "un" if name.endswith(".xml") else "bis-dpl"
    res = run_cli(home, "lists", "load", str(bad / name), "--source", source)
    assert res.exit_code == 1
    assert expected in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert _status(home) == before


def test_unknown_format_is_a_user_error(tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("hello world\n")
    res = run_cli(tmp_path, "lists", "load", str(f))
    assert res.exit_code == 1
    assert "notes.txt" in res.stderr and "not a known list format" in res.stderr


def test_update_from_mirror_folder_loads_every_source(tmp_path: Path, shared_lists: Path) -> None:
    # The staged 2023 CSL file is cut off inside its last record: strict loading refuses it
    # (exit 1, named), while every other source still loads.
    res = run_cli(tmp_path, "lists", "update", "--from", str(shared_lists), "--format", "json")
    assert res.exit_code == 1
    assert "csl" in res.stderr and "truncated" in res.stderr
    strict = {r["source"]: r["status"] for r in json.loads(res.stdout)}
    assert strict.pop("csl") == "error"
    assert set(strict.values()) == {"loaded"}
    # --allow-partial drops the cut-off record with a warning and loads the rest.
    rows = run_json(tmp_path, "lists", "update", "--from", str(shared_lists), "--allow-partial")
    status = {r["source"]: r for r in rows}
    assert {"ofac-sdn", "ofac-cons", "un", "csl", "bis-dpl", "uk"} <= set(status)
    assert status["csl"]["status"] == "loaded"
    assert any("truncated" in w for w in status["csl"]["warnings"])
    # The most complete edition is chosen per source: the 2024 SDN file, the 2018 UK list.
    assert any("2024-05-03" in f for f in status["ofac-sdn"]["files"])
    assert any("2018-04-13" in f for f in status["uk"]["files"])
    again = run_json(tmp_path, "lists", "update", "--from", str(shared_lists), "--allow-partial")
    assert all(r["status"] == "unchanged" for r in again)


def test_sigkill_during_load_leaves_old_version_active(tmp_path: Path, shared_lists: Path) -> None:
    """Kill the loader at several points of a large load; the store must hold the old version."""
    home = tmp_path / "home"
    old = run_json(home, "lists", "load", str(shared_lists / "ofac_sdn_matched_2021-07"))
    env = {**os.environ, "EXPORTCTL_HOME": str(home), "EXPORTCTL_DATABASE_URL": ""}
    cmd = [
        sys.executable,
        "-c",
        "from exportctl.cli import main; main()",
        "lists",
        "load",
        str(shared_lists / "ofac_sdn_csv_2024-05-03"),
    ]
    # What a complete load of the new file gives, loaded into a home of its own.
    complete = run_json(tmp_path / "other", "lists", "load", cmd[-1])
    killed = rolled_back = 0
    for delay in (0.8, 1.6, 2.4, 3.2):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        versions = run_json(home, "lists", "status", "--all-versions")
        active = [v for v in versions if v["active"]]
        assert len(active) == 1
        if proc.returncode == -signal.SIGKILL:
            # Killed before its commit: the old version, alone. Killed after it (the process
            # still had work to do): the new version, whole. Never anything in between.
            if active[0]["version"] == old["version"]:
                assert active[0]["entries"] == old["entries"]
                assert len(versions) == 1
                rolled_back += 1
            else:
                assert active[0]["entries"] == complete["entries"]
    assert killed >= 1, "the load always finished before the kill; the test proved nothing"
    assert rolled_back >= 1, "no kill landed before the commit; the test proved nothing"


def test_update_over_http_with_retries_and_failure_keeps_old(
    tmp_path: Path, fixtures: Path, shared_lists: Path
) -> None:
    from tests.lists.http_mirror import serve_folder

    mirror = tmp_path / "mirror" / "bis-dpl"
    mirror.mkdir(parents=True)
    shutil.copy(shared_lists / "bis_dpl" / "dpl.txt", mirror / "dpl.txt")
    home = tmp_path / "home"
    with serve_folder(tmp_path / "mirror", fail_first={"/bis-dpl/dpl.txt": 1}) as url:
        env = {
            "EXPORTCTL_MIRROR_URL": url,
            "EXPORTCTL_HTTP_RETRIES": "2",
            "EXPORTCTL_HTTP_TIMEOUT": "5",
        }
        res = run_cli(home, "lists", "update", "--source", "bis-dpl", "--format", "json", env=env)
        assert res.exit_code == 0, res.output
        [row] = json.loads(res.stdout)
        assert row["status"] == "loaded" and row["entries"] > 500
        # Now the mirror serves a corrupt file: the update fails, the old version stays.
        (mirror / "dpl.txt").write_bytes(b"")
        res = run_cli(home, "lists", "update", "--source", "bis-dpl", "--format", "json", env=env)
        assert res.exit_code == 1
        assert "bis-dpl" in res.stderr
        status = run_json(home, "lists", "status")
        assert status[0]["version"] == row["version"]
        # A server that keeps failing: reported after the retries, nothing changes.
        (mirror / "dpl.txt").unlink()
        res = run_cli(home, "lists", "update", "--source", "bis-dpl", env=env)
        assert res.exit_code == 1 and "404" in res.stderr
        assert run_json(home, "lists", "status")[0]["version"] == row["version"]
