"""The paragraph walker: one entry's rule, paragraph by paragraph, for one jurisdiction.

An entry applies (``applies_when``), then its exclusions, notes and paragraphs are walked
depth first; a paragraph inherits its ancestors' criteria. An exclusion that holds ends the
branch (a failure naming it); one that cannot be established stays *pending* and becomes a
caveat on whatever the branch matches. US reasons for control are evaluated per match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from exportctl.classification.codes import code_matches
from exportctl.classification.logic import Crit, Ctx, Evaluator, Outcome, and3
from exportctl.classification.ruleset import LoadedRule
from exportctl.classification.schema import EntryNote, Exclusion, NearMiss, Paragraph
from exportctl.model.classification import Note, NoteKind

__all__ = [
    "EntryEvaluator",
    "EntryFailure",
    "EntryMatch",
    "EntryResult",
    "EntryUndecided",
    "fmt_missing",
]


@dataclass
class EntryMatch:
    rule: LoadedRule
    jurisdiction: str
    paragraph: Paragraph
    crits: list[Crit]
    pending: list[tuple[Exclusion, Outcome]]
    assumptions: list[tuple[str, str]]
    caveats: list[str]
    reasons: list[str] = field(default_factory=list)
    reason_caveats: list[str] = field(default_factory=list)
    superseded_by: list[str] = field(default_factory=list)


@dataclass
class EntryFailure:
    rule: LoadedRule
    jurisdiction: str
    code: str
    failed: list[Crit]
    unknown: list[Crit]
    excluded_by: str | None = None
    citation: str | None = None


@dataclass
class EntryUndecided:
    rule: LoadedRule
    jurisdiction: str
    paragraph: Paragraph
    missing: list[str]


@dataclass
class EntryResult:
    rule: LoadedRule
    jurisdiction: str
    matched: list[EntryMatch] = field(default_factory=list)
    failed: list[EntryFailure] = field(default_factory=list)
    unknown: list[EntryUndecided] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)
    info: list[Note] = field(default_factory=list)
    near: list[tuple[NearMiss, str]] = field(default_factory=list)
    superseded: bool = False


def _excl_crit(ex: Exclusion, out: Outcome) -> list[Crit]:
    head = Crit(f"{ex.id}: {ex.text}", False, "applies", "not excluded", ex.citation, None)
    return [head, *out.crits]


class EntryEvaluator:
    def __init__(self, ev: Evaluator, loaded: LoadedRule, jurisdiction: str) -> None:
        self.ev = ev
        self.loaded = loaded
        self.rule = loaded.rule
        self.j = jurisdiction
        self.res = EntryResult(loaded, jurisdiction)

    def ctx(self, citation: str) -> Ctx:
        return Ctx(self.j, citation)

    def applies(self, item: Exclusion | EntryNote | Paragraph) -> bool:
        js = item.jurisdictions
        return not js or self.j in {j.value for j in js}

    def notes(self, notes: list[EntryNote], code: str) -> None:
        for note in notes:
            if not self.applies(note):
                continue
            out = self.ev.eval(note.when, self.ctx(note.citation))
            if out is not None and out.value is True:
                self.res.info.append(
                    Note(
                        kind=NoteKind.INFO,
                        code=code,
                        text=f"{note.id}: {note.text}",
                        citation=note.citation,
                        jurisdictions=[self.j],
                    )
                )

    def excluded(
        self, exclusions: list[Exclusion], code: str, pending: list[tuple[Exclusion, Outcome]]
    ) -> bool:
        """Whether an exclusion takes ``code`` out (recorded as a failure naming it).

        Exclusions that cannot be established are appended to ``pending``: they do not
        exclude, and become caveats on what the branch matches.
        """
        for ex in exclusions:
            if not self.applies(ex):
                continue
            out = self.ev.eval(ex.when, self.ctx(ex.citation)) or Outcome(False)
            if out.value is True:
                self.res.failed.append(
                    EntryFailure(
                        self.loaded,
                        self.j,
                        code,
                        _excl_crit(ex, out),
                        [],
                        excluded_by=ex.id,
                        citation=ex.citation,
                    )
                )
                return True
            if out.value is None:
                pending.append((ex, out))
        return False

    def run(self) -> EntryResult:
        rule = self.rule
        base = self.ev.eval(rule.applies_when, self.ctx(rule.citation)) or Outcome(True)
        if base.value is False:
            self.res.not_applicable.append(rule.entry)
            return self.res
        pending: list[tuple[Exclusion, Outcome]] = []
        if self.excluded(rule.exclusions, rule.entry, pending):
            return self.res
        self.notes(rule.notes, rule.entry)
        for par in rule.paragraphs:
            self.walk(
                par, base.value, base.crits, pending, base.assumptions, base.caveats, base.missing
            )
        return self.res

    def walk(
        self,
        par: Paragraph,
        inherited: bool | None,
        crits: list[Crit],
        pending: list[tuple[Exclusion, Outcome]],
        assumptions: list[tuple[str, str]],
        caveats: list[str],
        missing: list[str],
    ) -> None:
        if not self.applies(par):
            return
        citation = self.loaded.citation_for(par)
        ctx = self.ctx(citation)
        scope = self.ev.eval(par.scope, ctx) if par.scope is not None else None
        if scope is not None and scope.value is False:
            self.res.not_applicable.append(par.code)
            return
        when = self.ev.eval(par.when, ctx) if par.when is not None else None
        own = [o for o in (scope, when) if o is not None]
        own_value = and3(o.value for o in own)
        own_crits = [c for o in own for c in o.crits]
        if own_value is False:
            self.res.failed.append(
                EntryFailure(
                    self.loaded,
                    self.j,
                    par.code,
                    [c for c in own_crits if c.met is False],
                    [c for c in own_crits if c.met is None],
                    citation=citation,
                )
            )
            if when is not None and when.near_only:
                self.res.near += when.near
            return
        value = and3([inherited, own_value])
        all_crits = crits + own_crits
        all_assumptions = assumptions + [a for o in own for a in o.assumptions]
        all_caveats = caveats + [c for o in own for c in o.caveats]
        all_missing = missing + [m for o in own for m in o.missing]
        pending = list(pending)
        if self.excluded(par.exclusions, par.code, pending):
            return
        self.notes(par.notes, par.code)
        if par.paragraphs:
            for child in par.paragraphs:
                self.walk(
                    child, value, all_crits, pending, all_assumptions, all_caveats, all_missing
                )
        elif value is True:
            self.res.matched.append(
                EntryMatch(
                    self.loaded, self.j, par, all_crits, pending, all_assumptions, all_caveats
                )
            )
        else:
            self.res.unknown.append(EntryUndecided(self.loaded, self.j, par, all_missing))

    def reasons(self, match: EntryMatch) -> None:
        """US reasons for control of a matched paragraph (conditions from the License
        Requirements section of the ECCN)."""
        for reason in self.rule.reasons_for_control:
            if reason.paragraphs is not None and not code_matches(
                match.paragraph.code, reason.paragraphs
            ):
                continue
            cond = self.ev.eval(reason.when, self.ctx(reason.citation)) if reason.when else None
            if cond is not None and cond.value is False:
                continue
            dropped = False
            doubts: list[str] = []
            if cond is not None and cond.value is None:
                doubts.append(f"{reason.reason} applies only if: {reason.text}")
            for ex in reason.unless:
                out = self.ev.eval(ex.when, self.ctx(ex.citation)) or Outcome(False)
                if out.value is True:
                    dropped = True
                    break
                if out.value is None:
                    doubts.append(
                        f"{reason.reason} does not apply to {ex.text} ({ex.citation}); not "
                        f"established, not given: {fmt_missing(out.missing)}"
                    )
            if not dropped:
                match.reasons.append(reason.reason)
                match.reason_caveats += doubts


def fmt_missing(paths: Iterable[str]) -> str:
    """Collapse element indexes (``linear_axes[0].x``, ``[1].x`` -> ``linear_axes[*].x``)."""
    out = dict.fromkeys(re.sub(r"\[\d+\]", "[*]", p) for p in paths if p)
    return ", ".join(out) or "a parameter"
