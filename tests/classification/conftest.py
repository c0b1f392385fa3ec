"""Fixtures for classification tests: the built-in rules, base items, the shared examples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from exportctl.classification import RuleSet, apply_variations, parse_item
from exportctl.model.item import ItemSpec

CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return RuleSet.load()


@pytest.fixture(scope="session")
def bases() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load((CASES / "bases.yaml").read_text())
    return data


def make_item(
    bases: dict[str, dict[str, Any]], base: str, changes: dict[str, Any] | None = None
) -> ItemSpec:
    """A base item with ``changes`` applied (paths as in ``--vary``)."""
    item = parse_item(bases[base], source=f"bases.yaml:{base}")
    return apply_variations(item, changes) if changes else item
