"""Precision rules: when a name alone may not be a ``match``, or not even a ``review``.

The alignment score says how much of two names agree; these rules say how much that agreement
is worth as evidence of *one party*, for the names where the score alone over-states it on
real customer populations (``python -m benchmarks.population``; docs/screening.md §5):

* **short names** — one distinctive word on a side (``Krause``, ``CRAS``): a match needs the
  word near-identical (same spelling, a listed variant, or an Arabic-script spelling of at
  least three consonants read exactly); a one-word name inside a longer one (``John`` in
  ``John Flores``) is no alert;
* **short words** — names whose words all have four letters or fewer (``Lu Ping``): every word
  near-identical and the list name covered, else no alert;
* **syllabic names** — a name in Han characters or Hangul is a few syllables from a small set:
  every syllable must meet the other name near-identically (same reading, a listed variant;
  Hangul also a romanisation of the same sound) and the list name may have no syllable left
  over (김성진 is not KIM Song: 진 is part of the given name);
* **common names** — every word met is a name very many people share (``common_names.tsv``:
  Kim Song, Zhang Liang, John Smith; a Han or Hangul name of up to three syllables with a
  common surname): at most ``review`` unless a birth date or an identifier agrees.

* **letter-by-letter reading** — a name of one or two words met across scripts: each word
  must be a reading of the other letter by letter (``screening.readings``), not only by
  consonant class (خثعم is not GHASHIM);
* **syllable order, initials, romanised syllables** — a Han/Hangul given name's syllables in
  the list's order; a word met only by a list initial while the list keeps a given name is
  another person; a one-word given name against one written in syllables reads the same
  syllable by syllable.

Each rule gives a *cap* on the score and the sentence the explanation shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from exportctl.screening.align import Alignment, Pair
from exportctl.screening.config import ScoringConfig
from exportctl.screening.readings import reads_as
from exportctl.text.names import AnalyzedName, NameKind, Token, TokenKind, analyze_name
from exportctl.text.scripts import is_syllable_char

__all__ = ["NameCap", "common_name_keys", "is_common", "name_cap"]

#: pair methods that count as the same word (spelling, listed variant or nickname, numbers)
_NEAR_IDENTICAL = frozenset({"exact", "variant", "nickname"})
_IDENTIFYING = (TokenKind.WORD, TokenKind.NUMBER)
_SYLLABLE_KINDS = (TokenKind.WORD, TokenKind.PARTICLE, TokenKind.INITIAL, TokenKind.NUMBER)
_HANGUL_FIRST, _HANGUL_LAST = "\uac00", "\ud7af"


@dataclass(frozen=True, slots=True)
class NameCap:
    """The highest score a name alignment may reach, and why (shown in the explanation)."""

    cap: float
    attribute: str
    text: str
    #: lifted when a birth date or an identifier agrees (the name is common, not wrong)
    liftable: bool = False
    #: limits the decision to ``review`` and leaves the score alone, as a weak alias does:
    #: the names agree as much as the score says, it is the party that is uncertain
    decision_only: bool = False


@lru_cache(maxsize=1)
def common_name_keys() -> frozenset[tuple[bool, str]]:
    """(consonantal, text-or-variant-group) of every name in ``data/common_names.tsv``."""
    text = resources.files("exportctl.screening").joinpath("data/common_names.tsv")
    keys: set[tuple[bool, str]] = set()
    for line in text.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name = line.split("\t")[0]
        for tok in analyze_name(name, NameKind.PERSON).tokens:
            if tok.kind is TokenKind.WORD:
                keys.add((tok.consonantal, tok.text))
                if not tok.consonantal:
                    keys.update((False, g) for g in tok.groups)
    return frozenset(keys)


def is_common(token: Token) -> bool:
    """True if the word (or a variant of it) is one very many people bear."""
    keys = common_name_keys()
    if (token.consonantal, token.text) in keys:
        return True
    # An Arabic-script word's groups are the Latin names its skeleton may spell (سيفي: Yusuf
    # too), too wide to call it common: its own letters decide.
    return not token.consonantal and any((False, g) in keys for g in token.groups)


def _distinctive(
    tokens: Sequence[Token], weights: Sequence[float], generic: frozenset[str]
) -> list[int]:
    return [
        i
        for i, t in enumerate(tokens)
        if t.kind in _IDENTIFYING and t.text not in generic and weights[i] > 0.0
    ]


def _bare(tokens: Sequence[Token], generic: frozenset[str]) -> bool:
    """A name of one word and at most legal forms (``John``, ``Wong LLC``): no particle,
    initial, number or generic word beside it (``Ben Netanyahu``, ``Deutsche Bank AG``)."""
    return all(
        t.kind is TokenKind.LEGAL or (t.kind is TokenKind.WORD and t.text not in generic)
        for t in tokens
    )


def _near_identical(method: str, sim: float) -> bool:
    return method in _NEAR_IDENTICAL or sim >= 0.95 or (method == "transliteration" and sim >= 0.9)


def _skeleton_ok(qtok: Token, ctok: Token, method: str, sim: float, cfg: ScoringConfig) -> bool:
    """A cross-script word read exactly (transliteration 0.90) with enough consonants."""
    if method != "transliteration" or sim < 0.9:
        return False
    cons = qtok if qtok.consonantal else ctok
    return len(cons.skel) >= cfg.min_informative_consonants


def name_cap(
    qname: AnalyzedName,
    qmiss: Sequence[float],
    cname: AnalyzedName,
    cmiss: Sequence[float],
    al: Alignment,
    generic: frozenset[str],
    cfg: ScoringConfig,
) -> NameCap | None:
    """The strictest cap the precision rules put on this alignment, or None."""
    if al.score < cfg.review_threshold:
        return None  # nothing to cap: it is no alert already
    qt, ct = qname.tokens, cname.tokens
    below_review = cfg.review_threshold - 0.01
    below_match = cfg.match_threshold - 0.01
    qd = _distinctive(qt, qmiss, generic)
    cd = _distinctive(ct, cmiss, generic)
    pair_of_q = {i: p for p in al.pairs for i in p.q}
    pair_of_c = {j: p for p in al.pairs for j in p.c}
    unaligned_q = [i for i in qd if i not in pair_of_q]
    unaligned_c = [j for j in cd if j not in pair_of_c]

    # Syllabic names (Han, Hangul on the query side): every syllable counts, even one that
    # reads like a particle (도 is "do").
    syll = [
        i
        for i, t in enumerate(qt)
        if t.kind in _SYLLABLE_KINDS and is_syllable_char(qname.surfaces[i])
    ]
    if syll:
        for i in syll:
            p = pair_of_q.get(i)
            if p is None:
                continue
            hangul = _HANGUL_FIRST <= qname.surfaces[i] <= _HANGUL_LAST
            ok = _near_identical(p.method, p.sim) or (
                hangul and p.method == "phonetic" and len(p.q) == 1
            )
            if p.method == "joined":
                ok = p.sim >= 0.95
            if not ok:
                return NameCap(
                    below_review,
                    "syllables",
                    f"the syllable {qname.surfaces[i]} meets the list name only by a loose "
                    f"reading ({p.method} {p.sim:.2f}): a Han or Hangul name's syllables must "
                    "read the same: no alert",
                )
        left_c = [j for j, t in enumerate(ct) if t.kind in _SYLLABLE_KINDS and j not in pair_of_c]
        left_q = [i for i in syll if i not in pair_of_q]
        if left_c or left_q:
            side = "the list name" if left_c else "the query"
            return NameCap(
                below_review,
                "syllables",
                f"{side} has a syllable the other lacks: a different given name in a Han or "
                "Hangul name, not a shortened one: no alert",
            )

        # A given name's syllables in their order: 은정 (Eun-jeong) is not 정은 (Jong Un).
        # The surname (the first syllable) may stand anywhere ("KIM, Jong Un").
        order = [min(pair_of_q[i].c) for i in syll[1:] if i in pair_of_q]
        if any(b < a for a, b in pairwise(order)):
            return NameCap(
                below_review,
                "syllables",
                "the given name's syllables come in another order in the list name: another "
                "given name in a Han or Hangul name: no alert",
            )

    # A query word met only by an initial of the list name while the list name keeps a
    # distinctive word with no counterpart: the word is another given name, not the initial's
    # (Averyan MIKHEEV is not MIKHEEV, Alexander A.; Mahdis HOSSENI is not HOSSENI, M. Ali).
    for p in al.pairs:
        if (
            p.method == "initial"
            and all(ct[j].kind is TokenKind.INITIAL for j in p.c)
            and all(qt[i].kind is TokenKind.WORD for i in p.q)
        ):
            kept = [j for j in unaligned_c if cmiss[j] >= cfg.query_extra_min_weight]
            if kept:
                return NameCap(
                    below_review,
                    "initial",
                    f"{_surface(qname, p.q)} meets only the initial {_surface(cname, p.c)}, "
                    f"and {_surface(cname, kept)} of the list name has no counterpart: "
                    "another person's given name: no alert",
                )

    # A name written in syllables (YONG HO, SONG HUN: romanised Korean and Chinese given
    # names) against one word (YEONGHUI, SANGHUN): the syllables must read the same.
    for p in al.pairs:
        if p.method != "joined" or _near_identical(p.method, p.sim):
            continue
        split = p.c if len(p.q) == 1 else p.q if len(p.c) == 1 else ()
        toks = [ct[j] for j in split] if split is p.c else [qt[i] for i in split]
        if (
            len(toks) >= 2
            and all(
                t.kind is TokenKind.WORD
                and not t.consonantal
                and len(t.text) <= cfg.short_word_max_letters
                for t in toks
            )
            and not any(qt[i].consonantal for i in p.q)
        ):
            return NameCap(
                below_review,
                "syllables",
                f"{_surface(qname, p.q)} meets the syllables {_surface(cname, p.c)} only by a "
                f"loose reading (joined {p.sim:.2f}): a given name written in syllables must "
                "read the same syllable by syllable: no alert",
            )

    # Short names across scripts: every word read letter by letter (خثعم is not GHASHIM).
    cap = _letter_reading_cap(qname, cname, qd, cd, al, pair_of_q, cfg)
    if cap is not None:
        return cap

    # One distinctive word on a side.
    if len(qd) == 1 or len(cd) == 1:
        one_side_q = len(qd) == 1
        other_left = unaligned_c if one_side_q else unaligned_q
        other_miss = cmiss if one_side_q else qmiss
        other_tokens = ct if one_side_q else qt
        bare = _bare(qt if one_side_q else ct, generic)
        # Generic words met exactly beside the word (BANK MELI IRAN) are evidence of their
        # own; one met loosely (Омега Групп / MEGA GROUP) is not.
        backed = (
            sum(
                1
                for p in al.pairs
                if _near_identical(p.method, p.sim)
                and all((qt[i].kind is TokenKind.WORD and qt[i].text in generic) for i in p.q)
            )
            >= 2
        )
        if bare and any(
            other_miss[k] >= cfg.one_word_extra_min_weight
            and other_tokens[k].kind is TokenKind.WORD
            and len(other_tokens[k].text) >= 4
            for k in other_left
        ):
            word = _surface(qname, qd) if one_side_q else cname.raw
            return NameCap(
                below_review,
                "short_name",
                f"the one-word name {word} is only part of the other name: no alert",
            )
        single = qd[0] if one_side_q else cd[0]
        p = pair_of_q.get(single) if one_side_q else pair_of_c.get(single)
        if p is not None and not backed:
            consonantal = any(qt[i].consonantal for i in p.q) or any(ct[j].consonantal for j in p.c)
            if consonantal:
                on_list = any(ct[j].consonantal for j in p.c)
                cons = sum(len(ct[j].skel) for j in p.c if ct[j].consonantal) or sum(
                    len(qt[i].skel) for i in p.q if qt[i].consonantal
                )
                # A Latin name meets a list name in Arabic or Hebrew script on its consonants
                # alone: two (KADE, GUYOT = القاعدة, K-D) say nothing. An Arabic-script name
                # meets a Latin list spelling that also writes the vowels the script leaves
                # out, so two consonants may do, but not against a Latin word without vowels
                # (an acronym: RPP is no reading of ربيعة).
                latin = [qt[i].text for i in p.q] if on_list else [ct[j].text for j in p.c]
                written = "".join(qname.surfaces[i] for i in p.q if qt[i].consonantal)
                # With two consonants only, both spellings must be long enough to carry the
                # vowels: the query's word 3 letters or more as written, the Latin one 5 or
                # more (القاعدة / AL-QAIDA, דוד / DAVID; not كف / AL KIFAH, nor CEC, RIPI).
                two_ok = len("".join(latin)) >= 5 and len(written) >= 3
                need = cfg.min_informative_consonants if on_list or not two_ok else 2
                informative = (
                    p.sim >= (0.9 if on_list else 0.85)
                    and cons >= need
                    # three words or more run together into the one word are a coincidence
                    # of consonants (سرمايه گذاري نفت قشم / SURGUTNEFTEGAS), not a spelling
                    and max(len(p.q), len(p.c)) <= 2
                    and (on_list or any(ch in "aeiouy" for w in latin for ch in w))
                )
                detail = f"{cons} consonants"
            else:
                la = sum(len(qt[i].text) for i in p.q)
                lb = sum(len(ct[j].text) for j in p.c)
                # A short word respelt at the same length (AARO/AERO, VAED/WAID) is a
                # romanisation; one that gains or loses letters (KRAUSE/CRAS, KADE/KADEK)
                # is most often another word.
                informative = (
                    _near_identical(p.method, p.sim)
                    or min(la, lb) > cfg.short_word_max_letters
                    or (la == lb and p.method != "typo")
                )
                detail = f"{min(la, lb)} and {max(la, lb)} letters"
            if not informative:
                return NameCap(
                    below_review,
                    "short_name",
                    f"a one-word name met only by a loose reading of {_surface(qname, p.q)} "
                    f"({p.method} {p.sim:.2f}, {detail}): no alert",
                )

    # Every word short (Lu Ping, Chen Yang): met loosely twice, or loosely and in part.
    if (
        qd
        and all(len(qt[i].text) <= cfg.short_word_max_letters for i in qd)
        and not any(qt[i].consonantal for i in qd)
    ):
        loose_pairs = [p for p in al.pairs if not _near_identical(p.method, p.sim)]
        if (loose_pairs and unaligned_c) or len(loose_pairs) >= 2:
            return NameCap(
                below_review,
                "short_name",
                "a name of short words met loosely"
                + (" and in part" if unaligned_c else " word after word")
                + ": no alert",
            )

    # Common names.
    met = [i for i in qd if i in pair_of_q]
    if met and (
        (len(met) <= cfg.common_name_max_words and all(is_common(qt[i]) for i in met))
        or (syll and len(syll) <= 3 and any(is_common(qt[i]) for i in syll))
    ):
        shown = " ".join(dict.fromkeys(qname.surfaces[i] for i in met))
        # A customer's common name inside a listed person's longer one (Daniel Serrano in
        # SERGIO DANIEL SERRANO-LOPEZ), or met by a loose reading (Kevin King, KONG Kelvin).
        # (Han and Hangul syllables passed their own, stricter test above.)
        loosely = not syll and any(
            not _near_identical(pair_of_q[i].method, pair_of_q[i].sim) for i in met
        )
        if unaligned_c or loosely:
            how = "loosely" if loosely and not unaligned_c else "in part"
            return NameCap(
                below_review,
                "common_name",
                f"a name very many people share ({shown}) met {how}: no alert",
            )
        return NameCap(
            below_match,
            "common_name",
            f"a name very many people share ({shown}): at most review without a birth date "
            "or identifier that agrees",
            liftable=True,
            decision_only=True,
        )
    return None


_READ_KINDS = (TokenKind.WORD, TokenKind.PARTICLE)


def _letter_reading_cap(
    qname: AnalyzedName,
    cname: AnalyzedName,
    qd: Sequence[int],
    cd: Sequence[int],
    al: Alignment,
    pair_of_q: dict[int, Pair],
    cfg: ScoringConfig,
) -> NameCap | None:
    """A name of at most ``cfg.letter_reading_max_words`` distinctive words met across
    scripts (Arabic script on one side, Latin on the other): each distinctive word must be
    a letter-by-letter reading of the other (``screening.readings``). Consonant classes alone
    (خ and gh, ش and s are one class each) let a short name meet too many list names."""
    if max(len(qd), len(cd)) > cfg.letter_reading_max_words:
        return None
    qt, ct = qname.tokens, cname.tokens
    seen: set[int] = set()
    for i in qd:
        p = pair_of_q.get(i)
        if p is None or id(p) in seen:
            continue
        seen.add(id(p))
        q_kinds = [qt[i].kind for i in p.q]
        c_kinds = [ct[j].kind for j in p.c]
        if not all(k in _READ_KINDS for k in (*q_kinds, *c_kinds)):
            continue
        q_cons = [qt[i].consonantal for i in p.q]
        c_cons = [ct[j].consonantal for j in p.c]
        if all(q_cons) and not any(c_cons):
            a_name, a_idx, l_tokens = qname, p.q, [ct[j] for j in p.c]
        elif all(c_cons) and not any(q_cons):
            a_name, a_idx, l_tokens = cname, p.c, [qt[i] for i in p.q]
        else:
            continue
        # a particle joined into the pair (جمات ال / JAMAAT, the article) may go unwritten
        arabic = tuple(a_name.surfaces[k] for k in a_idx)
        bare_a = tuple(
            a_name.surfaces[k] for k in a_idx if a_name.tokens[k].kind is not TokenKind.PARTICLE
        )
        latin = "".join(t.text for t in l_tokens)
        bare_l = "".join(t.text for t in l_tokens if t.kind is not TokenKind.PARTICLE)
        if not any(
            reads_as(a, lt) for a in dict.fromkeys((arabic, bare_a)) if a for lt in {latin, bare_l}
        ):
            shown = _surface(qname, p.q)
            other = _surface(cname, p.c)
            return NameCap(
                cfg.review_threshold - 0.01,
                "letter_reading",
                f"{shown} and {other} share consonant classes, but no romanisation writes "
                f"one as the other letter by letter; a name of {max(len(qd), len(cd))} "
                "word(s) needs more: no alert",
            )
    return None


def _surface(name: AnalyzedName, idx: Sequence[int]) -> str:
    parts: list[str] = []
    for i in idx:
        s = name.surfaces[i]
        s = s.upper() if s.isascii() else s
        if not parts or parts[-1] != s:
            parts.append(s)
    return " ".join(parts)
