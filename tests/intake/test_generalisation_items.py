"""Item rules added from the second round of development documents (issue 19): a model goes
to the machine it follows, not to a part named after it; a keyword model a phrase after the
type; a counted reference with a model to a type named before."""

from __future__ import annotations

from exportctl.intake import extract_alert, parse_document
from exportctl.model.alert import ExtractedItem


def items(text: str) -> list[ExtractedItem]:
    return extract_alert(parse_document(text.encode("utf-8"), "t.txt")).items


def test_a_model_after_the_machine_is_not_the_part_s_too() -> None:
    [item] = items("We would like to purchase two horizontal machining centers HMC 630 with a "
                   "rotary table.")  # fmt: skip
    assert (item.type, item.model) == ("horizontal machining center", "HMC 630")
    assert item.parts == ["rotary_table"]


def test_a_keyword_model_a_phrase_after_the_type_is_its_model() -> None:
    [item] = items("We received an enquiry for four turning centers with live tooling, model "
                   "TC 560Y, and spare CNC controls.")  # fmt: skip
    assert (item.type, item.model, item.quantity) == ("turning center", "TC 560Y", "4")


def test_a_counted_reference_with_a_model_is_the_type_named_before() -> None:
    [item] = items(
        "The firm is using front companies to buy vacuum induction furnaces. Its agent asked "
        "a supplier for a quotation for three furnaces, model VIF-300."
    )
    assert (item.type, item.model, item.quantity) == ("vacuum furnace", "VIF-300", "3")


def test_a_counted_reference_with_a_model_completes_the_last_item() -> None:
    [item] = items(
        "It attempted to purchase two filament-winding machines. It placed an order for two "
        "machines, model FWM 2400-6, with the supplier."
    )
    assert item.model == "FWM 2400-6"


def test_tens_written_out_are_quantities() -> None:
    [item] = items("The broker offered fifty pressure transducers, model PTX 7500, to a buyer.")
    assert item.quantity == "50"


def test_a_model_of_an_earlier_item_does_not_hide_this_one_s() -> None:
    found = items(
        "The firm ordered five linear encoders, model LE-250, and two CNC control units, model "
        "NC-880, for delivery to Shenzhen."
    )
    assert [(i.type, i.model) for i in found] == [
        ("encoder", "LE-250"),
        ("numerical control unit", "NC-880"),
    ]
