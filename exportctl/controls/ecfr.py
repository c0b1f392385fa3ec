"""The eCFR versioner API's XML for 15 CFR 738, 740 and 774, read into control datasets.

Source: ``https://www.ecfr.gov/api/versioner/v1/full/{date}/title-15.xml?part={part}`` (US
Government work, public domain). Each supplement is a ``<DIV9 N="Supplement No. 1 to Part
NNN">`` element; tables are ``TABLE``/``TR``/``TH``/``TD`` (or GPO ``GPOTABLE``/``ROW``/
``ENT``) where an empty ``<TD/>`` keeps its column (a plain-text rendering loses it, which is
why only the XML is accepted):

- **Part 738 Supp. 1**, the Commerce Country Chart: the table whose header row names the
  columns ``CB 1`` ... ``AT 2``; a body row has the country and one cell per column (``X`` or
  empty), a two-cell row points to Part 746 (Cuba, Iran, North Korea, Syria), a one-cell row is
  a footnote. Any other column layout is refused: every rule that names a column depends on it.
- **Part 740 Supp. 1**, Country Groups: tables captioned "Country Group A", "D" and "E" with
  one ``X`` column per sub-group (``[A:1]`` ...), and Country Group B as a list (``LI``).
- **Part 774 Supp. 1**, the Commerce Control List: an ECCN starts at a paragraph opening with
  its code (``2B001 Machine tools ...``); its License Requirements table gives the Country
  Chart rows, "Reason for Control:" the reasons, and "Related Controls:", "Related
  Definitions:" and "Items:" the List of Items Controlled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeET

from exportctl.errors import InvalidInput
from exportctl.model.controls import ControlData, dataset_payload_errors

__all__ = [
    "CHART_COLUMNS",
    "ECFR_PARTS",
    "parse_ecfr",
    "read_ecfr_folder",
]

#: Part -> the dataset its Supplement No. 1 holds.
ECFR_PARTS: dict[str, str] = {
    "738": "us-country-chart",
    "740": "us-country-groups",
    "774": "us-ccl",
}
#: 15 CFR 738 Supp. 1 columns, in the order the chart prints them.
CHART_COLUMNS: tuple[str, ...] = (
    "CB 1", "CB 2", "CB 3", "NP 1", "NP 2", "NS 1", "NS 2", "MT 1",
    "RS 1", "RS 2", "FC 1", "CC 1", "CC 2", "CC 3", "AT 1", "AT 2",
)  # fmt: skip
# Destinations without a chart row that the EAR itself assigns to another row (738.3(b)):
# Hong Kong takes China's entry since 85 FR 83788 (23 Dec 2020); Liechtenstein Switzerland's
# (footnote 5 to Supp. 1 to Part 738); plus common spellings of the chart's row labels.
CHART_ALIASES: dict[str, str] = {
    "hong kong": "China",
    "liechtenstein": "Switzerland",
    "myanmar": "Burma",
    "turkey": "Türkiye",
    "russian federation": "Russia",
    "czechia": "Czech Republic",
    "viet nam": "Vietnam",
    "south korea": "Korea, South",
    "north korea": "Korea, North",
}
GROUP_ALIASES: dict[str, str] = {
    "china": "China (PRC)",
    "hong kong": "China (PRC)",
    "macao": "Macau",
    "myanmar": "Burma",
    "turkey": "Türkiye",
    "russian federation": "Russia",
    "czechia": "Czech Republic",
    "viet nam": "Vietnam",
    "south korea": "Korea, South",
    "north korea": "Korea, North",
}

_AMDDATE = re.compile(r"<AMDDATE>\s*([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}), (\d{4})\s*</AMDDATE>")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _text(el: Element) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].upper()


def _parse_xml(raw: bytes, where: str) -> Element:
    try:
        root: Element = SafeET.fromstring(raw)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else "?"
        raise InvalidInput(
            f"{where}:{line}: not well-formed XML ({exc}); the file may be truncated",
            code="controls_invalid",
        ) from None
    return root


def _supplement(root: Element, part: str, where: str) -> Element:
    name = f"Supplement No. 1 to Part {part}"
    for el in root.iter():
        if _local(el.tag) == "DIV9" and el.get("N", "").strip() == name:
            return el
    raise InvalidInput(f'{where}: no <DIV9 N="{name}"> element', code="controls_invalid")


# HTML-style tables (TR/TH/TD) and GPO tables (ROW/ENT, headers CHED) are both read.
_ROW_TAGS = ("TR", "ROW")
_CELL_TAGS = ("TD", "TH", "ENT", "CHED")
_HEAD_TAGS = ("TH", "CHED")


def _rows(table: Element) -> Iterator[tuple[list[str], bool, Element]]:
    """(cell texts, is-header, row) for every row; an empty cell keeps its place."""
    for tr in table.iter():
        if _local(tr.tag) not in _ROW_TAGS:
            continue
        cells = [c for c in tr if _local(c.tag) in _CELL_TAGS]
        header = bool(cells) and all(_local(c.tag) in _HEAD_TAGS for c in cells)
        yield [_text(c) for c in cells], header, tr


def _tables(el: Element) -> list[Element]:
    return [t for t in el.iter() if _local(t.tag) in ("TABLE", "GPOTABLE")]


_COLUMN_ID = re.compile(r"[A-Z]{2} \d")


def _footnote_free(name: str) -> str:
    return re.sub(r"(\s*\d+)+$", "", name).strip()


def _chart(sup: Element, where: str) -> dict[str, Any]:
    # The chart is found by content (a row of column ids such as "CB 1"), not by position.
    table = next(
        (
            t
            for t in _tables(sup)
            if any(sum(bool(_COLUMN_ID.fullmatch(c)) for c in r) >= 3 for r, _, _ in _rows(t))
        ),
        None,
    )
    if table is None:
        raise InvalidInput(
            f"{where}: Country Chart table not found (no row of column ids such as 'CB 1')",
            code="controls_invalid",
        )
    columns: list[str] | None = None
    countries: dict[str, list[str]] = {}
    embargoed: list[str] = []
    for n, (cells, header, _) in enumerate(_rows(table), start=1):
        if columns is None:
            ids = [c for c in cells if _COLUMN_ID.fullmatch(c)]
            if ids:
                if tuple(ids) != CHART_COLUMNS:
                    raise InvalidInput(
                        f"{where}: Country Chart row {n}: column layout changed (found "
                        f"{', '.join(ids)}; expected {', '.join(CHART_COLUMNS)}); refused, "
                        "every rule naming a column must be reviewed first",
                        code="controls_layout_changed",
                    )
                columns = ids
            continue
        if header or not cells:
            continue
        name = _footnote_free(cells[0])
        if len(cells) == 1 or not name:
            continue  # a footnote row
        if len(cells) == 2:
            embargoed.append(name)
            continue
        if len(cells) != len(columns) + 1:
            raise InvalidInput(
                f"{where}: Country Chart row {n} ({name}): {len(cells) - 1} cells for "
                f"{len(columns)} columns",
                code="controls_layout_changed",
            )
        bad = [c for c in cells[1:] if c.strip().upper() not in ("", "X")]
        if bad:
            raise InvalidInput(
                f"{where}: Country Chart row {n} ({name}): marks {bad} not X",
                code="controls_layout_changed",
            )
        countries[name] = sorted(col for col, v in zip(columns, cells[1:], strict=True) if v)
    if columns is None:
        raise InvalidInput(f"{where}: Country Chart has no column header", code="controls_invalid")
    aliases = {k: v for k, v in CHART_ALIASES.items() if v in countries or v in embargoed}
    return {
        "columns": columns,
        "countries": countries,
        "embargoed": sorted(embargoed),
        "aliases": aliases,
    }


def _groups(sup: Element, where: str) -> dict[str, Any]:
    groups: dict[str, list[str]] = {}
    for table in _tables(sup):
        labels: list[str] = []
        for cells, header, _ in _rows(table):
            if not labels:
                labels = [m for c in cells for m in re.findall(r"\b([A-E]:\d)\b", c)]
                if labels:
                    for g in labels:
                        groups.setdefault(g, [])
                continue
            if header or not cells or not cells[0] or len(cells[0]) > 80:
                continue
            if re.match(r"^(\d+|\(\w\))\s", cells[0]):
                continue  # a footnote row
            name = _footnote_free(cells[0])
            for g, v in zip(labels, cells[1:], strict=False):
                if "X" in v.upper():
                    groups[g].append(name)
    # Country Group B is a list following its heading.
    heading_seen = False
    for el in sup.iter():
        tag = _local(el.tag)
        if tag.startswith("HD") and re.match(r"Country Group B\b", _text(el)):
            heading_seen = True
        elif heading_seen and tag == "LI":
            groups.setdefault("B", []).append(_text(el))
        elif heading_seen and tag.startswith("HD") and "B" in groups:
            break
    if not groups:
        raise InvalidInput(f"{where}: no Country Group tables found", code="controls_invalid")
    names = {n for ns in groups.values() for n in ns}
    return {
        "groups": {g: sorted(set(ns)) for g, ns in sorted(groups.items())},
        "aliases": {k: v for k, v in GROUP_ALIASES.items() if v in names},
    }


_ECCN = re.compile(r"^(\d[A-E]\d{3})\s+(\S.*)$")
_FIELD = re.compile(r"^(Reason for Control|Related Controls|Related Definitions|Items)\s*:\s*(.*)$")
_EXCEPTION = re.compile(r"^(LVS|GBS|CIV|TSR|STA|APP|ACA|ENC)\s*:\s*(.*)$")


def _ccl(sup: Element, where: str) -> dict[str, Any]:
    entries: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    section = ""
    for el in sup.iter():
        tag = _local(el.tag)
        if tag in _ROW_TAGS and current is not None:
            cells = [_text(c) for c in el if _local(c.tag) in _CELL_TAGS]
            if len(cells) >= 2 and re.search(r"Column \d|N/A", cells[1]):
                current["chart"].append({"control": cells[0], "text": cells[1]})
            continue
        if tag not in ("P", "FP", "HD1", "HD2", "HD3"):
            continue
        text = _text(el)
        m = _ECCN.match(text)
        if m and (current is None or m.group(1) not in entries):
            current = {
                "heading": m.group(2),
                "items": "",
                "related_controls": "",
                "related_definitions": "",
                "completeness": "heading_only",
                "reasons": [],
                "chart": [],
                "license_exceptions": {},
            }
            entries[m.group(1)] = current
            section = ""
            continue
        if current is None:
            continue
        f = _FIELD.match(text)
        e = _EXCEPTION.match(text)
        if f:
            section = f.group(1)
            value = f.group(2).strip()
            if section == "Reason for Control":
                current["reasons"] = [r.strip() for r in value.split(",") if r.strip()]
            elif section == "Items":
                current["items"] = value
                current["completeness"] = "full"
            else:
                key = "related_controls" if section == "Related Controls" else "related_definitions"
                current[key] = value
        elif e:
            current["license_exceptions"][e.group(1)] = e.group(2).strip()
        elif section == "Items" and text:
            current["items"] = f"{current['items']} {text}".strip()
            current["completeness"] = "full"
    if not entries:
        raise InvalidInput(f"{where}: no ECCN entries found", code="controls_invalid")
    return {"entries": entries}


def _issued(raw: bytes) -> date | None:
    """The "up to date as of" date eCFR prints in ``<AMDDATE>Jul. 23, 2026</AMDDATE>``."""
    m = _AMDDATE.search(raw[:4000].decode("utf-8", "replace"))
    if m is None or m.group(1) not in _MONTHS:
        return None
    try:
        return date(int(m.group(3)), _MONTHS.index(m.group(1)) + 1, int(m.group(2)))
    except ValueError:
        return None


def parse_ecfr(raw: bytes, part: str, where: str, issued: date | None = None) -> ControlData:
    """The dataset held in Supplement No. 1 of eCFR XML for 15 CFR ``part``.

    Raises:
        InvalidInput: not XML (truncated), no such supplement, or an unexpected layout
            (``controls_layout_changed``); the message names ``where``.
    """
    if part not in ECFR_PARTS:
        raise InvalidInput(
            f"{where}: part {part} holds no control dataset", code="controls_invalid"
        )
    sup = _supplement(_parse_xml(raw, where), part, where)
    dataset = ECFR_PARTS[part]
    reader = {"738": _chart, "740": _groups, "774": _ccl}[part]
    payload = reader(sup, where)
    errors = dataset_payload_errors(dataset, payload)
    if errors:
        raise InvalidInput(
            f"{where}: not a usable {dataset}: {'; '.join(errors)}", code="controls_invalid"
        )
    return ControlData(dataset, payload, issued or _issued(raw), where)


def read_ecfr_folder(folder: Path) -> list[ControlData]:
    """``part-738.xml``, ``part-740.xml``, ``part-774.xml`` in ``folder`` (those present)."""
    out: list[ControlData] = []
    if not folder.is_dir():
        return out
    for part in ECFR_PARTS:
        path = folder / f"part-{part}.xml"
        if path.is_file():
            out.append(parse_ecfr(path.read_bytes(), part, str(path)))
    return out
