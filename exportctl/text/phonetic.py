"""Phonetic keys for name tokens (ASCII, lower case in; keys out).

Two keys, for two different problems:

``phonetic_key``
    Romanisations of the same sound in Latin script: ``mashin``/``machine``, ``schulze``/
    ``sholz``, ``qasem``/``ghasem``/``kasem``. Consonant digraphs collapse into one class
    symbol; vowel runs keep only a coarse class (``a``, ``e/i/y``, ``o/u``) because vowels do
    distinguish names (Hassan, Hossein); a silent final ``e`` and a final ``h`` after a vowel
    are dropped; doubled letters collapse.

``consonant_skeleton``
    Names that came out of a consonantal script (Arabic, Persian, Hebrew), where short vowels
    are not written at all: ``محمد`` transliterates as ``mhmd`` and must meet ``Mohammad``,
    ``Muhammad`` and ``Mohamed``. The skeleton keeps consonant classes only; ``w``, ``y`` and
    ``v`` go too because in those scripts the same letters are both consonants and long vowels
    (``و`` is written for *u*, *o*, *w* and *v*). It is deliberately coarse and is only used
    when one side of a comparison is consonantal.

Both are this project's own design (not Soundex or Metaphone, which are tuned for English
surnames and lose the vowel evidence we keep).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "SUN_LETTERS",
    "SkeletonParts",
    "consonant_skeleton",
    "letters_skeleton",
    "letters_skeleton_parts",
    "letters_skeletons",
    "phonetic_key",
    "phonetic_keys",
    "vowel_gaps",
]

# Ordered: longer patterns first. Upper-case symbols are class codes, never input letters
# (input is lower case).
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("sch", "S"),
    ("tch", "S"),
    ("dzh", "J"),
    ("sh", "S"),
    ("ch", "S"),
    ("zh", "J"),
    ("dj", "J"),
    ("kh", "K"),
    ("gh", "K"),
    ("ck", "K"),
    ("ph", "F"),
    ("th", "T"),
    ("dh", "D"),
    ("ts", "Z"),
    ("tz", "Z"),
    ("ks", "X"),
    ("cs", "X"),
)
_DIGRAPH_RE = re.compile("|".join(d for d, _ in _DIGRAPHS))
_DIGRAPH_MAP = dict(_DIGRAPHS)

# Single letters after digraphs. ``c`` before a front vowel sounds like ``s``.
_LETTER_CLASS = {
    "b": "B",
    "p": "B",
    "c": "K",
    "k": "K",
    "q": "K",
    "g": "G",
    "j": "J",
    "d": "D",
    "t": "T",
    "f": "F",
    "v": "F",
    "w": "F",
    "s": "S",
    "z": "Z",
    "x": "X",
    "l": "L",
    "m": "M",
    "n": "N",
    "r": "R",
    "h": "H",
}
_VOWEL_CLASS = {"a": "a", "e": "i", "i": "i", "y": "i", "o": "u", "u": "u"}
_SOFT_C = re.compile(r"c(?=[eiy])")


@lru_cache(maxsize=1 << 16)
def phonetic_key(token: str) -> str:
    """A phonetic key for a Latin-script token (ASCII lower case).

    >>> phonetic_key("mashin") == phonetic_key("machine")
    True
    >>> phonetic_key("hassan") == phonetic_key("hossein")
    False
    """
    if not token or not token.isalpha():
        return token
    t = token
    if len(t) > 3 and t.endswith("e") and t[-2] not in "aeiouy":
        t = t[:-1]  # silent final e (machine, Scholze); keeps short names like "abe"
    if len(t) > 3 and t.endswith("h") and t[-2] in "aeiou":
        t = t[:-1]  # Abdullah/Abdulla, Hamzah/Hamza
    t = _SOFT_C.sub("s", t)
    t = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group(0)], t)
    out: list[str] = []
    prev = ""
    for ch in t:
        if ch in _VOWEL_CLASS:
            sym = _VOWEL_CLASS[ch]
            if prev in ("a", "i", "u"):
                continue  # a vowel run keeps the class of its first vowel
        else:
            sym = _LETTER_CLASS.get(ch, ch)
        if sym != prev:
            out.append(sym)
        prev = sym
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def phonetic_keys(token: str) -> tuple[str, ...]:
    """:func:`phonetic_key` and, for a word with ``dh``, the key with it read as ``z``.

    ``dh`` romanises ذ ض ظ, which others write ``z`` (REDHAEI / REZAEI, AL-DHOMOR / AL-ZOMOR)
    or ``d``: the primary key reads it as ``d``, the second as ``z``.

    >>> phonetic_keys("redhaei")[1] == phonetic_key("rezaei")
    True
    """
    first = phonetic_key(token)
    if "dh" not in token:
        return (first,)
    return (first, phonetic_key(token.replace("dh", "z")))


_SKELETON_DROP = frozenset("aeiouywv")
# Consonant classes that romanisations of one Arabic/Persian letter alternate between.
_SKELETON_MERGE = {"G": "K", "Z": "S", "D": "T"}


class SkeletonParts(NamedTuple):
    """A word's consonant skeleton with, for consonantal-script words, what the letters say
    beyond it."""

    skel: str
    #: per pair of neighbouring symbols: "1" if a vowel (a long vowel letter) stands between
    gaps: str
    #: per symbol: "1" if a letter read two ways gave it (ث ذ ض ظ: T or S; ج: J or K)
    readings: str


def _emit(units: Iterable[tuple[Sequence[str], bool, bool]]) -> SkeletonParts:
    """A skeleton from (symbols, vowel, read two ways) units in writing order.

    A unit without symbols (a vowel letter, ayn) separates two like consonants, which then
    stay two (MANAN is MNN, not MN); like symbols in a row otherwise collapse (a doubled
    letter is one consonant). Between each two symbols emitted, the gap is ``1`` if a vowel
    unit stood there, else ``0``.
    """
    out: list[str] = []
    gaps: list[str] = []
    readings: list[str] = []
    prev = ""
    vowel = False
    for symbols, is_vowel, two_ways in units:
        if is_vowel:
            vowel = True
        if not symbols:
            prev = ""
        for sym in symbols:
            if sym != prev:
                if out:
                    gaps.append("1" if vowel else "0")
                out.append(sym)
                readings.append("1" if two_ways else "0")
                vowel = False
            elif two_ways:
                readings[-1] = "1"
            prev = sym
    return SkeletonParts("".join(out), "".join(gaps), "".join(readings))


def _latin_class(ch: str) -> str:
    sym = _LETTER_CLASS.get(ch, ch)
    # Voicing pairs and emphatics that romanisations of one letter alternate between:
    # gh/q/g/k (Qasem, Ghasem, Gasem), z/s (ز ذ ظ vs س ص), d/t/dh/th (Kazim, Kadhim).
    return _SKELETON_MERGE.get(sym, sym)


@lru_cache(maxsize=1 << 16)
def _latin_skeleton_and_gaps(token: str) -> tuple[str, str]:
    t = token
    if len(t) > 2 and t.endswith("h") and t[-2] not in "cgksptdz":
        t = t[:-1]  # final heh / teh marbuta is written in Arabic but often not romanised
    t = _SOFT_C.sub("s", t)
    # "zh" is ز+ه in romanisations of Arabic and Persian (AZHAR, MAZHARI), not the Cyrillic
    # ж that the phonetic key reads; "H" (upper case) is already a class symbol.
    t = t.replace("zh", "zH")
    t = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group(0)], t)
    # w and v count as vowels in the gaps: they romanise و (Nawaz, Javad)
    skel, gaps, _readings = _emit(
        ((), True, False) if ch in _SKELETON_DROP else ((_latin_class(ch),), False, False)
        for ch in t
    )
    return skel, gaps


@lru_cache(maxsize=1 << 16)
def consonant_skeleton(token: str) -> str:
    """The consonant skeleton of a token, for comparisons with consonantal scripts.

    >>> consonant_skeleton("mhmd") == consonant_skeleton("mohammed") == "MHMT"
    True
    >>> consonant_skeleton("tbryz") == consonant_skeleton("tabriz")
    True
    """
    if not token or not token.isalpha():
        return token
    return _latin_skeleton_and_gaps(token)[0]


def vowel_gaps(token: str) -> str:
    """For each pair of neighbouring symbols of :func:`consonant_skeleton`, ``1`` if a vowel
    letter (a e i o u y, or w v, which romanise و) stands between them, else ``0``.

    >>> consonant_skeleton("nazir"), vowel_gaps("nazir"), vowel_gaps("nasr")
    ('NSR', '11', '10')
    """
    if not token or not token.isalpha():
        return ""
    return _latin_skeleton_and_gaps(token)[1]


_HEH = "\u0647"
# Letters Arabic and Persian write for a long vowel (or for w/y): a romanisation writes a
# vowel (or w/y) where they stand.
_LONG_VOWEL_LETTERS = frozenset("\u0627\u0622\u0648\u064a\u06cc\u0649")


def letters_skeleton_parts(word: str, translit: Callable[[str], str]) -> SkeletonParts:
    """The consonant skeleton of a word in a consonantal script, letter by letter, with its
    vowel gaps (for each pair of neighbouring symbols, ``1`` if a long vowel letter — ا و ي ی
    ى — is written between them) and the symbols a letter read two ways gave.

    Transliterating the whole word first would make digraphs ambiguous: ``حمزة`` is
    ``h-m-z-h`` and must not read as ``h-m-zh``. Each letter is transliterated alone and
    classed; a final heh (also teh marbuta, folded into heh) is dropped, as the Latin side
    drops a final ``h``.

    >>> from anyascii import anyascii
    >>> tuple(letters_skeleton_parts("\u0646\u0630\u064a\u0631", anyascii))  # نذير, Nazir
    ('NTR', '01', '010')
    """
    body = word[:-1] if len(word) > 2 and word.endswith(_HEH) else word
    return _emit(
        (
            _LETTER_SKELETON.get(ch) or _skeleton_symbols(translit(ch).lower()),
            ch in _LONG_VOWEL_LETTERS,
            ch in _TWO_READINGS,
        )
        for ch in body
    )


def letters_skeleton(word: str, translit: Callable[[str], str]) -> str:
    """The skeleton of :func:`letters_skeleton_parts`.

    >>> from anyascii import anyascii
    >>> letters_skeleton("\u062d\u0645\u0632\u0647", anyascii) == consonant_skeleton("hamza")
    True
    """
    return letters_skeleton_parts(word, translit).skel


def _skeleton_symbols(t: str) -> list[str]:
    if not t.isalpha():
        return []
    t = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group(0)], t)
    return [_latin_class(ch) for ch in t if ch not in _SKELETON_DROP]


# Letters read two ways by romanisations: ث (th/s), ذ (dh/z), ض (d/z, Persian and Urdu always
# z) and ظ (dh/z), a dental stop (T) or a sibilant (S); and ج, j or, in Egypt and the Gulf, g
# (RAGAB for رجب, GAMAL for جمال), J or K.
_TWO_READINGS = {
    "\u062b": ("T", "S"),
    "\u0630": ("T", "S"),
    "\u0636": ("T", "S"),
    "\u0638": ("T", "S"),
    "\u062c": ("J", "K"),
    # Pashto ځ (dz): romanised z (ZADRAN) or, as Dari speakers say it, j (Jadran)
    "\u0681": ("S", "J"),
}
# Letters whose transliteration does not give their usual romanisation's consonant: Pashto ځ
# is "dz" to anyascii, but lists write it z.
_LETTER_SKELETON = {"\u0681": ["S"]}


# Arabic "sun letters": the article's l is pronounced as the next consonant and romanisations
# often write it so (ABDUR RAHMAN for عبد الرحمن, NOORUDDIN for نورالدين).
SUN_LETTERS = frozenset(
    "\u062a\u062b\u062f\u0630\u0631\u0632\u0633\u0634\u0635\u0636\u0637\u0638\u0644\u0646"
)
_ALEF_LAM = "\u0627\u0644"


def letters_skeletons(word: str, translit: Callable[[str], str], limit: int = 4) -> list[str]:
    """:func:`letters_skeleton` and, for words with letters read two ways, the other readings.

    ``فيض`` gives ``FT`` and ``FS`` (Faid, Faiz), ``رجب`` ``RJB`` and ``RKB`` (Rajab, Ragab);
    at most ``limit`` readings, the first reading of every letter first.

    >>> from anyascii import anyascii
    >>> letters_skeletons("\u0641\u064a\u0636", anyascii)
    ['FT', 'FS']
    """
    first = letters_skeleton(word, translit)
    body = word[:-1] if len(word) > 2 and word.endswith(_HEH) else word
    # the article inside a compound before a sun letter: نورالدين is NUR AL-DIN and NURUDDIN
    assimilated = {
        k + 1
        for k in range(1, len(body) - 2)
        if body[k : k + 2] == _ALEF_LAM and body[k + 2] in SUN_LETTERS
    }
    if not assimilated and not set(_TWO_READINGS).intersection(word):
        return [first]
    readings = [""]
    for k, ch in enumerate(body):
        if ch in _TWO_READINGS:
            options: tuple[str, ...] = _TWO_READINGS[ch]
        elif k in assimilated:
            options = ("L", "")
        else:
            # "|" stands for a letter with no consonant symbol (a long vowel): it stops two
            # like consonants around it from collapsing, as in letters_skeleton.
            options = ("".join(_skeleton_symbols(translit(ch).lower())) or "|",)
        readings = [r + o for r in readings for o in options][:limit]
    out: list[str] = []
    for r in readings:
        collapsed = _collapse(r)
        if collapsed not in out:
            out.append(collapsed)
    return out


def _collapse(skel: str) -> str:
    """Adjacent repeats of one class collapse (a doubled letter is one consonant); ``|``
    separators are dropped after."""
    out: list[str] = []
    for ch in skel:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out).replace("|", "")
