"""The evaluation corpus of benchmarks/intake: well formed, and the development set scored.

The held-out set is only checked for form here (its scores are reported by the benchmark,
never asserted, so nobody is tempted to tune on it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.intake.corpus import Case, dev_cases, heldout_cases, render_pdf
from exportctl.intake import intake_file
from tests.intake.scoring import Score, score_alert

_PARTY_KEYS = {"name", "country", "role", "schema"}
_ROLES = {None, "end_user", "intermediate", "purchaser", "consignee", "exporter", "supplier",
          "manufacturer", "requester"}  # fmt: skip


def test_corpus_size_kinds_and_expectation_shape() -> None:
    cases = dev_cases(None) + heldout_cases()
    assert len(cases) >= 40
    assert len({c.kind for c in cases}) >= 8
    assert len(heldout_cases()) >= 16
    assert any(c.is_pdf for c in heldout_cases()) and any(c.is_pdf for c in dev_cases(None))
    for case in cases:
        for party in case.expected.get("parties") or []:
            # A name with an unquoted comma in a YAML flow mapping splits into extra keys.
            assert set(party) <= _PARTY_KEYS, (case.name, party)
            assert party.get("role") in _ROLES, (case.name, party)


def _score(cases: list[Case], tmp: Path) -> Score:
    score = Score()
    for case in cases:
        path = case.document
        if case.is_pdf:
            path = render_pdf(path.read_text("utf-8"), tmp / f"{case.name}.pdf")
        score_alert(case.name, intake_file(path), case.expected, score)
    return score


def test_pdf_cases_are_read_through_the_pdf_reader(tmp_path: Path) -> None:
    [case, *_] = [c for c in dev_cases(None) if c.is_pdf]
    pdf = render_pdf(case.document.read_text("utf-8"), tmp_path / "c.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert intake_file(pdf).document.format.startswith("pdf/")


@pytest.mark.parametrize(
    ("kind", "floor"),
    [("party", 0.9), ("party.country", 0.85), ("party.role", 0.8), ("item.model", 0.9)],
)
def test_development_set_floor(tmp_path: Path, kind: str, floor: float) -> None:
    """A regression floor on the development set (below its current figures)."""
    score = _score(dev_cases(None), tmp_path)
    precision, recall, _ = score.by_kind()[kind]
    assert precision >= floor and recall >= floor, [m for m in score.misses if kind in m]
