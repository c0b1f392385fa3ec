"""Our own watch lists: parties an organisation watches, as YAML or CSV.

This format is exportctl's own (example: ``shared/examples/watchlist-seed.yaml``). YAML::

    name: partner-alerts            # the list's name; the source is watch:<slug of name>
    entries:
      - name: Machine Sazi Tabriz   # required
        id: machine-sazi-tabriz     # optional stable key; default: slug of name
        aliases: [Mashin Sazi Tabriz, ماشین سازی تبریز]   # list or ;-separated text
        schema: Organization        # Person | Organization | Vessel | Aircraft | Unknown
        country: IR                 # code or name; one or a list
        reason: ...                 # why the party is watched
        source: 09STATE124113 (2009-12-03)   # where the information comes from -> reference
        end_use_concern: [nuclear, missile]  # -> end_use_concerns
        listed_on: 2009-12-03       # optional
        remarks: ...                # optional

CSV: a header with ``name`` and any of ``id, aliases, schema, country, reason, source,
end_use_concern, listed_on, remarks`` (``aliases``, ``country`` and ``end_use_concern``
``;``-separated); the list's name is the file name without its extension.

Entity id ``watch:<list>:<key>``: ``<list>`` is the slug of the list's name and ``<key>`` the
entry's ``id`` or else the slug of its primary name (ASCII, lower case, hyphens; other scripts
transliterated). Keys must be unique within a list: two entries whose names give the same slug
are an error that asks for an explicit ``id``, rather than a silent ``-2`` suffix that would
change with the order of the file. A Latin alias is a strong name; an alias in another script
is an ``original_script`` name. Unknown fields, unknown schemata and unresolvable countries
are errors: this list is typed by people, and a typo must not go unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from exportctl.lists.formats._common import (
    EntryBuilder,
    clean,
    csv_records,
    data_files,
    decode,
    head,
    one_data_file,
    parse_date,
    pausing_gc,
    slug,
    split_list,
)
from exportctl.lists.formats.base import ParsedList, parse_error
from exportctl.model import ListEntry, NameQuality, Schema
from exportctl.text.countries import to_iso2

__all__ = [
    "FIELDS",
    "WATCHLIST",
    "WatchlistFormat",
    "entry_from_record",
    "record_of",
    "watch_source",
]

FIELDS = (
    "name",
    "id",
    "aliases",
    "schema",
    "country",
    "reason",
    "source",
    "end_use_concern",
    "listed_on",
    "remarks",
)
_SCHEMAS = {s.value.lower(): s for s in Schema}
_YAML_SUFFIXES = (".yaml", ".yml")
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class _Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1's yes/no/on/off booleans: ``country: NO`` is Norway."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class WatchlistFormat:
    """Parser for exportctl watch lists (entity ids ``watch:<list>:<key>``).

    The source is ``watch:<list name slug>`` unless the loader names another one than the
    default ``watch``.
    """

    name = "watchlist"
    default_source = "watch"
    merges_onto_base = False  # parses a complete edition; never reads ``base``

    def sniff(self, files: Sequence[Path]) -> bool:
        """The content check other formats consult (this format detects by content alone)."""
        return self.detect(files)

    def detect(self, files: Sequence[Path]) -> bool:
        """One YAML file with an ``entries`` key, or one CSV whose header has ``name`` and
        only watch-list columns."""
        data = data_files(files)
        if len(data) != 1:
            return False
        f = data[0]
        start = head(f, 8192).decode("utf-8", "replace").lstrip("\ufeff")
        if f.suffix.lower() in _YAML_SUFFIXES:
            return bool(re.search(r"^entries\s*:", start, re.MULTILINE))
        if f.suffix.lower() == ".csv":
            cols = [c.strip().strip('"').lower() for c in start.split("\n", 1)[0].split(",")]
            return "name" in cols and set(cols) <= set(FIELDS) and len(cols) > 1
        return False

    @pausing_gc
    def parse(
        self,
        files: Sequence[Path],
        source: str | None = None,
        base: Sequence[ListEntry] | None = None,
    ) -> ParsedList:
        """Parse one watch-list file; ``base`` is not used."""
        path = one_data_file(files, "watch-list")
        if path.suffix.lower() in _YAML_SUFFIXES:
            list_name, records = self._yaml(path)
        else:
            list_name, records = path.stem, self._csv(path)
        list_slug = slug(list_name)
        if not list_slug:
            raise parse_error(
                path, None, f"list name {list_name!r} has no letters or digits", "name"
            )
        src = source if source and source != self.default_source else f"watch:{list_slug}"
        entries: list[ListEntry] = []
        keys: dict[str, str] = {}
        for where, rec in records:
            entry = self._entry(path, where, rec, src, list_name)
            if entry.native_id in keys:
                raise parse_error(
                    path,
                    where,
                    f"key {entry.native_id!r} is also the key of {keys[entry.native_id]}; give "
                    "one of them an explicit 'id'",
                    "id",
                )
            keys[entry.native_id] = f"the entry at {where}"
            entries.append(entry)
        if not entries:
            raise parse_error(path, None, "the list has no entries", "entries")
        return ParsedList(
            source=src,
            format=self.name,
            entries=tuple(entries),
            published=None,
            files=(path,),
            warnings=(),
        )

    # -- readers ----------------------------------------------------------------------

    def _yaml(self, path: Path) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
        text = decode(path)
        try:
            node = yaml.compose(text, Loader=_Loader)
            doc = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"{mark.line + 1}:{mark.column + 1}" if mark else None
            raise parse_error(path, where, f"malformed YAML: {exc.problem or exc}", "YAML") from exc
        except (yaml.YAMLError, RecursionError) as exc:
            raise parse_error(path, None, f"malformed YAML: {exc}", "YAML") from exc
        if not isinstance(doc, dict):
            raise parse_error(path, 1, "expected a mapping with 'name' and 'entries'", "YAML")
        unknown = set(doc) - {"name", "entries", "description"}
        if unknown:
            raise parse_error(
                path, 1, f"unknown key(s): {', '.join(sorted(map(str, unknown)))}", "YAML"
            )
        name = doc.get("name")
        if not isinstance(name, str) or not name.strip():
            raise parse_error(path, 1, "missing or not text", "name")
        items = doc.get("entries")
        if not isinstance(items, list):
            raise parse_error(path, 1, "missing or not a list", "entries")
        lines = _entry_lines(node)
        out = []
        for i, item in enumerate(items):
            where = f"{lines[i]}" if i < len(lines) else f"entries[{i}]"
            if not isinstance(item, dict):
                raise parse_error(path, where, "expected a mapping", f"entries[{i}]")
            out.append((where, item))
        return name.strip(), out

    def _csv(self, path: Path) -> list[tuple[str, dict[str, Any]]]:
        rows = [(line, r) for line, r in csv_records(path, decode(path)) if any(r)]
        if not rows:
            raise parse_error(path, 1, "no header row", "header")
        header_line, header = rows[0]
        cols = [h.strip().lower() for h in header]
        if "name" not in cols:
            raise parse_error(path, header_line, "needs a 'name' column", "header")
        out = []
        for line, row in rows[1:]:
            if len(row) != len(cols):
                raise parse_error(
                    path, line, f"expected {len(cols)} fields, found {len(row)}", "columns"
                )
            out.append((str(line), {c: v for c, v in zip(cols, row, strict=True) if v.strip()}))
        return out

    # -- one entry --------------------------------------------------------------------

    def _entry(
        self, path: Path, where: str, rec: dict[str, Any], src: str, list_name: str
    ) -> ListEntry:
        unknown = [str(k) for k in rec if k not in FIELDS]
        if unknown:
            raise parse_error(
                path,
                where,
                f"unknown field(s): {', '.join(unknown)} (known: {', '.join(FIELDS)})",
                "entry",
            )

        def text(key: str) -> str | None:
            value = rec.get(key)
            if value is None:
                return None
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                return clean(str(value)) or None
            if isinstance(value, date) and key == "listed_on":
                return value.isoformat()
            raise parse_error(path, where, f"expected text, got {type(value).__name__}", key)

        def many(key: str) -> list[str]:
            value = rec.get(key)
            if value is None:
                return []
            if isinstance(value, str):
                return split_list(value)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return [clean(v) for v in value if clean(v)]
            raise parse_error(path, where, "expected text or a list of text", key)

        name = text("name")
        if not name:
            raise parse_error(path, where, "missing", "name")
        key = text("id") or slug(name)
        if not key or not _KEY.match(key):
            raise parse_error(
                path,
                where,
                f"cannot make a key from {name!r}; give an 'id' "
                "(lower-case letters, digits, '.', '_', '-')",
                "id",
            )
        schema_text = (text("schema") or "unknown").lower()
        if schema_text not in _SCHEMAS:
            raise parse_error(
                path,
                where,
                f"unknown schema {text('schema')!r} (known: {', '.join(s.value for s in Schema)})",
                "schema",
            )
        b = EntryBuilder(source=src, native_id=key, schema=_SCHEMAS[schema_text])
        b.list_types.append(f"Watch list: {list_name}")
        b.add_name(name, NameQuality.PRIMARY, script_aware=False)
        for alias in many("aliases"):
            b.add_name(alias, NameQuality.STRONG, kind="a.k.a.")
        for c in many("country"):
            code = to_iso2(c)
            if code is None:
                raise parse_error(path, where, f"not a country: {c!r}", "country")
            b.countries.append(code)
        b.reason = text("reason")
        b.reference = text("source")
        b.end_use_concerns.extend(c.lower() for c in many("end_use_concern"))
        listed = text("listed_on")
        if listed:
            b.listed_on = parse_date(listed)
            if b.listed_on is None:
                raise parse_error(path, where, f"not a YYYY-MM-DD date: {listed!r}", "listed_on")
        b.add_remark(text("remarks"))
        return b.build(path, where)


def _entry_lines(node: yaml.Node | None) -> list[int]:
    """The line (1-based) of each item under the top-level ``entries`` key."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for k, v in node.value:
        if (
            isinstance(k, yaml.ScalarNode)
            and k.value == "entries"
            and isinstance(v, yaml.SequenceNode)
        ):
            return [item.start_mark.line + 1 for item in v.value]
    return []


