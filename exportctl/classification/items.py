"""Item specs from parsed YAML, and the what-if variations of ``--vary PATH=VALUE``.

An item file holds one item (``id: ...`` at the top). A transaction file holds several under
``items:`` (each an inline spec or ``{ref: FILE}``); :func:`parse_items` reads both, and
:mod:`exportctl.files` reads the file (and resolves refs relative to it). Every error names
the file and the field (``dmc.yaml: linear_axes[0].travel: ...``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import yaml
from pydantic import ValidationError

from exportctl.classification.facts import check_quantities, path_text
from exportctl.errors import InvalidInput, NotFound
from exportctl.model.item import ItemSpec

__all__ = [
    "apply_variations",
    "check_item",
    "choose_item",
    "find_parent",
    "parse_item",
    "parse_items",
    "parse_variations",
]


def parse_item(data: Any, *, source: str = "item") -> ItemSpec:
    """Validate a mapping as an :class:`ItemSpec` and check every quantity's unit.

    Raises:
        InvalidInput: ``detail`` is ``"<source>: <field>: <problem>"``; ``errors`` maps every
            bad field path to its problem.
    """
    if not isinstance(data, Mapping):
        raise InvalidInput(
            f"{source}: an item spec must be a mapping of fields (id, category, ...)",
            code="invalid_item",
        )
    try:
        item = ItemSpec.model_validate(dict(data))
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            field = path_text([p for p in err["loc"] if isinstance(p, str | int)]) or "item"
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown field (check the spelling; see docs/classification.md)"
            errors.setdefault(field, msg)
        field, msg = next(iter(errors.items()))
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InvalidInput(
            f"{source}: {field}: {msg}{more}",
            code="invalid_item",
            errors={f"{source}:{k}": v for k, v in errors.items()},
        ) from None
    check_item(item, source=source)
    return item


def check_item(item: ItemSpec, *, source: str = "item") -> None:
    """Check every quantity of a validated item spec has a unit of the right dimension.

    Raises:
        InvalidInput: ``detail`` is ``"<source>: <field>: <problem>"``.
    """
    try:
        check_quantities(item)
    except InvalidInput as exc:
        raise InvalidInput(
            f"{source}: {exc.detail}",
            code=exc.code,
            errors={f"{source}:{k}": v for k, v in exc.errors.items()},
        ) from None


def parse_items(
    data: Any, *, source: str, read_ref: Callable[[str], ItemSpec] | None = None
) -> dict[str, ItemSpec]:
    """All item specs in parsed YAML: one item, a list of items, or a transaction's ``items:``.

    ``source`` names the input in messages (the file). ``read_ref`` resolves an item written as
    ``{ref: FILE}`` (the file-reading adapter supplies it; without one a ref is an error).

    Raises:
        InvalidInput: a bad item, or two items with the same id.
    """
    raw_items: Iterable[tuple[str, Any]]
    # An item spec has no "items" field, so a mapping with one is a transaction or a catalogue.
    if isinstance(data, Mapping) and "items" in data:
        block = data["items"]
        if not isinstance(block, Mapping | list):
            raise InvalidInput(
                f"{source}: items: expected a mapping of id -> item or a list of items",
                code="invalid_item_file",
            )
        if isinstance(block, Mapping):
            raw_items = ((f"items.{k}", v) for k, v in block.items())
        else:
            raw_items = ((f"items[{i}]", v) for i, v in enumerate(block))
    elif isinstance(data, list):
        raw_items = ((f"[{i}]", v) for i, v in enumerate(data))
    else:
        return {(item := parse_item(data, source=source)).id: item}
    out: dict[str, ItemSpec] = {}
    for where, raw in raw_items:
        if isinstance(raw, Mapping) and set(raw) == {"ref"}:
            if read_ref is None:
                raise InvalidInput(
                    f"{source}: {where}: an item given by ref needs a file to resolve it from",
                    code="invalid_item_file",
                )
            item = read_ref(str(raw["ref"]))
        else:
            item = parse_item(raw, source=f"{source}: {where}")
        if item.id in out:
            raise InvalidInput(
                f"{source}: {where}: duplicate item id {item.id!r}", code="invalid_item_file"
            )
        out[item.id] = item
    return out


def choose_item(items: Mapping[str, ItemSpec], item_id: str | None, *, source: str) -> ItemSpec:
    """One item of several: ``item_id``, or the only one.

    Raises:
        NotFound: no item ``item_id``.
        InvalidInput: several items and no ``item_id``.
    """
    if item_id is not None:
        if item_id not in items:
            raise NotFound(
                f"{source}: no item {item_id!r} (items: {', '.join(items) or 'none'})",
                code="item_not_found",
            )
        return items[item_id]
    if len(items) != 1:
        raise InvalidInput(
            f"{source}: holds {len(items)} items ({', '.join(items)}); choose one with --item",
            code="ambiguous_item",
        )
    return next(iter(items.values()))


def find_parent(item: ItemSpec, items: Mapping[str, ItemSpec]) -> ItemSpec | None:
    """The machine a part serves (its ``part_of``) among ``items``; None if no part or absent.

    The caller gathers the candidates (the same file's items, and any the adapter found beside
    the file); classification says in a review note when the machine is missing.
    """
    if item.part_of is None:
        return None
    return items.get(item.part_of)


_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]+\])*)")


def parse_variations(specs: Iterable[str]) -> dict[str, Any]:
    """``["axes.simultaneous_contouring=5", "spindle.tilting=true"]`` -> {path: value}.

    Values are read as YAML scalars (``5`` -> 5, ``true`` -> True, ``1.2 um`` stays text).

    Raises:
        InvalidInput: a spec without ``=`` or with an empty path.
    """
    out: dict[str, Any] = {}
    for spec in specs:
        path, sep, value = spec.partition("=")
        if not sep or not path.strip():
            raise InvalidInput(
                f"--vary {spec!r}: write PATH=VALUE, e.g. axes.simultaneous_contouring=5",
                code="invalid_variation",
                errors={"vary": spec},
            )
        try:
            parsed = yaml.safe_load(value) if value.strip() else None
        except yaml.YAMLError:
            parsed = value
        out[path.strip()] = parsed if isinstance(parsed, str | int | float | bool) else value
    return out


def _set(node: Any, steps: list[tuple[str, list[str]]], value: Any, path: str) -> None:
    """Set ``value`` at ``steps`` in the nested dict/list ``node``, creating mappings."""
    name, indexes = steps[0]
    last = len(steps) == 1

    def bad(why: str) -> InvalidInput:
        return InvalidInput(f"--vary {path}: {why}", code="invalid_variation", errors={path: why})

    if not isinstance(node, dict):
        raise bad(f"{name!r} is inside a value that is not a mapping")
    if not indexes:
        if last:
            node[name] = value
        else:
            child = node.get(name)
            if child is None:
                child = node[name] = {}
            _set(child, steps[1:], value, path)
        return
    seq = node.get(name)
    if not isinstance(seq, list):
        raise bad(f"{name} is not a list in this item")
    targets: list[int] = []
    for key in indexes[:1]:  # one index level: lists of lists do not occur in item specs
        if key == "*":
            targets = list(range(len(seq)))
        elif key.lstrip("-").isdigit():
            idx = int(key)
            if not -len(seq) <= idx < len(seq):
                raise bad(f"{name} has {len(seq)} elements; no [{key}]")
            targets = [idx % len(seq)]
        else:
            targets = [
                i
                for i, el in enumerate(seq)
                if isinstance(el, dict) and str(el.get("name", "")).lower() == key.lower()
            ]
            if not targets:
                raise bad(f"no element of {name} is named {key!r}")
    for idx in targets:
        if last:
            seq[idx] = value
        else:
            _set(seq[idx], steps[1:], value, path)


def apply_variations(item: ItemSpec, variations: Mapping[str, Any]) -> ItemSpec:
    """A copy of ``item`` with each path set to its value, validated again.

    Paths are dotted field names; list elements are chosen by index (``linear_axes[0]``), by
    axis name (``linear_axes[X]``) or all at once (``linear_axes[*]``).

    Raises:
        InvalidInput: a path that does not fit the item, or a value the field does not accept
            (the message names the path).
    """
    data = item.model_dump(mode="json", exclude_none=True)
    for path, value in variations.items():
        steps: list[tuple[str, list[str]]] = []
        for part in path.split("."):
            m = _STEP.fullmatch(part)
            if m is None:
                raise InvalidInput(
                    f"--vary {path}: {part!r} is not a field name",
                    code="invalid_variation",
                    errors={path: "bad path"},
                )
            steps.append((m.group(1), re.findall(r"\[([^\]]+)\]", m.group(2))))
        _set(data, steps, value, path)
    return parse_item(data, source="--vary")
