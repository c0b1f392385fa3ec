"""Web pages: server time and the browser's first paint for the seed flows.

Starts ``exportctl serve`` (one worker, the web interface on) over a store with every list in
``../shared/data/lists`` loaded (``--quick``: the hand-written fixture lists instead), then
drives Debian's Chromium headless with Playwright through the seed flows: sign in, screen
"Machine Sazi Tabriz", intake the seed cable and open the investigation, assess the seed
transaction and open the licence application, the review queue, cases, classify, lists,
dashboard. Each page is visited ``--repeat`` times; per page we report the median server
time (the app's ``Server-Timing`` header, as the browser's Navigation Timing saw it), the
median time to first contentful paint (from navigation start, so it includes the request),
and the page weight (HTML plus the one stylesheet, bytes on the wire).

    python -m benchmarks.web_pages [--repeat 5] [--quick] [--write] [--screenshot PATH]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
HEADING = "## Web pages"
TARGET_MS = 300.0
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
USERS = {
    "analyst1": ("analyst", "bench-analyst-pw"),
    "approver1": ("approver", "bench-approver-pw"),
}

_PERF = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const res = performance.getEntriesByType('resource');
  const app = (nav.serverTiming || []).find(t => t.name === 'app');
  return {
    server: app ? app.duration : null,
    fcp: fcp ? fcp.startTime : null,
    html: nav.transferSize || nav.encodedBodySize,
    assets: res.reduce((s, r) => s + (r.encodedBodySize || 0), 0),
  };
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _prepare(home: Path, lists: Path | None) -> tuple[int, float]:
    from exportctl import Engine, Settings, read_list_files

    engine = Engine(Settings.for_home(home))
    try:
        started = time.perf_counter()
        if lists is not None:
            engine.lists.update(from_dir=lists, allow_partial=True)
        else:
            for name in ("ofac_sdn", "un", "bis_dpl"):
                engine.lists.load(read_list_files(REPO / "tests" / "fixtures" / "lists" / name))
        engine.screening.screener()  # the index cache the server then loads
        took = time.perf_counter() - started
        engine.users.bootstrap("admin")
        for name, (role, password) in USERS.items():
            engine.users.add("admin", name, role)
            engine.users.set_password("admin", name, password)
        return sum(v.entries for v in engine.lists.status()), took
    finally:
        engine.close()


def _serve(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "EXPORTCTL_HOME": str(home), "EXPORTCTL_WEB_SECRET": "bench"}
    env.pop("EXPORTCTL_DATABASE_URL", None)
    exe = Path(sys.executable).parent / "exportctl"
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("exportctl serve did not become ready within 300 s")


def _flows(shared: Path, state: dict[str, str]) -> list[tuple[str, Callable[[Any], None]]]:
    """(page name, action that navigates to it) in the order of the seed flows."""
    examples = shared / "examples"
    cable = shared / "seed" / "000_91099075322b9750.txt"

    def login(page: Any) -> None:
        page.goto("/ui/login")

    def screen(page: Any) -> None:
        page.goto("/ui/screen?name=Machine+Sazi+Tabriz")
        # After the intake the server rebuilds its index in the background (timed apart).
        started = time.perf_counter()
        while page.locator(".stale-index").count() and time.perf_counter() - started < 300:
            page.wait_for_timeout(250)
            page.goto("/ui/screen?name=Machine+Sazi+Tabriz")
        state.setdefault("index_wait_s", f"{time.perf_counter() - started:.1f}")

    def intake(page: Any) -> None:
        page.goto("/ui/intake")
        page.get_by_label("Cable, notice, e-mail (.eml) or PDF").set_input_files(str(cable))
        page.get_by_role("button", name="Read it").click()
        page.wait_for_load_state("load")

    def investigation(page: Any) -> None:
        if "investigation" in state:
            page.goto(state["investigation"])
            return
        intake(page)
        page.get_by_role("button", name="Open an investigation").click()
        page.wait_for_url("**/ui/cases/A-*")
        state["investigation"] = page.url

    def assess(page: Any) -> None:
        page.goto("/ui/assess")
        page.get_by_label("Transaction YAML file").set_input_files(
            str(examples / "roundtop-spindle-repair.yaml")
        )
        page.get_by_label("Item files it refers to").set_input_files(
            str(examples / "dmc-3000-5axis.yaml")
        )
        page.get_by_role("button", name="Assess", exact=True).click()
        page.wait_for_load_state("load")

    def application(page: Any) -> None:
        if "application" in state:
            page.goto(state["application"])
            return
        assess(page)
        page.get_by_role("button", name="Open a licence application").click()
        page.wait_for_url("**/ui/cases/L-*")
        state["application"] = page.url

    def classify(page: Any) -> None:
        page.goto("/ui/classify")
        page.get_by_label("Item YAML file").set_input_files(str(examples / "dmc-3000-5axis.yaml"))
        page.get_by_role("button", name="Classify").nth(1).click()
        page.wait_for_load_state("load")

    def simple(path: str) -> Callable[[Any], None]:
        return lambda page: page.goto(path)

    return [
        ("login", login),
        ("dashboard", simple("/ui/dashboard")),
        ("intake (seed cable read)", intake),
        ("investigation case", investigation),
        ("screen (Machine Sazi Tabriz)", screen),
        ("assess (seed transaction)", assess),
        ("licence application case", application),
        ("review queue", simple("/ui/reviews")),
        ("cases", simple("/ui/cases")),
        ("classify (DMC-3000 5-axis)", classify),
        ("lists", simple("/ui/lists")),
    ]


def run(repeat: int, quick: bool, shared: Path, screenshot: Path | None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    lists = None if quick else shared / "data" / "lists"
    if lists is not None and not lists.is_dir():
        raise SystemExit(f"{lists} not found (use --quick for the fixture lists)")
    with tempfile.TemporaryDirectory(prefix="exportctl-web-bench-") as tmp:
        home = Path(tmp)
        entries, load_s = _prepare(home, lists)
        port = _free_port()
        server = _serve(home, port)
        rows: list[dict[str, Any]] = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
                context = browser.new_context(
                    base_url=f"http://127.0.0.1:{port}", viewport={"width": 1280, "height": 900}
                )
                page = context.new_page()
                page.goto("/ui/login")
                page.get_by_label("User name").fill("analyst1")
                page.get_by_label("Password").fill(USERS["analyst1"][1])
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url("**/ui/dashboard")
                state: dict[str, str] = {}
                for name, action in _flows(shared, state):
                    samples = []
                    for _ in range(repeat):
                        action(page)
                        page.wait_for_load_state("load")
                        page.wait_for_timeout(50)  # let the paint entry land
                        samples.append(page.evaluate(_PERF))
                    if name.startswith("screen") and screenshot is not None:
                        screenshot.parent.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(screenshot))
                    server_ms = [s["server"] for s in samples if s["server"] is not None]
                    fcp_ms = [s["fcp"] for s in samples if s["fcp"] is not None]
                    rows.append(
                        {
                            "page": name,
                            "server_ms": statistics.median(server_ms) if server_ms else None,
                            "fcp_ms": statistics.median(fcp_ms) if fcp_ms else None,
                            "html_bytes": samples[-1]["html"],
                            "css_bytes": max(s["assets"] for s in samples),
                        }
                    )
                    print(rows[-1], flush=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "rows": rows,
        "entries": entries,
        "load_s": load_s,
        "repeat": repeat,
        "quick": quick,
        "index_wait_s": state.get("index_wait_s"),
    }


def render(result: dict[str, Any]) -> str:
    def ms(v: float | None) -> str:
        return "–" if v is None else f"{v:.0f}"

    lines = [
        HEADING,
        "",
        f"Measured by `python -m benchmarks.web_pages` ({'--quick: fixture lists' if result['quick'] else 'every list in ../shared/data/lists'}, "  # noqa: E501
        f"{result['entries']:,} entries; reduced run: each page {result['repeat']} times, "
        "median shown) on this machine (2 shared CPU cores), `exportctl serve` with one worker "
        "on loopback, Debian Chromium headless via Playwright at 1280×900, signed in as an "
        "analyst. *Server* is the app's own time for the page (its `Server-Timing` header); "
        "*first paint* is first-contentful-paint from navigation start (request, server, "
        "transfer, parse and paint); a page reached by a form (intake, assess, classify) is "
        "timed on the result page the POST returns. Weight: the HTML and the one stylesheet "
        "(no script, no font, no image besides inline SVG charts). Target: under "
        f"{TARGET_MS:.0f} ms per page.",
        "",
        "| page | server ms | first paint ms | HTML bytes | CSS bytes | target met |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in result["rows"]:
        worst = max(v for v in (r["server_ms"], r["fcp_ms"]) if v is not None)
        met = "yes" if worst < TARGET_MS else "**no**"
        lines.append(
            f"| {r['page']} | {ms(r['server_ms'])} | {ms(r['fcp_ms'])} | "
            f"{r['html_bytes']:,} | {r['css_bytes']:,} | {met} |"
        )
    missed = [
        r["page"] for r in result["rows"] if max(r["server_ms"] or 0, r["fcp_ms"] or 0) >= TARGET_MS
    ]
    lines += [
        "",
        f"After the investigation is opened, the new `watch:alerts` version makes the server "
        f"rebuild its screening index in the background: the screen page said so (and "
        f"answered from the previous versions) for {result['index_wait_s']} s before it showed "
        "the watch-list hit; the screen row above is timed after that.",
        "",
        "Target met on every page."
        if not missed
        else f"Target missed on: {', '.join(missed)} (the server column says where the time goes).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="fixture lists, not the full lists")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--screenshot", type=Path, help="save the screening page here")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args(argv)
    result = run(args.repeat, args.quick, args.shared, args.screenshot)
    text = render(result)
    print(text)
    if args.write:
        from benchmarks.results import write_section

        write_section(HEADING, text)


if __name__ == "__main__":
    main()
