"""Watch-list keys of alert parties (issue 12, failure 10): stable, and distinct for
distinct names in any script, so two non-Latin parties never overwrite each other."""

from __future__ import annotations

from exportctl.intake.watch import ALERTS_WATCHLIST, watch_entries, watch_key
from exportctl.model.alert import Alert, AlertRole, DocumentHeader, ExtractedParty


def test_latin_names_keep_their_readable_key() -> None:
    assert watch_key("Machine Sazi Tabriz") == "machine-sazi-tabriz"
    assert watch_key("  MACHINE  SAZI TABRIZ ") == "machine-sazi-tabriz"
    assert watch_key("Société Générale d'Études") == "societe-generale-d-etudes"


def test_non_latin_names_get_distinct_stable_keys() -> None:
    names = ["ماشین سازی تبریز", "شرکت صنایع", "Машиностроительный завод", "北京机床厂", "!!!"]
    keys = [watch_key(n) for n in names]
    assert len(set(keys)) == len(keys)
    assert all(k != "party" and k for k in keys)
    assert keys == [watch_key(n) for n in names]  # stable from one run to the next
    # a mixed name keeps its Latin part readable and still differs from the Latin-only name
    assert watch_key("Sazi ماشین").startswith("sazi-")
    assert watch_key("Sazi ماشین") != watch_key("Sazi")


def test_two_non_latin_parties_of_one_alert_are_two_entries() -> None:
    alert = Alert(
        document=DocumentHeader(id="DOC-1"),
        parties=[
            ExtractedParty(name="ماشین سازی تبریز", country="IR", role=AlertRole.END_USER),
            ExtractedParty(name="شرکت صنایع", country="IR", role=AlertRole.PURCHASER),
            ExtractedParty(name="Roundtop", country="TW", role=AlertRole.EXPORTER),
        ],
    )
    entries = watch_entries(alert, "A-2026-00001", {})
    assert entries is not None
    assert [e.name for e in entries] == ["ماشین سازی تبریز", "شرکت صنایع"]  # not the exporter
    assert len({e.entity_id for e in entries}) == 2
    assert all(e.source == ALERTS_WATCHLIST for e in entries)
    # a second alert naming the first party again updates the same entry
    again = watch_entries(
        alert.model_copy(update={"parties": alert.parties[:1]}),
        "A-2",
        {e.entity_id: e for e in entries},
    )
    assert again is not None and len(again) == 2
