"""The Wassenaar Arrangement's List of Dual-Use Goods and Technologies, from its PDF.

The Secretariat publishes the list as a PDF under "Public Documents" without a licence that
allows redistribution, so exportctl fetches it (see ``docs/controls.md``) and never ships it.
The file is accepted only when its SHA-256 is the one pinned for the edition (the
``EXPORTCTL_WASSENAAR_SHA256`` setting), then turned into
text one page at a time with pypdf, each page behind a ``<<<PAGE n>>>`` mark (the layout the
catalogue's entry splitter reads).
"""

from __future__ import annotations

import hashlib
import io

from exportctl.errors import InvalidInput, SourceError
from exportctl.model.controls import ControlData, dataset_payload_errors

__all__ = ["pdf_text", "wassenaar_from_pdf"]


def pdf_text(raw: bytes, where: str) -> str:
    """The PDF's text, one ``<<<PAGE n>>>`` mark before each page.

    Raises:
        InvalidInput: not a PDF, or one pypdf cannot read (a truncated download).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not raw.startswith(b"%PDF-"):
        raise InvalidInput(f"{where}: not a PDF file", code="controls_invalid")
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise InvalidInput(
            f"{where}: unreadable PDF ({exc}); the file may be truncated", code="controls_invalid"
        ) from None
    return "".join(f"<<<PAGE {n}>>>\n{text}\n" for n, text in enumerate(pages, start=1))


def wassenaar_from_pdf(raw: bytes, where: str, expected_sha256: str) -> ControlData:
    """The ``wassenaar`` dataset from the published PDF, after checking its SHA-256.

    Raises:
        SourceError: the file is not the pinned edition (``controls_checksum``).
        InvalidInput: the PDF cannot be read or holds no Category 2.
    """
    from exportctl.controls.folder import wassenaar_issued

    digest = hashlib.sha256(raw).hexdigest()
    if digest != expected_sha256.lower():
        raise SourceError(
            f"{where}: SHA-256 {digest} is not the pinned {expected_sha256}; "
            "refused (a different or altered file)",
            code="controls_checksum",
        )
    text = pdf_text(raw, where)
    doc, issued = wassenaar_issued(text)
    payload = {"text": text, "document": doc, "sha256": digest}
    errors = dataset_payload_errors("wassenaar", payload)
    if errors:
        raise InvalidInput(
            f"{where}: not the Wassenaar list: {'; '.join(errors)}", code="controls_invalid"
        )
    return ControlData("wassenaar", payload, issued, where)
