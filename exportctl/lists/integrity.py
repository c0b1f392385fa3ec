"""Integrity signals the publishers' files carry, checked before a file is parsed.

A file cut at a record boundary parses cleanly, so the signals a publisher gives for "this is
the whole file" are checked on their own:

- OFAC legacy CSV files end with an ASCII SUB byte (0x1A) after the last record (OFAC's data
  specification, ``dat_spec.txt``); a main, address or alias file without it was cut off.
  The comments files carry it in current editions but not in every older one, so there its
  absence is a warning.
- An XML list (UN, EU FSF) ends with the closing tag of its root element.
- The CSL JSON states how many results it holds (``"total"``).
- A CSL CSV without its ``alt_names`` or ``addresses`` column would load without any alias or
  address: a warning here, and the shrink guard (:mod:`exportctl.lists.guard`) compares it.

A missing signal is an error (``list_truncated``) unless ``allow_partial`` asks for a cut-off
file to be accepted, when it is a warning on the version instead.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

from exportctl.errors import InvalidInput
from exportctl.lists.sources import OfficialSource

__all__ = ["check_files", "missing_optional"]

_OFAC_FORMATS = frozenset({"ofac-legacy", "ofac-cons"})
_XML_FORMATS = frozenset({"un-xml", "eu-fsf"})
_TAIL = 4096
_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w.:-]*)")


def _tail(path: Path, size: int = _TAIL) -> bytes:
    with path.open("rb") as f:
        f.seek(0, 2)
        end = f.tell()
        f.seek(max(0, end - size))
        return f.read()


def _head(path: Path, size: int = _TAIL * 4) -> bytes:
    with path.open("rb") as f:
        return f.read(size)


def _truncated(path: Path, why: str) -> InvalidInput:
    return InvalidInput(
        f"{path}: {why}: the file is cut off (a broken download or a half-written mirror "
        "file); the active version stays. --allow-partial loads what is there",
        code="list_truncated",
        errors={path.name: why},
    )


def _ofac(path: Path) -> str | None:
    if path.stat().st_size == 0:
        return None  # the parser names an empty file
    if _tail(path, 16).rstrip(b" \t\r\n").endswith(b"\x1a"):
        return None
    return "no end-of-file marker (0x1A) after the last record"


def _xml(path: Path) -> str | None:
    match = _ROOT.search(_head(path))
    if match is None:
        return None  # not XML at all: the parser says so
    root = match.group(1)
    closing = b"</" + root
    tail = _tail(path).rstrip()
    if tail.endswith(b">") and closing in tail[-(len(closing) + 64) :]:
        return None
    return f"no closing </{root.decode(errors='replace')}> element at the end"


def _csl_json(path: Path) -> str | None:
    try:
        doc = json.loads(path.read_bytes())
    except (ValueError, OSError, RecursionError):
        return None  # the parser names what is wrong
    if not isinstance(doc, dict):
        return None
    total, results = doc.get("total"), doc.get("results")
    if isinstance(total, int) and isinstance(results, list) and total != len(results):
        return f"states {total} results but holds {len(results)}"
    return None


def _csl_columns(path: Path) -> list[str]:
    first = _head(path, 8192).split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    header = next(csv.reader(io.StringIO(first)), [])
    missing = [c for c in ("alt_names", "addresses") if c not in header]
    if "name" not in header:  # not a CSL CSV header: the parser reports it
        return []
    return [
        f"{path.name} has no {c} column: the version has no "
        f"{'aliases' if c == 'alt_names' else 'addresses'}"
        for c in missing
    ]


def check_files(fmt: str, files: Sequence[Path], *, allow_partial: bool) -> list[str]:
    """Check the integrity signals of one edition's files; returns warnings.

    Raises:
        InvalidInput: ``list_truncated`` naming the file and the missing signal.
    """
    warnings: list[str] = []
    base = fmt.removesuffix("-partial")
    for path in files:
        try:
            if base in _OFAC_FORMATS and path.suffix.lower() == ".csv":
                problem = _ofac(path)
                if problem and "comments" in path.name.lower():
                    warnings.append(f"{path.name}: {problem}")
                    problem = None
            elif base in _XML_FORMATS:
                problem = _xml(path)
            elif base == "csl" and path.suffix.lower() == ".json":
                problem = _csl_json(path)
            elif base == "csl" and path.suffix.lower() == ".csv":
                warnings.extend(_csl_columns(path))
                problem = None
            else:
                problem = None
        except OSError:
            continue  # unreadable: the parser names it
        if problem is None:
            continue
        if not allow_partial:
            raise _truncated(path, problem)
        warnings.append(f"{path.name}: {problem} (loaded anyway: --allow-partial)")
    return warnings


def missing_optional(source: OfficialSource, files: Sequence[Path]) -> list[str]:
    """A warning for each optional file of ``source`` that is not among ``files``."""
    have = [p.name.lower() for p in files]
    return [
        f"{source.name}: optional file {f.filename} is missing (not published or not in "
        "the mirror): the version lacks what it holds"
        for f in source.files
        if not f.required and not any(fnmatch.fnmatch(n, f.pattern.lower()) for n in have)
    ]
