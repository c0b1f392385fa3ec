"""Tampering with the audit table directly: the triggers refuse it, and where someone gets
past them (a raw connection with the triggers off), `verify` names the first bad event."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from exportctl.cases import verify_chain
from exportctl.model.audit import EventDraft, seal
from exportctl.model.case import Provenance, RecordedResult
from exportctl.store.casestore import SqlCaseStore


def _fill(url: str, n: int = 6) -> SqlCaseStore:
    store = SqlCaseStore(url)
    for i in range(n):
        store.append_events(
            [EventDraft(actor="ana", action="case.commented", object=f"C-{i}", payload={"i": i})]
        )
    return store


def _raw(url: str, statements: Sequence[str], params: Sequence[dict[str, object]] = ()) -> None:
    """Run SQL with the append-only triggers bypassed."""
    if url.startswith("sqlite:///"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        con.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        con.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
        for i, sql in enumerate(statements):
            con.execute(sql, params[i] if i < len(params) else {})
        con.commit()
        con.close()
        return
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for i, sql in enumerate(statements):
            if i < len(params) and params[i]:
                conn.execute(sa.text(sql), params[i])
            else:
                conn.exec_driver_sql(sql)
    engine.dispose()


def test_the_store_refuses_update_and_delete(sql_url: str) -> None:
    store = _fill(sql_url, 1)
    result = RecordedResult(
        id="R-1",
        kind="screening",
        subject="Acme",
        created_at=datetime.now(UTC),
        created_by="ana",
        provenance=Provenance(exportctl_version="0"),
        data={},
    )
    store.save_result(result, [EventDraft(actor="ana", action="screening.recorded", object="R-1")])
    for sql in (
        "UPDATE audit_events SET actor = 'eve' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 2",
        "UPDATE recorded_results SET data = '{}'",
        "DELETE FROM recorded_results",
    ):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(sa.text(sql))
    assert [e.seq for e in store.events()] == [1, 2]
    assert verify_chain(store.events()).ok
    assert store.get_result("R-1") == result
    store.close()


@pytest.mark.parametrize(
    ("statements", "bad"),
    [
        (["UPDATE audit_events SET payload = '{\"i\":99}' WHERE seq = 3"], 3),
        (["UPDATE audit_events SET actor = 'eve' WHERE seq = 2"], 2),
        (["DELETE FROM audit_events WHERE seq = 3"], 3),
        (
            [  # swap the contents of events 3 and 4, keeping their numbers
                "UPDATE audit_events SET seq = -3 WHERE seq = 3",
                "UPDATE audit_events SET seq = 3 WHERE seq = 4",
                "UPDATE audit_events SET seq = 4 WHERE seq = -3",
            ],
            3,
        ),
    ],
    ids=["edit-payload", "edit-actor", "delete", "swap"],
)
def test_verify_names_the_first_bad_event(sql_url: str, statements: list[str], bad: int) -> None:
    store = _fill(sql_url)
    assert verify_chain(store.events()).ok
    _raw(sql_url, statements)
    report = verify_chain(store.events())
    assert not report.ok
    assert report.first_bad_seq == bad, report.problem
    store.close()


def test_an_inserted_event_is_caught_where_the_old_ones_were_renumbered(sql_url: str) -> None:
    store = _fill(sql_url)
    events = list(store.events())
    forged = seal(
        EventDraft(actor="eve", action="proposal.approved", object="C-9"),
        seq=4,
        at=datetime.now(UTC),
        prev_hash=events[2].hash,  # the forger computes a correct link for the insert itself
    )
    shift = ["UPDATE audit_events SET seq = seq + 100 WHERE seq >= 4"]
    shift += [
        f"UPDATE audit_events SET seq = {s - 100 + 1} WHERE seq = {s}" for s in (104, 105, 106)
    ]
    row = forged.model_dump()
    insert = (
        "INSERT INTO audit_events (seq, at, actor, action, object, reason, payload, payload_hash,"
        " prev_hash, hash) VALUES (:seq, :at, :actor, :action, :object, :reason, :payload,"
        " :payload_hash, :prev_hash, :hash)"
    )
    _raw(sql_url, [*shift, insert], [{}] * len(shift) + [row])
    report = verify_chain(store.events())
    assert not report.ok and report.first_bad_seq == 5, report.problem
    store.close()


def test_a_cut_tail_is_caught_with_the_anchor(sql_url: str) -> None:
    store = _fill(sql_url)
    head = store.head()
    assert head is not None and head.seq == 6
    _raw(sql_url, ["DELETE FROM audit_events WHERE seq > 4"])
    assert verify_chain(store.events()).ok  # without an anchor a cut tail is invisible
    report = verify_chain(store.events(), anchor=head.hash)
    assert not report.ok and report.first_bad_seq == 5, report.problem
    assert "cut" in (report.problem or "")
    # an anchor taken earlier still verifies a chain that grew since
    store.append_events([EventDraft(actor="ana", action="x", object="y")])
    early = list(store.events())[1].hash
    assert verify_chain(store.events(), anchor=early).ok
    store.close()
