"""Derive the shipped US control-data snapshot from a folder of the official US data.

    python scripts/build_controls_snapshot.py [../shared/data/controls]

Reads ``us/`` of the folder (CCL, Country Chart, Country Groups: US Government works, public
domain), normalises it exactly as ``exportctl controls update --from`` does, and writes only
the derived compact form to ``exportctl/controls/data/us-controls.json.xz``. The source files
themselves are never copied into the repository; the Wassenaar list is never shipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

from exportctl.controls.folder import read_folder
from exportctl.controls.snapshot import SNAPSHOT_FILE, write_snapshot
from exportctl.model.controls import US_DATASETS

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT.parent / "shared" / "data" / "controls"
    datasets = read_folder(folder, US_DATASETS)
    missing = set(US_DATASETS) - {d.dataset for d in datasets}
    if missing:
        print(f"{folder}: missing {', '.join(sorted(missing))}", file=sys.stderr)
        return 1
    # Record the source as a path relative to the folder, so the snapshot is reproducible.
    out = ROOT / "exportctl" / "controls" / "data" / SNAPSHOT_FILE
    size = write_snapshot(
        [
            type(d)(d.dataset, d.payload, d.issued, d.source.replace(str(folder) + "/", ""))
            for d in datasets
        ],
        out,
    )
    for d in datasets:
        print(f"{d.dataset}: version {d.version}, issued {d.issued}, {d.size} items")
    print(f"wrote {out.relative_to(ROOT)} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
