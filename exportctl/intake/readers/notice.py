"""Plain-text notices: press releases, "is-informed" letters, memos, pasted web pages.

Free text has no fixed header, so this reader takes what is there and asks for nothing:
``Label: value`` lines at the top (``Date:``, ``Reference:``, ``Subject:``, ``From:``), a
classification banner line, a title (the first other line, if short), and the first full date
in the first lines (a press dateline). The body is split into paragraphs at blank lines. It is
the fallback for any text no more specific reader claims.
"""

from __future__ import annotations

import re

from exportctl.intake.dates import find_dates, parse_date
from exportctl.intake.readers.base import Reader, blank_line_paragraphs, labelled_lines
from exportctl.intake.source import RawDocument, decode_text, text_head
from exportctl.model.alert import Document, DocumentHeader

__all__ = ["READER", "read", "sniff"]

_BANNER_RE = re.compile(
    r"^(?:TOP SECRET|SECRET|CONFIDENTIAL|RESTRICTED|UNCLASSIFIED|OFFICIAL(?:[- ]SENSITIVE)?)"
    r"(?:\s*//\s*[A-Z ,/]+)?$"
)
# Lines that open a press release but are neither title nor content.
_BOILERPLATE_RE = re.compile(
    r"^(?:FOR IMMEDIATE RELEASE|PRESS RELEASE|NEWS RELEASE|MEDIA NOTE|NOTICE)\b", re.I
)


def sniff(source: RawDocument) -> float:
    """Any text document: a low, constant confidence, so specific readers win."""
    if text_head(source) is None:
        return 0.0
    return 0.2 if source.suffix in ("", ".txt", ".text", ".md") else 0.1


def read(source: RawDocument) -> Document:
    """Read a plain-text notice into a :class:`Document`."""
    decoded = decode_text(source)
    lines = decoded.text.split("\n")
    labels, used = labelled_lines(lines)
    values: dict[str, object] = {"format": "notice"}
    warnings: list[str] = []

    for key in ("id", "from", "subject", "classification"):
        if key in labels:
            values[key] = labels[key][0]
    for key in ("to", "info", "references"):
        if key in labels:
            values[key] = [v for value in labels[key] for v in re.split(r"\s*;\s*", value)]
    if "date" in labels:
        d = parse_date(labels["date"][0])
        if d is None:
            lineno = _line_of(lines, labels["date"][0])
            warnings.append(f"{source.name}:{lineno}: Date is not a date: {labels['date'][0]!r}")
        values["date"] = d

    # Banner, boilerplate and title among the first lines, before the body proper.
    body_from = 0
    for idx, line in enumerate(lines):
        text = line.strip()
        if idx in used or not text:
            body_from = idx + 1
            continue
        if values.get("date") is None and (line_date := parse_date(text.rstrip("."))):
            values["date"] = line_date  # a date line under the title ("Thursday, June 8, 2023")
            used.add(idx)
        elif _BANNER_RE.match(text):
            values.setdefault("classification", text)
            used.add(idx)
        elif _BOILERPLATE_RE.match(text):
            used.add(idx)
        elif "subject" not in values and len(text) <= 160 and not text.endswith((".", ":")):
            values["subject"] = text
            used.add(idx)
        else:
            break
        body_from = idx + 1

    if values.get("date") is None:
        # A press dateline ("WASHINGTON, March 4, 2024 -") in the first lines.
        head = "\n".join(lines[body_from : body_from + 5])
        for mention in find_dates(head):
            if len(mention.value) == 10:
                values["date"] = parse_date(mention.value)
                break

    body_lines = [ln if i not in used else "" for i, ln in enumerate(lines)]
    paragraphs = blank_line_paragraphs(body_lines[body_from:], body_from + 1)
    if not paragraphs:
        warnings.append(f"{source.name}: notice has no body text")
    values["paragraphs"] = len(paragraphs)
    return Document(
        source=source.name,
        header=DocumentHeader.model_validate(values),
        body=paragraphs,
        encoding=decoded.encoding,
        partial=bool(warnings),
        warnings=[*decoded.warnings, *warnings],
    )


def _line_of(lines: list[str], needle: str) -> int:
    for idx, line in enumerate(lines):
        if needle in line:
            return idx + 1
    return 1


READER = Reader(name="notice", extensions=(".txt", ".text", ".md"), sniff=sniff, read=read)
"""The plain-text notice reader (the fallback for text)."""
