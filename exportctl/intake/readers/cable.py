"""US diplomatic cable text, as published (the seed ``09STATE124113`` is the reference).

Layout read here (every part is optional; what is missing or malformed becomes a warning and
the document is flagged ``partial``)::

    09STATE124113                                    cable id: year, originator, serial
    S) IRAN SEEKING ...                              title (subject, sometimes mangled)
    Thu Dec 03 00:00:00 +0100 2009                   date, as written
    SECRET                                           classification
    Secretary of State                               originating office
    P 032127Z DEC 09                                 precedence + date-time group (UTC)
    FM SECSTATE WASHDC                               sender
    TO AIT TAIPEI PRIORITY 0000                      recipients: "<name> <PRECEDENCE> [serial]"
    INFO ... COLLECTIVE PRIORITYS E C R E T STATE 124113   (spaced banner + serial glued on)

    E.O. 12958: DECL: 12/03/2034 TAGS: PARM MTCRE PREL TW IR
    SUBJECT: (S) IRAN SEEKING ...
    REF: A. AIT TAIPEI 001102 B. STATE 034030 ... D. 08 STATE 066110 ... AND PREVIOUS
    Classified By: ISN/MTR DIRECTOR PAM DURHAM REASONS 1.4 (B), (C) AND (D).

    ¶1. This is an action request. ...              numbered paragraphs, "¶1." or "1.",
    ¶2. (S) Background: ...                          with portion markings (S) (C) (SBU) (U)

References are returned in canonical cable-id form, ``<yy><ORIGINATOR><serial>`` with the
originator's spaces removed and the serial as written (``AIT TAIPEI 001102`` in a 2009 cable is
``09AITTAIPEI001102``; ``08 STATE 066110`` is ``08STATE066110``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from exportctl.intake.dates import parse_date, parse_dtg
from exportctl.intake.readers.base import Reader, blank_line_paragraphs, clean_text
from exportctl.intake.source import RawDocument, decode_text, text_head
from exportctl.model.alert import Document, DocumentHeader, Paragraph

__all__ = ["READER", "canonical_reference", "parse_references", "read", "sniff"]

_CABLE_ID_RE = re.compile(r"^(?P<yy>\d{2})(?P<orig>[A-Z]{3,})(?P<serial>\d{1,6})$")
_CLASSIFICATION_RE = re.compile(
    r"^(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|RESTRICTED)(?:\s*//\s*[A-Z ,/]+)?$"
)
# The banner spelled with spaces, as telegram headers carry it; in the seed it is glued to the
# last recipient's precedence ("PRIORITYS E C R E T STATE 124113"), so it is found anywhere.
_SPACED_BANNER_RE = re.compile(
    r"(?:T\s?O\s?P\s)?S E C R E T|C O N F I D E N T I A L|U N C L A S(?: S I F I E D)?"
)
_ADDRESS_RE = re.compile(r"^(?P<kw>FM|FROM|TO|INFO|CC)\b:?\s*(?P<rest>.*)$")
_PRECEDENCE_WORDS = r"(?:NIACT\s+IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|FLASH)"
_RECIPIENT_RE = re.compile(rf"(?P<name>.+?)\s+{_PRECEDENCE_WORDS}(?:\s+\d{{4}})?(?=\s|$)")
_FIELD_RE = re.compile(
    r"(?P<kw>E\.\s?O\.\s*\d{5}\s*:|TAGS\s*:|SUBJECT\s*:|SUBJ\s*:|REF\s*:|REFS\s*:"
    r"|Classified\s+By\s*:)",
    re.IGNORECASE,
)
# "¶1. ...", "1. (C) ..." and, as typed in haste, "3 (S/NF) ..." (no period, but a marking).
_PARA_RE = re.compile(
    r"^\s*(?:¶\s*)?(?P<num>\d{1,2})(?:\.\s+|\s+(?=\([A-Z]{1,4}(?:/{1,2}[A-Z]+)*\)))(?P<rest>.*)$"
)
_MARKING_RE = re.compile(
    r"^\((?P<mark>(?:TS|S|C|U|SBU|FOUO)(?:\s*/{1,2}\s*(?:NF|NOFORN|REL [A-Z ,]+|FOUO|SBU))*)\)\s*"
)
_REF_LABEL_RE = re.compile(r"(?:^|\s)\(?([A-Z])[.)]\s+")
_REF_CABLE_RE = re.compile(
    r"^(?:(?P<yy>\d{2})\s+)?(?P<orig>[A-Z][A-Z ]*?[A-Z])\s*(?P<serial>\d{1,6})$"
)
_DECL_RE = re.compile(r"DECL\s*:\s*(?P<decl>.*)$", re.IGNORECASE)


def sniff(source: RawDocument) -> float:
    """Confidence that ``source`` is cable text: a cable id first, and cable header lines."""
    head = text_head(source)
    if head is None:
        return 0.0
    lines = [ln.strip() for ln in head.split("\n") if ln.strip()][:30]
    if not lines:
        return 0.0
    score = 0.5 if _CABLE_ID_RE.match(lines[0]) else 0.0
    for line in lines:
        if parse_dtg(line):
            score += 0.3
        elif re.match(r"^(FM|TO|INFO)\s+[A-Z]", line):
            score += 0.1
        elif re.match(r"^(E\.O\.\s*\d{5}|TAGS:|SUBJECT:|REF:)", line):
            score += 0.15
    return min(score, 1.0)


@dataclass
class _State:
    """What reading has gathered so far (mutable while reading, then frozen into a header)."""

    name: str
    warnings: list[str] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)

    def warn(self, line: int | None, detail: str) -> None:
        where = f"{self.name}:{line}" if line is not None else self.name
        self.warnings.append(f"{where}: {detail}")


def read(source: RawDocument) -> Document:
    """Read cable text into a :class:`Document` (header fields and numbered paragraphs)."""
    decoded = decode_text(source)
    lines = decoded.text.split("\n")
    st = _State(source.name)
    st.values["format"] = "cable"

    preamble_end = _read_preamble(lines, st)
    body_start = _read_fields(lines, preamble_end, st)
    paragraphs = _read_paragraphs(lines, body_start, st)
    st.values["paragraphs"] = len(paragraphs)

    for key, label in (
        ("id", "cable id (first line)"),
        ("date", "date"),
        ("classification", "classification"),
        ("from", "FM line"),
        ("subject", "subject"),
    ):
        if not st.values.get(key):
            st.warn(None, f"cable header has no {label}")
    if "to" not in st.values:
        st.warn(None, "cable header has no TO line")
    header = DocumentHeader.model_validate(st.values)
    return Document(
        source=source.name,
        header=header,
        body=paragraphs,
        encoding=decoded.encoding,
        partial=bool(st.warnings),
        warnings=[*decoded.warnings, *st.warnings],
    )


def _read_preamble(lines: list[str], st: _State) -> int:
    """Read the telegram preamble up to the first blank line after addressing; return the
    index of the first line after it."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    free_lines: list[tuple[int, str]] = []  # lines that are none of the known kinds
    current: str | None = None  # address field being continued (TO/INFO may wrap)
    addresses: dict[str, list[str]] = {}
    seen_address = False
    first = True
    while i < len(lines):
        raw = lines[i]
        line = clean_text(raw)
        lineno = i + 1
        if not line:
            if seen_address or not first:
                # A blank line ends the preamble once something has been read.
                i += 1
                break
            i += 1
            continue
        if _FIELD_RE.match(line) and not seen_address:
            # A header field before the addressing ("SUBJECT:" on top, as some posts and
            # re-typed cables have it): read it, say it was out of place, go on.
            _read_field_block([(lineno, line)], st)
            st.warn(lineno, f"{line.split(':')[0].strip()} line before the FM line")
            i += 1
            continue
        if _FIELD_RE.match(line) or _PARA_RE.match(line):
            break  # no blank line before the header fields: the preamble is over
        if first:
            first = False
            m = _CABLE_ID_RE.match(line)
            if m:
                st.values["id"] = line
                i += 1
                continue
            st.warn(lineno, f"first line is not a cable id: {line[:40]!r}")
        address = _ADDRESS_RE.match(line)
        dtg = parse_dtg(line)
        if dtg:
            st.values["precedence"], st.values["date_time_group"] = dtg
            current = None
        elif address and (seen_address or address["kw"] in ("FM", "FROM")):
            kw = "FM" if address["kw"] in ("FM", "FROM") else address["kw"]
            kw = "INFO" if kw == "CC" else kw
            addresses.setdefault(kw, []).append(address["rest"])
            current = kw
            seen_address = True
        elif (banner := _SPACED_BANNER_RE.search(line)) and seen_address:
            # "S E C R E T STATE 124113" closes the addressing; glued to a wrapped recipient
            # ("AMCONSUL HONG KONG PRIORITY 0000S E C R E T ...") it ends that recipient.
            if current is not None and line[: banner.start()].strip():
                addresses[current].append(line[: banner.start()])
            current = None
        elif _CLASSIFICATION_RE.match(line.upper()) and "classification" not in st.values:
            st.values["classification"] = line.upper()
        elif "date" not in st.values and (d := parse_date(line)):
            st.values["date"] = d
        elif re.match(r"^[ZOPRM]\s+\d", line) and not seen_address:
            st.warn(lineno, f"unreadable date-time group: {line!r}")
        elif current is not None:
            addresses[current].append(line)
        else:
            free_lines.append((lineno, line))
        i += 1

    # Free lines in order: the title (before the date) and the originating office.
    if free_lines:
        title = re.sub(r"^\(?[A-Z]{1,3}\)\s*", "", free_lines[0][1])
        st.values.setdefault("subject", title)
    if len(free_lines) > 1:
        st.values["originator"] = free_lines[1][1]

    if "FM" in addresses:
        st.values["from"] = clean_text(" ".join(_recipients(addresses["FM"])))
    for kw, key in (("TO", "to"), ("INFO", "info")):
        if kw in addresses:
            st.values[key] = _recipients(addresses[kw])
    stamp = st.values.get("date_time_group")
    if "date" not in st.values and isinstance(stamp, dt.datetime):
        # No date line: the date-time group's day (UTC) is the next best.
        st.values["date"] = stamp.date()
    return i


