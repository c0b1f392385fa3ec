"""Transliteration of any script to lower-case ASCII, for matching keys.

The library is `anyascii <https://github.com/anyascii/anyascii>`_ (ISC licence, pure Python,
no native dependency). It was chosen after measuring it against PyICU (``Any-Latin;
Latin-ASCII``), normality (an ICU wrapper) and rigour (its own Cyrillic/Greek/Hangul tables
plus ICU) on the cross-script name pairs of moov-io/watchman and on the UN list's
original-script names; the harness is ``benchmarks/screening/translit_eval.py`` and the figures
are in ``benchmarks/RESULTS.md``. In short: on Arabic and Persian anyascii keeps digraphs that
ICU's Latin-ASCII step destroys (``ش`` → ``sh``, not ``š`` → ``s``), on Cyrillic it follows
BGN/PCGN (``Юрий`` → ``Yuriy``; ICU gives ``Urij``), it needs no ICU installation, and it is
an order of magnitude faster.

Input must already be cleaned by :func:`exportctl.text.normalize.clean` (letter variants
folded, vowel points removed); Han and Hangul should already be split into single characters
with :func:`exportctl.text.scripts.space_syllabic` so each syllable becomes its own word.
"""

from __future__ import annotations

from functools import lru_cache

from anyascii import anyascii

__all__ = ["to_ascii"]


@lru_cache(maxsize=1 << 16)
def to_ascii(text: str) -> str:
    """Transliterate to ASCII and fold case. ASCII input is only case-folded.

    >>> to_ascii("Шевченко")
    'shevchenko'
    >>> to_ascii("تبريز")
    'tbryz'
    """
    if text.isascii():
        return text.lower()
    return anyascii(text).lower()
