"""PDF documents: the text layer, read with an optional PDF library, then read as text.

PDF support is optional so the core install stays small: ``pypdf`` is used when installed,
else ``pdfminer.six``. Without either, reading a PDF raises an error that says what to install.
The extracted text is handed to the best text reader (a cable printed to PDF is read as a
cable), and the header's ``format`` says both (``pdf/cable``). Scanned PDFs without a text
layer are refused: OCR is out of scope.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable

from exportctl.intake.readers.base import Reader
from exportctl.intake.source import RawDocument, intake_error
from exportctl.model.alert import Document

__all__ = ["READER", "extract_pdf_text", "read", "sniff"]


def sniff(source: RawDocument) -> float:
    """A PDF starts with ``%PDF-`` (the extension alone is not trusted)."""
    return 1.0 if source.data.lstrip()[:5] == b"%PDF-" else 0.0


def _pypdf_text(data: bytes) -> str:
    pypdf = importlib.import_module("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n\n".join((page.extract_text() or "") for page in reader.pages)


def _pdfminer_text(data: bytes) -> str:
    high_level = importlib.import_module("pdfminer.high_level")
    return str(high_level.extract_text(io.BytesIO(data)))


# Backends in order of preference: (module to probe, text function).
_BACKENDS: tuple[tuple[str, Callable[[bytes], str]], ...] = (
    ("pypdf", _pypdf_text),
    ("pdfminer.high_level", _pdfminer_text),
)


def extract_pdf_text(source: RawDocument) -> str:
    """The text layer of a PDF.

    Raises:
        InvalidInput: no PDF library is installed (``pdf_support_missing``), the PDF cannot be
            parsed (``pdf_unreadable``) or it has no text layer (``pdf_no_text``).
    """
    for module, extract in _BACKENDS:
        try:
            importlib.import_module(module)
        except ImportError:
            continue
        try:
            text = extract(source.data)
        except Exception as exc:
            # Third-party parsers raise many exception types on damaged or encrypted files; any
            # of them means "cannot read this PDF", which the user must hear as such.
            raise intake_error(
                source.name, f"cannot read PDF ({type(exc).__name__}: {exc})", code="pdf_unreadable"
            ) from exc
        if not text.strip():
            raise intake_error(
                source.name,
                "PDF has no text layer (a scan?); run OCR first and take in the text",
                code="pdf_no_text",
            )
        return text
    raise intake_error(
        source.name,
        "reading PDF needs an optional PDF library: pip install pypdf (or pdfminer.six)",
        code="pdf_support_missing",
    )


def read(source: RawDocument) -> Document:
    """Read a PDF's text with the best matching text reader."""
    # Imported here: the registry imports this module, so a top-level import would be circular.
    from exportctl.intake.readers import select_reader

    text = extract_pdf_text(source)
    inner_source = RawDocument(source.name, text.encode("utf-8"))
    inner = select_reader(inner_source, exclude=("pdf",))
    doc = inner.read(inner_source)
    header = doc.header.model_copy(update={"format": f"pdf/{doc.header.format}"})
    return doc.model_copy(update={"header": header, "encoding": None})


READER = Reader(name="pdf", extensions=(".pdf",), sniff=sniff, read=read)
"""The PDF reader (needs ``pypdf`` or ``pdfminer.six``)."""
