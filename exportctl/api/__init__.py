"""HTTP adapter: a FastAPI application over :class:`exportctl.engine.Engine`.

``create_app(settings)`` builds the one application that ``exportctl serve``, tests and other
ASGI servers (gunicorn with uvicorn workers) use. Routes parse requests, call the library and
map its errors; they hold no domain logic.
"""

from __future__ import annotations

from exportctl.api.app import create_app

__all__ = ["create_app"]
