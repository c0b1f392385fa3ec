"""``install(app, state, secret)``: the web pages on the API's own FastAPI application.

Pages live under ``/ui/``, ``/`` redirects to the dashboard. Errors on ``/ui/`` paths are
HTML pages (the API's routes keep their JSON error body); every page answers with a
``Server-Timing`` header (the benchmark reads it) and a strict Content-Security-Policy: the
pages load nothing but the app's own stylesheet.
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

from exportctl import ExportctlError, Forbidden
from exportctl.api.state import ApiState
from exportctl.web import pages_cases, pages_lists, pages_reports, pages_screen, pages_work
from exportctl.web.context import (
    CurrentUser,
    LoginRequired,
    WebState,
    current_user,
    get_web,
    login_form,
    redirect,
    render,
    text_field,
)
from exportctl.web.security import LOGIN_COOKIE, SESSION_COOKIE, SessionStore

__all__ = ["install"]

log = logging.getLogger("exportctl.web")
_HERE = Path(__file__).resolve().parent
_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)

router = APIRouter(prefix="/ui", include_in_schema=False)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _safe_next(value: str | None) -> str:
    # Only a path of this site: an open redirect would make the login page a phishing aid.
    if value and value.startswith("/ui/") and not value.startswith("//"):
        return value
    return "/ui/dashboard"


@router.get("/login")
def login_page(request: Request, next: str | None = None, failed: str | None = None) -> Response:
    web = get_web(request)
    nonce, token = web.sessions.login_nonce()
    response = render(
        request,
        "login.html",
        None,
        title="Sign in",
        csrf=token,
        next=_safe_next(next),
        failed=failed is not None,
        status=401 if failed is not None else 200,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/ui/login",
    )
    return response


@router.post("/login")
def login(request: Request, form: Annotated[FormData, Depends(login_form)]) -> Response:
    web = get_web(request)
    name = text_field(form, "username") or ""
    password = form.get("password")
    target = _safe_next(text_field(form, "next"))
    try:
        user = web.engine.users.authenticate_password(
            name, password if isinstance(password, str) else ""
        )
    except ExportctlError:
        log.info("web login refused for %r", name[:100])
        return RedirectResponse(f"/ui/login?failed=1&next={quote(target)}", status_code=303)
    _session, cookie = web.sessions.create(user.name)
    response = redirect(target)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(web.sessions.lifetime),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/ui/login")
    return response


@router.post("/logout")
async def logout(request: Request, me: CurrentUser) -> Response:
    web = get_web(request)
    form = await request.form()
    token = form.get("csrf")
    if web.sessions.csrf_ok(me.session, token if isinstance(token, str) else None):
        web.sessions.revoke(me.session)
    else:
        # A cross-site logout is a nuisance only, but the rule is one: no token, no change.
        raise Forbidden("the form has no valid CSRF token", code="csrf_invalid")
    response = redirect("/ui/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _html_errors(app: FastAPI) -> None:
    """Errors on /ui/ paths as HTML pages; the API's JSON handlers answer everything else."""
    library = app.exception_handlers.get(ExportctlError)
    http = app.exception_handlers.get(StarletteHTTPException)
    unexpected = app.exception_handlers.get(Exception)

    def page(request: Request, status: int, code: str, message: str) -> HTMLResponse:
        me = None
        with contextlib.suppress(LoginRequired, ExportctlError):
            me = current_user(request, get_web(request))
        response = render(
            request,
            "error.html",
            me,
            title=f"Error {status}",
            status=status,
            code=code,
            message=message,
        )
        response.headers["X-Error-Code"] = code
        return response

    async def on_login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        if request.method != "GET":
            return page(request, 401, "unauthenticated", "Sign in first.")
        return RedirectResponse(f"/ui/login?next={quote(exc.next_path)}", status_code=303)

    async def on_library(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ExportctlError)
        if request.url.path.startswith("/ui/"):
            return page(request, exc.status, exc.code, exc.detail)
        assert library is not None
        result: Response = await library(request, exc)  # type: ignore[misc]
        return result

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if request.url.path.startswith("/ui/"):
            return page(request, exc.status_code, "http_error", str(exc.detail))
        assert http is not None
        result: Response = await http(request, exc)  # type: ignore[misc]
        return result

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/ui/"):
            request_id = uuid.uuid4().hex[:12]
            log.exception("unhandled error %s on %s", request_id, request.url.path)
            return page(request, 500, "internal_error", f"internal error (id {request_id})")
        assert unexpected is not None
        result: Response = await unexpected(request, exc)  # type: ignore[misc]
        return result

    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_exception_handler(ExportctlError, on_library)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)


def install(app: FastAPI, state: ApiState, secret: bytes) -> WebState:
    """Add the web interface to ``app`` (the API's application over ``state``)."""
    sessions = SessionStore(secret, state.settings.home / "web-sessions")
    web = WebState(api=state, sessions=sessions)
    app.state.exportctl_web = web
    _html_errors(app)

    @app.middleware("http")
    async def _page_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response: Response = await call_next(request)
        if request.url.path.startswith("/ui/"):
            ms = (time.perf_counter() - started) * 1000
            response.headers["Server-Timing"] = f"app;dur={ms:.1f}"
            # A route may set its own policy (the printable reports carry their own styles).
            response.headers.setdefault("Content-Security-Policy", _CSP)
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["Referrer-Policy"] = "same-origin"
            if not request.url.path.startswith("/ui/static/"):
                response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/dashboard", status_code=307)

    @app.get("/ui", include_in_schema=False)
    def ui_root() -> RedirectResponse:
        return RedirectResponse("/ui/dashboard", status_code=307)

    app.mount("/ui/static", StaticFiles(directory=str(_HERE / "static")), name="ui-static")
    app.include_router(router)
    for module in (pages_screen, pages_cases, pages_work, pages_lists, pages_reports):
        app.include_router(module.router)
    return web