def _recipients(parts: list[str]) -> list[str]:
    """Split address lines into recipient names: drop the spaced banner and what follows it,
    the precedence word and channel serial after each name."""
    names: list[str] = []
    for part in parts:
        banner = _SPACED_BANNER_RE.search(part)
        if banner:
            part = part[: banner.start()]
        part = clean_text(part)
        if not part:
            continue
        end = 0
        for m in _RECIPIENT_RE.finditer(part):
            names.append(clean_text(m["name"]))
            end = m.end()
        rest = clean_text(part[end:])
        # A bare serial ("0000") after a recipient is not a recipient, and a channel serial
        # after a name without a precedence word ("SECSTATE WASHDC 6214") is not its name.
        rest = re.sub(r"\s+\d{3,4}$", "", rest)
        if rest and not re.fullmatch(r"\d{3,4}", rest):
            names.append(rest)
    return [n for n in names if n]


def _read_fields(lines: list[str], start: int, st: _State) -> int:
    """Read E.O./DECL, TAGS, SUBJECT, REF and Classified By; return the body's first line.

    Fields come in blocks separated by blank lines (a field may wrap, and E.O. and TAGS often
    share a line); the body starts at the first numbered paragraph or at the first block that
    is not a header field.
    """
    block: list[tuple[int, str]] = []
    i = start
    while True:
        line = clean_text(lines[i]) if i < len(lines) else ""
        starts_paragraph = bool(line) and _PARA_RE.match(line) is not None
        if line and not starts_paragraph:
            block.append((i + 1, line))
            i += 1
            continue
        if block:
            if not _FIELD_RE.match(block[0][1]):
                # Text that is neither a header field nor a numbered paragraph: the body.
                return block[0][0] - 1
            _read_field_block(block, st)
            block = []
        if starts_paragraph or i >= len(lines):
            return i
        i += 1


