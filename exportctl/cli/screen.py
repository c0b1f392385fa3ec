"""`exportctl screen`: screen one name, or a JSON-lines file of queries, against the lists.

Thin adapter: the engine owns the index and the screener (``Engine.screen`` /
``Engine.screen_many``); this module parses input, renders output and maps errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import typer

from exportctl import HitMemory, Match, ScreeningResult, read_queries
from exportctl.cli.app import acting_user, app, get_engine
from exportctl.cli.output import Format, emit, emit_jsonl_line, fail, handle_errors, print_table

__all__ = ["screen"]


def _match_rows(matches: list[Match]) -> list[list[object]]:
    return [
        [f"{m.score:.2f}", m.decision.value, m.entity_id, m.matched_name, m.summary]
        for m in matches
    ]


def _single_table(data: dict[str, Any]) -> None:
    matches: list[Match] = data["_matches"]
    if not matches:
        typer.echo(f"{data['query']!r}: no match on the active lists")
        return
    title = f"Screening {data['query']!r}: {len(matches)} result(s)"
    print_table(title, ["score", "decision", "entity", "matched name", "why"], _match_rows(matches))


def _result_dict(result: ScreeningResult) -> dict[str, Any]:
    return result.as_dict()


def _batch_table(results: list[ScreeningResult]) -> None:
    rows: list[list[object]] = []
    for r in results:
        if r.error is not None:
            rows.append([r.id or "", "error", "", "", r.error])
        elif not r.matches:
            rows.append([r.id or "", "no match", "", "", ""])
        else:
            best = r.matches[0]
            rows.append(
                [r.id or "", best.decision.value, f"{best.score:.2f}", best.entity_id, best.summary]
            )
    print_table("Screening results", ["id", "decision", "score", "entity", "why"], rows)


@app.command()
def screen(
    name: Annotated[
        str | None, typer.Argument(help="The party's name (omit when using --input).")
    ] = None,
    schema: Annotated[
        str, typer.Option("--schema", help="Person, Organization, Vessel, Aircraft or Any.")
    ] = "Any",
    country: Annotated[
        str | None, typer.Option("--country", help="ISO 3166-1 alpha-2 code, e.g. IR.")
    ] = None,
    birth_date: Annotated[
        str | None, typer.Option("--birth-date", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    identifier: Annotated[
        list[str] | None,
        typer.Option("--identifier", help="A document or registration number (repeatable)."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=1000, help="At most this many matches per query.")
    ] = 10,
    include_all: Annotated[
        bool, typer.Option("--all", help="Also show no_match candidates (low-score context).")
    ] = False,
    input_path: Annotated[
        str | None,
        typer.Option(
            "--input",
            help='JSON-lines file of queries ({"id", "name", "schema", "country", '
            '"birth_date"}), or - for stdin; one result line per query, in input order.',
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="table (default for a name) | json | jsonl (default for --input).",
        ),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Store the result with its provenance and open a hit review per new match or "
            "review (cleared ones stay cleared unless the entry changed); adds case_ids.",
        ),
    ] = False,
) -> None:
    """Screen a party against the active restricted-party lists and watch lists.

    Each result has a score in [0, 1], a decision (match: treat as a hit; review: a human must
    look; no_match: shown only with --all) and an explanation of which words matched.
    """
    if (name is None) == (input_path is None):
        raise fail("give either a NAME or --input FILE (not both)", code=2)
    if input_path is not None:
        if record:
            raise fail("--record takes one NAME, not --input", code=2)
        _screen_file(input_path, limit, include_all, fmt or Format.jsonl)
        return
    query: dict[str, Any] = {
        "name": name,
        "schema": schema,
        "country": country,
        "birth_date": birth_date,
        "identifiers": identifier or [],
    }
    extra: dict[str, Any] = {}
    with handle_errors():
        engine = get_engine()
        if record:
            matches, rec = engine.recording.record_screening(acting_user(), query, limit=limit)
            memory = rec.memory
            extra = {"result_id": rec.result_id, "case_ids": list(rec.case_ids)}
        else:
            matches = engine.screening.screen(query, limit=limit, include_all=include_all)
            memory = engine.recording.recall_hits(query, matches)
    fmt = fmt or Format.table
    data = {
        "id": None,
        "query": name,
        "matches": [_with_review(m, memory.get(m.entity_id)) for m in matches],
        **extra,
    }
    if fmt is Format.table:
        _single_table({"query": name, "_matches": matches})
        for m in matches:
            if m.entity_id in memory:
                typer.echo(_memory_line(memory[m.entity_id]))
        if extra:
            typer.echo(
                f"recorded {extra['result_id']}; cases: {', '.join(extra['case_ids']) or '-'}"
            )
    else:
        emit(data, fmt, lambda _d: None)


def _with_review(m: Match, memory: HitMemory | None) -> dict[str, Any]:
    out: dict[str, Any] = m.model_dump(mode="json", by_alias=True)
    if memory is not None:
        out["review"] = memory.model_dump(mode="json")
    return out


def _memory_line(h: HitMemory) -> str:
    if h.status in ("cleared", "confirmed"):
        return (
            f"{h.entity_id}: {h.status} in {h.case_id} by {h.decided_by}, approved by "
            f"{h.approved_by} at {h.decided_at:%Y-%m-%d %H:%M} ({h.reason_code}: {h.reason})"
        )
    if h.status in ("changed", "reopened"):
        return f"{h.entity_id}: {h.status} ({h.case_id}): the entry changed in {', '.join(h.diff)}"
    return f"{h.entity_id}: review {h.case_id} is {h.status}"


def _screen_file(path: str, limit: int, include_all: bool, fmt: Format) -> None:
    stream: BinaryIO
    if path == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = Path(path).open("rb")  # noqa: SIM115 - closed below, streamed line by line
        except OSError as exc:
            raise fail(f"{path}: cannot read ({exc.strerror})") from None
    try:
        with handle_errors():
            results = get_engine().screening.screen_many(
                read_queries(stream), limit=limit, include_all=include_all
            )
            if fmt is Format.jsonl:
                # Streamed: each line is written as soon as its query is screened.
                for result in results:
                    emit_jsonl_line(_result_dict(result))
                return
            collected = list(results)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if fmt is Format.json:
        emit([_result_dict(r) for r in collected], fmt, lambda _d: None)
    else:
        _batch_table(collected)
