"""Header and correspondent rules added from the second round of development documents
(issue 19): a letterhead block, a government body's line above a press release's date, the
town after an addressee, and the sender and addressees are not parties of concern."""

from __future__ import annotations

from exportctl.intake import extract_alert, parse_document
from exportctl.intake.places import place_country
from exportctl.model.alert import Alert

LETTER = """STATE SECRETARIAT FOR ECONOMIC AFFAIRS SECO
Export Controls and Sanctions
Holzikofenweg 36, 3003 Bern

Bern, 21 May 2021

To: Mikron Feinmechanik AG, Biel

Catch-all notification: proposed export of grinding machines

Mikron Feinmechanik AG is informed that the proposed export of two grinding machines to Lanka
Precision Components (Pvt) Ltd of Colombo, Sri Lanka, requires a licence.
"""

PRESS = """PRESS RELEASE

Office of Foreign Assets Control
Washington, D.C.

June 14, 2023

Treasury Sanctions Network Supplying Machine Tools to Russia

Kama Techno Trade LLC, a Kazan-based importer, bought CNC machining centers.
"""


def extract(text: str) -> Alert:
    return extract_alert(parse_document(text.encode("utf-8"), "t.txt"))


def test_a_line_inside_the_letterhead_block_is_not_the_title() -> None:
    alert = extract(LETTER)
    assert alert.document.subject == (
        "Catch-all notification: proposed export of grinding machines"
    )
    assert not alert.partial


def test_the_town_after_an_addressee_is_not_part_of_its_name() -> None:
    assert extract(LETTER).document.to == ["Mikron Feinmechanik AG"]


def test_the_addressee_of_a_letter_is_not_a_party_of_concern() -> None:
    names = [p.name for p in extract(LETTER).parties]
    assert "Mikron Feinmechanik AG" not in names
    assert "Lanka Precision Components (Pvt) Ltd" in names


def test_a_government_body_above_a_press_release_s_date_is_not_its_title() -> None:
    alert = extract(PRESS)
    assert alert.document.subject == "Treasury Sanctions Network Supplying Machine Tools to Russia"
    assert str(alert.document.date) == "2023-06-14"
    assert not alert.partial


def test_bilingual_place_names_are_each_a_place() -> None:
    assert place_country("Biel") == "CH"
    assert place_country("Bienne") == "CH"
