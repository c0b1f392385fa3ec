"""``create_app(settings)``: the one FastAPI application of ``exportctl serve``."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse

from exportctl import __version__
from exportctl.api import (
    assess,
    audit,
    cases,
    classify,
    lists,
    screening,
    users,
    watchlists,
    yente,
)
from exportctl.api.errors import document_errors, error_body, install_error_handlers
from exportctl.api.limits import BodyLimit
from exportctl.api.state import ApiState
from exportctl.config import Settings
from exportctl.engine import Engine

__all__ = ["DEFAULT_MAX_BODY", "PUBLIC_PATHS", "ROUTERS", "create_app"]

#: Every router of the API. Each route in them declares its role (``requires``); the
#: role-matrix test is generated from this table.
ROUTERS: tuple[APIRouter, ...] = (
    screening.router,
    yente.router,
    lists.router,
    lists.update_router,
    classify.router,
    assess.router,
    classify.controls_router,
    cases.router,
    audit.router,
    users.router,
    users.keys_router,
    watchlists.router,
)

#: The only paths answered without an API key: service probes and the API description.
PUBLIC_PATHS = frozenset(
    {"/healthz", "/readyz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
)

#: Largest request body accepted (an uploaded alert document or a 1,000-query batch fits).
DEFAULT_MAX_BODY = 10 * 1024 * 1024


def create_app(
    settings: Settings,
    *,
    engine_factory: Callable[[Settings], Engine] = Engine,
    max_body: int = DEFAULT_MAX_BODY,
    warm_in_background: bool = True,
    index_poll: float = 2.0,
) -> FastAPI:
    """Build the application: routes over one engine per process.

    The screening index loads when the application starts (in a background thread unless
    ``warm_in_background`` is False); ``/readyz`` answers 503 until it is loaded. Every
    ``index_poll`` seconds a watcher checks for new list versions and swaps in their index.
    """
    engine = engine_factory(settings)
    state = ApiState(settings=settings, engine=engine, poll=index_poll)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if not warm_in_background:
            state.warm()
        threading.Thread(target=state.watch, name="exportctl-index", daemon=True).start()
        yield
        state.stop()
        engine.close()

    app = FastAPI(
        title="exportctl",
        version=__version__,
        description=(
            "Export-control and nonproliferation compliance: screening (yente-compatible "
            "matching), classification, licence determination and alert intake."
        ),
        lifespan=lifespan,
        strict_content_type=False,
    )
    app.state.exportctl = state
    install_error_handlers(app)
    document_errors(app)
    app.add_middleware(BodyLimit, max_bytes=max_body)

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        """The process answers (says nothing about the index)."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["service"], response_model=None)
    def readyz() -> dict[str, str] | JSONResponse:
        """200 once the screening index is loaded; 503 before."""
        if state.ready.is_set():
            return {"status": "ok"}
        message = "Index not ready." + (f" {state.warm_error}" if state.warm_error else "")
        return JSONResponse(error_body(503, "not_ready", message), status_code=503)

    @app.middleware("http")
    async def _not_ready(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Screening routes wait for the index rather than building it in a request thread.
        path = request.url.path
        if path.startswith(("/screen", "/match", "/search")) and not state.ready.is_set():
            return JSONResponse(error_body(503, "not_ready", "Index not ready."), status_code=503)
        response: Response = await call_next(request)
        return response

    for router in ROUTERS:
        app.include_router(router)
    return app
