"""An interrupted job (killed mid-run) resumes from its last finished chunk: no row lost,
none duplicated, and the output equals an uninterrupted run's."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from exportctl.batch.io import read_output
from exportctl.batch.runner import parts_dir
from tests.batch.conftest import FIXTURE_LISTS, write_rows
from tests.cli.helpers import run_cli

SYLLABLES = ["ka", "ri", "mo", "sa", "len", "dor", "vi", "tan", "bel", "gus", "ha", "nim"]


def _unique_rows(n: int) -> list[dict[str, str]]:
    rng = random.Random(3)
    rows = []
    for i in range(n):
        first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
        last = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        name = "Hassan Karimi" if i % 97 == 0 else f"{first} {last} {i}"
        rows.append({"id": f"r{i}", "name": name})
    return rows


def _cli(home: Path, *args: str, capture: bool = False) -> subprocess.Popen[bytes]:
    env = {**os.environ, "EXPORTCTL_HOME": str(home), "EXPORTCTL_DATABASE_URL": ""}
    code = "from exportctl.cli import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE if capture else subprocess.DEVNULL,
    )


def test_killed_job_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for folder in ("ofac_sdn", "un"):
        assert run_cli(home, "lists", "load", str(FIXTURE_LISTS / folder)).exit_code == 0
    rows = _unique_rows(3000)
    inp = write_rows(tmp_path / "parties.csv", rows)
    args = ("batch", "screen", str(inp), "--chunk-rows", "80", "--workers", "2")

    out = tmp_path / "out.jsonl"
    job = _cli(home, *args, str(out))
    parts = parts_dir(out)
    deadline = time.monotonic() + 120
    while len(list(parts.glob("part-*.json"))) < 3:
        assert job.poll() is None, "the job ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    job.send_signal(signal.SIGKILL)
    job.wait(30)
    assert job.returncode == -signal.SIGKILL
    assert not out.exists()  # nothing half-written under the final name
    finished = len(list(parts.glob("part-*.json")))
    assert 3 <= finished < 40

    with _cli(home, *args, str(out), "--resume", "--format", "json", capture=True) as resumed:
        stdout, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr.decode()
    assert b'"resumed_chunks": ' + str(finished).encode() in stdout
    assert not parts.exists()

    whole = tmp_path / "whole.jsonl"
    once = _cli(home, *args, str(whole))
    assert once.wait(300) == 0
    got, want = read_output(out), read_output(whole)
    assert [g["id"] for g in got] == [r["id"] for r in rows]  # none lost, none twice
    assert got == want
    assert sum(1 for g in got if g["matches"]) >= len(rows) // 97
