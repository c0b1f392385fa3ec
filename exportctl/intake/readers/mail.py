"""E-mail notices (``.eml``, RFC 5322), read with the standard library's e-mail parser.

Header fields map to the document header: ``Message-ID`` (or a ``Reference:`` line at the top of
the body) is the id, ``Date`` the date as written in the sender's time zone, ``From`` the
sender, ``To``/``Cc`` the recipients, ``Subject`` the subject. The body is the ``text/plain``
part, or the ``text/html`` part reduced to text; attachments are listed in a warning, not read.
"""

from __future__ import annotations

import re
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from exportctl.intake.readers.base import Reader, blank_line_paragraphs, labelled_lines
from exportctl.intake.source import RawDocument, intake_error
from exportctl.model.alert import Document, DocumentHeader

__all__ = ["READER", "read", "sniff"]

_HEADER_RE = re.compile(
    rb"^(From|To|Subject|Date|Message-ID|MIME-Version|Received|Return-Path):", re.I | re.M
)


def sniff(source: RawDocument) -> float:
    """Confidence that ``source`` is an e-mail: RFC 5322 header fields at the very top."""
    if source.data[:5] == b"%PDF-":
        return 0.0
    head = source.data[:4096]
    top = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    fields = {m.group(1).lower() for m in _HEADER_RE.finditer(top)}
    starts = _HEADER_RE.match(head.lstrip()) is not None
    score = 0.0
    if starts and len(fields) >= 2:
        score = 0.6 + 0.1 * min(len(fields), 4)
    if source.suffix in (".eml", ".msg.txt") and score:
        score = 1.0
    return min(score, 1.0)


def read(source: RawDocument) -> Document:
    """Read an e-mail message into a :class:`Document`."""
    msg = BytesParser(policy=policy.default).parsebytes(source.data)
    if not isinstance(msg, EmailMessage):  # pragma: no cover - policy.default guarantees it
        raise intake_error(source.name, "not an e-mail message", code="document_unreadable")
    # ``problems`` are what the format promises and this message lacks (they make the document
    # partial); ``warnings`` also carry notes that do not (attachments, parser defects).
    problems: list[str] = []
    warnings: list[str] = [f"{source.name}: {d.__class__.__name__}: {d}" for d in msg.defects]
    values: dict[str, object] = {"format": "email"}

    subject = _header(msg, "Subject")
    if subject:
        values["subject"] = subject
    sender = _addresses(msg, "From")
    if sender:
        values["from"] = sender[0]
    values["to"] = _addresses(msg, "To")
    values["info"] = _addresses(msg, "Cc")
    message_id = _header(msg, "Message-ID")
    if message_id:
        values["id"] = message_id.strip("<> ")
    date_text = _header(msg, "Date")
    if date_text:
        try:
            values["date"] = parsedate_to_datetime(date_text).date()
        except (TypeError, ValueError, IndexError):
            problems.append(f"{source.name}: Date header is not a date: {date_text!r}")
    else:
        problems.append(f"{source.name}: e-mail has no Date header")
    if not sender:
        problems.append(f"{source.name}: e-mail has no From header")

    body, encoding, attachments = _body(msg, source.name, warnings)
    if attachments:
        warnings.append(
            f"{source.name}: attachments not read (take them in separately): "
            + ", ".join(attachments)
        )
    lines = body.replace("\r\n", "\n").split("\n")
    labels, used = labelled_lines(lines, limit=8)
    if "id" in labels:
        # A reference the authority wrote in the body beats the mail system's Message-ID.
        values["id"] = labels["id"][0]
    if "classification" in labels:
        values["classification"] = labels["classification"][0]
    if "references" in labels:
        values["references"] = labels["references"]
    body_lines = [ln if i not in used else "" for i, ln in enumerate(lines)]
    paragraphs = blank_line_paragraphs(body_lines)
    if not paragraphs:
        problems.append(f"{source.name}: e-mail has no text body")
    values["paragraphs"] = len(paragraphs)
    return Document(
        source=source.name,
        header=DocumentHeader.model_validate(values),
        body=paragraphs,
        encoding=encoding,
        partial=bool(problems),
        warnings=[*problems, *warnings],
    )


def _header(msg: EmailMessage, name: str) -> str | None:
    try:
        value = msg.get(name)
    except (ValueError, IndexError):  # a header the parser cannot decode
        return None
    return " ".join(str(value).split()) if value is not None else None


def _addresses(msg: EmailMessage, name: str) -> list[str]:
    """Display names where given (``Export Control Unit``), else the address itself."""
    try:
        header = msg.get(name)
    except (ValueError, IndexError):
        return []
    if header is None:
        return []
    found: list[str] = []
    addresses = getattr(header, "addresses", None)
    if addresses is not None:
        for addr in addresses:
            assert isinstance(addr, Address)
            found.append(addr.display_name or addr.addr_spec)
    else:
        found = [n or a for n, a in getaddresses([str(header)]) if n or a]
    return found


def _body(msg: EmailMessage, name: str, warnings: list[str]) -> tuple[str, str | None, list[str]]:
    """The text body, its charset, and the names of attachments."""
    attachments = [
        part.get_filename() or part.get_content_type() for part in msg.iter_attachments()
    ]
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", None, attachments
    charset = part.get_content_charset() or "us-ascii"
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError):
        # Unknown or lying charset: decode the bytes leniently and say so.
        payload = part.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else b""
        content = raw.decode("latin-1")
        warnings.append(f"{name}: body charset {charset!r} unusable; decoded as latin-1")
        charset = "latin-1"
    text = str(content)
    if part.get_content_type() == "text/html":
        text = _html_to_text(text)
    return text, charset, attachments


class _TextExtractor(HTMLParser):
    """Keep the text of an HTML body, with block elements as paragraph breaks."""

    _BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table", "ul"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts))


READER = Reader(name="email", extensions=(".eml",), sniff=sniff, read=read)
"""The e-mail reader."""
