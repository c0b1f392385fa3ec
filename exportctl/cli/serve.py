"""`exportctl serve`: the HTTP API and the web interface (``/ui/``) under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from exportctl.cli.app import app
from exportctl.cli.output import handle_errors

__all__ = ["serve"]


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8080,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Worker processes; each holds its own screening index in memory.",
        ),
    ] = 1,
    update_every: Annotated[
        str | None,
        typer.Option(
            "--update-every",
            help="Run `lists update` this often while serving (e.g. 6h, 30m); off by default.",
        ),
    ] = None,
    no_web: Annotated[
        bool,
        typer.Option("--no-web", help="Serve the HTTP API only, without the web pages (/ui/)."),
    ] = False,
    log_level: Annotated[
        str, typer.Option("--log-level", help="uvicorn log level: info, warning, error.")
    ] = "info",
) -> None:
    """Serve the HTTP API (screening, yente-compatible /match, lists) and the web interface.

    The web pages are at / (sign in with a password set by `exportctl users password NAME`);
    --no-web serves the API alone.

    OpenAPI at /openapi.json, interactive docs at /docs. /readyz answers 200 once the
    screening index is loaded. Settings come from the EXPORTCTL_* environment, as for every
    command.
    """
    import uvicorn

    from exportctl import Settings
    from exportctl.api.server import ListRefresher, parse_interval

    with handle_errors():
        settings = Settings.from_env()
        refresher = ListRefresher(settings, parse_interval(update_every)) if update_every else None
    if refresher is not None:
        refresher.start()
    try:
        uvicorn.run(
            "exportctl.api.server:app_from_env" if no_web else "exportctl.web.server:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
            server_header=False,
        )
    finally:
        if refresher is not None:
            refresher.stop()
