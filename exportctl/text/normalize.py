"""Unicode clean-up that runs before transliteration.

Steps (each one exists because lists and queries spell the same name differently):

1. NFKC: full-width letters, ligatures (``ﬁ``) and Arabic presentation forms (``ﻣ``) become
   the ordinary code points that the rest of the pipeline knows.
2. Invisible format characters (zero-width joiners, soft hyphen, BOM, bidi marks) are deleted:
   names pasted from PDFs and web pages carry them and they would split or glue tokens.
3. Arabic-script letter variants are folded to one letter. The same name is typed with the
   Persian or the Arabic keyboard (``ی``/``ي``, ``ک``/``ك``), with or without hamza on the alef,
   with ``ة`` or ``ه`` at the end; the dictionary form is the same name. The folding table is in
   ``data/arabic_folding.tsv`` with its sources.
4. Vowel points (Arabic harakat, Hebrew niqqud), tatweel (``ـ``, a justification stretch) and
   Quranic annotation marks are removed: lists almost never write them, queries sometimes do.

Nothing here changes the script of the text; that is :mod:`exportctl.text.translit`'s job.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

__all__ = ["clean", "fold_letters"]

# Format characters that are invisible but change tokenisation (Unicode category Cf subset
# plus soft hyphen). Kept explicit rather than "all of Cf" because ZWNJ inside Persian words
# should *join*, not split: deleting it leaves the word whole.
_INVISIBLE = {
    0x00AD,  # soft hyphen
    0x061C,  # Arabic letter mark
    0x200B,  # zero width space
    0x200C,  # zero width non-joiner (Persian half-space: deleting keeps the word whole)
    0x200D,  # zero width joiner
    0x200E,  # left-to-right mark
    0x200F,  # right-to-left mark
    0x202A,
    0x202B,
    0x202C,
    0x202D,
    0x202E,  # bidi embeddings and overrides
    0x2060,  # word joiner
    0x2066,
    0x2067,
    0x2068,
    0x2069,  # bidi isolates
    0xFEFF,  # byte order mark / zero width no-break space
}

# Code point ranges of marks that carry no identity for name matching.
_MARK_RANGES = (
    (0x0591, 0x05C7),  # Hebrew cantillation marks and points (letters start at 0x05D0)
    (0x0610, 0x061A),  # Arabic honorific/Quranic signs
    (0x064B, 0x065F),  # Arabic harakat: fathatan ... wavy hamza below
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06ED),  # Quranic annotation signs
    (0x08D3, 0x08FF),  # Arabic extended-A marks
)

_TATWEEL = 0x0640


@cache
def _folding_table() -> dict[int, str]:
    """The letter-variant folding map from ``data/arabic_folding.tsv``."""
    table: dict[int, str] = {}
    text = resources.files("exportctl.text").joinpath("data/arabic_folding.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        src, dst = line.split("\t")[:2]
        table[ord(src)] = dst
    return table


@cache
def _translate_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {cp: None for cp in _INVISIBLE}
    for lo, hi in _MARK_RANGES:
        for cp in range(lo, hi + 1):
            # Keep Hebrew punctuation that separates words (maqaf, sof pasuq) as a space.
            table[cp] = " " if cp in (0x05BE, 0x05C3) else None
    table[_TATWEEL] = None
    table.update(_folding_table())
    return table


def fold_letters(text: str) -> str:
    """Fold Arabic-script letter variants, drop vowel points, tatweel and invisible characters.

    >>> fold_letters("مُحَمَّد") == fold_letters("محمد")
    True
    >>> fold_letters("علی") == fold_letters("علي")
    True
    """
    return text.translate(_translate_table())


def clean(text: str) -> str:
    """NFKC-normalise, fold letter variants and collapse whitespace; keeps case and script.

    Control characters become spaces (a tab or newline inside a name separates words).
    """
    text = unicodedata.normalize("NFKC", text)
    text = fold_letters(text)
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())
