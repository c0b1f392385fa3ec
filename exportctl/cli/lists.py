"""`exportctl lists ...`: load, update, status and diff of restricted-party lists."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from exportctl import ListDiff, ListVersion, SourceError, read_list_files
from exportctl.cli.app import acting_user, app, get_engine
from exportctl.cli.output import Format, emit, fail, handle_errors, print_table, stderr

lists_app = typer.Typer(
    help="Load, update and inspect restricted-party lists.", no_args_is_help=True
)
app.add_typer(lists_app, name="lists")

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _status_row(v: ListVersion) -> dict[str, Any]:
    return {
        "source": v.source,
        "version": v.version,
        "published": v.published.isoformat() if v.published else None,
        "entries": v.entries,
        "names": v.names,
        "loaded_at": v.loaded_at.isoformat(),
        "active": v.active,
        "format": v.format,
        "origin": v.origin,
        "warnings": list(v.warnings),
        "accepted_shrink": v.accepted_shrink,
    }


def _status_table(rows: list[dict[str, Any]]) -> None:
    print_table(
        "Restricted-party lists",
        ["source", "version", "published", "entries", "names", "loaded_at", "active", "warnings"],
        [
            [
                r["source"],
                r["version"],
                r["published"] or "-",
                r["entries"],
                r["names"],
                r["loaded_at"][:19],
                "yes" if r["active"] else "",
                len(r["warnings"]) or "",
            ]
            for r in rows
        ],
    )
    for r in rows:
        for w in r["warnings"]:
            stderr.print(f"warning: {r['source']} {r['version']}: {w}", markup=False)
        if r["accepted_shrink"]:
            stderr.print(
                f"note: {r['source']} {r['version']} was loaded with --accept-shrink "
                f"({r['accepted_shrink']})",
                markup=False,
            )


@lists_app.command("load")
def load(
    path: Annotated[
        Path, typer.Argument(help="A list file, or a folder holding one edition's files.")
    ],
    source: Annotated[
        str | None,
        typer.Option("--source", help="Source name (default: the format's, e.g. ofac-sdn)."),
    ] = None,
    list_format: Annotated[
        str | None, typer.Option("--list-format", help="Skip detection and parse as this format.")
    ] = None,
    allow_partial: Annotated[
        bool,
        typer.Option(
            "--allow-partial",
            help="Accept a file cut off inside its last record (dropped with a warning).",
        ),
    ] = False,
    accept_shrink: Annotated[
        bool,
        typer.Option(
            "--accept-shrink",
            help="Load a version that loses more than EXPORTCTL_SHRINK_THRESHOLD (10 %) of the "
            "active version's entries or names, or all its aliases or addresses (recorded "
            "in the version).",
        ),
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Load an official list file or folder as a new version (format detected).

    Identical content to the active version is a no-op. On any error nothing is stored and the
    previous version stays active.
    """
    with handle_errors():
        actor = acting_user()  # the load is recorded in the audit trail as theirs
        report = get_engine().lists.load(
            read_list_files(path),
            actor=actor,
            source=source,
            fmt=list_format,
            allow_partial=allow_partial,
            accept_shrink=accept_shrink,
        )
    for w in report.warnings:
        stderr.print(f"warning: {w}", markup=False)
    assert report.version is not None
    row = _status_row(report.version) | {"created": report.created}
    emit(row, fmt, lambda r: _status_table([r]))
    if fmt is Format.table:
        what = (
            f"new version {report.version.version}"
            if report.created
            else "unchanged (same content as the active version)"
        )
        typer.echo(f"{report.source}: {what}")


