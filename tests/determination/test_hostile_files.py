"""Hostile transaction, item and alert files (issue 12, failure 7): item refs stay inside
the file's folder (or an allowed one), read regular files of bounded size only, and nesting
too deep for Python is a named error. Every failure is one line with its [code]."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli

FIX = Path(__file__).resolve().parent / "fixtures"
ITEM = FIX / "dmc-3000-3axis.yaml"


def _transaction(folder: Path, ref: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tx.yaml"
    path.write_text(
        "id: T-1\nexporter: {name: Roundtop, country: TW}\ndestination: DE\n"
        f"items:\n  machine: {{ref: {ref!r}}}\n"
        "lines:\n  - {activity: export, item: machine, quantity: 1}\n",
        encoding="utf-8",
    )
    return path


def _one_error(res: object, code: str) -> str:
    out = res.output  # type: ignore[attr-defined]
    assert res.exit_code == 1, out  # type: ignore[attr-defined]
    errors = [ln for ln in out.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and errors[0].endswith(f"[{code}]"), out
    assert "Traceback" not in out
    return str(errors[0])


@pytest.mark.parametrize("ref", ["/etc/passwd", "../outside/dmc.yaml", "/dev/zero"])
def test_a_ref_outside_the_folder_is_refused(tmp_path: Path, ref: str) -> None:
    (tmp_path / "outside").mkdir()
    shutil.copy(ITEM, tmp_path / "outside" / "dmc.yaml")
    tx = _transaction(tmp_path / "tx", ref)
    line = _one_error(run_cli(tmp_path / "home", "assess", str(tx)), "ref_not_allowed")
    assert "items.machine.ref" in line and "root:" not in line


def test_an_allowed_folder_lets_a_ref_through(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    shutil.copy(ITEM, tmp_path / "outside" / "dmc.yaml")
    tx = _transaction(tmp_path / "tx", "../outside/dmc.yaml")
    res = run_cli(
        tmp_path / "home", "classify", str(tx), "--allow-ref-dir", str(tmp_path / "outside")
    )
    assert res.exit_code == 0, res.output
    assert "dmc-3000-3axis" in res.output or "machine" in res.output


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    shutil.copy(ITEM, tmp_path / "outside" / "dmc.yaml")
    tx = _transaction(tmp_path / "tx", "link.yaml")
    os.symlink(tmp_path / "outside" / "dmc.yaml", tmp_path / "tx" / "link.yaml")
    _one_error(run_cli(tmp_path / "home", "assess", str(tx)), "ref_not_allowed")


def test_a_device_is_not_read_even_in_an_allowed_folder(tmp_path: Path) -> None:
    tx = _transaction(tmp_path / "tx", "/dev/zero")
    res = run_cli(tmp_path / "home", "assess", str(tx), "--allow-ref-dir", "/dev")
    _one_error(res, "ref_not_file")


def test_a_huge_ref_is_refused(tmp_path: Path) -> None:
    tx = _transaction(tmp_path / "tx", "big.yaml")
    (tmp_path / "tx" / "big.yaml").write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    _one_error(run_cli(tmp_path / "home", "assess", str(tx)), "ref_too_large")


def test_an_item_file_that_refers_to_itself_ends_with_a_named_error(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("items:\n  - {ref: loop.yaml}\n", encoding="utf-8")
    _one_error(run_cli(tmp_path / "home", "classify", str(path)), "ref_too_deep")


@pytest.mark.parametrize("command", ["assess", "classify"])
def test_yaml_nested_too_deep_is_a_named_error(tmp_path: Path, command: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")
    _one_error(run_cli(tmp_path / "home", command, str(path)), "too_deep")


def test_a_transaction_that_is_a_device_is_refused(tmp_path: Path) -> None:
    res = run_cli(tmp_path / "home", "assess", "/dev/zero")
    assert res.exit_code == 1 and "[transaction_invalid]" in res.output
    assert "Traceback" not in res.output


def test_an_email_nested_a_thousand_deep_is_one_error_line(tmp_path: Path) -> None:
    parts = ["From: a@example.org\nTo: b@example.org\nSubject: nested\nMIME-Version: 1.0\n"]
    for i in range(1000):
        parts.append(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n')
    parts.append("Content-Type: text/plain\n\nMachine Sazi Tabriz asks for a spindle.\n")
    parts += [f"--b{i}--\n" for i in reversed(range(1000))]
    path = tmp_path / "deep.eml"
    path.write_text("".join(parts), encoding="utf-8")
    _one_error(run_cli(tmp_path / "home", "intake", str(path)), "too_deep")
