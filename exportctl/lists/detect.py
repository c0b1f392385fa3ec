"""Find the format of a file or folder of list files."""

from __future__ import annotations

from pathlib import Path

from exportctl.errors import InvalidInput, NotFound
from exportctl.lists.formats import FORMATS, ListFormat

__all__ = ["detect_format", "list_files"]


def list_files(path: Path) -> list[Path]:
    """The files a load reads: the file itself, or the plain files directly in the folder."""
    if not path.exists():
        raise NotFound(f"{path}: no such file or folder", code="path_not_found")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            raise InvalidInput(f"{path}: folder holds no files", code="list_parse_error")
        return files
    return [path]


def detect_format(files: list[Path], origin: Path) -> ListFormat:
    """The first format in ``FORMATS`` that accepts ``files``; InvalidInput if none does."""
    for fmt in FORMATS:
        if fmt.detect(files):
            return fmt
    names = ", ".join(p.name for p in files[:5])
    raise InvalidInput(
        f"{origin}: not a known list format ({names}); known formats: "
        + ", ".join(f.name for f in FORMATS),
        code="unknown_format",
    )
