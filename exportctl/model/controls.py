"""The four control datasets, their normalised payloads and content-derived versions.

A model type (pure standard library) because the store saves these values, classification
builds its catalogue from them and determination its Country Chart lookups; reading and
fetching them is :mod:`exportctl.controls`.

A dataset's payload is plain JSON, the same whichever source it was read from (the eCFR XML,
a folder of JSON files, the shipped snapshot), so equal content has an equal version::

    us-ccl             {"entries": {ECCN: {"heading", "items", "related_controls",
                        "related_definitions", "completeness", "reasons": [..],
                        "chart": [{"control", "text"}], "license_exceptions": {..}}}}
    us-country-chart   {"columns": [..], "countries": {row: [marked columns]},
                        "embargoed": [rows], "aliases": {alias: row}}
    us-country-groups  {"groups": {"D:4": [country names]}, "aliases": {alias: name}}
    wassenaar          {"text": "<<<PAGE 1>>> ...", "document": "WA-LIST (25) 1 Corr.",
                        "sha256": "<of the PDF or text it came from>"}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

__all__ = ["DATASETS", "US_DATASETS", "ControlData", "dataset_payload_errors"]

#: Dataset name -> what it is and where the law publishes it.
DATASETS: dict[str, str] = {
    "us-ccl": "US Commerce Control List (15 CFR 774 Supp. 1)",
    "us-country-chart": "US Commerce Country Chart (15 CFR 738 Supp. 1)",
    "us-country-groups": "US Country Groups (15 CFR 740 Supp. 1)",
    "wassenaar": "Wassenaar Arrangement List of Dual-Use Goods and Technologies",
}
#: The public-domain datasets shipped inside the package (17 U.S.C. 105).
US_DATASETS: tuple[str, ...] = ("us-ccl", "us-country-chart", "us-country-groups")


def canonical_json(payload: Any) -> bytes:
    """The one serialisation that versions are hashed over and stored as."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class ControlData:
    """One dataset's content, with where it came from and the date the source says."""

    dataset: str
    payload: dict[str, Any] = field(repr=False)
    issued: date | None
    source: str

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.payload)).hexdigest()

    @property
    def version(self) -> str:
        """Content-derived, so the same data read from any source has the same version."""
        return self.content_hash[:12]

    @property
    def size(self) -> int:
        """How many entries (ECCNs, chart rows, groups, pages) the dataset holds."""
        key = {
            "us-ccl": "entries",
            "us-country-chart": "countries",
            "us-country-groups": "groups",
        }.get(self.dataset)
        if key is not None:
            return len(self.payload.get(key) or {})
        return str(self.payload.get("text", "")).count("<<<PAGE ")


def _is_str_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def dataset_payload_errors(dataset: str, payload: Any) -> list[str]:
    """What is wrong with a payload's shape (empty: nothing). Guards every source."""
    if dataset not in DATASETS:
        return [f"unknown dataset {dataset!r}"]
    if not isinstance(payload, dict):
        return ["payload is not an object"]
    errors: list[str] = []
    if dataset == "us-ccl":
        entries = payload.get("entries")
        if not isinstance(entries, dict) or not entries:
            return ["no ECCN entries"]
        for code, e in entries.items():
            if not isinstance(e, dict) or not isinstance(e.get("heading"), str):
                errors.append(f"{code}: no heading")
            elif not isinstance(e.get("reasons", []), list):
                errors.append(f"{code}: reasons is not a list")
    elif dataset == "us-country-chart":
        countries, columns = payload.get("countries"), payload.get("columns")
        if not isinstance(columns, list) or not columns:
            return ["no chart columns"]
        if not isinstance(countries, dict) or not countries:
            return ["no chart rows"]
        for row, marks in countries.items():
            bad = [m for m in marks if m not in columns] if isinstance(marks, list) else [marks]
            if bad:
                errors.append(f"{row}: marks outside the columns: {bad}")
        if not _is_str_map(payload.get("aliases", {})):
            errors.append("aliases is not a map of names")
    elif dataset == "us-country-groups":
        groups = payload.get("groups")
        if not isinstance(groups, dict) or not groups:
            return ["no country groups"]
        for g, names in groups.items():
            if not isinstance(names, list):
                errors.append(f"{g}: members are not a list")
    elif dataset == "wassenaar":
        text = payload.get("text")
        if not isinstance(text, str) or "<<<PAGE " not in text:
            return ["no page-marked text"]
        if "DUAL-USE LIST - CATEGORY 2" not in text:
            errors.append("Category 2 (materials processing) not found in the text")
    return errors[:5]
