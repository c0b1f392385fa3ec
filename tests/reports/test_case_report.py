"""Case and determination reports on a real SQLite store: the values, the PDF's text (pypdf),
the HTML's escaping, non-Latin names, long lines, files written whole or not at all."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from anyascii import anyascii
from pypdf import PdfReader

from exportctl import (
    CaseReport,
    Engine,
    InvalidInput,
    NotFound,
    Settings,
    read_list_files,
    read_transaction,
    render_report_html,
    render_report_pdf,
    render_report_text,
    write_file_atomic,
)
from exportctl.model.case import CaseLink, LinkKind
from exportctl.reports import find_font
from tests.cli.helpers import run_cli

PERSIAN = "شرکت ماشین سازی تبریز"
CHINESE = "北京机床研究所"
SEED_TX = "roundtop-spindle-repair.yaml"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    """Text without whitespace: table cells wrap words onto new lines in the PDF."""
    return "".join(text.split())


def new_engine(home: Path, controls: Path | None = None) -> Engine:
    home.mkdir(parents=True, exist_ok=True)
    settings = Settings.for_home(home)
    if controls is not None:
        settings = settings.with_(controls_dir=controls)
    engine = Engine(settings)
    engine.users.bootstrap("admin")
    for name, role in (("analyst1", "analyst"), ("approver1", "approver"), ("aud", "viewer")):
        engine.users.add("admin", name, role)
    return engine


@pytest.fixture(scope="module")
def seed_case(
    tmp_path_factory: pytest.TempPathFactory, shared: Path, shared_examples: Path
) -> Iterator[tuple[Engine, str]]:
    """The `make run` case: the seed transaction recorded, a denial proposed by an analyst
    and approved by an approver, plus a comment with markup and non-Latin text."""
    engine = new_engine(tmp_path_factory.mktemp("seed"), shared / "data" / "controls")
    engine.lists.load(read_list_files(shared_examples / "watchlist-seed.yaml"))
    tx = read_transaction(shared_examples / SEED_TX)
    det = engine.determination.assess(tx)
    _, case, _ = engine.recording.record_assessment("analyst1", tx, det)
    engine.cases.transition("analyst1", case.id, "under_review", "licensing officer review")
    engine.cases.comment("analyst1", case.id, f"<script>alert(1)</script> end user {PERSIAN}")
    engine.cases.propose(
        "analyst1", case.id, "denied", reason="Iranian end user named in 09STATE124113"
    )
    engine.cases.approve("approver1", case.id, "agreed")
    yield engine, case.id
    engine.close()


def test_seed_case_report_values(seed_case: tuple[Engine, str]) -> None:
    engine, case_id = seed_case
    rep = engine.reports.case_report("aud", case_id)  # a viewer may read reports
    assert rep.case_id == case_id and rep.kind.value == "licence_application"
    assert rep.state == "denied" and rep.generated_by == "aud"
    steps = [(s.action, s.to_state) for s in rep.decision_chain]
    assert steps == [
        ("case.opened", "draft"),
        ("case.transitioned", "submitted"),
        ("case.transitioned", "under_review"),
        ("proposal.made", None),
        ("proposal.approved", "denied"),
    ]
    assert [s.seq for s in rep.decision_chain] == sorted(s.seq for s in rep.decision_chain)
    made, approved = rep.decision_chain[-2:]
    assert (made.actor, made.role, made.decision) == ("analyst1", "analyst", "denied")
    assert (approved.actor, approved.role, approved.proposed_by) == (
        "approver1",
        "approver",
        "analyst1",
    )
    assert made.reason == "Iranian end user named in 09STATE124113"
    [check] = rep.four_eyes
    assert (check.proposed_by, check.decided_by, check.outcome) == (
        "analyst1",
        "approver1",
        "approved",
    )
    assert check.distinct is True and check.answer == "agreed"
    assert rep.decision is not None and rep.decision.approved_by == "approver1"
    # what it rested on
    versions = rep.data_versions
    assert versions["lists"]["watch:partner-alerts"] and versions["rules"]
    assert versions["regimes"] and versions["controls"] and versions["workflow"]
    [det] = rep.determinations
    assert det.result_id == rep.application.result_id if rep.application else False
    assert det.outcome.value == rep.application.outcome if rep.application else False
    assert any("15 CFR" in f.citation for f in det.findings)
    assert {j.jurisdiction for j in det.jurisdictions} >= {"tw", "un"}
    assert any(p.name == "Machine Sazi Tabriz" for p in rep.parties)
    assert rep.documents and rep.documents[0].ref.endswith(SEED_TX)
    head = engine.audit.head("aud")
    assert head is not None and rep.audit_head_hash == head.hash
    assert all(s.hash for s in rep.decision_chain)
    # the JSON round-trips (the web and the CLI's -f json serve it)
    again = CaseReport.model_validate_json(rep.model_dump_json())
    assert again == rep


def test_seed_case_report_pdf_and_html(seed_case: tuple[Engine, str]) -> None:
    engine, case_id = seed_case
    rep = engine.reports.case_report("aud", case_id)
    text = pdf_text(render_report_pdf(rep))
    flat = squash(text)
    for needle in (case_id, "denied", "analyst1", "approver1", "15 CFR", "Four-eyes"):
        assert squash(needle) in flat, needle
    assert squash(rep.decision_chain[-1].reason or "agreed") in flat
    assert rep.audit_head_hash is not None and rep.audit_head_hash[:16] in flat
    html = render_report_html(rep)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert PERSIAN in html and "approver1 (approver)" in html and "15 CFR" in html
    # the same content: every section title of the HTML is in the PDF and the text
    summary = render_report_text(rep)
    for title in ("Decision chain", "Findings with their citations", "Data versions"):
        assert title in html and squash(title) in flat and title.upper() in summary


def test_non_latin_names_and_long_lines(tmp_path: Path) -> None:
    engine = new_engine(tmp_path / "home")
    case = engine.records.open_investigation(
        "analyst1",
        "A-2026-TEST1",
        "Alert about a buyer",
        [
            CaseLink(kind=LinkKind.PARTY, ref="p1", label=f"{PERSIAN} (end_user)"),
            CaseLink(kind=LinkKind.PARTY, ref="p2", label=f"{CHINESE} (consignee)"),
            CaseLink(kind=LinkKind.DOCUMENT, ref="cable.txt", label="ab" * 32),
        ],
    )
    long_word = "X" * 300
    engine.cases.comment("analyst1", case.id, "lorem ipsum " * 400 + long_word + " THE-END")
    rep = engine.reports.case_report("analyst1", case.id)
    assert [(p.role, p.name) for p in rep.parties] == [
        ("end_user", PERSIAN),
        ("consignee", CHINESE),
    ]
    # no decision: the chain is the opening alone, and the report says so
    assert [s.action for s in rep.decision_chain] == ["case.opened"]
    assert rep.four_eyes == () and rep.decision is None and rep.pending is None
    assert "No decision has been taken" in render_report_text(rep)

    data = render_report_pdf(rep)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2  # the long comment wrapped onto further pages
    flat = squash(pdf_text(data))
    assert long_word in flat and "THE-END" in flat and "Nodecisionhasbeentaken" in flat
    if find_font() is not None:
        # Persian is drawn right to left, so pypdf (no bidi) reads its letters reversed
        persian = squash(PERSIAN)
        assert persian in flat or persian[::-1] in flat
        assert squash(anyascii(CHINESE)) in flat  # no CJK glyphs in DejaVu: transliterated
    # without a TrueType font: Helvetica and a transliteration
    core = squash(pdf_text(render_report_pdf(rep, font=None)))
    assert squash(anyascii(PERSIAN)) in core and squash(anyascii(CHINESE)) in core


def test_unknown_case_is_not_found(tmp_path: Path) -> None:
    engine = new_engine(tmp_path / "home")
    with pytest.raises(NotFound) as err:
        engine.reports.case_report("aud", "L-2026-99999")
    assert err.value.code == "case_not_found"
    res = run_cli(tmp_path / "home", "--as", "aud", "cases", "report", "L-2026-99999")
    assert res.exit_code == 1 and "[case_not_found]" in res.stderr


def test_cli_report_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    engine = new_engine(home)
    case = engine.records.open_investigation(
        "analyst1", "A-2026-TEST2", "An alert", [CaseLink(kind=LinkKind.PARTY, ref="p", label="X")]
    )
    engine.close()
    out = tmp_path / "out"
    out.mkdir()
    pdf, html = out / "r.pdf", out / "r.html"
    res = run_cli(
        home, "--as", "aud", "cases", "report", case.id, "--pdf", str(pdf), "--html", str(html)
    )
    assert res.exit_code == 0, res.output
    assert case.id in squash(pdf_text(pdf.read_bytes()))
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(p.name for p in out.iterdir()) == ["r.html", "r.pdf"]  # no temp files left
    shown = run_cli(home, "--as", "aud", "cases", "report", case.id, "-f", "json")
    data: dict[str, Any] = json.loads(shown.stdout)
    assert data["case_id"] == case.id and data["decision_chain"][0]["action"] == "case.opened"
    text = run_cli(home, "--as", "aud", "cases", "report", case.id)
    assert text.exit_code == 0 and "DECISION CHAIN" in text.stdout
    # an unwritable target: an error code, the old file intact, no temp file behind
    blocked = out / "dir.pdf"
    blocked.mkdir()
    bad = run_cli(home, "--as", "aud", "cases", "report", case.id, "--pdf", str(blocked))
    assert bad.exit_code == 1 and "[output_unwritable]" in bad.stderr
    assert sorted(p.name for p in out.iterdir()) == ["dir.pdf", "r.html", "r.pdf"]
    missing = run_cli(
        home, "--as", "aud", "cases", "report", case.id, "--pdf", str(out / "no" / "r.pdf")
    )
    assert missing.exit_code == 1 and "[output_unwritable]" in missing.stderr


def test_write_file_atomic_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    write_file_atomic(target, b"old")
    with pytest.raises(InvalidInput) as err:
        write_file_atomic(tmp_path / "missing" / "r.pdf", b"new")
    assert err.value.code == "output_unwritable"
    write_file_atomic(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_assess_report_pdf(
    tmp_path: Path, seed_case: tuple[Engine, str], shared_examples: Path
) -> None:
    engine, _ = seed_case
    out = tmp_path / "det.pdf"
    res = run_cli(
        tmp_path / "unused",
        "--as",
        "analyst1",
        "assess",
        str(shared_examples / SEED_TX),
        "--report-pdf",
        str(out),
        "--report-html",
        str(tmp_path / "det.html"),
        engine=engine,
    )
    assert res.exit_code == 0, res.output
    flat = squash(pdf_text(out.read_bytes()))
    tx = read_transaction(shared_examples / SEED_TX)
    assert squash(tx.id) in flat and "15CFR" in flat and squash(tx.exporter.name) in flat
    for party in tx.parties:
        assert squash(party.name) in flat
    assert "Outcomeperjurisdiction" in flat and "Dataversions" in flat
    html = (tmp_path / "det.html").read_text(encoding="utf-8")
    assert tx.id in html and "Findings with their citations" in html
