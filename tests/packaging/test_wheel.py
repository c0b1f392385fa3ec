"""The built wheel works anywhere: installed into a fresh virtual environment and run from an
unrelated folder with no ../shared, the seed's classify and assess give the same JSON as the
checkout does (timestamps aside), with the US control data shipped inside the package.

Bounded and offline: the wheel is built without build isolation (hatchling comes with the dev
install), installed with ``--no-deps --no-index``, and the new environment borrows the
checkout environment's installed dependencies through a ``.pth`` file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE_LISTS = REPO / "tests" / "fixtures" / "lists"
_TIME_KEYS = frozenset({"loaded_at", "created_at", "generated_at", "timestamp"})

pytestmark = [pytest.mark.packaging, pytest.mark.shared_data]


def _strip_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_times(v) for k, v in value.items() if k not in _TIME_KEYS}
    if isinstance(value, list):
        return [_strip_times(v) for v in value]
    return value


def _clean_env(pythonpath: Path | None = None) -> dict[str, str]:
    """The caller's environment without exportctl settings and without ``PYTHONPATH`` (the
    documented test command sets it to the checkout, which would shadow the wheel); the
    checkout run gets ``pythonpath`` instead, so it runs this checkout's code."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("EXPORTCTL_") and k != "PYTHONPATH"
    }
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def _run(
    exe: Path, args: list[str], cwd: Path, home: Path, pythonpath: Path | None
) -> subprocess.CompletedProcess[str]:
    env = _clean_env(pythonpath)
    env.update({"EXPORTCTL_HOME": str(home), "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"})
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def _scenario(
    exe: Path, cwd: Path, home: Path, lists: Path, examples: Path, pythonpath: Path | None = None
) -> dict[str, Any]:
    """Load the lists from ``lists`` and run the seed's classify and assess; JSON outputs."""
    steps = {
        "lists": ["lists", "update", "--from", str(lists), "--allow-partial"],
        "watchlist": ["lists", "load", str(examples / "watchlist-seed.yaml")],
    }
    for name, args in steps.items():
        done = _run(exe, args, cwd, home, pythonpath)
        assert done.returncode == 0, (name, done.stdout[-2000:], done.stderr[-2000:])
    out: dict[str, Any] = {}
    runs = {
        "classify-5axis": ["classify", str(examples / "dmc-3000-5axis.yaml")],
        "classify-3axis": ["classify", str(examples / "dmc-3000-3axis.yaml")],
        "assess": ["assess", str(examples / "roundtop-spindle-repair.yaml"), "-j", "all"],
        "status": ["lists", "status"],
        "controls": ["controls", "status"],
    }
    for name, args in runs.items():
        done = _run(exe, [*args, "--format", "json"], cwd, home, pythonpath)
        assert done.returncode == 0, (name, done.stderr[-2000:])
        out[name] = _strip_times(json.loads(done.stdout))
    return out


def test_wheel_outside_the_checkout(tmp_path: Path, shared_examples: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(dist), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    wheel = next(dist.glob("exportctl-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "exportctl/controls/data/us-controls.json.xz" in names
    # The web interface's templates and stylesheet are package data too.
    assert {"exportctl/web/templates/screen.html", "exportctl/web/static/style.css"} <= names
    assert "exportctl/reports/templates/report.html.j2" in names  # reports render from it
    assert not any("wassenaar" in n and n.endswith((".pdf", ".txt")) for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    vpy = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(vpy), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-3000:]
    site = subprocess.run(
        [str(vpy), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # Dependencies from the checkout's environment; exportctl itself from the wheel (first).
    Path(site, "zz_checkout_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.run(
        [str(vpy), "-c", "import exportctl; print(exportctl.__file__)"],
        capture_output=True, text=True, check=True, cwd=tmp_path, env=_clean_env(),
    ).stdout  # fmt: skip
    assert where.startswith(site), where

    # An unrelated folder, two levels deep, with no ../shared beside it.
    work = tmp_path / "elsewhere" / "work"
    work.mkdir(parents=True)
    assert not (work.parent / "shared").exists()
    lists = tmp_path / "given-lists"
    shutil.copytree(FIXTURE_LISTS, lists)
    examples = tmp_path / "examples"
    shutil.copytree(shared_examples, examples)

    outside = _scenario(venv / "bin" / "exportctl", work, tmp_path / "home-wheel", lists, examples)
    inside = _scenario(
        REPO / ".venv" / "bin" / "exportctl", REPO, tmp_path / "home-checkout", lists, examples,
        pythonpath=REPO,
    )  # fmt: skip
    assert outside == inside
    # The answer the seed case is about: a 5-axis 2B001 machine, decided on shipped data.
    assert outside["classify-5axis"]["status"] == "controlled"
    assert outside["assess"]["outcome"] != "review"
    us = next(j for j in outside["assess"]["jurisdictions"] if j["jurisdiction"] == "us")
    assert us["outcome"] != "review"
    assert set(outside["assess"]["data_versions"]["controls"]) == {
        "us-ccl", "us-country-chart", "us-country-groups",
    }  # fmt: skip
