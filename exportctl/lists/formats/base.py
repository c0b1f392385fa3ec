"""What every list-format parser provides.

A parser turns the files of one official list edition into :class:`ParsedList`. It raises
:class:`~exportctl.errors.InvalidInput` (code ``list_parse_error``) naming the file, the line or
element and the field at fault; it never returns a half-read list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from exportctl.errors import InvalidInput
from exportctl.model import ListEntry

__all__ = ["ListFormat", "ParsedList", "parse_error", "read_text"]


@dataclass(frozen=True)
class ParsedList:
    """One fully parsed list edition."""

    source: str
    format: str
    entries: tuple[ListEntry, ...]
    published: date | None = None
    files: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


class ListFormat(Protocol):
    """A parser for one official format (one module per format in this package)."""

    #: Stable format name, e.g. ``ofac-legacy``.
    name: str
    #: Source name used when the user gives none, e.g. ``ofac-sdn``.
    default_source: str
    #: True if ``parse`` may use ``base`` (the active version's entries); the caller reads
    #: the active version from the store only for such formats.
    merges_onto_base: bool

    def detect(self, files: Sequence[Path]) -> bool:
        """True if these files (one file, or a folder's files) are in this format."""
        ...

    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse the files; raise InvalidInput naming file, line/element and field on bad data.

        ``base`` is the active version's entries of the source, for formats whose files may
        be a supplement to it (OFAC auxiliary files without sdn.csv); others ignore it.
        """
        ...


def parse_error(
    path: Path | str, where: str | int | None, detail: str, field: str = ""
) -> InvalidInput:
    """Build the one error every parser raises: ``FILE:LINE: field: detail``."""
    loc = f"{path}" if where is None else f"{path}:{where}"
    msg = f"{loc}: {field + ': ' if field else ''}{detail}"
    key = f"{Path(str(path)).name}{':' + str(where) if where is not None else ''}"
    return InvalidInput(msg, code="list_parse_error", errors={key: detail})


def read_text(path: Path, encodings: Sequence[str] = ("utf-8",)) -> str:
    """Read a whole text file, trying ``encodings`` in order; name the file and byte on failure.

    An empty file is an error: an official list is never empty, and loading one would silently
    delist every party.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise parse_error(path, None, f"cannot read file: {exc.strerror}") from exc
    if not raw.strip(b" \t\r\n\x1a\x00"):
        raise parse_error(path, None, "file is empty")
    last: UnicodeDecodeError | None = None
    for enc in encodings:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError as exc:
            last = exc
            continue
        return text.removeprefix("\ufeff")
    assert last is not None
    line = raw[: last.start].count(b"\n") + 1
    raise parse_error(
        path,
        line,
        f"not valid {'/'.join(encodings)} text (byte 0x{raw[last.start]:02x} "
        f"at offset {last.start})",
        "encoding",
    )
