"""How similar two tokens are, and why (the method is shown in explanations).

=================  =====  ==============================================================
method             sim    when
=================  =====  ==============================================================
exact              1.00   same text (legal forms: same code; particles: same particle)
variant            0.95   romanisations of one name (``data/name_variants.tsv``)
nickname           0.85   a name and its nickname (William/Bill, Aleksandr/Sasha; same file)
phonetic           0.90   same phonetic key (``mashin``/``machine``)
vowel              0.85   same consonants in place, one vowel differs (two in 6+ letters)
transliteration    0.90   consonantal script vs Latin, same consonant skeleton
                          (``mhmd``/``Mohammed``) and same word shape (``Token.lead``,
                          ``Token.tail``), a vowel wherever the script writes a long
                          one (``Token.gaps``); 0.85 if only a final h or an s/t class differs;
                          0.80 for one-consonant skeletons, the article's l/r on the Latin
                          word (عبد/Abdul) and skeletons one h apart
typo               1-d/L  OSA edit distance d within the budget for the shorter length
                          (≤4: 0, 5: 1, ≥6: 2; four letters: one
                          insertion/deletion); L = longer length
initial            0.80   a single letter and a word starting with it
legal_form         0.80   legal forms of one family (PJSC/JSC)
joined             as is  two or three adjacent tokens joined (``jin ping``/``jinping``),
                          computed by the aligner with the same rules
=================  =====  ==============================================================
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

from exportctl.text.names import Token, TokenKind
from exportctl.text.phonetic import consonant_skeleton, phonetic_keys, vowel_gaps
from exportctl.text.scripts import has_consonantal, is_other_alphabet, is_syllable_char
from exportctl.text.tables import NICKNAME_PREFIX, SON_OF_PARTICLES, LegalForms

__all__ = [
    "different_characters",
    "edit_budget",
    "foreign_scripts",
    "gaps_compatible",
    "long_vowels_kept",
    "other_readings",
    "shapes_differ",
    "skeleton_similarity",
    "string_similarity",
    "token_similarity",
    "vowel_variant",
]

NO_MATCH: tuple[float, str] = (0.0, "")


def different_characters(query_surface: str, list_surface: str) -> bool:
    """Two different Han characters or Hangul syllables: whatever their readings (石 and 市 are
    both *shi*; 종 and 정 romanise alike), the written characters say the names differ."""
    return (
        query_surface != list_surface
        and is_syllable_char(query_surface)
        and is_syllable_char(list_surface)
    )


def foreign_scripts(query_surface: str, list_token: Token) -> bool:
    """A query word in an alphabet or syllabary other than Latin and Arabic/Hebrew
    (Cyrillic, Devanagari, Han, Hangul ...) and a list word in Arabic or Hebrew script: both
    are transliterations, neither is a spelling of the other (李娟 is not ولی جان)."""
    return (
        list_token.consonantal
        and not query_surface.isascii()
        and not has_consonantal(query_surface)
        and is_other_alphabet(query_surface)
    )


def edit_budget(shorter: int) -> int:
    """Edits tolerated between two words, by the shorter word's length.

    Short words get none: ``arak``/``arad`` are different places and ``sami``/``sazi``
    different words; one edit in a word of four letters or fewer lands on another real name
    too often (the phonetic key and the variant table still catch spelling variants).
    """
    if shorter <= 4:
        return 0
    if shorter <= 5:
        return 1
    return 2


def string_similarity(a: str, b: str, *, consonantal: bool = False) -> float:
    """Edit-distance similarity of two Latin strings within the edit budget, else 0.

    Four-letter words get one edit only if it is an insertion or deletion (``Arie``/``Aries``,
    ``Iyad``/``Riyad``); a substitution there too often makes another name (``Sami``/``Sazi``).
    Two transliterations of consonantal script (``consonantal``) are words written without
    short vowels, so each letter weighs more: the budget is that of a word one letter shorter
    and never above one edit (پزشکفر ``pzshkfr`` is not پزشکیان ``pzshkyn``).
    """
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    shorter = min(la, lb)
    if consonantal:
        budget = min(1, edit_budget(shorter - 1))
    else:
        budget = edit_budget(shorter)
        if budget == 0 and shorter == 4 and abs(la - lb) == 1:
            budget = 1
    if budget == 0 or abs(la - lb) > budget:
        return 0.0
    d = OSA.distance(a, b, score_cutoff=budget)
    if d > budget:
        return 0.0
    return 1.0 - d / max(la, lb)


_VOWELS = frozenset("aeiouy")


def vowel_variant(a: str, b: str) -> bool:
    """Same consonants in the same places, one vowel different (two in words of 6+ letters).

    Romanisations disagree on vowels far more than on consonants: Emir/Amir, Khen/Khan,
    Yoan/Yuan, Geng/Gang.
    """
    n = len(a)
    if n != len(b) or n < 4:
        return False
    diffs = 0
    for x, y in zip(a, b, strict=True):
        if x != y:
            if x not in _VOWELS or y not in _VOWELS:
                return False
            diffs += 1
    return 0 < diffs <= (1 if n <= 5 else 2)


# Skeleton classes one Arabic letter is romanised as (see phonetic.letters_skeletons).
_TWO_READINGS = ({"S", "T"}, {"J", "K"})


def shapes_differ(lead_a: str, tail_a: str, lead_b: str, tail_b: str) -> bool:
    """One word begins (or ends) with a vowel, the other with a consonant (see
    ``Token.lead`` and ``Token.tail``): a transliteration keeps both."""
    return (bool(lead_a) and bool(lead_b) and lead_a != lead_b) or (
        bool(tail_a) and bool(tail_b) and tail_a != tail_b
    )


def long_vowels_kept(cons: Token, latin: Token) -> bool:
    """False if the consonantal-script word writes a long vowel between two consonants where
    the Latin word, consonant for consonant, has none (نذير, Nazir, is not NASR). Only for
    skeletons of one length; True when nothing can be said."""
    return "1" not in cons.gaps or gaps_compatible(cons.gaps, vowel_gaps(latin.text))


@lru_cache(maxsize=1 << 12)
def gaps_compatible(cons_gaps: str, latin_gaps: str) -> bool:
    """See :func:`long_vowels_kept` (the gap strings of the two words)."""
    if len(cons_gaps) != len(latin_gaps):
        return True
    return not any(c == "1" and g == "0" for c, g in zip(cons_gaps, latin_gaps, strict=True))


_OTHER_READING = {"S": "T", "T": "S", "J": "K", "K": "J"}


def other_readings(skel: str, readings: str, limit: int = 4) -> list[str]:
    """The skeletons a consonantal-script word also has when its letters read two ways
    (``Token.readings``) take their other class: فيض, FT, is also FS (Faiz)."""
    if "1" not in readings or len(readings) != len(skel):
        return []
    out = [""]
    for ch, marked in zip(skel, readings, strict=True):
        alt = _OTHER_READING.get(ch) if marked == "1" else None
        out = [o + x for o in out for x in ((ch, alt) if alt else (ch,))][: limit + 1]
    return [o for o in out if o != skel][:limit]


def skeleton_similarity(
    cons_skel: str, cons_len: int, latin_skel: str, latin_len: int, readings: str = ""
) -> float:
    """A consonantal-script word's skeleton against a Latin word's (see the table above).

    ``readings`` (``Token.readings``) marks the symbols a letter read two ways gave: an s/t
    or j/g class may differ only there. Empty (a run of joined words): anywhere.
    """
    sa, sb = cons_skel, latin_skel
    if not sa or not sb:
        return 0.0
    la, lb = len(sa), len(sb)
    if sa == sb or (la == 1 and lb == 1 and {sa, sb} == {"S", "T"}):
        if la >= 2:
            return 0.9
        # One consonant (علي/Ali, يحيى/Yahia, ضيا/Zia): only against Latin words about as
        # short, or every word with that consonant would match.
        return 0.8 if latin_len <= cons_len + 3 else 0.0
    if la >= 2 and lb >= 2:
        if sa.rstrip("H") == sb.rstrip("H"):
            return 0.85  # a final h written on one side only (طه / Taha, Hamzah / حمزه)
        if la == lb and all(
            x == y or ({x, y} in _TWO_READINGS and (not readings or readings[k] == "1"))
            for k, (x, y) in enumerate(zip(sa, sb, strict=True))
        ):
            # ث ذ ض ظ: th/dh/d in Arabic romanisations, s/z in Persian ones; ج: j or g
            return 0.85
        if lb == la + 1 and sb[:-1] == sa and sb[-1] in "LR":
            return 0.8  # the article written on the Latin word before: عبد / Abdul, Abdur
    if min(la, lb) >= 2 and abs(la - lb) == 1:
        longer, shorter = (sa, sb) if la > lb else (sb, sa)
        # One h apart: a digraph read as two letters (kh = ك+ح, sh = س+ه) or the other way.
        # Any other consonant apart is another name often enough (KHALIFA, KALAMI).
        if any(
            ch == "H" and longer[:k] + longer[k + 1 :] == shorter for k, ch in enumerate(longer)
        ):
            return 0.8
    return 0.0


def _same_sound(a: Token, b: Token) -> bool:
    if a.phon == b.phon:
        return True
    if "dh" not in a.text and "dh" not in b.text:
        return False
    return not set(phonetic_keys(a.text)).isdisjoint(phonetic_keys(b.text))


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity in [0, 1] of a query token ``a`` and a list token ``b``, and the method."""
    ka, kb = a.kind, b.kind
    if ka is TokenKind.LEGAL or kb is TokenKind.LEGAL:
        if ka is not kb:
            return NO_MATCH
        if a.groups == b.groups:
            return (1.0, "exact")
        if LegalForms.family(a.groups[0]) == LegalForms.family(b.groups[0]):
            return (0.8, "legal_form")
        return NO_MATCH
    if ka is TokenKind.PARTICLE or kb is TokenKind.PARTICLE:
        if ka is kb and a.groups == b.groups:
            return (1.0, "exact")
        if ka is kb and a.groups[0] in SON_OF_PARTICLES and b.groups[0] in SON_OF_PARTICLES:
            return (0.9, "variant")
        return NO_MATCH
    if ka is TokenKind.NUMBER or kb is TokenKind.NUMBER:
        if ka is kb and (a.groups or (a.text,)) == (b.groups or (b.text,)):
            return (1.0, "exact")
        return NO_MATCH
    if a.text == b.text and a.consonantal == b.consonantal:
        return (1.0, "exact")
    if ka is TokenKind.INITIAL or kb is TokenKind.INITIAL:
        if ka is kb or (a.consonantal and b.consonantal):
            return NO_MATCH
        init, word = (a, b) if ka is TokenKind.INITIAL else (b, a)
        if init.consonantal:
            return NO_MATCH
        if not word.consonantal:
            return (0.8, "initial") if init.text[0] == word.text[0] else NO_MATCH
        # A Latin initial for a consonantal-script word (M. for محمد): the word's first
        # consonant, or a vowel for a word that begins with one.
        if init.text in _VOWELS:
            return (0.8, "initial") if word.lead == "v" else NO_MATCH
        first = consonant_skeleton(init.text)
        return (0.8, "initial") if first and word.skel[:1] == first else NO_MATCH
    if a.consonantal or b.consonantal:
        if a.consonantal and b.consonantal:
            s = string_similarity(a.text, b.text, consonantal=True)
            return (s, "typo") if s else NO_MATCH
        if shapes_differ(a.lead, a.tail, b.lead, b.tail):
            return NO_MATCH
        if a.groups and b.groups and not set(a.groups).isdisjoint(b.groups):
            return (0.95, "variant")
        cons, latin = (a, b) if a.consonantal else (b, a)
        s = skeleton_similarity(
            cons.skel, len(cons.text), latin.skel, len(latin.text), cons.readings
        )
        if not s or not long_vowels_kept(cons, latin):
            return NO_MATCH
        return (s, "transliteration")
    if a.groups and b.groups:
        shared = set(a.groups).intersection(b.groups)
        if shared:
            if any(not g.startswith(NICKNAME_PREFIX) for g in shared):
                return (0.95, "variant")
            return (0.85, "nickname")
    s = string_similarity(a.text, b.text)
    if s < 0.9 and len(a.phon) >= 3 and _same_sound(a, b):
        return (0.9, "phonetic")
    if s < 0.85 and vowel_variant(a.text, b.text):
        return (0.85, "vowel")
    return (s, "typo") if s else NO_MATCH
