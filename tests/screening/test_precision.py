"""Precision rules on customer populations (issue 18): golden cases with their reasons.

The first table holds the false alerts a population of ordinary customers produced against
OFAC SDN and UN before the rules (query, list entry as the lists have it, the decision it
got then); each must now be at most ``review`` — most of them no alert at all. The others pin
each rule of ``screening.precision`` and the country rule of the scorer, and what the
explanation says. Scored with the pure scorer (no IDF), so each row states a rule.
"""

from __future__ import annotations

import pytest

from exportctl.model import Decision, Match, ScreeningQuery
from exportctl.model.entry import Schema
from exportctl.screening import score
from exportctl.screening.precision import is_common
from exportctl.text.names import NameKind, analyze_name
from tests.screening.conftest import entry

M, R, N = Decision.MATCH, Decision.REVIEW, Decision.NO_MATCH
P, ORG, U = Schema.PERSON, Schema.ORGANIZATION, Schema.UNKNOWN

# (query, query schema, listed names, list schema, allowed decisions, why)
ISSUE_EXAMPLES: list[tuple[str, str, list[str], Schema, set[Decision], str]] = [
    ("Kade", "Any", ["AL-QAIDA", "القاعدة"], ORG, {N}, "K-D: two consonants say nothing"),
    ("Krause", "Any", ["CRAS"], ORG, {N}, "a short one-word name that gains letters"),
    ("김도현", "Person", ["KIM, Hyon U"], P, {N}, "syllables 도 and U left over"),
    ("Kevin King", "Person", ["KONG, Kelvin"], P, {N}, "a common name met loosely"),
    ("최유진", "Person", ["RYU, Jin"], P, {N}, "the surname 최 has no counterpart"),
    ("陈梅", "Person", ["CHEN, Mei Hsiang"], P, {N}, "the list's given name has two syllables"),
    ("Омега Групп", "Organization", ["MEGA GROUP S.R.L."], ORG, {N, R}, "OMEGA is not MEGA"),
    ("عكاوي Ltd", "Organization", ["ACA LTDA."], ORG, {N}, "one consonant in common"),
    ("Tan Hançer", "Person", ["نصیر الدین حقانی"], P, {N, R}, "loose cross-script readings"),
    ("John Flores", "Person", ["John"], P, {N}, "a one-word list name inside a longer name"),
]


@pytest.mark.parametrize(("query", "qschema", "names", "schema", "allowed", "why"), ISSUE_EXAMPLES)
def test_issue_examples(
    query: str, qschema: str, names: list[str], schema: Schema, allowed: set[Decision], why: str
) -> None:
    m = score(ScreeningQuery(name=query, schema=qschema), entry("test:1", names, schema))
    assert m.decision in allowed, f"{why}: {m.score} {m.decision.value} {m.explanation}"


