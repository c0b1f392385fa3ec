"""The web interface over HTTP on a real uvicorn: sign-in, sessions, CSRF, roles, every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from exportctl.web.security import SESSION_COOKIE
from tests.api.conftest import LiveServer
from tests.web.conftest import PASSWORDS, csrf_of

SignIn = Callable[[str], httpx.Client]


PAGES = [
    "/ui/dashboard",
    "/ui/screen",
    "/ui/screen?name=ACME+Machine+Tools&country=IR",
    "/ui/cases",
    "/ui/cases?kind=hit_review&state=open",
    "/ui/reviews",
    "/ui/assess",
    "/ui/intake",
    "/ui/classify",
    "/ui/lists",
    "/ui/lists/entry?id=ofac-sdn%3A1001",
    "/ui/lists/watch",
]


def test_root_redirects_to_the_dashboard(server: LiveServer) -> None:
    r = httpx.get(server.url + "/")
    assert r.status_code == 307 and r.headers["location"] == "/ui/dashboard"


@pytest.mark.parametrize("path", PAGES)
def test_pages_need_a_login(server: LiveServer, path: str) -> None:
    r = httpx.get(server.url + path)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/ui/login?next=")


def test_a_bad_password_is_refused(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url) as client:
        page = client.get("/ui/login")
        for name, password in [("analyst1", "wrong-password-1"), ("nobody", "whatever-123")]:
            r = client.post(
                "/ui/login",
                data={"csrf": csrf_of(page.text), "username": name, "password": password},
            )
            assert r.status_code == 303
            assert r.headers["location"].startswith("/ui/login?failed=1")
            assert SESSION_COOKIE not in r.cookies
        assert client.get("/ui/dashboard").status_code == 303
        failed = client.get("/ui/login?failed=1")
        assert failed.status_code == 401 and "Wrong user name or password" in failed.text


def test_login_without_the_form_token_is_refused(server: LiveServer) -> None:
    r = httpx.post(
        server.url + "/ui/login",
        data={"username": "analyst1", "password": PASSWORDS["analyst1"]},
    )
    assert r.status_code == 403 and r.headers["x-error-code"] == "csrf_invalid"
    assert SESSION_COOKIE not in r.cookies


def test_session_cookie_flags(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url) as client:
        page = client.get("/ui/login")
        r = client.post(
            "/ui/login",
            data={
                "csrf": csrf_of(page.text),
                "username": "viewer1",
                "password": PASSWORDS["viewer1"],
            },
        )
        header = next(
            h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "=")
        )
        flags = [f.strip().lower() for f in header.split(";")]
        assert "httponly" in flags
        assert "samesite=lax" in flags
        assert any(f.startswith("max-age=") and 0 < int(f[8:]) <= 8 * 3600 for f in flags)
        assert "path=/" in flags
        # Served over plain http on loopback: not Secure (a browser would drop it there).
        assert "secure" not in flags


def test_a_forged_or_tampered_cookie_is_refused(server: LiveServer, sign_in: SignIn) -> None:
    client = sign_in("viewer1")
    cookie = client.cookies[SESSION_COOKIE]
    payload, _, sig = cookie.rpartition(".")
    forged = payload + "." + ("0" if sig[0] != "0" else "1") + sig[1:]
    r = httpx.get(server.url + "/ui/dashboard", cookies={SESSION_COOKIE: forged})
    assert r.status_code == 303
    r = httpx.get(server.url + "/ui/dashboard", cookies={SESSION_COOKIE: cookie})
    assert r.status_code == 200


def test_logout_invalidates_the_session_on_the_server(server: LiveServer, sign_in: SignIn) -> None:
    client = sign_in("analyst1")
    cookie = client.cookies[SESSION_COOKIE]
    page = client.get("/ui/dashboard")
    assert page.status_code == 200
    # Without the CSRF token logout is refused like any other form.
    assert client.post("/ui/logout", data={}).status_code == 403
    r = client.post("/ui/logout", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/ui/login"
    # The old cookie, replayed, no longer opens anything.
    r = httpx.get(server.url + "/ui/dashboard", cookies={SESSION_COOKIE: cookie})
    assert r.status_code == 303 and r.headers["location"].startswith("/ui/login")


def test_a_form_without_csrf_token_gets_403(server: LiveServer, sign_in: SignIn) -> None:
    client = sign_in("analyst1")
    for data in ({"name": "ACME Machine Tools"}, {"name": "ACME", "csrf": "not-the-token"}):
        r = client.post("/ui/screen/record", data=data)
        assert r.status_code == 403
        assert r.headers["x-error-code"] == "csrf_invalid"
        assert "csrf_invalid" in r.text
    # ... and the screening was not recorded: no hit review exists for it.
    assert "ACME" not in client.get("/ui/cases?kind=hit_review").text


def test_another_sessions_token_is_refused(server: LiveServer, sign_in: SignIn) -> None:
    a = sign_in("analyst1")
    b = sign_in("analyst1")
    token_b = csrf_of(b.get("/ui/screen").text)
    r = a.post("/ui/screen/record", data={"name": "ACME Machine Tools", "csrf": token_b})
    assert r.status_code == 403 and r.headers["x-error-code"] == "csrf_invalid"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders(server: LiveServer, path: str, sign_in: SignIn) -> None:
    client = sign_in("analyst1")
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "Sign out" in r.text
    assert r.headers["server-timing"].startswith("app;dur=")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    # No asset from anywhere but the app itself.
    assert not re.search(r'(src|href)="(https?:)?//', r.text)


def test_the_stylesheet_is_served_by_the_app(server: LiveServer) -> None:
    r = httpx.get(server.url + "/ui/static/style.css")
    assert r.status_code == 200 and "text/css" in r.headers["content-type"]


def test_screen_records_and_marks_the_review(server: LiveServer, sign_in: SignIn) -> None:
    client = sign_in("analyst1")
    page = client.get("/ui/screen?name=ACME+Machine+Tools")
    assert 'class="badge match"' in page.text or 'class="badge review"' in page.text
    assert "tok-matched" in page.text
    r = client.post(
        "/ui/screen/record", data={"csrf": csrf_of(page.text), "name": "ACME Machine Tools"}
    )
    assert r.status_code == 303
    done = client.get(r.headers["location"])
    cases = re.findall(r'href="/ui/cases/(H-[0-9-]+)"', done.text)
    assert cases, done.text
    # The hit now shows its open review beside it.
    assert f'class="memory open">open in <a href="/ui/cases/{cases[0]}"' in done.text


def _first_open_review(client: httpx.Client) -> str:
    page = client.get("/ui/screen?name=ACME+Machine+Tools")
    r = client.post(
        "/ui/screen/record", data={"csrf": csrf_of(page.text), "name": "ACME Machine Tools"}
    )
    found: list[str] = re.findall(r"cases=(H-[0-9-]+)", r.headers["location"])
    return found[0]


def test_viewer_sees_no_decision_buttons_and_a_forged_post_gets_403(
    server: LiveServer, sign_in: SignIn
) -> None:
    analyst = sign_in("analyst1")
    case_id = _first_open_review(analyst)
    viewer = sign_in("viewer1")
    page = viewer.get(f"/ui/cases/{case_id}")
    assert page.status_code == 200
    assert "/propose" not in page.text and "/approve" not in page.text
    assert "/transition" not in page.text and "/comment" not in page.text
    assert "/screen/record" not in viewer.get("/ui/screen?name=ACME+Machine+Tools").text
    assert "/approve" not in viewer.get("/ui/reviews").text
    # A forged POST with the viewer's own valid token: the library's role check refuses it.
    token = csrf_of(page.text)
    r = viewer.post(
        f"/ui/cases/{case_id}/propose",
        data={"csrf": token, "decision": "cleared", "reason": "x", "reason_code": "delisted"},
    )
    assert r.status_code == 403 and r.headers["x-error-code"] == "role_required"
    r = viewer.post("/ui/screen/record", data={"csrf": token, "name": "ACME Machine Tools"})
    assert r.status_code == 403
    assert viewer.get(f"/ui/cases/{case_id}").text.count("case.opened") == 1
    assert "proposal" not in viewer.get(f"/ui/cases/{case_id}").text.lower().split("timeline")[1]


def test_four_eyes_on_a_hit_review(server: LiveServer, sign_in: SignIn) -> None:
    analyst = sign_in("analyst1")
    case_id = _first_open_review(analyst)
    page = analyst.get(f"/ui/cases/{case_id}")
    r = analyst.post(
        f"/ui/cases/{case_id}/propose",
        data={
            "csrf": csrf_of(page.text),
            "decision": "cleared",
            "reason_code": "different_entity",
            "reason": "another company of that name",
        },
    )
    assert r.status_code == 303
    page = analyst.get(f"/ui/cases/{case_id}")
    assert "a different approver must approve" in page.text
    # The proposer cannot approve it (the library's four-eyes check), even by a forged POST.
    r = analyst.post(f"/ui/cases/{case_id}/approve", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 403
    approver = sign_in("approver1")
    page = approver.get(f"/ui/cases/{case_id}")
    assert f'action="/ui/cases/{case_id}/approve"' in page.text
    r = approver.post(f"/ui/cases/{case_id}/approve", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303
    page = approver.get(f"/ui/cases/{case_id}")
    assert "cleared" in page.text and "approved by approver1" in page.text
    assert "proposal.approved" in page.text or "case.decided" in page.text
    # A later screening of the same party marks the hit as cleared, with its review.
    again = analyst.get("/ui/screen?name=ACME+Machine+Tools")
    assert f'class="memory cleared">cleared in <a href="/ui/cases/{case_id}"' in again.text


@pytest.mark.shared_data
def test_assess_and_intake_the_seed(
    server: LiveServer, shared_examples: Path, shared: Path, sign_in: SignIn
) -> None:
    examples = shared_examples
    seed = shared / "seed" / "000_91099075322b9750.txt"
    client = sign_in("analyst1")
    token = csrf_of(client.get("/ui/intake").text)
    r = client.post(
        "/ui/intake",
        data={"csrf": token},
        files={"document": (seed.name, seed.read_bytes(), "text/plain")},
    )
    assert r.status_code == 200, r.text
    assert "09STATE124113" in r.text and "Machine Sazi Tabriz" in r.text
    wid = re.search(r'name="workspace" value="([0-9a-f]+)"', r.text)
    assert wid
    r = client.post(
        "/ui/intake/open", data={"csrf": token, "workspace": wid.group(1), "file": seed.name}
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/ui/cases/A-")
    case = client.get(r.headers["location"])
    assert "investigation" in case.text and "case.opened" in case.text

    tx = examples / "roundtop-spindle-repair.yaml"
    ref = examples / "dmc-3000-5axis.yaml"
    r = client.post(
        "/ui/assess",
        data={"csrf": token},
        files=[
            ("transaction", (tx.name, tx.read_bytes(), "application/yaml")),
            ("refs", (ref.name, ref.read_bytes(), "application/yaml")),
        ],
    )
    assert r.status_code == 200, r.text
    assert "RT-2009-10-MST" in r.text and "license_required" in r.text
    assert "Foreign Trade Act" in r.text  # citations shown
    wid = re.search(r'name="workspace" value="([0-9a-f]+)"', r.text)
    assert wid
    link = re.search(r'href="(/ui/assess/report\.pdf\?[^"]+)"', r.text)
    assert link
    unrecorded = client.get(link.group(1).replace("&amp;", "&"))
    assert unrecorded.status_code == 200 and unrecorded.content.startswith(b"%PDF")
    r = client.post(
        "/ui/assess/record",
        data={"csrf": token, "workspace": wid.group(1), "file": tx.name, "jurisdiction": ""},
    )
    assert r.status_code == 303 and "/ui/cases/" in r.headers["location"]
    app_page = client.get(r.headers["location"])
    assert "licence_application" in app_page.text and "submitted" in app_page.text
    case_id = r.headers["location"].rsplit("/", 1)[1]
    report = client.get(f"/ui/cases/{case_id}/report.html")
    assert report.status_code == 200 and case_id in report.text
    pdf = client.get(f"/ui/cases/{case_id}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    result_id = re.search(r'href="/ui/results/(R-[0-9a-f]+)/report.pdf"', app_page.text)
    assert result_id
    det_pdf = client.get(f"/ui/results/{result_id.group(1)}/report.pdf")
    assert det_pdf.status_code == 200 and det_pdf.content.startswith(b"%PDF")

    # Edited in the text area instead (here: a new id), the item file uploaded beside it.
    edited = tx.read_text(encoding="utf-8").replace("RT-2009-10-MST", "RT-EDITED-1")
    r = client.post(
        "/ui/assess",
        data={"csrf": token, "text": edited, "jurisdiction": "us"},
        files=[("refs", (ref.name, ref.read_bytes(), "application/yaml"))],
    )
    assert r.status_code == 200, r.text
    assert "RT-EDITED-1" in r.text and "RT-2009-10-MST" not in r.text.split("</textarea>")[1]
    # A transaction referring to an item file that was not uploaded is refused, not guessed.
    r = client.post("/ui/assess", data={"csrf": token, "text": edited})
    assert r.status_code == 400

    # Intake from pasted text works like an upload.
    r = client.post("/ui/intake", data={"csrf": token, "text": seed.read_text(encoding="utf-8")})
    assert r.status_code == 200 and "09STATE124113" in r.text


def test_classify_with_a_what_if(server: LiveServer, sign_in: SignIn) -> None:
    client = sign_in("analyst1")
    token = csrf_of(client.get("/ui/classify").text)
    data = {
        "csrf": token,
        "mode": "parameters",
        "item_id": "mill",
        "description": "5-axis mill",
        "numerical_control": "on",
        "type": "milling",
        "axes_linear": "3",
        "axes_rotary": "2",
        "axes_contouring": "5",
        "x_travel": "3000 mm",
        "x_upr": "1.3 um",
        "y_travel": "2200 mm",
        "y_upr": "1.2 um",
        "z_travel": "800 mm",
        "z_upr": "1.0 um",
    }
    r = client.post("/ui/classify", data=data)
    assert r.status_code == 200, r.text
    assert "2B001.b.2.b" in r.text
    assert 'class="met"' in r.text and 'class="notmet"' in r.text
    assert '<p class="notice">What if' not in r.text
    r = client.post("/ui/classify", data={**data, "vary": "axes.simultaneous_contouring=2"})
    assert r.status_code == 200, r.text
    what_if = re.search(
        r'<p class="notice">What if axes.simultaneous_contouring=2:(.*?)</p>', r.text
    )
    assert what_if and "removed" in what_if.group(1) and "2B001.b.2.b" in what_if.group(1)


def test_lists_page_shows_freshness_and_a_diff(server: LiveServer, sign_in: SignIn) -> None:
    client = sign_in("viewer1")
    page = client.get("/ui/lists")
    assert "ofac-sdn" in page.text and "days" in page.text
    r = client.get("/ui/lists/diff?source=ofac-sdn")
    assert r.status_code == 200 and "added" in r.text
    r = client.get("/ui/lists/diff?source=no-such-source")
    assert r.status_code == 404


def test_library_errors_are_html_pages_and_api_errors_stay_json(
    server: LiveServer, sign_in: SignIn
) -> None:
    client = sign_in("viewer1")
    r = client.get("/ui/cases/X-0000-00000")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    r = httpx.get(server.url + "/lists")
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"


WATCH_YAML = """name: web-test
entries:
  - name: Example Lathe Traders
    aliases: [Example Lathes]
    schema: Organization
    country: AE
    reason: diverted lathes to a listed end user
    source: test memo 1
