"""Derived results: related software and technology, components, the machine a part serves.

Each classifies synthetic item specs (the "use" technology of the item's codes, its spindle
sold as a unit) with :func:`~exportctl.classification.assembly.assemble`, or relates a part to
its machine's classification.
"""

from __future__ import annotations

from exportctl.classification.assembly import assemble
from exportctl.classification.codes import parse_code
from exportctl.classification.facts import Facts, build_facts
from exportctl.classification.merging import merge_notes
from exportctl.classification.ruleset import RuleSet
from exportctl.classification.schema import EntryKind
from exportctl.model.classification import (
    Classification,
    ClassificationStatus,
    ComponentClassification,
    Control,
    JurisdictionFilter,
    Note,
    NoteKind,
    PartOf,
)
from exportctl.model.item import (
    ItemCategory,
    ItemSpec,
    PartKind,
    SoftwareSpec,
    TechnologyPurpose,
    TechnologySpec,
)

__all__ = ["all_codes", "component_classifications", "part_of_relevance", "related_controls"]


def all_codes(cls: Classification) -> tuple[list[str], list[str]]:
    codes = list(dict.fromkeys(c.code for c in cls.controls))
    reasons = list(dict.fromkeys(r for c in cls.controls for r in c.reasons_for_control))
    return codes, reasons


def related_controls(
    item: ItemSpec,
    cls: Classification,
    rules: RuleSet,
    jurisdiction: JurisdictionFilter,
) -> list[Control]:
    """Software and technology entries for the item's codes ("use" includes repair)."""
    codes, reasons = all_codes(cls)
    if not codes:
        return []
    entries = ", ".join(dict.fromkeys(parse_code(c).entry for c in codes))
    sim = item.axes.simultaneous_contouring if item.axes is not None else None
    # The NC software that makes the machine contour is what its "use" needs (2D002); the
    # development and production software is 2D001.a's concern.
    nc = True if item.numerical_control and sim else None
    out: dict[tuple[str, str, str], Control] = {}
    for purpose in TechnologyPurpose:
        use = purpose is TechnologyPurpose.USE
        synthetic = [
            ItemSpec(
                id=f"{item.id}#technology-{purpose.value}",
                category=ItemCategory.TECHNOLOGY,
                technology=TechnologySpec(purpose=[purpose], for_codes=codes, for_reasons=reasons),
            ),
            ItemSpec(
                id=f"{item.id}#software-{purpose.value}",
                category=ItemCategory.SOFTWARE,
                software=SoftwareSpec(
                    purpose=[purpose],
                    for_codes=codes,
                    numerical_control=nc if use else False,
                    contouring_axes=sim if use and nc else None,
                ),
            ),
        ]
        for syn in synthetic:
            kind = "technology" if syn.technology is not None else "software"
            res = assemble(
                syn,
                build_facts(syn),
                rules,
                jurisdiction,
                {EntryKind.TECHNOLOGY, EntryKind.SOFTWARE},
            )
            for c in res.controls:
                if not c.primary:
                    continue
                title = f'"{purpose.value}" {kind} for {entries}: {c.title}'
                out.setdefault(
                    (c.code, purpose.value, ",".join(c.jurisdictions)),
                    c.model_copy(update={"title": title, "purpose": purpose}),
                )
    return list(out.values())


