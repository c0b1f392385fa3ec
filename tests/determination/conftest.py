"""Fixtures for determination tests: the shipped regimes, with and without US control data."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.determination import RegimeSet, load_regimes
from exportctl.files import read_us_controls


@pytest.fixture(scope="session")
def us_controls(shared_controls: Path) -> Path:
    """The US Country Chart folder in ../shared (skipped locally if absent, fails under CI)."""
    return shared_controls / "us"


@pytest.fixture(scope="session")
def regimes(us_controls: Path) -> RegimeSet:
    """The shipped regimes with the US Country Chart and Country Groups loaded."""
    return load_regimes(us_controls=read_us_controls(us_controls))


@pytest.fixture(scope="session")
def regimes_no_us() -> RegimeSet:
    """The shipped regimes alone (no US data): US chart rules must say review, not guess."""
    return load_regimes()