RULES: list[tuple[str, str, Schema, set[Decision], str]] = [
    # common names: the name alone is at most review
    ("Kim Song", "KIM, Song", P, {R}, "Kim and Song are both common Korean surnames"),
    ("Zhang Liang", "ZHANG, Liang", P, {R}, "two of the commonest Chinese surnames"),
    ("Ali Khalili", "Ali KHALILI", P, {R}, "a common given name and surname (Iran)"),
    ("John Smith", "SMITH, John", P, {R}, "US Census/SSA: the commonest names"),
    ("Muhammad Ali", "MOHAMMAD ALI", P, {R}, "a variant spelling of a common name"),
    ("石敏", "SHI, Min", P, {R}, "two Han syllables with a common surname"),
    ("김정은", "KIM Jong Un", P, {R}, "three Hangul syllables with the commonest surname"),
    ("Kim Jong Un", "KIM Jong Un", P, {M}, "three words: Jong and Un are not on the table"),
    ("Saddam Hussein", "HUSSEIN, Saddam", P, {M}, "Saddam is not a common name"),
    ("Daniel Serrano", "SERGIO DANIEL SERRANO-LOPEZ", P, {N}, "a common name inside a longer"),
    # syllabic names: every syllable read the same, none left over
    ("杨军", "YOUNG-CHUN", P, {N}, "杨 is yang, not young (a loose reading)"),
    ("김성진", "KIM, Song", P, {N}, "진 is part of the given name"),
    ("习近平", "Xi Jinping", P, {M}, "every syllable read exactly, joined as written"),
    ("박정순", "Jong-chon PAK", P, {R}, "Hangul may meet another romanisation of one sound"),
    # scripts that are no spelling of each other
    ("李娟", "ولی جان", P, {N}, "Han against Arabic script"),
    ("इला चवन", "ولی جان", P, {N}, "Devanagari against Arabic script"),
    # one-word names
    ("Tabriss", "TABRIZ", ORG, {M, R}, "a word of six letters respelt: still that word"),
    ("Schafer", "CHAFER", ORG, {N}, "a common surname met loosely"),
    ("Stahr", "STAR", ORG, {N}, "four letters that gained one"),
    ("Aaro", "AERO", ORG, {M, R}, "respelt at the same length (a romanisation)"),
    ("Wong LLC", "David WONG", U, {N}, "a one-word name inside a longer one"),
    ("Ben Netanyahu", "Benjamin Netanyahu", P, {M, R}, "not a bare one-word name"),
    ("حماس", "HAMAS", ORG, {M}, "an Arabic-script word against a Latin spelling"),
    ("ربيعة LLC", "RPP LIMITED LIABILITY COMPANY", ORG, {N}, "RPP has no vowels: an acronym"),
    ("Guyot S.A.S.", "القاعدة", ORG, {N}, "a Latin word against two Arabic consonants"),
    ("IMIDRO", "ایمیدرو", ORG, {M, R}, "three consonants read exactly"),
    # short words
    ("Chen Yang", "YOUNG-CHUN", P, {N}, "two short words, both met loosely"),
    ("Yung Xin", "YONG XIN", P, {M, R}, "one short word respelt, the other exact"),
]


@pytest.mark.parametrize(("query", "listed", "schema", "allowed", "why"), RULES)
def test_precision_rules(
    query: str, listed: str, schema: Schema, allowed: set[Decision], why: str
) -> None:
    q = ScreeningQuery(name=query, schema=schema.value if schema is not U else "Any")
    m = score(q, entry("test:1", [listed], schema))
    assert m.decision in allowed, f"{why}: {m.score} {m.decision.value} {m.explanation}"


def _evidence(m: Match) -> list[str]:
    return [e.text for e in m.explanation if e.kind == "evidence"]


def test_common_name_explained_and_lifted_by_birth_date() -> None:
    listed = entry("test:1", ["KIM, Song"], P, birth_dates=("1961-02-03",))
    alone = score(ScreeningQuery(name="Kim Song", schema="Person"), listed)
    assert alone.decision is R
    assert alone.score >= 0.8  # the names agree: only the decision is held back
    assert any("very many people share" in t for t in _evidence(alone))
    dated = score(ScreeningQuery(name="Kim Song", schema="Person", birth_date="1961"), listed)
    assert dated.decision is M
    assert any("birth date" in t for t in _evidence(dated))


def test_country_contradicting_every_country_caps_at_review() -> None:
    listed = entry("test:1", ["Saddam HUSSEIN"], P, countries=("IQ",))
    same = score(ScreeningQuery(name="Saddam Hussein", schema="Person", country="IQ"), listed)
    other = score(ScreeningQuery(name="Saddam Hussein", schema="Person", country="FR"), listed)
    assert same.decision is M and same.score > other.score
    assert other.decision is R  # lowered to review, never hidden
    texts = _evidence(other)
    assert any("country FR not among IQ (-0.05)" in t for t in texts)
    assert any("at most review" in t for t in texts)


def test_country_never_hides_a_strong_name_hit() -> None:
    listed = entry("test:1", ["Saddam HUSSEIN"], P, countries=("IQ",))
    m = score(ScreeningQuery(name="Hussein Saddam", schema="Person", country="FR"), listed)
    assert m.decision is R


def test_short_name_explanation_says_why() -> None:
    m = score(ScreeningQuery(name="Krause", schema="Any"), entry("test:1", ["CRAS"], ORG))
    text = " ".join(_evidence(m))
    assert "one-word name" in text and "4 and 6 letters" in text


@pytest.mark.parametrize(
    ("word", "common"),
    [
        ("Kim", True),
        ("Gim", True),
        ("김", True),
        ("Smith", True),
        ("محمد", True),
        ("Tabriz", False),
        ("سيفي", False),
    ],
)
def test_common_name_table(word: str, common: bool) -> None:
    tok = analyze_name(word, NameKind.PERSON).tokens[0]
    assert is_common(tok) is common
