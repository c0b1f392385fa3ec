"""`lists update` against a loopback mirror that injects faults (issue 12, failures 1-3, 9).

Each test loads a good edition first, then serves a broken one and checks that the update
fails for that source only, with one `[code]` line, the good version still active, and no
temporary file left behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

from tests.cli.helpers import run_cli, run_json
from tests.lists.fault_mirror import (
    Drip,
    Encoded,
    Endless,
    Fault,
    Gzip,
    Short,
    Stall,
    Status,
    serve_faults,
)

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
_MAIN = "from exportctl.cli import main; main()"
# The same, printing the process's peak resident memory (KiB) on stderr when it exits.
_MAIN_PEAK = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: sys.stderr.write("
    "f'peak_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
    "from exportctl.cli import main\nmain()\n"
)


def _peak_kib(stderr: str) -> int:
    return int(stderr.rsplit("peak_kib=", 1)[1].split()[0])


def _files(source: str, folder: Path, names: list[str] | None = None) -> dict[str, bytes]:
    return {
        f"/{source}/{p.name}": p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and (names is None or p.name in names)
    }


def _update(
    home: Path, url: str, sources: str, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str, list[dict[str, object]]]:
    environ = {
        "EXPORTCTL_MIRROR_URL": url,
        "EXPORTCTL_SOURCES": sources,
        "EXPORTCTL_HTTP_RETRIES": "0",
        "EXPORTCTL_HTTP_TIMEOUT": "5",
    }
    environ.update(env or {})
    res = run_cli(home, "lists", "update", "--format", "json", *args, env=environ)
    return res.exit_code, res.stderr, json.loads(res.stdout) if res.stdout.strip() else []


def _active(home: Path, source: str) -> dict[str, object]:
    rows = [r for r in run_json(home, "lists", "status") if r["source"] == source]
    assert len(rows) == 1
    return rows[0]  # type: ignore[no-any-return]


def _leftovers(home: Path) -> list[str]:
    downloads = home / "downloads"
    if not downloads.exists():
        return []
    return [
        str(p.relative_to(downloads))
        for p in downloads.rglob("*")
        if p.name.startswith(".") or p.suffix in (".part", ".tmp")
    ]


def _one_line_errors(stderr: str) -> list[str]:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("error:")]
    assert "Traceback" not in stderr
    for ln in lines:
        assert ln.rstrip().endswith("]"), ln  # every error line ends with its [code]
    return lines


def _good_then(
    tmp_path: Path,
    source: str,
    good: dict[str, bytes],
    bad: dict[str, bytes],
    faults: dict[str, Fault] | None = None,
    *args: str,
    env: dict[str, str] | None = None,
) -> tuple[int, str, list[dict[str, object]], dict[str, object]]:
    with serve_faults(good) as (url, _):
        code, _err, _rows = _update(tmp_path, url, source)
        assert code == 0, _err
    before = _active(tmp_path, source)
    with serve_faults(bad, faults) as (url, _):
        code, err, rows = _update(tmp_path, url, source, *args, env=env)
    return code, err, rows, before


# -- 1. silent data loss -----------------------------------------------------------------


def test_ofac_file_cut_at_a_record_boundary_is_refused(tmp_path: Path) -> None:
    good = _files("ofac-sdn", FIX / "ofac_sdn")
    cut = dict(good)
    sdn = good["/ofac-sdn/sdn.csv"]
    cut["/ofac-sdn/sdn.csv"] = sdn[: sdn.index(b"\r\n") + 2]  # first record only, no 0x1A
    code, err, rows, before = _good_then(tmp_path, "ofac-sdn", good, cut)
    assert code == 1
    assert rows[0]["code"] == "list_truncated" and "end-of-file marker" in str(rows[0]["error"])
    assert _one_line_errors(err)
    assert _active(tmp_path, "ofac-sdn")["version"] == before["version"]


def test_xml_cut_at_an_element_boundary_is_refused(tmp_path: Path) -> None:
    good = _files("un", FIX / "un")
    xml = good["/un/consolidated.xml"]
    cut = {"/un/consolidated.xml": xml[: xml.index(b"</INDIVIDUAL>") + len(b"</INDIVIDUAL>")]}
    code, _err, rows, before = _good_then(tmp_path, "un", good, cut)
    assert code == 1 and rows[0]["code"] in ("list_truncated", "list_parse_error")
    assert _active(tmp_path, "un")["version"] == before["version"]


def test_truncation_inside_a_record_is_refused(tmp_path: Path) -> None:
    good = _files("bis-dpl", FIX / "bis_dpl")
    dpl = good["/bis-dpl/dpl.txt"]
    code, _err, rows, before = _good_then(
        tmp_path, "bis-dpl", good, {"/bis-dpl/dpl.txt": dpl[: len(dpl) - 40]}
    )
    assert code == 1 and rows[0]["error"]
    assert _active(tmp_path, "bis-dpl")["version"] == before["version"]


def test_dpl_cut_at_a_line_end_is_refused_by_the_shrink_guard(
    tmp_path: Path, shared_lists: Path
) -> None:
    good = _files("bis-dpl", shared_lists / "bis_dpl")
    lines = good["/bis-dpl/dpl.txt"].splitlines(keepends=True)
    cut = {"/bis-dpl/dpl.txt": b"".join(lines[: len(lines) // 2])}
    code, err, rows, before = _good_then(tmp_path, "bis-dpl", good, cut)
    assert code == 1 and rows[0]["code"] == "list_shrink"
    assert f"entries {before['entries']:,} ->" in str(rows[0]["error"])
    assert "error: bis-dpl: the new version would shrink" in err, err  # the source named once
    assert _active(tmp_path, "bis-dpl")["version"] == before["version"]
    # Deliberately: --accept-shrink loads it and the version records what was accepted.
    with serve_faults(cut) as (url, _):
        code, err, rows = _update(tmp_path, url, "bis-dpl", "--accept-shrink")
    assert code == 0, err
    now = _active(tmp_path, "bis-dpl")
    assert int(str(now["entries"])) < int(str(before["entries"]))
    assert "entries" in str(now["accepted_shrink"])


def test_missing_optional_alias_file_warns_and_trips_the_guard(
    tmp_path: Path, shared_lists: Path
) -> None:
    good = _files("ofac-sdn", shared_lists / "ofac_sdn_matched_2021-07")
    without_alt = {k: v for k, v in good.items() if not k.endswith("/alt.csv")}
    code, err, rows, before = _good_then(tmp_path, "ofac-sdn", good, without_alt)
    assert code == 1 and rows[0]["code"] == "list_shrink"
    assert "names" in str(rows[0]["error"]) and "alt.csv is missing" in str(rows[0]["error"])
    assert _active(tmp_path, "ofac-sdn")["version"] == before["version"]
    with serve_faults(without_alt) as (url, _):
        code, err, rows = _update(tmp_path, url, "ofac-sdn", "--accept-shrink")
    assert code == 0, err
    status = _active(tmp_path, "ofac-sdn")
    assert any("alt.csv is missing" in w for w in status["warnings"])  # type: ignore[attr-defined]
    table = run_cli(tmp_path, "lists", "status")
    assert "alt.csv is missing" in table.stderr


def test_csl_without_alias_and_address_columns_is_refused(tmp_path: Path) -> None:
    good = _files("csl", FIX / "csl")
    text = good["/csl/consolidated.csv"].decode()
    import csv
    import io

    rows_in = list(csv.DictReader(io.StringIO(text)))
    keep = [c for c in rows_in[0] if c not in ("alt_names", "addresses")]
    out = io.StringIO()
    w = csv.DictWriter(out, keep, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows_in)
    code, _err, rows, before = _good_then(
        tmp_path, "csl", good, {"/csl/consolidated.csv": out.getvalue().encode()}
    )
    assert code == 1 and rows[0]["code"] == "list_shrink"
    assert "no alt_names column" in str(rows[0]["error"])
    assert _active(tmp_path, "csl")["version"] == before["version"]


# -- 2, 9. per-source update, one-line errors ----------------------------------------------


def test_one_failing_source_does_not_stop_the_others(tmp_path: Path) -> None:
    files = {**_files("bis-dpl", FIX / "bis_dpl"), **_files("un", FIX / "un")}
    files |= _files("ofac-sdn", FIX / "ofac_sdn")
    with serve_faults(files, {"/un/consolidated.xml": Status(500)}) as (url, _):
        code, err, rows = _update(tmp_path, url, "ofac-sdn,un,bis-dpl")
    assert code == 1
    by = {r["source"]: r for r in rows}
    assert set(by) == {"ofac-sdn", "un", "bis-dpl"}  # a report row for every source
    assert by["un"]["status"] == "error" and by["un"]["code"] == "download_failed"
    assert by["ofac-sdn"]["status"] == by["bis-dpl"]["status"] == "loaded"
    lines = _one_line_errors(err)
    assert any(ln.startswith("error: un: ") and ln.endswith("[download_failed]") for ln in lines)
    assert lines[-1].startswith("error: 1 of 3 source(s) failed (un: download_failed)")


def test_busy_store_is_retried_with_back_off(tmp_path: Path) -> None:
    import sqlite3
    import threading

    files = _files("bis-dpl", FIX / "bis_dpl")
    run_json(tmp_path, "lists", "status")  # create the store
    db = sqlite3.connect(tmp_path / "exportctl.db", timeout=1, check_same_thread=False)
    db.execute("BEGIN IMMEDIATE")  # hold the write lock past SQLite's 5 s busy timeout

    def release() -> None:
        time.sleep(6.5)
        db.rollback()

    t = threading.Thread(target=release)
    t.start()
    try:
        with serve_faults(files) as (url, _):
            code, err, rows = _update(tmp_path, url, "bis-dpl")
    finally:
        t.join()
        db.close()
    assert code == 0, err
    assert rows[0]["status"] == "loaded"


# -- 3. bounded I/O -------------------------------------------------------------------------


def test_oversized_download_is_refused_and_deleted(tmp_path: Path) -> None:
    code, err, rows, before = _good_then(
        tmp_path,
        "bis-dpl",
        _files("bis-dpl", FIX / "bis_dpl"),
        {},
        {"/bis-dpl/dpl.txt": Endless(limit=8 * 1024 * 1024)},
        env={"EXPORTCTL_DOWNLOAD_LIMITS": "bis-dpl=1"},
    )
    assert code == 1 and rows[0]["code"] == "download_too_large"
    assert _one_line_errors(err)
    assert _leftovers(tmp_path) == []
    assert _active(tmp_path, "bis-dpl")["version"] == before["version"]


def test_gzip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """256 MiB of DPL-like rows, a few hundred KB gzipped, sent as Content-Encoding: gzip
    (the source's limit is 8 MB)."""
    row = b'"NAME"\t"STREET"\t"CITY"\t""\t"XX"\t""\t"01/01/2020"\t""\t"Y"\t"2020"\t""\t""\n'
    block = row * (1024 * 1024 // len(row))
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    packed = b"".join(packer.compress(block) for _ in range(256)) + packer.flush()
    home = tmp_path / "home"
    with serve_faults({"/bis-dpl/dpl.txt": packed}, {"/bis-dpl/dpl.txt": Encoded("gzip")}) as (
        url,
        _,
    ):
        env = {
            **os.environ,
            "EXPORTCTL_HOME": str(home),
            "EXPORTCTL_DATABASE_URL": "",
            "EXPORTCTL_MIRROR_URL": url,
            "EXPORTCTL_SOURCES": "bis-dpl",
            "EXPORTCTL_HTTP_RETRIES": "0",
        }
        proc = subprocess.run(
            [sys.executable, "-c", _MAIN_PEAK, "lists", "update", "--format", "json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        baseline = subprocess.run(
            [sys.executable, "-c", _MAIN_PEAK, "lists", "status", "--format", "json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1, proc.stderr
    assert "[download_too_large]" in proc.stderr and "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)[0]["code"] == "download_too_large"
    # Peak memory beyond a plain `lists status`: a few MB of buffers, not the 256 MiB body.
    extra_mib = (_peak_kib(proc.stderr) - _peak_kib(baseline.stderr)) / 1024
    assert extra_mib < 64, extra_mib
    assert _leftovers(home) == []


def test_dripping_server_hits_the_total_deadline(tmp_path: Path) -> None:
    started = time.monotonic()
    code, _err, rows, _before = _good_then(
        tmp_path,
        "bis-dpl",
        _files("bis-dpl", FIX / "bis_dpl"),
        _files("bis-dpl", FIX / "bis_dpl"),
        {"/bis-dpl/dpl.txt": Drip(interval=0.1, limit=400)},
        env={"EXPORTCTL_HTTP_DEADLINE": "1.5"},
    )
    assert code == 1 and rows[0]["code"] == "download_deadline"
    assert time.monotonic() - started < 20
    assert _leftovers(tmp_path) == []


def test_stalled_server_times_out(tmp_path: Path) -> None:
    code, _err, rows, before = _good_then(
        tmp_path,
        "bis-dpl",
        _files("bis-dpl", FIX / "bis_dpl"),
        _files("bis-dpl", FIX / "bis_dpl"),
        {"/bis-dpl/dpl.txt": Stall(seconds=4)},
        env={"EXPORTCTL_HTTP_TIMEOUT": "0.5"},
    )
    assert code == 1 and rows[0]["code"] == "download_failed"
    assert _active(tmp_path, "bis-dpl")["version"] == before["version"]


def test_short_read_is_refused(tmp_path: Path) -> None:
    good = _files("bis-dpl", FIX / "bis_dpl")
    code, _err, rows, before = _good_then(
        tmp_path, "bis-dpl", good, good, {"/bis-dpl/dpl.txt": Short(keep=300)}
    )
    assert code == 1 and rows[0]["code"] in ("download_truncated", "download_failed")
    assert _leftovers(tmp_path) == []
    assert _active(tmp_path, "bis-dpl")["version"] == before["version"]


def test_gzip_content_encoding_is_decoded(tmp_path: Path) -> None:
    good = _files("bis-dpl", FIX / "bis_dpl")
    with serve_faults(good, {"/bis-dpl/dpl.txt": Gzip()}) as (url, _):
        code, err, rows = _update(tmp_path, url, "bis-dpl")
    assert code == 0, err
    direct = run_json(tmp_path / "direct", "lists", "load", str(FIX / "bis_dpl"))
    assert rows[0]["version"] == direct["version"]


def test_two_concurrent_updates_of_one_home_do_not_interleave(tmp_path: Path) -> None:
    files = {**_files("bis-dpl", FIX / "bis_dpl"), **_files("ofac-sdn", FIX / "ofac_sdn")}
    with serve_faults(files) as (url, _):
        env = {
            **os.environ,
            "EXPORTCTL_HOME": str(tmp_path),
            "EXPORTCTL_DATABASE_URL": "",
            "EXPORTCTL_MIRROR_URL": url,
            "EXPORTCTL_SOURCES": "bis-dpl,ofac-sdn",
        }
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _MAIN, "lists", "update", "--format", "json"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outs = [p.communicate(timeout=180) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert {r["source"] for r in json.loads(out)} == {"bis-dpl", "ofac-sdn"}
    assert len(run_json(tmp_path, "lists", "status", "--all-versions")) == 2
    assert _leftovers(tmp_path) == []
