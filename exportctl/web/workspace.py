"""Uploaded files, kept so that "open a case" re-reads exactly what the user saw assessed.

An upload (a transaction with the item files it refers to, an alert document) is written to
``$EXPORTCTL_HOME/web-uploads/<id>/`` where ``id`` is a hash of the files' names and bytes:
the library's readers take paths, and ``{ref: FILE}`` items resolve inside that folder only.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from exportctl import InvalidInput

__all__ = ["Workspace", "safe_name"]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
_ID = re.compile(r"[0-9a-f]{32}")


def safe_name(name: str) -> str:
    """The base name of an uploaded file, refused unless plain (no path, no leading dot)."""
    base = Path(name.replace("\\", "/")).name
    if not _NAME.fullmatch(base):
        raise InvalidInput(
            f"file name {name!r}: use letters, digits, '.', '_' and '-' only",
            code="invalid_input",
        )
    return base


class Workspace:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save(self, files: list[tuple[str, bytes]]) -> str:
        """Store the files together; returns the workspace id."""
        digest = hashlib.sha256()
        named = [(safe_name(n), data) for n, data in files]
        for name, data in named:
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        wid = digest.hexdigest()[:32]
        target = self.folder / wid
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
        for name, data in named:
            (target / name).write_bytes(data)
        return wid

    def path(self, wid: str, name: str) -> Path:
        """A stored file; InvalidInput when the id or name is not one this class made."""
        if not _ID.fullmatch(wid):
            raise InvalidInput("unknown upload", code="invalid_input")
        path = self.folder / wid / safe_name(name)
        if not path.is_file():
            raise InvalidInput("the uploaded file is gone; upload it again", code="invalid_input")
        return path
