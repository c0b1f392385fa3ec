"""`exportctl watchlists list|show|create|add|remove|export`: the organisation's watch lists.

Importing a watch-list file is `exportctl lists load FILE` (the format is detected).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
import yaml

from exportctl.cli.app import acting_user, app, get_engine
from exportctl.cli.output import Format, emit, handle_errors, print_table

watchlists_app = typer.Typer(
    help="Watch lists (list sources watch:NAME): create, add and remove entries, export. "
    "Changes need the analyst role and are audited; import a file with `lists load`.",
    no_args_is_help=True,
)
app.add_typer(watchlists_app, name="watchlists")

_FMT = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
_NAME = Annotated[str, typer.Argument(help="The list's name (or watch:NAME).")]


def _entries_table(data: dict[str, Any]) -> None:
    v = data["version"]
    typer.echo(f"{data['source']} ({data['name']}): version {v['version']}, {v['entries']} entries")
    print_table(
        None,
        ["entity_id", "name", "schema", "countries", "reason"],
        [
            [
                e["entity_id"],
                next((n["value"] for n in e["names"] if n["quality"] == "primary"), ""),
                e["schema"],
                ", ".join(e["countries"]),
                e.get("reason") or "",
            ]
            for e in data["entries"]
        ],
    )


@watchlists_app.command("list")
def list_watchlists(fmt: _FMT = Format.table) -> None:
    """The active version of every watch list."""
    with handle_errors():
        rows = get_engine().watchlists.list()
    emit(
        rows,
        fmt,
        lambda rs: print_table(
            "Watch lists",
            ["source", "version", "entries", "loaded_at"],
            [[r.source, r.version, r.entries, r.loaded_at.isoformat()[:19]] for r in rs],
        ),
    )


@watchlists_app.command("show")
def show(name: _NAME, fmt: _FMT = Format.table) -> None:
    """A watch list with its entries."""
    with handle_errors():
        shown = get_engine().watchlists.show(name)
    emit(shown, fmt, lambda _d: _entries_table(shown.model_dump(mode="json", by_alias=True)))


@watchlists_app.command("create")
def create(name: _NAME, fmt: _FMT = Format.table) -> None:
    """Create an empty watch list (analyst)."""
    with handle_errors():
        shown = get_engine().watchlists.create(acting_user(), name)
    emit(shown, fmt, lambda _d: _entries_table(shown.model_dump(mode="json", by_alias=True)))


@watchlists_app.command("add")
def add(
    name: _NAME,
    party: Annotated[str, typer.Argument(help="The party's name.")],
    key: Annotated[
        str | None, typer.Option("--id", help="Stable key (default: slug of name).")
    ] = None,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Another name (repeatable).")
    ] = None,
    schema: Annotated[str | None, typer.Option("--schema", help="Person, Organization ...")] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Code or name (repeatable).")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why the party is watched.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Where the information comes from.")
    ] = None,
    fmt: _FMT = Format.table,
) -> None:
    """Add an entry (or replace the entry with the same key) (analyst)."""
    fields = {
        "name": party,
        "id": key,
        "aliases": alias or [],
        "schema": schema,
        "country": country or [],
        "reason": reason,
        "source": source,
    }
    with handle_errors():
        shown = get_engine().watchlists.add(acting_user(), name, fields)
    emit(shown, fmt, lambda _d: _entries_table(shown.model_dump(mode="json", by_alias=True)))


@watchlists_app.command("remove")
def remove(
    name: _NAME,
    key: Annotated[str, typer.Argument(help="The entry's key (or entity id).")],
    fmt: _FMT = Format.table,
) -> None:
    """Remove an entry (analyst)."""
    with handle_errors():
        shown = get_engine().watchlists.remove(acting_user(), name, key)
    emit(shown, fmt, lambda _d: _entries_table(shown.model_dump(mode="json", by_alias=True)))


@watchlists_app.command("export")
def export(
    name: _NAME,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of YAML.")] = False,
) -> None:
    """Print the list as a watch-list file (imports unchanged with `lists load`)."""
    with handle_errors():
        data = get_engine().watchlists.export(name)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), nl=False)
