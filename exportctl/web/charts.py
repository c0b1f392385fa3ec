"""Bar charts drawn on the server as inline SVG (no script, no chart library)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

__all__ = ["bar_chart"]


def bar_chart(
    series: Sequence[tuple[str, float]],
    *,
    title: str,
    width: int = 560,
    height: int = 160,
    unit: str = "",
) -> Markup:
    """Vertical bars, one per (label, value), labelled under and valued above each bar."""
    n = max(len(series), 1)
    top = max((v for _, v in series), default=0.0) or 1.0
    pad, label_h, value_h = 4, 28, 14
    slot = (width - 2 * pad) / n
    bar_w = max(slot * 0.7, 2)
    usable = height - label_h - value_h
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="0" y1="{height - label_h}" x2="{width}" y2="{height - label_h}" class="axis"/>',
    ]
    for i, (label, value) in enumerate(series):
        h = usable * (value / top)
        x = pad + i * slot + (slot - bar_w) / 2
        y = height - label_h - h
        shown = f"{value:g}{unit}"
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(label)}: {escape(shown)}</title></rect>"
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" class="value">{escape(shown)}</text>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - label_h + 12}" class="label">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
