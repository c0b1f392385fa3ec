"""Facts: an item spec turned into values the rules can test.

:func:`build_facts` parses every quantity (raising :class:`InvalidInput` naming the field) and
adds *derived* facts, each only where it follows from what the spec states (never a guess):

- ``machining``: the main ``type`` plus ``capabilities`` (2B001 Note 3: a machine with turning
  and milling capability is evaluated against each applicable paragraph).
- ``axes.contouring_rotary``: the rotary axes that contour, when the count is determined (no
  rotary axes, or every axis takes part in simultaneous contouring).
- ``spindle.tilting`` for a part of kind ``tilting_spindle``; ``spindle.contouring`` when a
  tilting spindle sits on a machine whose every axis contours (a tilting spindle counts as a
  rotary axis, Wassenaar 2.B. Technical Note 4).
- ``axis_names``: lower-case names of all axes (the grinder notes ask about z, w, x and c).
- ``for_machine_tool``, ``for_codes``, ``designed_for``, ``parent.codes``: for parts, from
  ``part_of`` and the parent machine's classification.

:data:`FACTS` describes every path a rule may name; the rules loader rejects others.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel

from exportctl.classification.units import (
    Quantity,
    base_magnitude,
    format_quantity,
    parse_quantity,
)
from exportctl.model.item import (
    ItemCategory,
    ItemSpec,
    PartKind,
    SpindleSpec,
    quantity_dimension,
)

__all__ = [
    "FACTS",
    "FactInfo",
    "Facts",
    "QValue",
    "build_facts",
    "check_quantities",
    "describe_fact",
    "path_text",
]


@dataclass(frozen=True)
class FactInfo:
    """What a fact path holds: ``kind`` is quantity, bool, int, str, list or models."""

    kind: str
    dimension: str | None = None
    element: type[BaseModel] | None = None  # for kind "models": the element model


@dataclass(frozen=True)
class QValue:
    """A parsed quantity with the text the user wrote, its display and SI magnitude.

    The display and the SI magnitude are computed once: pint formatting and conversion are
    slow, and the engine compares each value against many thresholds.
    """

    raw: str
    q: Quantity
    shown: str
    base: float

    @classmethod
    def of(cls, raw: str, q: Quantity) -> QValue:
        return cls(raw, q, format_quantity(q), base_magnitude(q))

    def __str__(self) -> str:
        return self.shown


@dataclass
class Facts:
    """The item's values as a tree (dicts and lists), plus how derived values came about."""

    item_id: str
    tree: dict[str, Any]
    derivations: list[tuple[str, str]] = field(default_factory=list)
    assumptions: list[tuple[str, str]] = field(default_factory=list)

    def get(self, path: str, base: Mapping[str, Any] | None = None) -> Any:
        """The value at a dotted path (relative to ``base`` when given); None when absent."""
        node: Any = self.tree if base is None else base
        for part in path.split("."):
            if not isinstance(node, Mapping):
                return None
            node = node.get(part)
        return node


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip ``X | None``; return (inner annotation, is_list)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is list:
        inner = _unwrap(typing.get_args(annotation)[0])[0]
        return inner, True
    return annotation, False


def _describe_model(model: type[BaseModel], prefix: str, out: dict[str, FactInfo]) -> None:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        inner, is_list = _unwrap(info.annotation)
        dim = quantity_dimension(model, name)
        if dim is not None:
            out[path] = FactInfo("quantity", dimension=dim)
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            if is_list:
                out[path] = FactInfo("models", element=inner)
            else:
                _describe_model(inner, f"{path}.", out)
        elif is_list:
            out[path] = FactInfo("list")
        elif inner is bool:
            out[path] = FactInfo("bool")
        elif inner is int:
            out[path] = FactInfo("int")
        else:
            out[path] = FactInfo("str")


def _registry() -> dict[str, FactInfo]:
    out: dict[str, FactInfo] = {}
    _describe_model(ItemSpec, "", out)
    out.update(
        {
            "machining": FactInfo("list"),
            "axis_names": FactInfo("list"),
            "for_machine_tool": FactInfo("bool"),
            "for_codes": FactInfo("list"),
            "parent.id": FactInfo("str"),
            "parent.codes": FactInfo("list"),
            "parent.reasons": FactInfo("list"),
        }
    )
    return out


FACTS: dict[str, FactInfo] = _registry()


@cache
def _element_facts(element: type[BaseModel]) -> dict[str, FactInfo]:
    sub: dict[str, FactInfo] = {}
    _describe_model(element, "", sub)
    return sub


def describe_fact(path: str, element: type[BaseModel] | None = None) -> FactInfo | None:
    """The description of a fact path, at the top level or inside a list element model."""
    if element is None:
        return FACTS.get(path)
    return _element_facts(element).get(path)


