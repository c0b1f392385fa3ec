"""Index: build, weights, candidate lookups, pickle-free save/load."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.model import ListEntry
from exportctl.screening import Index, Screener
from exportctl.text.names import analyze_name


def test_counts(index: Index, entries: list[ListEntry]) -> None:
    assert len(index) == len(entries)
    assert index.n_names == sum(len({n.value for n in e.names}) for e in entries)


def test_generic_words_weigh_little(index: Index) -> None:
    w = index.weights
    machine = analyze_name("Machine").tokens[0]
    tabriz = analyze_name("Tabriz").tokens[0]
    company = analyze_name("Company").tokens[0]
    assert w.weight(machine) <= 0.25 < w.weight(tabriz)
    assert w.weight(company) < 0.2  # a legal form in an organisation's name


def test_idf_uses_document_frequency() -> None:
    many = [
        ListEntry(
            entity_id=f"t:{k}", source="t", native_id=str(k), names=({"value": f"Zorbak Name{k}x"},)
        )
        for k in range(50)
    ]
    idx = Index.build(many)
    zorbak = analyze_name("Zorbak").tokens[0]
    rare = analyze_name("Name7x").tokens[0]
    assert idx.weights.weight(zorbak) < idx.weights.weight(rare)


def test_deletion_neighbours_find_typos(index: Index) -> None:
    found = {index.vocab[v].text for v in index.deletion_neighbours("petrochemcal")}
    assert "petrochemical" in found


def test_save_load_round_trip(index: Index, tmp_path: Path) -> None:
    path = tmp_path / "index.json.gz"
    index.save(path)
    loaded = Index.load(path)
    assert len(loaded) == len(index)
    assert loaded.n_names == index.n_names
    assert [t.key for t in loaded.vocab] == [t.key for t in index.vocab]
    a = Screener(index).screen("Mashin Sazi Arak", include_all=True)
    b = Screener(loaded).screen("Mashin Sazi Arak", include_all=True)
    assert [m.model_dump() for m in a] == [m.model_dump() for m in b]
    with gzip.open(path, "rt", encoding="utf-8") as f:
        doc = json.load(f)  # plain JSON: no pickle anywhere
    assert doc["format"] == "exportctl-screening-index"


def test_meta_is_kept(entries: list[ListEntry], tmp_path: Path) -> None:
    idx = Index.build(entries, meta={"ofac-sdn": "2024-05-03"})
    idx.save(tmp_path / "i.json.gz")
    assert Index.load(tmp_path / "i.json.gz").meta == {"ofac-sdn": "2024-05-03"}


def test_damaged_cache_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(InvalidInput) as exc:
        Index.load(bad)
    assert exc.value.code == "index_cache_invalid"
    with gzip.open(tmp_path / "other.json.gz", "wt") as f:
        json.dump({"format": "something else"}, f)
    with pytest.raises(InvalidInput):
        Index.load(tmp_path / "other.json.gz")


def test_stale_cache_is_reported(index: Index, tmp_path: Path) -> None:
    path = tmp_path / "index.json.gz"
    index.save(path)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        doc = json.load(f)
    doc["analyzer"] = "0000"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump(doc, f)
    with pytest.raises(InvalidInput) as exc:
        Index.load(path)
    assert exc.value.code == "index_cache_stale"


def test_empty_index() -> None:
    idx = Index.build([])
    assert len(idx) == 0
    assert Screener(idx).screen("Anything") == []