def component_classifications(
    item: ItemSpec,
    facts: Facts,
    rules: RuleSet,
    jurisdiction: JurisdictionFilter,
    machine_codes: list[str],
) -> list[ComponentClassification]:
    """A machine's spindle or rotary table, classified as if it were sold as a unit."""
    if item.category is not ItemCategory.MACHINE_TOOL:
        return []
    machining = list(facts.tree.get("machining") or [])
    parts: list[tuple[str, ItemSpec]] = []
    spindle = facts.tree.get("spindle")
    if item.spindle is not None and isinstance(spindle, dict):
        kind = PartKind.TILTING_SPINDLE if spindle.get("tilting") else PartKind.SPINDLE
        spec = item.spindle.model_copy(update={"contouring": spindle.get("contouring")})
        parts.append(
            (
                "spindle",
                ItemSpec(
                    id=f"{item.id}#spindle",
                    category=ItemCategory.MACHINE_TOOL_PART,
                    part_kind=kind,
                    spindle=spec,
                    designed_for=machining,
                    designed_for_codes=machine_codes,
                    part_of=item.id,
                ),
            )
        )
    if item.rotary_table is not None:
        parts.append(
            (
                "rotary_table",
                ItemSpec(
                    id=f"{item.id}#rotary-table",
                    category=ItemCategory.MACHINE_TOOL_PART,
                    part_kind=PartKind.COMPOUND_ROTARY_TABLE,
                    rotary_table=item.rotary_table,
                    designed_for=machining,
                    designed_for_codes=machine_codes,
                    part_of=item.id,
                ),
            )
        )
    separate_unit = rules.guidance.texts.separate_unit.text
    out: list[ComponentClassification] = []
    for name, part in parts:
        res = assemble(part, build_facts(part), rules, jurisdiction, {EntryKind.COMPONENT})
        # Undecided components matter only on a controlled machine (a spare for it is what
        # gets asked about); elsewhere they would be noise.
        if res.controls or (res.status is ClassificationStatus.REVIEW and machine_codes):
            out.append(
                ComponentClassification(
                    component=name,
                    condition=f"the {name.replace('_', ' ')} is listed {separate_unit}",
                    controls=res.controls,
                    notes=[n for n in res.notes if n.kind is not NoteKind.INFO],
                )
            )
    return out


def part_of_relevance(
    item: ItemSpec,
    cls: Classification,
    parent_cls: Classification | None,
    rules: RuleSet,
) -> PartOf:
    """How a part relates to the machine it serves (the legal pointers are rule data)."""
    assert item.part_of is not None
    listed: bool | None
    if cls.codes():
        listed = True
    elif cls.status is ClassificationStatus.REVIEW:
        listed = None
    else:
        listed = False
    if parent_cls is None:
        return PartOf(
            item=item.part_of,
            found=False,
            part_listed=listed,
            relevance=[
                Note(
                    kind=NoteKind.REVIEW,
                    missing=["part_of"],
                    text=f"the parent machine {item.part_of!r} was not provided; classify the part "
                    "together with it (a transaction file with both items) to see its controls",
                ),
            ],
        )
    codes = parent_cls.codes()
    relevance: list[Note] = []
    if codes:
        by_j = "; ".join(
            f"{r.jurisdiction}: {', '.join(r.codes) or '-'}" for r in parent_cls.by_jurisdiction
        )
        relevance.append(
            Note(
                kind=NoteKind.INFO,
                code=", ".join(codes),
                text=f"the machine this part serves ({parent_cls.item}) is controlled ({by_j})",
            )
        )
    else:
        relevance.append(
            Note(
                kind=NoteKind.INFO,
                text=f"the machine this part serves "
                f"({parent_cls.item}) is {parent_cls.status.value.replace('_', ' ')} "
                "under the rule set",
            )
        )
    texts = rules.guidance.texts
    part_rule = texts.part_rule
    relevance.append(Note(kind=NoteKind.INFO, text=part_rule.text, citation=part_rule.citation))
    for c in parent_cls.related:
        title = c.title or c.code
        if c.purpose is TechnologyPurpose.USE:
            text = (
                f"repair, installation and maintenance of {parent_cls.item} (technicians, "
                f'manuals, advice) are "use": {c.code} controls such technology '
                f"or software ({title}); {texts.use_definition.text}"
            )
        else:
            text = title
        relevance.append(
            Note(
                kind=NoteKind.INFO,
                code=c.code,
                jurisdictions=c.jurisdictions,
                citation=c.citation,
                text=text,
            )
        )
    if listed is not True:
        catch_all = texts.catch_all
        relevance.append(Note(kind=NoteKind.INFO, text=catch_all.text, citation=catch_all.citation))
    return PartOf(
        item=item.part_of,
        found=True,
        controls=codes,
        part_listed=listed,
        relevance=merge_notes(relevance),
        classification=parent_cls,
    )