def _read_field_block(block: list[tuple[int, str]], st: _State) -> None:
    text = " ".join(line for _, line in block)
    lineno = block[0][0]
    matches = list(_FIELD_RE.finditer(text))
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        value = clean_text(text[m.end() : end])
        kw = m["kw"].upper().replace(" ", "")
        if kw.startswith("E.O") or kw.startswith("E. O"):
            _read_decl(value, lineno, st)
        elif kw.startswith("TAGS"):
            st.values["tags"] = re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", value)
        elif kw.startswith("SUBJ"):
            marking = re.match(r"^\((?P<m>[A-Z/]{1,8})\)\s*", value)
            st.values["subject"] = value[marking.end() :] if marking else value
        elif kw.startswith("REF"):
            st.values["references"] = parse_references(value, st, lineno)
        elif kw.startswith("CLASSIFIEDBY"):
            by = re.split(r",?\s+(?:FOR\s+)?REASONS?\s*:?\s*", value, maxsplit=1, flags=re.I)
            st.values["classified_by"] = by[0].rstrip(".,")
            if len(by) > 1:
                st.values["classification_reasons"] = by[1].rstrip(".")


def _read_decl(value: str, lineno: int, st: _State) -> None:
    m = _DECL_RE.search(value)
    if not m:
        st.warn(lineno, f"E.O. line has no DECL: {value!r}")
        return
    decl = m["decl"].strip()
    if re.match(r"^\d{1,2}/\d{1,2}/\d{2,4}", decl):
        d = parse_date(decl.split()[0])
        if d is None:
            st.warn(lineno, f"DECL date is not a date: {decl!r}")
        else:
            st.values["decl_date"] = d
    # Other DECL values (N/A, OADR, 1.6X1) are valid and carry no date.


