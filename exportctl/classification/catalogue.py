"""The control-list catalogue: every US CCL ECCN and the Wassenaar Category 2 entries.

The catalogue is built from the ``us-ccl`` and ``wassenaar`` control datasets
(:mod:`exportctl.controls`; see ``docs/controls.md``): the store's active version, the US
snapshot shipped with the package, or a folder (``exportctl.files.read_control_catalogue``).

Entries are merged by code: ``2B001`` carries the US text and the Wassenaar ``2.B.1`` text.
:meth:`ControlCatalogue.search` ranks entries by fuzzy token overlap (rapidfuzz) with the
heading weighted above the body; :meth:`ControlCatalogue.show` accepts any code form and
returns the entry with the requested paragraph's text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from exportctl.classification.codes import ControlCode, parse_code
from exportctl.errors import InvalidInput, NotFound
from exportctl.model.controls import ControlData

__all__ = [
    "CatalogueEntry",
    "ChartRow",
    "ControlCatalogue",
    "SearchHit",
    "ShownEntry",
    "UsEntry",
    "WassenaarEntry",
    "wassenaar_items",
]


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "other",
        "than",
        "that",
        "the",
        "their",
        "these",
        "this",
        "those",
        "to",
        "with",
        "which",
    ]
)
_NUMBER_WORDS = {
    "2": "two",
    "3": "three",
    "4": "four",
    "5": "five",
    "6": "six",
    "7": "seven",
    "8": "eight",
}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ChartRow(_Out):
    """One licence-requirement row: which reason applies to what, and its chart column."""

    control: str
    column: str | None = Field(description="Country Chart column, e.g. NS2; None if no chart")
    text: str


class UsEntry(_Out):
    heading: str
    items: str = ""
    related_controls: str = ""
    related_definitions: str = ""
    reasons: list[str] = Field(default_factory=list)
    chart: list[ChartRow] = Field(default_factory=list)
    license_exceptions: dict[str, str] = Field(default_factory=dict)
    completeness: str | None = None
    source: str


class WassenaarEntry(_Out):
    code: str
    heading: str
    text: str
    pages: list[int]
    source: str


class CatalogueEntry(_Out):
    """One entry, with the US and Wassenaar texts where the folder has them."""

    code: str
    wassenaar_code: str | None = None
    heading: str
    us: UsEntry | None = None
    wassenaar: WassenaarEntry | None = None

    @property
    def chart_columns(self) -> list[str]:
        """The Country Chart columns named in the licence requirements (NS2, NP1, AT1)."""
        if self.us is None:
            return []
        return list(dict.fromkeys(r.column for r in self.us.chart if r.column))


class SearchHit(_Out):
    code: str
    wassenaar_code: str | None
    heading: str
    score: float
    matched: list[str]


class ShownEntry(_Out):
    """``show`` output: the entry and the text of the paragraph that was asked for."""

    requested: str
    code: str
    wassenaar_code: str | None
    paragraph: str | None
    us_paragraph_text: str | None = None
    wassenaar_paragraph_text: str | None = None
    entry: CatalogueEntry


def _tokens(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [w for w in words if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())]


def _column(chart: str) -> str | None:
    m = re.match(r"\s*([A-Z]{2})\s+Column\s+(\d)", chart)
    return f"{m.group(1)}{m.group(2)}" if m else None


def _us_entries(ccl: ControlData) -> dict[str, UsEntry]:
    source = f"{ccl.source} (us-ccl {ccl.version})"
    out: dict[str, UsEntry] = {}
    for code, e in ccl.payload["entries"].items():
        chart = [
            ChartRow(control=str(r["control"]), text=str(r["text"]), column=_column(str(r["text"])))
            for r in e.get("chart", [])
        ]
        out[code] = UsEntry(
            heading=str(e.get("heading", "")),
            items=str(e.get("items", "")),
            related_controls=str(e.get("related_controls", "")),
            related_definitions=str(e.get("related_definitions", "")),
            reasons=[str(r) for r in e.get("reasons", [])],
            chart=chart,
            license_exceptions={str(k): str(v) for k, v in e.get("license_exceptions", {}).items()},
            completeness=e.get("completeness"),
            source=source,
        )
    return out


# A Wassenaar entry marker: "2. B. 1." (with spaces; in-text references are "2.B.1."),
# possibly followed by paragraph labels of a continued entry ("2. B. 6. b. 4.").
_WA_MARKER = re.compile(r"^(\d)\. ([A-E])\.\s+(\d+)\.((?:\s*[a-z0-9]{1,2}\.)*)\s*(.*)$")
_WA_PAGE = re.compile(r"<<<PAGE (\d+)>>>")
_WA_CATEGORY = re.compile(r"DUAL-USE LIST - CATEGORY (\d+)")
_WA_NOISE = re.compile(
    r"^(_{5,}|DUAL-USE LIST - CATEGORY .*|WA-LIST \(\d+\) \d+( Corr\.)?|\d{2}-\d{2}-\d{4}|"
    r"- ?\d+ ?-|\* The Russian Federation.*|which could contribute to the indigenous.*)$"
)
_LABEL = re.compile(r"^([a-z]|\d{1,2})\.$")
# "2. D. SOFTWARE" heads a section; its first entry may follow as a bare "1." line.
_WA_SECTION = re.compile(r"^(\d)\. ([A-E])\.\s+[A-Z][A-Z ,-]+$")


_Lines = list[tuple[str, Any]]  # ("MARK", [labels]) or ("TEXT", line)


def _parse_wassenaar(text: str, categories: Sequence[str]) -> dict[str, tuple[_Lines, list[int]]]:
    """Per Wassenaar entry of ``categories``: its lines and the pages it is on."""
    pieces = _WA_PAGE.split(text)
    entries: dict[str, tuple[_Lines, list[int]]] = {}
    current: str | None = None
    section: tuple[str, str] | None = None
    for i in range(1, len(pieces) - 1, 2):
        page, body = int(pieces[i]), pieces[i + 1]
        cat = _WA_CATEGORY.search(body[:400])
        if cat is None or cat.group(1) not in categories:
            current = None
            continue
        for raw in body.splitlines():
            line = raw.strip()
            if not line or _WA_NOISE.match(line):
                continue
            m = _WA_MARKER.match(line)
            head = _WA_SECTION.match(line)
            label = _LABEL.match(line)
            if head:
                section, current = (head.group(1), head.group(2)), None
                continue
            if section is not None and current is None and label and label.group(1).isdigit():
                # "2. D. SOFTWARE" directly followed by "1.": the section's first entry.
                current = f"{section[0]}.{section[1]}.{int(label.group(1))}"
                entries.setdefault(current, ([], []))[0].append(("MARK", []))
            elif m and m.group(1) in categories:
                section = None
                current = f"{m.group(1)}.{m.group(2)}.{int(m.group(3))}"
                lines, _ = entries.setdefault(current, ([], []))
                lines.append(("MARK", re.findall(r"([a-z0-9]{1,2})\.", m.group(4))))
                if m.group(5):
                    lines.append(("TEXT", m.group(5)))
            elif current is not None:
                entries[current][0].append(("TEXT", line))
            else:
                section = None  # text between a section header and an entry (Technical Notes)
                continue
            pages = entries[current][1]
            if page not in pages:
                pages.append(page)
    return entries


def wassenaar_items(text: str) -> dict[str, str]:
    """Every Wassenaar dual-use entry (categories 1-9) and its text, for comparing versions."""
    raw = _parse_wassenaar(text, [str(c) for c in range(10)])
    return {code: "\n".join(_render(lines)) for code, (lines, _) in raw.items()}


def _wassenaar_entry(
    code: str, lines: _Lines, pages: list[int], source: str = "wassenaar"
) -> WassenaarEntry:
    heading_parts: list[str] = []
    for kind, t in lines[1:]:
        if (
            kind == "MARK"
            or _LABEL.match(t)
            or re.match(r"^([a-z]|\d{1,2})\.\s", t)  # an inline label: "a. Software ..."
            or t.startswith(("Note", "Technical Note", "N.B."))
        ):
            if heading_parts:
                break
            continue
        heading_parts.append(t)
    return WassenaarEntry(
        code=code,
        heading=" ".join(heading_parts).strip(),
        text="\n".join(_render(lines)),
        pages=pages,
        source=f"{source} (pages {pages[0]}-{pages[-1]})",
    )


def _render(lines: _Lines) -> list[str]:
    """Entry text with labels joined to their text, markers dropped."""
    out: list[str] = []
    pending: list[str] = []
    for kind, t in lines:
        if kind == "MARK":
            pending = [f"{x}." for x in t]
            continue
        if _LABEL.match(t):
            pending.append(t)
            continue
        out.append(" ".join([*pending, t]))
        pending = []
    return out


def _wa_paragraphs(lines: _Lines) -> dict[tuple[str, ...], str]:
    """Best-effort paragraph texts of a Wassenaar entry, keyed by label path.

    Labels alternate letter/number by depth; a continuation marker ("2. B. 1." then "b.",
    "4.") re-anchors the path. List items inside notes can create extra paths; a later real
    paragraph with the same path replaces them, which is how the list is ordered.
    """
    out: dict[tuple[str, ...], str] = {}
    path: list[str] = []
    anchoring = False
    fresh = False  # the next text line starts the paragraph at ``path`` (replacing earlier)

    def first(label: str) -> bool:
        return label in ("a", "1")

    def follows(prev: str, label: str) -> bool:
        if prev.isdigit() and label.isdigit():
            return int(label) == int(prev) + 1
        return prev.isalpha() and label.isalpha() and ord(label) == ord(prev) + 1

    for kind, t in lines:
        if kind == "MARK":
            path, anchoring, fresh = list(t), True, True
            continue
        m = _LABEL.match(t)
        if m:
            label = m.group(1)
            fresh = True
            if anchoring:
                path.append(label)
                continue
            depth = len(path)
            letter_depth = depth % 2 == 0
            if first(label) and label.isalpha() == letter_depth:
                path.append(label)
            else:
                for d in range(depth - 1, -1, -1):
                    if follows(path[d], label):
                        path = [*path[:d], label]
                        break
            continue
        anchoring = False
        key = tuple(path)
        if key:
            # A labelled line starts the paragraph (a later one with the same path, e.g. the
            # real 2.B.1.d after Note 2's item d, replaces it); unlabelled lines continue it.
            out[key] = t if fresh or key not in out else f"{out[key]} {t}"
        fresh = False
    return out


def _us_paragraph(items: str, path: Sequence[str]) -> str | None:
    """The text of paragraph ``b.2.b`` in a CCL "Items" text (labels are full paths there)."""
    if not path:
        return None
    label = ".".join(path)
    pattern = re.compile(rf"(?:^|(?<=\s)){re.escape(label)}\.\s")
    spots = [m.end() for m in pattern.finditer(items)]
    if not spots:
        return None
    child = re.compile(rf"(?:^|(?<=\s)){re.escape(label)}\.[a-z0-9]+\.\s")
    first_child = child.search(items)
    if first_child is not None:
        before = [s for s in spots if s <= first_child.start()]
        start = before[-1] if before else spots[0]
    else:
        start = spots[-1]  # a letter repeated in an earlier note: the real paragraph is last
    end = re.compile(r"\s(?:[a-z](?:\.[a-z0-9]+)*\.\s|Notes?\b|Technical Notes?\b)")
    m = end.search(items, start)
    return items[start : m.start() if m else len(items)].strip()


class ControlCatalogue:
    """Every CCL ECCN and the Wassenaar entries of the chosen categories, searchable."""

    def __init__(
        self,
        entries: Iterable[CatalogueEntry],
        folder: str | None = None,
        wassenaar_lines: dict[str, _Lines] | None = None,
    ) -> None:
        self._entries = {e.code: e for e in entries}
        self.folder = folder
        self._wa_lines = wassenaar_lines or {}
        self.versions: dict[str, str] = {}  # dataset -> version the entries came from
        self.warnings: list[str] = []  # datasets missing from the catalogue, and the fix
        self._heading: dict[str, set[str]] = {}
        self._body: dict[str, set[str]] = {}
        df: Counter[str] = Counter()
        for code, e in self._entries.items():
            head = set(_tokens(e.heading))
            body = set()
            if e.us is not None:
                body |= set(_tokens(f"{e.us.heading} {e.us.items}"))
            if e.wassenaar is not None:
                body |= set(_tokens(f"{e.wassenaar.heading} {e.wassenaar.text}"))
            self._heading[code], self._body[code] = head, body | head
            df.update(self._body[code])
        n = max(len(self._entries), 1)
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._vocab = sorted(df)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Any:
        return iter(self._entries.values())

    @classmethod
    def from_data(
        cls,
        ccl: ControlData | None,
        wassenaar: ControlData | None,
        *,
        categories: Sequence[str] = ("2",),
    ) -> ControlCatalogue:
        """The catalogue of the ``us-ccl`` and ``wassenaar`` datasets (either may be None)."""
        us = _us_entries(ccl) if ccl is not None else {}
        text = str(wassenaar.payload["text"]) if wassenaar is not None else ""
        raw = _parse_wassenaar(text, categories) if text else {}
        wa_source = f"{wassenaar.source} (wassenaar {wassenaar.version})" if wassenaar else ""
        merged: dict[str, CatalogueEntry] = {}
        for code, entry in us.items():
            merged[code] = CatalogueEntry(code=code, heading=entry.heading, us=entry)
        for wcode, (lines, pages) in raw.items():
            wentry = _wassenaar_entry(wcode, lines, pages, wa_source)
            code = parse_code(wcode).entry
            base = merged.get(code)
            merged[code] = CatalogueEntry(
                code=code,
                wassenaar_code=wcode,
                heading=base.heading if base is not None else wentry.heading,
                us=base.us if base is not None else None,
                wassenaar=wentry,
            )
        catalogue = cls(
            sorted(merged.values(), key=lambda e: parse_code(e.code)),
            "; ".join(d.source for d in (ccl, wassenaar) if d is not None),
            {code: lines for code, (lines, _) in raw.items()},
        )
        catalogue.versions = {d.dataset: d.version for d in (ccl, wassenaar) if d is not None}
        return catalogue

    def get(self, code: str) -> CatalogueEntry:
        """The entry for a code in any form (paragraphs are ignored).

        Raises:
            InvalidInput: not a control code.
            NotFound: no such entry in the catalogue.
        """
        entry = parse_code(code).entry
        found = self._entries.get(entry)
        if found is None:
            raise NotFound(f"{entry} is not in the control catalogue", code="control_not_found")
        return found

    def show(self, code: str) -> ShownEntry:
        """The entry and, for a paragraph code, that paragraph's text in each list.

        Raises:
            InvalidInput: not a control code.
            NotFound: no such entry, or the paragraph is in neither text.
        """
        parsed: ControlCode = parse_code(code)
        entry = self.get(code)
        us_text = wa_text = None
        if parsed.path:
            if entry.us is not None:
                us_text = _us_paragraph(entry.us.items, parsed.path)
            if entry.wassenaar is not None and entry.wassenaar_code in self._wa_lines:
                wa_text = _wa_paragraphs(self._wa_lines[entry.wassenaar_code]).get(parsed.path)
            if us_text is None and wa_text is None:
                raise NotFound(
                    f"{parsed.eccn}: paragraph {'.'.join(parsed.path)} not found in {entry.code}",
                    code="control_not_found",
                )
        return ShownEntry(
            requested=code,
            code=parsed.eccn,
            wassenaar_code=".".join([entry.wassenaar_code, *parsed.path])
            if entry.wassenaar_code
            else None,
            paragraph=".".join(parsed.path) or None,
            us_paragraph_text=us_text,
            wassenaar_paragraph_text=wa_text,
            entry=entry,
        )

    def search(self, query: str, *, limit: int = 10) -> list[SearchHit]:
        """Entries ranked by how well their words match the query's (fuzzy, idf-weighted).

        A query that is a control code puts that entry first.

        Raises:
            InvalidInput: an empty query.
        """
        if not query.strip():
            raise InvalidInput("empty search query", code="invalid_query", errors={"query": ""})
        scores: dict[str, float] = {}
        matched: dict[str, list[str]] = {}
        try:
            exact = parse_code(query).entry
        except InvalidInput:
            exact = None
        if exact in self._entries:
            scores[exact] = 1000.0
            matched[exact] = [exact]
        words = [_NUMBER_WORDS.get(t, t) for t in _tokens(query)]
        for word in dict.fromkeys(words):
            terms = self._similar(word)
            for code in self._entries:
                best, best_term = 0.0, ""
                for term, sim in terms:
                    if term in self._body[code]:
                        weight = 3.0 if term in self._heading[code] else 1.0
                        value = sim * self._idf[term] * weight
                        if value > best:
                            best, best_term = value, term
                if best:
                    scores[code] = scores.get(code, 0.0) + best
                    matched.setdefault(code, []).append(best_term)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], parse_code(kv[0])))
        return [
            SearchHit(
                code=code,
                wassenaar_code=self._entries[code].wassenaar_code,
                heading=self._entries[code].heading,
                score=round(score, 3),
                matched=matched.get(code, []),
            )
            for code, score in ranked[:limit]
        ]

    def _similar(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary terms like ``word``: near spellings (axis ~ axes) and prefixes (mill)."""
        found = process.extract(word, self._vocab, scorer=fuzz.ratio, score_cutoff=75, limit=None)
        out = {term: score / 100.0 for term, score, _ in found}
        if len(word) >= 4:
            for term in self._vocab:
                if term.startswith(word) and term not in out:
                    out[term] = 0.8
        return list(out.items())
