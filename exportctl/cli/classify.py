"""`exportctl classify ...` and `exportctl controls search|show ...`.

Thin commands over :class:`exportctl.engine.Engine`: they read arguments, call the engine and
render the result. Control data is the store's active version (``exportctl controls update``),
else the US snapshot shipped with exportctl; ``--controls-dir`` or ``EXPORTCTL_CONTROLS_DIR``
name a folder instead (see docs/controls.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from exportctl import (
    Classification,
    JurisdictionFilter,
    SearchHit,
    ShownEntry,
    read_control_catalogue,
    read_items,
    read_parents,
    read_rules,
)
from exportctl.cli.app import app, get_engine
from exportctl.cli.output import Format, emit, handle_errors, print_table

__all__ = ["controls_app"]

controls_app = typer.Typer(
    help="Control-list data (US CCL, Country Chart, Country Groups, Wassenaar list): update, "
    "status, diff, and search and show entries (US CCL ECCNs, Wassenaar Category 2).",
    no_args_is_help=True,
)
app.add_typer(controls_app, name="controls")

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ControlsDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--controls-dir",
        help="Read this folder of control texts (us/, wassenaar/) instead of the active "
        "control data.",
        show_default=False,
    ),
]


def _warn(warnings: list[str]) -> None:
    for w in warnings:
        typer.echo(f"warning: {w}", err=True)


def _mark(met: bool | None) -> str:
    return "yes" if met is True else "no" if met is False else "?"


def _print_classification(result: Classification) -> None:
    console = Console()
    console.print(
        f"[bold]{result.item}[/bold]: {result.status.value}  "
        + "  ".join(
            f"{r.jurisdiction}: {', '.join(r.codes) or r.status.value}"
            for r in result.by_jurisdiction
        ),
        highlight=False,
    )
    if result.what_if is not None:
        w = result.what_if
        console.print(
            f"what-if {', '.join(f'{k}={v}' for k, v in w.changes.items())}: "
            f"{', '.join(w.baseline_codes) or w.baseline_status.value} -> "
            f"{', '.join(w.varied_codes) or w.varied_status.value}",
            highlight=False,
        )
    if result.controls:
        print_table(
            "Controls",
            ["code", "regime", "lists", "reasons", "primary", "citation"],
            [
                (
                    c.code,
                    c.regime,
                    ", ".join(c.jurisdictions),
                    " ".join(c.reasons_for_control),
                    "yes" if c.primary else f"no ({', '.join(c.superseded_by)})",
                    c.citation,
                )
                for c in result.controls
            ],
        )
        for c in result.controls:
            if not c.primary:
                continue
            print_table(
                f"{c.code} criteria",
                ["met", "criterion", "value", "threshold"],
                [(_mark(k.met), k.text, k.value, k.threshold) for k in c.criteria],
            )
    rows = [
        (
            n.code,
            ", ".join(n.jurisdictions),
            n.excluded_by or "",
            "; ".join(f"{f.text}: {f.value} (needs {f.threshold})" for f in n.failed),
        )
        for n in (result.closest or result.not_controlled_by)
    ]
    if rows:
        title = "Closest entries" if result.closest else "Not controlled by"
        print_table(title, ["code", "lists", "excluded by", "failed"], rows)
    if result.components:
        print_table(
            "Components (if sold as a unit)",
            ["component", "codes"],
            [
                (c.component, ", ".join(x.code for x in c.controls) or "review")
                for c in result.components
            ],
        )
    if result.related:
        print_table(
            "Related software and technology",
            ["code", "lists", "reasons", "what"],
            [
                (c.code, ", ".join(c.jurisdictions), " ".join(c.reasons_for_control), c.title)
                for c in result.related
            ],
        )
    if result.part_of is not None:
        p = result.part_of
        print_table(
            f"Part of {p.item}",
            ["kind", "note"],
            [("machine", ", ".join(p.controls) or ("not found" if not p.found else "-"))]
            + [(n.kind.value, n.text) for n in p.relevance],
        )
    if result.notes:
        print_table(
            "Notes",
            ["kind", "code", "lists", "note"],
            [(n.kind.value, n.code, ", ".join(n.jurisdictions), n.text) for n in result.notes],
        )


def _print_results(results: Any) -> None:
    for result in results if isinstance(results, list) else [results]:
        _print_classification(result)


@app.command("classify")
def classify_command(
    item_file: Annotated[
        Path, typer.Argument(help="Item spec YAML, or a file with several under items:.")
    ],
    jurisdiction: Annotated[
        JurisdictionFilter,
        typer.Option("--jurisdiction", "-j", help="Lists to evaluate."),
    ] = JurisdictionFilter.ALL,
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            help="What-if change PATH=VALUE, e.g. axes.simultaneous_contouring=5 (repeatable).",
        ),
    ] = None,
    item_id: Annotated[
        str | None, typer.Option("--item", help="Classify only this item of the file.")
    ] = None,
    rules_dir: Annotated[
        Path | None, typer.Option("--rules", help="Rules folder (default: the built-in rules).")
    ] = None,
    ref_dirs: Annotated[
        list[Path] | None,
        typer.Option(
            "--allow-ref-dir",
            help="Also let {ref: FILE} items point into this folder (repeatable); by default "
            "only files in the input file's own folder may be referenced.",
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Classify an item against the control lists, criterion by criterion."""
    with handle_errors():
        items = read_items(item_file, ref_dirs or ())
        results = get_engine().classification.classify(
            items,
            jurisdiction=jurisdiction,
            vary=vary,
            item_id=item_id,
            parents=read_parents(items, item_file.parent),
            rules=read_rules(rules_dir) if rules_dir else None,
            source=str(item_file),
        )
    emit(results[0] if len(results) == 1 else results, fmt, _print_results)


