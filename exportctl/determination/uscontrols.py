"""US Commerce Country Chart, CCL metadata and Country Groups, read at run time.

The US licence requirement for a listed item is a lookup: each reason for control of the ECCN
names a Country Chart column (15 CFR 738.4(a)(2)); an X in the destination's row for any of
them means a licence is required. The chart (15 CFR 738 Supp. 1), the CCL's per-ECCN chart
rows (15 CFR 774 Supp. 1) and the Country Groups (15 CFR 740 Supp. 1) are official data that
change with every Federal Register rule, so they are read from a folder at run time
(``seelpeed-country-chart.json``, ``seelpeed-ccl.json``, ``seelpeed-country-groups.json``)
and never copied into this repository.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from exportctl.errors import RuleError

__all__ = ["ChartResult", "USControls", "load_us_controls"]

CHART_FILE = "seelpeed-country-chart.json"
CCL_FILE = "seelpeed-ccl.json"
GROUPS_FILE = "seelpeed-country-groups.json"

_COLUMN = re.compile(r"\b(CB|NP|NS|MT|RS|FC|CC|AT|SI|SL|EI|UN)\s*(?:COLUMN\s*)?(\d)\b")


@dataclass(frozen=True)
class ChartResult:
    """What the Country Chart says for one ECCN and destination."""

    row: str | None  # the chart row used (None: destination not found)
    embargoed: bool  # the row points to Part 746 instead of carrying marks
    columns: tuple[str, ...]  # the ECCN's columns, e.g. ("NS 2", "NP 1", "AT 1")
    marked: tuple[str, ...]  # those columns with an X for the destination


@dataclass(frozen=True)
class USControls:
    """The loaded US data with lookups by ISO country code."""

    folder: Path
    chart_issue_date: str
    marks: Mapping[str, frozenset[str]]  # chart row -> columns marked
    embargoed_rows: frozenset[str]
    eccn_columns: Mapping[str, tuple[str, ...]]  # ECCN -> Country Chart columns
    groups: Mapping[str, frozenset[str]]  # "D:4" -> ISO codes
    iso_to_row: Mapping[str, str] = field(default_factory=dict)

    def row_for(self, iso: str, overrides: Mapping[str, str] | None = None) -> str | None:
        """The chart row for an ISO code (regime ``chart_names`` override the built-in map)."""
        iso = iso.upper()
        if overrides and iso in overrides:
            return overrides[iso]
        return self.iso_to_row.get(iso)

    def columns(self, eccn: str, reasons: tuple[str, ...]) -> tuple[str, ...]:
        """Chart columns for an ECCN: from its reasons (``NS2``) or else the CCL's chart rows."""
        cols = [_column(r) for r in reasons]
        found = tuple(c for c in cols if c)
        if found:
            return found
        base = eccn.split(".")[0].upper()
        return self.eccn_columns.get(base, ())

    def lookup(
        self,
        eccn: str,
        reasons: tuple[str, ...],
        iso: str,
        overrides: Mapping[str, str] | None = None,
    ) -> ChartResult:
        """The Country Chart cells for ``eccn`` (with ``reasons``) and destination ``iso``."""
        row = self.row_for(iso, overrides)
        cols = self.columns(eccn, reasons)
        if row is None:
            return ChartResult(None, False, cols, ())
        if row in self.embargoed_rows:
            return ChartResult(row, True, cols, ())
        marked = tuple(c for c in cols if c in self.marks.get(row, frozenset()))
        return ChartResult(row, False, cols, marked)


def _column(text: str) -> str | None:
    m = _COLUMN.search(text.upper())
    return f"{m.group(1)} {m.group(2)}" if m else None


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuleError(
            f"{path}: cannot read US control data: {exc}", code="us_data_invalid"
        ) from exc


def _iso_map(names: set[str], aliases: Mapping[str, str]) -> dict[str, str]:
    """ISO alpha-2 -> row name, by pycountry's names and the file's own aliases."""
    lowered = {n.lower(): n for n in names}
    for alias, target in aliases.items():
        if target in names:
            lowered.setdefault(alias.lower(), target)
    out: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and value.lower() in lowered:
                out[country.alpha_2] = lowered[value.lower()]
                break
    return out


def load_us_controls(folder: Path) -> USControls:
    """Read the Country Chart, CCL metadata and Country Groups from ``folder``.

    Raises:
        RuleError: a file is missing or not the expected JSON (the message names it).
    """
    chart_path = folder / CHART_FILE
    ccl_path = folder / CCL_FILE
    groups_path = folder / GROUPS_FILE
    for p in (chart_path, ccl_path):
        if not p.is_file():
            raise RuleError(f"{p}: US control data file not found", code="us_data_missing")
    chart = _load_json(chart_path)
    ccl = _load_json(ccl_path)
    try:
        marks = {
            name: frozenset(str(m) for m in row.get("marks", []))
            for name, row in chart["countries"].items()
        }
        embargoed = frozenset(chart.get("embargoed", {}))
        aliases = {str(k): str(v) for k, v in chart.get("aliases", {}).items()}
        inherit = {str(k): str(v["row"]) for k, v in chart.get("territoryInheritance", {}).items()}
        eccn_columns: dict[str, tuple[str, ...]] = {}
        for entry in ccl["entries"]:
            cols = [_column(str(r.get("countryChart", ""))) for r in entry.get("countryChart", [])]
            eccn_columns[str(entry["eccn"]).upper()] = tuple(dict.fromkeys(c for c in cols if c))
    except (KeyError, TypeError, AttributeError) as exc:
        raise RuleError(
            f"{chart_path} / {ccl_path}: unexpected structure: {exc!r}", code="us_data_invalid"
        ) from exc
    names = set(marks) | set(embargoed)
    iso_to_row = _iso_map(names, {**aliases, **inherit})
    groups: dict[str, frozenset[str]] = {}
    if groups_path.is_file():
        data = _load_json(groups_path)
        g_aliases = {str(k): str(v) for k, v in data.get("aliases", {}).items()}
        members = {str(g): [str(n) for n in ns] for g, ns in data.get("groups", {}).items()}
        all_names = {n for ns in members.values() for n in ns}
        g_iso = _iso_map(all_names, g_aliases)
        row_to_isos: dict[str, set[str]] = {}
        for iso, row in g_iso.items():
            row_to_isos.setdefault(row, set()).add(iso)
        for g, ns in members.items():
            groups[g] = frozenset(iso for n in ns for iso in row_to_isos.get(n, ()))
    return USControls(
        folder=folder,
        chart_issue_date=str(chart.get("ecfrIssueDate", "")),
        marks=marks,
        embargoed_rows=embargoed,
        eccn_columns=eccn_columns,
        groups=groups,
        iso_to_row=iso_to_row,
    )