"""


def test_watch_list_editor(server: LiveServer, sign_in: SignIn) -> None:
    analyst = sign_in("analyst1")
    page = analyst.get("/ui/lists/watch")
    assert 'name="text"' in page.text
    r = analyst.post("/ui/lists/watch", data={"csrf": csrf_of(page.text), "text": WATCH_YAML})
    assert (
        r.status_code == 303 and r.headers["location"] == "/ui/lists/watch?source=watch%3Aweb-test"
    )
    shown = analyst.get(r.headers["location"])
    assert "Example Lathe Traders" in shown.text and "test memo 1" in shown.text
    # Aliases are kept, in the entry and in the editor text.
    assert "Example Lathes" in shown.text
    # A viewer may look but not edit, even by a forged POST.
    viewer = sign_in("viewer1")
    view = viewer.get("/ui/lists/watch?source=watch%3Aweb-test")
    assert "Example Lathe Traders" in view.text and 'name="text"' not in view.text
    r = viewer.post("/ui/lists/watch", data={"csrf": csrf_of(view.text), "text": WATCH_YAML})
    assert r.status_code == 403 and r.headers["x-error-code"] == "role_required"
    # watch:alerts belongs to intake.
    alerts = WATCH_YAML.replace("name: web-test", "name: alerts")
    r = analyst.post("/ui/lists/watch", data={"csrf": csrf_of(page.text), "text": alerts})
    assert r.status_code == 400
