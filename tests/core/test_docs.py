"""Reference docs are generated from the code and must not drift; the README keeps its promises."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "gen_reference", REPO / "scripts" / "gen_reference.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_references_are_current() -> None:
    gen = _generator()
    for rel, make in gen.FILES.items():
        assert (REPO / rel).read_text(encoding="utf-8") == make(), (
            f"{rel} is stale: run python scripts/gen_reference.py"
        )


def test_every_error_code_and_setting_is_documented() -> None:
    gen = _generator()
    errors_md = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    for code in gen.error_codes():
        assert f"`{code}`" in errors_md
    from exportctl.config import SETTINGS

    settings_md = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    assert all(f"`{s.env}`" in settings_md for s in SETTINGS)


def test_contract_commands_are_in_the_cli_reference() -> None:
    cli_md = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for cmd in (
        "lists load",
        "lists update",
        "lists status",
        "lists diff",
        "screen",
        "classify",
        "assess",
        "intake",
        "alerts list",
        "alerts show",
        "controls search",
        "controls show",
        "users add",
        "users list",
        "users disable",
        "cases list",
        "cases show",
        "cases transition",
        "cases comment",
        "cases propose",
        "cases approve",
        "cases reject",
        "audit verify",
        "audit head",
        "audit export",
        "audit log",
    ):
        assert f"## `exportctl {cmd}`" in cli_md


def test_readme_quick_start_has_exactly_two_commands_and_ci_calls_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", readme, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
