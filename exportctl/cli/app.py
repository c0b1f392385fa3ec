"""The root Typer application and the per-process Engine it hands to commands."""

from __future__ import annotations

from functools import cache

import typer

from exportctl.config import Settings
from exportctl.engine import Engine

__all__ = ["app", "get_engine"]

app = typer.Typer(
    name="exportctl",
    help=(
        "Export-control and nonproliferation compliance: restricted-party lists and screening, "
        "item classification, licence determination and alert intake.\n\n"
        "Data lives in EXPORTCTL_HOME (default ~/.local/share/exportctl); set "
        "EXPORTCTL_DATABASE_URL to use PostgreSQL."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@cache
def get_engine() -> Engine:
    """One Engine per invocation, from EXPORTCTL_* settings (read here, at the edge, only)."""
    return Engine(Settings.from_env())


@app.callback()
def _fresh_engine() -> None:
    """Each invocation reads the environment anew (several invocations share a process in tests)."""
    if get_engine.cache_info().currsize:
        get_engine().close()
        get_engine.cache_clear()
