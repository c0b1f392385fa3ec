"""The screening evaluation set, generated from the real lists with a fixed seed.

Positive categories (the query should find the entry it was made from, as ``match``):

* ``alias``         an a.k.a. of the entry, verbatim;
* ``typo``          one random edit (insert, delete, substitute, transpose) in one word of 5+
                    letters of one of its names;
* ``reorder``       a person's name with its parts in another order ("LAST, First", reversed);
* ``legal_form``    an organisation's name with its legal form dropped or respelled
                    ("CO. LTD." → "Company Limited");
* ``romanization``  one spelling alternation common between romanisation systems applied to a
                    word (ou/u, ee/i, kh/h, q/k, j/dj, w/v, final ah/a, e/a ...). The rules are
                    listed here, independently of the product's variant tables;
* ``script``        a UN-listed person's name in its original script (Arabic, Persian,
                    Cyrillic, Chinese); the index used for this category does not contain
                    those original-script names, so only the Latin names can be found;
* ``script_org``    the same for organisations. Their other-script names are mostly
                    translations ("الجماعة الاسلامية المقاتلة الليبية" is LIBYAN ISLAMIC
                    FIGHTING GROUP), not transliterations, so they are reported apart.

Negative categories (nothing should come back as ``match``):

* ``lookalike``     a list name with its most distinctive word replaced by another distinctive
                    word from the lists ("MACHINE SAZI ARAK" → "MACHINE SAZI QUOMBAR"), dropped
                    if the result equals any list name;
* ``script_lookalike`` a UN-listed person's Arabic-script name with its most distinctive word
                    replaced by a word of another listed person's Arabic-script name;
* ``non_listed``    real companies and people not on the lists (``data/non_listed.tsv``).

Plus the three seed checks of the Machine Sazi Tabriz story.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from exportctl.model import ListEntry, NameQuality, Schema
from exportctl.screening.index import Index
from exportctl.screening.scorer import name_kind
from exportctl.screening.similarity import string_similarity
from exportctl.text.names import NameKind, TokenKind, analyze_name
from exportctl.text.scripts import has_consonantal

HERE = Path(__file__).resolve().parent

POSITIVE = (
    "alias",
    "typo",
    "reorder",
    "legal_form",
    "romanization",
    "script",
    "script_org",
    "seed",
)
NEGATIVE = ("lookalike", "script_lookalike", "non_listed", "seed_negative")

# Romanisation alternations (pattern, replacement); applied once at a random position.
ROMANIZATION_RULES: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("u", "ou"),
    ("oo", "u"),
    ("ee", "i"),
    ("i", "ee"),
    ("iy", "i"),
    ("ii", "i"),
    ("y$", "i"),
    ("i$", "y"),
    ("ei", "ey"),
    ("ey", "ei"),
    ("ai", "ay"),
    ("ay", "ai"),
    ("kh", "h"),
    ("q", "k"),
    ("k", "q"),
    ("gh", "g"),
    ("j", "dj"),
    ("dj", "j"),
    ("w", "v"),
    ("v", "w"),
    ("ph", "f"),
    ("ks", "x"),
    ("x", "ks"),
    ("ah$", "a"),
    ("a$", "ah"),
    ("e", "a"),
    ("a", "e"),
    ("o", "u"),
    ("u", "o"),
    ("dh", "z"),
    ("z", "dh"),
    ("ss", "s"),
    ("mm", "m"),
    ("dd", "d"),
    ("yev", "ev"),
    ("iya", "ia"),
    ("ia", "iya"),
)

_QUERY_SCHEMA = {
    Schema.PERSON: "Person",
    Schema.ORGANIZATION: "Organization",
    Schema.VESSEL: "Vessel",
    Schema.AIRCRAFT: "Aircraft",
    Schema.UNKNOWN: "Any",
}


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    positive: bool
    name: str
    schema: str
    expected: str | None
    #: the list name the case was made from (what pairwise matchers compare against)
    reference: str
    reference_schema: str


def _latin_names(entry: ListEntry) -> list[str]:
    return [
        n.value
        for n in entry.names
        if n.quality is not NameQuality.WEAK and n.value.isascii() and len(n.value) >= 4
    ]


def _schema(rng: random.Random, entry: ListEntry) -> str:
    # Half the queries carry the schema, half do not (real screening input is often bare).
    return _QUERY_SCHEMA[entry.schema] if rng.random() < 0.5 else "Any"


def _edit(rng: random.Random, word: str) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    k = rng.randrange(len(word))
    op = rng.choice(("sub", "del", "ins", "swap"))
    upper = word.isupper()
    w = word.lower()
    if op == "sub":
        w = w[:k] + rng.choice(letters.replace(w[k], "")) + w[k + 1 :]
    elif op == "del":
        w = w[:k] + w[k + 1 :]
    elif op == "ins":
        w = w[:k] + rng.choice(letters) + w[k:]
    else:
        k = min(k, len(w) - 2)
        w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    return w.upper() if upper else w


def _words(name: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", name)


def _replace_word(name: str, old: str, new: str) -> str:
    return re.sub(rf"\b{re.escape(old)}\b", new, name, count=1)


def _romanize(rng: random.Random, word: str) -> str | None:
    low = word.lower()
    rules = [(p, r) for p, r in ROMANIZATION_RULES if re.search(p, low)]
    rng.shuffle(rules)
    for pat, rep in rules:
        hits = [m.start() for m in re.finditer(pat, low)]
        k = rng.choice(hits)
        m = re.compile(pat).match(low, k)
        if m is None:
            continue
        out = low[:k] + rep + low[m.end() :]
        if out != low and len(out) >= 3:
            return out.upper() if word.isupper() else out.capitalize()
    return None


class Builder:
    def __init__(self, entries: list[ListEntry], index: Index, seed: int) -> None:
        self.entries = entries
        self.index = index
        self.rng = random.Random(seed)
        self.cases: list[Case] = []
        self._by_id = {e.entity_id: e for e in entries}
        self._names = {self._token_key(n.value, e.schema) for e in entries for n in e.names}

    def _token_key(self, name: str, schema: Schema) -> tuple[str, ...]:
        return tuple(sorted(t.text for t in analyze_name(name, name_kind(schema)).words))

    def add(
        self,
        category: str,
        positive: bool,
        name: str,
        schema: str,
        entry: ListEntry | None,
        reference: str,
    ) -> None:
        self.cases.append(
            Case(
                id=f"{category}-{len(self.cases)}",
                category=category,
                positive=positive,
                name=name,
                schema=schema,
                expected=entry.entity_id if entry is not None and positive else None,
                reference=reference,
                reference_schema=_QUERY_SCHEMA[entry.schema] if entry else "Any",
            )
        )

    def sample(self, n: int, pred: Iterable[ListEntry]) -> list[ListEntry]:
        pool = list(pred)
        self.rng.shuffle(pool)
        return pool[:n]

    def alias(self, n: int) -> None:
        pool = [
            e
            for e in self.entries
            if sum(1 for x in e.names if x.quality is NameQuality.STRONG and x.value.isascii()) >= 1
        ]
        for e in self.sample(n, pool):
            names = [
                x.value for x in e.names if x.quality is NameQuality.STRONG and x.value.isascii()
            ]
            name = self.rng.choice(names)
            self.add("alias", True, name, _schema(self.rng, e), e, e.name)

    def typo(self, n: int) -> None:
        self._word_changes("typo", n, 5, lambda w: _edit(self.rng, w))

    def reorder(self, n: int) -> None:
        done = 0
        people = [e for e in self.entries if e.schema is Schema.PERSON]
        for e in self.sample(len(people), people):
            names = _latin_names(e)
            if not names:
                continue
            name = self.rng.choice(names)
            if "," in name:
                last, first = (p.strip() for p in name.split(",", 1))
                new = f"{first} {last}"
            else:
                words = name.split()
                if len(words) < 2:
                    continue
                new = (
                    f"{words[-1]}, {' '.join(words[:-1])}"
                    if self.rng.random() < 0.5
                    else (" ".join(reversed(words)))
                )
            if new == name:
                continue
            self.add("reorder", True, new, _schema(self.rng, e), e, name)
            done += 1
            if done >= n:
                return

    _LEGAL_RESPELL: ClassVar[dict[str, list[str]]] = {
        "ltd": ["Limited", "Ltd.", "Co. Ltd", "Company Limited"],
        "llc": ["L.L.C.", "Limited Liability Company", "LLC"],
        "inc": ["Incorporated", "Inc.", "Corp.", "Corporation"],
        "co": ["Company", "Co."],
        "jsc": ["J.S.C.", "Joint Stock Company"],
        "jsc/public": ["P.J.S.C.", "Public Joint Stock Company", "PJSC"],
        "jsc/private": ["Closed Joint Stock Company", "CJSC"],
        "est": ["Establishment", "Est."],
        "lp": ["L.P.", "Limited Partnership"],
    }

    def legal_form(self, n: int) -> None:
        done = 0
        orgs = [e for e in self.entries if e.schema is Schema.ORGANIZATION]
        for e in self.sample(len(orgs), orgs):
            names = _latin_names(e)
            if not names:
                continue
            name = self.rng.choice(names)
            an = analyze_name(name, name_kind(e.schema))
            legal = [i for i, t in enumerate(an.tokens) if t.kind is TokenKind.LEGAL]
            if not legal or len(an.words) < 1:
                continue
            i = legal[-1]
            code = an.tokens[i].groups[0]
            parts = list(an.surfaces)
            options = [
                o for o in self._LEGAL_RESPELL.get(code, []) if o.lower() != parts[i].lower()
            ]
            if options and self.rng.random() < 0.5:
                parts[i] = self.rng.choice(options)
            else:
                parts[i] = ""
            new = " ".join(p for p in parts if p)
            if not new.strip() or new == name:
                continue
            self.add("legal_form", True, new, _schema(self.rng, e), e, name)
            done += 1
            if done >= n:
                return

    def romanization(self, n: int) -> None:
        self._word_changes("romanization", n, 4, lambda w: _romanize(self.rng, w))

    def _word_changes(
        self, category: str, n: int, min_len: int, change: Callable[[str], str | None]
    ) -> None:
        """``n`` cases: a list name with one word of ``min_len``+ letters changed."""
        done = 0
        for e in self.sample(len(self.entries), self.entries):
            names = _latin_names(e)
            if not names:
                continue
            name = self.rng.choice(names)
            words = [w for w in _words(name) if len(w) >= min_len]
            if not words:
                continue
            word = self.rng.choice(words)
            new_word = change(word)
            if not new_word:
                continue
            self.add(
                category,
                True,
                _replace_word(name, word, new_word),
                _schema(self.rng, e),
                e,
                name,
            )
            done += 1
            if done >= n:
                return

    def script(self) -> list[tuple[str, str]]:
        """UN original-script names as queries; returns the (entity, name) pairs to hide.

        A person's name in another script is a transliteration (``script``); an
        organisation's is often a translation (``script_org``), which no spelling-based
        matcher can be expected to find, so the two are reported apart.
        """
        hidden: list[tuple[str, str]] = []
        for e in self.entries:
            if e.source != "un":
                continue
            latin = _latin_names(e)
            category = "script" if e.schema is Schema.PERSON else "script_org"
            for n in e.names:
                if n.quality is NameQuality.ORIGINAL_SCRIPT and not n.value.isascii() and latin:
                    self.add(category, True, n.value, _schema(self.rng, e), e, latin[0])
                    hidden.append((e.entity_id, n.value))
        return hidden

    def script_lookalike(self, n: int) -> None:
        """UN persons' Arabic-script names with their most distinctive word replaced by a
        word of another listed person's Arabic-script name (consonants differing from the
        first): the negatives of the whole-name skeleton comparison."""
        idx = self.index
        people = [e for e in self.entries if e.source == "un" and e.schema is Schema.PERSON]
        pool: set[str] = set()
        for e in people:
            for nm in e.names:
                if nm.quality is NameQuality.ORIGINAL_SCRIPT and has_consonantal(nm.value):
                    an = analyze_name(nm.value, NameKind.PERSON)
                    for t, surface in zip(an.tokens, an.surfaces, strict=True):
                        if t.kind is TokenKind.WORD and t.consonantal and len(t.skel) >= 3:
                            pool.add(surface)
        words = sorted(pool)
        done = 0
        for e in self.sample(len(people), people):
            latin = _latin_names(e)
            scripts = [
                nm.value
                for nm in e.names
                if nm.quality is NameQuality.ORIGINAL_SCRIPT and has_consonantal(nm.value)
            ]
            if not latin or not scripts:
                continue
            name = self.rng.choice(scripts)
            an = analyze_name(name, NameKind.PERSON)
            cand = [
                (idx.weights.miss_weight(t), i)
                for i, t in enumerate(an.tokens)
                if t.kind is TokenKind.WORD and t.consonantal
            ]
            if len(cand) < 2:
                continue
            _w, i = max(cand)
            old = an.tokens[i]
            new = self.rng.choice(words)
            new_skel = analyze_name(new, NameKind.PERSON).tokens[0].skel
            if new_skel[:1] == old.skel[:1] or string_similarity(new_skel, old.skel) > 0:
                continue
            # Replace the written word that holds the token (with its article, if joined).
            written = name.split()
            holding = [k for k, w in enumerate(written) if an.surfaces[i] in w]
            if len(holding) != 1:
                continue
            written[holding[0]] = new
            query = " ".join(written)
            self.add("script_lookalike", False, query, _schema(self.rng, e), e, latin[0])
            done += 1
            if done >= n:
                return

    def lookalike(self, n: int) -> None:
        idx = self.index
        # Replacement words: real place names (ISO 3166-2 subdivisions, via pycountry) that no
        # list name contains, so the look-alike differs in a real, distinctive word.
        import pycountry

        words: set[str] = set()
        for sub in pycountry.subdivisions:
            for w in re.findall(r"[A-Za-z]+", sub.name):
                if len(w) >= 5 and w.isascii() and ("w:" + w.lower()) not in idx.vocab_ids:
                    words.add(w.lower())
        distinctive = sorted(words)
        done = 0
        for e in self.sample(len(self.entries), self.entries):
            names = _latin_names(e)
            if not names:
                continue
            name = self.rng.choice(names)
            an = analyze_name(name, name_kind(e.schema))
            cand = [
                (idx.weights.miss_weight(t), i)
                for i, t in enumerate(an.tokens)
                if t.kind is TokenKind.WORD and t.text.isalpha()
            ]
            if len(cand) < 2:
                continue
            _w, i = max(cand)
            old = an.tokens[i].text
            new = self.rng.choice(distinctive)
            if string_similarity(old, new) > 0 or old[:3] == new[:3]:
                continue
            surface = an.surfaces[i]
            shown = new.upper() if surface.isupper() else new.capitalize()
            parts = list(an.surfaces)
            parts[i] = shown
            query = " ".join(parts)
            key = self._token_key(query, e.schema)
            if key in self._names:
                continue
            # The rest of the name must not be, by itself, another name of the same entry
            # ("AL-QAIDA ... PENINSULA (AQAP)" with AQAP replaced still names AQAP).
            others = [set(self._token_key(x.value, e.schema)) for x in e.names if x.value != name]
            if any(o and o <= set(key) for o in others):
                continue
            self.add("lookalike", False, query, _schema(self.rng, e), e, name)
            done += 1
            if done >= n:
                return

    def non_listed(self, path: Path) -> int:
        dropped = 0
        with path.open(encoding="utf-8") as f:
            rows = [
                line.rstrip("\n").split("\t")
                for line in f
                if line.strip() and not line.startswith("#")
            ]
        for schema, name in rows:
            sch = Schema.PERSON if schema == "Person" else Schema.ORGANIZATION
            if self._token_key(name, sch) in self._names:
                dropped += 1
                continue
            self.add("non_listed", False, name, schema, None, "")
        return dropped

    def seed(self) -> None:
        arak = self._by_id.get("ofac-sdn:11644")
        if arak is None:
            return
        self.add("seed", True, "Mashin Sazi Arak", "Organization", arak, arak.name)
        self.add("seed_negative", False, "Machine Sazi Tabriz", "Organization", arak, arak.name)
        self.add("seed_negative", False, "Tractor Sazi Tabriz FC", "Any", arak, arak.name)


@dataclass
class EvalSet:
    cases: list[Case]
    hidden_names: list[tuple[str, str]]
    non_listed_dropped: int


def build(
    entries: list[ListEntry], index: Index, seed: int = 20091203, per_category: int = 150
) -> EvalSet:
    """Generate the evaluation set (deterministic for a given seed and list data)."""
    b = Builder(entries, index, seed)
    b.alias(per_category)
    b.typo(per_category)
    b.reorder(per_category)
    b.legal_form(per_category)
    b.romanization(per_category)
    hidden = b.script()
    b.script_lookalike(per_category)
    b.lookalike(per_category * 2)
    dropped = b.non_listed(HERE / "data" / "non_listed.tsv")
    b.seed()
    return EvalSet(b.cases, hidden, dropped)


@dataclass(frozen=True)
class Pair:
    """A labelled name pair (nomenklatura name bench, watchman cross-script pairs)."""

    dataset: str
    group: str
    schema: str
    name1: str
    name2: str
    is_match: bool


_FTM_SCHEMA = {
    "Person": "Person",
    "Company": "Organization",
    "Organization": "Organization",
    "LegalEntity": "Any",
    "Vessel": "Vessel",
}


def name_bench(shared: Path) -> list[Pair]:
    path = shared / "data/name_matching/nomenklatura_name_bench_cases.csv"
    out: list[Pair] = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.append(
                Pair(
                    "name_bench",
                    row["case_group"],
                    _FTM_SCHEMA.get(row["schema"], "Any"),
                    row["name1"],
                    row["name2"],
                    row["is_match"].strip().lower() == "true",
                )
            )
    return out


def watchman_pairs(shared: Path) -> list[Pair]:
    """The 22 cross-script positives, plus 22 negatives: each query against the next pair's
    Latin name (a different person)."""
    path = shared / "data/name_matching/watchman_cross_script_pairs.csv"
    rows: list[list[str]] = []
    with path.open(encoding="utf-8") as f:
        for row in csv.reader(line for line in f if line.strip() and not line.startswith("#")):
            rows.append(row)
    out = [Pair("watchman", "cross_script", "Person", r[0], r[1], True) for r in rows]
    for k, r in enumerate(rows):
        other = rows[(k + 1) % len(rows)]
        out.append(Pair("watchman", "cross_script", "Person", r[0], other[1], False))
    return out
