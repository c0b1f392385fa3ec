"""`exportctl assess`: output shapes and errors (an engine whose determination service composes
the stand-in classification and screening below, injected through ``create_app``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import exportctl.cli.assess  # noqa: F401  (registers the command)
from exportctl.config import Settings
from exportctl.determination import (
    ItemControls,
    PartyHit,
    RegimeSet,
    determine,
)
from exportctl.engine import Engine
from exportctl.errors import InvalidInput
from exportctl.model.determination import Transaction
from exportctl.model.item import ItemSpec
from tests.cli.helpers import run_cli
from tests.determination.helpers import C_2B001, HIT_PRESETS


class _Determination:
    def __init__(self, assess: Any) -> None:
        self.assess = assess


def _engine(home: Path, assess: Any) -> Engine:
    engine = Engine(Settings.for_home(home))
    engine.determination = _Determination(assess)  # type: ignore[assignment]
    return engine


@pytest.fixture
def stub_engine(tmp_path: Path, regimes: RegimeSet) -> tuple[Engine, list[dict[str, Any]]]:
    """An engine whose determination composes as docs/determination.md says."""
    calls: list[dict[str, Any]] = []

    def classify_item(spec: ItemSpec, specs: Any) -> ItemControls:
        if spec.id == "dmc-3000-5axis":
            return ItemControls(item_id=spec.id, controls=(C_2B001,))
        return ItemControls(item_id=spec.id, part_of=spec.part_of)

    def screen_party(party: Any) -> list[PartyHit]:
        if party.name == "Machine Sazi Tabriz":
            return [PartyHit(party=0, **HIT_PRESETS["watch_mst"])]
        return []

    def fake_assess(
        tx: Transaction, *, jurisdiction: str | None = None, as_of: dt.date | None = None
    ) -> Any:
        calls.append({"tx": tx.id, "jurisdiction": jurisdiction, "as_of": as_of})
        return determine(
            tx,
            classify_item=classify_item,
            screen_party=screen_party,
            regimes=regimes,
            jurisdictions=[jurisdiction] if jurisdiction else None,
            as_of=as_of,
        )

    return _engine(tmp_path, fake_assess), calls


def test_json_output_follows_the_contract(
    tmp_path: Path, shared_examples: Path, stub_engine: tuple[Engine, list[dict[str, Any]]]
) -> None:
    seed = shared_examples / "roundtop-spindle-repair.yaml"
    res = run_cli(
        tmp_path,
        "assess",
        str(seed),
        "--jurisdiction",
        "all",
        "--format",
        "json",
        engine=stub_engine[0],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["transaction"] == "RT-2009-10-MST"
    assert data["outcome"] in ("prohibited", "license_required")
    for f in data["findings"]:
        assert {"kind", "severity", "code", "jurisdiction", "message", "citation"} <= set(f)
        assert f["kind"] in ("party", "item", "destination", "end_use", "activity", "red_flag")
        assert f["severity"] in ("block", "license", "review", "info")
    assert {j["jurisdiction"] for j in data["jurisdictions"]} == {"tw", "eu", "us", "un"}
    assert stub_engine[1][0]["jurisdiction"] == "all"


def test_table_output_is_a_file_note(
    tmp_path: Path, shared_examples: Path, stub_engine: tuple[Engine, list[dict[str, Any]]]
) -> None:
    seed = shared_examples / "roundtop-spindle-repair.yaml"
    res = run_cli(
        tmp_path, "assess", str(seed), "--as-of", "2013-01-10", "-j", "eu", engine=stub_engine[0]
    )
    assert res.exit_code == 0, res.output
    assert "Outcome: PROHIBITED" in res.stdout
    assert "Law as in force on: 2013-01-10" in res.stdout
    assert "Citation: Council Regulation (EU) No 267/2012" in res.stdout
    assert stub_engine[1][0]["as_of"] == dt.date(2013, 1, 10)


def test_jsonl_is_one_line(
    tmp_path: Path, shared_examples: Path, stub_engine: tuple[Engine, list[dict[str, Any]]]
) -> None:
    seed = shared_examples / "roundtop-spindle-repair.yaml"
    res = run_cli(tmp_path, "assess", str(seed), "--format", "jsonl", engine=stub_engine[0])
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["outcome"] == "license_required"


def test_bad_file_is_a_one_line_error(
    tmp_path: Path, stub_engine: tuple[Engine, list[dict[str, Any]]]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: T\nexporter: {name: A}\nlines: [{activity: export, item: x}]\n")
    res = run_cli(tmp_path, "assess", str(bad), engine=stub_engine[0])
    assert res.exit_code == 1
    assert "lines[0].item: unknown item 'x'" in res.stderr
    assert "[transaction_invalid]" in res.stderr


def test_bad_date_and_jurisdiction_are_usage_errors(
    tmp_path: Path, shared_examples: Path, stub_engine: tuple[Engine, list[dict[str, Any]]]
) -> None:
    seed = str(shared_examples / "roundtop-spindle-repair.yaml")
    assert (
        run_cli(tmp_path, "assess", seed, "--as-of", "yesterday", engine=stub_engine[0]).exit_code
        == 2
    )
    assert (
        run_cli(tmp_path, "assess", seed, "--jurisdiction", "mars", engine=stub_engine[0]).exit_code
        == 2
    )
    assert not stub_engine[1]


def test_invalid_input_type_is_mapped(tmp_path: Path, shared_examples: Path) -> None:
    def boom(tx: Transaction, **_: Any) -> Any:
        raise InvalidInput("unknown jurisdiction(s): mars", code="jurisdiction_unknown")

    seed = shared_examples / "roundtop-spindle-repair.yaml"
    res = run_cli(tmp_path, "assess", str(seed), engine=_engine(tmp_path, boom))
    assert res.exit_code == 1
    assert "[jurisdiction_unknown]" in res.stderr
