"""Loading every list in ../shared/data/lists into a fresh store: seconds and peak memory.

Each measurement runs in a fresh subprocess (so peak RSS is that load's alone) on one core
(``taskset -c 0`` where available). The baseline, measured in the same run, is parsing the
same files without storing them: the ratio shows what the store adds.

    python -m benchmarks.lists_load [--shared ../shared] [--pg postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, lists, url = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
t0 = time.perf_counter()
if mode == "parse":
    from exportctl.lists.fetch import find_in_mirror
    from exportctl.lists.formats import format_by_name
    from exportctl.lists.sources import SOURCES
    n = 0
    for src in SOURCES:
        files = find_in_mirror(src, lists)
        if files:
            fmt = format_by_name(src.format + "-partial" if src.format == "csl" else src.format)
            n += len(fmt.parse(files, source=src.name).entries)
else:
    from exportctl.config import Settings
    from exportctl.engine import Engine
    eng = Engine(Settings.for_home(Path(sys.argv[4]), url))
    reports = eng.lists.update(from_dir=lists, allow_partial=True)
    bad = [r.error for r in reports if r.error]
    assert not bad, bad
    n = sum(v.entries for v in eng.lists.status())
secs = time.perf_counter() - t0
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"mode": mode, "entries": n, "seconds": secs, "peak_mb": rss_mb}))
"""


def _run(mode: str, lists: Path, url: str, home: Path) -> dict[str, float]:
    cmd = [sys.executable, "-c", _CHILD, mode, str(lists), url, str(home)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--pg", default=os.environ.get("EXPORTCTL_TEST_PG_URL"))
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args(argv)
    lists = args.shared / "data" / "lists"
    if not lists.is_dir():
        raise SystemExit(f"{lists} not found: pass --shared")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = _run("parse", lists, "", Path(tmp))
        rows.append(("parse only (baseline)", base))
        home = Path(tmp) / "sqlite"
        rows.append(("SQLite store", _run("store", lists, f"sqlite:///{home / 'x.db'}", home)))
        if not args.pg:
            print(
                "PostgreSQL run skipped: pass --pg URL or set EXPORTCTL_TEST_PG_URL "
                "(make exports it)",
                file=sys.stderr,
            )
        else:
            import sqlalchemy as sa

            name = f"exportctl_bench_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine(args.pg, isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(sa.text(f'CREATE DATABASE "{name}"'))
            try:
                url = args.pg.rsplit("/", 1)[0] + "/" + name
                rows.append(("PostgreSQL store", _run("store", lists, url, Path(tmp) / "pg")))
            finally:
                with admin.connect() as c:
                    c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    lines = [
        "## List loading",
        "",
        "`python -m benchmarks.lists_load --write`: all of ../shared/data/lists into a fresh "
        "store, one core, each run in a fresh process (`lists update --from ... --allow-partial`).",
        "",
        "Target: under 20 s and under 1 GB peak memory.",
        "",
        "| run | entries | seconds | × baseline | peak MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, r in rows:
        lines.append(
            f"| {label} | {r['entries']:,} | {r['seconds']:.1f} | "
            f"{r['seconds'] / base['seconds']:.2f} | {r['peak_mb']:.0f} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        from benchmarks.results import write_section

        write_section("## List loading", text)
    return text


if __name__ == "__main__":
    main()
