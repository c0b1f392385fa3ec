"""Loading an alert document's bytes safely and decoding them to text.

Alert documents come from outside (mail, partner governments, scans), so this module is the one
place that decides what is acceptable: a size limit checked before reading (a 50 MB attachment
is refused, not parsed for minutes), empty and binary files refused with an error naming the
file, and text that is not UTF-8 decoded with a fallback and *flagged* rather than rejected —
an analyst would rather read a cable with one garbled accent than not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from exportctl.errors import InvalidInput

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "DecodedText",
    "RawDocument",
    "check_text_size",
    "decode_text",
    "intake_error",
    "load_source",
    "text_head",
]

#: Largest document accepted, in bytes. Cables and notices are a few kilobytes; a PDF with
#: scanned annexes may be a few megabytes. Anything larger is almost certainly the wrong file,
#: and extraction time grows with size, so it is refused up front.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024

#: Longest document text extracted, in characters (about 250 pages). Extraction takes a few
#: seconds per 100,000 characters of pathological text, so a bound keeps "never hang" true;
#: a PDF's bytes may exceed this many while its text does not.
DEFAULT_MAX_CHARS = 500_000

# Fallback encodings for text that is not UTF-8, in order. cp1252 covers what Western mail
# clients and Word exports produce; latin-1 decodes any byte sequence, so it is the last resort.
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def intake_error(source: str, detail: str, *, code: str, line: int | None = None) -> InvalidInput:
    """The one error intake raises: ``FILE[:LINE]: detail``, with ``errors`` keyed the same way."""
    where = f"{source}:{line}" if line is not None else source
    return InvalidInput(f"{where}: {detail}", code=code, errors={where: detail})


@dataclass(frozen=True)
class RawDocument:
    """The raw bytes of a document and the name to report it by."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        """The lower-case file extension with its dot (``.eml``), or ``""``."""
        return Path(self.name).suffix.lower()


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from a :class:`RawDocument`, with the encoding used and any warning."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = field(default_factory=tuple)


def load_source(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read a document file, refusing what cannot be an alert document.

    Raises:
        InvalidInput: the file cannot be read (``document_unreadable``), is larger than
            ``max_bytes`` (``document_too_large``; checked before reading) or is empty
            (``document_empty``).
    """
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise intake_error(name, "not a regular file", code="document_unreadable")
    except OSError as exc:
        raise intake_error(
            name, f"cannot read file: {exc.strerror or exc}", code="document_unreadable"
        ) from exc
    if size > max_bytes:
        raise intake_error(
            name,
            f"document is {size:,} bytes; the limit is {max_bytes:,} bytes "
            "(alert documents are small: is this the right file?)",
            code="document_too_large",
        )
    try:
        with p.open("rb") as fh:
            # Read one byte past the limit: the file may have grown since stat().
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise intake_error(
            name, f"cannot read file: {exc.strerror or exc}", code="document_unreadable"
        ) from exc
    return check_source(RawDocument(name, data), max_bytes=max_bytes)


def check_source(source: RawDocument, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Apply the size and emptiness checks to in-memory bytes (API uploads); return them."""
    if len(source.data) > max_bytes:
        raise intake_error(
            source.name,
            f"document is larger than the limit of {max_bytes:,} bytes",
            code="document_too_large",
        )
    if not source.data.strip(b" \t\r\n\x00\x1a\xef\xbb\xbf"):
        raise intake_error(source.name, "document is empty", code="document_empty")
    return source


def text_head(source: RawDocument, size: int = 4096) -> str | None:
    """The first characters of a text document, for sniffing; ``None`` if it is not text
    (a PDF, or NUL bytes without a UTF-16 byte-order mark)."""
    head = source.data[:size]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").lstrip("\ufeff").replace("\r", "")
    if head.lstrip()[:5] == b"%PDF-" or b"\x00" in head:
        return None
    # latin-1 never fails, and the markers sniffers look for are ASCII.
    return head.decode("latin-1").replace("\r", "")


def decode_text(source: RawDocument) -> DecodedText:
    """Decode a text document: UTF-8 (with or without BOM), UTF-16 with BOM, else a fallback.

    A fallback decode is reported as a warning naming the first undecodable line, so the
    analyst knows accents or symbols may be wrong; it never fails.

    Raises:
        InvalidInput: the bytes look binary (NUL bytes in what should be text),
            code ``document_binary``.
    """
    data = source.data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16").lstrip("\ufeff")
        return DecodedText(_normalise_newlines(text), "utf-16")
    if b"\x00" in data[:4096]:
        raise intake_error(
            source.name,
            "document looks binary (contains NUL bytes); expected text, e-mail or PDF",
            code="document_binary",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        for enc in _FALLBACK_ENCODINGS:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            warning = (
                f"{source.name}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                f"decoded as {enc}, check accented characters"
            )
            return DecodedText(_normalise_newlines(text), enc, (warning,))
        raise AssertionError("latin-1 decodes every byte sequence") from exc  # pragma: no cover
    return DecodedText(_normalise_newlines(text.removeprefix("\ufeff")), "utf-8")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_text_size(name: str, chars: int, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    """Refuse a document whose text is longer than ``max_chars`` characters.

    Raises:
        InvalidInput: ``document_too_large``, naming the file and both sizes.
    """
    if chars > max_chars:
        raise intake_error(
            name,
            f"document text is {chars:,} characters; the limit is {max_chars:,} "
            "(split the document or take in the relevant part)",
            code="document_too_large",
        )
