"""The classification engine: an item spec against a rule set, criterion by criterion.

:func:`classify` is pure: it reads nothing and writes nothing; the same item and rules give the
same answer. Conditions are evaluated in three-valued logic (met, not met, unknown) by
:mod:`~exportctl.classification.logic`: a parameter the spec does not give makes a criterion
*unknown*, and an entry decided by an unknown criterion becomes a ``review`` note naming the
missing fields, never a guess. An exclusion note that cannot be established does not exclude;
it becomes a ``caveat``.

The pieces, in the order they run: :mod:`~exportctl.classification.walker` (one entry,
paragraph by paragraph), :mod:`~exportctl.classification.merging` (per list, precedence,
merging equal outcomes), :mod:`~exportctl.classification.assembly` (the result), and
:mod:`~exportctl.classification.derived` (related software and technology, components,
part-of); this module adds the what-if comparison and a part's machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from exportctl.classification.assembly import assemble
from exportctl.classification.derived import (
    all_codes,
    component_classifications,
    part_of_relevance,
    related_controls,
)
from exportctl.classification.facts import Facts, build_facts
from exportctl.classification.items import apply_variations, parse_variations
from exportctl.classification.jurisdictions import jurisdictions_for
from exportctl.classification.ruleset import RuleSet
from exportctl.errors import InvalidInput
from exportctl.model.classification import (
    Classification,
    JurisdictionFilter,
    Note,
    NoteKind,
    WhatIf,
)
from exportctl.model.item import ItemSpec

__all__ = ["classify", "jurisdictions_for"]


def classify(
    item: ItemSpec,
    rules: RuleSet,
    jurisdiction: JurisdictionFilter | str = JurisdictionFilter.ALL,
    *,
    parent: ItemSpec | None = None,
    vary: Mapping[str, Any] | Sequence[str] | None = None,
) -> Classification:
    """Classify ``item`` against ``rules`` for ``jurisdiction`` (eu, us, wassenaar or all).

    Args:
        item: the item spec.
        rules: the rule set (:meth:`RuleSet.load`).
        jurisdiction: which lists to evaluate.
        parent: for a part (``part_of``), the machine it serves; its classification is reported
            in ``part_of`` and its codes are facts for the part's own entries (2B998).
        vary: what-if changes, ``{"axes.simultaneous_contouring": 5}`` or
            ``["axes.simultaneous_contouring=5"]``; the result is the varied item's, with
            ``what_if`` comparing it to the item as specified.

    Raises:
        InvalidInput: a quantity with no or the wrong unit, a bad jurisdiction or variation.
    """
    jurisdictions_for(jurisdiction)  # validates, raising InvalidInput for an unknown name
    j = JurisdictionFilter(jurisdiction)
    if vary:
        changes = parse_variations(vary) if not isinstance(vary, Mapping) else dict(vary)
        baseline = classify(item, rules, j, parent=parent)
        varied = classify(apply_variations(item, changes), rules, j, parent=parent)
        base_codes, new_codes = baseline.codes(), varied.codes()
        what_if = WhatIf(
            changes={k: str(v) for k, v in changes.items()},
            baseline_codes=base_codes,
            varied_codes=new_codes,
            added=[c for c in new_codes if c not in base_codes],
            removed=[c for c in base_codes if c not in new_codes],
            baseline_status=baseline.status,
            varied_status=varied.status,
        )
        note = Note(
            kind=NoteKind.INFO,
            text="what-if: this classifies the item with "
            + ", ".join(f"{k} = {v}" for k, v in what_if.changes.items())
            + ", not the item as specified",
        )
        return varied.model_copy(update={"what_if": what_if, "notes": [note, *varied.notes]})
    parent_cls: Classification | None = None
    parent_facts: Facts | None = None
    if item.part_of is not None and parent is not None:
        if parent.id != item.part_of:
            raise InvalidInput(
                f"{item.id}: part_of is {item.part_of!r} but the parent given is {parent.id!r}",
                code="parent_mismatch",
                errors={"part_of": item.part_of},
            )
        parent_cls = classify(parent, rules, j)
        parent_facts = build_facts(parent)
    codes, reasons = all_codes(parent_cls) if parent_cls is not None else ([], [])
    facts = build_facts(item, parent=parent_facts, parent_codes=codes, parent_reasons=reasons)
    cls = assemble(item, facts, rules, j, None)
    update: dict[str, Any] = {
        "related": related_controls(item, cls, rules, j),
        "components": component_classifications(item, facts, rules, j, all_codes(cls)[0]),
    }
    if item.part_of is not None:
        update["part_of"] = part_of_relevance(item, cls, parent_cls, rules)
    return cls.model_copy(update=update)
