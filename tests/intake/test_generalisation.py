"""Extraction rules that generalise beyond the documents intake was developed on (issue 19):
models with spaces and after the type, accuracies in millimetres, party boundaries, persons in
designation layouts, countries from places, roles from clause structure."""

from __future__ import annotations

import pytest

from exportctl.intake import extract_alert, parse_document
from exportctl.model.alert import Alert, ExtractedParty


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