def canonical_reference(ref: str, default_year: str | None) -> str | None:
    """Canonical cable id for one reference (``08 STATE 066110`` -> ``08STATE066110``).

    ``default_year`` (two digits) is used when the reference has none. ``None`` if ``ref`` is
    not a cable reference.
    """
    m = _REF_CABLE_RE.match(clean_text(ref))
    if not m:
        return None
    year = m["yy"] or default_year
    if year is None:
        return None
    return f"{year}{m['orig'].replace(' ', '')}{m['serial']}"


def parse_references(value: str, st: _State | None = None, lineno: int | None = None) -> list[str]:
    """Parse a REF: value into canonical cable ids; non-cable references are kept as written.

    The year of references written without one is the citing cable's (from its id or date).
    """
    default_year: str | None = None
    if st is not None:
        cable_id = st.values.get("id")
        d = st.values.get("date")
        if isinstance(cable_id, str) and (m := _CABLE_ID_RE.match(cable_id)):
            default_year = m["yy"]
        elif isinstance(d, dt.date):
            default_year = f"{d.year % 100:02d}"
    value = re.sub(r"\s+AND\s+PREVIOUS\.?\s*$", "", value.strip(), flags=re.I).strip()
    labels = list(_REF_LABEL_RE.finditer(value))
    if labels and labels[0].start() == 0:
        chunks = [
            value[lb.end() : labels[n + 1].start() if n + 1 < len(labels) else len(value)]
            for n, lb in enumerate(labels)
        ]
    else:
        chunks = [value]
    refs: list[str] = []
    for chunk in chunks:
        chunk = clean_text(chunk).rstrip(".,;")
        if not chunk:
            continue
        canonical = canonical_reference(chunk, default_year)
        if canonical is None:
            if st is not None:
                st.warn(lineno, f"reference is not a cable id, kept as written: {chunk!r}")
            refs.append(chunk)
        else:
            refs.append(canonical)
    return refs


def _read_paragraphs(lines: list[str], start: int, st: _State) -> list[Paragraph]:
    """Numbered paragraphs (``¶1.``/``1.``) from ``start``. Text before the first number, and
    a body without numbers, become paragraphs split at blank lines (the latter with a
    warning)."""
    paragraphs: list[Paragraph] = []
    pending: list[str] = []
    number: int | None = None
    marking: str | None = None
    para_line = start + 1

    def flush() -> None:
        if number is not None:
            text = clean_text("\n".join(ln.strip() for ln in pending))
            paragraphs.append(Paragraph(number=number, marking=marking, text=text, line=para_line))

    for idx in range(start, len(lines)):
        m = _PARA_RE.match(lines[idx])
        # A numbered line opens a paragraph only if it continues the numbering, so "1." inside
        # a list or a figure at the start of a wrapped line does not split a paragraph.
        if m and (number is None or int(m["num"]) == number + 1):
            if number is None and idx > start:
                paragraphs.extend(blank_line_paragraphs(lines[start:idx], start + 1))
            flush()
            number = int(m["num"])
            rest = m["rest"]
            mk = _MARKING_RE.match(rest)
            marking = mk["mark"].replace(" ", "") if mk else None
            pending = [rest[mk.end() :] if mk else rest]
            para_line = idx + 1
        elif number is not None:
            pending.append(lines[idx])
    if number is None:
        loose = blank_line_paragraphs(lines[start:], start + 1)
        if loose:
            st.warn(start + 1, "no numbered paragraphs; body split at blank lines")
        else:
            st.warn(None, "cable has no body text")
        return loose
    flush()
    return paragraphs


READER = Reader(name="cable", extensions=(".txt", ".cable"), sniff=sniff, read=read)
"""The cable reader, as registered in :data:`exportctl.intake.readers.READERS`."""
