"""`exportctl screen`: single names and JSON-lines batches.

The command talks to ``get_engine().screening``; here the program gets, through
``create_app``, an engine whose screening is a real :class:`Screener` over hand-made entries,
to test the output formats on known matches. ``tests/cli/test_screen_engine.py`` runs the
command through the real engine, store and cached index.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import exportctl.cli  # noqa: F401  (registers every command)
from exportctl.cli.app import create_app
from exportctl.errors import ExportctlError
from exportctl.model import Match, ScreeningResult
from exportctl.screening import Screener


class _Screening:
    def __init__(self, screener: Screener) -> None:
        self.screener = screener

    def screen(self, query: Any, limit: int = 10, include_all: bool = False) -> list[Match]:
        return self.screener.screen(query, limit=limit, include_all=include_all)

    def screen_many(
        self, queries: Iterable[Any], limit: int = 10, include_all: bool = False
    ) -> Iterator[ScreeningResult]:
        return self.screener.screen_many(queries, limit=limit, include_all=include_all)


class _Recording:
    def recall_hits(self, query: Any, matches: Any) -> dict[str, Any]:
        return {}  # no case store here: nothing was reviewed


class _Engine:
    def __init__(self, screening: Any) -> None:
        self.screening = screening
        self.recording = _Recording()


_ENGINE: list[Any] = []


@pytest.fixture(autouse=True)
def _engine(screener: Screener) -> Iterator[None]:
    _ENGINE[:] = [_Engine(_Screening(screener))]
    yield
    _ENGINE.clear()


def run(*args: str, input: bytes | str | None = None) -> Result:
    program = create_app(lambda: _ENGINE[0])
    return CliRunner().invoke(
        program, ["screen", *args], input=input, env={"COLUMNS": "200"}, catch_exceptions=False
    )


def test_single_name_json() -> None:
    res = run("Mashin Sazi Arak", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["query"] == "Mashin Sazi Arak"
    m = doc["matches"][0]
    assert m["entity_id"] == "ofac-sdn:11644"
    assert m["source"] == "ofac-sdn"
    assert m["decision"] == "match"
    assert m["explanation"][0]["text"].startswith("matched MASHIN SAZI ARAK")


def test_single_name_table() -> None:
    res = run("Machine Sazi Tabriz", "--all")
    assert res.exit_code == 0
    assert "watch:partner-alerts:machine-sazi-tabriz" in res.stdout
    assert "ofac-sdn:11644" in res.stdout  # shown with --all as low-score context
    assert "ARAK ≠ TABRIZ" in res.stdout


def test_single_name_jsonl_and_options() -> None:
    res = run(
        "Saddam Hussein",
        "--schema",
        "Person",
        "--country",
        "IQ",
        "--limit",
        "1",
        "--format",
        "jsonl",
    )
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert len(doc["matches"]) == 1


def test_no_match_table_says_so() -> None:
    res = run("Zzyzx Qwertyuiop")
    assert res.exit_code == 0
    assert "no match" in res.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("...",), "nothing to screen"),
        (("Acme", "--schema", "Spaceship"), "schema"),
        (("Acme", "--country", "Iran"), "country"),
        (("x" * 10_240,), "limit is 500"),
    ],
)
def test_bad_single_query_exits_1_with_one_line(args: tuple[str, ...], message: str) -> None:
    res = run(*args)
    assert res.exit_code == 1
    assert message in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_name_and_input_together_is_a_usage_error() -> None:
    assert run("Acme", "--input", "-").exit_code == 2
    assert run().exit_code == 2


def test_batch_from_stdin_in_input_order() -> None:
    lines = [
        json.dumps({"id": "q1", "name": "Mashin Sazi Arak", "schema": "Organization"}),
        json.dumps({"id": "q2", "name": ""}),
        "this is not json",
        "",
        json.dumps({"id": "q4", "name": "Zzyzx Qwertyuiop"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "q6", "name": "ماشین سازی تبریز", "unknown": 1}),
        json.dumps({"id": "q7", "name": "Acme", "schema": "Spaceship"}),
    ]
    res = run("--input", "-", input="\n".join(lines) + "\n")
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(out) == 8  # one line out per line in, the blank one included
    assert out[0]["id"] == "q1"
    assert out[0]["matches"][0]["entity_id"] == "ofac-sdn:11644"
    assert out[1] == {"id": "q2", "error": out[1]["error"], "code": "invalid_query"}
    assert "line 3" in out[2]["error"]
    assert out[2]["id"] is None
    assert out[3]["code"] == "empty_line" and "line 4" in out[3]["error"]
    assert out[4] == {"id": "q4", "matches": []}
    assert "JSON object" in out[5]["error"]
    assert out[6]["matches"][0]["entity_id"] == "watch:partner-alerts:machine-sazi-tabriz"
    assert "schema" in out[7]["error"]
    for row in out:
        assert ("matches" in row) != ("error" in row)  # never both, never an empty error


# One kind of bad line each: the batch must answer every one with one error line, in order.
GARBAGE: list[bytes] = [
    b"",  # blank
    b"   \t  ",  # only whitespace
    b"\r",  # a lone carriage return
    b"not json",
    b"{",  # cut-off object
    b'{"name": "A"',  # cut-off object with a field
    b'{"name": "A",}',  # trailing comma
    b"{'name': 'A'}",  # single quotes
    b"[" * 1000 + b"]" * 1000,  # nested 1,000 deep
    b'{"name": ' + b"[" * 5000 + b"]" * 5000 + b"}",  # nested deep inside an object
    b'{"id": "\\ud800", "name": "A"}',  # a lone surrogate in the id
    b'{"id": 1, "name": "\\udfff"}',  # a lone surrogate in the name
    b'{"name": "\xff\xfe"}',  # invalid UTF-8
    b"\xef\xbb\xbf\xef\xbb\xbf{}",  # two byte-order marks
    b"\x00\x00\x00",  # NUL bytes
    b"null",
    b"42",
    b'"just a string"',
    b"[]",
    b"{}",  # no name
    b'{"name": null}',
    b'{"name": 12345}',
    b'{"name": ["A", "B"]}',
    b'{"name": {"first": "A"}}',
    b'{"name": ""}',
    b'{"name": "Zed Qwerty", "schema": 7}',
    b'{"name": "Zed Qwerty", "country": ["IR"]}',
    b'{"name": "Zed Qwerty", "birth_date": ["1961"]}',
    b'{"name": "Zed Qwerty", "identifiers": 5}',
    b'{"id": {"nested": 1}, "name": "A"}',
    b'{"id": true, "name": "A"}',
    b'{"name": "' + b"A" * 70000 + b'"}',  # longer than a query line may be
    b'{"name": 1e999999}',  # a number too large for a float
    b'{"name": ' + b"9" * 5000 + b"}",  # an integer too long to convert
    b'{"name": "A"} {"name": "B"}',  # two objects on one line
    b'{"name": "\\u202e\\u0000\\u200b"}',  # controls and invisible characters only
]


_QUERY_CODES = ("invalid_query", "screening_name_unusable")


def test_garbage_corpus_gets_one_line_each_in_order() -> None:
    good = b'{"id": "ok", "name": "Mashin Sazi Arak"}'
    lines = []
    for bad in GARBAGE:
        lines += [bad, good]
    res = run("--input", "-", input=b"\n".join(lines) + b"\n")
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(out) == 2 * len(GARBAGE) >= 60
    for i, bad in enumerate(GARBAGE):
        row, after = out[2 * i], out[2 * i + 1]
        assert "error" in row and row["code"], (bad[:60], row)
        assert f"line {2 * i + 1}" in row["error"] or row["code"] in _QUERY_CODES, row
        assert after["id"] == "ok" and after["matches"][0]["entity_id"] == "ofac-sdn:11644"


def test_batch_invalid_utf8_is_a_per_line_error(tmp_path: Any) -> None:
    path = tmp_path / "q.jsonl"
    path.write_bytes(
        b'{"id": "a", "name": "Bank Melli Iran"}\n'
        b'{"id": "b", "name": "Bank \xff Melli"}\n'
        b'{"id": "c", "name": "Mashin Sazi Arak"}\n'
    )
    res = run("--input", str(path))
    assert res.exit_code == 0
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c"]
    assert "UTF-8" in out[1]["error"]
    assert out[2]["matches"]


def test_batch_json_and_table_formats(tmp_path: Any) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"id": "x", "name": "Bank Melli Iran"}) + "\n", encoding="utf-8")
    doc = json.loads(run("--input", str(path), "--format", "json").stdout)
    assert doc[0]["id"] == "x"
    table = run("--input", str(path), "--format", "table")
    assert "ofac-sdn:1004" in table.stdout


def test_missing_input_file_exits_1(tmp_path: Any) -> None:
    res = run("--input", str(tmp_path / "nope.jsonl"))
    assert res.exit_code == 1
    assert "cannot read" in res.stderr


def test_engine_errors_become_one_line() -> None:
    class Broken:
        def screen(self, *a: Any, **k: Any) -> list[Match]:
            raise ExportctlError("no lists loaded; run exportctl lists load", code="no_lists")

    _ENGINE[:] = [_Engine(Broken())]
    res = run("Acme")
    assert res.exit_code == 1
    assert "no lists loaded" in res.stderr
    assert "[no_lists]" in res.stderr
