"""One module per official list format; ``FORMATS`` is the detection order."""

from __future__ import annotations

from exportctl.lists.formats.base import ListFormat, ParsedList

__all__ = ["FORMATS", "ListFormat", "ParsedList", "format_by_name"]

# Filled with one instance per format module, most specific first (detection stops at the
# first format whose ``detect`` accepts the files).
FORMATS: tuple[ListFormat, ...] = ()


def format_by_name(name: str) -> ListFormat:
    from exportctl.errors import InvalidInput

    for f in FORMATS:
        if f.name == name:
            return f
    known = ", ".join(f.name for f in FORMATS)
    raise InvalidInput(f"unknown list format {name!r} (known: {known})", code="unknown_format")
