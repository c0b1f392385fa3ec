"""`exportctl keys create|list|revoke`: API keys for the HTTP API, each bound to one user."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from exportctl.cli.app import acting_user, app, get_engine
from exportctl.cli.output import Format, emit, handle_errors, print_table, stderr

keys_app = typer.Typer(
    help="API keys: each acts as one user, with that user's role. Admins only.",
    no_args_is_help=True,
)
app.add_typer(keys_app, name="keys")


def _when(value: str | None) -> str:
    return "" if value is None else value[:19]


def _table(rows: Any) -> None:
    print_table(
        "API keys",
        ["key_id", "user", "created_at", "created_by", "revoked_at", "last_used_at"],
        [
            [
                r["key_id"],
                r["user"],
                _when(r["created_at"]),
                r["created_by"],
                _when(r["revoked_at"]),
                _when(r["last_used_at"]),
            ]
            for r in rows
        ],
    )


@keys_app.command("create")
def create(
    user: Annotated[str, typer.Option("--user", help="The user the key acts as.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Create an API key for a user and print it: shown this once, stored only as a hash."""
    with handle_errors():
        issued = get_engine().users.create_key(acting_user(), user)

    def plain(_: Any) -> None:
        sys.stdout.write(f"key_id: {issued.key_id}\nuser:   {issued.user}\nkey:    {issued.key}\n")
        stderr.print(
            "Keep the key now: it is not shown again (`keys revoke KEY_ID` ends it).",
            markup=False,
            highlight=False,
        )

    emit(issued, fmt, plain)


@keys_app.command("list")
def list_keys(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's keys.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """API keys with owner, creation, revocation and last use (never the keys themselves)."""
    with handle_errors():
        keys = get_engine().users.list_keys(acting_user(), user)
    emit(keys, fmt, lambda rs: _table([r.model_dump(mode="json") for r in rs]))


@keys_app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (`keys list`).")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why (recorded).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Revoke an API key; it stops working at once."""
    with handle_errors():
        key = get_engine().users.revoke_key(acting_user(), key_id, reason)
    emit([key], fmt, lambda rs: _table([r.model_dump(mode="json") for r in rs]))
