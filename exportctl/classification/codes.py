"""Control-list code forms: EU/US ``2B001.b.2.b`` and Wassenaar ``2.B.1.b.2.b``.

The EU Annex I and the US CCL number an entry with five characters (category digit, product
group letter A-E, three digits); the Wassenaar list writes the same entry with dots and no
zero padding. Paragraph paths (``.b.2.b``) are the same in both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from exportctl.errors import InvalidInput

__all__ = ["ControlCode", "code_matches", "parse_code"]

_ECCN = re.compile(r"^(\d)([A-E])(\d{3})((?:\.[a-z0-9]+)*)\.?$", re.IGNORECASE)
_WASSENAAR = re.compile(r"^(\d)\.([A-E])\.(\d{1,3})((?:\.[a-z0-9]+)*)\.?$", re.IGNORECASE)
_PREFIX = re.compile(r"^(?:ECCN|WA|EU)[\s:-]*", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class ControlCode:
    """A parsed control code: entry plus paragraph path."""

    category: str
    group: str
    number: int
    path: tuple[str, ...] = ()

    @property
    def entry(self) -> str:
        """The entry in EU/US form, without paragraphs: ``2B001``."""
        return f"{self.category}{self.group}{self.number:03d}"

    @property
    def eccn(self) -> str:
        """EU/US form with paragraphs: ``2B001.b.2.b``."""
        return ".".join((self.entry, *self.path))

    @property
    def wassenaar(self) -> str:
        """Wassenaar form: ``2.B.1.b.2.b``."""
        return ".".join((self.category, self.group, str(self.number), *self.path))

    def __str__(self) -> str:
        return self.eccn


def parse_code(text: str) -> ControlCode:
    """Read ``2B001``, ``2b001.b.2.b``, ``2.B.1``, ``2. B. 1. b. 2. b.`` or ``ECCN 2B001``.

    Raises:
        InvalidInput: the text is not a control code (``code="invalid_control_code"``).
    """
    compact = re.sub(r"\s+", "", _PREFIX.sub("", text.strip()))
    m = _ECCN.match(compact) or _WASSENAAR.match(compact)
    if m is None:
        raise InvalidInput(
            f"{text!r} is not a control code; write 2B001, 2B001.b.2.b or 2.B.1.b.2.b",
            code="invalid_control_code",
            errors={"code": "not a control code"},
        )
    path = tuple(p.lower() for p in m.group(4).split(".") if p)
    return ControlCode(m.group(1), m.group(2).upper(), int(m.group(3)), path)


def code_matches(code: str, patterns: list[str]) -> bool:
    """Whether ``code`` (or the entry it belongs to) matches any glob pattern.

    ``2B001`` matches ``2B001.b.2.b`` (a paragraph belongs to its entry); ``2B00[1-9]`` and
    ``2B???`` work as in shell globs; ``2B007.b`` matches ``2B007.b.1`` but not ``2B007.c``.
    """
    try:
        canonical = parse_code(code).eccn
    except InvalidInput:
        canonical = code.strip()
    return any(fnmatchcase(canonical, p) or fnmatchcase(canonical, p + ".*") for p in patterns)
