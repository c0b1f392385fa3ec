"""US Commerce Country Chart, CCL metadata and Country Groups, read at run time.

The US licence requirement for a listed item is a lookup: each reason for control of the ECCN
names a Country Chart column (15 CFR 738.4(a)(2)); an X in the destination's row for any of
them means a licence is required. The chart (15 CFR 738 Supp. 1), the CCL's per-ECCN chart
rows (15 CFR 774 Supp. 1) and the Country Groups (15 CFR 740 Supp. 1) are official data that
change with every Federal Register rule, so they are versioned datasets
(:mod:`exportctl.controls`): the store's active version, the snapshot shipped with the
package, or a folder named by ``EXPORTCTL_CONTROLS_DIR``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pycountry

from exportctl.errors import RuleError
from exportctl.model.controls import US_DATASETS, ControlData

__all__ = ["ChartResult", "USControls", "us_controls_from_data", "us_controls_from_datasets"]

# The files a controls folder holds them in (exportctl.controls.folder reads them).
COUNTRY_CHART_FILE = "us/seelpeed-country-chart.json"
CCL_FILE = "us/seelpeed-ccl.json"

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

    source: str
    chart_issue_date: str
    marks: Mapping[str, frozenset[str]]  # chart row -> columns marked
    embargoed_rows: frozenset[str]
    eccn_columns: Mapping[str, tuple[str, ...]]  # ECCN -> Country Chart columns
    groups: Mapping[str, frozenset[str]]  # "D:4" -> ISO codes
    iso_to_row: Mapping[str, str] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)  # dataset -> version used

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


def us_controls_from_data(
    chart: ControlData, ccl: ControlData, groups: ControlData | None = None
) -> USControls:
    """Build the lookups from the ``us-country-chart``, ``us-ccl`` and ``us-country-groups``
    datasets (see :mod:`exportctl.model.controls` for their payloads)."""
    c = chart.payload
    marks = {str(name): frozenset(m) for name, m in c["countries"].items()}
    embargoed = frozenset(str(n) for n in c.get("embargoed", []))
    eccn_columns: dict[str, tuple[str, ...]] = {}
    for eccn, entry in ccl.payload["entries"].items():
        cols = [_column(str(r.get("text", ""))) for r in entry.get("chart", [])]
        eccn_columns[str(eccn).upper()] = tuple(dict.fromkeys(x for x in cols if x))
    iso_to_row = _iso_map(set(marks) | set(embargoed), dict(c.get("aliases", {})))
    out_groups: dict[str, frozenset[str]] = {}
    if groups is not None:
        members = {str(g): [str(n) for n in ns] for g, ns in groups.payload["groups"].items()}
        all_names = {n for ns in members.values() for n in ns}
        g_iso = _iso_map(all_names, dict(groups.payload.get("aliases", {})))
        row_to_isos: dict[str, set[str]] = {}
        for iso, row in g_iso.items():
            row_to_isos.setdefault(row, set()).add(iso)
        for g, ns in members.items():
            out_groups[g] = frozenset(iso for n in ns for iso in row_to_isos.get(n, ()))
    datasets = [chart, ccl, *([groups] if groups is not None else [])]
    return USControls(
        source="; ".join(d.source for d in datasets),
        chart_issue_date=chart.issued.isoformat() if chart.issued else "",
        marks=marks,
        embargoed_rows=embargoed,
        eccn_columns=eccn_columns,
        groups=out_groups,
        iso_to_row=iso_to_row,
        versions={d.dataset: d.version for d in datasets},
    )


def us_controls_from_datasets(datasets: Iterable[ControlData], source: str) -> USControls:
    """The lookups from whichever US datasets ``datasets`` holds (``source`` names where they
    were read, for messages); the Country Groups are optional.

    Raises:
        RuleError: the Country Chart or the CCL is missing.
    """
    found = {d.dataset: d for d in datasets if d.dataset in US_DATASETS}
    for name, expected in (("us-country-chart", COUNTRY_CHART_FILE), ("us-ccl", CCL_FILE)):
        if name not in found:
            raise RuleError(
                f"{source}: US control data {name} not found (expected {expected})",
                code="us_data_missing",
            )
    return us_controls_from_data(
        found["us-country-chart"], found["us-ccl"], found.get("us-country-groups")
    )
