"""Which TrueType font the PDF uses (found here without importing fpdf2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["FONT_CANDIDATES", "PdfFont", "find_font"]

#: Where Unicode fonts live on common systems: (regular, bold).
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)


@dataclass(frozen=True)
class PdfFont:
    """A TrueType font for the PDF; ``bold`` defaults to the regular file."""

    regular: Path
    bold: Path | None = None


def find_font() -> PdfFont | None:
    """The first Unicode font of :data:`FONT_CANDIDATES` present here, or None."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file():
            return PdfFont(Path(regular), Path(bold) if Path(bold).is_file() else None)
    return None
