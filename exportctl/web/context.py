"""What every page handler shares: the web state, the signed-in user, forms and rendering."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from exportctl import Engine, ExportctlError, Forbidden, InvalidInput, Role, User
from exportctl.api.state import ApiState
from exportctl.web.security import LOGIN_COOKIE, SESSION_COOKIE, Session, SessionStore

__all__ = [
    "MAX_UPLOAD",
    "CheckedForm",
    "CurrentUser",
    "LoginRequired",
    "Me",
    "WebState",
    "checked_form",
    "current_user",
    "get_web",
    "login_form",
    "read_upload",
    "redirect",
    "render",
    "text_field",
    "uploads",
]

_HERE = Path(__file__).resolve().parent
#: Largest uploaded file the pages accept (an alert PDF or a transaction with its items).
MAX_UPLOAD = 5 * 1024 * 1024


class LoginRequired(Exception):
    """No live session: the page answers with a redirect to the login form."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def _fmt_time(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _make_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_HERE / "templates")),
        autoescape=jinja2.select_autoescape(["html", "svg"], default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _fmt_time
    env.filters["pct"] = lambda v: f"{float(v) * 100:.0f}%"
    env.filters["score"] = lambda v: f"{float(v):.2f}"
    return env


@dataclass
class WebState:
    """The web interface's part of the process: sessions, templates, the API state it shares."""

    api: ApiState
    sessions: SessionStore
    env: jinja2.Environment = field(default_factory=_make_env)
    #: ``engine.actor`` names who intake's changes are recorded as; one intake at a time sets
    #: it on the shared engine.
    actor_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def engine(self) -> Engine:
        return self.api.engine


def get_web(request: Request) -> WebState:
    web: WebState = request.app.state.exportctl_web
    return web


@dataclass(frozen=True)
class Me:
    """The signed-in user of a request, with the session's CSRF token for its forms."""

    user: User
    session: Session
    csrf: str

    @property
    def name(self) -> str:
        return self.user.name

    def can(self, role: str) -> bool:
        return self.user.role.at_least(Role(role))


def current_user(request: Request, web: Annotated[WebState, Depends(get_web)]) -> Me:
    """The request's user, or :class:`LoginRequired` (no, forged, expired or revoked session,
    or a user disabled since they signed in)."""
    session = web.sessions.check(request.cookies.get(SESSION_COOKIE))
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if session is None:
        raise LoginRequired(target)
    try:
        user = web.engine.users.resolve(session.user)
    except ExportctlError:
        web.sessions.revoke(session)
        raise LoginRequired(target) from None
    return Me(user, session, web.sessions.csrf_token(session))


async def checked_form(
    request: Request,
    me: Annotated[Me, Depends(current_user)],
    web: Annotated[WebState, Depends(get_web)],
) -> AsyncIterator[FormData]:
    """The POSTed form, refused with 403 ``csrf_invalid`` unless it carries the session's
    CSRF token. Uploaded files' temporary files are closed after the response."""
    form = await request.form(max_part_size=MAX_UPLOAD)
    try:
        token = form.get("csrf")
        if not web.sessions.csrf_ok(me.session, token if isinstance(token, str) else None):
            raise Forbidden(
                "the form has no valid CSRF token; reload the page and try again",
                code="csrf_invalid",
            )
        yield form
    finally:
        await form.close()


async def login_form(
    request: Request, web: Annotated[WebState, Depends(get_web)]
) -> AsyncIterator[FormData]:
    """The login form, checked against the login nonce cookie (double submit)."""
    form = await request.form()
    try:
        token = form.get("csrf")
        if not web.sessions.login_ok(
            request.cookies.get(LOGIN_COOKIE), token if isinstance(token, str) else None
        ):
            raise Forbidden(
                "the form has no valid CSRF token; reload the page and try again",
                code="csrf_invalid",
            )
        yield form
    finally:
        await form.close()


def text_field(form: FormData, name: str) -> str | None:
    """A text field, stripped; None when absent or empty."""
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def read_upload(form: FormData, name: str) -> tuple[str, bytes] | None:
    """An uploaded file's name and bytes; None when no file was chosen."""
    value = form.get(name)
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    data = value.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput(
            f"{value.filename} is larger than {MAX_UPLOAD // (1024 * 1024)} MB",
            code="upload_too_large",
        )
    return value.filename, data


def uploads(form: FormData, name: str) -> list[tuple[str, bytes]]:
    """Every file uploaded under ``name`` (a multiple file input)."""
    out: list[tuple[str, bytes]] = []
    for value in form.getlist(name):
        if isinstance(value, UploadFile) and value.filename:
            data = value.file.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise InvalidInput(f"{value.filename} is too large", code="upload_too_large")
            out.append((value.filename, data))
    return out


def render(
    request: Request,
    template: str,
    me: Me | None,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    web = get_web(request)
    html = web.env.get_template(template).render(
        me=me, path=request.url.path, title=context.pop("title", "exportctl"), **context
    )
    return HTMLResponse(html, status_code=status)


def redirect(url: str) -> Response:
    """303: the browser GETs the target after a POST."""
    return RedirectResponse(url, status_code=303)


#: The signed-in user (a route parameter): redirects to the login page when there is none.
CurrentUser = Annotated[Me, Depends(current_user)]
#: The POSTed form, its CSRF token checked (a route parameter).
CheckedForm = Annotated[FormData, Depends(checked_form)]
