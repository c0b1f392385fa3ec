"""Command-line adapter: thin commands over :class:`exportctl.engine.Engine`."""

from __future__ import annotations

import sys

from exportctl import ExportctlError

# Importing a command module registers its commands on ``app``.
from exportctl.cli import assess as _assess  # noqa: F401
from exportctl.cli import audit as _audit  # noqa: F401
from exportctl.cli import batch as _batch  # noqa: F401
from exportctl.cli import cases as _cases  # noqa: F401
from exportctl.cli import classify as _classify  # noqa: F401
from exportctl.cli import controls as _controls  # noqa: F401
from exportctl.cli import intake as _intake  # noqa: F401
from exportctl.cli import keys as _keys  # noqa: F401
from exportctl.cli import lists as _lists  # noqa: F401
from exportctl.cli import screen as _screen  # noqa: F401
from exportctl.cli import serve as _serve  # noqa: F401
from exportctl.cli import users as _users  # noqa: F401
from exportctl.cli import watchlists as _watchlists  # noqa: F401
from exportctl.cli.app import EngineFactory, app, create_app, get_engine

__all__ = ["EngineFactory", "app", "create_app", "get_engine", "main"]


def main() -> None:
    """Console-script entry point.

    Every failure exportctl foresees is an ExportctlError the commands print on one line with
    its code. Anything else is a bug, but the user still gets one line with a code (and the
    exit status 1), never a traceback.
    """
    try:
        create_app()()
    except KeyboardInterrupt:
        err = ExportctlError("interrupted", code="interrupted")
        sys.stderr.write(f"error: {err.detail} [{err.code}]\n")
        sys.exit(130)
    except BrokenPipeError:  # output piped into a command that stopped reading
        sys.exit(1)
    except Exception as exc:
        first = (str(exc).splitlines() or [""])[0][:300]
        err = ExportctlError(
            f"internal error: {type(exc).__name__}: {first}", code="internal_error"
        )
        sys.stderr.write(f"error: {err.detail} [{err.code}]\n")
        sys.exit(1)
