"""Changes the engine records itself (list loads, intake) are recorded as the ``actor`` each
call names, not as a per-engine attribute: one engine serves many users at once (HTTP API)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from exportctl import Engine, Forbidden, Settings, read_alert, read_list_files

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    e = Engine(Settings.for_home(tmp_path / "home"))
    e.users.bootstrap("admin")
    e.users.add("admin", "ana", "analyst")
    e.users.add("admin", "bo", "analyst")
    e.users.add("admin", "vic", "viewer")
    return e


def test_concurrent_loads_are_recorded_as_their_callers(engine: Engine) -> None:
    engine.actor = "admin"  # a default that an explicit actor must override
    jobs = {"ana": "ofac_sdn", "bo": "un"}
    errors: list[BaseException] = []

    def load(actor: str, fixture: str) -> None:
        try:
            engine.lists.load(read_list_files(FIXTURES / "lists" / fixture), actor=actor)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=load, args=job) for job in jobs.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    loaded = {e.object: e.actor for e in engine.audit.events("admin") if e.action == "list.loaded"}
    assert loaded == {"ofac-sdn": "ana", "un": "bo"}
    engine.close()


def test_intake_records_its_actor_and_refuses_a_viewer_before_storing(engine: Engine) -> None:
    engine.lists.load(read_list_files(FIXTURES / "lists" / "ofac_sdn"), actor="admin")
    doc = read_alert(FIXTURES / "alerts" / "cable_carbon_fibre.txt")
    with pytest.raises(Forbidden) as refused:
        engine.intake.intake(doc.document, open_case=True, sha256=doc.sha256, actor="vic")
    assert refused.value.code == "role_required"
    assert engine.intake.records() == []
    alert = engine.intake.intake(doc.document, open_case=True, sha256=doc.sha256, actor="ana")
    assert alert.case_id is not None
    assert engine.cases.get("admin", alert.case_id).created_by == "ana"
    watch = [e for e in engine.audit.events("admin") if e.action == "watchlist.updated"]
    assert watch and {e.actor for e in watch} == {"ana"}
    engine.close()
