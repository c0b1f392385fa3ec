"""Name analysis: tokens, kinds, legal forms, particles, person-name order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.text.names import NameKind, TokenKind, analyze_name, reorder_person


def _texts(name: str, kind: NameKind = NameKind.ANY) -> list[str]:
    return [t.text for t in analyze_name(name, kind).tokens]


def _kinds(name: str, kind: NameKind = NameKind.ANY) -> list[str]:
    return [t.kind.value for t in analyze_name(name, kind).tokens]


@pytest.mark.parametrize(
    ("name", "texts", "kinds", "reason"),
    [
        (
            "MACHINE SAZI ARAK CO. LTD.",
            ["machine", "sazi", "arak", "coltd"],
            ["word", "word", "word", "legal"],
            "Co. Ltd is one legal form",
        ),
        (
            "MACHINE SAZI ARAK COMPANY P J S C",
            ["machine", "sazi", "arak", "company", "pjsc"],
            ["word", "word", "word", "legal", "legal"],
            "spelled-out letters form PJSC",
        ),
        (
            "Iskusstvo Krasoty OOO",
            ["iskusstvo", "krasoty", "ooo"],
            ["word", "word", "legal"],
            "Russian OOO",
        ),
        (
            "Grupo FC S.A. de C.V.",
            ["grupo", "fc", "sadecv"],
            ["word", "word", "legal"],
            "Mexican S.A. de C.V.",
        ),
        ("Al Noor FZE", ["al", "noor", "fze"], ["particle", "word", "legal"], "UAE free zone"),
        (
            "Siemens Aktiengesellschaft",
            ["siemens", "aktiengesellschaft"],
            ["word", "legal"],
            "German AG spelled out",
        ),
        (
            "Sherkat-e Sahami-ye Khass Tolid",
            ["sherkatsahamikhass", "tolid"],
            ["legal", "word"],
            "Persian ezafe dropped, then a legal form",
        ),
        (
            "PROGRESS SHIPPING COMPANY LIDITED",
            ["progress", "shipping", "companylimited"],
            ["word", "word", "legal"],
            "a misspelt legal form is still one",
        ),
        ("Stick Company", ["stick", "company"], ["word", "legal"], "no spurious correction"),
        ("A.B.C. Company", ["abc", "company"], ["word", "legal"], "letters form an acronym"),
        (
            "1st International Bank",
            ["1st", "international", "bank"],
            ["number", "word", "word"],
            "ordinals are numbers",
        ),
    ],
)
def test_organisation_names(name: str, texts: list[str], kinds: list[str], reason: str) -> None:
    assert _texts(name, NameKind.ORG) == texts, reason
    assert _kinds(name, NameKind.ORG) == kinds, reason


@pytest.mark.parametrize(
    ("name", "texts", "kinds", "reason"),
    [
        (
            "AL BEN ALI, Isa Ben Tarif",
            ["isa", "ben", "tarif", "al", "ben", "ali"],
            ["word", "particle", "word", "particle", "particle", "word"],
            "LAST, First order and Arabic particles",
        ),
        ("Hans J. Friedrich", ["hans", "j", "friedrich"], ["word", "initial", "word"], "initial"),
        (
            "Saif-al-Din at-Tikriti",
            ["saif", "al", "din", "at", "tikriti"],
            ["word", "particle", "word", "particle", "word"],
            "hyphenated article forms",
        ),
        ("Sheikh Isa", ["sheikh", "isa"], ["particle", "word"], "titles weigh like particles"),
    ],
)
def test_person_names(name: str, texts: list[str], kinds: list[str], reason: str) -> None:
    assert _texts(name, NameKind.PERSON) == texts, reason
    assert _kinds(name, NameKind.PERSON) == kinds, reason


def test_assimilated_article_needs_a_hyphen() -> None:
    # "AT" alone is an acronym far more often than the article at- (AT&T).
    assert _kinds("AT&T Inc.", NameKind.ORG)[0] == "word"
    assert _kinds("at-Tikriti", NameKind.PERSON)[0] == "particle"


def test_arabic_script_names() -> None:
    an = analyze_name("صدام حسين التكريتي")
    assert [t.text for t in an.tokens] == ["sdm", "hsyn", "al", "tkryty"]
    assert [t.kind for t in an.tokens][2] is TokenKind.PARTICLE  # article split off
    assert all(t.consonantal for t in an.tokens)
    assert an.surfaces[0] == "صدام"


def test_persian_name_with_persian_letters() -> None:
    a = analyze_name("ماشین سازی تبریز")
    b = analyze_name("ماشين سازي تبريز")
    assert [t.key for t in a.tokens] == [t.key for t in b.tokens]


def test_allah_is_not_split_as_an_article() -> None:
    assert _texts("عبد الله") == ["bd", "llh"]


def test_cjk_syllables_are_tokens() -> None:
    assert _texts("习近平") == ["xi", "jin", "ping"]
    assert _texts("김정은") == ["gim", "jeong", "eun"]


def test_variant_groups() -> None:
    mohammad = analyze_name("Mohammad").tokens[0]
    muhammad = analyze_name("Muhammad").tokens[0]
    assert set(mohammad.groups) & set(muhammad.groups)
    sazi = analyze_name("Sazi", NameKind.ORG).tokens[0]
    manufacturing = analyze_name("Manufacturing", NameKind.ORG).tokens[0]
    assert set(sazi.groups) & set(manufacturing.groups)  # translations share a concept


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HUSSEIN, Saddam", "Saddam HUSSEIN"),
        ("Acme, Inc.", "Acme, Inc."),
        ("A, B, C", "A, B, C"),
        ("Plain Name", "Plain Name"),
    ],
)
def test_reorder_person(raw: str, expected: str) -> None:
    assert reorder_person(raw) == expected


def test_unusable_names_have_no_tokens() -> None:
    assert analyze_name("...").tokens == ()
    assert analyze_name("").tokens == ()
    assert [t.kind for t in analyze_name("Co. Ltd", NameKind.ORG).tokens] == [TokenKind.LEGAL]


@settings(max_examples=200)
@given(st.text(max_size=80))
def test_analysis_never_fails_and_tokens_are_ascii(name: str) -> None:
    for kind in NameKind:
        an = analyze_name(name, kind)
        assert len(an.tokens) == len(an.surfaces)
        for tok in an.tokens:
            assert tok.text
            assert tok.text.isascii()
            assert tok.text == tok.text.lower()


@given(st.lists(st.sampled_from(["Machine", "Sazi", "Tabriz", "Co", "Ltd", "Arak"]), max_size=6))
def test_analysis_is_deterministic(words: list[str]) -> None:
    name = " ".join(words)
    assert analyze_name.__wrapped__(name, NameKind.ANY) == analyze_name(name, NameKind.ANY)


def _typed(name: str, kind: NameKind = NameKind.PERSON) -> list[tuple[str, str]]:
    return [(t.text, t.kind.value) for t in analyze_name(name, kind).tokens]


def test_whole_name_skeletons_keep_each_word_and_read_the_article_both_ways() -> None:
    from exportctl.text.names import name_skeletons

    # DAD TAYEB keeps every t: run together it must not read as the one word طيب (TB)
    (latin,) = name_skeletons(analyze_name("Dad Tayeb", NameKind.PERSON))
    assert latin.text == "TTTB"
    assert latin.owners == (0, 0, 1, 1)
    # an article before a sun letter (ر) is read with and without its l: ABD AL-RAHMAN and
    # ABDUR RAHMAN; the ض of فيض is read as d and as z
    readings = [s.text for s in name_skeletons(analyze_name("عبد الرحمن فيض", NameKind.PERSON))]
    assert readings == ["BTLRHMNFT", "BTLRHMNFS", "BTRHMNFT", "BTRHMNFS"]


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("Ahmad", ("v", "c")),
        ("احمد", ("v", "c")),  # alef
        ("عمر", ("v", "c")),  # ayn
        ("Hamdi", ("c", "v")),
        ("حمدي", ("c", "v")),
        ("Yusuf", ("", "c")),  # y: either
        ("خليفه", ("c", "")),  # final heh: either
        ("ربيع", ("c", "")),  # final ayn: either (Rabi')
    ],
)
def test_word_shape(name: str, shape: tuple[str, str]) -> None:
    (tok,) = analyze_name(name, NameKind.PERSON).tokens
    assert (tok.lead, tok.tail) == shape


def test_kinship_words_and_titles_in_arabic_script_are_particles() -> None:
    toks = analyze_name("حاجي محمد ولد الشيخ", NameKind.PERSON).tokens
    assert [(t.text, t.kind) for t in toks] == [
        ("haji", TokenKind.PARTICLE),
        ("mhmd", TokenKind.WORD),
        ("ould", TokenKind.PARTICLE),
        ("al", TokenKind.PARTICLE),
        ("sheikh", TokenKind.PARTICLE),
    ]


@pytest.mark.parametrize("name", ["Brigade Forty-Four", "Brigade forty four", "Brigade Forty 4"])
def test_compound_number_words_are_one_number(name: str) -> None:
    toks = analyze_name(name, NameKind.ORG).tokens
    assert [t.groups for t in toks if t.kind is TokenKind.NUMBER] == [("44",)]
    assert analyze_name("Forty Thieves", NameKind.ORG).tokens[0].groups == ("40",)


def test_a_misspelt_legal_word_takes_the_longest_form_it_completes() -> None:
    assert _typed("LIMITAD LIABILITY COMPANY RAZREZ", NameKind.ORG) == [
        ("limitedliabilitycompany", "legal"),
        ("razrez", "word"),
    ]
    assert _typed("ACME Limitada", NameKind.ORG) == [("acme", "word"), ("limitada", "legal")]
    assert _typed("Stick Compnay", NameKind.ORG) == [("stick", "word"), ("company", "legal")]


def test_one_arabic_letter_is_an_initial_but_a_short_word_is_not() -> None:
    toks = analyze_name("عدنان س. حسن", NameKind.PERSON).tokens
    assert [(t.text, t.kind) for t in toks][1] == ("s", TokenKind.INITIAL)
    # ما reads as "m" (anyascii drops the long a) but is a word; و is "and"
    assert [t.kind for t in analyze_name("علي ما يشو", NameKind.PERSON).tokens] == [
        TokenKind.WORD
    ] * 3


@pytest.mark.parametrize(
    "name", ["Akhter Mohmad son of Noor Mohmad", "Akhter Mohmad S/O Noor Mohmad"]
)
def test_son_of_written_out_is_the_filiation_particle(name: str) -> None:
    assert _typed(name, NameKind.PERSON) == [
        ("akhter", "word"),
        ("mohmad", "word"),
        ("bin", "particle"),
        ("noor", "word"),
        ("mohmad", "word"),
    ]
    # an organisation's "of" is a word of its name
    assert "bin" not in [t for t, _k in _typed("Bank of Son of Sam", NameKind.ORG)]


def test_lam_alef_is_a_syllable_but_alef_lam_the_article() -> None:
    toks = analyze_name("لا لا ال", NameKind.PERSON).tokens
    assert [t.kind for t in toks] == [TokenKind.WORD, TokenKind.WORD, TokenKind.PARTICLE]
    # Tuareg "son of" in Arabic script; the title qari
    assert analyze_name("اغ", NameKind.PERSON).tokens[0].groups == ("ag",)
    assert analyze_name("قاري", NameKind.PERSON).tokens[0].kind is TokenKind.PARTICLE


def test_a_vowel_written_before_st_leaves_the_word_shape_open() -> None:
    (prothetic,) = analyze_name("استانکزی", NameKind.PERSON).tokens
    (plain,) = analyze_name("احمد", NameKind.PERSON).tokens
    assert (prothetic.lead, plain.lead) == ("", "v")


def test_latvian_forms_and_nicknames_share_groups() -> None:
    from exportctl.text.tables import tables

    variants = tables().variants
    assert "sergey" in variants["sergejs"]  # Latvian nominative -s
    assert "~sergey" in variants["sergejs"]  # ... and the name's nickname group
    assert "~aleksandr" in variants["oleksandr"]  # every spelling of the full name
    assert set(variants["ted"]) == {"~edward", "~theodore"}
