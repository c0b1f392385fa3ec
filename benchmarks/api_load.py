"""Load test of the HTTP API on loopback: fixed request rates, latency percentiles, memory.

Starts ``exportctl serve`` (one worker process unless ``--workers``) over a fresh store with
every list in ``../shared/data/lists`` loaded, then sends open-loop traffic to 127.0.0.1 only:
each request is sent at its scheduled time whatever the server is doing, and its latency
counts from that time, so a stalled server shows up as latency, not as fewer requests.
Every loop is bounded by its rate and duration.

    python -m benchmarks.api_load [--duration 60] [--rates 50,100,200] [--quick] [--write]

Measured in the same run, as the issue asks: exportctl's ``/match`` throughput (requests/s
per core, closed loop over HTTP) against the brute-force rapidfuzz WRatio baseline of the
screening benchmark (computation only, no HTTP) on the same query names.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
HEADING = "## HTTP API under load"

# Ordinary names nobody listed: the traffic a customer master sends most of the time.
_FIRST = ["Anna", "Peter", "Maria", "Jose", "Wei", "Olga", "Ahmed", "Laura", "Kenji", "Fatima"]
_LAST = ["Schmidt", "Garcia", "Rossi", "Chen", "Ivanova", "Hassan", "Tanaka", "Silva", "Novak"]
_FIRMS = ["Nordic Pumps", "Delta Freight", "Alpine Tools", "Sunrise Textiles", "Blue Harbor"]
_FORMS = ["GmbH", "Ltd", "S.A.", "LLC", "AB"]


@dataclass(frozen=True)
class Stats:
    endpoint: str
    rate: float
    duration: float
    sent: int
    ok: int
    errors: int
    p50: float
    p95: float
    p99: float

    @property
    def achieved(self) -> float:
        return self.ok / self.duration


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))] * 1000


def query_names(settings_home: Path, n: int, seed: int = 7) -> list[str]:
    """Half list names (some misspelt), half ordinary names: reproducible."""
    from exportctl.config import Settings
    from exportctl.engine import Engine

    rng = random.Random(seed)
    engine = Engine(Settings.for_home(settings_home))
    try:
        listed = [e.name for e in engine.lists.active_entries() if e.name]
    finally:
        engine.close()
    out: list[str] = []
    for i in range(n):
        if i % 2 == 0 and listed:
            name = rng.choice(listed)
            if rng.random() < 0.3 and len(name) > 6:
                k = rng.randrange(1, len(name) - 1)
                name = name[:k] + name[k + 1 :]  # one letter dropped
        elif rng.random() < 0.5:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        else:
            name = f"{rng.choice(_FIRMS)} {rng.choice(_FORMS)}"
        out.append(name)
    return out


def _body(endpoint: str, names: list[str], i: int) -> tuple[str, dict[str, Any]]:
    if endpoint == "screen":
        return "/screen", {"name": names[i % len(names)], "limit": 5}
    queries = {
        f"q{k}": {"schema": "Thing", "properties": {"name": [names[(i * 5 + k) % len(names)]]}}
        for k in range(5)
    }
    return "/match/default", {"queries": queries}


async def open_loop(
    base: str,
    endpoint: str,
    names: list[str],
    rate: float,
    duration: float,
    headers: dict[str, str],
) -> Stats:
    """Send ``rate`` requests/s for ``duration`` s on schedule; bounded by rate × duration."""
    total = int(rate * duration)
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=512, max_keepalive_connections=512)
    async with httpx.AsyncClient(
        base_url=base, timeout=30, limits=limits, headers=headers
    ) as client:
        start = time.perf_counter() + 0.2

        async def one(i: int) -> None:
            nonlocal errors
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            path, body = _body(endpoint, names, i)
            try:
                r = await client.post(path, json=body)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - scheduled)
            else:
                errors += 1

        await asyncio.gather(*(one(i) for i in range(total)))
    return Stats(
        endpoint,
        rate,
        duration,
        total,
        len(latencies),
        errors,
        _pct(latencies, 0.50),
        _pct(latencies, 0.95),
        _pct(latencies, 0.99),
    )


async def closed_loop(
    base: str,
    names: list[str],
    seconds: float,
    headers: dict[str, str],
    concurrency: int = 4,
) -> float:
    """``/match/default`` requests/s with ``concurrency`` requests always in flight."""
    done = 0
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=30, headers=headers) as client:

        async def worker(w: int) -> None:
            nonlocal done
            i = w
            while time.perf_counter() < stop:
                path, body = _body("match", names, i)
                r = await client.post(path, json=body)
                r.raise_for_status()
                done += 1
                i += concurrency

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(concurrency)))
        return done / (time.perf_counter() - t0)


def wratio_requests_per_s(home: Path, names: list[str], n_requests: int = 20) -> float:
    """The brute-force baseline: WRatio of each query name against every list name."""
    from rapidfuzz import fuzz, process, utils

    from exportctl.config import Settings
    from exportctl.engine import Engine

    engine = Engine(Settings.for_home(home))
    try:
        choices = [
            utils.default_process(n.value) for e in engine.lists.active_entries() for n in e.names
        ]
    finally:
        engine.close()
    t0 = time.process_time()
    for i in range(n_requests):
        for k in range(5):
            q = utils.default_process(names[(i * 5 + k) % len(names)])
            process.extract(q, choices, scorer=fuzz.WRatio, processor=None, limit=50)
    return n_requests / (time.process_time() - t0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def serve(home: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "EXPORTCTL_HOME": str(home)}
    env.pop("EXPORTCTL_DATABASE_URL", None)
    exe = Path(sys.executable).with_name("exportctl")
    cmd = [str(exe), "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(
        [*cmd, "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as c:
        while True:
            try:
                if c.get("/readyz").status_code == 200:
                    return proc
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("exportctl serve did not become ready")
            time.sleep(0.2)


def _row(cells: tuple[object, ...]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def report(
    stats: list[Stats],
    max_rate: float | None,
    rss: list[float],
    ours: float,
    base: float,
    entries: int,
    args: argparse.Namespace,
) -> str:
    lines = [
        HEADING,
        "",
        f"`python -m benchmarks.api_load{' --quick' if args.quick else ''}`: "
        f"`exportctl serve --workers {args.workers}` on 127.0.0.1 over {entries:,} list entries "
        f"(every list in ../shared/data/lists); open-loop load from one client process on "
        f"the same 2-core machine; {args.duration:.0f} s per rate. Latency counts from each "
        "request's scheduled send time.",
        "",
        _row(("endpoint", "target rate", "achieved", "p50 ms", "p95 ms", "p99 ms", "errors")),
        _row(("---",) * 7),
    ]
    for s in stats:
        lines.append(
            _row(
                (
                    "/screen" if s.endpoint == "screen" else "/match/default (5 queries)",
                    f"{s.rate:.0f}/s",
                    f"{s.achieved:.1f}/s",
                    f"{s.p50:.1f}",
                    f"{s.p95:.1f}",
                    f"{s.p99:.1f}",
                    s.errors,
                )
            )
        )
    p99_100 = next((s.p99 for s in stats if s.endpoint == "screen" and s.rate == 100), float("nan"))
    err_100 = next((s.errors for s in stats if s.endpoint == "screen" and s.rate == 100), -1)
    lines += [
        "",
        f"Resident memory per worker after the run: {', '.join(f'{m:.0f} MiB' for m in rss)}.",
        "",
        f"`/match/default` closed loop over HTTP, one worker: {ours:.1f} requests/s per core; "
        f"brute-force WRatio baseline on the same names (computation only): {base:.2f} "
        f"requests/s per core; ratio {ours / base:.0f}x.",
        "",
        "### Against the targets",
        "",
        _row(("target", "measured", "met")),
        _row(("---",) * 3),
        _row(
            (
                "/screen p99 < 50 ms at 100 requests/s, no error",
                f"{p99_100:.1f} ms, {err_100} errors",
                "yes" if p99_100 < 50 and err_100 == 0 else "no",
            )
        ),
        _row(
            (
                "highest rate with p99 < 100 ms (report)",
                f"{max_rate:.0f}/s" if max_rate else "below the lowest rate tried",
                "reported",
            )
        ),
        _row(
            (
                "/match faster than brute force",
                f"{ours / base:.0f}x",
                "yes" if ours > base else "no",
            )
        ),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--rates", default="50,100,200")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="10 s per rate (a smoke run)")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args(argv)
    if args.quick:
        args.duration = 10.0
    lists = args.shared / "data" / "lists"
    if not lists.is_dir():
        sys.exit(f"{lists} not found: the load test needs the staged list files")
    from exportctl.config import Settings
    from exportctl.engine import Engine

    with tempfile.TemporaryDirectory(prefix="exportctl-load-") as tmp:
        home = Path(tmp)
        engine = Engine(Settings.for_home(home))
        try:
            engine.lists.update(from_dir=lists, allow_partial=True)
            entries = sum(v.entries for v in engine.lists.status())
            engine.users.bootstrap("admin")
            engine.users.add("admin", "loadtest", "viewer")
            headers = {
                "Authorization": f"Bearer {engine.users.create_key('admin', 'loadtest').key}"
            }
        finally:
            engine.close()
        names = query_names(home, 2000)
        port = _free_port()
        proc = serve(home, port, args.workers)
        base_url = f"http://127.0.0.1:{port}"
        try:
            stats: list[Stats] = []
            for endpoint in ("screen", "match"):
                for rate in (float(r) for r in args.rates.split(",")):
                    print(f"{endpoint} at {rate:.0f}/s for {args.duration:.0f} s", file=sys.stderr)
                    stats.append(
                        asyncio.run(
                            open_loop(base_url, endpoint, names, rate, args.duration, headers)
                        )
                    )
            max_rate: float | None = None
            for rate in (50, 100, 150, 200, 300, 400, 600, 800):
                s = asyncio.run(
                    open_loop(base_url, "screen", names, rate, min(args.duration, 10), headers)
                )
                if s.p99 >= 100 or s.errors:
                    break
                max_rate = rate
            ours = asyncio.run(closed_loop(base_url, names, min(args.duration, 15), headers))
            workers = _children(proc.pid) or [proc.pid]
            rss = [_rss_mb(pid) for pid in workers]
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        base = wratio_requests_per_s(home, names)
    text = report(stats, max_rate, rss, ours, base, entries, args)
    print(text)
    print(
        f"client peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB",
        file=sys.stderr,
    )
    if args.write:
        from benchmarks.results import write_section

        write_section(HEADING, text)


if __name__ == "__main__":
    main()
