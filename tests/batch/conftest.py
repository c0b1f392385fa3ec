"""Fixtures: an index over the hand-made fixture lists and small party files to screen."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import pytest

from exportctl.lists.formats import format_by_name
from exportctl.model import ListEntry
from exportctl.screening import Index, Screener

FIXTURE_LISTS = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
LISTS = (("ofac_sdn", "ofac-legacy", "ofac-sdn"), ("un", "un-xml", "un"), ("csl", "csl", "csl"))

# Parties: listed names (verbatim, misspelt, reordered), names that share words with listed
# ones, unrelated names, repeats, and rows no query can be made of.
PARTY_NAMES = [
    "ACME MACHINE TOOLS CO. LTD.",
    "Acme Machine Tool Company Limited",
    "John Doe",
    "DOE, John",
    "Hassan Karimi",
    "Hasan Karimy",
    "Kim Chol",
    "Example Precision Machinery",
    "Example Telecom Corp",
    "Ocean Example",
    "Machine Works GmbH",
    "Bäckerei Müller GmbH",
    "Jean-Pierre Dubois",
    "Wang Xiaoming",
    "حسن کریمی",
    "Ким Чол",
    "Nordic Timber AB",
    "Rossi & Figli S.p.A.",
]


def fixture_entries() -> list[ListEntry]:
    out: list[ListEntry] = []
    for folder, fmt, source in LISTS:
        files = sorted((FIXTURE_LISTS / folder).iterdir())
        out.extend(format_by_name(fmt).parse(files, source=source).entries)
    return out


@pytest.fixture(scope="session")
def index() -> Index:
    return Index.build(fixture_entries())


@pytest.fixture(scope="session")
def screener(index: Index) -> Screener:
    return Screener(index)


VERSIONS = {"ofac-sdn": "v1", "un": "v2", "csl": "v3"}


def party_rows(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` rows: names from PARTY_NAMES (so many repeats), some with country or schema."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        row: dict[str, Any] = {"id": f"p{i}", "name": rng.choice(PARTY_NAMES)}
        if rng.random() < 0.3:
            row["country"] = rng.choice(["IR", "KP", "DE", "CN"])
        if rng.random() < 0.2:
            row["schema"] = rng.choice(["Person", "Organization", "Any"])
        rows.append(row)
    return rows


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    fields = ["id", "name", "country", "schema"]
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(
            pa.table(
                {f: [r.get(f) for r in rows] for f in fields},
                schema=pa.schema([(f, pa.string()) for f in fields]),
            ),
            path,
        )
    return path


def single_query(screener: Screener, row: dict[str, Any]) -> list[dict[str, Any]]:
    """What `screen` returns for the row alone, as screening JSON."""
    query = {k: v for k, v in row.items() if k != "id" and v not in (None, "")}
    return [m.model_dump(mode="json", by_alias=True) for m in screener.screen(query)]
