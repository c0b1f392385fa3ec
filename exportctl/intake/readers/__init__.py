"""Document readers, one module per format, and the choice among them.

To support a new format, write a module with a :class:`~exportctl.intake.readers.base.Reader`
(``name``, ``extensions``, ``sniff``, ``read``) and add it to :data:`READERS`; nothing else
changes. The reader is chosen by content first (each ``sniff`` returns a confidence) and by
file extension to break ties, so a cable saved as ``.eml`` or a PDF without extension is still
read right.
"""

from __future__ import annotations

from collections.abc import Iterable

from exportctl.intake.readers import cable, mail, notice, pdf
from exportctl.intake.readers.base import Reader
from exportctl.intake.source import RawDocument, intake_error

__all__ = ["READERS", "Reader", "get_reader", "select_reader"]

#: Registered readers. Order only matters for equal confidence and extension.
READERS: tuple[Reader, ...] = (cable.READER, mail.READER, pdf.READER, notice.READER)

# Below this confidence a reader is not used even if it is the best one.
_MIN_CONFIDENCE = 0.05


def get_reader(name: str) -> Reader:
    """The registered reader called ``name``.

    Raises:
        InvalidInput: no such reader (``unknown_format``), naming the known ones.
    """
    for reader in READERS:
        if reader.name == name:
            return reader
    known = ", ".join(r.name for r in READERS)
    raise intake_error(name, f"unknown document format; known: {known}", code="unknown_format")


def select_reader(source: RawDocument, *, exclude: Iterable[str] = ()) -> Reader:
    """The reader most confident it can read ``source``; the extension breaks ties.

    Raises:
        InvalidInput: no reader recognises the document (``unknown_format``).
    """
    excluded = set(exclude)
    best: tuple[float, bool, int] | None = None
    chosen: Reader | None = None
    for order, reader in enumerate(READERS):
        if reader.name in excluded:
            continue
        confidence = reader.sniff(source)
        if confidence < _MIN_CONFIDENCE:
            continue
        key = (confidence, source.suffix in reader.extensions, -order)
        if best is None or key > best:
            best, chosen = key, reader
    if chosen is None:
        raise intake_error(
            source.name,
            "not a document format exportctl reads (cable text, notice text, e-mail, PDF)",
            code="unknown_format",
        )
    return chosen
