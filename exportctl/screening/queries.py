"""Reading a JSON-lines stream of screening queries: one item per input line, whatever it holds.

Every line, blank or not, yields exactly one item, in order: the query object, or the
:class:`~exportctl.errors.InvalidInput` that line has (naming the line). A batch's output then
lines up with its input line for line, and no line, however malformed, ends the batch:
invalid UTF-8, JSON nested past any sensible depth, lone UTF-16 surrogates (valid JSON escapes
that no UTF-8 output can carry), a line too long to be a query, a value that is not an object.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from exportctl.errors import ExportctlError, InvalidInput

__all__ = ["MAX_LINE_BYTES", "MAX_NESTING", "read_queries"]

#: The longest line read as a query; a longer one is that line's error (and is skipped in
#: bounded chunks, never held in memory whole).
MAX_LINE_BYTES = 64 * 1024
#: The deepest nesting of arrays/objects a query may have (a query is flat; identifiers
#: are a list: depth 2).
MAX_NESTING = 16
_CHUNK = 64 * 1024


def _lines(stream: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    """(line, too_long) per input line, reading at most MAX_LINE_BYTES + 1 bytes at a time."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                rest = stream.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield b"", True
            continue
        yield raw, False


def _depth(text: str) -> int:
    """The deepest bracket nesting outside strings (checked before json.loads recurses)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _parse(number: int, raw: bytes) -> dict[str, Any] | ExportctlError:
    if not raw.strip():
        return InvalidInput(f"line {number}: blank line (no query)", code="empty_line")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InvalidInput(
            f"line {number}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column "
            f"{exc.start + 1})",
            code="invalid_encoding",
        )
    if _depth(text) > MAX_NESTING:
        return InvalidInput(
            f"line {number}: JSON nested deeper than {MAX_NESTING} levels", code="too_deep"
        )
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return InvalidInput(f"line {number}: not JSON ({exc.msg})", code="invalid_json")
    except (RecursionError, ValueError) as exc:  # ValueError: e.g. an integer too long
        return InvalidInput(f"line {number}: not readable JSON ({exc})", code="invalid_json")
    if not isinstance(obj, dict):
        return InvalidInput(
            f"line {number}: expected a JSON object with a name", code="invalid_query"
        )
    if _has_surrogate(obj):
        return InvalidInput(
            f"line {number}: a string holds a lone UTF-16 surrogate (\\ud800-\\udfff), "
            "which is not text",
            code="invalid_encoding",
        )
    qid = obj.get("id")
    if isinstance(qid, bool) or (qid is not None and not isinstance(qid, str | int | float)):
        return InvalidInput(f"line {number}: id must be a string or a number", code="invalid_query")
    return obj


def read_queries(stream: IO[bytes]) -> Iterator[dict[str, Any] | ExportctlError]:
    """One item per input line: the query object, or that line's error.

    Lines are read as bytes so that invalid UTF-8 is that line's error, not the end of the
    run; an error names its line number.
    """
    for number, (raw, too_long) in enumerate(_lines(stream), start=1):
        if too_long:
            yield InvalidInput(
                f"line {number}: longer than {MAX_LINE_BYTES} bytes (not a query)",
                code="query_too_large",
            )
            continue
        yield _parse(number, raw)
