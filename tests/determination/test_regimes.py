"""Regime data: schema checks at load, error messages, citations, and the US control data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from exportctl.determination import DEFAULT_REGIMES_DIR, RegimeSet, load_regimes
from exportctl.errors import RuleError
from exportctl.files import read_us_controls


def _copy_regimes(tmp_path: Path) -> Path:
    target = tmp_path / "regimes"
    shutil.copytree(DEFAULT_REGIMES_DIR, target)
    return target


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_shipped_regimes_load(regimes_no_us: RegimeSet) -> None:
    assert set(regimes_no_us.regimes) == {"tw", "eu", "us", "un"}
    for regime in regimes_no_us.regimes.values():
        assert regime.version
        for rule in regime.rules:
            assert rule.citation.strip(), rule.id
            assert rule.id.startswith(regime.jurisdiction + "."), rule.id


def test_every_rule_and_group_cites_its_source(regimes_no_us: RegimeSet) -> None:
    for regime in regimes_no_us.regimes.values():
        for name, group in regime.groups.items():
            assert group.citation.strip(), name
    for q in regimes_no_us.common.questions:
        assert q.citation.startswith("15 CFR Part 732, Supplement No. 3")


def test_schema_error_names_file_and_path(tmp_path: Path) -> None:
    folder = _copy_regimes(tmp_path)
    _edit(folder / "eu.yaml", lambda d: d["rules"][2].update(severity="maybe"))
    with pytest.raises(RuleError) as err:
        load_regimes(folder)
    assert "eu.yaml" in err.value.detail
    assert "rules[2].severity" in err.value.detail
    assert err.value.code == "regime_invalid"


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    folder = _copy_regimes(tmp_path)
    _edit(folder / "tw.yaml", lambda d: d["rules"][1]["when"].update(destination_is=["IR"]))
    with pytest.raises(RuleError, match=r"tw\.yaml: rules\[1\]\.when\.destination_is"):
        load_regimes(folder)


def test_unknown_group_is_rejected(tmp_path: Path) -> None:
    folder = _copy_regimes(tmp_path)
    _edit(folder / "tw.yaml", lambda d: d["rules"][1]["when"].update(destination_in=["@nowhere"]))
    with pytest.raises(RuleError, match="unknown group '@nowhere'"):
        load_regimes(folder)


def test_duplicate_rule_id_is_rejected(tmp_path: Path) -> None:
    folder = _copy_regimes(tmp_path)
    _edit(folder / "un.yaml", lambda d: d["rules"].append(dict(d["rules"][0])))
    with pytest.raises(RuleError, match=r"duplicate rule id 'un\.destination\.iran\.1737'"):
        load_regimes(folder)


def test_party_condition_outside_party_scope_is_rejected(tmp_path: Path) -> None:
    folder = _copy_regimes(tmp_path)
    _edit(folder / "us.yaml", lambda d: d["rules"][1]["when"].update(hit_decision="match"))
    with pytest.raises(RuleError, match="only a rule with scope 'party'"):
        load_regimes(folder)


def test_periods_in_the_wrong_order_are_rejected(tmp_path: Path) -> None:
    folder = _copy_regimes(tmp_path)
    _edit(
        folder / "un.yaml",
        lambda d: d["rules"][0].update(effective={"from": "2020-01-01", "to": "2010-01-01"}),
    )
    with pytest.raises(RuleError, match="before 'from'"):
        load_regimes(folder)


def test_adding_an_embargo_is_a_data_change(tmp_path: Path) -> None:
    """docs/determination.md: a new destination rule in YAML, no code."""
    folder = _copy_regimes(tmp_path)
    rule = {
        "id": "tw.destination.test_embargo",
        "scope": "transaction",
        "kind": "destination",
        "severity": "block",
        "when": {"destination_in": ["@test_embargo"]},
        "message": "{destination_name} is embargoed (test).",
        "citation": "Test Embargo Act s. 1",
        "effective": {"from": "2030-01-01"},
    }

    def change(d: dict[str, object]) -> None:
        d["groups"]["test_embargo"] = {  # type: ignore[index]
            "description": "test",
            "citation": "Test Embargo Act s. 2",
            "members": ["AQ"],
        }
        d["rules"].append(rule)  # type: ignore[attr-defined]

    _edit(folder / "tw.yaml", change)
    regimes = load_regimes(folder)
    assert regimes.rule("tw.destination.test_embargo").citation == "Test Embargo Act s. 1"


def test_us_controls_folder_must_hold_the_chart(tmp_path: Path) -> None:
    with pytest.raises(
        RuleError,
        match=r"us-country-chart not found \(expected us/seelpeed-country-chart\.json",
    ):
        read_us_controls(tmp_path)


def test_us_country_chart_lookups(us_controls: Path) -> None:
    us = read_us_controls(us_controls)
    de = us.lookup("2B001.b.2.b", ("NS2", "NP1", "AT1"), "DE")
    assert de.row == "Germany"
    assert de.marked == ()
    assert not de.embargoed
    cn = us.lookup("2B001.b.2.b", ("NS2", "NP1", "AT1"), "CN")
    assert set(cn.marked) == {"NS 2", "NP 1"}
    ir = us.lookup("2B001", (), "IR", {"IR": "Iran"})
    assert ir.embargoed
    assert "NP 1" in us.columns("2E201", ())  # from the CCL when classification gives none
    assert "IR" in us.groups["D:4"]
    assert "CN" in us.groups["D:4"]
    assert "DE" not in us.groups["D:4"]
    assert us.row_for("TW", {"TW": "Taiwan"}) == "Taiwan"
