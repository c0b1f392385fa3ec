"""Letter-by-letter reading of an Arabic-script word as a Latin spelling.

The scorer compares a word in Arabic script with a Latin word on consonant *classes* (s/z,
t/d, k/q/g ... are one class each: ``text.phonetic.consonant_skeleton``), because
romanisations disagree; that is what finds ``DJOUADI`` for ``جوادي``. On a population of
ordinary customers, classes are too coarse for names of one or two words: ``خثعم``
(Khath'am) meets ``GHASHIM`` and ``حاشد`` (Hashid) meets ``HIAST``, although no
romanisation writes خ as gh or ش as s. :func:`reads_as` asks the stricter question: can the
Latin word be produced from the Arabic letters, each written as one of the readings that
romanisations give it (``data/arabic_readings.tsv``, with sources), short vowels and doubled
letters free?
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

__all__ = ["arabic_readings", "reads_as"]

_VOWELS = frozenset("aeiou")
_ALEF, _LAM, _YEH = "\u0627", "\u0644", "\u064a"
#: the sun letters, before which the article's l is assimilated (ash-Shami, Essabar)
_SUN = frozenset(
    "\u062a\u062b\u062f\u0630\u0631\u0632\u0633\u0634\u0635\u0636\u0637\u0638\u0644\u0646"
)
_WAW = "\u0648"
_EMPTY = "-"


@lru_cache(maxsize=1)
def arabic_readings() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(letter -> readings anywhere, letter -> readings at the end of a word only)."""
    text = resources.files("exportctl.screening").joinpath("data/arabic_readings.tsv")
    anywhere: dict[str, tuple[str, ...]] = {}
    final: dict[str, tuple[str, ...]] = {}
    for line in text.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        letter = cols[0]
        anywhere[letter] = tuple("" if r == _EMPTY else r for r in cols[1].split())
        final[letter] = tuple(cols[2].split()) if len(cols) > 2 and cols[2] else ()
    return anywhere, final


def _letters(words: Sequence[str]) -> tuple[list[str], list[bool], list[bool]] | None:
    """The Arabic letters of the words, with whether each ends / begins a word; None if a
    character has no entry in the table (digits, other scripts: nothing can be said)."""
    anywhere, _final = arabic_readings()
    letters: list[str] = []
    ends: list[bool] = []
    starts: list[bool] = []
    for w in words:
        ws = [ch for ch in w if ch.isalpha()]
        for k, ch in enumerate(ws):
            if ch not in anywhere:
                return None
            letters.append(ch)
            ends.append(k == len(ws) - 1)
            starts.append(k == 0)
    return letters, ends, starts


@lru_cache(maxsize=1 << 14)
def reads_as(arabic: tuple[str, ...], latin: str) -> bool:
    """True if ``latin`` (lower-case ASCII, the words run together) spells the Arabic-script
    ``arabic`` words letter by letter: each letter one of its readings, in order; Latin
    vowels where the script writes none (short vowels) and a letter written twice (shadda,
    and the article assimilated: ``ash-Shami``) are free. Alef may go unwritten only where it
    begins a word or carries the article (``عبد الله`` is ABDULLAH); the article's l may go
    unwritten before a sun letter (``بالدم`` is BIDDAM), and a yeh (where hamza sat on it)
    between two Latin vowels (``مطمئن`` is MOTMAEN). True when the Arabic side
    holds a character the table does not know (nothing can be said)."""
    parsed = _letters(arabic)
    if parsed is None or not latin:
        return True
    letters, ends, starts = parsed
    anywhere, final = arabic_readings()
    n, m = len(letters), len(latin)
    # reach[i] = Latin positions reachable after reading i letters
    reach: list[set[int]] = [set() for _ in range(n + 1)]
    reach[0] = _free(latin, {0})
    for i, ch in enumerate(letters):
        options = anywhere[ch] + (final[ch] if ends[i] else ())
        if ch == _ALEF and starts[i]:
            # a word-initial alef is the seat of its vowel, written in Latin as that vowel
            options = (*options, "i", "o", "u")
        if (
            ch == _LAM
            and i > 0
            and letters[i - 1] == _ALEF
            and i + 1 < n
            and letters[i + 1] in _SUN
        ):
            options = (*options, "")  # the article assimilated: the next letter doubles
        nxt: set[int] = set()
        for j in reach[i]:
            for r in options:
                if r == "":
                    if ch == _ALEF and not _silent_alef(letters, starts, i):
                        continue
                    nxt.add(j)
                    continue
                if ch == _YEH and 0 < j < m and latin[j - 1] in _VOWELS and latin[j] in _VOWELS:
                    # hamza on a yeh seat (folded to yeh: مطمئن, قائد) between two vowels:
                    # MOTMAEN, QAID write the hiatus, not a y
                    nxt.add(j)
                if latin.startswith(r, j):
                    end = j + len(r)
                    nxt.add(end)
                    # shadda and assimilation: the letter's last Latin letter written twice
                    if end < m and latin[end] == r[-1] and r[-1] not in _VOWELS:
                        nxt.add(end + 1)
        reach[i + 1] = _free(latin, nxt)
        if not reach[i + 1]:
            return False
    return m in reach[n]


def _silent_alef(letters: Sequence[str], starts: Sequence[bool], i: int) -> bool:
    """An alef that carries the article (عبد الله: ABDULLAH) or, at the start of a word, the
    seat of a long vowel written next (ایمیدرو: IMIDRO, اويس: UWAIS)."""
    nxt = letters[i + 1] if i + 1 < len(letters) else ""
    return nxt == _LAM or (starts[i] and nxt in (_YEH, _WAW))


def _free(latin: str, positions: set[int]) -> set[int]:
    """Positions reachable by skipping Latin vowels (short vowels are not written)."""
    out = set(positions)
    stack = list(positions)
    while stack:
        j = stack.pop()
        if j < len(latin) and latin[j] in _VOWELS and j + 1 not in out:
            out.add(j + 1)
            stack.append(j + 1)
    return out
