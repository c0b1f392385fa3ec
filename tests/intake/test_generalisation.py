"""Extraction rules that generalise beyond the documents intake was developed on (issue 19):
models with spaces and after the type, accuracies in millimetres, party boundaries, persons in
designation layouts, countries from places, roles from clause structure."""

from __future__ import annotations

import pytest

from exportctl.intake import extract_alert, parse_document
from exportctl.model.alert import Alert, ExtractedParty, GazetteerHit


def extract(text: str, name: str = "t.txt") -> Alert:
    return extract_alert(parse_document(text.encode("utf-8"), name))


def parties(text: str) -> dict[str, ExtractedParty]:
    return {p.name: p for p in extract(text).parties}


# --- items -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "model"),
    [
        ("The firm ordered two MCV 1000-5A vertical machining centers.", "MCV 1000-5A"),
        ("It bought two HVT 1600 horizontal machining centres last year.", "HVT 1600"),
        ("It ordered ten CNC control ECT-5000 units.", "ECT-5000"),
        ("It sought a filament-winding machine FW 2400-4 with four axes.", "FW 2400-4"),
        ("It ordered a coordinate measuring machine, model Vertex CMM 1210, for its lab.",
         "Vertex CMM 1210"),
        ("It held a CNC lathe, model TK-36 SY, with a tilting table.", "TK-36 SY"),
        ("It exported two grinding machines of the type KPS 850 to the buyer.", "KPS 850"),
        ("THE FIRM OFFERED A FLOW-FORMING MACHINE, MODEL FFM 600-3R, WITH THREE ROLLERS.",
         "FFM 600-3R"),
    ],
)  # fmt: skip
def test_models_with_spaces_and_after_the_type(sentence: str, model: str) -> None:
    [item] = extract(sentence).items
    assert item.model == model


def test_a_year_after_a_word_in_capitals_is_no_model() -> None:
    [item] = extract("THE FIRM SUPPLIED IN 2006 A CNC LATHE TO THE PLANT.").items
    assert item.model is None


def test_accuracy_in_millimetres_is_read_in_micrometres() -> None:
    [item] = extract(
        "The firm ordered a vertical machining center with a positioning accuracy of "
        "0.004 mm (4 microns)."
    ).items
    assert item.parameters["positioning.accuracy"] == "4 um"


def test_a_part_with_its_own_model_is_an_item_of_its_own() -> None:
    items = extract(
        "Officers seized eight CNC control ECT-5000 units and two 5-axis milling machines."
    ).items
    assert {(i.type, i.model) for i in items} == {
        ("numerical control unit", "ECT-5000"),
        ("milling machine", None),
    }


# --- party boundaries ------------------------------------------------------------------------


def test_arabic_article_and_bracketed_legal_forms_stay_in_the_name() -> None:
    found = parties(
        "Al Safwa Industrial Equipment LLC ordered the parts. Zarnab Engineering Services "
        "(Private) Limited, a Karachi-based firm, and Orion Composites (Pvt) Ltd, a "
        "Lahore-based company, placed orders too."
    )
    assert set(found) >= {
        "Al Safwa Industrial Equipment LLC",
        "Zarnab Engineering Services (Private) Limited",
        "Orion Composites (Pvt) Ltd",
    }
    assert found["Zarnab Engineering Services (Private) Limited"].country == "PK"


def test_job_title_is_not_part_of_the_firm_and_the_person_takes_its_country() -> None:
    found = parties(
        "Li Guoqiang, General Manager of Dandong Hongxiang Industrial Development Co., Ltd., "
        "ordered two lathes."
    )
    assert "Dandong Hongxiang Industrial Development Co., Ltd." in found
    assert found["Li Guoqiang"].schema_ == "Person"
    assert found["Li Guoqiang"].country == "CN"  # Dandong is a Chinese city


