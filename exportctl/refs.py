"""Confinement of file references (``{ref: FILE}`` item specs) and bounded reading of them.

A transaction or item file may name other files. Those names come from the file's author,
who is not necessarily the person running exportctl (a transaction received from a
customer, a file from a shared folder), so a reference may only reach:

- files inside the folder of the file that names it, or inside a folder the operator allows
  on the command line (``--allow-ref-dir``), after symbolic links are resolved; an absolute
  path or ``../`` that leaves them is refused (``ref_not_allowed``);
- regular files (not ``/dev/zero``, a FIFO or a folder: ``ref_not_file``);
- files up to :data:`MAX_REF_BYTES` (``ref_too_large``), read with that bound even if the
  file grows while it is read.

References that lead to further references are followed :data:`MAX_REF_DEPTH` levels deep at
most (``ref_too_deep``: a file that refers to itself ends there), and YAML nested deeper than
Python can parse is ``too_deep``, never a ``RecursionError``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from exportctl.errors import InvalidInput

__all__ = ["MAX_REF_BYTES", "MAX_REF_DEPTH", "RefPolicy", "load_yaml_text", "read_ref"]

#: The largest file a reference may name (an item spec is a few kilobytes).
MAX_REF_BYTES = 1024 * 1024
#: How many references deep a chain of references may go.
MAX_REF_DEPTH = 8


@dataclass(frozen=True)
class RefPolicy:
    """Where references may point: the referring file's folder plus allowed folders."""

    allowed: tuple[Path, ...] = ()
    max_bytes: int = MAX_REF_BYTES
    max_depth: int = MAX_REF_DEPTH

    @classmethod
    def allowing(cls, folders: Sequence[Path] | None) -> RefPolicy:
        return cls(tuple(Path(f).resolve() for f in folders or ()))

    def roots(self, folder: Path) -> tuple[Path, ...]:
        return (folder.resolve(), *self.allowed)


def _refused(where: str, message: str, *, code: str) -> InvalidInput:
    """The error for a refused ref; ``where`` (when given) prefixes the message."""
    return InvalidInput(
        f"{where}: {message}" if where else message, code=code, errors={where or "ref": message}
    )


def read_ref(
    ref: object, folder: Path, policy: RefPolicy, *, where: str, depth: int = 1
) -> tuple[Path, str]:
    """Resolve ``ref`` (as written in a file in ``folder``) within ``policy``; read it as text.

    Returns the resolved path and its text. ``depth`` is how many references led here.

    Raises:
        InvalidInput: ``ref_not_allowed``, ``ref_not_file``, ``ref_too_large``,
            ``ref_too_deep``, or ``ref_not_found``, each naming ``where``.
    """
    if depth > policy.max_depth:
        raise _refused(
            where,
            f"references nest more than {policy.max_depth} deep (a file that refers to itself?)",
            code="ref_too_deep",
        )
    if not isinstance(ref, str) or not ref.strip() or "\0" in ref:
        raise _refused(where, "a ref must be a file name", code="ref_not_allowed")
    target = (folder / ref).resolve()
    roots = policy.roots(folder)
    if not any(target.is_relative_to(root) for root in roots):
        raise _refused(
            where,
            f"{ref!r} is outside {roots[0]}"
            + (" and the allowed folders" if len(roots) > 1 else "")
            + " (allow a folder with --allow-ref-dir)",
            code="ref_not_allowed",
        )
    try:
        info = os.stat(target)
    except FileNotFoundError:
        raise _refused(where, f"file not found: {target}", code="ref_not_found") from None
    except OSError as exc:
        raise _refused(
            where, f"cannot read {target}: {exc.strerror}", code="ref_not_file"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise _refused(where, f"{target} is not a regular file", code="ref_not_file")
    if info.st_size > policy.max_bytes:
        raise _refused(
            where, f"{target} is larger than {policy.max_bytes} bytes", code="ref_too_large"
        )
    try:
        with target.open("rb") as f:
            raw = f.read(policy.max_bytes + 1)
    except OSError as exc:
        raise _refused(
            where, f"cannot read {target}: {exc.strerror}", code="ref_not_file"
        ) from None
    if len(raw) > policy.max_bytes:
        raise _refused(
            where, f"{target} is larger than {policy.max_bytes} bytes", code="ref_too_large"
        )
    try:
        return target, raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refused(where, f"{target} is not UTF-8 text", code="ref_not_file") from None


def load_yaml_text(text: str, where: str) -> Any:
    """``yaml.safe_load`` whose too-deep nesting is a named error, not a RecursionError.

    Raises:
        InvalidInput: ``too_deep``; yaml.YAMLError propagates for the caller to word.
    """
    try:
        return yaml.safe_load(text)
    except RecursionError:
        raise _refused(where, "YAML nested too deeply to read", code="too_deep") from None
