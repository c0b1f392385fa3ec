"""Safe XML loading for the list parsers (UN consolidated list, EU FSF).

Official list files never need a DTD's entities, so any entity declaration is refused before
it can expand ("billion laughs") or reach the file system or network (external entities).
defusedxml does the refusing; this module turns every failure into InvalidInput naming the
file and, for malformed XML, the line and column.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as safe_et

from exportctl.lists.formats._common import read_bytes
from exportctl.lists.formats.base import parse_error

__all__ = ["Kids", "child_text", "children", "load_xml", "local"]


def load_xml(path: Path) -> Element:
    """Parse ``path`` as XML with entity declarations and external references forbidden."""
    raw = read_bytes(path)
    try:
        root: Element = safe_et.fromstring(
            raw, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.EntitiesForbidden as exc:
        kind = "external entity" if exc.sysid or exc.pubid else "entity"
        raise parse_error(
            path,
            "DOCTYPE",
            f"XML declares an {kind} ({exc.name!r}); entity declarations are refused "
            "(entity-expansion bomb or external entity)",
            "DTD",
        ) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise parse_error(
            path, "DOCTYPE", f"XML refers to an external resource ({exc.sysid!r}); refused", "DTD"
        ) from exc
    except defusedxml.DTDForbidden as exc:  # only if a caller forbids DTDs altogether
        raise parse_error(path, "DOCTYPE", "XML has a DTD; refused", "DTD") from exc
    except ParseError as exc:
        line, col = exc.position
        detail = str(exc).split(":", 1)[0]
        raise parse_error(path, f"{line}:{col + 1}", f"malformed XML: {detail}", "XML") from exc
    except LookupError as exc:  # <?xml ... encoding="TF-8"?>: Python knows no such codec
        raise parse_error(path, 1, f"XML declares an unknown encoding: {exc}", "encoding") from exc
    except (ValueError, RecursionError) as exc:  # e.g. "multi-byte encodings are not supported"
        raise parse_error(path, None, f"unreadable XML: {exc}", "XML") from exc
    return root


def local(tag: object) -> str:
    """The tag without its namespace: ``{http://...}export`` -> ``export``."""
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


def children(el: Element, name: str) -> list[Element]:
    """Direct children named ``name`` in any namespace."""
    return [c for c in el if local(c.tag) == name]


def child_text(el: Element, name: str) -> str | None:
    """Stripped text of the first direct child named ``name``, or None if absent or empty."""
    for c in el:
        if local(c.tag) == name:
            text = (c.text or "").strip()
            return text or None
    return None


class Kids:
    """The children of one element by local tag name, indexed once for repeated lookups."""

    def __init__(self, el: Element) -> None:
        self._by: dict[str, list[Element]] = {}
        for c in el:
            self._by.setdefault(local(c.tag), []).append(c)

    def all(self, name: str) -> list[Element]:
        """Every child named ``name`` (in document order)."""
        return self._by.get(name, [])

    def text(self, name: str) -> str | None:
        """Stripped text of the first child named ``name``, or None if absent or empty."""
        found = self._by.get(name)
        if not found:
            return None
        return (found[0].text or "").strip() or None
