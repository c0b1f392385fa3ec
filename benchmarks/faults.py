"""Faults survived: real list files served by a loopback mirror that injects faults, plus
concurrent processes, hostile input and a damaged store. For each fault: what exportctl did,
and whether anything was lost (the active versions and their entry counts before and after).

    python -m benchmarks.faults [--shared ../shared] [--write]

Each command runs as a fresh process (``exportctl`` as a user runs it), so its peak memory
is its own. The baseline for memory is ``lists status`` on the same home, in the same run.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.lists.fault_mirror import (  # noqa: E402
    Drip,
    Encoded,
    Endless,
    Fault,
    Status,
    serve_faults,
)

_MAIN = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: sys.stderr.write("
    "f'\\npeak_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
    "from exportctl.cli import main\nmain()\n"
)


@dataclass
class Run:
    rc: int
    out: str
    err: str
    seconds: float
    peak_mb: float

    @property
    def errors(self) -> list[str]:
        return [ln for ln in self.err.splitlines() if ln.startswith("error:")]


def cli(
    home: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> Run:
    environ = {**os.environ, "EXPORTCTL_HOME": str(home), "EXPORTCTL_DATABASE_URL": ""}
    environ.update(env or {})
    t0 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-c", _MAIN, *args],
        env=environ,
        input=stdin,
        capture_output=True,
        timeout=600,
        cwd=REPO,
    )
    secs = time.perf_counter() - t0
    err = p.stderr.decode("utf-8", "replace")
    peak = int(err.rsplit("peak_kib=", 1)[1].split()[0]) / 1024 if "peak_kib=" in err else 0.0
    return Run(p.returncode, p.stdout.decode("utf-8", "replace"), err, secs, peak)


def status(home: Path) -> dict[str, tuple[str, int]]:
    rows = json.loads(cli(home, "lists", "status", "--format", "json").out)
    return {r["source"]: (r["version"], r["entries"]) for r in rows}


@dataclass
class Row:
    fault: str
    did: str
    kept: bool
    note: str = ""


def _mirror_files(lists: Path) -> dict[str, bytes]:
    pick = {
        "/ofac-sdn/sdn.csv": lists / "ofac_sdn_csv_2024-05-03" / "sdn.csv",
        "/ofac-sdn/add.csv": lists / "ofac_sdn_aux_2025-12" / "add.csv",
        "/ofac-sdn/alt.csv": lists / "ofac_sdn_aux_2025-12" / "alt.csv",
        "/ofac-sdn/sdn_comments.csv": lists / "ofac_sdn_aux_2025-12" / "sdn_comments.csv",
        "/bis-dpl/dpl.txt": lists / "bis_dpl" / "dpl.txt",
        "/uk/ConList.csv": lists / "uk_ofsi_conlist_2018-04-13" / "sanctionsconlist.csv",
        "/un/consolidated.xml": lists / "un" / "consolidated.xml",
        "/csl/consolidated.csv": lists / "us_csl" / "consolidated_partial_20231130.csv",
    }
    return {k: v.read_bytes() for k, v in pick.items()}


def _cut_at_line(data: bytes, share: float) -> bytes:
    lines = data.splitlines(keepends=True)
    return b"".join(lines[: int(len(lines) * share)])


def _update(home: Path, url: str, sources: str, **env: str) -> Run:
    e = {
        "EXPORTCTL_MIRROR_URL": url,
        "EXPORTCTL_SOURCES": sources,
        "EXPORTCTL_HTTP_RETRIES": "0",
        "EXPORTCTL_HTTP_TIMEOUT": "5",
        **env,
    }
    return cli(home, "lists", "update", "--format", "json", "--allow-partial", env=e)


def _code(run: Run) -> str:
    rows = json.loads(run.out) if run.out.strip() else []
    codes = sorted({r["code"] for r in rows if r.get("code")})
    return ", ".join(f"`{c}`" for c in codes) or f"exit {run.rc}"


def _leftovers(home: Path) -> int:
    d = home / "downloads"
    return sum(1 for p in d.rglob("*") if p.name.startswith(".")) if d.exists() else 0


def scenarios(lists: Path, work: Path) -> list[Row]:
    home = work / "home"
    rows: list[Row] = []
    r = cli(home, "lists", "update", "--from", str(lists), "--allow-partial")
    assert r.rc == 0, r.err
    good = status(home)
    files = _mirror_files(lists)
    base = cli(home, "lists", "status").peak_mb

    def mirror_case(
        fault: str,
        sources: str,
        served: dict[str, bytes],
        faults: dict[str, Fault] | None = None,
        note: Callable[[Run], str] | None = None,
        **env: str,
    ) -> None:
        with serve_faults(served, faults) as (url, _):
            run = _update(home, url, sources, **env)
        after = status(home)
        kept = after == good and _leftovers(home) == 0
        did = f"refused, {_code(run)}" if run.rc else "loaded"
        one_line = all(ln.rstrip().endswith("]") for ln in run.errors)
        extra = note(run) if note else ""
        rows.append(
            Row(
                fault,
                did + ("" if one_line else " (multi-line error!)"),
                kept,
                extra or f"{run.seconds:.1f} s",
            )
        )

    sdn = files["/ofac-sdn/sdn.csv"]
    mirror_case(
        f"OFAC sdn.csv cut at a record boundary (half; {good['ofac-sdn'][1]:,} entries active)",
        "ofac-sdn",
        {**files, "/ofac-sdn/sdn.csv": _cut_at_line(sdn, 0.54)},
    )
    mirror_case(
        f"BIS DPL cut at a line end (264 of {good['bis-dpl'][1]} rows)",
        "bis-dpl",
        {**files, "/bis-dpl/dpl.txt": _cut_at_line(files["/bis-dpl/dpl.txt"], 264 / 580)},
    )
    mirror_case(
        f"UK list cut at a line end (half of {good['uk'][1]:,} entries)",
        "uk",
        {**files, "/uk/ConList.csv": _cut_at_line(files["/uk/ConList.csv"], 0.46)},
    )
    xml = files["/un/consolidated.xml"]
    mirror_case(
        "UN XML cut after an element",
        "un",
        {**files, "/un/consolidated.xml": xml[: xml.index(b"</INDIVIDUAL>", len(xml) // 2) + 13]},
    )
    mirror_case(
        "OFAC alt.csv answers 404 (the alias file is missing)",
        "ofac-sdn",
        files,
        {"/ofac-sdn/alt.csv": Status(404)},
    )
    text = files["/csl/consolidated.csv"].decode("utf-8")
    reader = list(csv.DictReader(io.StringIO(text)))
    keep = [c for c in reader[0] if c not in ("alt_names", "addresses")]
    out = io.StringIO()
    w = csv.DictWriter(out, keep, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(reader)
    mirror_case(
        "CSL without its alt_names and addresses columns",
        "csl",
        {**files, "/csl/consolidated.csv": out.getvalue().encode()},
    )
    mirror_case(
        "UN answers 500 while the other sources are fine",
        "ofac-sdn,un,bis-dpl",
        files,
        {"/un/consolidated.xml": Status(500)},
        note=lambda run: (
            "report row for each of 3 sources; "
            + f"{sum(1 for x in json.loads(run.out) if x['status'] != 'error')} loaded/unchanged"
        ),
    )
    block = _cut_at_line(files["/bis-dpl/dpl.txt"], 1.0)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(packer.compress(block * 8) for _ in range(900)) + packer.flush()
    mirror_case(
        f"gzip bomb: {len(bomb) / 1e6:.1f} MB expanding to {len(block) * 8 * 900 / 2**30:.1f} GiB",
        "bis-dpl",
        {"/bis-dpl/dpl.txt": bomb},
        {"/bis-dpl/dpl.txt": Encoded("gzip")},
        note=lambda run: (
            f"peak {run.peak_mb:.0f} MB (lists status: {base:.0f} MB), {run.seconds:.1f} s"
        ),
    )
    mirror_case(
        "200 MB of junk without a length",
        "bis-dpl",
        files,
        {"/bis-dpl/dpl.txt": Endless(limit=200 * 2**20)},
        note=lambda run: (
            f"peak {run.peak_mb:.0f} MB, refused after the 8 MB limit, nothing left in downloads/"
        ),
    )
    mirror_case(
        "server drips one byte every 0.2 s",
        "bis-dpl",
        files,
        {"/bis-dpl/dpl.txt": Drip(0.2, 10_000)},
        EXPORTCTL_HTTP_DEADLINE="3",
        note=lambda run: f"stopped after {run.seconds:.1f} s (deadline 3 s, per-read timeout 5 s)",
    )

    # Busy store: another process holds the write lock for 7 s.
    db = sqlite3.connect(home / "exportctl.db", timeout=1, check_same_thread=False)
    with serve_faults({**files, "/bis-dpl/dpl.txt": files["/bis-dpl/dpl.txt"] + b"\n"}) as (url, _):
        db.execute("BEGIN IMMEDIATE")
        with ThreadPoolExecutor(1) as pool:
            fut = pool.submit(_update, home, url, "bis-dpl")
            time.sleep(7)
            db.rollback()
            run = fut.result()
    db.close()
    rows.append(
        Row(
            "store locked by another writer for 7 s",
            "retried with back-off, then " + ("unchanged" if run.rc == 0 else _code(run)),
            status(home) == good,
            f"{run.seconds:.1f} s",
        )
    )

    # Two updates of one home at once.
    with serve_faults(files) as (url, _), ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: _update(home, url, "ofac-sdn,bis-dpl,un"), range(2)))
    rows.append(
        Row(
            "two `lists update` of one home at once",
            "second waited for the first's lock; " + ", ".join(f"exit {x.rc}" for x in runs),
            status(home) == good and _leftovers(home) == 0,
            " / ".join(f"{x.seconds:.1f} s" for x in runs),
        )
    )

    # Concurrent screens while the cache is built (no cache yet).
    shutil.rmtree(home / "index", ignore_errors=True)
    with ThreadPoolExecutor(8) as pool:
        runs = list(
            pool.map(
                lambda _: cli(home, "screen", "Machine Sazi Arak", "--format", "json"), range(8)
            )
        )
    tops = {json.loads(x.out)["matches"][0]["entity_id"] for x in runs if x.rc == 0}
    rows.append(
        Row(
            "8 screens at once while the index cache is built",
            f"{sum(x.rc == 0 for x in runs)} of 8 answered, same top match ({', '.join(tops)})",
            status(home) == good,
            f"slowest {max(x.seconds for x in runs):.1f} s",
        )
    )

    # A cache whose metadata matches but whose entries are gone.
    (cache,) = (home / "index").glob("screening-*.json.gz")
    with gzip.open(cache, "rt", encoding="utf-8") as f:
        doc = json.load(f)
    doc["entries"], doc["names"], doc["name_start"] = [], [], [0]
    with gzip.open(cache, "wt", encoding="utf-8") as f:
        json.dump(doc, f)
    run = cli(home, "screen", "Machine Sazi Arak", "--format", "json")
    top = json.loads(run.out)["matches"][0]["entity_id"] if run.rc == 0 else "-"
    rows.append(
        Row(
            "index cache with matching metadata and no entries",
            f"not trusted: rebuilt, top match {top}",
            run.rc == 0 and top != "-",
            f"{run.seconds:.1f} s",
        )
    )

    # Garbage JSON lines.
    from tests.screening.test_cli_screen import GARBAGE

    good_line = b'{"id": "ok", "name": "Machine Sazi Arak"}'
    body = b"\n".join(x for bad in GARBAGE for x in (bad, good_line)) + b"\n"
    run = cli(home, "screen", "--input", "-", stdin=body)
    out = run.out.splitlines()
    ok = len(out) == 2 * len(GARBAGE) and all(
        json.loads(out[i])["id"] == "ok" for i in range(1, len(out), 2)
    )
    rows.append(
        Row(
            f"`screen --input` with {len(GARBAGE)} kinds of bad line between good ones",
            f"{len(out)} lines out for {2 * len(GARBAGE)} in, in order",
            ok,
            "every good line still screened",
        )
    )

    # Hostile transaction files.
    tx = work / "tx"
    tx.mkdir()
    for name, ref in (("shadow", "/etc/shadow"), ("zero", "/dev/zero"), ("up", "../../etc/passwd")):
        (tx / f"{name}.yaml").write_text(
            "id: T\nexporter: {name: X, country: TW}\ndestination: DE\n"
            f"items:\n  m: {{ref: {ref}}}\nlines:\n  - {{activity: export, item: m}}\n"
        )
    (tx / "deep.yaml").write_text("a: " + "[" * 600 + "]" * 600 + "\n")
    (tx / "loop.yaml").write_text("items:\n  - {ref: loop.yaml}\n")
    for name, cmd, fault in (
        ("shadow", "assess", "`ref: /etc/shadow`"),
        ("zero", "assess", "`ref: /dev/zero`"),
        ("up", "assess", "`ref: ../../etc/passwd`"),
        ("deep", "assess", "YAML nested 600 deep"),
        ("loop", "classify", "item file whose ref is itself"),
    ):
        run = cli(home, cmd, str(tx / f"{name}.yaml"))
        did = run.errors[0].rsplit("[", 1)[-1].rstrip("]") if run.errors else f"exit {run.rc}"
        rows.append(
            Row(
                fault,
                f"refused, `{did}`",
                "Traceback" not in run.err and len(run.errors) == 1,
                "one error line, nothing read",
            )
        )

    # A damaged store (on a copy).
    broken = work / "broken"
    shutil.copytree(home, broken)
    con = sqlite3.connect(broken / "exportctl.db")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray((broken / "exportctl.db").read_bytes())
    for n in range(5, len(data) // page, 50):
        data[n * page : (n + 1) * page] = b"\xa5" * page
    (broken / "exportctl.db").write_bytes(bytes(data))
    before = (broken / "exportctl.db").read_bytes()
    run = cli(broken, "lists", "load", str(lists / "bis_dpl"))
    rows.append(
        Row(
            "SQLite store with 2 % of its pages overwritten",
            "`lists load` refused, `store_error` with the quick_check message",
            (broken / "exportctl.db").read_bytes() == before and "Traceback" not in run.err,
            (run.errors[0][:90] + "...") if run.errors else f"exit {run.rc}",
        )
    )
    return rows


def render(rows: list[Row], seconds: float) -> str:
    lines = [
        "## Faults survived",
        "",
        "`python -m benchmarks.faults` (issue 12): the real list files from",
        "`../shared/data/lists`, "
        "served by a loopback HTTP mirror that injects each fault, against a home where every",
        "source was loaded first; each command a fresh process. *Nothing lost* means the active",
        "versions and their entry counts are the same afterwards, no temporary file is left in",
        "`downloads/`, and the error is one line with its `[code]`. "
        f"Whole run: {seconds:.0f} s on the shared 2-core machine.",
        "",
        "| fault | what exportctl did | nothing lost | measured |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.fault} | {r.did} | {'yes' if r.kept else 'NO'} | {r.note} |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args(argv)
    lists = args.shared / "data" / "lists"
    if not lists.is_dir():
        print(f"{lists} not found: no faults benchmark", file=sys.stderr)
        return ""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="exportctl-faults-") as tmp:
        rows = scenarios(lists, Path(tmp))
    text = render(rows, time.perf_counter() - t0)
    print(text)
    if args.write:
        from benchmarks.results import write_section

        write_section("## Faults survived", text)
    return text


if __name__ == "__main__":
    main()
