"""CLI: `exportctl classify` and `exportctl controls search|show`, through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import exportctl.cli.classify  # noqa: F401  (registers the commands on the root app)
from exportctl.cli.app import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_classify_5axis_json(shared_examples: Path) -> None:
    code, out, _ = run("classify", str(shared_examples / "dmc-3000-5axis.yaml"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["item"] == "dmc-3000-5axis"
    first = data["controls"][0]
    assert first["code"] == "2B001.b.2.b"
    assert first["jurisdiction_code"] == {"eu": "2B001.b.2.b", "us": "2B001.b.2.b"}
    assert first["reasons_for_control"] == ["NS2", "NP1", "AT1"]
    assert {c["code"] for c in data["controls"]} >= {"2B201.a.3", "2B201.b.3"}
    assert data["components"][0]["controls"][0]["code"] == "2B008.d"


def test_classify_3axis_jsonl_and_jurisdiction(shared_examples: Path) -> None:
    code, out, _ = run(
        "classify",
        str(shared_examples / "dmc-3000-3axis.yaml"),
        "--jurisdiction",
        "us",
        "--format",
        "jsonl",
    )
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["controls"] == []
    assert data["status"] == "review"
    assert {n["code"] for n in data["notes"] if n["kind"] == "review"} >= {"2B201", "2B991"}


def test_classify_vary(shared_examples: Path) -> None:
    code, out, _ = run(
        "classify",
        str(shared_examples / "dmc-3000-3axis.yaml"),
        "--format",
        "json",
        "--vary",
        "axes.simultaneous_contouring=5",
        "--vary",
        "axes.rotary=2",
    )
    assert code == 0
    what_if = json.loads(out)["what_if"]
    assert what_if["baseline_codes"] == []
    assert "2B201.b.3" in what_if["added"]


def test_classify_transaction_item_with_parent(shared_examples: Path) -> None:
    code, out, _ = run(
        "classify",
        str(shared_examples / "roundtop-spindle-repair.yaml"),
        "--item",
        "spindle-20k",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["part_of"]["item"] == "dmc-3000-5axis"
    assert "2B001.b.2.b" in data["part_of"]["controls"]


def test_classify_all_items_of_a_transaction(shared_examples: Path) -> None:
    code, out, _ = run(
        "classify", str(shared_examples / "roundtop-spindle-repair.yaml"), "--format", "json"
    )
    assert code == 0
    assert [d["item"] for d in json.loads(out)] == ["dmc-3000-5axis", "spindle-20k"]


def test_classify_table(shared_examples: Path) -> None:
    code, out, _ = run("classify", str(shared_examples / "dmc-3000-5axis.yaml"))
    assert code == 0
    assert "2B001.b.2.b" in out
    assert "criteria" in out


def test_classify_wrong_unit_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: m\nlinear_axes: [{travel: 3000 mm, "
        "unidirectional_positioning_repeatability: 1.2 kg}]\n"
    )
    code, _, err = run("classify", str(path))
    assert code == 1
    assert "linear_axes[0].unidirectional_positioning_repeatability" in err
    assert str(path) in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["classify", "missing.yaml"],
        ["classify", "{examples}/dmc-3000-5axis.yaml", "--vary", "axes"],
        ["classify", "{examples}/roundtop-spindle-repair.yaml", "--item", "nope"],
    ],
)
def test_classify_user_errors(args: list[str], shared_examples: Path) -> None:
    code, _, err = run(*[a.format(examples=shared_examples) for a in args])
    assert code == 1
    assert err.startswith("error: ")


def test_classify_usage_error() -> None:
    code, _, _ = run("classify", "x.yaml", "--jurisdiction", "mars")
    assert code == 2


def test_controls_search(shared_controls: Path) -> None:
    code, out, _ = run(
        "controls",
        "search",
        "five axis milling",
        "--controls-dir",
        str(shared_controls),
        "--format",
        "json",
    )
    assert code == 0
    codes = [h["code"] for h in json.loads(out)]
    assert {"2B001", "2B201"} <= set(codes[:5])


def test_controls_show_env(shared_controls: Path) -> None:
    result = runner.invoke(
        app,
        ["controls", "show", "2.B.1.b.2.b", "--format", "json"],
        env={"EXPORTCTL_CONTROLS_DIR": str(shared_controls)},
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["code"] == "2B001.b.2.b"
    assert data["wassenaar_code"] == "2.B.1.b.2.b"
    assert "1.4 µm" in data["us_paragraph_text"]
    assert data["entry"]["us"]["reasons"] == ["NS", "NP", "AT"]


def test_controls_show_table(shared_controls: Path) -> None:
    code, out, _ = run("controls", "show", "2B008", "--controls-dir", str(shared_controls))
    assert code == 0
    assert "NS2" in out


def test_controls_missing_folder(tmp_path: Path) -> None:
    code, _, err = run("controls", "show", "2B001", "--controls-dir", str(tmp_path / "none"))
    assert code == 1
    assert "controls folder" in err
