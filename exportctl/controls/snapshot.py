"""The public-domain US control data shipped inside the package as the default snapshot.

``data/us-controls.json.xz`` holds the normalised ``us-ccl``, ``us-country-chart`` and
``us-country-groups`` payloads (US Government works, public domain under 17 U.S.C. 105),
derived by ``scripts/build_controls_snapshot.py``. It is what ``classify``, ``assess`` and
``controls search|show`` use until ``controls update`` stores a version. The Wassenaar list is
not in it: its terms do not allow redistribution.
"""

from __future__ import annotations

import json
import lzma
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from exportctl.errors import RuleError
from exportctl.model.controls import US_DATASETS, ControlData, canonical_json

__all__ = ["SNAPSHOT_FILE", "bundled", "write_snapshot"]

SNAPSHOT_FILE = "us-controls.json.xz"


@cache
def bundled() -> dict[str, ControlData]:
    """The shipped datasets by name (empty when the package was built without them)."""
    ref = resources.files("exportctl.controls").joinpath("data", SNAPSHOT_FILE)
    try:
        raw = ref.read_bytes()
    except (FileNotFoundError, OSError):
        return {}
    try:
        doc: dict[str, Any] = json.loads(lzma.decompress(raw))
        return {
            d["dataset"]: ControlData(
                d["dataset"],
                d["payload"],
                date.fromisoformat(d["issued"]) if d.get("issued") else None,
                f"bundled with exportctl ({d['source']})",
            )
            for d in doc["datasets"]
        }
    except (lzma.LZMAError, ValueError, KeyError, TypeError) as exc:
        raise RuleError(
            f"{SNAPSHOT_FILE}: the shipped control data is damaged ({exc})",
            code="controls_snapshot_invalid",
        ) from exc


def write_snapshot(datasets: list[ControlData], path: Path) -> int:
    """Write the US datasets of ``datasets`` to ``path`` (xz); returns the bytes written."""
    chosen = [d for d in datasets if d.dataset in US_DATASETS]
    doc = {
        "datasets": [
            {
                "dataset": d.dataset,
                "issued": d.issued.isoformat() if d.issued else None,
                "source": d.source,
                "payload": d.payload,
            }
            for d in chosen
        ]
    }
    raw = lzma.compress(canonical_json(doc), preset=9 | lzma.PRESET_EXTREME)
    path.write_bytes(raw)
    return len(raw)
