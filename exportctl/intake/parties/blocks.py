"""Field blocks of designation notices and sanctions lists, read as prose.

Notices list the designated as blocks of labelled lines::

    Name: KHALILI Reza
    Nationality: Iranian
    Date of birth: 12/09/1975
    Position: Managing director of Saba Motor Pardaz Company

A block is rewritten into the sentences an analyst would write ("KHALILI Reza, an Iranian
national, managing director of Saba Motor Pardaz Company."), so the party rules that read
prose read it too: a block with personal fields (nationality, date or place of birth, passport,
position) is a person, any other block an organisation placed by its ``Location:`` or
``Address:``. The rewritten sentence is the evidence the party carries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from exportctl.intake.sentences import Sentence

__all__ = ["rewrite_field_blocks"]

_LABELS = {
    "name": "name", "full name": "name", "nationality": "nationality",
    "citizenship": "nationality", "date of birth": "birth", "dob": "birth",
    "place of birth": "birth", "passport": "passport", "passport number": "passport",
    "position": "position", "title": "position", "function": "position",
    "location": "location", "address": "location", "country": "location",
    "other information": "info", "additional information": "info", "remarks": "info",
    "also known as": "aka", "aka": "aka", "a.k.a": "aka", "alias": "aka", "aliases": "aka",
}  # fmt: skip
_LABEL_RE = re.compile(
    r"(?:^|(?<=\s))(?P<label>"
    + "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
    + r")\s*:\s*",
    re.I,
)
_PERSONAL = frozenset({"nationality", "birth", "passport", "position"})


def rewrite_field_blocks(sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences with every ``Name:`` block replaced by prose (other sentences as they
    are)."""
    out: list[Sentence] = []
    i = 0
    while i < len(sentences):
        sent = sentences[i]
        if not re.match(r"^(?:full\s+)?name\s*:", sent.text, re.I):
            out.append(sent)
            i += 1
            continue
        j = i + 1
        while (
            j < len(sentences)
            and sentences[j].paragraph == sent.paragraph
            and _LABEL_RE.match(sentences[j].text)
            and not re.match(r"^(?:full\s+)?name\s*:", sentences[j].text, re.I)
        ):
            j += 1
        fields = _fields(" ".join(s.text for s in sentences[i:j]))
        out.extend(Sentence(text, sent.paragraph, sent.upper) for text in _prose(fields) if text)
        i = j
    return out


def _fields(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    labels = list(_LABEL_RE.finditer(text))
    for n, m in enumerate(labels):
        end = labels[n + 1].start() if n + 1 < len(labels) else len(text)
        key = _LABELS[" ".join(m["label"].lower().split())]
        fields.setdefault(key, text[m.end() : end].strip().rstrip(";"))
    return fields


def _prose(fields: dict[str, str]) -> list[str]:
    name = fields.get("name", "").strip().rstrip(".")
    if not name:
        return []
    sentences: list[str] = []
    if _PERSONAL & set(fields):
        nationality = fields.get("nationality", "").rstrip(".")
        who = f"a {nationality} national" if nationality else "an individual"
        position = fields.get("position", "").rstrip(".")
        sentences.append(
            f"{name}, {who}" + (f", {position[:1].lower()}{position[1:]}." if position else ".")
        )
    elif "location" in fields:
        sentences.append(f"{name}, located in {fields['location'].rstrip('.')}.")
    else:
        sentences.append(f"{name}.")
    info = fields.get("info", "").strip()
    if info:
        first = info.split()[0].lower()
        verb = first.endswith(("s", "ed")) and not first.endswith("ss")
        sentences.append(f"{name} {info}" if verb else f"{name}, a {info}")
    return sentences
