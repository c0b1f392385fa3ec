"""Render an alignment and its evidence as explanation lines a reviewer can read.

The first line is a summary::

    matched MASHIN SAZI ARAK on 2 of 3 tokens; ARAK ≠ TABRIZ

then one ``token`` line per aligned pair (``MACHINE ≈ MASHIN (phonetic 0.90, weight 0.25)``),
one ``unmatched`` line per token only one side has, and one ``evidence`` line per secondary
attribute with its effect on the score. Tokens are shown as written (Latin in upper case), so
an Arabic-script query shows its own letters next to the Latin list token it met.
"""

from __future__ import annotations

from collections.abc import Sequence

from exportctl.model.screening import Explanation
from exportctl.screening.align import Alignment
from exportctl.text.names import AnalyzedName, TokenKind

__all__ = ["explain"]

_IDENTIFYING = (TokenKind.WORD, TokenKind.NUMBER, TokenKind.INITIAL)


def _show(name: AnalyzedName, idx: Sequence[int]) -> str:
    parts: list[str] = []
    for i in idx:
        s = name.surfaces[i]
        s = s.upper() if s.isascii() else s
        if not parts or parts[-1] != s:  # one surface can yield several tokens
            parts.append(s)
    return " ".join(parts)


def _identifying(name: AnalyzedName, idx: Sequence[int]) -> bool:
    return any(name.tokens[i].kind in _IDENTIFYING for i in idx)


def _counted(name: AnalyzedName, i: int, weights: Sequence[float], other_legal: bool) -> float:
    """What an unaligned token cost: a legal form costs nothing if the other name has none."""
    if name.tokens[i].kind is TokenKind.LEGAL and not other_legal:
        return 0.0
    return weights[i]


def _kind(name: AnalyzedName, i: int, other_legal: bool) -> str:
    kind = name.tokens[i].kind
    if kind is TokenKind.LEGAL:
        return "legal form" if other_legal else "legal form, not counted: the other name has none"
    return kind.value


def explain(
    qname: AnalyzedName,
    qweights: Sequence[float],
    cname: AnalyzedName,
    cweights: Sequence[float],
    al: Alignment,
    evidence: Sequence[tuple[str, float, str]],
) -> list[Explanation]:
    """Explanation lines for one alignment; ``evidence`` is (attribute, effect, text)."""
    lines: list[Explanation] = []
    pairs = sorted(al.pairs, key=lambda p: (min(p.c), min(p.q)))
    k = sum(1 for p in pairs if _identifying(cname, p.c))
    uq = sorted(
        (i for i in al.unmatched_q if qname.tokens[i].kind in _IDENTIFYING),
        key=lambda i: (-qweights[i], i),
    )
    uc = sorted(
        (j for j in al.unmatched_c if cname.tokens[j].kind in _IDENTIFYING),
        key=lambda j: (-cweights[j], j),
    )
    n = k + max(len(uq), len(uc))
    summary = f"matched {cname.raw} on {k} of {n} tokens"
    conflicts = [f"{_show(cname, [j])} ≠ {_show(qname, [i])}" for j, i in zip(uc, uq, strict=False)]
    if conflicts:
        summary += "; " + ", ".join(conflicts)
    if len(uc) > len(uq):
        summary += "; not in query: " + " ".join(_show(cname, [j]) for j in uc[len(uq) :])
    elif len(uq) > len(uc):
        summary += "; not in list name: " + " ".join(_show(qname, [i]) for i in uq[len(uc) :])
    decisive = [text for attr, _e, text in evidence if attr in ("schema", "name_quality")]
    if decisive:
        summary += "; " + "; ".join(decisive)
    lines.append(Explanation(kind="summary", text=summary))
    for p in pairs:
        qs, cs = _show(qname, p.q), _show(cname, p.c)
        exact = p.sim >= 1.0
        rel = "=" if exact else "≈"
        detail = (
            f"weight {p.weight:.2f}" if exact else f"{p.method} {p.sim:.2f}, weight {p.weight:.2f}"
        )
        lines.append(
            Explanation(
                kind="token",
                text=f"{qs} {rel} {cs} ({detail})",
                query=qs,
                list=cs,
                similarity=round(p.sim, 3),
                method=p.method,
                weight=round(p.weight, 3),
            )
        )
    q_legal = any(t.kind is TokenKind.LEGAL for t in qname.tokens)
    c_legal = any(t.kind is TokenKind.LEGAL for t in cname.tokens)
    for i in al.unmatched_q:
        s = _show(qname, [i])
        w = _counted(qname, i, qweights, c_legal)
        lines.append(
            Explanation(
                kind="unmatched",
                text=f"{s} only in query ({_kind(qname, i, c_legal)}, weight {w:.2f})",
                query=s,
                side="query",
                weight=round(w, 3),
            )
        )
    for j in al.unmatched_c:
        s = _show(cname, [j])
        w = _counted(cname, j, cweights, q_legal)
        lines.append(
            Explanation(
                kind="unmatched",
                text=f"{s} only in list name ({_kind(cname, j, q_legal)}, weight {w:.2f})",
                list=s,
                side="list",
                weight=round(w, 3),
            )
        )
    for attr, effect, text in evidence:
        shown = f"{text} ({effect:+.2f})" if effect else text
        lines.append(
            Explanation(kind="evidence", text=shown, attribute=attr, effect=round(effect, 3))
        )
    return lines
