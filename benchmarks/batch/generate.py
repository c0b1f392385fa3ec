"""A reproducible synthetic party file: customer-master-like names with planted list names.

``python -m benchmarks.batch.generate ROWS OUT.parquet [--seed N]`` writes ``OUT.parquet``
(id, name, schema, country, birth_date) and ``OUT.planted.jsonl`` (the planted rows and the
list entry each was made from).

* Names are built from the frequency tables in :mod:`benchmarks.batch.names` (17 cultures,
  Latin, Cyrillic, Greek, Arabic, Han, Kana/Kanji and Hangul scripts), persons and companies,
  with the spelling habits of real masters (upper case, "SURNAME, Given", middle initials).
* Repeats: a share of rows repeat an earlier party (the same customer under several accounts,
  sites or suppliers); with common names drawn again, a fifth to a third of the rows repeat
  an earlier query (more in larger files).
* 0.1 % of rows are planted from the lists with the perturbations of the screening
  evaluation set (alias, typo, reordered person name, legal form respelled, romanisation).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.batch.names import CULTURES, MORPHEMES, Culture
from benchmarks.screening import evalset
from exportctl.model import ListEntry
from exportctl.screening import Index

DUPLICATE_RATE = 0.15
PLANTED_SHARE = 0.001
PLANT_CATEGORIES = ("alias", "typo", "reorder", "legal_form", "romanization")
_CJK = {"CN", "JP", "KR"}


class _Zipf:
    """Draws items of a list with weight 1/rank (the first few common, a long tail)."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(items))))

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


@dataclass
class _Tables:
    culture: Culture
    given_common: _Zipf
    surname_common: _Zipf
    word: _Zipf
    legal: _Zipf

    def surname(self, rng: random.Random) -> str:
        parts = MORPHEMES.get(self.culture.country)
        if parts is not None and self.culture.country != "CN-latn" and rng.random() < 0.5:
            return rng.choice(parts[0]) + rng.choice(parts[1])
        return self.surname_common(rng)

    def given(self, rng: random.Random) -> str:
        parts = MORPHEMES.get(self.culture.country)
        if self.culture.country == "CN-latn" and parts is not None and rng.random() < 0.7:
            return rng.choice(parts[0]) + rng.choice(parts[1])  # two-syllable given names
        return self.given_common(rng)


def _person(rng: random.Random, t: _Tables) -> str:
    c = t.culture
    given, surname = t.given(rng), t.surname(rng)
    if c.country in _CJK:
        return surname + given
    if c.surname_first:
        return f"{surname} {given}"
    if rng.random() < 0.15:
        given = (
            f"{given} {t.given(rng)}"
            if rng.random() < 0.5
            else f"{given} {rng.choice('ABCDEHJKLMPRST')}."
        )
    if rng.random() < 0.1:
        return f"{surname.upper()}, {given}"
    return f"{given} {surname}"


def _company(rng: random.Random, t: _Tables) -> str:
    c = t.culture
    words = [t.word(rng) for _ in range(rng.choice((1, 1, 2)))]
    if c.country in _CJK:
        return t.surname(rng) + t.given(rng) + "".join(words) + t.legal(rng)
    r = rng.random()
    if r < 0.4:
        core = f"{t.surname(rng)} {' '.join(words)}"
    elif r < 0.55:
        core = f"{t.surname(rng)} & {t.surname(rng)}"
    elif r < 0.75:
        core = f"{t.given(rng)} {' '.join(words)}"
    else:
        core = " ".join([*words, t.word(rng)])
    return f"{core} {t.legal(rng)}"


def _country(c: Culture) -> str:
    return c.country.split("-")[0]


