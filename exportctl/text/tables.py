"""The data tables of ``exportctl/text/data`` (each file documents its own sources).

Loaded once per process on first use and cached; the tables are plain data, so a reviewer can
change matching behaviour (add a legal form, a name variant) without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from exportctl.text.phonetic import consonant_skeleton

__all__ = ["LegalForms", "Tables", "tables"]


def _rows(filename: str) -> list[list[str]]:
    text = resources.files("exportctl.text").joinpath(f"data/{filename}").read_text("utf-8")
    out: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.split("\t"))
    return out


@dataclass(frozen=True)
class LegalForms:
    """Legal-form token sequences and the code each one means."""

    #: token tuple -> code, e.g. ("co", "ltd") -> "ltd"
    forms: dict[tuple[str, ...], str]
    #: the longest form, in tokens (bounds the scan)
    max_len: int
    #: first token -> (length, code) of the forms starting with it, longest first
    by_first: dict[str, tuple[tuple[int, str], ...]]
    #: words of 5+ letters used in legal forms, and their one-deletion variants -> the word
    #: (to recognise "Compnay", "Limted", "Joitn Stock")
    words_by_deletion: dict[str, str]

    @staticmethod
    def family(code: str) -> str:
        """``jsc/public`` -> ``jsc``: codes of one family are weak evidence of each other."""
        return code.split("/", 1)[0]


@dataclass(frozen=True)
class Tables:
    legal: LegalForms
    #: token -> "particle" | "title" | "stop"
    particles: dict[str, str]
    #: spelling -> the canonical keys of the variant groups it belongs to
    variants: dict[str, tuple[str, ...]]
    #: consonant skeleton -> variant groups with a spelling of that skeleton (for names
    #: written in Arabic/Hebrew script, where only the skeleton is known: محمد -> muhammad)
    variants_by_skeleton: dict[str, tuple[str, ...]]
    #: generic business words (weight capped)
    generic: frozenset[str]
    #: number word -> (digits, kind) where kind is cardinal | ordinal | roman
    numbers: dict[str, tuple[str, str]]


# Variant groups whose key starts with this join a name and its nicknames (William, Bill), a
# weaker tie than spellings of one name.
NICKNAME_PREFIX = "~"

# Particles of different languages that all say "son of" (particles.tsv): a name written
# with one is written with another in another script or romanisation (ولد = OULD = "son of").
SON_OF_PARTICLES = frozenset({"bin", "ould", "ag", "bar", "oglu", "ogly"})

# Canonical forms of particles that are spelling variants of each other, so that "el" meets
# "al" and "ibn" meets "bin" as equals.
PARTICLE_CANON = {
    "el": "al",
    "ul": "al",
    "ud": "al",
    "ad": "al",
    "ar": "al",
    "ur": "al",
    "as": "al",
    "ash": "al",
    "at": "al",
    "az": "al",
    "an": "al",
    "ben": "bin",
    "ibn": "bin",
    "bent": "bint",
    "abou": "abu",
    "abo": "abu",
    "shaikh": "sheikh",
    "shaykh": "sheikh",
    "sheik": "sheikh",
    "hajji": "haji",
    "hadji": "haji",
    "haj": "haji",
    "hajj": "haji",
    "mulla": "mullah",
    "maulvi": "mawlawi",
    "mawlavi": "mawlawi",
    "und": "and",
    "et": "and",
    "va": "and",
    "wa": "and",
    "ve": "and",
    "fuer": "for",
    "fur": "for",
    "pour": "for",
}


def _deletion_map(words: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for w in sorted(words):
        out.setdefault(w, w)
        for k in range(len(w)):
            out.setdefault(w[:k] + w[k + 1 :], w)
    return out


@cache
def tables() -> Tables:
    """All tables, loaded once."""
    forms: dict[tuple[str, ...], str] = {}
    for row in _rows("legal_forms.tsv"):
        code, form = row[0], row[1]
        forms[tuple(form.split())] = code
    first: dict[str, list[tuple[int, str]]] = {}
    for form_tokens, form_code in forms.items():
        first.setdefault(form_tokens[0], []).append((len(form_tokens), form_code))
    by_first = {k: tuple(sorted(set(v), reverse=True)) for k, v in first.items()}
    particles = {row[1]: row[0] for row in _rows("particles.tsv")}
    groups: dict[str, list[str]] = {}
    # Groups of the Arabic/Persian section may also be found by consonant skeleton (names
    # written in Arabic script); other sections' skeletons would collide with Arabic words.
    skeleton_groups: set[str] = set()
    section = ""
    text = resources.files("exportctl.text").joinpath("data/name_variants.tsv").read_text("utf-8")
    nicknames: list[list[str]] = []
    slavic: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("# ---"):
            section = line
            continue
        if not line.strip() or line.startswith("#"):
            continue
        spellings = line.split()
        if "Nicknames" in section:
            nicknames.append(spellings)
            continue
        key = spellings[0]
        if "Arabic" in section:
            skeleton_groups.add(key)
        if "Russian" in section:
            slavic.extend((sp, key) for sp in spellings)
        for s in spellings:
            groups.setdefault(s, [])
            if key not in groups[s]:
                groups[s].append(key)
    # Latvian gives a Russian name the nominative -s (Sergejs, Aleksandrs, Vladimirs): the
    # same name in Latvian documents.
    for spelling, key in slavic:
        groups.setdefault(spelling + "s", [key])
    # A nickname group ("~" + the full name) holds the nicknames and every spelling that
    # shares a variant group with the full name.
    for full, *short in nicknames:
        key = NICKNAME_PREFIX + full
        full_groups = set(groups.get(full, ())) or {full}
        members = [s for s, keys in groups.items() if full_groups.intersection(keys)]
        for s in dict.fromkeys([full, *members, *short]):
            groups.setdefault(s, [])
            if key not in groups[s]:
                groups[s].append(key)
    generic_rows = _rows("generic_words.tsv")
    generic = frozenset(row[0] for row in generic_rows)
    for row in generic_rows:
        if len(row) > 2 and row[2]:
            # Translations of one generic word share a concept group ("=manufacturing").
            key = "=" + row[2]
            groups.setdefault(row[0], [])
            if key not in groups[row[0]]:
                groups[row[0]].append(key)
    by_skel: dict[str, set[str]] = {}
    for spelling, keys in groups.items():
        arabic = [k for k in keys if k in skeleton_groups]
        skel = consonant_skeleton(spelling)
        if arabic and len(skel) >= 2:
            by_skel.setdefault(skel, set()).update(arabic)
    return Tables(
        legal=LegalForms(
            forms=forms,
            max_len=max(len(k) for k in forms),
            by_first=by_first,
            words_by_deletion=_deletion_map({w for f in forms for w in f if len(w) >= 5}),
        ),
        particles=particles,
        variants={k: tuple(sorted(v)) for k, v in groups.items()},
        variants_by_skeleton={k: tuple(sorted(v)) for k, v in by_skel.items()},
        generic=generic,
        numbers={row[0]: (row[1], row[2].split()[0]) for row in _rows("number_words.tsv")},
    )
