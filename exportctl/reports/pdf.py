"""PDF with fpdf2 (pure Python): the same Layout as the HTML, extractable text, wrapped lines.

Fonts: a Unicode TrueType font found on the machine (DejaVu Sans, as Debian's
``fonts-dejavu-core`` installs it, or Noto Sans / Liberation Sans), or one the caller names.
Characters that font lacks (Chinese in DejaVu, for one) are transliterated with anyascii, and
without any TrueType font the PDF falls back to the built-in Helvetica with everything outside
Latin-1 transliterated. Only the PDF does this; the HTML and the JSON keep the original text.
Arabic and Persian run right to left (fpdf2's bidi algorithm) in unjoined letter forms; fpdf2
joins them only with the optional ``uharfbuzz``, used when installed. Extractors that ignore
bidi (pypdf) return such words in visual order, i.e. reversed.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from anyascii import anyascii
from fontTools.ttLib import TTFont
from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos

from exportctl.reports.fonts import PdfFont, find_font
from exportctl.reports.layout import Fields, Layout, Para, Table

__all__ = ["render_pdf"]

_FAMILY = "report"
_MARGIN = 15.0


@cache
def _charset(path: Path) -> frozenset[int]:
    with TTFont(str(path), lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return frozenset(cmap)


class _Text:
    """Makes text drawable with the chosen font, transliterating what it cannot draw."""

    def __init__(self, font: PdfFont | None) -> None:
        self.charset = _charset(font.regular) if font is not None else None

    def __call__(self, text: str) -> str:
        out = []
        for ch in text:
            code = ord(ch)
            if ch in "\n\t":
                out.append(" " if ch == "\t" else ch)
            elif self.charset is None:
                out.append(ch if code < 256 else anyascii(ch))
            elif code in self.charset:
                out.append(ch)
            else:
                out.append(anyascii(ch) or "?")
        return "".join(out)


class _Doc(FPDF):
    def __init__(self, layout: Layout, text: _Text, family: str) -> None:
        super().__init__(format="A4")
        self.layout = layout
        self.fit = text
        self.face = family

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.face, size=7)
        self.set_text_color(90)
        self.cell(
            0,
            5,
            self.fit(f"{self.layout.title} - page {self.page_no()}/{{nb}}"),
            align="R",
        )
        self.set_text_color(0)


def _new_doc(layout: Layout, font: PdfFont | None) -> _Doc:
    if font is None:
        doc = _Doc(layout, _Text(None), "helvetica")
    else:
        doc = _Doc(layout, _Text(font), _FAMILY)
        doc.add_font(_FAMILY, "", str(font.regular))
        doc.add_font(_FAMILY, "B", str(font.bold or font.regular))
        if importlib.util.find_spec("uharfbuzz") is not None:  # Arabic shaping, when installed
            doc.set_text_shaping(True)
    doc.set_margins(_MARGIN, _MARGIN, _MARGIN)
    doc.set_auto_page_break(True, margin=16)
    doc.set_title(doc.fit(layout.title))
    doc.set_author("exportctl")
    doc.set_creation_date(datetime.now(UTC))
    return doc


def _fields(doc: _Doc, block: Fields) -> None:
    # A borderless two-column table: fpdf2 wraps and breaks pages for us.
    doc.set_font(doc.face, "", 9)
    bold = FontFace(emphasis="BOLD")
    with doc.table(
        col_widths=(1, 3.2),
        text_align="LEFT",
        line_height=4.4,
        padding=(0.6, 1, 0.6, 0),
        first_row_as_headings=False,
        borders_layout="NONE",
    ) as table:
        for label, value in block.rows:
            row = table.row()
            row.cell(doc.fit(label), style=bold)
            row.cell(doc.fit(value))
    doc.ln(1)


def _table(doc: _Doc, block: Table) -> None:
    doc.set_font(doc.face, "", 8)
    with doc.table(
        col_widths=block.widths,
        text_align="LEFT",
        line_height=3.8,
        padding=1,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        cell_fill_mode=TableCellFillMode.NONE,
        borders_layout="ALL",
        repeat_headings=1,
    ) as table:
        head = table.row()
        for c in block.columns:
            head.cell(doc.fit(c))
        for row in block.rows:
            r = table.row()
            for cell in row:
                r.cell(doc.fit(cell))
    doc.ln(2)


def _para(doc: _Doc, block: Para) -> None:
    doc.set_font(doc.face, "B" if block.strong else "", 9)
    doc.multi_cell(0, 4.6, doc.fit(block.text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(0.8)


def render_pdf(layout: Layout, *, font: PdfFont | bool | None = True) -> bytes:
    """The PDF of ``layout``.

    ``font``: True finds a Unicode font on this machine (:func:`find_font`), a
    :class:`PdfFont` names one, False or None uses the built-in Helvetica (transliterated).
    """
    chosen = find_font() if font is True else (font or None)
    doc = _new_doc(layout, chosen if isinstance(chosen, PdfFont) else None)
    doc.add_page()
    doc.set_font(doc.face, "B", 15)
    doc.multi_cell(0, 7, doc.fit(layout.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font(doc.face, "", 10)
    doc.multi_cell(0, 5, doc.fit(layout.subtitle), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in layout.sections:
        if doc.get_y() > doc.h - 45:  # keep a heading with what follows it
            doc.add_page()
        doc.ln(3)
        doc.set_font(doc.face, "B", 11.5)
        doc.multi_cell(0, 6, doc.fit(section.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.set_draw_color(150)
        doc.line(doc.l_margin, doc.get_y(), doc.w - doc.r_margin, doc.get_y())
        doc.set_draw_color(0)
        doc.ln(1.5)
        for block in section.blocks:
            if isinstance(block, Fields):
                _fields(doc, block)
            elif isinstance(block, Table):
                _table(doc, block)
            else:
                _para(doc, block)
    doc.ln(4)
    _footer_lines(doc, layout.footer)
    return bytes(doc.output())


def _footer_lines(doc: _Doc, lines: Sequence[str]) -> None:
    doc.set_font(doc.face, "", 8)
    doc.set_text_color(70)
    for line in lines:
        doc.multi_cell(0, 4, doc.fit(line), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_text_color(0)
