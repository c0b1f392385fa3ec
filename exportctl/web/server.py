"""The application ``exportctl serve`` runs: the HTTP API with the web interface on it."""

from __future__ import annotations

import os
from collections.abc import Callable

from fastapi import FastAPI

from exportctl.api.app import create_app
from exportctl.config import Settings
from exportctl.engine import Engine
from exportctl.web.app import install
from exportctl.web.security import load_secret

__all__ = ["app_from_env", "create_web_app"]


def create_web_app(
    settings: Settings,
    secret: bytes | None = None,
    *,
    engine_factory: Callable[[Settings], Engine] = Engine,
    warm_in_background: bool = True,
) -> FastAPI:
    """The API of :func:`exportctl.api.create_app` plus the pages under ``/ui/``.

    ``secret`` signs session cookies; by default ``EXPORTCTL_WEB_SECRET`` or the file
    ``$EXPORTCTL_HOME/web-secret`` (made once, mode 0600).
    """
    app = create_app(settings, engine_factory=engine_factory, warm_in_background=warm_in_background)
    key = secret if secret is not None else load_secret(settings.home, None)
    install(app, app.state.exportctl, key)
    return app


def app_from_env() -> FastAPI:
    """uvicorn ``factory=True`` target: settings and the web secret from the environment."""
    settings = Settings.from_env()
    return create_web_app(
        settings, load_secret(settings.home, os.environ.get("EXPORTCTL_WEB_SECRET"))
    )
