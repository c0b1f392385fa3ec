"""Which writing system a piece of text is in, as far as name matching needs to know.

Only two distinctions matter downstream:

* *consonantal* scripts (Arabic, Persian, Urdu, Hebrew, Syriac) do not write short vowels, so
  their transliterations are compared on consonant skeletons;
* *syllabic-block* scripts (Chinese/Japanese ideographs, Hangul) write one syllable per
  character without spaces between the syllables of a name, so each character becomes its
  own token (``习近平`` → ``xi jin ping``) and the matcher re-joins adjacent tokens when the
  other side writes ``Xi Jinping``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "has_consonantal",
    "is_latin_ascii",
    "is_other_alphabet",
    "is_syllable_char",
    "space_syllabic",
]

# Arabic (+ Supplement, Extended-A/B, presentation forms), Hebrew (+ presentation forms),
# Syriac, Thaana. Ranges from the Unicode 15.0 Blocks.txt.
_CONSONANTAL_RE = re.compile(
    "[\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u0780-\u07bf"
    "\u0870-\u089f\u08a0-\u08ff\ufb1d-\ufb4f\ufb50-\ufdff\ufe70-\ufeff]"
)

# CJK unified ideographs (+ extension A, compatibility ideographs, extension B..F in the
# supplementary plane) and Hangul syllables / jamo.
_SYLLABIC_RE = re.compile(
    "([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
    "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f])"
)


def has_consonantal(text: str) -> bool:
    """True if ``text`` contains a letter of a script that does not write short vowels."""
    return _CONSONANTAL_RE.search(text) is not None


def space_syllabic(text: str) -> str:
    """Put a space around every ideograph and Hangul syllable so each one is a token."""
    if text.isascii():
        return text
    return _SYLLABIC_RE.sub(r" \1 ", text)


def is_latin_ascii(text: str) -> bool:
    """True if ``text`` needs no transliteration."""
    return text.isascii()


def is_other_alphabet(text: str) -> bool:
    """True if ``text`` has a letter of an alphabet other than Latin (Cyrillic, Greek,
    Armenian, Georgian ...); consonantal and syllabic-block scripts count too."""
    if text.isascii():
        return False
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def is_syllable_char(text: str) -> bool:
    """True for one ideograph or Hangul syllable (a token of its own after space_syllabic)."""
    return len(text) == 1 and _SYLLABIC_RE.fullmatch(text) is not None
