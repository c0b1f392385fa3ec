"""Arabic- and Persian-script queries against names the lists write in Latin script only.

The entries are hand-made copies of real list names (UN, OFAC, UK); the expectations are the
transliteration facts they rest on: عبدالرحمان is ABDUL RAHMAN run together, آخوند زاده is
AKHUNZADA split, ماشین is not RAMAZANI although both hold the consonants M-S-N.
"""

from __future__ import annotations

import pytest

from exportctl.model import Decision, Schema
from exportctl.screening import Index, Screener
from exportctl.screening.align import Alignment, align_skeletons
from exportctl.screening.config import DEFAULT_CONFIG
from exportctl.screening.scorer import PreparedName, prepare_candidate, prepare_query, score
from exportctl.screening.screener import make_query
from exportctl.screening.skeletons import SkeletonLookup
from exportctl.text.names import NameKind, analyze_name, name_skeletons
from tests.screening.conftest import entry

P = Schema.PERSON

LATIN_ONLY = [
    entry("un:TAi.033", ["ABDUL RAHMAN ZAHED", "Abdul Rehman Zahid"], P),
    entry("un:TAi.101", ["MOHAMMAD ESHAQ AKHUNZADA"], P),
    entry("uk:6955", ["Mohammad Essa AKHUND"], P),
    entry("ofac-sdn:27255", ["IZADI, Muhammad Sa'id"], P),
    entry("uk:13466", ["Ramazani SHADARI"], P),
    entry("ofac-sdn:42696", ["ANSARI, Mohammad Reza", "ANSARI, Mohammadreza"], P),
    entry("un:QDi.006", ["AIMAN MUHAMMED RABI AL-ZAWAHIRI"], P),
    entry("un:QDi.999", ["ADEL BEN AL-AZHAR BEN YOUSSEF HAMDI"], P),
    entry("ofac-sdn:11644", ["MACHINE SAZI ARAK CO. LTD.", "MASHIN SAZI ARAK"]),
    entry("uk:7483", ["Allah Dad Tayeb Wali MUHAMMAD"], P),
    entry("un:QDi.299", ["MOUSSA BEN OMAR BEN ALI ESSAADI"], P),
    entry("un:TAi.150", ["MATI UR-REHMAN ALI MUHAMMAD"], P),
    entry("un:YEi.007", ["SALEH MESFER SALEH AL SHAER"], P, weak=("Saleh Mosfer Saleh al Shaer",)),
    entry("un:QDi.041", ["ABD ALLAH MOHAMED RAGAB ABDEL RAHMAN"], P),
    entry("un:QDi.368", ["SHAMIL MAGOMEDOVICH ISMAILOV"], P),
    entry("ofac-sdn:18643", ["IZMAYLOV, Shamil"], P),
    entry("un:IQi.073", ["ADNAN S. HASAN AHMED"], P),
    entry("un:TAi.058", ["NOORUDDIN TURABI MUHAMMAD QASIM"], P),
    entry("un:QDi.380", ["ABD AL-LATIF BIN ABDALLAH SALIH MUHAMMAD AL-KAWARI"], P),
    entry("un:QDi.316", ["IYAD AG GHALI"], P),
    entry("un:TAi.067", ["SHER MOHAMMAD ABBAS STANEKZAI PADSHAH KHAN"], P),
    entry("un:TAi.171", ["MUHAMMAD OMAR ZADRAN", "Mohammad-Omar Jadran"], P),
    entry("un:TAi.053", ["ABDUL RAZAQ AKHUND LALA AKHUND"], P),
    entry("un:TAi.034", ["Akhter Mohmad son of Noor Mohmad"], P),
    entry("un:TAi.051", ["Abdul Haq son of M. Anwar Khan"], P),
    entry("csl:8294", ["NASR, Samir M."], P),
    entry("uk:99999", ["Samir NAZIR"], P),
    entry("csl:10049", ["CHAMS, Mohamad"], P),
    entry("un:QDi.998", ["MOHAMED DHAHIR"], P),
    entry("un:TAi.036", ["FAIZ"], P),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(Index.build(LATIN_ONLY))


def _decision(screener: Screener, name: str, entity_id: str) -> Decision | None:
    for m in screener.screen({"name": name, "schema": "Person"}, limit=10):
        if m.entity_id == entity_id:
            return m.decision
    return None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("عبدالرحمان زاهد", "un:TAi.033"),  # two written words, three Latin ones
        ("محمد اسحاق آخوند زاده", "un:TAi.101"),  # four written words, three Latin ones
        ("أيمن محمد ربيع الظواهري", "un:QDi.006"),  # final ayn: RABI'; ظ read as z
        ("عادل بن الأزهر بن يوسف حمدي", "un:QDi.999"),  # AZHAR is ز+ه, not a Cyrillic zh
        ("موسى بن عمر بن علي السعدي", "un:QDi.299"),  # the article written assimilated: ES-
        ("مطیع الرحمن علی محمد", "un:TAi.150"),  # UR- is the article too
        ("عبد الله محمد رجب عبد الرحمن", "un:QDi.041"),  # ج as g: RAGAB
        # Cyrillic: IZMAYLOV is two letters from ISMAILOV, beyond the one-edit word lookup;
        # the whole-name skeleton finds the name
        ("Шамиль Магомедович Измайлов", "un:QDi.368"),
        ("عدنان س. حسن أحمد", "un:IQi.073"),  # س. is an initial, S.
        ("نورالدین ترابی محمد قاسم", "un:TAi.058"),  # the article inside: NOOR-UD-DIN
        # the weak alias scores a hair higher; the strong name is a match, so the entry is
        ("صالح مسفر صالح الشاعر", "un:YEi.007"),
        # one L with a shadda for the two of ABD AL-LATIF, across a word boundary
        ("عبداللطیف بن عبدلله صالح محمد الكواري", "un:QDi.380"),
        ("اياد اغ غالي", "un:QDi.316"),  # AG: Tuareg "son of", a particle on both sides
        ("شیر محمد عباس استانکزی پادشاه خان", "un:TAi.067"),  # the vowel before st-
        ("محمد عمر ځدران", "un:TAi.171"),  # Pashto ځ: z
        ("عبد الرزاق آخوند لا لا آخوند", "un:TAi.053"),  # لا is a syllable, not the article
        ("اختر محمد ولد نور محمد", "un:TAi.034"),  # ولد = "son of"
        ("عبد الحق ولد محمد انور خان", "un:TAi.051"),  # M. = محمد
        ("سمير نذير", "uk:99999"),  # the long i is there in NAZIR
        ("محمد ظاهر", "un:QDi.998"),  # ظ read as dh
    ],
)
def test_transliterations_are_matches(screener: Screener, query: str, expected: str) -> None:
    assert _decision(screener, query, expected) is Decision.MATCH


