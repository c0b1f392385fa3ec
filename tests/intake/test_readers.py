"""Document readers: cable, notice, e-mail and PDF, and the choice among them."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.intake import parse_document, read_document
from exportctl.intake.readers import READERS, get_reader, select_reader
from exportctl.intake.readers.cable import canonical_reference, parse_references
from exportctl.intake.source import RawDocument
from exportctl.model.alert import Document

CABLE_HEAD = """\
10STATE000123
(C) TITLE LINE
Mon Jan 04 00:00:00 +0100 2010
CONFIDENTIAL
Secretary of State
O 041200Z JAN 10
FM SECSTATE WASHDC
TO AMEMBASSY BERLIN IMMEDIATE 0001
AMEMBASSY PARIS IMMEDIATE 0002
INFO AMEMBASSY LONDON PRIORITY 0003
NUCLEAR SUPPLIERS GROUP COLLECTIVE PRIORITY
C O N F I D E N T I A L STATE 000123

E.O. 12958: DECL: 01/04/2020
TAGS: PARM KNNP GM FR
SUBJECT: (C) A SUBJECT THAT
WRAPS ONTO A SECOND LINE

REF: STATE 4567

Classified By: ISN/NESS Director, Reasons 1.4 (b) and (d).

1. (U) First paragraph.