def _rows(n: int, rng: random.Random) -> Iterator[dict[str, str | None]]:
    tables = [
        _Tables(c, _Zipf(c.given), _Zipf(c.surnames), _Zipf(c.company_words), _Zipf(c.legal_forms))
        for c in CULTURES
    ]
    shares = list(itertools.accumulate(c.share for c in CULTURES))
    recent: list[dict[str, str | None]] = []
    for _ in range(n):
        if recent and rng.random() < DUPLICATE_RATE:
            yield dict(rng.choice(recent))
            continue
        t = tables[bisect(shares, rng.random() * shares[-1])]
        person = rng.random() < 0.6
        name = _person(rng, t) if person else _company(rng, t)
        if rng.random() < 0.2 and t.culture.country not in _CJK:
            name = name.upper()
        row: dict[str, str | None] = {
            "name": name,
            "schema": ("Person" if person else "Organization") if rng.random() < 0.7 else None,
            "country": _country(t.culture) if rng.random() < 0.85 else None,
            "birth_date": (
                f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                if person and rng.random() < 0.15
                else None
            ),
        }
        if len(recent) < 50_000:
            recent.append(row)
        else:
            recent[rng.randrange(len(recent))] = row
        yield row


def planted_cases(entries: list[ListEntry], index: Index, n: int, seed: int) -> list[evalset.Case]:
    """``n`` perturbed list names, as the screening evaluation set makes them."""
    b = evalset.Builder(entries, index, seed)
    per = -(-n // len(PLANT_CATEGORIES))
    for cat in PLANT_CATEGORIES:
        getattr(b, cat)(per)
    b.rng.shuffle(b.cases)
    return b.cases[:n]


@dataclass
class Generated:
    rows: int
    distinct: int
    planted: int
    path: Path
    planted_path: Path


def generate(
    n: int, out: Path, entries: list[ListEntry], index: Index, seed: int = 20261205
) -> Generated:
    rng = random.Random(seed)
    cases = planted_cases(entries, index, max(1, round(n * PLANTED_SHARE)), seed)
    where = dict(zip(sorted(rng.sample(range(n), len(cases))), cases, strict=True))
    schema = pa.schema(
        [(c, pa.string()) for c in ("id", "name", "schema", "country", "birth_date")]
    )
    planted_path = out.with_suffix(".planted.jsonl")
    distinct: set[tuple[str | None, ...]] = set()
    batch: dict[str, list[str | None]] = {c: [] for c in schema.names}
    with pq.ParquetWriter(out, schema) as writer, planted_path.open("w") as planted:
        for i, row in enumerate(_rows(n, rng)):
            rid = f"r{i:07d}"
            case = where.get(i)
            if case is not None:
                row = {
                    "name": case.name,
                    "schema": case.schema,
                    "country": None,
                    "birth_date": None,
                }
                planted.write(
                    json.dumps(
                        {
                            "id": rid,
                            "name": case.name,
                            "schema": case.schema,
                            "expected": case.expected,
                            "category": case.category,
                        }
                    )
                    + "\n"
                )
            distinct.add((row["name"], row["schema"], row["country"], row["birth_date"]))
            batch["id"].append(rid)
            for c in ("name", "schema", "country", "birth_date"):
                batch[c].append(row[c])
            if len(batch["id"]) >= 100_000:
                writer.write_table(pa.table(batch, schema=schema))
                batch = {c: [] for c in schema.names}
        if batch["id"]:
            writer.write_table(pa.table(batch, schema=schema))
    return Generated(n, len(distinct), len(cases), out, planted_path)


def main(argv: list[str] | None = None) -> None:
    from benchmarks.screening.lists import load_all

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=20261205)
    ap.add_argument("--lists", type=Path, default=Path("../shared/data/lists"))
    args = ap.parse_args(argv)
    loaded = load_all(args.lists)
    index = Index.build(loaded.entries)
    g = generate(args.rows, args.out, loaded.entries, index, args.seed)
    print(f"{g.rows:,} rows ({g.distinct:,} distinct), {g.planted} planted -> {g.path}")


if __name__ == "__main__":
    main()
