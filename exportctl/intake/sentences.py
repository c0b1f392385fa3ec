"""Splitting document text into sentences, the unit every extractor works on.

Alert prose is full of periods that do not end sentences ("Co., Ltd.", "U.S.", "D.C.",
"E.O. 12958"), bullets ("-- We urge you ...") and banner lines ("(SECRET REL TAIWAN)"), so a
plain split on ". " would cut company names in two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ABBREVIATIONS", "MAX_SENTENCE", "Sentence", "split_sentences"]

#: Words that end with a period without ending the sentence (lower case, without the period).
ABBREVIATIONS = frozenset(
    {
        "co", "ltd", "inc", "corp", "mr", "mrs", "ms", "dr", "prof", "no", "nos", "st", "jr",
        "sr", "gen", "col", "lt", "capt", "vs", "e.g", "i.e", "approx", "fig", "dept", "u.s",
        "d.c", "e.o", "u.k", "u.n", "s.a", "s.p.a", "b.v", "n.v", "l.l.c", "p.o", "ref",
        "para", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "pvt", "bhd", "sdn", "pte", "plc", "est", "int'l", "intl", "mfg", "s.l", "a.s",
        "s.r.l", "s.a.r.l", "s.a.s", "kft", "sti", "a.g", "k.k", "d.o.o", "s.c",
    }
)  # fmt: skip
# Legal-form abbreviations often end a sentence too; after them, these words start a new one.
_LEGAL_ENDINGS = frozenset(
    {"co", "ltd", "inc", "corp", "plc", "bhd", "pvt", "s.a", "b.v", "a.s", "s.l", "s.r.l",
     "s.a.r.l", "kft", "sti", "s.p.a", "l.l.c"}
)  # fmt: skip
_STARTERS = frozenset(
    {"The", "It", "This", "These", "In", "On", "We", "Its", "They", "Their", "According", "A"}
)
_BULLET_RE = re.compile(r"^\s*(?:--|-|•|\*|\(?[a-z0-9]\)|[a-z]\.\s)")
_BANNER_RE = re.compile(
    r"^\s*\((?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|SBU)\b[^)]*\)\s*$", re.IGNORECASE
)
# Wrapped prose fills its lines; a line shorter than this ends a block unless it ends in one
# of _JOINERS.
_SHORT_LINE = 45
_JOINERS = (",", ";", "-", "and", "of", "the", "to")
#: Longest sentence passed to the extractors, in characters; longer ones are cut.
MAX_SENTENCE = 1000
_BOUNDARY_RE = re.compile(r"([.!?])([\"'”’)\]]*)\s+(?=[\"“(]?[A-Z0-9¶-])")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, the paragraph it is in (``-1`` for the subject line) and
    whether it is written in capitals (cable subjects, old telegrams)."""

    text: str
    paragraph: int
    upper: bool


def split_sentences(text: str, paragraph: int = 0) -> list[Sentence]:
    """Split one paragraph into sentences; bullets and wrapped lines are handled."""
    sentences: list[Sentence] = []
    for block in _blocks(text):
        start = 0
        for m in _BOUNDARY_RE.finditer(block):
            if m.group(1) == "." and not _ends_sentence(block, m):
                continue
            _add(sentences, block[start : m.end(1) + len(m.group(2))], paragraph)
            start = m.end()
        _add(sentences, block[start:], paragraph)
    return sentences


def _blocks(text: str) -> list[str]:
    """Lines joined back into blocks: wrapped lines rejoin; bullets, blank lines and short
    lines split."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or _BANNER_RE.match(line) or _BULLET_RE.match(line):
            if current:
                blocks.append(" ".join(current))
                current = []
            if line.strip() and not _BANNER_RE.match(line):
                current = [re.sub(r"^\s*(?:--|•|\*)\s*", "", line.strip())]
            continue
        if current and len(current[-1]) < _SHORT_LINE and not current[-1].endswith(_JOINERS):
            # A short line is a line of its own (a letterhead, an address, a signature), not
            # prose wrapped at the margin.
            blocks.append(" ".join(current))
            current = []
        current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    return blocks


def _ends_sentence(block: str, m: re.Match[str]) -> bool:
    """False when the period closes an abbreviation or an initial rather than a sentence."""
    before = block[: m.start(1)]
    word = re.search(r"([A-Za-z][A-Za-z.'’]*)$", before)
    if not word:
        return True
    token = word.group(1).lower()
    if token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
        after = block[m.end() :].split(" ", 1)[0]
        return token in _LEGAL_ENDINGS and after in _STARTERS
    return True


def _add(sentences: list[Sentence], text: str, paragraph: int) -> None:
    text = " ".join(text.split())
    while len(text) > MAX_SENTENCE:
        # No real sentence is this long (a table, a list without stops, garbage): cut it at a
        # space so that every extractor works on bounded input.
        cut = text.rfind(" ", MAX_SENTENCE // 2, MAX_SENTENCE)
        cut = cut if cut > 0 else MAX_SENTENCE
        _add(sentences, text[:cut], paragraph)
        text = text[cut:].strip()
    if not text:
        return
    letters = [c for c in text if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9
    sentences.append(Sentence(text, paragraph, upper and len(letters) > 3))