def test_descriptors_in_capitals_are_not_names_or_parties() -> None:
    found = parties(
        "THE SPANISH MANUFACTURER TALLERES MECANICOS IBARRA S.L. SHIPPED A FLOW-FORMING "
        "MACHINE WITH THREE ROLLERS TO THE TURKISH FIRM KARADENIZ MAKINA SANAYI A.S. FOR "
        "MISSILE PRODUCTION."
    )
    assert set(found) == {"TALLERES MECANICOS IBARRA S.L.", "KARADENIZ MAKINA SANAYI A.S."}
    assert found["TALLERES MECANICOS IBARRA S.L."].role == "exporter"
    assert found["KARADENIZ MAKINA SANAYI A.S."].country == "TR"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Iranian national Hamid Reza Tavakoli ordered the fiber.", "Hamid Reza Tavakoli", "IR"),
        ("A Chinese national, Zhang Wei, was charged today.", "Zhang Wei", "CN"),
        ("WANG Jianhua, a Chinese national, director of the firm, was listed.",
         "WANG Jianhua", "CN"),
        ("IRANIAN NATIONAL MOHAMMAD HOSSEIN JAFARI, WHO RUNS THE FIRM, ORDERED GYROSCOPES.",
         "MOHAMMAD HOSSEIN JAFARI", "IR"),
    ],
)  # fmt: skip
def test_persons_introduced_by_nationality_and_surname_first(
    text: str, name: str, country: str
) -> None:
    found = parties(text)
    assert found[name].schema_ == "Person"
    assert found[name].country == country


def test_designation_field_blocks() -> None:
    found = parties(
        "The following are designated.\n\nName: KHALILI Reza\nNationality: Iranian\n"
        "Date of birth: 12/09/1975\nPosition: Managing director of Saba Motor Pardaz Company\n\n"
        "Name: Lotus Horizon Trading Limited\nLocation: Hong Kong\n"
        "Other information: front company used by Saba Motor Pardaz Company.\n"
    )
    assert found["KHALILI Reza"].schema_ == "Person"
    assert found["KHALILI Reza"].country == "IR"
    assert found["Lotus Horizon Trading Limited"].country == "HK"
    assert found["Lotus Horizon Trading Limited"].role == "intermediate"
    assert found["Saba Motor Pardaz Company"].role == "end_user"


def test_title_case_headline_is_not_mined_for_names() -> None:
    text = (
        "FOR IMMEDIATE RELEASE\nChinese National Charged with Exporting Fiber to Pakistan\n\n"
        "Zhang Wei, a Chinese national, was charged today.\n"
    )
    assert set(parties(text)) == {"Zhang Wei"}


# --- countries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Zarnab Engineering Ltd, a Karachi-based firm, ordered lathes.", "Zarnab Engineering Ltd",
         "PK"),
        ("The Minsk-based company Belprominvest OOO ordered lathes.", "Belprominvest OOO", "BY"),
        ("Gulf Horizon Machinery FZE, a trading company in Dubai's Jebel Ali Free Zone, "
         "ordered lathes.", "Gulf Horizon Machinery FZE", "AE"),
        ("Taban Machinery Trading LLC of Ras Al Khaimah, United Arab Emirates, ordered lathes.",
         "Taban Machinery Trading LLC", "AE"),
        ("Karadeniz Makina Sanayi A.S. in Trabzon ordered lathes.", "Karadeniz Makina Sanayi A.S.",
         "TR"),
    ],
)  # fmt: skip
def test_countries_from_places(text: str, name: str, country: str) -> None:
    assert parties(text)[name].country == country


def test_places_give_no_document_countries_and_are_never_parties() -> None:
    alert = extract("Officials in Hong Kong and Union met in Mersin to discuss trade.")
    assert alert.parties == []
    assert "TR" not in alert.countries  # Mersin is a place, not a country of the case


# --- roles -----------------------------------------------------------------------------------