def path_text(loc: Sequence[str | int]) -> str:
    """``("linear_axes", 0, "travel")`` -> ``linear_axes[0].travel``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _convert(model: type[BaseModel], data: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Replace quantity strings by QValues (parsing them) and enums by their values."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = data.get(name)
        path = f"{prefix}{name}"
        dim = quantity_dimension(model, name)
        inner, is_list = _unwrap(info.annotation)
        if value is None:
            out[name] = None
        elif dim is not None:
            out[name] = QValue.of(value, parse_quantity(value, dim, field=path))
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            if is_list:
                out[name] = [_convert(inner, v, f"{path}[{i}].") for i, v in enumerate(value)]
            else:
                out[name] = _convert(inner, value, f"{path}.")
        elif is_list:
            out[name] = [v.value if isinstance(v, Enum) else v for v in value]
        else:
            out[name] = value.value if isinstance(value, Enum) else value
    return out


def _derive_axes(tree: dict[str, Any], facts: Facts) -> None:
    axes = tree.get("axes")
    if not isinstance(axes, dict):
        return
    linear, rotary, sim = (
        axes.get("linear"),
        axes.get("rotary"),
        axes.get("simultaneous_contouring"),
    )
    if axes.get("contouring_rotary") is None:
        if rotary == 0:
            axes["contouring_rotary"] = 0
            facts.derivations.append(
                ("axes.contouring_rotary", "0: the machine has no rotary axis")
            )
        elif (
            linear is not None
            and rotary is not None
            and sim is not None
            and (sim >= linear + rotary)
        ):
            axes["contouring_rotary"] = rotary
            facts.derivations.append(
                (
                    "axes.contouring_rotary",
                    f"{rotary}: all {sim} axes ({linear} linear + {rotary} rotary) are "
                    "coordinated simultaneously for contouring",
                )
            )


def _derive_spindle(tree: dict[str, Any], facts: Facts) -> None:
    spindle = tree.get("spindle")
    if tree.get("part_kind") == PartKind.TILTING_SPINDLE.value:
        if not isinstance(spindle, dict):
            spindle = tree["spindle"] = _convert_empty_spindle()
        if spindle.get("tilting") is None:
            spindle["tilting"] = True
            facts.derivations.append(("spindle.tilting", "true: the part is a tilting spindle"))
    if not isinstance(spindle, dict) or spindle.get("contouring") is not None:
        return
    if spindle.get("tilting") is False:
        spindle["contouring"] = False
        facts.derivations.append(
            ("spindle.contouring", "false: the spindle does not tilt, so it is no contouring axis")
        )
        return
    axes = tree.get("axes") or {}
    linear, rotary, sim = (
        axes.get("linear"),
        axes.get("rotary"),
        axes.get("simultaneous_contouring"),
    )
    if (
        spindle.get("tilting") is True
        and linear is not None
        and rotary is not None
        and sim is not None
        and rotary >= 1
        and sim >= linear + rotary
    ):
        spindle["contouring"] = True
        facts.derivations.append(
            (
                "spindle.contouring",
                "true: the tilting spindle counts as a rotary axis (Wassenaar 2.B. Technical "
                f"Note 4) and all {sim} axes are coordinated simultaneously for contouring",
            )
        )


def _convert_empty_spindle() -> dict[str, Any]:
    return _convert(SpindleSpec, {}, "spindle.")


def _derive_part(tree: dict[str, Any], facts: Facts, parent: Facts | None) -> None:
    is_part = tree.get("category") == ItemCategory.MACHINE_TOOL_PART.value
    if is_part and tree.get("part_kind") is None:
        sections = [
            k for k in ("rotary_table", "feedback", "numerical_control_unit") if tree.get(k)
        ]
        if tree.get("spindle") and not sections:
            tree["part_kind"] = PartKind.SPINDLE.value
            facts.assumptions.append(
                (
                    "part_kind",
                    "part_kind is not given; taken as 'spindle' because the spec describes only "
                    "a spindle. State part_kind (spindle, tilting_spindle, spindle_assembly, ...) "
                    "to confirm.",
                )
            )
    if parent is not None:
        if not tree.get("designed_for") and parent.tree.get("machining"):
            tree["designed_for"] = list(parent.tree["machining"])
            facts.derivations.append(
                ("designed_for", f"{', '.join(tree['designed_for'])}: from the parent machine")
            )
        tree["parent"]["id"] = parent.item_id
    codes = list(tree.get("designed_for_codes") or []) + list(tree["parent"].get("codes") or [])
    tree["for_codes"] = codes
    if tree.get("designed_for") or codes or tree.get("part_of"):
        tree["for_machine_tool"] = True
    else:
        tree["for_machine_tool"] = None


def build_facts(
    item: ItemSpec,
    *,
    parent: Facts | None = None,
    parent_codes: Sequence[str] = (),
    parent_reasons: Sequence[str] = (),
) -> Facts:
    """Parse the item's quantities and derive the facts the rules test.

    Raises:
        InvalidInput: a quantity has no unit or the wrong dimension; ``errors`` maps the field
            path (``linear_axes[0].unidirectional_positioning_repeatability``) to the problem.
    """
    data = item.model_dump(mode="json")
    tree = _convert(ItemSpec, data, "")
    facts = Facts(item.id, tree)
    machining = [v for v in [tree.get("type"), *(tree.get("capabilities") or [])] if v]
    if tree.get("additive_manufacturing"):
        machining.append("additive")
    tree["machining"] = list(dict.fromkeys(machining))
    tree["parent"] = {"id": None, "codes": list(parent_codes), "reasons": list(parent_reasons)}
    _derive_axes(tree, facts)
    _derive_spindle(tree, facts)
    _derive_part(tree, facts, parent)
    tree["axis_names"] = _axis_names(tree)
    return facts


def _axis_names(tree: dict[str, Any]) -> list[str]:
    """All axis names, lower case; empty (unknown) unless every axis is listed with a name.

    The grinder notes ask whether a machine has no z or w axis: only a complete list answers.
    """
    linear = tree.get("linear_axes") or []
    rotary = tree.get("rotary_axes") or []
    counts = tree.get("axes") or {}
    complete = (
        bool(linear)
        and counts.get("linear") in (None, len(linear))
        and counts.get("rotary") == len(rotary)
        and all(a.get("name") for a in [*linear, *rotary])
    )
    return [str(a["name"]).lower() for a in [*linear, *rotary]] if complete else []


def check_quantities(item: ItemSpec) -> None:
    """Parse every quantity of ``item``; raise :class:`InvalidInput` for the first bad one."""
    _convert(ItemSpec, item.model_dump(mode="json"), "")
