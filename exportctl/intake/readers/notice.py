"""Plain-text notices: press releases, "is-informed" letters, memos, pasted web pages.

Free text has no fixed header, so this reader takes what is there and asks for nothing:
``Label: value`` lines at the top (``Date:``, ``Reference:``, ``Subject:``, ``From:``), a
classification banner line, a letterhead (the sender's name and address in the lines above
the title: upper-case lines, lines naming a government body, address lines), a title (the first
other line, if short), and the date: a ``Date:`` label, a date line, a dateline ("Bern, 28
August 2019", "WASHINGTON, March 4, 2024 -"), or an "Issued ..." line anywhere. The body is split
into paragraphs at blank lines. It is the fallback for any text no more specific reader claims.

A header field found in an unusual place (the date at the foot of the page) or not found at all
(no date, no title) is a warning, and the document is ``partial``.
"""

from __future__ import annotations

import re

from exportctl.intake.dates import find_dates, parse_date
from exportctl.intake.places import place_country
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
    r"^(?:FOR IMMEDIATE RELEASE|PRESS RELEASE|NEWS RELEASE|MEDIA NOTE|NOTICE|MEMORANDUM|"
    r"INTERNAL MEMORANDUM|MEMO)\b",
    re.I,
)
# A letterhead line names a government body or is part of its address.
_LETTERHEAD_NOUN_RE = re.compile(
    r"\b(?:Ministry|Department|Office|Bureau|Agency|Secretariat|Directorate|Division|"
    r"Treasury|Confederation|Commission|Authority|Administration|Unit|Branch|Service|"
    r"Government|Embassy|Consulate)\b",
    re.I,
)
_ADDRESS_LINE_RE = re.compile(r"\d.*,\s*\d{4,5}\s+\w|^\w[\w .'-]+\s\d+[a-z]?(?:-\d+)?,\s")
# A dateline: a place, a comma and a date ("Bern, 28 August 2019"), or "Issued 2 March 2024."
_DATELINE_RE = re.compile(
    r"^(?:(?:[A-Z][\w.'-]*\s?){1,3},\s*|(?:Issued|Dated|Published|Date of issue)\s*:?\s*(?:on\s+)?)"
    r"(?P<date>.+?)\s*(?:[-\u2013\u2014]\s*)?\.?$"
)


def _is_letterhead(text: str) -> bool:
    """A line of a letterhead: the sender's name in capitals, a line naming a government
    body (short, not a sentence), or an address line."""
    words = text.split()
    if len(words) > 10 or text.endswith((".", ":", ",")):
        return False
    letters = [c for c in text if c.isalpha()]
    upper = bool(letters) and all(c.isupper() for c in letters)
    return (
        (upper and len(letters) > 3)
        or bool(
            _LETTERHEAD_NOUN_RE.search(text)
            and text[:1].isupper()
            and len(words) <= 8
            and sum(w[:1].islower() for w in words) <= len(words) // 2
        )
        or bool(_ADDRESS_LINE_RE.search(text))
    )


def _without_town(addressee: str) -> str:
    """An addressee without the town after it ("Mikron Feinmechanik AG, Biel"): the town is
    the address, not the name."""
    name, sep, town = addressee.rpartition(",")
    if sep and len(name.split()) >= 2 and place_country(town.strip()) is not None:
        return name.strip()
    return addressee


def _place_line(text: str) -> bool:
    """A line that only names a place ("Washington, D.C.", "Bern")."""
    return len(text.split()) <= 4 and place_country(text.split(",")[0].strip()) is not None


def _dateline(text: str) -> object:
    m = _DATELINE_RE.match(text.strip())
    return parse_date(m["date"]) if m else None


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
            values[key] = [
                _without_town(v) if key == "to" else v
                for value in labels[key]
                for v in re.split(r"\s*;\s*", value)
            ]
    if "date" in labels:
        d = parse_date(labels["date"][0])
        if d is None:
            lineno = _line_of(lines, labels["date"][0])
            warnings.append(f"{source.name}:{lineno}: Date is not a date: {labels['date'][0]!r}")
        values["date"] = d

    # Letterhead, banner, boilerplate and title among the first lines, before the body.
    body_from = 0
    past_letterhead = False  # boilerplate or a date ends the letterhead: a title follows
    letterhead: list[str] = []
    letterhead_at: set[int] = set()
    # A title taken from a line that names a government body ("Office of Foreign Assets
    # Control" under "PRESS RELEASE") gives way to a title line after the date: it was the
    # letterhead.
    subject_is_body_name = False
    dated_after_subject = False
    for idx, line in enumerate(lines):
        text = line.strip()
        if idx in used or not text:
            body_from = idx + 1
            continue
        nxt = lines[idx + 1].strip() if idx + 1 < len(lines) else ""
        if (
            not past_letterhead
            and idx - 1 in letterhead_at
            and nxt
            and _is_letterhead(nxt)
            and len(text.split()) <= 8
            and not text.endswith((".", ":"))
        ):
            # A line inside the letterhead block ("Export Controls and Sanctions" between the
            # body's name and its address) is part of it.
            letterhead.append(text)
            letterhead_at.add(idx)
            used.add(idx)
        elif subject_is_body_name and not dated_after_subject and _place_line(text):
            used.add(idx)  # "Washington, D.C." under the body's name
        elif (
            subject_is_body_name
            and dated_after_subject
            and len(text) <= 160
            and not text.endswith((".", ":"))
        ):
            letterhead.append(str(values["subject"]))
            values["subject"] = text
            used.add(idx)
            subject_is_body_name = False
        elif values.get("date") is None and (
            line_date := parse_date(text.rstrip(".")) or _dateline(text)
        ):
            values["date"] = line_date  # a date line under the title ("Thursday, June 8, 2023")
            used.add(idx)
            past_letterhead = True
            dated_after_subject = "subject" in values
        elif _BANNER_RE.match(text):
            values.setdefault("classification", text)
            used.add(idx)
        elif _BOILERPLATE_RE.match(text):
            used.add(idx)
            past_letterhead = True
        elif not past_letterhead and _is_letterhead(text):
            letterhead.append(text)
            letterhead_at.add(idx)
            used.add(idx)
        elif "subject" not in values and len(text) <= 160 and not text.endswith((".", ":")):
            values["subject"] = text
            used.add(idx)
            past_letterhead = True
            subject_is_body_name = values.get("date") is None and bool(
                _LETTERHEAD_NOUN_RE.search(text) and _is_letterhead(text)
            )
        else:
            break
        body_from = idx + 1
    if letterhead and "from" not in values:
        values["from"] = letterhead[0]

    if values.get("date") is None:
        # A press dateline ("WASHINGTON, March 4, 2024 -") in the first lines.
        first = next((ln for ln in lines[body_from : body_from + 5] if ln.strip()), "")
        for mention in find_dates(first):
            if len(mention.value) == 10 and first.find(mention.text) < 60:
                values["date"] = parse_date(mention.value)
                break
    if values.get("date") is None:
        # A dateline or "Issued ..." line further down (a letter's foot): found, but in an
        # unusual place.
        header_end = max(used, default=body_from)
        for idx, line in enumerate(lines[body_from:], start=body_from):
            if (found := _dateline(line)) is not None:
                values["date"] = found
                used.add(idx)
                if idx > header_end:
                    warnings.append(f"{source.name}:{idx + 1}: date found below the header")
                break
    if values.get("date") is None and "date" not in labels:
        warnings.append(f"{source.name}: notice has no date")
    if not values.get("subject"):
        warnings.append(f"{source.name}: notice has no title or subject")

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
