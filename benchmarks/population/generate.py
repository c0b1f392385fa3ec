"""A seeded, realistic customer population for the precision benchmark.

Names come from Faker's locale tables (https://github.com/joke2k/faker, MIT), which hold each
country's given names and surnames, most of them weighted by published frequencies (en_US:
US Census Bureau 2010 surnames and SSA given names; ko_KR, zh_CN, ru_RU, de_DE ...: the
national tables its providers cite). No list name is planted: every row is what Faker draws
for its locale. A share of the rows of non-Latin countries is written in Latin letters, as
customer masters often hold them (pinyin, Revised Romanisation, BGN/PCGN-like readings from
anyascii), so Latin-script list names meet their romanised namesakes too. Arabic and Persian
names are kept in their script: a letter-by-letter reading without short vowels ("Bd Lkrym")
is no spelling a customer record would hold.

Two parts, drawn with different seeds: ``dev`` (looked at while tuning) and ``held-out``
(only reported). The same seed gives the same rows on every machine with the same Faker
version (pinned in pyproject's dev extra).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from anyascii import anyascii
from faker import Faker

__all__ = ["COUNTRIES", "Party", "population"]


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    locale: str
    script: str
    #: share of rows written in Latin letters (romanised) for a non-Latin locale
    romanised: float = 0.0
    #: company name pattern when Faker's own is unusable for the locale ({last} = a surname)
    company_suffixes: tuple[str, ...] = ()


COUNTRIES: tuple[Country, ...] = (
    Country("US", "en_US", "Latin"),
    Country("DE", "de_DE", "Latin"),
    Country("FR", "fr_FR", "Latin"),
    Country("MX", "es_MX", "Latin"),
    Country("TR", "tr_TR", "Latin"),
    Country("RU", "ru_RU", "Cyrillic", romanised=0.3),
    Country("UA", "uk_UA", "Cyrillic", romanised=0.3),
    Country("CN", "zh_CN", "Han", romanised=0.3),
    Country("JP", "ja_JP", "Han/Kana", romanised=0.0),
    Country("KR", "ko_KR", "Hangul", romanised=0.3),
    Country(
        "AE",
        "ar_AA",
        "Arabic",
        company_suffixes=("Ltd", "LLC", "FZE", "General Trading LLC", "ذ.م.م", "للتجارة العامة"),
    ),
    Country("IR", "fa_IR", "Arabic"),
    Country("IN", "hi_IN", "Devanagari", romanised=0.3),
)


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    name: str
    schema: str  # Person | Organization
    country: str
    script: str  # the script the name is written in
    part: str  # dev | held-out


def _romanise(name: str) -> str:
    # Han and Hangul: one syllable per character, spaced as romanised names are
    # (梁鑫 -> Liang Xin), a surname first; other scripts word by word.
    out: list[str] = []
    for word in name.split():
        if all(_syllabic(ch) for ch in word):
            sylls = [anyascii(ch).capitalize() for ch in word]
            out.append(sylls[0])
            if len(sylls) > 1:
                out.append("".join(sylls[1:]).capitalize())
        else:
            out.append(anyascii(word).title())
    return " ".join(out)


def _syllabic(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7a3"


def _person(fk: Faker, c: Country, rng: random.Random) -> str:
    first, last = fk.first_name(), fk.last_name()
    if c.code in ("CN", "KR", "JP"):
        return f"{last}{first}" if c.code != "JP" else f"{last} {first}"
    if c.code in ("RU", "UA") and rng.random() < 0.5:
        # Russian and Ukrainian records often carry the patronymic
        middle = fk.middle_name() if hasattr(fk, "middle_name") else ""
        return f"{first} {middle} {last}".replace("  ", " ").strip()
    if c.code == "MX" and rng.random() < 0.5:
        return f"{first} {last} {fk.last_name()}"
    return f"{first} {last}"


def _company(fk: Faker, c: Country, rng: random.Random) -> str:
    if c.company_suffixes:
        return f"{fk.last_name()} {rng.choice(c.company_suffixes)}"
    return str(fk.company())


def population(per_country: int, seed: int, part: str, person_share: float = 0.7) -> list[Party]:
    """``per_country`` parties for each country of :data:`COUNTRIES`, reproducibly."""
    rows: list[Party] = []
    for ci, c in enumerate(COUNTRIES):
        fk = Faker(c.locale)
        fk.seed_instance(seed * 1000 + ci)
        rng = random.Random(seed * 1000 + ci)
        for k in range(per_country):
            person = rng.random() < person_share
            name = _person(fk, c, rng) if person else _company(fk, c, rng)
            script = c.script
            if c.romanised and rng.random() < c.romanised:
                name, script = _romanise(name), "Latin"
            rows.append(
                Party(
                    id=f"{part}:{c.code}:{k}",
                    name=name,
                    schema="Person" if person else "Organization",
                    country=c.code,
                    script=script,
                    part=part,
                )
            )
    return rows
