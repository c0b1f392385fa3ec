"""One vocabulary: every raised error code is registered, one jurisdiction enum and error."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from exportctl.classification import jurisdictions_for
from exportctl.determination import load_regimes, select_jurisdictions
from exportctl.errors import ERROR_CODES, ExportctlError, InvalidInput
from exportctl.files import read_transaction
from exportctl.model.classification import JurisdictionFilter
from exportctl.model.jurisdiction import ALL, JURISDICTION_UNKNOWN, Jurisdiction

REPO = Path(__file__).resolve().parents[2]
_RAISING = re.compile(r"\b(\w+)\(\s*(?:[^()]|\([^()]*\))*?\bcode=\"([a-z_]+)\"", re.S)


def _raised() -> dict[str, list[str]]:
    spec = importlib.util.spec_from_file_location(
        "gen_reference", REPO / "scripts" / "gen_reference.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.error_codes()  # type: ignore[no-any-return]


def test_every_raised_code_is_registered() -> None:
    raised = _raised()
    assert len(raised) > 40  # the scan finds the codes (a broken regex would find none)
    unregistered = sorted(set(raised) - set(ERROR_CODES))
    assert not unregistered, f"register these in exportctl/errors.py ERROR_CODES: {unregistered}"


def test_every_registered_code_is_raised_somewhere() -> None:
    unused = sorted(set(ERROR_CODES) - set(_raised()))
    assert not unused, f"registered but never raised (typo?): {unused}"


def test_a_code_is_raised_with_its_registered_category() -> None:
    classes = {c.category.__name__ for c in ERROR_CODES.values()}
    for path in (REPO / "exportctl").rglob("*.py"):
        for cls, code in _RAISING.findall(path.read_text(encoding="utf-8")):
            if cls in classes:
                assert ERROR_CODES[code].category.__name__ == cls, (path, code)


def test_registered_codes_are_snake_case_and_categories_are_errors() -> None:
    for code, entry in ERROR_CODES.items():
        assert re.fullmatch(r"[a-z]+(_[a-z0-9]+)*", code), code
        assert issubclass(entry.category, ExportctlError)
        assert entry.meaning.endswith(".")


def test_classification_jurisdictions_are_from_the_one_enum() -> None:
    members = {f.value for f in JurisdictionFilter} - {ALL}
    assert members <= {j.value for j in Jurisdiction}


def test_an_unknown_jurisdiction_has_one_code_everywhere() -> None:
    with pytest.raises(InvalidInput) as err:
        jurisdictions_for("mars")
    assert err.value.code == JURISDICTION_UNKNOWN
    assert "mars" in err.value.detail
    tx = read_transaction(
        REPO / "tests" / "determination" / "fixtures" / "roundtop-spindle-repair-de.yaml"
    )
    with pytest.raises(InvalidInput) as err:
        select_jurisdictions(load_regimes(), tx, ["mars"])
    assert err.value.code == JURISDICTION_UNKNOWN
    assert "mars" in err.value.detail
