"""What changed between two versions of a control dataset, item by item.

Items are ECCNs (``us-ccl``), Country Chart cells ``"<row> | <column>"`` marked with an X and
rows that point to Part 746 (``us-country-chart``), Country Groups (``us-country-groups``)
and Wassenaar entries (``wassenaar``; the caller splits the text, see
``exportctl.classification.catalogue.wassenaar_items``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ControlDiff", "ItemChange", "dataset_items", "diff_datasets"]


class ItemChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    detail: str = Field(description="What changed inside the item (fields, members)")


class ControlDiff(BaseModel):
    model_config = ConfigDict(frozen=True)

    dataset: str
    from_version: str | None
    to_version: str
    added: list[str]
    removed: list[str]
    changed: list[ItemChange]


def dataset_items(dataset: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The comparable items of a US dataset's payload (Wassenaar: split by the caller)."""
    if dataset == "us-ccl":
        return dict(payload.get("entries", {}))
    if dataset == "us-country-chart":
        cells: dict[str, Any] = {
            f"{row} | {col}": "X" for row, marks in payload["countries"].items() for col in marks
        }
        cells.update({f"{row} | Part 746": "embargoed" for row in payload.get("embargoed", [])})
        return cells
    if dataset == "us-country-groups":
        return {g: sorted(ns) for g, ns in payload.get("groups", {}).items()}
    raise ValueError(f"no item split for {dataset}")


def _detail(old: Any, new: Any) -> str:
    if isinstance(old, dict) and isinstance(new, dict):
        fields = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        return "fields: " + ", ".join(fields)
    if isinstance(old, list) and isinstance(new, list):
        plus = [str(x) for x in new if x not in old]
        minus = [str(x) for x in old if x not in new]
        parts = ([f"+{', +'.join(plus)}"] if plus else []) + (
            [f"-{', -'.join(minus)}"] if minus else []
        )
        return "; ".join(parts) or "order"
    return "text"


def diff_datasets(
    dataset: str,
    from_version: str | None,
    to_version: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
) -> ControlDiff:
    """Items added, removed and changed from ``old`` to ``new`` (keys sorted)."""
    return ControlDiff(
        dataset=dataset,
        from_version=from_version,
        to_version=to_version,
        added=sorted(set(new) - set(old)),
        removed=sorted(set(old) - set(new)),
        changed=[
            ItemChange(key=k, detail=_detail(old[k], new[k]))
            for k in sorted(set(old) & set(new))
            if old[k] != new[k]
        ],
    )