WATCHLIST = WatchlistFormat()


def watch_source(list_name: str) -> str:
    """The source of the watch list called ``list_name`` (``watch:<slug>``); InvalidInput
    when the name has no letters or digits."""
    list_slug = slug(list_name.removeprefix("watch:"))
    if not list_slug:
        raise parse_error("name", None, f"list name {list_name!r} has no letters or digits", "name")
    return f"watch:{list_slug}"


def entry_from_record(
    rec: dict[str, Any], *, source: str, list_name: str, where: str = "entry"
) -> ListEntry:
    """One watch-list entry from the fields a file entry has (``FIELDS``), checked as a
    file's entries are (unknown fields, schemata and countries are errors)."""
    return WATCHLIST._entry(Path(where), where, rec, source, list_name)


def record_of(entry: ListEntry) -> dict[str, Any]:
    """The file fields of an entry (the inverse of :func:`entry_from_record`), for export."""
    primary = entry.name
    rec: dict[str, Any] = {"name": primary, "id": entry.native_id}
    aliases = [n.value for n in entry.names if n.value != primary]
    if aliases:
        rec["aliases"] = aliases
    rec["schema"] = entry.schema_.value
    if entry.countries:
        rec["country"] = list(entry.countries)
    for key, value in (
        ("reason", entry.reason),
        ("source", entry.reference),
        ("listed_on", entry.listed_on.isoformat() if entry.listed_on else None),
        ("remarks", entry.remarks),
    ):
        if value:
            rec[key] = value
    if entry.end_use_concerns:
        rec["end_use_concern"] = list(entry.end_use_concerns)
    return rec
