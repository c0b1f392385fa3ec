"""The seed flows in a real browser: Debian's Chromium, headless, driven by Playwright.

Marked ``browser`` (CI runs this module: a handful of tests, a minute or so); skipped locally
when /usr/bin/chromium is missing (``scripts/ensure-chromium.sh`` installs it), never under
CI=true. Each page visited is saved as a screenshot under the test's output folder
(``$EXPORTCTL_TEST_OUTPUT`` when set, else pytest's tmp folder).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pypdf import PdfReader

from exportctl.config import Settings
from exportctl.web.server import create_web_app
from tests.api.conftest import LiveServer
from tests.web.conftest import PASSWORDS, SECRET, web_settings

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SEED_CABLE = "seed/000_91099075322b9750.txt"


@pytest.fixture(scope="module")
def browser_home(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return web_settings(tmp_path_factory.mktemp("browser-home"))


@pytest.fixture(scope="module")
def live(browser_home: Settings) -> Iterator[LiveServer]:
    server = LiveServer(create_web_app(browser_home, SECRET, warm_in_background=False)).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = os.environ.get("EXPORTCTL_TEST_OUTPUT")
    folder = Path(out) / "screenshots" if out else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        msg = f"{CHROMIUM} is missing (run scripts/ensure-chromium.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg + "; CI must run the browser tests")
        pytest.skip(msg)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, live: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def log_in(page: Page, name: str) -> None:
    page.goto("/ui/dashboard")
    expect(page).to_have_url(re.compile(r"/ui/login"))
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORDS[name])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/ui/dashboard$"))
    expect(page.locator("header.top")).to_contain_text(name)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/ui/login"))


def shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_login_refuses_a_wrong_password(page: Page, shots: Path) -> None:
    page.goto("/ui/login")
    shot(page, shots, "login")
    page.get_by_label("User name").fill("analyst1")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong user name or password")
    log_in(page, "analyst1")
    shot(page, shots, "dashboard")
    log_out(page)
    page.goto("/ui/cases")
    expect(page).to_have_url(re.compile(r"/ui/login"))


@pytest.mark.shared_data
def test_seed_intake_then_screening_shows_the_watch_list_hit(
    page: Page, shots: Path, shared: Path
) -> None:
    cable = shared / SEED_CABLE
    log_in(page, "analyst1")
    # Before intake the fixture lists alone do not name the buyer.
    page.goto("/ui/screen")
    page.get_by_label("Name").fill("Machine Sazi Tabriz")
    page.get_by_role("button", name="Screen", exact=True).click()
    expect(page.locator("article.match.decision-match")).to_have_count(0)

    page.get_by_role("link", name="Intake").click()
    page.get_by_label("Cable, notice, e-mail (.eml) or PDF").set_input_files(str(cable))
    page.get_by_role("button", name="Read it").click()
    expect(page.locator("h2").first).to_contain_text("09STATE124113")
    expect(page.locator("table.list")).to_contain_text("Machine Sazi Tabriz")
    shot(page, shots, "intake")
    page.get_by_role("button", name="Open an investigation").click()
    expect(page).to_have_url(re.compile(r"/ui/cases/A-\d{4}-\d+$"))
    expect(page.locator("h1")).to_contain_text("open")
    expect(page.locator("ol.timeline")).to_contain_text("case.opened")
    shot(page, shots, "investigation")

    page.get_by_role("link", name="Screen").click()
    page.get_by_label("Name").fill("Machine Sazi Tabriz")
    page.get_by_role("button", name="Screen", exact=True).click()
    # The server swaps in the index of the new watch-list version in the background; until
    # then the page says its results come from the previous versions.
    for _ in range(120):
        if page.locator(".stale-index").count() == 0:
            break
        page.wait_for_timeout(250)
        page.reload()
    expect(page.locator(".stale-index")).to_have_count(0)
    hit = page.locator("article.match.decision-match", has_text="watch:alerts")
    expect(hit.first).to_be_visible()
    expect(hit.first.locator("tr.tok-matched")).to_have_count(3)
    shot(page, shots, "screen")


@pytest.mark.shared_data
def test_seed_assessment_licence_denied_by_two_users(
    page: Page, shots: Path, shared_examples: Path
) -> None:
    tx = shared_examples / "roundtop-spindle-repair.yaml"
    machine = shared_examples / "dmc-3000-5axis.yaml"
    log_in(page, "analyst1")
    page.get_by_role("link", name="Assess").click()
    page.get_by_label("Transaction YAML file").set_input_files(str(tx))
    page.get_by_label("Item files it refers to").set_input_files(str(machine))
    page.get_by_role("button", name="Assess", exact=True).click()
    expect(page.locator("h2").first).to_contain_text("RT-2009-10-MST")
    expect(page.locator("h2").first).to_contain_text("license_required")
    expect(page.locator("article.finding").first).to_be_visible()
    expect(page.locator(".citation").first).not_to_be_empty()
    shot(page, shots, "assess")
    page.get_by_role("button", name="Open a licence application").click()
    expect(page).to_have_url(re.compile(r"/ui/cases/L-\d{4}-\d+$|/ui/cases/[A-Z]-\d{4}-\d+$"))
    case_url = page.url
    expect(page.locator("h1")).to_contain_text("submitted")
    page.get_by_role("button", name="Move to under_review").click()
    expect(page.locator("h1")).to_contain_text("under_review")
    page.get_by_label("Propose a decision").select_option("denied")
    page.get_by_label("Reason for the proposal").fill(
        "Iranian end user named in 09STATE124113; catch-all for nuclear and missile end use"
    )
    page.get_by_role("button", name="Propose").click()
    expect(page.locator("section.pending")).to_contain_text("denied")
    expect(page.locator("section.pending")).to_contain_text("a different approver")
    expect(page.get_by_role("button", name=re.compile("^Approve"))).to_have_count(0)
    log_out(page)

    log_in(page, "approver1")
    page.get_by_role("link", name="Review queue").click()
    expect(page.locator("table.list").first).to_contain_text("denied")
    shot(page, shots, "reviews")
    page.goto(case_url)
    page.get_by_role("button", name="Approve denied").click()
    expect(page.locator("h1")).to_contain_text("denied")
    decision = page.locator("section", has_text="Decision").last
    expect(decision).to_contain_text("Proposed by analyst1")
    expect(decision).to_contain_text("approved by approver1")
    shot(page, shots, "case")
    # The printable case report, downloaded as PDF: the decision chain is in its text.
    with page.expect_download() as download:
        page.locator("p.reports").get_by_role("link", name="PDF").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(p.extract_text() for p in pdf.pages)
    case_id = case_url.rsplit("/", 1)[1]
    for expected in (case_id, "denied", "analyst1", "approver1", "09STATE124113"):
        assert expected in text, expected
    page.locator("p.reports").get_by_role("link", name="HTML").click()
    expect(page.locator("body")).to_contain_text(case_id)
    shot(page, shots, "case-report")
    page.goto(case_url)
    log_out(page)

    # A viewer sees the case but no button that would change it.
    log_in(page, "viewer1")
    page.goto(case_url)
    expect(page.locator("h1")).to_contain_text("denied")
    expect(page.locator("main form")).to_have_count(0)
    page.goto("/ui/screen?name=Machine+Sazi+Tabriz")
    expect(page.locator("article.match").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Open a review"))).to_have_count(0)


def test_viewer_sees_no_decision_buttons(page: Page, live: LiveServer, shots: Path) -> None:
    log_in(page, "analyst1")
    page.goto("/ui/screen?name=ACME+Machine+Tools")
    page.get_by_role("button", name=re.compile("Open a review")).click()
    expect(page.locator("p.notice")).to_contain_text("Hit reviews")
    review = page.locator("p.notice a").first
    case_url = review.get_attribute("href")
    assert case_url and case_url.startswith("/ui/cases/H-")
    page.goto(case_url)
    expect(page.get_by_role("button", name="Propose")).to_be_visible()
    log_out(page)
    log_in(page, "viewer1")
    page.goto(case_url)
    expect(page.locator("h1")).to_contain_text("open")
    for name in ("Propose", "Approve", "Reject", "Comment"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    page.goto("/ui/reviews")
    expect(page.get_by_role("button", name="Propose")).to_have_count(0)
    shot(page, shots, "reviews-viewer")


def test_every_page_screenshot(page: Page, shots: Path) -> None:
    log_in(page, "analyst1")
    for name, path, marker in [
        ("cases", "/ui/cases", "Cases"),
        ("lists", "/ui/lists", "Lists"),
        ("diff", "/ui/lists/diff?source=ofac-sdn", "ofac-sdn"),
        ("classify-form", "/ui/classify", "Classify an item"),
        ("dashboard-after", "/ui/dashboard", "Dashboard"),
    ]:
        page.goto(path)
        expect(page.locator("h1")).to_contain_text(marker)
        shot(page, shots, name)
    page.goto("/ui/classify")
    page.get_by_label("Item id").fill("mill")
    page.get_by_label("Machining type").fill("milling")
    page.get_by_label("Axes contouring simultaneously").fill("5")
    page.get_by_label("X travel").fill("3000 mm")
    page.get_by_label("X unidirectional positioning repeatability").fill("1.3 um")
    page.get_by_role("button", name="Classify").first.click()
    expect(page.locator("section.classification")).to_contain_text("2B001")
    shot(page, shots, "classify")
    # Phone width: the pages stay usable (no horizontal scrolling of the page itself).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/ui/cases")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width
    shot(page, shots, "cases-phone")
    assert len(list(shots.glob("*.png"))) >= 6
