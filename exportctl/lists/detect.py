"""Find the format of a file or folder of list files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exportctl.errors import InvalidInput, NotFound
from exportctl.lists.formats import FORMATS, ListFormat

__all__ = ["ListFiles", "detect_format", "list_files"]


@dataclass(frozen=True)
class ListFiles:
    """The files of one list edition, as found on disk, and where they came from.

    The list parsers stream from files (editions run to hundreds of megabytes), so a load takes
    the files rather than their bytes; an upload is written to a temporary folder first.
    """

    files: tuple[Path, ...]
    origin: str  # the file, folder or URL the edition was read from (recorded with the version)


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
