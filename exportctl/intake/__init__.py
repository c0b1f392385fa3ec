"""Alert intake: read cables, notices, e-mails and PDFs; extract what an analyst needs.

Public API (what the engine calls)::

    read_document(path, *, format=None, max_bytes=DEFAULT_MAX_BYTES) -> Document
    parse_document(data, name, *, format=None, max_bytes=DEFAULT_MAX_BYTES) -> Document
    extract_alert(document, gazetteer=None) -> Alert
    intake_file(path, gazetteer=None, ...) -> Alert          # both steps

Readers live in :mod:`exportctl.intake.readers` (one module per format); extraction in
:mod:`exportctl.intake.extract`. Errors are :class:`~exportctl.errors.InvalidInput` naming the
file (and line): ``document_empty``, ``document_too_large``, ``document_unreadable``,
``document_binary``, ``unknown_format``, ``pdf_support_missing``, ``pdf_unreadable``,
``pdf_no_text``.
"""

from __future__ import annotations

from pathlib import Path

from exportctl.errors import InvalidInput
from exportctl.intake.extract import extract_alert
from exportctl.intake.parties import Gazetteer
from exportctl.intake.readers import READERS, get_reader, select_reader
from exportctl.intake.source import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    RawDocument,
    check_source,
    check_text_size,
    load_source,
)
from exportctl.model.alert import Alert, Document

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "READERS",
    "Gazetteer",
    "extract_alert",
    "intake_file",
    "parse_document",
    "read_document",
]


def read_document(
    path: Path | str,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """Read an alert document file; the format is detected unless ``format`` names a reader.

    ``max_bytes`` bounds the file (checked before reading), ``max_chars`` its text.

    Raises:
        InvalidInput: the file is missing, empty, too large, binary or in no known format;
            ``detail`` names the file (and line where there is one).
    """
    return _read(load_source(path, max_bytes=max_bytes), format, max_chars)


def parse_document(
    data: bytes,
    name: str,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """Read an alert document from bytes (an upload); ``name`` is used in messages and as
    the extension hint. Raises as :func:`read_document`."""
    return _read(check_source(RawDocument(name, data), max_bytes=max_bytes), format, max_chars)


def intake_file(
    path: Path | str,
    gazetteer: Gazetteer | None = None,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Alert:
    """Read a document and extract its alert in one call. Raises as :func:`read_document`."""
    document = read_document(path, format=format, max_bytes=max_bytes, max_chars=max_chars)
    return extract_alert(document, gazetteer)


def _read(source: RawDocument, format: str | None, max_chars: int) -> Document:
    reader = get_reader(format) if format else select_reader(source)
    try:
        document = reader.read(source)
    except RecursionError:
        # e.g. an e-mail whose MIME parts nest a thousand deep
        raise InvalidInput(
            f"{source.name}: the document nests too deeply to read", code="too_deep"
        ) from None
    check_text_size(source.name, len(document.text) + len(document.header.subject or ""), max_chars)
    return document
