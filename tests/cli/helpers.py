"""Run the CLI in-process with a given data folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

import exportctl.cli  # noqa: F401  (registers every command)
from exportctl.cli.app import create_app
from exportctl.engine import Engine


def run_cli(
    home: Path,
    *args: str,
    env: dict[str, str] | None = None,
    input: str | None = None,
    engine: Engine | None = None,
) -> Result:
    """Run one invocation; ``engine``: the engine its commands get (default: from the env)."""
    runner = CliRunner()
    environ = {"EXPORTCTL_HOME": str(home), "EXPORTCTL_DATABASE_URL": "", "COLUMNS": "200"}
    environ.update(env or {})
    program = create_app((lambda: engine) if engine is not None else None)
    return runner.invoke(program, list(args), env=environ, input=input, catch_exceptions=False)


def run_json(home: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    res = run_cli(home, *args, "--format", "json", env=env)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)
