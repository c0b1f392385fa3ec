"""Extraction quality over hand-written alert documents of several styles.

Each document in tests/fixtures/alerts (and its batch folders) has an ``.expected.yaml`` beside it,
written by hand as an analyst would record the document. Facts are compared as sets (see
scoring.py); the test asserts a floor on micro-averaged precision and recall and prints the
figures (``pytest -s`` shows them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.intake import intake_file
from tests.conftest import FIXTURES
from tests.intake.scoring import Score, load_expected, score_alert

FLOOR = 0.9


def _cases(folder: Path) -> list[tuple[Path, Path]]:
    cases = []
    for expected in sorted(folder.glob("*.expected.yaml")):
        stem = expected.name.removesuffix(".expected.yaml")
        (document,) = [
            p for p in folder.iterdir() if p.stem == stem and not p.name.endswith(".yaml")
        ]
        cases.append((document, expected))
    return cases


FOLDERS = [FIXTURES / "alerts", FIXTURES / "alerts" / "batch2", FIXTURES / "alerts" / "batch3"]


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    """Scores per folder and over all documents (``"all"``), computed once."""
    result = {"all": Score()}
    for folder in FOLDERS:
        result[folder.name] = Score()
        for document, expected in _cases(folder):
            alert = intake_file(document)
            for key in (folder.name, "all"):
                score_alert(document.name, alert, load_expected(expected), result[key])
    return result


def test_fixture_set_covers_the_styles() -> None:
    names = [doc.name for folder in FOLDERS for doc, _ in _cases(folder)]
    assert len(names) >= 7
    assert any(n.endswith(".eml") for n in names)
    assert sum(n.startswith("cable") for n in names) >= 3
    assert any(n.startswith(("press", "notice")) for n in names)


def test_precision_and_recall_floor(scores: dict[str, Score]) -> None:
    for name, score in scores.items():
        print(f"\n{name}:\n{score.report()}")
    total = scores["all"]
    for miss in total.misses:
        print(" ", miss)
    assert total.precision >= FLOOR, total.misses
    assert total.recall >= FLOOR, total.misses


@pytest.mark.parametrize(
    "kind", ["party", "party.country", "party.role", "item", "item.parameter", "countries"]
)
def test_floor_per_kind(scores: dict[str, Score], kind: str) -> None:
    """The headline figure must not hide a weak kind of fact."""
    total = scores["all"]
    precision, recall, _ = total.by_kind()[kind]
    assert precision >= FLOOR, [m for m in total.misses if kind in m]
    assert recall >= FLOOR, [m for m in total.misses if kind in m]
