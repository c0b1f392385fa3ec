"""The local batch engine: same results as single-query screening, error rows, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exportctl.batch import BatchOptions, ColumnMap, StaticMemory, run_local
from exportctl.batch.io import read_output
from exportctl.batch.runner import parts_dir
from exportctl.errors import Conflict, InvalidInput
from exportctl.screening import Index, Screener
from tests.batch.conftest import VERSIONS, party_rows, single_query, write_rows


@pytest.mark.parametrize(
    ("src", "dst", "workers"),
    [("csv", "jsonl", 1), ("jsonl", "parquet", 2), ("parquet", "csv", 2)],
)
def test_rows_equal_single_query_screening(
    screener: Screener, tmp_path: Path, src: str, dst: str, workers: int
) -> None:
    rows = party_rows(300)
    inp = write_rows(tmp_path / f"in.{src}", rows)
    out = tmp_path / f"out.{dst}"
    summary = run_local(screener, VERSIONS, inp, out, BatchOptions(workers=workers, chunk_rows=37))
    got = read_output(out)
    assert [g["id"] for g in got] == [r["id"] for r in rows]
    expected: dict[tuple[str, str, str | None], list[dict[str, object]]] = {}
    for row, g in zip(rows, got, strict=True):
        key = (row["name"], row.get("schema") or "Any", row.get("country"))
        if key not in expected:
            expected[key] = single_query(screener, row)
        assert g["error"] is None, g
        assert g["matches"] == expected[key], row
        assert g["list_versions"] == VERSIONS
    # repeated names were screened once each
    assert summary.screened == len(expected) < len(rows)
    assert summary.rows == len(rows)
    hits = [g for g in got if any(m["decision"] != "no_match" for m in g["matches"])]
    assert summary.matches + summary.reviews == len(hits) > 0
    assert not parts_dir(out).exists()


def test_malformed_rows_become_error_rows(screener: Screener, tmp_path: Path) -> None:
    inp = tmp_path / "in.csv"
    inp.write_text(
        "id,name,schema,country\n"
        "1,John Doe,Person,\n"
        "2,,Person,\n"
        "3,Kim Chol,Martian,\n"
        "4,Kim Chol,,Iran\n"
        "5,one,too,many,fields\n"
        "6,Hassan Karimi,,IR\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    summary = run_local(screener, VERSIONS, inp, out, BatchOptions(workers=1, chunk_rows=2))
    got = read_output(out)
    assert [g["id"] for g in got] == ["1", "2", "3", "4", "5", "6"]
    errors = {g["id"]: (g["code"], g["error"]) for g in got if g["error"]}
    assert set(errors) == {"2", "3", "4", "5"}
    assert "name is empty" in errors["2"][1]
    assert "Martian" in errors["3"][1]
    assert "country" in errors["4"][1]
    assert errors["5"] == ("invalid_row", "in.csv: line 6: expected 4 fields, got 5")
    assert got[0]["matches"] and got[5]["matches"]
    assert summary.errors == 4 and summary.rows == 6


def test_jsonl_lines_that_are_not_json(screener: Screener, tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_bytes(
        b'{"id": "a", "name": "Kim Chol"}\n{not json\n\xff\xfe\n[1, 2]\n{"id": 7, "name": null}\n'
    )
    out = tmp_path / "out.csv"
    run_local(screener, VERSIONS, inp, out, BatchOptions(workers=1))
    got = read_output(out)
    assert [(g["id"], g["code"]) for g in got] == [
        ("a", None),
        ("2", "invalid_json"),
        ("3", "invalid_encoding"),
        ("4", "invalid_query"),
        ("7", "invalid_query"),
    ]


def test_columns_are_mapped_and_ids_default_to_row_numbers(
    screener: Screener, tmp_path: Path
) -> None:
    inp = tmp_path / "in.csv"
    inp.write_text("Party Name,Land\nKim Chol,KP\nNordic Timber AB,SE\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    cols = ColumnMap(name="Party Name", country="Land")
    run_local(screener, VERSIONS, inp, out, BatchOptions(columns=cols, workers=1))
    got = read_output(out)
    assert [g["id"] for g in got] == ["1", "2"]
    assert got[0]["matches"] == single_query(screener, {"name": "Kim Chol", "country": "KP"})


def test_a_missing_name_column_is_one_clear_error(screener: Screener, tmp_path: Path) -> None:
    inp = tmp_path / "in.csv"
    inp.write_text("id,party\n1,Kim Chol\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no column 'name'") as exc:
        run_local(screener, VERSIONS, inp, tmp_path / "out.csv")
    assert exc.value.code == "missing_column"
    assert not (tmp_path / "out.csv").exists()


def test_cleared_hits_are_counted_apart(screener: Screener, tmp_path: Path) -> None:
    inp = write_rows(
        tmp_path / "in.csv", [{"id": "c1", "name": "John Doe"}, {"id": "c2", "name": "John Doe"}]
    )
    out = tmp_path / "out.csv"
    plain = run_local(screener, VERSIONS, inp, out, BatchOptions(workers=1))
    hit = read_output(out)[0]["matches"][0]["entity_id"]
    memory = StaticMemory({("c1", hit)})
    cleared = run_local(screener, VERSIONS, inp, out, BatchOptions(workers=1), memory=memory)
    assert plain.cleared == 0 and plain.matches + plain.reviews == 2
    assert cleared.cleared == 1 and cleared.matches + cleared.reviews == 1


def test_resume_refuses_other_lists(screener: Screener, tmp_path: Path) -> None:
    inp = write_rows(tmp_path / "in.csv", party_rows(20))
    out = tmp_path / "out.csv"
    parts = parts_dir(out)
    parts.mkdir()
    (parts / "manifest.json").write_text(json.dumps({"list_versions": {"un": "old"}}))
    with pytest.raises(Conflict) as exc:
        run_local(screener, VERSIONS, inp, out, BatchOptions(resume=True, workers=1))
    assert exc.value.code == "resume_mismatch"
    assert not out.exists()


def test_word_memo_gives_the_results_of_screening_without_it(index: Index) -> None:
    from tests.batch.conftest import PARTY_NAMES

    plain, memo = Screener(index, word_memo=0), Screener(index, word_memo=8)
    queries = [*PARTY_NAMES, *(n.upper() for n in PARTY_NAMES), *reversed(PARTY_NAMES)]
    for name in queries * 2:  # the second round answers from the memo (and evicts: size 8)
        for include_all in (False, True):
            a = plain.screen(name, include_all=include_all)
            b = memo.screen(name, include_all=include_all)
            assert [m.model_dump() for m in a] == [m.model_dump() for m in b], name
