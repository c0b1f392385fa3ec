"""`controls update` against a loopback server serving the official files, and its faults."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.errors import InvalidInput, NotFound
from exportctl.files import read_control_data
from tests.cli.helpers import run_cli, run_json
from tests.controls.helpers import FIXTURES, WASSENAAR_PAGES, Route, serve, text_pdf

ISSUE = "2026-07-23"
PDF = text_pdf(WASSENAAR_PAGES)


def _routes(**overrides: Route) -> dict[str, Route]:
    routes = {
        "/api/versioner/v1/titles.json": Route(
            json.dumps({"titles": [{"number": 15, "latest_issue_date": ISSUE}]}).encode()
        ),
        "/wa.pdf": Route(PDF),
    }
    for part in ("738", "740", "774"):
        body = (FIXTURES / "ecfr" / f"part-{part}.xml").read_bytes()
        routes[f"/api/versioner/v1/full/{ISSUE}/title-15.xml?part={part}"] = Route(body)
    for key, route in overrides.items():
        path = next(p for p in routes if p.endswith(key) or key in p)
        routes[path] = route
    return routes


def _settings(home: Path, base: str) -> Settings:
    return Settings.for_home(home).with_(
        ecfr_url=base,
        wassenaar_url=f"{base}/wa.pdf",
        wassenaar_sha256=hashlib.sha256(PDF).hexdigest(),
        http_retries=1,
        http_timeout=5.0,
    )


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = Engine(Settings.for_home(tmp_path))
    yield eng
    eng.close()


def _update(engine: Engine, routes: dict[str, Route]) -> dict[str, dict[str, object]]:
    with serve(routes) as (base, _):
        # Only the control data service fetches: point it at the loopback server.
        engine.controls.settings = _settings(engine.settings.home, base)
        report = engine.controls.update()
    return {o.dataset: o.as_dict() for o in report.outcomes}


def _active(engine: Engine) -> dict[str, str]:
    return {v.dataset: v.version for v in engine.controls.status() if v.loaded_at}


def test_update_from_the_official_sources(engine: Engine) -> None:
    out = _update(engine, _routes())
    assert {k: (v["created"], v["error"]) for k, v in out.items()} == {
        d: (True, None) for d in ("us-ccl", "us-country-chart", "us-country-groups", "wassenaar")
    }
    assert out["us-ccl"]["issued"] == ISSUE
    assert out["wassenaar"]["issued"] == "2026-01-15"
    # The catalogue and the US lookups now come from the store, whatever the current folder.
    catalogue = engine.classification.catalogue()
    assert catalogue.get("2B001").wassenaar_code == "2.B.1"
    assert catalogue.warnings == []
    us = engine.controls.us_controls()
    assert us.lookup("2B001", (), "CN").marked == ("NS 2", "NP 1")
    assert us.lookup("2B001", (), "DE").marked == ()
    assert us.lookup("2B001", (), "IR").embargoed
    assert "CN" in us.groups["D:1"] and "TW" in us.groups["A:6"]
    # Loading the same files again stores nothing new.
    again = _update(engine, _routes())
    assert not any(v["created"] for v in again.values())


def _changed_groups() -> bytes:
    xml = (FIXTURES / "ecfr" / "part-740.xml").read_text()
    return xml.replace("<LI>Taiwan</LI>", "").encode()


@pytest.mark.parametrize(
    ("fault", "failed", "message", "code"),
    [
        ({"part=774": Route(status=500)}, "us-ccl", "HTTP 500", "download_failed"),
        (
            {"part=738": Route((FIXTURES / "ecfr/part-738.xml").read_bytes(), truncate_to=900)},
            "us-country-chart",
            "truncated",
            "download_failed",
        ),
        (
            {"/wa.pdf": Route(PDF.replace(b"Tilting", b"Rotating"))},
            "wassenaar",
            "SHA-256",
            "controls_checksum",
        ),
        (
            {
                "part=738": Route(
                    (FIXTURES / "ecfr/part-738.xml")
                    .read_text()
                    .replace("<TH>AT 2</TH>", "<TH>AT 2</TH><TH>XX 1</TH>")
                    .encode()
                )
            },
            "us-country-chart",
            "column layout changed",
            "controls_layout_changed",
        ),
    ],
    ids=["http-500", "truncated", "wrong-sha256", "changed-columns"],
)
def test_a_failed_update_keeps_the_previous_versions(
    engine: Engine, fault: dict[str, Route], failed: str, message: str, code: str
) -> None:
    _update(engine, _routes())
    before = _active(engine)
    # Country Group B changes in the same run: it must not be stored when another US part fails.
    out = _update(engine, _routes(**{"part=740": Route(_changed_groups())}, **fault))
    assert out[failed]["error"] is not None
    assert message in str(out[failed]["error"]), out[failed]
    assert "previous version stays active" in str(out[failed]["error"])
    assert out[failed]["code"] == code
    assert out[failed]["version"] == before[failed]
    after = _active(engine)
    assert after[failed] == before[failed]
    if failed == "wassenaar":
        assert after["us-country-groups"] != before["us-country-groups"]  # US loaded on its own
    else:  # the US datasets are stored together or not at all
        for dataset in ("us-ccl", "us-country-chart", "us-country-groups"):
            assert out[dataset]["error"] is not None
            assert after[dataset] == before[dataset]
        assert "TW" in engine.controls.us_controls().groups["B"]


def test_cli_update_failure_says_what_failed(tmp_path: Path) -> None:
    with serve(_routes(**{"/wa.pdf": Route(status=500)})) as (base, hits):
        res = run_cli(
            tmp_path,
            "controls",
            "update",
            "--format",
            "json",
            env={
                "EXPORTCTL_ECFR_URL": base,
                "EXPORTCTL_WASSENAAR_URL": f"{base}/wa.pdf",
                "EXPORTCTL_HTTP_RETRIES": "0",
            },
        )
    assert res.exit_code == 1
    # One line per failed dataset, its code last as on every other command (docs/errors.md).
    [line] = [ln for ln in res.stderr.splitlines() if ln.startswith("error: wassenaar: ")]
    assert line.startswith(f"error: wassenaar: {base}/wa.pdf: download failed (HTTP 500)")
    assert line.endswith("[download_failed]")
    rows = {r["dataset"]: r for r in json.loads(res.stdout)}
    assert rows["us-ccl"]["created"] is True and rows["wassenaar"]["version"] is None
    assert any("title-15.xml?part=774" in h for h in hits)


def test_truncated_xml_in_a_folder_names_file_and_line(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "src" / "ecfr"
    folder.mkdir(parents=True)
    xml = (FIXTURES / "ecfr" / "part-738.xml").read_text()
    (folder / "part-738.xml").write_text(xml[: len(xml) // 2])
    with pytest.raises(InvalidInput, match=r"part-738\.xml:\d+: not well-formed XML") as err:
        engine.controls.update(data=read_control_data(folder.parent))
    assert err.value.code == "controls_invalid"
    assert engine.controls.status()[0].loaded_at is None  # nothing stored


def test_as_of_picks_the_version_in_force(tmp_path: Path, engine: Engine) -> None:
    older = tmp_path / "older" / "ecfr"
    older.mkdir(parents=True)
    xml = (FIXTURES / "ecfr" / "part-738.xml").read_text()
    # An earlier issue in which Germany was also marked NS 2.
    xml = xml.replace("Jul. 23, 2026", "Jan. 5, 2026").replace(
        "<TR><TD>Germany</TD><TD>X</TD><TD/><TD/><TD/><TD/><TD>X</TD><TD/>",
        "<TR><TD>Germany</TD><TD>X</TD><TD/><TD/><TD/><TD/><TD>X</TD><TD>X</TD>",
    )
    (older / "part-738.xml").write_text(xml)
    engine.controls.update(data=read_control_data(older.parent))
    engine.controls.update(data=read_control_data(FIXTURES))
    cd = engine.controls
    jan = cd.find("us-country-chart", as_of=date(2026, 3, 1))
    jul = cd.find("us-country-chart", as_of=date(2026, 8, 1))
    assert jan is not None and jul is not None
    assert (jan.issued, jul.issued) == (date(2026, 1, 5), date(2026, 7, 23))
    assert "NS 2" in jan.payload["countries"]["Germany"]
    assert "NS 2" not in jul.payload["countries"]["Germany"]
    current = cd.find("us-country-chart")
    assert current is not None and current.version == jul.version
    # Before any stored issue and before the shipped snapshot: an error naming the fix.
    with pytest.raises(NotFound, match=r"exportctl controls update") as err:
        cd.require("us-country-chart", as_of=date(2020, 1, 1))
    assert err.value.code == "controls_missing"
    diff = cd.diff("us-country-chart")
    assert diff.removed == ["Germany | NS 2"] and diff.added == []


def test_new_control_data_versions_are_audit_events(tmp_path: Path) -> None:
    """Determinations rest on the control data: each new stored version is a hash-chained
    event with its acting user; storing the same content again records nothing."""
    home = tmp_path / "home"
    for _ in range(2):
        res = run_cli(home, "controls", "update", "--from", str(FIXTURES))
        assert res.exit_code == 0, res.output
    users = run_json(home, "users", "list")
    events = [e for e in run_json(home, "audit", "log") if e["action"] == "controls.loaded"]
    status = {r["dataset"]: r["version"] for r in run_json(home, "controls", "status")}
    assert [(e["object"], e["payload"]["version"]) for e in events] == [
        (d, status[d]) for d in ("us-ccl", "us-country-chart", "us-country-groups")
    ]
    assert {e["actor"] for e in events} == {users[0]["name"]}
    assert all(e["payload"]["issued"] == ISSUE for e in events)
    assert run_cli(home, "audit", "verify").exit_code == 0
