"""The seed cable (09STATE124113) is extracted exactly as the acceptance story says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exportctl.intake import intake_file
from exportctl.model.alert import Alert


@pytest.fixture(scope="module")
def seed_alert(shared: Path) -> Alert:
    return intake_file(shared / "seed" / "000_91099075322b9750.txt")


def test_header(seed_alert: Alert) -> None:
    doc = seed_alert.document
    assert doc.id == "09STATE124113"
    assert doc.date == dt.date(2009, 12, 3)  # as written, although 00:00 +0100 is Dec 2 UTC
    assert doc.classification == "SECRET"
    assert doc.from_ == "SECSTATE WASHDC"
    assert doc.to == ["AIT TAIPEI"]
    # The INFO line has a precedence word, the spaced banner and the serial glued on.
    assert doc.info == ["MISSILE TECHNOLOGY CONTROL REGIME COLLECTIVE"]
    assert doc.tags == ["PARM", "MTCRE", "PREL", "TW", "IR"]
    assert doc.subject == "IRAN SEEKING MACHINE TOOL ASSISTANCE FROM TAIWANS ROUNDTOP"
    assert doc.decl_date == dt.date(2034, 12, 3)
    assert doc.paragraphs == 5
    assert doc.precedence == "PRIORITY"
    assert doc.date_time_group == dt.datetime(2009, 12, 3, 21, 27, tzinfo=dt.UTC)
    assert doc.classified_by == "ISN/MTR DIRECTOR PAM DURHAM"
    assert doc.classification_reasons == "1.4 (B), (C) AND (D)"
    assert doc.format == "cable"


def test_all_thirteen_references_canonical(seed_alert: Alert) -> None:
    # References without a year take the cable's own (09); "AND PREVIOUS" is not a reference.
    assert seed_alert.document.references == [
        "09AITTAIPEI001102",
        "09STATE034030",
        "09AITTAIPEI000226",
        "08STATE066110",
        "08TAIWAN001374",
        "07STATE149633",
        "07AITTAIPEI002433",
        "07STATE116891",
        "07AITTAIPEI000270",
        "07STATE012361",
        "06AITTAIPEI002925",
        "06AITTAIPEI001787",
        "06STATE079175",
    ]


def test_parties_exactly_the_two_of_concern(seed_alert: Alert) -> None:
    parties = {p.name: p for p in seed_alert.parties}
    assert set(parties) == {"Roundtop Machinery Industries Company", "Machine Sazi Tabriz"}
    roundtop = parties["Roundtop Machinery Industries Company"]
    assert (roundtop.country, roundtop.role) == ("TW", "exporter")
    assert "Roundtop" in roundtop.aliases  # "Roundtop" alone is the same firm
    mst = parties["Machine Sazi Tabriz"]
    assert (mst.country, mst.role) == ("IR", "end_user")
    assert "requester" in mst.roles  # a requesting end user
    assert all(p.schema_ == "Organization" and p.matches == [] for p in parties.values())
    assert all(p.evidence for p in parties.values())


def test_authorities_are_not_parties(seed_alert: Alert) -> None:
    assert seed_alert.authorities == [
        "AIT Taipei",
        "Ministry of Justice",
        "Investigations Bureau",
        "TECRO",
    ]


def test_item(seed_alert: Alert) -> None:
    assert len(seed_alert.items) == 1
    item = seed_alert.items[0]
    assert item.description == "DMC-3000 double-column machining center"
    assert item.model == "DMC-3000"
    assert item.type == "double-column machining center"
    assert item.parameters == {
        "spindle.max_speed": "20000 rpm",
        "axes.simultaneous_contouring": 5,
    }
    assert item.parts == ["spindle"]
    assert item.regimes == ["wassenaar"]
    # The parameters read as an item spec for `exportctl classify`.
    assert item.as_item_spec()["spindle"] == {"max_speed": "20000 rpm"}
    assert item.as_item_spec()["axes"] == {"simultaneous_contouring": 5}


def test_facts(seed_alert: Alert) -> None:
    assert seed_alert.countries == ["IR", "TW", "US"]
    assert seed_alert.regimes == ["wassenaar"]
    assert set(seed_alert.services) == {"technicians", "repair", "replacement parts"}
    assert seed_alert.end_use_concerns == ["nuclear", "missile"]
    assert [d.value for d in seed_alert.dates] == ["2009-02", "2009-09", "2009-10", "2006"]
    assert seed_alert.partial is False
    assert seed_alert.warnings == []
    assert seed_alert.case_id is None


def test_contract_json_shape(seed_alert: Alert) -> None:
    data = seed_alert.model_dump(mode="json")
    assert {"document", "parties", "items", "countries", "services", "case_id"} <= set(data)
    assert {
        "id", "date", "classification", "from", "to", "info", "tags", "subject", "references",
        "paragraphs",
    } <= set(data["document"])  # fmt: skip
    assert data["document"]["from"] == "SECSTATE WASHDC"
    assert data["document"]["date"] == "2009-12-03"
    assert {"name", "country", "role", "matches"} <= set(data["parties"][0])
    assert {"description", "model", "parameters"} <= set(data["items"][0])
    assert Alert.model_validate(data) == seed_alert  # the JSON reads back
