"""Transliteration to ASCII and script detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.text.scripts import has_consonantal, space_syllabic
from exportctl.text.translit import to_ascii


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Machine", "machine", "ASCII is only case-folded"),
        ("Шевченко", "shevchenko", "Cyrillic, BGN/PCGN-like"),
        ("Юрий", "yuriy", "Cyrillic: not ISO 9's 'urij'"),
        ("ماشين", "mshyn", "Persian/Arabic: the sh digraph, no short vowels"),
        ("Νικόλαος", "nikolaos", "Greek"),
        ("משה", "msh", "Hebrew (consonantal)"),
        ("习", "xi", "Han to pinyin, one syllable per character"),
        ("김", "gim", "Hangul, Revised Romanisation"),
        ("Müller", "muller", "Latin diacritics"),
    ],
)
def test_to_ascii(text: str, expected: str, reason: str) -> None:
    assert to_ascii(text) == expected, reason


@given(st.text())
def test_to_ascii_always_gives_ascii(text: str) -> None:
    assert to_ascii(text).isascii()


def test_consonantal_scripts_are_detected() -> None:
    assert has_consonantal("ماشین")
    assert has_consonantal("משה")
    assert not has_consonantal("Machine")
    assert not has_consonantal("Шевченко")


def test_han_and_hangul_syllables_become_words() -> None:
    assert space_syllabic("习近平").split() == ["习", "近", "平"]
    assert space_syllabic("김정은").split() == ["김", "정", "은"]
    assert space_syllabic("Xi Jinping") == "Xi Jinping"
