"""What every document reader provides, and helpers readers share.

A reader turns a :class:`~exportctl.intake.source.Source` into a
:class:`~exportctl.model.alert.Document`. It reads *structure* (header fields, paragraphs) and
leaves meaning (parties, items) to :mod:`exportctl.intake.extract`, so one extractor serves every
format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from exportctl.intake.source import RawDocument
from exportctl.model.alert import Document, Paragraph

__all__ = ["Reader", "blank_line_paragraphs", "clean_text"]


@dataclass(frozen=True)
class Reader:
    """A document format: how to recognise it and how to read it.

    ``sniff`` returns a confidence in ``[0, 1]`` that the source is in this format (``0``: not
    at all); the registry picks the most confident reader. ``read`` raises
    :class:`~exportctl.errors.InvalidInput` naming the file (and line) when it cannot read the
    document at all, and returns a document flagged ``partial`` when it can read some of it.
    """

    name: str
    extensions: tuple[str, ...]
    sniff: Callable[[RawDocument], float]
    read: Callable[[RawDocument], Document]


def clean_text(text: str) -> str:
    """Collapse runs of spaces and tabs inside a line; strip the ends."""
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def blank_line_paragraphs(lines: list[str], first_line: int = 1) -> list[Paragraph]:
    """Split lines into paragraphs at blank lines; ``first_line`` is the 1-based number of
    ``lines[0]`` in the file, so each paragraph knows where it starts."""
    paragraphs: list[Paragraph] = []
    block: list[str] = []
    start = first_line
    for offset, line in enumerate([*lines, ""]):
        if line.strip():
            if not block:
                start = first_line + offset
            block.append(line.strip())
        elif block:
            paragraphs.append(Paragraph(text=clean_text("\n".join(block)), line=start))
            block = []
    return paragraphs


# Labels that open a header line of a letter, notice or memo ("Reference: BAFA-2024-0173").
_LABEL_RE = re.compile(
    r"^(?P<label>Date|From|To|Cc|Subject|Subj|Re|Reference|Ref|Our ref(?:erence)?|"
    r"Your ref(?:erence)?|Notice(?: No\.?| number)?|Classification|Security classification)"
    r"\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)

_LABEL_KEYS = {
    "date": "date",
    "from": "from",
    "to": "to",
    "cc": "info",
    "subject": "subject",
    "subj": "subject",
    "re": "subject",
    "reference": "id",
    "ref": "id",
    "our ref": "id",
    "our reference": "id",
    "notice": "id",
    "notice no": "id",
    "notice no.": "id",
    "notice number": "id",
    "your ref": "references",
    "your reference": "references",
    "classification": "classification",
    "security classification": "classification",
}


def labelled_lines(lines: list[str], *, limit: int = 25) -> tuple[dict[str, list[str]], set[int]]:
    """``Label: value`` header lines among the first ``limit`` non-empty lines.

    Returns the values by header key (``id``, ``date``, ``from``, ``to``, ``info``, ``subject``,
    ``references``, ``classification``) and the indexes of the lines used, so the caller can
    leave them out of the body.
    """
    values: dict[str, list[str]] = {}
    used: set[int] = set()
    seen = 0
    for idx, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > limit:
            break
        m = _LABEL_RE.match(line.strip())
        if m:
            key = _LABEL_KEYS[" ".join(m["label"].lower().split())]
            values.setdefault(key, []).append(clean_text(m["value"]))
            used.add(idx)
    return values, used
