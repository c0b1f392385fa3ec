"""Helpers shared by the list-format parsers: strict CSV reading, dates, names, entry building.

Private to :mod:`exportctl.lists.formats`. Everything here raises only
:class:`~exportctl.errors.InvalidInput` (through :func:`parse_error`) on bad input.
"""

from __future__ import annotations

import csv
import functools
import gc
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import ParamSpec, TypeVar

from anyascii import anyascii
from pydantic import ValidationError

from exportctl.errors import InvalidInput
from exportctl.lists.formats.base import parse_error, read_text
from exportctl.model import Address, EntryName, Identifier, ListEntry, NameQuality, Schema
from exportctl.text.countries import country_name, to_iso2

__all__ = [
    "EntryBuilder",
    "TruncatedRecord",
    "clean",
    "csv_records",
    "decode",
    "dob_values",
    "has_official_name",
    "head",
    "is_ancillary",
    "is_latin",
    "named_officially",
    "parse_date",
    "pausing_gc",
    "read_bytes",
    "short_hash",
    "slug",
    "small_int",
    "split_list",
    "year_range",
]

# Files a folder of list files may carry beside the data (documentation, checksums).
_ANCILLARY = re.compile(
    r"^(readme|license|licence|sha256sums|md5sums|checksums)(\..*)?$|\.(md|sha256|sha1|md5|asc|sig)$",
    re.IGNORECASE,
)


P = ParamSpec("P")
R = TypeVar("R")


