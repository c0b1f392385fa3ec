"""Printable HTML: one Jinja2 template (shipped in the package), print CSS, no external assets."""

from __future__ import annotations

from functools import cache

import jinja2

from exportctl.reports.layout import Layout

__all__ = ["render_html"]


@cache
def _environment() -> jinja2.Environment:
    # Autoescape everything: names, reasons and comments are user or list text.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("exportctl.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(layout: Layout) -> str:
    """A complete HTML document (UTF-8) drawing ``layout``."""
    return _environment().get_template("report.html.j2").render(layout=layout)