def test_other_reading_found_but_two_consonants_are_no_alert(screener: Screener) -> None:
    """ض read as z finds FAIZ by its other reading (FS); a one-word name of two consonants
    against a four-letter Latin spelling is too little to alert on (screening.precision)."""
    found = screener.screen({"name": "فيض", "schema": "Person"}, limit=10, include_all=True)
    hit = next(m for m in found if m.entity_id == "un:TAi.036")
    assert hit.decision is Decision.NO_MATCH
    assert any("2 consonants" in e.text for e in hit.explanation)


@pytest.mark.parametrize(
    ("query", "other"),
    [
        # AKHUND and ESSA are not ESHAQ AKHUNZADA's; IZADI is not زاده
        ("محمد اسحاق آخوند زاده", "uk:6955"),
        ("محمد اسحاق آخوند زاده", "ofac-sdn:27255"),
        # MSN is in both, but RAMAZANI does not begin like ماشين
        ("ماشین سازی تبریز", "uk:13466"),
        # words overlapping in part: رمضان is not REZA + the N of ANSARI
        ("محمد رمضان وزيري", "ofac-sdn:42696"),
        # DAD TAYEB is two words (TTB), طيب one (TB); خليفه stays unexplained
        ("الله خليفه طيب ولي محمد", "uk:7483"),
        # M. is not احمد, which begins with a vowel
        ("عبد الحق ولد احمد انور خان", "un:TAi.051"),
        # نذير writes a long i between z and r; NASR has no vowel there
        ("سميرة نذير", "csl:8294"),
        # د is always d: صمد (Samad) has no s/z reading in its last letter, unlike ظ
        ("محمد صمد", "csl:10049"),
    ],
)
def test_look_alikes_are_not_matches(screener: Screener, query: str, other: str) -> None:
    assert _decision(screener, query, other) is not Decision.MATCH


def test_the_seed_buyer_in_persian_is_not_arak(screener: Screener) -> None:
    assert _decision(screener, "ماشین سازی تبریز", "ofac-sdn:11644") is None


def test_a_join_is_explained_as_one_pair(screener: Screener) -> None:
    m = next(
        m
        for m in screener.screen({"name": "عبدالرحمان زاهد", "schema": "Person"})
        if m.entity_id == "un:TAi.033"
    )
    lines = [e.text for e in m.explanation]
    assert any("عبدالرحمان" in t and "ABDUL RAHMAN" in t for t in lines), lines