def pausing_gc(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` with the cyclic garbage collector paused, then restore it.

    A parse creates hundreds of thousands of small, acyclic objects that all stay alive; the
    collector would rescan them again and again (about a third of the parse time on the
    15,000-entry SDN list) and could free none. Reference counting still frees everything;
    collection resumes afterwards, and only if it was on before.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


def is_ancillary(path: Path) -> bool:
    """True for documentation or checksum files that detection and parsing skip."""
    return bool(_ANCILLARY.search(path.name))


# Official names of single-file lists beyond the registry's (earlier UK file name).
_EXTRA_NAMES = {"uk-hmt": ("sanctionsconlist.csv",)}


def has_official_name(files: Sequence[Path], format_name: str) -> bool:
    """True for one file named as the registry names this format's file (``dpl.txt``).

    Detection falls back on the name so that an empty, truncated or wrongly encoded official
    file reaches its own parser and gets a precise error ("file is empty", "line 3: not valid
    UTF-8") instead of "not a known list format".
    """
    from exportctl.lists.sources import SOURCES  # the registry holds the official file names

    data = data_files(files)
    if len(data) != 1:
        return False
    names = {f.filename.lower() for s in SOURCES if s.format == format_name for f in s.files}
    names.update(_EXTRA_NAMES.get(format_name, ()))
    return data[0].name.lower() in names


def named_officially(fmt: object, name: str, files: Sequence[Path]) -> bool:
    """Detection by file name, for a file whose content no format recognises.

    True if ``files`` is one file with the official name of format ``name`` and no format's
    ``sniff`` (content check) accepts it: an empty or broken ``dpl.txt`` then reaches the DPL
    parser and its precise error, while a well-formed file of another format named
    ``consolidated.xml`` still goes to its own format.
    """
    if not has_official_name(files, name):
        return False
    from exportctl.lists.formats import FORMATS  # at call time: the package imports us

    for other in FORMATS:
        sniff = getattr(other, "sniff", None)
        if other is not fmt and sniff is not None and sniff(files):
            return False
    return True


def head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes of a file (b"" if unreadable), for cheap format detection."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def read_bytes(path: Path) -> bytes:
    """A whole file's bytes; InvalidInput if unreadable or empty (see ``read_text``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise parse_error(path, None, f"cannot read file: {exc.strerror}") from exc
    if not raw.strip(b" \t\r\n\x1a\x00"):
        raise parse_error(path, None, "file is empty")
    return raw


def decode(path: Path, encodings: Sequence[str] = ("utf-8",)) -> str:
    """Read a text file strictly: valid in one of ``encodings``, no NUL bytes, not empty.

    NUL bytes mean a binary file or UTF-16 text; official lists are never either, and the csv
    module would otherwise read them silently.
    """
    text = read_text(path, encodings)
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise parse_error(
            path,
            line,
            "NUL byte in text (binary file, or UTF-16 where UTF-8 was expected)",
            "encoding",
        )
    return text


class TruncatedRecord(InvalidInput):
    """A CSV file ends inside a quoted field: the file was cut short.

    ``line`` is the line the unfinished record starts on. A subclass so that a parser that
    explicitly tolerates a cut-off last record (see ``csl-partial``) can tell this case apart.
    """

    line: int = 0


def csv_records(path: Path, text: str, *, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Yield ``(first line number, fields)`` for each CSV record, reading strictly.

    Quoted fields may span lines, so the line reported is the line the record starts on. An
    unterminated quote (a truncated file) or any other CSV syntax error raises InvalidInput
    naming the line; nothing is ever silently repaired.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            msg = str(exc)
            if "unexpected end of data" in msg or "newline inside string" in msg:
                base = parse_error(
                    path,
                    start,
                    "unterminated quoted field at end of file (truncated file?)",
                    "csv",
                )
                err = TruncatedRecord(base.detail, code=base.code, errors=base.errors)
                err.line = start
                raise err from exc
            raise parse_error(path, reader.line_num, f"malformed CSV: {msg}", "csv") from exc
        yield start, row
        start = reader.line_num + 1


def split_list(value: str | None, sep: str = ";") -> list[str]:
    """Split a ``;``-separated cell into stripped, non-empty parts."""
    if not value:
        return []
    return [p.strip() for p in value.split(sep) if p.strip()]


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# A trailing time or UTC offset is ignored: "2015-04-07-04:00" (UN), "2026-08-05T16:47:04".
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T Z+-].*)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DMY_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value: str, *, order: str = "iso") -> date | None:
    """A full calendar date from ``value`` or None if it is not one.

    ``order`` says how a slashed date reads: ``dmy`` (UK, ``02/04/2014``) or ``mdy`` (US,
    ``06/19/2003``); ISO ``YYYY-MM-DD`` (with an optional time) is always accepted.
    """
    v = value.strip()
    m = _ISO_DATE.match(v)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _SLASHED.match(v)
        if not m or order not in ("dmy", "mdy"):
            return None
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d, mo = (a, b) if order == "dmy" else (b, a)
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _valid_prefix(y: int, mo: int = 0, d: int = 0) -> str | None:
    """The ISO prefix for a (partly) known date; an impossible day keeps year and month.

    ``29/02/1969`` (UK list) is no date, but the list still says February 1969.
    """
    if not 1000 <= y <= 9999:
        return None
    if not mo:
        return f"{y:04d}"
    if not 1 <= mo <= 12:
        return None
    if not d:
        return f"{y:04d}-{mo:02d}"
    try:
        date(y, mo, d)
    except ValueError:
        return f"{y:04d}-{mo:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _one_dob(text: str, order: str) -> str | None:
    t = text.strip().strip(".").strip()
    m = _ISO_DATE.match(t)
    if m:
        return _valid_prefix(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _ISO_MONTH.match(t)
    if m:
        return _valid_prefix(int(m.group(1)), int(m.group(2)))
    m = _YEAR.match(t)
    if m:
        return _valid_prefix(int(m.group(1)))
    m = _DMY_WORDS.match(t)
    if m:
        month = _MONTHS.get(m.group(2).lower())
        if month is None:
            return None
        return _valid_prefix(int(m.group(3)), month, int(m.group(1) or 0))
    m = _SLASHED.match(t)
    if m and order in ("dmy", "mdy"):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d, mo = (a, b) if order == "dmy" else (b, a)
        # "00/00/1980" (UK): unknown day and month.
        return _valid_prefix(y, mo, d if mo else 0)
    return None


_RANGE = re.compile(r"^(?:between\s+)?(.+?)\s+(?:to|and|-)\s+(.+)$", re.IGNORECASE)
_CIRCA = re.compile(r"^(?:circa|approximately|approx\.?|about|ca\.?|c\.)\s+", re.IGNORECASE)

#: Year ranges up to this long are expanded year by year; longer ones keep only their ends.
MAX_EXPANDED_YEARS = 10


def small_int(text: str, digits: int = 4) -> int | None:
    """``text`` as an int if it is 1 to ``digits`` decimal digits, else None (never raises)."""
    t = text.strip()
    return int(t) if 0 < len(t) <= digits and t.isdecimal() else None


def year_range(start: int, end: int) -> list[str]:
    """``1960..1962`` -> ``["1960", "1961", "1962"]``; long ranges keep just the two ends."""
    if not (1000 <= start <= 9999 and 1000 <= end <= 9999) or end < start:
        return []
    if end - start <= MAX_EXPANDED_YEARS:
        return [f"{y:04d}" for y in range(start, end + 1)]
    return [f"{start:04d}", f"{end:04d}"]


def dob_values(text: str, *, order: str = "iso") -> list[str]:
    """Birth dates as ISO prefixes from one date expression; [] if it is not a date.

    Handles ``01 Jan 1961``, ``Jan 1961``, ``1961``, ``1961-01-01``, ``circa 1961``,
    ``1960 to 1962`` (each year), ``01 Jan 1960 to 31 Dec 1962`` (both ends) and, with
    ``order``, slashed dates (``00/00/1980`` means only the year is known).
    """
    t = _CIRCA.sub("", text.strip()).strip()
    if not t:
        return []
    one = _one_dob(t, order)
    if one:
        return [one]
    m = _RANGE.match(t)
    if m:
        a, b = _one_dob(m.group(1), order), _one_dob(m.group(2), order)
        if a and b:
            if len(a) == 4 and len(b) == 4:
                return year_range(int(a), int(b))
            return [a, b]
    return []


_SLUG_SEP = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_len: int = 60) -> str:
    """ASCII, lower-case, hyphen-separated key for ids (any script is transliterated)."""
    s = _SLUG_SEP.sub("-", anyascii(text).lower()).strip("-")
    return s[:max_len].rstrip("-")


def short_hash(*parts: str, length: int = 8) -> str:
    """A short, stable hex digest of ``parts`` (joined with a separator that cannot occur)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


@lru_cache(maxsize=4096)
def _char_is_latin(ch: str) -> bool:
    try:
        return unicodedata.name(ch).startswith("LATIN")
    except ValueError:
        return True


def is_latin(text: str) -> bool:
    """True if every letter in ``text`` is a Latin letter (digits and punctuation ignored)."""
    if text.isascii():
        return True
    return all(_char_is_latin(ch) for ch in text if ch.isalpha())


# "Latin name (name in another script)" or "script name (Latin; Latin; ...)": one field holding
# a name and its other-script forms (the UN list writes aliases so).
_PAREN_NAMES_RE = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*[,;.]?\s*$")


def split_script_forms(value: str) -> list[str]:
    """The names in a field that writes one name in two scripts; ``[value]`` otherwise.

    ``"Djaafar Abou Mohamed (جعفر ابو محمد)"`` → both names; ``"حسن غول (Hassan Ghul; Hasan
    Gul)"`` → three; ``"Agha Jan Alizai اغا جان عالیزی"`` (the two forms side by side) → two.
    A parenthesis in the same script ("Al-Qaida (AQ)") is left alone.
    """
    m = _PAREN_NAMES_RE.match(value)
    if m is not None:
        outer, inner = m.group("outer").strip(), m.group("inner")
        parts = [p.strip() for p in inner.split(";") if p.strip()]
        if parts and outer and is_latin(outer) != is_latin(parts[0]):
            return [outer, *parts]
        return [value]
    words = value.split()
    latin = [is_latin(w) for w in words]
    cut = next((k for k in range(1, len(words)) if latin[k] != latin[k - 1]), None)
    if cut is not None and all(x == latin[cut] for x in latin[cut:]):
        return [" ".join(words[:cut]), " ".join(words[cut:])]
    return [value]


def clean(value: str | None) -> str:
    """Collapse runs of white space (line breaks included) and strip."""
    if not value:
        return ""
    return " ".join(value.split())


# Names seen once per entry: a later, stronger duplicate upgrades the first.
_RANK = {
    NameQuality.PRIMARY: 3,
    NameQuality.STRONG: 2,
    NameQuality.ORIGINAL_SCRIPT: 1,
    NameQuality.WEAK: 0,
}


def _uniq(values: list[str]) -> tuple[str, ...]:
    """First-seen order without duplicates or empty strings (most lists are empty: fast path)."""
    if not values:
        return ()
    return tuple(dict.fromkeys(v for v in values if v))


@dataclass
class EntryBuilder:
    """Collects one entry's data from several rows or elements, then builds a ListEntry.

    Names are de-duplicated on their exact (space-normalized) spelling, keeping the strongest
    quality; countries, dates and the other lists keep first-seen order without duplicates.
    """

    source: str
    native_id: str
    schema: Schema = Schema.UNKNOWN
    entity_id: str | None = None
    names: list[EntryName] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    list_types: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    listed_on: date | None = None
    reason: str | None = None
    reference: str | None = None
    end_use_concerns: list[str] = field(default_factory=list)

    def add_name(
        self,
        value: str | None,
        quality: NameQuality = NameQuality.STRONG,
        kind: str | None = None,
        lang: str | None = None,
        *,
        script_aware: bool = True,
    ) -> None:
        """Add a name; with ``script_aware`` a non-Latin strong alias becomes original_script."""
        v = clean(value)
        if not v:
            return
        if script_aware and not v.isascii():
            forms = split_script_forms(v)
            if len(forms) > 1:
                for form in forms:
                    self.add_name(form, quality, kind, lang)
                return
        if script_aware and quality is NameQuality.STRONG and not is_latin(v):
            quality = NameQuality.ORIGINAL_SCRIPT
        for i, n in enumerate(self.names):
            if n.value == v:
                if _RANK[quality] > _RANK[n.quality]:
                    self.names[i] = EntryName(value=v, quality=quality, kind=kind, lang=lang)
                return
        self.names.append(EntryName(value=v, quality=quality, kind=kind, lang=lang or None))

    def add_country(self, value: str | None) -> None:
        """Add a country (any spelling); ignored if it does not resolve to one ISO code."""
        code = to_iso2(value) if value else None
        if code:
            self.countries.append(code)

    def add_nationality(self, value: str | None) -> None:
        code = to_iso2(value) if value else None
        if code:
            self.nationalities.append(code)

    def add_address(
        self,
        parts: Iterable[str | None],
        *,
        city: str | None = None,
        country: str | None = None,
        country_code: str | None = None,
    ) -> None:
        """Add an address from its parts (street, city, ...); the country also joins countries.

        ``text`` is the whole address on one line, country included as the list wrote it, so a
        reviewer reads it as printed; ``country`` is its ISO code and ``country_name`` the
        list's spelling (or the ISO name when the list gave only a code). ``country_code``,
        when the list gives one beside the name, wins over resolving the name.
        """
        code = to_iso2(country_code) if country_code else None
        code = code or (to_iso2(country) if country else None)
        given = clean(country)
        cname: str | None
        if given and code and given.upper() == code:
            cname = country_name(code) or given
        else:
            cname = given or (country_name(code) if code else None)
        pieces = [p for p in (clean(p) for p in parts) if p]
        if given and not (pieces and pieces[-1].endswith(given)):
            pieces.append(given)
        text = ", ".join(pieces)
        if not text:
            return
        addr = Address(
            text=text, city=clean(city) or None, country=code, country_name=cname or None
        )
        if all(a.text != addr.text or a != addr for a in self.addresses):
            self.addresses.append(addr)
        if code:
            self.countries.append(code)

    def add_identifier(
        self, type_: str, value: str | None, country: str | None = None, note: str | None = None
    ) -> None:
        v = clean(value)
        if not v:
            return
        ident = Identifier(
            type=clean(type_) or "id",
            value=v,
            country=to_iso2(country) if country else None,
            note=clean(note) or None,
        )
        self.add_identifier_obj(ident)

    def add_identifier_obj(self, ident: Identifier) -> None:
        """Add a ready-made identifier unless an equal one is there already."""
        if all(i.value != ident.value or i != ident for i in self.identifiers):
            self.identifiers.append(ident)

    def add_remark(self, text: str | None) -> None:
        t = (text or "").strip()
        if t and t not in self.remarks:
            self.remarks.append(t)

    def build(self, path: Path | str, where: str | int | None) -> ListEntry:
        """The finished entry; InvalidInput naming ``where`` if it has no name or bad data."""
        if not self.names:
            raise parse_error(path, where, f"entry {self.native_id!r} has no name", "name")
        names = list(self.names)
        if not any(n.quality is NameQuality.PRIMARY for n in names):
            # No name was marked primary: the first strong (or any) name captions the entry.
            best = next((i for i, n in enumerate(names) if n.quality is NameQuality.STRONG), 0)
            n = names.pop(best)
            names.insert(0, EntryName(value=n.value, quality=NameQuality.PRIMARY, lang=n.lang))
        else:
            # One caption only: the first primary leads, any later one is an alias.
            first = next(i for i, n in enumerate(names) if n.quality is NameQuality.PRIMARY)
            lead = names.pop(first)
            names = [lead] + [
                n.model_copy(update={"quality": NameQuality.STRONG})
                if n.quality is NameQuality.PRIMARY
                else n
                for n in names
            ]
        try:
            return ListEntry(
                entity_id=self.entity_id or f"{self.source}:{self.native_id}",
                source=self.source,
                native_id=self.native_id,
                schema_=self.schema,
                names=tuple(names),
                countries=_uniq(self.countries),
                nationalities=_uniq(self.nationalities),
                addresses=tuple(self.addresses),
                identifiers=tuple(self.identifiers),
                birth_dates=_uniq(self.birth_dates),
                birth_places=_uniq([clean(p) for p in self.birth_places]),
                programs=_uniq([clean(p) for p in self.programs]),
                list_types=_uniq(self.list_types),
                remarks="\n".join(self.remarks) or None,
                listed_on=self.listed_on,
                reason=self.reason,
                reference=self.reference,
                end_use_concerns=_uniq(self.end_use_concerns),
            )
        except ValidationError as exc:  # a value the model rejects is the file's fault
            problem = exc.errors()[0]
            loc = ".".join(str(p) for p in problem.get("loc", ()))
            raise parse_error(path, where, problem.get("msg", "invalid value"), loc) from exc


def data_files(files: Sequence[Path]) -> list[Path]:
    """The files that hold list data (README, checksum and similar files left out)."""
    return [f for f in files if not is_ancillary(f)]


class SniffedFormat:
    """Detection shared by the formats: by content (``sniff``), else by the official name."""

    name: str

    def sniff(self, files: Sequence[Path]) -> bool:
        raise NotImplementedError

    def detect(self, files: Sequence[Path]) -> bool:
        """The content is this format's (see ``sniff``), or the file has the official name
        and no format recognises its content (an empty or broken official file)."""
        return self.sniff(files) or named_officially(self, self.name, files)


def one_data_file(files: Sequence[Path], what: str) -> Path:
    """The single data file of a one-file format; InvalidInput naming ``what`` otherwise."""
    data = data_files(files)
    if len(data) != 1:
        where = data[0].parent if data else "(no files)"
        raise parse_error(where, None, f"expected one {what} file, got {len(data)}", "file")
    return data[0]
