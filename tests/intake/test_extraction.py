"""Extraction rules, one behaviour per test, on the smallest text that shows it."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.errors import InvalidInput
from exportctl.intake import extract_alert, parse_document
from exportctl.intake.countries import find_countries, tag_country
from exportctl.intake.dates import find_dates
from exportctl.intake.facts import concerns_in, regimes_in, services_in
from exportctl.model.alert import Alert, GazetteerHit


def extract(text: str, gazetteer: object = None) -> Alert:
    doc = parse_document(text.encode("utf-8"), "t.txt", format="notice")
    return extract_alert(doc, gazetteer)  # type: ignore[arg-type]


def names(alert: Alert) -> dict[str, tuple[str | None, str | None]]:
    return {p.name: (p.country, p.role) for p in alert.parties}


# --- parties -----------------------------------------------------------------------------------


def test_possessive_without_apostrophe_gives_the_country() -> None:
    alert = extract("Last year Irans Machine Sazi Tabriz requested a quote.\n")
    assert names(alert) == {"Machine Sazi Tabriz": ("IR", "requester")}


def test_legal_form_and_short_name_coreference() -> None:
    alert = extract(
        "Exports by Roundtop Machinery Industries Company worried us. "
        "Roundtop later supplied a lathe to Pars Tooling Co. of Tehran.\n"
    )
    parties = {p.name: p for p in alert.parties}
    assert set(parties) == {"Roundtop Machinery Industries Company", "Pars Tooling Co."}
    assert parties["Roundtop Machinery Industries Company"].aliases == ["Roundtop"]
    assert parties["Roundtop Machinery Industries Company"].mentions == 2
    assert parties["Pars Tooling Co."].country == "IR"  # "of Tehran"
    assert parties["Pars Tooling Co."].role == "end_user"


def test_two_firms_joined_by_and_are_two_parties() -> None:
    alert = extract("Koehler GmbH and Dalian Sunrise Co., Ltd. signed a contract.\n")
    assert set(names(alert)) == {"Koehler GmbH", "Dalian Sunrise Co., Ltd."}


def test_acronym_in_brackets_is_an_alias() -> None:
    alert = extract(
        "The goods are destined for Shahid Hemmat Industrial Group (SHIG) in Iran. "
        "SHIG builds missiles.\n"
    )
    (party,) = alert.parties
    assert party.aliases == ["SHIG"]
    assert party.mentions == 2
    assert (party.country, party.role) == ("IR", "end_user")


def test_authorities_are_kept_apart() -> None:
    alert = extract(
        "The Ministry of Justice and Investigations Bureau informed AIT Taipei and TECRO "
        "officials. The Federal Office of Economics and Export Control (BAFA) agreed.\n"
    )
    assert alert.parties == []
    assert alert.authorities == [
        "Ministry of Justice",
        "Investigations Bureau",
        "AIT Taipei",
        "TECRO",
        "Federal Office of Economics and Export Control",
        "BAFA",
    ]


def test_persons() -> None:
    alert = extract(
        "Mr. Ali Rezaei visited the plant. Reza Tavakoli, 52, an Iranian national, paid. "
        "Chen Wei, procurement agent of the buyer, signed.\n"
    )
    persons = {p.name: p for p in alert.parties if p.schema_ == "Person"}
    assert set(persons) == {"Ali Rezaei", "Reza Tavakoli", "Chen Wei"}
    assert persons["Reza Tavakoli"].country == "IR"
    assert persons["Chen Wei"].role == "intermediate"


def test_descriptions_are_not_names() -> None:
    alert = extract(
        "DPRK FRONT COMPANY SEEKING GYROSCOPES.\n\nA Trading Company in the United States "
        "and the Export Control Regime were mentioned in October 2009.\n"
    )
    assert alert.parties == []


def test_upper_case_subject_is_matched_not_mined() -> None:
    doc = parse_document(
        b"09STATE000002\nFM SECSTATE WASHDC\nTO AMEMBASSY ROME\n\n"
        b"SUBJECT: IRAN SEEKING HELP FROM ITALIAN FIRM ACME TOOLS\n\n"
        b"1. (S) We understand that Acme Tools S.r.l. received a request.\n",
        "c.txt",
    )
    alert = extract_alert(doc)
    (party,) = alert.parties
    assert party.name == "Acme Tools S.r.l."
    assert party.mentions == 2  # the subject line counts as a mention
    assert party.role == "supplier"  # "seeking ... from ACME TOOLS"


def test_intermediary_inferred_when_the_buyer_is_not_the_end_user() -> None:
    alert = extract(
        "Hengsheng Electronics Co., Ltd. ordered the furnace. It is intended for use by "
        "the Advanced Engineering Research Organization in Pakistan.\n"
    )
    parties = names(alert)
    assert parties["Hengsheng Electronics Co., Ltd."][1] == "intermediate"
    assert parties["Advanced Engineering Research Organization"] == ("PK", "end_user")


# --- gazetteer -------------------------------------------------------------------------------


class FakeGazetteer:
    """A stand-in for the screening index: exact names only, and a record of the lookups."""

    def __init__(self, entries: dict[str, list[GazetteerHit]]) -> None:
        self.entries = entries
        self.asked: list[str] = []

    def __call__(self, name: str) -> Sequence[GazetteerHit]:
        self.asked.append(name)
        return self.entries.get(name.lower(), [])


def test_gazetteer_finds_listed_names_no_pattern_catches() -> None:
    hit = GazetteerHit(entity_id="ofac-sdn:1", name="ROSOBORONEXPORT", score=0.98, country="RU")
    gaz = FakeGazetteer({"rosoboronexport": [hit]})
    alert = extract("We learned that Rosoboronexport offered spare parts.\n", gaz)
    (party,) = alert.parties
    assert party.name == "Rosoboronexport"
    assert party.country == "RU"
    assert party.matches == [hit]
    assert extract("We learned that Rosoboronexport offered spare parts.\n").parties == []


def test_review_hits_are_context_not_identity() -> None:
    arak = GazetteerHit(
        entity_id="ofac-sdn:11644",
        name="MACHINE SAZI ARAK CO. LTD.",
        score=0.62,
        decision="review",
        country="IR",
    )
    gaz = FakeGazetteer({"machine sazi tabriz": [arak], "tabriz": [arak]})
    alert = extract("Irans Machine Sazi Tabriz requested technicians.\n", gaz)
    (party,) = alert.parties
    assert party.name == "Machine Sazi Tabriz"
    assert party.matches == [arak]  # shown, for the analyst to clear
    assert "Machine Sazi Tabriz" in gaz.asked


def test_gazetteer_is_not_asked_about_authorities() -> None:
    gaz = FakeGazetteer({})
    extract("The Ministry of Justice spoke to Acme Machinery Co.\n", gaz)
    assert "Ministry of Justice" not in gaz.asked
    assert "Acme Machinery Co." in gaz.asked


# --- items -----------------------------------------------------------------------------------


def test_item_with_part_parameters_and_anaphora() -> None:
    alert = extract(
        "They asked for a 20,000-rpm spindle for a model DMC-3000 double-column machining "
        "center. This machine is controlled by the Wassenaar Arrangement in a 5-axis "
        "configuration. Machine tool manufacturers export CNC machine tools.\n"
    )
    (item,) = alert.items
    assert item.model == "DMC-3000"
    assert item.parameters == {"spindle.max_speed": "20000 rpm", "axes.simultaneous_contouring": 5}
    assert item.parts == ["spindle"]
    assert item.regimes == ["wassenaar"]


def test_parameters_go_to_the_nearest_item() -> None:
    alert = extract(
        "They bought three CNC turning centers and a five-axis milling machine with a "
        "spindle speed of 12,000 rpm.\n"
    )
    items = {i.type: i for i in alert.items}
    assert items["turning center"].quantity == "3"
    assert items["turning center"].parameters == {}
    assert items["milling machine"].parameters == {
        "axes.simultaneous_contouring": 5,
        "spindle.max_speed": "12000 rpm",
    }


def test_material_quantity_and_properties() -> None:
    alert = extract(
        "The firm sought approximately two tonnes of T800H-grade carbon fiber. The fiber "
        "has a tensile strength of 5.49 GPa and a tensile modulus of 294 GPa.\n"
    )
    (item,) = alert.items
    assert (item.model, item.quantity, item.category) == ("T800H", "2 t", "material")
    assert item.parameters == {"tensile_strength": "5.49 GPa", "tensile_modulus": "294 GPa"}


def test_generic_mentions_are_not_items() -> None:
    alert = extract("Iran imports machine tools. Machine tool exports grew in 2009.\n")
    assert alert.items == []


def test_item_spec_nesting() -> None:
    alert = extract("A model VMC-850 vertical machining center with 5-axis control.\n")
    spec = alert.items[0].as_item_spec()
    assert spec == {
        "description": "VMC-850 vertical machining center",
        "category": "machine_tool",
        "axes": {"simultaneous_contouring": 5},
    }


# --- small facts -----------------------------------------------------------------------------


def test_regimes_services_concerns() -> None:
    text = (
        "Controlled by the MTCR and the Nuclear Suppliers Group; Wassenaar too. They want "
        "technicians to repair it, spare parts, installation and training of operators, for "
        "the nuclear and ballistic missile programs and UAVs."
    )
    assert regimes_in(text) == ["mtcr", "nsg", "wassenaar"]
    assert services_in(text) == [
        "technicians",
        "repair",
        "replacement parts",
        "installation",
        "training",
    ]
    assert concerns_in(text) == ["nuclear", "missile", "uav"]
    # Regime names are not end uses.
    assert concerns_in("the Missile Technology Control Regime and Nuclear Suppliers Group") == []


def test_countries_names_demonyms_possessives_and_upper_case() -> None:
    found = [(m.code, m.kind) for m in find_countries("Irans firm, the Chinese buyer, the U.S.")]
    assert found == [("IR", "possessive"), ("CN", "name"), ("US", "name")]
    # In capitals, "US" and "IN" are words, not countries.
    assert [m.code for m in find_countries("THEY ASKED US IN IRAN", upper=True)] == ["IR"]
    assert [m.kind for m in find_countries("a firm in Dubai")] == ["place"]


@pytest.mark.parametrize(
    ("tag", "iso"), [("TW", "TW"), ("IR", "IR"), ("CH", "CN"), ("GM", "DE"), ("RS", "RU"),
                     ("KN", "KP"), ("KS", "KR"), ("UK", "GB"), ("PARM", None)]
)  # fmt: skip
def test_cable_tags_are_fips_codes(tag: str, iso: str | None) -> None:
    assert tag_country(tag) == iso


def test_dates_in_body() -> None:
    found = find_dates("In October 2009, on March 4, 2024, on 3 May 2021, in early 2006, 2010.")
    assert [(d.text, d.value) for d in found] == [
        ("October 2009", "2009-10"),
        ("March 4, 2024", "2024-03-04"),
        ("3 May 2021", "2021-05-03"),
        ("early 2006", "2006"),
    ]


def test_document_without_parties_is_flagged() -> None:
    alert = extract("Nothing to see here.\n")
    assert alert.parties == []
    assert "t.txt: no parties found" in alert.warnings
    # No date and no title either: said, and the document is partial.
    assert "t.txt: notice has no date" in alert.warnings
    assert alert.partial


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_extraction_never_crashes(text: str) -> None:
    """Any text reads and extracts, or is refused with InvalidInput; nothing else."""
    try:
        doc = parse_document(text.encode("utf-8", errors="surrogatepass"), "h.txt")
    except InvalidInput:
        return
    alert = extract_alert(doc)
    assert isinstance(alert, Alert)
