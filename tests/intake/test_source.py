"""Bad input: empty, huge, binary, non-UTF-8, missing files. Clear errors, never a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.intake import DEFAULT_MAX_BYTES, intake_file, parse_document, read_document


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b" \n\r\n")
    with pytest.raises(InvalidInput) as err:
        read_document(path)
    assert err.value.code == "document_empty"
    assert err.value.detail == f"{path}: document is empty"
    assert err.value.errors == {str(path): "document is empty"}


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    started = time.monotonic()
    with pytest.raises(InvalidInput) as err:
        intake_file(path)
    assert time.monotonic() - started < 1
    assert err.value.code == "document_too_large"
    assert str(path) in err.value.detail
    assert f"{DEFAULT_MAX_BYTES:,}" in err.value.detail


def test_too_much_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_document(b"word " * 2000, "long.txt", max_chars=5000)
    assert err.value.code == "document_too_large"
    assert err.value.detail.startswith("long.txt: document text is 9,999 characters")


def test_largest_accepted_text_is_extracted_in_bounded_time() -> None:
    """Pathological but allowed input (no sentence stops, digit runs, capitals) must finish."""
    blob = (b"1,2,3 Aaa Bbb and Ccc Co., of Ddd 20,000-rpm spindle " * 2000)[:100_000]
    started = time.monotonic()
    from exportctl.intake import extract_alert

    extract_alert(parse_document(blob, "blob.txt"))
    assert time.monotonic() - started < 30


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InvalidInput) as err:
        read_document(path)
    assert err.value.code in ("document_binary", "unknown_format")
    assert str(path) in err.value.detail


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        read_document(tmp_path / "nope.txt")
    assert err.value.code == "document_unreadable"
    assert "nope.txt" in err.value.detail
    with pytest.raises(InvalidInput) as err:
        read_document(tmp_path)
    assert err.value.code == "document_unreadable"


def test_non_utf8_is_decoded_with_a_fallback_and_flagged(fixtures: Path) -> None:
    path = fixtures / "alerts" / "notice_seco_cp1252.txt"
    doc = read_document(path)
    assert doc.encoding == "cp1252"
    assert doc.header.to == ["Präzisionsmaschinen Zürich AG, Compliance Department"]
    assert "2.5 µm" in doc.text
    assert doc.warnings == [
        f"{path}:7: not valid UTF-8 (byte 0xe4); decoded as cp1252, check accented characters"
    ]
    assert not doc.partial  # the text is all there; the warning says how it was read


def test_utf16_with_bom() -> None:
    doc = parse_document("Reference: U-16\n\nText über Iran.\n".encode("utf-16"), "u.txt")
    assert doc.encoding == "utf-16"
    assert doc.header.id == "U-16"
    assert doc.text == "Text über Iran."


def test_crlf_line_endings() -> None:
    doc = parse_document(b"Reference: R-1\r\nDate: 2024-01-05\r\n\r\nBody.\r\n", "r.txt")
    assert doc.header.id == "R-1"
    assert doc.text == "Body."
