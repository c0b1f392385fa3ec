"""A transaction's parsed YAML (``docs/CONTRACTS.md`` "Inputs") as a :class:`Transaction`.

Item specs may be written inline, by id under ``items``, or as ``{ref: FILE}`` with the file
relative to the transaction file (:mod:`exportctl.files` reads the file and the refs). Every
error is an :class:`~exportctl.errors.InvalidInput` whose message names the file and the field
(``lines[1].item: unknown item 'x'``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from exportctl.errors import InvalidInput
from exportctl.model.determination import Transaction
from exportctl.text.countries import to_iso2

__all__ = ["RefReader", "parse_transaction"]


def _loc(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _fail(source: str, field: str, message: str) -> InvalidInput:
    return InvalidInput(
        f"{source}: {field}: {message}", code="transaction_invalid", errors={field: message}
    )


def _country(value: Any, source: str, field: str) -> str | None:
    """An ISO 3166-1 alpha-2 code from a code or a country name."""
    if value is False:  # YAML 1.1 reads an unquoted NO (Norway) as false
        return "NO"
    if value is None or value == "":
        return None
    text = str(value).strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    code = to_iso2(text)
    if code is None:
        raise _fail(source, field, f"unknown country {text!r} (use ISO 3166-1 alpha-2)")
    return code


#: Resolves an item written as ``{ref: FILE}`` to its parsed YAML. It raises InvalidInput whose
#: ``detail`` says what went wrong (the file is missing, unreadable or not YAML).
RefReader = Callable[[str], Any]


_PARTY_FIELDS = frozenset({"role", "name", "country", "address", "id"})


def _rejoin_flow_commas(value: Mapping[str, Any]) -> dict[str, Any]:
    """Undo YAML splitting an unquoted comma inside a flow mapping.

    ``{name: X, address: Tabriz, Iran}`` parses as ``address: Tabriz`` plus a key ``Iran``
    with no value. A valueless unknown key right after a text field is that field's tail.
    """
    out: dict[str, Any] = {}
    previous: str | None = None
    for key, val in value.items():
        if val is None and key not in _PARTY_FIELDS and previous and isinstance(out[previous], str):
            out[previous] = f"{out[previous]}, {key}"
            continue
        out[key] = val
        previous = key
    return out


def _item_spec(value: Any, key: str, read_ref: RefReader | None, source: str) -> dict[str, Any]:
    field = f"items.{key}"
    if not isinstance(value, Mapping):
        raise _fail(source, field, "must be an item spec or {ref: FILE}")
    if set(value) == {"ref"}:
        ref = str(value["ref"])
        if read_ref is None:
            raise _fail(source, f"{field}.ref", "no file to resolve the ref from")
        try:
            spec = read_ref(ref)
        except InvalidInput as exc:
            # a refused ref keeps its own code (ref_not_allowed, too_deep ...)
            if exc.code.startswith("ref_") or exc.code == "too_deep":
                raise InvalidInput(
                    f"{source}: {field}.ref: {exc.detail}",
                    code=exc.code,
                    errors={f"{field}.ref": exc.detail},
                ) from None
            raise _fail(source, f"{field}.ref", exc.detail) from None
        if not isinstance(spec, Mapping):
            raise _fail(source, f"{field}.ref", f"{ref} does not hold an item spec")
        spec = dict(spec)
    else:
        spec = dict(value)
    spec_id = spec.get("id")
    if spec_id is not None and str(spec_id) != key:
        raise _fail(source, f"{field}.id", f"id {spec_id!r} differs from its key {key!r}")
    spec["id"] = key
    return spec


def parse_transaction(data: Any, *, source: str, read_ref: RefReader | None = None) -> Transaction:
    """Build a Transaction from parsed YAML; ``read_ref`` resolves ``{ref: FILE}`` item specs.

    Raises:
        InvalidInput: a missing or wrong field, an unknown item or country, an unreadable ref.
    """
    if not isinstance(data, Mapping):
        raise _fail(source, "(root)", "a transaction must be a mapping")
    raw = dict(data)
    items: dict[str, dict[str, Any]] = {}
    raw_items = raw.get("items") or {}
    if isinstance(raw_items, list):  # a list of specs, each with its id
        as_map: dict[str, Any] = {}
        for i, spec in enumerate(raw_items):
            if not isinstance(spec, Mapping) or not spec.get("id"):
                raise _fail(source, f"items[{i}]", "a listed item spec needs an id")
            as_map[str(spec["id"])] = spec
        raw_items = as_map
    if not isinstance(raw_items, Mapping):
        raise _fail(source, "items", "must map item ids to specs")
    for key, value in raw_items.items():
        items[str(key)] = _item_spec(value, str(key), read_ref, source)

    lines: list[dict[str, Any]] = []
    raw_lines = raw.get("lines")
    if not isinstance(raw_lines, list) or not raw_lines:
        raise _fail(source, "lines", "a transaction needs at least one line")
    for i, line in enumerate(raw_lines):
        if not isinstance(line, Mapping):
            raise _fail(source, f"lines[{i}]", "must be a mapping")
        entry = dict(line)
        item = entry.get("item")
        if isinstance(item, Mapping):  # an inline item spec
            key = str(item.get("id") or f"{raw.get('id', 'transaction')}-line{i}")
            if key in items:
                raise _fail(source, f"lines[{i}].item.id", f"item {key!r} is defined twice")
            items[key] = _item_spec(item, key, read_ref, source)
            entry["item"] = key
        elif item is None:
            raise _fail(source, f"lines[{i}].item", "missing")
        elif str(item) not in items:
            raise _fail(source, f"lines[{i}].item", f"unknown item {item!r}")
        else:
            entry["item"] = str(item)
        if "value" in entry and entry["value"] is not None:
            entry["value"] = str(entry["value"])
        lines.append(entry)
    raw["lines"] = lines
    raw["items"] = items

    for key, spec in items.items():  # a part's machine must be one of the items
        parent = spec.get("part_of")
        if parent is not None and str(parent) not in items:
            raise _fail(source, f"items.{key}.part_of", f"unknown item {parent!r}")
        if spec.get("origin") is not None:
            spec["origin"] = _country(spec["origin"], source, f"items.{key}.origin")

    raw["destination"] = _country(raw.get("destination"), source, "destination")
    raw["ship_from"] = _country(raw.get("ship_from"), source, "ship_from")
    exporter = raw.get("exporter")
    if isinstance(exporter, Mapping):
        exporter = _rejoin_flow_commas(exporter)
        raw["exporter"] = {
            **exporter,
            "country": _country(exporter.get("country"), source, "exporter.country"),
        }
    parties = raw.get("parties") or []
    if isinstance(parties, list):
        raw["parties"] = [
            {
                **_rejoin_flow_commas(p),
                "country": _country(p.get("country"), source, f"parties[{i}].country"),
            }
            if isinstance(p, Mapping)
            else p
            for i, p in enumerate(parties)
        ]
    raw["source"] = source
    try:
        return Transaction.model_validate(raw)
    except ValidationError as exc:
        errors = {_loc(e["loc"]): e["msg"] for e in exc.errors()}
        field, message = next(iter(errors.items()))
        raise InvalidInput(
            f"{source}: {field}: {message}", code="transaction_invalid", errors=errors
        ) from exc
