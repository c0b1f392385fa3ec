"""Result assembly: evaluated entries -> a :class:`Classification` (controls, notes, status)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from exportctl.classification.codes import parse_code
from exportctl.classification.facts import Facts
from exportctl.classification.jurisdictions import jurisdictions_for
from exportctl.classification.merging import (
    evaluate_rules,
    merge_controls,
    merge_failed,
    merge_notes,
)
from exportctl.classification.ruleset import RuleSet
from exportctl.classification.schema import ConsistencyCheck, EntryKind, GuidanceChecks
from exportctl.classification.walker import fmt_missing
from exportctl.model.classification import (
    Classification,
    ClassificationStatus,
    Control,
    JurisdictionFilter,
    JurisdictionResult,
    NotControlled,
    Note,
    NoteKind,
)
from exportctl.model.item import ItemSpec

__all__ = ["assemble", "consistency_notes"]


def assemble(
    item: ItemSpec,
    facts: Facts,
    rules: RuleSet,
    jurisdiction: JurisdictionFilter,
    kinds: set[EntryKind] | None,
) -> Classification:
    jurisdictions = jurisdictions_for(jurisdiction)
    results = evaluate_rules(facts, rules, jurisdictions, kinds)
    matches = [m for r in results for m in r.matched]
    merged = merge_controls(matches)
    controls: list[Control] = []
    superseded: list[Control] = []
    notes: list[Note] = []
    for control, ms in merged:
        m = ms[0]
        prec = m.rule.rule.precedence
        if not control.primary and prec is not None and not prec.report_when_superseded:
            superseded.append(control)
            continue
        controls.append(control)
        js = control.jurisdictions
        if not control.primary and prec is not None:
            notes.append(
                Note(
                    kind=NoteKind.INFO,
                    code=control.code,
                    jurisdictions=js,
                    citation=prec.citation,
                    text=f"{control.code} is met, but {prec.text}: the item is "
                    f"{', '.join(control.superseded_by)} there.",
                )
            )
        for ex, out in m.pending:
            notes.append(
                Note(
                    kind=NoteKind.CAVEAT,
                    code=control.code,
                    jurisdictions=js,
                    citation=ex.citation,
                    missing=sorted(set(out.missing)),
                    text=f"{ex.id} would take the item out of {control.code} ({ex.text}); "
                    f"not established, not given: {fmt_missing(out.missing)}",
                )
            )
        for x in ms:
            for text in x.reason_caveats:
                notes.append(
                    Note(kind=NoteKind.CAVEAT, code=control.code, text=text, jurisdictions=["us"])
                )
        for text in dict.fromkeys(m.caveats):
            notes.append(Note(kind=NoteKind.CAVEAT, code=control.code, text=text, jurisdictions=js))
        for path, text in m.assumptions:
            notes.append(
                Note(
                    kind=NoteKind.ASSUMPTION,
                    code=control.code,
                    text=text,
                    missing=[path],
                    jurisdictions=js,
                )
            )
    # Review: an entry that nothing caught and whose outcome hangs on missing parameters.
    for res in results:
        if res.matched or res.superseded or not res.unknown:
            continue
        codes = ", ".join(dict.fromkeys(parse_code(u.paragraph.code).eccn for u in res.unknown))
        missing = [p for u in res.unknown for p in u.missing]
        notes.append(
            Note(
                kind=NoteKind.REVIEW,
                code=res.rule.rule.entry,
                jurisdictions=[res.jurisdiction],
                missing=sorted(dict.fromkeys(re.sub(r"\[\d+\]", "[*]", p) for p in missing)),
                citation=res.rule.rule.citation,
                text=f"cannot decide {codes}: not given: {fmt_missing(missing)}",
            )
        )
    for res in results:
        if res.matched or res.failed or res.unknown:  # entry notes only where the entry bites
            notes += res.info
        if not res.matched:
            for near, text in res.near:
                notes.append(
                    Note(
                        kind=NoteKind.INFO,
                        code=res.rule.rule.entry,
                        text=f"{near.text} — {text}",
                        citation=near.citation,
                        jurisdictions=[res.jurisdiction],
                    )
                )
    failed = merge_failed([f for r in results for f in r.failed])
    not_controlled = [nc for nc, _ in failed]
    primary = [c for c in controls if c.primary]
    closest: list[NotControlled] = []
    if not primary:
        ranked = sorted(
            (x for x in failed if x[0].excluded_by is None),
            key=lambda x: (len(x[0].failed) + 0.5 * len(x[0].unknown), x[1]),
        )
        closest = [nc for nc, _ in ranked[:3]]
    by_j: list[JurisdictionResult] = []
    merged_notes = merge_notes(notes)
    for j in jurisdictions:
        codes_j = [
            (c.regime_code or c.code) if j == "wassenaar" else c.code
            for c in primary
            if j in c.jurisdictions
        ]
        review = any(n.kind is NoteKind.REVIEW and j in n.jurisdictions for n in merged_notes)
        status = (
            ClassificationStatus.CONTROLLED
            if codes_j
            else ClassificationStatus.REVIEW
            if review
            else ClassificationStatus.NOT_CONTROLLED
        )
        by_j.append(JurisdictionResult(jurisdiction=j, status=status, codes=codes_j))
    if primary:
        status = ClassificationStatus.CONTROLLED
    elif any(n.kind is NoteKind.REVIEW for n in merged_notes):
        status = ClassificationStatus.REVIEW
    else:
        status = ClassificationStatus.NOT_CONTROLLED
    derived = [
        Note(kind=NoteKind.INFO, text=f"{path} = {text}", jurisdictions=list(jurisdictions))
        for path, text in facts.derivations
    ] + [
        Note(kind=NoteKind.ASSUMPTION, text=text, missing=[path], jurisdictions=list(jurisdictions))
        for path, text in facts.assumptions
    ]
    not_applicable = list(dict.fromkeys(c for r in results for c in r.not_applicable))
    consistency = consistency_notes(item, jurisdictions, rules.guidance.checks)
    return Classification(
        item=item.id,
        description=item.description,
        jurisdiction=jurisdiction,
        status=status,
        controls=controls,
        not_controlled_by=not_controlled,
        notes=merge_notes(derived + consistency) + merged_notes,
        by_jurisdiction=by_j,
        closest=closest,
        superseded=superseded,
        not_applicable=not_applicable,
        rules_version=rules.version,
    )


def _caveat(check: ConsistencyCheck, jurisdictions: Sequence[str], **values: object) -> Note:
    return Note(
        kind=NoteKind.CAVEAT,
        jurisdictions=list(jurisdictions),
        missing=list(check.missing),
        citation=check.citation,
        text=check.text.format(**values),
    )


def consistency_notes(
    item: ItemSpec, jurisdictions: Sequence[str], checks: GuidanceChecks
) -> list[Note]:
    """Contradictions in the spec worth a caveat (they do not stop classification); the texts
    and citations are rule data (``rules/guidance/guidance.yaml``)."""
    notes: list[Note] = []
    axes = item.axes
    linear = axes.linear if axes is not None else None
    rotary = axes.rotary if axes is not None else None
    sim = axes.simultaneous_contouring if axes is not None else None
    if linear is not None and rotary is not None and sim is not None and sim > linear + rotary:
        notes.append(
            _caveat(
                checks.contouring_exceeds_axes, jurisdictions, sim=sim, linear=linear, rotary=rotary
            )
        )
    if item.spindle is not None and item.spindle.tilting and rotary == 0:
        notes.append(_caveat(checks.tilting_spindle_rotary_axis, jurisdictions))
    return notes
