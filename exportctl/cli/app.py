"""The root Typer application, and how a command gets its Engine.

:func:`create_app` returns the command-line program with an engine factory bound to it (as
yente's ``create_app()`` does for its web app): tests and embedders pass a factory that returns
the engine they built; the default builds one from ``EXPORTCTL_*`` settings, read here, at the
edge, only. Each invocation calls the factory at most once, when a command first asks
:func:`get_engine`, and closes an engine the default factory made when the invocation ends.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from exportctl import Engine, Settings

__all__ = ["EngineFactory", "acting_user", "app", "create_app", "engine_from_env", "get_engine"]

#: Builds the engine for one invocation.
EngineFactory = Callable[[], Engine]

_APP_SETTINGS: dict[str, Any] = {
    "name": "exportctl",
    "help": (
        "Export-control and nonproliferation compliance: restricted-party lists and screening, "
        "item classification, licence determination and alert intake.\n\n"
        "Data lives in EXPORTCTL_HOME (default ~/.local/share/exportctl); set "
        "EXPORTCTL_DATABASE_URL to use PostgreSQL."
    ),
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "add_completion": False,
}

#: The program with the default factory; command modules register their commands on it.
app = typer.Typer(**_APP_SETTINGS)


def engine_from_env() -> Engine:
    """The default factory: an engine over the settings in the environment."""
    return Engine(Settings.from_env())


@dataclass
class _EngineSlot:
    """The running invocation's factory, and its engine once made."""

    factory: EngineFactory
    owned: bool  # close the engine when the invocation ends
    engine: Engine | None = None
    acting_as: str | None = None  # --as / EXPORTCTL_USER


_current: ContextVar[_EngineSlot | None] = ContextVar("exportctl_engine", default=None)


def _root_callback(factory: EngineFactory | None) -> Callable[[typer.Context], None]:
    def root(
        ctx: typer.Context,
        acting_as: Annotated[
            str | None,
            typer.Option(
                "--as",
                envvar="EXPORTCTL_USER",
                help="Act as this user (must exist and be enabled); default: EXPORTCTL_USER, "
                "else the OS account, which a fresh store makes its first admin.",
            ),
        ] = None,
    ) -> None:
        """Each invocation gets its own slot (several invocations share a process in tests)."""
        slot = _EngineSlot(factory or engine_from_env, owned=factory is None, acting_as=acting_as)
        token = _current.set(slot)

        def done() -> None:
            if slot.owned and slot.engine is not None:
                slot.engine.close()
            _current.reset(token)

        ctx.call_on_close(done)

    return root


app.callback()(_root_callback(None))


def create_app(engine_factory: EngineFactory | None = None) -> typer.Typer:
    """The command-line program; its commands get their engine from ``engine_factory``.

    Without a factory each invocation builds (and closes) an engine from the environment.
    An engine from a given factory belongs to the caller and is not closed.
    """
    program = typer.Typer(**_APP_SETTINGS)
    program.registered_commands = list(app.registered_commands)
    program.registered_groups = list(app.registered_groups)
    program.callback()(_root_callback(engine_factory))
    return program


def get_engine() -> Engine:
    """The engine of the running invocation (made on first use)."""
    slot = _current.get()
    if slot is None:
        raise RuntimeError("get_engine() is called by a command, inside an invocation")
    if slot.engine is None:
        slot.engine = slot.factory()
    return slot.engine


def acting_user() -> str:
    """The acting user's name, checked (exists, enabled); a fresh store first gets its admin.

    Also makes it the engine's actor for the changes the engine records (list loads ...).
    """
    slot = _current.get()
    engine = get_engine()
    account = getpass.getuser()
    engine.users.bootstrap(account)
    name = (slot.acting_as if slot else None) or account
    engine.users.resolve(name)
    engine.actor = name
    return name
