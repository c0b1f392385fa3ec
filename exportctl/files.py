"""Reading inputs from files: the thin path-taking layer the CLI (and batch jobs) use.

The engine and the domain packages take values: list files found on disk, item specs, a
transaction, a parsed alert document. This module is the one place that turns a path into
those values, so an HTTP adapter can build the same values from request bodies and uploads
(as sqlite-utils keeps ``rows_from_file`` apart from ``insert_all``). Every error names the
file, and the field or line where there is one.

- :func:`read_list_files`: the files of a list edition (a file, or the files of a folder).
- :func:`read_items` / :func:`read_item`: item specs, with ``{ref: FILE}`` resolved beside the
  file; :func:`read_parents`: the machines parts name (``part_of``) found as
  ``<folder>/<part_of>.yaml`` beside the file.
- :func:`read_transaction`: a transaction file, refs resolved.
- :func:`read_alert`: an alert document (bounded read) and the SHA-256 of its bytes.
- From request bodies and uploads (the HTTP API): :func:`items_from_data`,
  :func:`items_from_text`, :func:`transaction_from_data`, :func:`transaction_from_text`,
  :func:`alert_from_bytes` and :func:`uploaded_list_files`. They apply the same validation
  as the path readers; a ``{ref: FILE}`` item is refused (``ref_unavailable``): a request
  has no folder to resolve it from.
- :func:`read_rules`: a classification rules folder.
- :func:`read_control_data`: the control datasets in a folder (``controls update --from``);
  :func:`read_control_catalogue` and :func:`read_us_controls` build the catalogue and the US
  Country Chart lookups from one (``--controls-dir``, tests).
- :func:`write_file_atomic`: the one writer of outputs (report PDFs and HTML): all or nothing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from exportctl.classification import ControlCatalogue, RuleSet, choose_item, parse_items
from exportctl.controls.folder import read_folder
from exportctl.determination import parse_transaction
from exportctl.determination.uscontrols import USControls, us_controls_from_datasets
from exportctl.errors import InvalidInput, NotFound, RuleError
from exportctl.intake import DEFAULT_MAX_BYTES, parse_document
from exportctl.intake.source import load_source
from exportctl.lists.detect import ListFiles, list_files
from exportctl.model.alert import Document
from exportctl.model.controls import DATASETS as CONTROL_DATASETS
from exportctl.model.controls import US_DATASETS, ControlData
from exportctl.model.determination import Transaction
from exportctl.model.item import ItemSpec
from exportctl.refs import RefPolicy, load_yaml_text, read_ref

__all__ = [
    "AlertFile",
    "alert_from_bytes",
    "items_from_data",
    "items_from_text",
    "read_alert",
    "read_control_catalogue",
    "read_control_data",
    "read_item",
    "read_items",
    "read_list_files",
    "read_parents",
    "read_rules",
    "read_transaction",
    "read_us_controls",
    "transaction_from_data",
    "transaction_from_text",
    "uploaded_list_files",
    "write_file_atomic",
]


def read_list_files(path: Path) -> ListFiles:
    """The files of one list edition: ``path`` itself, or the plain files in the folder."""
    return ListFiles(tuple(list_files(path)), str(path))


# -- item specs ---------------------------------------------------------------------------


#: The largest item or transaction file read directly (refs: see exportctl.refs).
MAX_INPUT_BYTES = 4 * 1024 * 1024


def _item_yaml_of(path: Path, text: str) -> Any:
    try:
        return load_yaml_text(text, str(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise InvalidInput(
            f"{path}:{where} not valid YAML ({getattr(exc, 'problem', exc)})",
            code="invalid_item_file",
            errors={str(path): "not valid YAML"},
        ) from None


def _read_item_yaml(path: Path) -> Any:
    if not path.is_file():
        raise NotFound(f"{path}: no such item file", code="item_file_not_found")
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InvalidInput(
                f"{path}: larger than {MAX_INPUT_BYTES} bytes", code="invalid_item_file"
            )
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read ({exc})", code="invalid_item_file") from None
    return _item_yaml_of(path, text)


def _items(path: Path, data: Any, policy: RefPolicy, depth: int) -> dict[str, ItemSpec]:
    def read_ref_item(ref: str) -> ItemSpec:
        target, text = read_ref(
            ref, path.parent, policy, where=f"{path}: ref {ref!r}", depth=depth + 1
        )
        found = _items(target, _item_yaml_of(target, text), policy, depth + 1)
        return choose_item(found, None, source=str(target))

    return parse_items(data, source=str(path), read_ref=read_ref_item)


def read_items(path: Path, ref_dirs: Sequence[Path] = ()) -> dict[str, ItemSpec]:
    """All item specs in a file: one item, a list of items, or a transaction's ``items:``.

    ``{ref: FILE}`` items may name regular files of bounded size inside the file's folder or
    ``ref_dirs`` only, a few refs deep (see :mod:`exportctl.refs`).

    Raises:
        NotFound: the file does not exist.
        InvalidInput: bad YAML, a bad item, two items with the same id, a refused ref.
    """
    return _items(path, _read_item_yaml(path), RefPolicy.allowing(ref_dirs), 0)


def read_item(path: Path, item_id: str | None = None) -> ItemSpec:
    """One item spec from a file; ``item_id`` chooses one from a file holding several.

    Raises:
        NotFound: no such file, or no item ``item_id`` in it.
        InvalidInput: the file holds several items and ``item_id`` is not given, or is invalid.
    """
    return choose_item(read_items(path), item_id, source=str(path))


def read_parents(items: Mapping[str, ItemSpec], folder: Path) -> dict[str, ItemSpec]:
    """The machines that parts in ``items`` serve but ``items`` lacks, from
    ``<folder>/<part_of>.yaml`` where that file exists (absent ones are left out: the
    classification then says so in a review note).

    Raises:
        InvalidInput: such a file exists but is not a valid item spec.
    """
    found: dict[str, ItemSpec] = {}
    for item in items.values():
        name = item.part_of
        if name is None or name in items or name in found:
            continue
        candidate = folder / f"{name}.yaml"
        # only a plain file name beside the item: part_of never reaches another folder
        if Path(name).name == name and candidate.is_file():
            parent = read_items(candidate).get(name)
            if parent is not None:
                found[name] = parent
    return found


def read_rules(folder: Path) -> RuleSet:
    """A classification rules folder (schema-checked)."""
    return RuleSet.load(folder)


# -- transactions -------------------------------------------------------------------------


def _transaction_error(source: str, field: str, message: str) -> InvalidInput:
    return InvalidInput(
        f"{source}: {field}: {message}", code="transaction_invalid", errors={field: message}
    )


def _read_yaml_detail(path: Path) -> Any:
    """Parsed YAML; InvalidInput whose ``detail`` is just the problem (the caller adds where)."""
    try:
        if path.exists() and not path.is_file():
            raise InvalidInput(f"{path} is not a regular file", code="transaction_invalid")
        if path.is_file() and path.stat().st_size > MAX_INPUT_BYTES:
            raise InvalidInput(
                f"{path} is larger than {MAX_INPUT_BYTES} bytes", code="transaction_invalid"
            )
        return load_yaml_text(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:
        raise InvalidInput(f"file not found: {path}", code="transaction_invalid") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}", code="transaction_invalid") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"not valid YAML: {exc}", code="transaction_invalid") from None


def read_transaction(path: Path, ref_dirs: Sequence[Path] = ()) -> Transaction:
    """A transaction YAML file, with ``{ref: FILE}`` item specs read relative to it.

    Refs may name regular files of bounded size inside the file's folder or ``ref_dirs``
    only (see :mod:`exportctl.refs`).

    Raises:
        InvalidInput: the file is missing or malformed, or a ref is refused; the message
            names file and field.
    """
    source = str(path)
    try:
        data = _read_yaml_detail(path)
    except InvalidInput as exc:
        if exc.code == "too_deep":
            raise InvalidInput(f"{source}: {exc.detail}", code="too_deep") from None
        raise _transaction_error(source, "(file)", exc.detail) from None
    policy = RefPolicy.allowing(ref_dirs)

    def read_ref_spec(ref: str) -> Any:
        target, text = read_ref(ref, path.parent, policy, where="")
        try:
            return load_yaml_text(text, str(target))
        except yaml.YAMLError as exc:
            raise InvalidInput(
                f"{target}: not valid YAML: {exc}", code="transaction_invalid"
            ) from None

    return parse_transaction(data, source=source, read_ref=read_ref_spec)


# -- alert documents ----------------------------------------------------------------------


@dataclass(frozen=True)
class AlertFile:
    """An alert document read from a file, and the SHA-256 of the bytes it was read from."""

    document: Document
    sha256: str


def read_alert(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> AlertFile:
    """Read an alert document file (size checked before reading); the format is detected.

    Raises:
        InvalidInput: the file is missing, empty, too large, binary or in no known format.
    """
    source = load_source(path, max_bytes=max_bytes)
    document = parse_document(source.data, source.name, max_bytes=max_bytes)
    return AlertFile(document, hashlib.sha256(source.data).hexdigest())


# -- control data ------------------------------------------------------------------------


def read_control_data(folder: Path, datasets: Sequence[str] | None = None) -> list[ControlData]:
    """The control datasets in ``folder`` (layout: :mod:`exportctl.controls.folder`), or only
    the named ones.

    Raises:
        NotFound: a dataset name is unknown (``dataset_not_found``); the folder, or every
            wanted control file in it, is missing (``controls_not_found``).
        InvalidInput: a file exists but is not the expected shape (the message names it).
    """
    unknown = sorted(set(datasets or ()) - set(CONTROL_DATASETS))
    if unknown:
        raise NotFound(
            f"unknown control dataset(s): {', '.join(unknown)} "
            f"(known: {', '.join(CONTROL_DATASETS)})",
            code="dataset_not_found",
        )
    if not folder.is_dir():
        raise NotFound(f"{folder}: no such controls folder", code="controls_not_found")
    found = read_folder(folder, tuple(datasets) if datasets is not None else None)
    if not found:
        raise NotFound(
            f"{folder}: no control data files in it (see docs/controls.md)",
            code="controls_not_found",
        )
    return found


def read_control_catalogue(folder: Path) -> ControlCatalogue:
    """The control-list catalogue (CCL, Wassenaar Category 2) from the files in ``folder``."""
    found = {d.dataset: d for d in read_control_data(folder, ("us-ccl", "wassenaar"))}
    return ControlCatalogue.from_data(found.get("us-ccl"), found.get("wassenaar"))


def read_us_controls(folder: Path) -> USControls:
    """The US Country Chart, CCL and Country Groups from ``folder`` (or its ``us/`` child).

    Raises:
        RuleError: the chart or CCL is missing (``us_data_missing``), or a file is not the
            expected shape (``us_data_invalid``).
    """
    root = folder.parent if folder.name == "us" else folder
    try:
        found = read_folder(root, US_DATASETS) if root.is_dir() else []
    except InvalidInput as exc:
        raise RuleError(exc.detail, code="us_data_invalid") from exc
    return us_controls_from_datasets(found, str(folder))


# -- request bodies and uploads -------------------------------------------------------------


def _no_ref(prefix: str) -> Any:
    def refuse(ref: str) -> Any:
        raise InvalidInput(
            f"{prefix}item ref {ref!r}: refs to files cannot be resolved here; send the "
            "item spec inline",
            code="ref_unavailable",
            errors={"ref": ref},
        )

    return refuse


def _yaml_text(text: str, source: str, code: str) -> Any:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
        raise InvalidInput(f"{source}: larger than {MAX_INPUT_BYTES} bytes", code=code)
    try:
        return load_yaml_text(text, source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark is not None else ""
        raise InvalidInput(
            f"{source}:{where} not valid YAML ({getattr(exc, 'problem', exc)})",
            code=code,
            errors={source: "not valid YAML"},
        ) from None


def items_from_data(data: Any, *, source: str = "body") -> dict[str, ItemSpec]:
    """Item specs from parsed YAML or JSON (one item, a list, or ``items:``), as
    :func:`read_items` validates them; refs are refused (``ref_unavailable``)."""
    return parse_items(data, source=source, read_ref=_no_ref(f"{source}: "))


def items_from_text(text: str, *, source: str = "upload") -> dict[str, ItemSpec]:
    """Item specs from YAML text (an upload). Raises InvalidInput (``invalid_item_file``)."""
    return items_from_data(_yaml_text(text, source, "invalid_item_file"), source=source)


def transaction_from_data(data: Any, *, source: str = "body") -> Transaction:
    """A transaction from parsed YAML or JSON, validated as :func:`read_transaction` does
    (errors name the field); ``{ref: FILE}`` items are refused (``ref_unavailable``)."""
    # the transaction parser names the source and the field itself
    return parse_transaction(data, source=source, read_ref=_no_ref(""))


def transaction_from_text(text: str, *, source: str = "upload") -> Transaction:
    """A transaction from YAML text (an upload). Raises InvalidInput (``transaction_invalid``)."""
    return transaction_from_data(_yaml_text(text, source, "transaction_invalid"), source=source)


def alert_from_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> AlertFile:
    """An uploaded alert document (``name``: its file name, the format hint) and the SHA-256
    of its bytes. Raises as :func:`read_alert`."""
    document = parse_document(data, name, max_bytes=max_bytes)
    return AlertFile(document, hashlib.sha256(data).hexdigest())


@contextmanager
def uploaded_list_files(data: bytes, name: str) -> Iterator[ListFiles]:
    """An uploaded list file as the files of one edition: the list parsers stream from
    files, so the bytes are written to a private temporary folder that is removed after.

    ``name`` is reduced to its last path component (an upload names no folder).
    """
    base = Path(name.replace("\\", "/")).name.strip() or "upload"
    if base in {".", ".."} or base.startswith("."):
        base = "upload" + Path(base).suffix
    with tempfile.TemporaryDirectory(prefix="exportctl-upload-") as folder:
        path = Path(folder) / base
        path.write_bytes(data)
        yield ListFiles((path,), f"upload {base}")


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename:
    readers see the old file or the whole new one, and a failure leaves no partial file.

    Raises InvalidInput (``output_unwritable``) when the folder is missing or not writable.
    """
    path = Path(path)
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InvalidInput(
            f"cannot write {path}: {exc.strerror or exc}", code="output_unwritable"
        ) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InvalidInput(
                f"cannot write {path}: {exc.strerror or exc}", code="output_unwritable"
            ) from None
        raise