2. (C) Second paragraph,
wrapped.
-- a talking point
3. (SBU) Third.
"""


def read(text: str, name: str = "doc.txt") -> Document:
    return parse_document(text.encode("utf-8"), name)


# --- cable -----------------------------------------------------------------------------------


def test_cable_multi_line_addressing_and_wrapped_subject() -> None:
    doc = parse_document(CABLE_HEAD.encode(), "c.txt")
    h = doc.header
    assert h.format == "cable"
    assert h.id == "10STATE000123"
    assert h.date == dt.date(2010, 1, 4)
    assert h.precedence == "IMMEDIATE"
    assert h.to == ["AMEMBASSY BERLIN", "AMEMBASSY PARIS"]
    assert h.info == ["AMEMBASSY LONDON", "NUCLEAR SUPPLIERS GROUP COLLECTIVE"]
    assert h.tags == ["PARM", "KNNP", "GM", "FR"]
    assert h.subject == "A SUBJECT THAT WRAPS ONTO A SECOND LINE"
    assert h.references == ["10STATE4567"]  # a single reference, no letter label
    assert h.decl_date == dt.date(2020, 1, 4)
    assert h.classified_by == "ISN/NESS Director"
    assert h.classification_reasons == "1.4 (b) and (d)"
    assert [(p.number, p.marking) for p in doc.body] == [(1, "U"), (2, "C"), (3, "SBU")]
    assert doc.body[1].text.splitlines() == ["Second paragraph,", "wrapped.", "-- a talking point"]
    assert doc.body[0].line == 23
    assert not doc.partial
    assert doc.warnings == []


def test_cable_without_numbered_paragraphs_is_partial() -> None:
    text = "09STATE000001\nFM SECSTATE WASHDC\nTO AMEMBASSY ROME\n\nSUBJECT: X\n\nJust prose.\n"
    doc = parse_document(text.encode(), "c.txt")
    assert doc.header.id == "09STATE000001"
    assert [p.text for p in doc.body] == ["Just prose."]
    assert doc.partial
    assert any("no numbered paragraphs" in w for w in doc.warnings)
    assert any("no date" in w for w in doc.warnings)


def test_cable_partial_fixture_names_lines(fixtures: Path) -> None:
    doc = read_document(fixtures / "alerts" / "cable_flow_forming_partial.txt")
    assert doc.partial
    name = str(fixtures / "alerts" / "cable_flow_forming_partial.txt")
    assert f"{name}:5: unreadable date-time group: 'R 1O1200Z MAR 10'" in doc.warnings
    assert f"{name}:11: DECL date is not a date: '13/45/2020'" in doc.warnings
    assert doc.header.paragraphs == 4  # "3 (S/NF)" without its period still opens paragraph 3


@pytest.mark.parametrize(
    ("ref", "year", "expected"),
    [
        ("AIT TAIPEI 001102", "09", "09AITTAIPEI001102"),
        ("08 STATE 066110", "09", "08STATE066110"),
        ("STATE 34030", "10", "10STATE34030"),  # the serial as written
        ("EMAIL FROM ISN/MTR", "09", None),
        ("STATE 034030", None, None),  # no year to give it
    ],
)
def test_canonical_reference(ref: str, year: str | None, expected: str | None) -> None:
    assert canonical_reference(ref, year) == expected


def test_references_with_parenthesised_labels() -> None:
    assert parse_references("(A) 08 BERLIN 12 (B) 09 PARIS 000034.") == [
        "08BERLIN12",
        "09PARIS000034",
    ]


# --- notice ----------------------------------------------------------------------------------


def test_notice_labels_banner_title_and_dateline() -> None:
    text = (
        "OFFICIAL-SENSITIVE\nFOR IMMEDIATE RELEASE\nExporter Fined for Sales to Iran\n\n"
        "LONDON, 3 March 2024 - A company was fined.\n\nSecond paragraph.\n"
    )
    doc = read(text)
    assert doc.header.format == "notice"
    assert doc.header.classification == "OFFICIAL-SENSITIVE"
    assert doc.header.subject == "Exporter Fined for Sales to Iran"
    assert doc.header.date == dt.date(2024, 3, 3)
    assert doc.header.paragraphs == 2


def test_notice_bad_date_label_is_a_named_warning() -> None:
    doc = parse_document(b"Reference: N-1\nDate: someday\n\nBody text.\n", "n.txt")
    assert doc.header.id == "N-1"
    assert doc.header.date is None
    assert doc.partial
    assert doc.warnings == [
        "n.txt:2: Date is not a date: 'someday'",
        "n.txt: notice has no title or subject",
    ]


# --- e-mail ----------------------------------------------------------------------------------


def test_email_fixture(fixtures: Path) -> None:
    doc = read_document(fixtures / "alerts" / "email_ecju_notice.eml")
    h = doc.header
    assert h.format == "email"
    assert h.id == "ECJU/EUC/2023/0147"  # the authority's reference beats the Message-ID
    assert h.date == dt.date(2023, 3, 14)
    assert h.from_ == "Export Control Joint Unit"
    assert h.to == ["Compliance Officer"]
    assert h.info == ["HMRC National Clearance Hub"]
    assert h.subject is not None
    assert h.subject.endswith("5-axis machining centres")
    assert "4 µm" in doc.text  # quoted-printable UTF-8 decoded
    assert not doc.partial


def test_email_html_only_body(fixtures: Path) -> None:
    doc = read_document(fixtures / "alerts" / "batch2" / "email_html_bis.eml")
    assert "font-family" not in doc.text  # style content dropped
    assert "1,800 °C" in doc.text  # character references resolved
    assert doc.header.id == "BIS-ISI-2017-0031"
    assert doc.encoding == "iso-8859-1"


def test_email_missing_date_and_attachment() -> None:
    raw = (
        "From: A <a@example.org>\nTo: b@example.org\nSubject: Alert\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="XX"\n\n--XX\nContent-Type: text/plain\n\n'
        "Body.\n--XX\nContent-Type: application/pdf\n"
        'Content-Disposition: attachment; filename="annex.pdf"\n\nJVBERi0=\n--XX--\n'
    )
    doc = parse_document(raw.encode(), "mail.eml")
    assert doc.header.from_ == "A"
    assert doc.header.to == ["b@example.org"]
    assert doc.partial
    assert "mail.eml: e-mail has no Date header" in doc.warnings
    assert any("annex.pdf" in w for w in doc.warnings)
    assert doc.text == "Body."


# --- PDF ---------------------------------------------------------------------------------------


def _no_pdf_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> types.ModuleType:
        if name.startswith(("pypdf", "pdfminer")):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr("exportctl.intake.readers.pdf.importlib.import_module", fake)


def test_pdf_without_library_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_pdf_libraries(monkeypatch)
    with pytest.raises(InvalidInput) as err:
        parse_document(b"%PDF-1.4\n...", "alert.pdf")
    assert err.value.code == "pdf_support_missing"
    assert err.value.detail.startswith("alert.pdf: ")
    assert "pip install pypdf" in err.value.detail


def _fake_pypdf(monkeypatch: pytest.MonkeyPatch, pages: list[str] | Exception) -> None:
    module = types.ModuleType("pypdf")

    class Page:
        def __init__(self, text: str) -> None:
            self.text = text

        def extract_text(self) -> str:
            return self.text

    class PdfReader:
        def __init__(self, stream: object) -> None:
            if isinstance(pages, Exception):
                raise pages
            self.pages = [Page(t) for t in pages]

    module.__dict__["PdfReader"] = PdfReader
    monkeypatch.setitem(sys.modules, "pypdf", module)


def test_pdf_text_goes_to_the_best_text_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_pypdf(monkeypatch, [CABLE_HEAD[:400], CABLE_HEAD[400:]])
    doc = parse_document(b"%PDF-1.7 fake", "cable.pdf")
    assert doc.header.format == "pdf/cable"
    assert doc.header.id == "10STATE000123"


def test_pdf_damaged_or_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_pypdf(monkeypatch, ValueError("bad xref"))
    with pytest.raises(InvalidInput) as err:
        parse_document(b"%PDF-1.7", "x.pdf")
    assert err.value.code == "pdf_unreadable"
    _fake_pypdf(monkeypatch, ["", "  "])
    with pytest.raises(InvalidInput) as err:
        parse_document(b"%PDF-1.7", "x.pdf")
    assert err.value.code == "pdf_no_text"


# --- choice of reader --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "reader"),
    [
        (CABLE_HEAD.encode(), "c.txt", "cable"),
        (CABLE_HEAD.encode(), "c.eml", "cable"),  # content wins over a wrong extension
        (b"From: a@b.c\nTo: d@e.f\nSubject: s\n\nbody", "m.txt", "email"),
        (b"%PDF-1.4 ...", "noext", "pdf"),
        (b"Just a notice.\n", "n.txt", "notice"),
        (b"Just a notice.\n", "n", "notice"),
    ],
)
def test_select_reader(data: bytes, name: str, reader: str) -> None:
    assert select_reader(RawDocument(name, data)).name == reader


def test_readers_registry() -> None:
    assert [r.name for r in READERS] == ["cable", "email", "pdf", "notice"]
    assert get_reader("email").name == "email"
    with pytest.raises(InvalidInput) as err:
        get_reader("docx")
    assert err.value.code == "unknown_format"


def test_forced_format() -> None:
    doc = parse_document(CABLE_HEAD.encode(), "c.txt", format="notice")
    assert doc.header.format == "notice"


# --- header layouts (issue 19) ---------------------------------------------------------------


def test_cable_banner_glued_to_a_later_info_line_and_channel_serials() -> None:
    text = (
        "09STATE118204\nS) TITLE\nWed Nov 18 00:00:00 +0100 2009\nSECRET\nSecretary of State\n"
        "P 182215Z NOV 09\nFM SECSTATE WASHDC\nTO SECSTATE WASHDC 6214\n"
        "INFO AMEMBASSY BEIJING PRIORITY 0000\n"
        "AMCONSUL HONG KONG PRIORITY 0000S E C R E T STATE 118204\n\n"
        "SUBJECT: (S) TITLE\n\n1. (S) Text.\n"
    )
    doc = parse_document(text.encode(), "c.txt")
    assert doc.header.to == ["SECSTATE WASHDC"]
    assert doc.header.info == ["AMEMBASSY BEIJING", "AMCONSUL HONG KONG"]
    assert not doc.partial


def test_cable_subject_before_fm_is_read_and_flagged() -> None:
    text = (
        "SUBJECT: (C) FORWARDER ARRANGING SHIPMENT\n08STATE097715\n"
        "Tue Sep 16 00:00:00 +0200 2008\nCONFIDENTIAL\nSecretary of State\n"
        "P 161933Z SEP 08\nFM SECSTATE WASHDC\nTO AMEMBASSY ANKARA PRIORITY 0000\n\n"
        "E.O. 12958: DECL: 09/16/2018 TAGS: PARM TU\n\n1. (C) Text.\n"
    )
    doc = parse_document(text.encode(), "c.txt")
    h = doc.header
    assert (h.id, h.date, h.classification) == (
        "08STATE097715",
        dt.date(2008, 9, 16),
        "CONFIDENTIAL",
    )
    assert (h.from_, h.to, h.subject) == (
        "SECSTATE WASHDC",
        ["AMEMBASSY ANKARA"],
        "FORWARDER ARRANGING SHIPMENT",
    )
    assert doc.partial and any("SUBJECT line before the FM line" in w for w in doc.warnings)


def test_notice_letterhead_is_the_sender_not_the_title() -> None:
    text = (
        "MINISTRY OF FOREIGN AFFAIRS AND TRADE\n\nPRESS RELEASE\n14 September 2021\n\n"
        "Government designates four entities\n\nThe Government today designated them.\n"
    )
    doc = parse_document(text.encode(), "p.txt")
    assert doc.header.subject == "Government designates four entities"
    assert doc.header.from_ == "MINISTRY OF FOREIGN AFFAIRS AND TRADE"
    assert doc.header.date == dt.date(2021, 9, 14)
    assert not doc.partial


def test_notice_date_at_the_foot_is_read_and_flagged() -> None:
    text = "AGENCY\n\nSubject: Diversion risk\n\nCompanies are warned.\n\nIssued 2 March 2024.\n"
    doc = parse_document(text.encode(), "n.txt")
    assert doc.header.date == dt.date(2024, 3, 2)
    assert doc.partial and doc.warnings == ["n.txt:7: date found below the header"]


def test_notice_dateline_in_a_letter_header_is_not_unusual() -> None:
    text = "Reference: R-1\nTo: Firm AG\n\nBern, 28 August 2019\n\nSubject: Export\n\nText.\n"
    doc = parse_document(text.encode(), "l.txt")
    assert doc.header.date == dt.date(2019, 8, 28)
    assert not doc.partial