@lists_app.command("update")
def update(
    from_dir: Annotated[
        Path | None,
        typer.Option(
            "--from", help="Take the files from this local mirror folder, not the official URLs."
        ),
    ] = None,
    sources: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source (repeatable).")
    ] = None,
    allow_partial: Annotated[
        bool,
        typer.Option(
            "--allow-partial",
            help="Accept a file cut off inside its last record (dropped with a warning).",
        ),
    ] = False,
    accept_shrink: Annotated[
        bool,
        typer.Option(
            "--accept-shrink",
            help="Load a version that loses more than EXPORTCTL_SHRINK_THRESHOLD (10 %) of the "
            "active version's entries or names, or all its aliases or addresses (recorded "
            "in the version).",
        ),
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Fetch every configured source from its official URL (or a mirror) and load it.

    Each source succeeds or fails on its own and gets a report row; exits 1 if any failed
    (one `error: SOURCE: ... [code]` line each), and those keep their previous version. A new
    version that shrinks the list beyond the guard is refused unless --accept-shrink.
    """
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=stderr,
        transient=True,
        disable=from_dir is not None,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(label: str, done: int, total: int | None) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        with handle_errors():
            actor = acting_user()
            reports = get_engine().lists.update(
                actor=actor,
                from_dir=from_dir,
                sources=sources,
                progress=progress,
                allow_partial=allow_partial,
                accept_shrink=accept_shrink,
            )
    rows = [
        {
            "source": r.source,
            "status": "error" if r.error else ("loaded" if r.created else "unchanged"),
            "version": r.version.version if r.version else None,
            "entries": r.version.entries if r.version else 0,
            "files": list(r.files),
            "warnings": list(r.warnings),
            "error": r.error,
            "code": r.code,
        }
        for r in reports
    ]
    emit(
        rows,
        fmt,
        lambda rs: print_table(
            "lists update",
            ["source", "status", "version", "entries", "files / error"],
            [
                [
                    r["source"],
                    r["status"],
                    r["version"],
                    r["entries"],
                    f"{r['error']} [{r['code']}]"
                    if r["error"]
                    else ", ".join(Path(f).name for f in r["files"]),
                ]
                for r in rs
            ],
        ),
    )
    for r in reports:
        for w in r.warnings:
            stderr.print(f"warning: {r.source}: {w}", markup=False, soft_wrap=True)
    failed = [r for r in reports if r.error]
    for r in failed:
        # Some messages (the shrink guard's) already start with the source: name it once.
        msg = str(r.error).removeprefix(f"{r.source}: ")
        stderr.print(f"error: {r.source}: {msg} [{r.code}]", markup=False, soft_wrap=True)
    if failed:
        err = SourceError(
            f"{len(failed)} of {len(reports)} source(s) failed ("
            + ", ".join(f"{r.source}: {r.code}" for r in failed)
            + "); they keep their previous version",
            code="update_failed",
        )
        raise fail(f"{err.detail} [{err.code}]")


@lists_app.command("status")
def status(
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Show every version, not only the active ones.")
    ] = False,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """One row per source: the active version, its date, entry and name counts."""
    with handle_errors():
        rows = [
            _status_row(v)
            for v in get_engine().lists.status(all_versions=all_versions, source=source)
        ]
    emit(rows, fmt, _status_table)


def _diff_table(d: ListDiff) -> None:
    typer.echo(
        f"{d.source}: {d.from_version or '(nothing)'} -> {d.to_version}: "
        f"{len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed"
    )
    rows = [
        [c.change, c.entity_id, c.name, ", ".join(c.fields)]
        for c in (*d.added, *d.removed, *d.changed)
    ]
    print_table(None, ["change", "entity_id", "name", "fields"], rows[:500])
    if len(rows) > 500:
        typer.echo(f"... {len(rows) - 500} more (use --format json for all)")


@lists_app.command("diff")
def diff(
    source: Annotated[str, typer.Argument(help="Source name, e.g. ofac-sdn.")],
    from_version: Annotated[
        str | None, typer.Option("--from", help="Older version (default: the one before --to).")
    ] = None,
    to_version: Annotated[
        str | None, typer.Option("--to", help="Newer version (default: the active one).")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Entries added, removed and changed between two versions of a source."""
    with handle_errors():
        d = get_engine().lists.diff(source, from_version=from_version, to_version=to_version)
    emit(d, fmt, _diff_table)
