"""Unicode clean-up and Arabic-script letter folding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.text.normalize import clean, fold_letters


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("علی", "علي", "Persian yeh and Arabic yeh are one letter"),
        ("ماشین", "ماشين", "Persian yeh inside a word"),
        ("کاظم", "كاظم", "Persian keheh and Arabic kaf"),
        ("حمزة", "حمزه", "teh marbuta is written as heh too"),
        ("أحمد", "احمد", "hamza on alef is often omitted"),
        ("إبراهيم", "ابراهيم", "hamza under alef is often omitted"),
        ("آغا", "اغا", "madda on alef"),
        ("مُحَمَّد", "محمد", "vowel points (harakat) are not written in lists"),
        ("محـــمد", "محمد", "tatweel is typographic stretching"),
        ("موسى", "موسي", "alef maksura is written as yeh"),
        ("۱۲۳", "123", "Persian digits"),
        ("٣", "3", "Arabic-Indic digits"),
    ],
)
def test_folding_makes_variants_equal(a: str, b: str, reason: str) -> None:
    assert fold_letters(a) == fold_letters(b), reason


@pytest.mark.parametrize(
    ("raw", "expected", "reason"),
    [
        ("  Machine   Sazi\tTabriz ", "Machine Sazi Tabriz", "whitespace collapses"),
        ("Gm\u00adbH", "GmbH", "soft hyphen from PDFs disappears"),
        ("ＡＢＣ", "ABC", "full-width letters (NFKC)"),
        ("ﬁrm", "firm", "ligature (NFKC)"),
        ("a\u200bb", "ab", "zero-width space"),
        ("line\nbreak", "line break", "control characters separate words"),
    ],
)
def test_clean(raw: str, expected: str, reason: str) -> None:
    assert clean(raw) == expected, reason


@given(st.text())
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@given(st.text())
def test_clean_leaves_no_edge_or_double_spaces(text: str) -> None:
    out = clean(text)
    assert out == out.strip()
    assert "  " not in out
    assert out.isprintable()


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)))
def test_folding_is_idempotent_on_arabic_script(text: str) -> None:
    assert fold_letters(fold_letters(text)) == fold_letters(text)
