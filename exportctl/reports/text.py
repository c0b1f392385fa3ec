"""Plain text of a Layout: the CLI's summary of a report."""

from __future__ import annotations

import textwrap

from exportctl.reports.layout import Fields, Layout, Para, Table

__all__ = ["render_text"]

_WIDTH = 100


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [
        indent.rstrip()
    ]


def render_text(layout: Layout) -> str:
    out = [layout.title, layout.subtitle]
    for section in layout.sections:
        out += ["", section.title.upper()]
        for block in section.blocks:
            if isinstance(block, Fields):
                width = max(len(label) for label, _ in block.rows) if block.rows else 0
                for label, value in block.rows:
                    out += _wrap(f"{label.ljust(width)}  {value}")
            elif isinstance(block, Table):
                for row in block.rows:
                    out += _wrap(" | ".join(cell for cell in row if cell))
                if not block.rows:
                    out.append("  (none)")
            elif isinstance(block, Para):
                out += _wrap(block.text)
    out += ["", *layout.footer]
    return "\n".join(out) + "\n"
