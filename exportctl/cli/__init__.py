"""Command-line adapter: thin commands over :class:`exportctl.engine.Engine`."""

from __future__ import annotations

from exportctl.cli import lists as _lists  # noqa: F401  (registers commands)
from exportctl.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
