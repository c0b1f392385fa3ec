"""Dates as alert documents write them: header dates and dates mentioned in the body.

Header dates are read *as written*: the seed's ``Thu Dec 03 00:00:00 +0100 2009`` is
2009-12-03, although in UTC it would be the 2nd; the analyst and the cable both say the 3rd.
"""

from __future__ import annotations

import datetime as dt
import re

from exportctl.model.alert import DateMention

__all__ = ["MONTHS", "find_dates", "parse_date", "parse_dtg"]

MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

_WEEKDAY = r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
# Header date formats, tried in order; each yields (year, month, day) groups by name. Each is
# anchored at both ends: a dateline with text after it is not a date line.
_HEADER_DATE_RES = [
    # ctime-like, as in the seed: "Thu Dec 03 00:00:00 +0100 2009"
    re.compile(
        rf"^{_WEEKDAY}(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})"
        r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+[+-]\d{4}|\s+[A-Z]{2,4})?,?\s+(?P<year>\d{4})$",
        re.IGNORECASE,
    ),
    # ISO: 2009-12-03, optionally with a time
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ][\d:.+\-Z]*)?$"),
    # "3 December 2009", "Thursday, 3 December 2009"
    re.compile(
        rf"^{_WEEKDAY}(?P<day>\d{{1,2}})\.?\s+(?P<mon>{_MONTH_RE})\.?,?\s+(?P<year>\d{{4}})$",
        re.IGNORECASE,
    ),
    # "December 3, 2009", "Thursday, December 3, 2009"
    re.compile(
        rf"^{_WEEKDAY}(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
        r"(?P<year>\d{4})$",
        re.IGNORECASE,
    ),
    # US numeric, as in cable DECL lines: 12/03/2034
    re.compile(r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})$"),
]


def parse_date(text: str) -> dt.date | None:
    """Parse a header date as written; ``None`` if it is not a date in a known format."""
    s = text.strip().rstrip(".")
    for rx in _HEADER_DATE_RES:
        m = rx.match(s)
        if not m:
            continue
        groups = m.groupdict()
        month = MONTHS[groups["mon"].lower().rstrip(".")] if groups.get("mon") else None
        if month is None:
            month = int(groups["month"])
        try:
            return dt.date(int(groups["year"]), month, int(groups["day"]))
        except ValueError:
            return None
    return None


_DTG_RE = re.compile(
    r"^(?P<prec>[ZOPRM])\s+(?P<day>\d{2})(?P<hh>\d{2})(?P<mm>\d{2})Z\s+"
    rf"(?P<mon>{_MONTH_RE})\s+(?P<yy>\d{{2}}|\d{{4}})$",
    re.IGNORECASE,
)

#: Cable precedence letters of a date-time group line.
PRECEDENCE_LETTERS = {
    "Z": "FLASH",
    "O": "IMMEDIATE",
    "P": "PRIORITY",
    "R": "ROUTINE",
    "M": "MEDIUM",
}


def parse_dtg(line: str) -> tuple[str, dt.datetime] | None:
    """Parse a cable precedence + date-time group line (``P 032127Z DEC 09``).

    Returns the precedence word and the UTC timestamp, or ``None`` if the line is not one.
    """
    m = _DTG_RE.match(line.strip())
    if not m:
        return None
    yy = int(m["yy"])
    year = yy if yy > 999 else 2000 + yy if yy < 70 else 1900 + yy
    try:
        stamp = dt.datetime(
            year,
            MONTHS[m["mon"].lower()],
            int(m["day"]),
            int(m["hh"]),
            int(m["mm"]),
            tzinfo=dt.UTC,
        )
    except ValueError:
        return None
    return PRECEDENCE_LETTERS[m["prec"].upper()], stamp


_BODY_DATE_RE = re.compile(
    # "December 3, 2009" | "3 December 2009" | "(early|late|mid-) October 2009" | "2009-10-15"
    rf"\b(?:(?P<mon1>{_MONTH_RE})\.?\s+(?P<day1>\d{{1,2}}),\s+(?P<year1>(?:19|20)\d{{2}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MONTH_RE})\.?\s+(?P<year2>(?:19|20)\d{{2}})"
    rf"|(?:(?P<qual>early|mid|late)[- ])?(?P<mon3>{_MONTH_RE})\s+(?P<year3>(?:19|20)\d{{2}})"
    r"|(?P<qual4>early|mid|late)[- ](?P<year4>(?:19|20)\d{2})"
    r"|(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2}))\b"
)


def find_dates(text: str) -> list[DateMention]:
    """Dates mentioned in a text, each once, in order of first mention.

    The value is as precise as the text: ``2009-10-15``, ``2009-10`` or ``2006``.
    Bare years are not reported (too many are amounts, serials or regulation numbers).
    """
    seen: dict[str, DateMention] = {}
    for m in _BODY_DATE_RE.finditer(text):
        value: str | None = None
        if m["iso"]:
            try:
                value = dt.date.fromisoformat(m["iso"]).isoformat()
            except ValueError:
                value = None
        elif m["year1"] or m["year2"]:
            mon = m["mon1"] or m["mon2"]
            day = int(m["day1"] or m["day2"])
            year = int(m["year1"] or m["year2"])
            try:
                value = dt.date(year, MONTHS[mon.lower()], day).isoformat()
            except ValueError:
                value = None
        elif m["year3"]:
            value = f"{int(m['year3']):04d}-{MONTHS[m['mon3'].lower()]:02d}"
        elif m["year4"]:
            value = m["year4"]
        if value is None:
            continue
        written = " ".join(m.group(0).split())
        seen.setdefault(written.lower(), DateMention(text=written, value=value))
    return list(seen.values())
