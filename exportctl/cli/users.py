"""`exportctl users add|list|disable|role|password`: who may act, in which role, and the
password that web login checks."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from exportctl import InvalidInput
from exportctl.cli.app import acting_user, app, get_engine
from exportctl.cli.output import Format, emit, handle_errors, print_table

users_app = typer.Typer(
    help="Users and roles: viewer < analyst < approver < admin.", no_args_is_help=True
)
app.add_typer(users_app, name="users")


def _table(rows: Any) -> None:
    print_table(
        "Users",
        ["name", "role", "enabled", "created_at", "created_by"],
        [[r["name"], r["role"], r["enabled"], r["created_at"][:19], r["created_by"]] for r in rows],
    )


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The new user's name.")],
    role: Annotated[
        str, typer.Option("--role", help="viewer, analyst, approver or admin.")
    ] = "viewer",
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Add a user (admins only)."""
    with handle_errors():
        user = get_engine().users.add(acting_user(), name, role)
    emit([user], fmt, lambda rs: _table([r.model_dump(mode="json") for r in rs]))


@users_app.command("list")
def list_users(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Every user with role and status."""
    with handle_errors():
        users = get_engine().users.list_users(acting_user())
    emit(users, fmt, lambda rs: _table([r.model_dump(mode="json") for r in rs]))


@users_app.command("disable")
def disable(
    name: Annotated[str, typer.Argument(help="The user to disable.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why (recorded).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Disable a user (admins only); a disabled user can no longer act. The last admin stays."""
    with handle_errors():
        user = get_engine().users.disable(acting_user(), name, reason)
    emit([user], fmt, lambda rs: _table([r.model_dump(mode="json") for r in rs]))


@users_app.command("role")
def role(
    name: Annotated[str, typer.Argument(help="The user whose role changes.")],
    new_role: Annotated[str, typer.Option("--role", help="viewer, analyst, approver or admin.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why (recorded).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Change a user's role (admins only). The last enabled admin stays admin."""
    with handle_errors():
        user = get_engine().users.set_role(acting_user(), name, new_role, reason)
    emit([user], fmt, lambda rs: _table([r.model_dump(mode="json") for r in rs]))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:  # one line, for scripts; only the line end is dropped
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    first = typer.prompt("New password", hide_input=True)
    second = typer.prompt("Repeat it", hide_input=True)
    if first != second:
        raise InvalidInput("the two passwords differ; nothing was set", code="password_mismatch")
    return str(first)


@users_app.command("password")
def password(
    name: Annotated[str, typer.Argument(help="The user whose password is set.")],
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from one line of stdin."),
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Set a user's password for the web login (admins for anyone, every user for itself).

    Prompts twice without echo; at least 12 characters. Stored as an scrypt hash only.
    """
    with handle_errors():
        actor = acting_user()
        secret = _read_password(password_stdin)
        user = get_engine().users.set_password(actor, name, secret)
    emit([user], fmt, lambda rs: _table([r.model_dump(mode="json") for r in rs]))