def _align(query: str, name: str) -> tuple[Alignment | None, PreparedName]:
    q = prepare_query(make_query({"name": query, "schema": "Person"}))
    cn = prepare_candidate(entry("x:1", [name], P)).names[0]
    al = align_skeletons(
        q.name.analyzed.tokens,
        q.name.miss,
        q.skeletons,
        cn.analyzed.tokens,
        cn.weights,
        cn.miss,
        name_skeletons(cn.analyzed)[0],
        DEFAULT_CONFIG,
    )
    return al, cn


def _skeleton_alignment(query: str, name: str) -> float | None:
    al, _cn = _align(query, name)
    return None if al is None else al.score


def test_skeleton_alignment_joins_and_splits_words() -> None:
    joined = _skeleton_alignment("عبدالرحمان زاهد", "ABDUL RAHMAN ZAHED")
    assert joined is not None and joined >= 0.95
    score = _skeleton_alignment("محمد اسحاق آخوند زاده", "MOHAMMAD ESHAQ AKHUNZADA")
    assert score is not None and score >= DEFAULT_CONFIG.match_threshold


def test_skeleton_alignment_refuses_partial_overlaps() -> None:
    # many words against many, overlapping in part: no pair at all
    score = _skeleton_alignment("رمضان وزيري", "REZA ANSARI")
    assert score is None or score < DEFAULT_CONFIG.review_threshold


def test_a_particle_alone_does_not_pair_with_a_word() -> None:
    al, cn = _align("بصير السيد محمد", "ALI SAYYID MUHAMED")
    assert al is not None
    ali = [t.text for t in cn.analyzed.tokens].index("ali")
    assert all(ali not in p.c for p in al.pairs)


def test_latin_queries_have_no_skeletons() -> None:
    assert prepare_query(make_query("Abdul Rahman Zahed")).skeletons == ()
    assert prepare_query(make_query("عبدالرحمان زاهد")).skeletons


def test_skeleton_lookup_finds_by_trigrams_and_caps_distinct_skeletons() -> None:
    lookup = SkeletonLookup(["BTLRHMNSHT", "BTLRHMNSHT", "MHMTSKKNST", "KLM", ""], 5)
    found = lookup.similar(["BTLRHMNSHT"], 0.8, limit=5)
    assert found == {0: 1.0, 1: 1.0}  # the same skeleton on two lists: both names
    assert lookup.similar(["MHMTSHKKNTST"], 0.8, limit=5) == {2: pytest.approx(0.909, 1e-3)}
    assert lookup.similar(["BTLRHMNSHT"], 0.8, limit=0) == {}
    assert lookup.similar(["KLM"], 0.5, limit=5) == {}  # too short to be evidence


def test_pure_scorer_and_index_agree_on_a_cross_script_match(screener: Screener) -> None:
    pure = score(make_query({"name": "عبدالرحمان زاهد", "schema": "Person"}), LATIN_ONLY[0])
    via_index = next(
        m
        for m in screener.screen({"name": "عبدالرحمان زاهد", "schema": "Person"})
        if m.entity_id == LATIN_ONLY[0].entity_id
    )
    assert pure.decision is via_index.decision is Decision.MATCH


def test_analysis_of_the_query_marks_word_shapes() -> None:
    toks = analyze_name("احمد حسن خليفه", NameKind.PERSON).tokens
    assert [(t.lead, t.tail) for t in toks] == [("v", "c"), ("c", "c"), ("c", "")]


def test_the_lookup_holds_the_skeleton_the_scorer_computes(screener: Screener) -> None:
    """The index works skeletons out per vocabulary token for speed; they must be the ones
    name_skeletons gives the scorer."""
    idx = screener.index
    lookup = idx.skeleton_lookup
    by_name = {nid: lookup.values[sid] for sid, nids in enumerate(lookup.names) for nid in nids}
    assert by_name
    for nid, value in enumerate(idx.name_value):
        if nid not in by_name:
            continue
        analyzed = idx.prepared_name(nid, surfaces=False).analyzed
        assert name_skeletons(analyzed)[0].text == by_name[nid], value


@pytest.mark.parametrize(
    ("query", "listed"),
    [("박지성", "PARK JI SUNG"), ("이민호", "LEE MIN HO"), ("백남순", "PAEK NAM SUN")],
)
def test_hangul_surnames_meet_their_usual_romanisations(query: str, listed: str) -> None:
    """anyascii reads 박 as BAG and 이 as I: the variant table knows PARK and LEE, and a
    Hangul syllable read as one letter is a name, not an initial."""
    m = score(make_query({"name": query, "schema": "Person"}), entry("x:1", [listed], P))
    # The names agree (the score); each is a common Korean name, so the decision waits for
    # more than the name (screening.precision).
    assert m.score >= 0.8, [e.text for e in m.explanation]
    assert m.decision is Decision.REVIEW, [e.text for e in m.explanation]
