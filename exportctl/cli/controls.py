"""`exportctl controls update|status|diff`: control-list data as versioned datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from exportctl import CONTROL_DATASETS, ControlDiff, read_control_data
from exportctl.cli.app import acting_user, get_engine
from exportctl.cli.classify import controls_app
from exportctl.cli.output import Format, emit, handle_errors, print_table

__all__ = ["controls_app"]

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _short_source(source: str | None) -> str:
    """A source for a table cell: file names, not whole paths (JSON keeps the full text)."""
    if not source:
        return "-"
    if source.startswith("bundled with exportctl"):
        return "shipped with exportctl"
    return " + ".join(part.rsplit("/", 1)[-1] for part in source.split(" + "))


def _print_update(rows: Any) -> None:
    print_table(
        "Control data update",
        ["dataset", "version", "issued", "result", "source"],
        [
            (
                r["dataset"],
                r["version"] or "-",
                r["issued"] or "-",
                f"FAILED [{r['code']}]: {r['error']}"
                if r["error"]
                else "new version"
                if r["created"]
                else "unchanged",
                _short_source(r["source"]),
            )
            for r in rows
        ],
    )


@controls_app.command("update")
def update_command(
    from_dir: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Read the files from this folder (us/*.json, wassenaar/*.txt|pdf, "
            "ecfr/part-NNN.xml) instead of the official sources.",
        ),
    ] = None,
    dataset: Annotated[
        list[str] | None,
        typer.Option(
            "--dataset", "-d", help=f"Only these datasets ({', '.join(CONTROL_DATASETS)})."
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Fetch the control data (eCFR API for 15 CFR 738/740/774 Supp. 1; the Wassenaar list PDF,
    checked by SHA-256) or read it from a folder, and store it as new versions.

    Everything is parsed before anything is stored; a dataset that fails keeps its previous
    version active and the command exits 1 naming what failed.
    """
    with handle_errors():
        data = read_control_data(from_dir, dataset or None) if from_dir is not None else None
        acting_user()  # new versions are recorded in the audit trail as theirs
        report = get_engine().controls.update(data=data, datasets=dataset)
    rows = [o.as_dict() for o in report.outcomes]
    emit(rows, fmt, _print_update)
    if report.failed:
        for o in report.outcomes:
            if o.error:
                typer.echo(f"error: {o.dataset}: {o.error} [{o.error_code}]", err=True)
        raise typer.Exit(1)


def _print_status(rows: Any) -> None:
    print_table(
        "Control data",
        ["dataset", "version", "issued", "items", "loaded at", "active", "source"],
        [
            (
                r["dataset"],
                r["version"],
                r["issued"] or "-",
                r["items"],
                (r["loaded_at"] or "-")[:19].replace("T", " "),
                "yes" if r["active"] else "",
                _short_source(r["source"]),
            )
            for r in rows
        ],
    )


@controls_app.command("status")
def status_command(
    all_versions: Annotated[
        bool, typer.Option("--all", help="Every stored version, not only the active ones.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Each control dataset's active version, issue date, source and when it was loaded."""
    with handle_errors():
        rows = [v.as_dict() for v in get_engine().controls.status(all_versions=all_versions)]
    emit(rows, fmt, _print_status)
    # A dataset with no version anywhere has no row: say so, with the command that fixes it
    # (the Wassenaar list is never shipped, so a fresh installation lacks it).
    for name in CONTROL_DATASETS:
        if not any(r["dataset"] == name for r in rows):
            typer.echo(
                f"warning: {name}: not loaded; run `exportctl controls update` "
                "(or `controls update --from FOLDER`)",
                err=True,
            )


def _print_diff(diff: Any) -> None:
    assert isinstance(diff, ControlDiff)
    typer.echo(
        f"{diff.dataset}: {diff.from_version or '(nothing)'} -> {diff.to_version}: "
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
    )
    rows = [("added", k, "") for k in diff.added] + [("removed", k, "") for k in diff.removed]
    rows += [("changed", c.key, c.detail) for c in diff.changed]
    if rows:
        print_table(None, ["change", "item", "detail"], rows)


@controls_app.command("diff")
def diff_command(
    dataset: Annotated[str, typer.Argument(help=f"One of {', '.join(CONTROL_DATASETS)}.")],
    from_version: Annotated[
        str | None, typer.Option("--from", help="Older version (default: the one before).")
    ] = None,
    to_version: Annotated[
        str | None, typer.Option("--to", help="Newer version (default: the active one).")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """ECCNs, Wassenaar entries, Country Chart cells or Country Groups added, removed and
    changed between two versions of a dataset."""
    with handle_errors():
        diff = get_engine().controls.diff(dataset, from_version=from_version, to_version=to_version)
    emit(diff, fmt, _print_diff)
