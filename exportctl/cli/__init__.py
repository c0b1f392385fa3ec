"""Command-line adapter: thin commands over :class:`exportctl.engine.Engine`."""

from __future__ import annotations

# Importing a command module registers its commands on ``app``.
from exportctl.cli import assess as _assess  # noqa: F401
from exportctl.cli import classify as _classify  # noqa: F401
from exportctl.cli import intake as _intake  # noqa: F401
from exportctl.cli import lists as _lists  # noqa: F401
from exportctl.cli import screen as _screen  # noqa: F401
from exportctl.cli.app import EngineFactory, app, create_app, get_engine

__all__ = ["EngineFactory", "app", "create_app", "get_engine", "main"]


def main() -> None:
    """Console-script entry point."""
    create_app()()