def _print_hits(hits: list[SearchHit]) -> None:
    print_table(
        "Control-list entries",
        ["code", "wassenaar", "score", "heading"],
        [(h.code, h.wassenaar_code, f"{h.score:.1f}", h.heading[:110]) for h in hits],
    )


@controls_app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Words or a code, e.g. "five axis milling".')],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most hits shown.")] = 10,
    controls_dir: ControlsDirOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Search control-list entries by words in their heading and text."""
    with handle_errors():
        catalogue = (
            read_control_catalogue(controls_dir)
            if controls_dir is not None
            else get_engine().classification.catalogue()
        )
        hits = catalogue.search(query, limit=limit)
    _warn(catalogue.warnings)
    emit(hits, fmt, _print_hits)


def _print_shown(shown: ShownEntry) -> None:
    e = shown.entry
    rows: list[tuple[str, Any]] = [
        ("code", shown.code),
        ("wassenaar", shown.wassenaar_code),
        ("heading", e.heading),
    ]
    if e.us is not None:
        rows += [
            ("reasons", ", ".join(e.us.reasons)),
            ("country chart", ", ".join(e.chart_columns)),
        ]
        rows += [("licence requirement", f"{r.control} -> {r.text}") for r in e.us.chart]
        rows.append(("related controls", e.us.related_controls))
    if shown.paragraph:
        rows += [
            (f"US {shown.code}", shown.us_paragraph_text),
            (f"WA {shown.wassenaar_code}", shown.wassenaar_paragraph_text),
        ]
    elif e.us is not None:
        rows.append(("items (US)", e.us.items))
    elif e.wassenaar is not None:
        rows.append(("text (WA)", e.wassenaar.text))
    print_table(shown.code, ["field", "value"], rows)


@controls_app.command("show")
def show_command(
    code: Annotated[str, typer.Argument(help="2B001, 2.B.1, 2B001.b.2.b or 2.B.1.b.2.b")],
    controls_dir: ControlsDirOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show one control-list entry (and paragraph) with reasons for control."""
    with handle_errors():
        catalogue = (
            read_control_catalogue(controls_dir)
            if controls_dir is not None
            else get_engine().classification.catalogue()
        )
        shown = catalogue.show(code)
    _warn(catalogue.warnings)
    emit(shown, fmt, _print_shown)