def test_negation_takes_the_role_away() -> None:
    found = parties(
        "OUR INFORMATION INDICATES THAT MOGILEV TRACTOR PARTS OAO, NOT MINSK WHEELED TRACTOR "
        "PLANT, IS THE INTENDED END USER OF THE MACHINE."
    )
    assert found["MOGILEV TRACTOR PARTS OAO"].role == "end_user"
    assert found["MINSK WHEELED TRACTOR PLANT"].role is None


def test_ultimate_end_user_is() -> None:
    found = parties(
        "Zarnab Engineering Ltd wants to buy two lathes, but we believe the ultimate end user "
        "of the machines is the Air Weapons Complex."
    )
    assert found["Air Weapons Complex"].role == "end_user"
    assert found["Zarnab Engineering Ltd"].role == "intermediate"
    assert found["Air Weapons Complex"].evidence  # the sentence it came from


def test_end_user_statement_signer_buys_from_the_addressee() -> None:
    found = parties(
        "Penang Fluid Systems Sdn. Bhd. signed an end-user statement for Pompe Vuoto Milano "
        "S.p.A. The pumps were delivered to Kalaye Electric Company, the end user."
    )
    assert found["Pompe Vuoto Milano S.p.A."].role == "supplier"
    assert found["Kalaye Electric Company"].role == "end_user"
    assert found["Penang Fluid Systems Sdn. Bhd."].role == "intermediate"


def test_goods_sent_to_a_party_make_it_the_end_user_only_when_none_is_named() -> None:
    alone = parties("Koehler GmbH shipped a lathe to Dalian Sunrise Co., Ltd. last year.")
    assert alone["Dalian Sunrise Co., Ltd."].role == "end_user"
    named = parties(
        "Koehler GmbH shipped a lathe to Dalian Sunrise Co., Ltd. The lathe is destined for "
        "Shahid Hemmat Industrial Group."
    )
    assert named["Dalian Sunrise Co., Ltd."].role == "intermediate"
    assert named["Shahid Hemmat Industrial Group"].role == "end_user"


# --- the list gazetteer ----------------------------------------------------------------------


class EverythingIsListed:
    """The worst list gazetteer: every name it is asked about is a listed ``match``."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, name: str) -> list[GazetteerHit]:
        self.asked.append(name)
        return [GazetteerHit(entity_id=f"x:{name}", name=name.upper(), score=1.0, country="XX")]


def test_list_gazetteer_never_makes_a_party_of_a_place_goods_or_a_common_word() -> None:
    text = (
        "Trade officials at the Embassy in Hong Kong met on Monday. Spare parts and a "
        "Flow-Forming Machine were discussed with Dubai officials. Koehler GmbH attended."
    )
    doc = parse_document(text.encode("utf-8"), "t.txt")
    gazetteer = EverythingIsListed()
    alert = extract_alert(doc, gazetteer)
    assert "Koehler GmbH" in gazetteer.asked  # it was consulted
    assert [p.name for p in alert.parties] == ["Koehler GmbH"]
    upper = parse_document(b"INFORM POST OF ANY REPLY FROM THE EMBASSY IN HONG KONG.\n", "u.txt")
    assert extract_alert(upper, gazetteer).parties == []


def test_list_gazetteer_still_recognises_a_listed_name_in_party_position() -> None:
    doc = parse_document(b"Officials said that Rosoboronexport offered spare parts.\n", "t.txt")
    [party] = extract_alert(doc, EverythingIsListed()).parties
    assert party.name == "Rosoboronexport"
    assert party.matches


def test_the_city_company_refers_to_the_firm_named_after_the_city() -> None:
    found = parties(
        "Buckeye Spindle Technologies Inc. sold spindles to Shenyang Aerospace Machinery Co., "
        "Ltd., an entity on the Entity List. The spindles were intended for use by the "
        "Shenyang company in aircraft engines."
    )
    assert found["Shenyang Aerospace Machinery Co., Ltd."].role == "end_user"
    assert found["Shenyang Aerospace Machinery Co., Ltd."].mentions == 2
