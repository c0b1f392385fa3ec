"""The screening index: every list name analysed once, plus the lookups that find candidates.

``Index.build(entries)`` analyses each name of each entry into tokens
(:func:`~exportctl.text.names.analyze_name`), interns the tokens in a vocabulary, and keeps:

* postings: vocabulary token → the names that contain it;
* document frequencies (entries per token) → IDF token weights (:class:`TokenWeights`);
* lookups from a query token to similar vocabulary tokens: variant group (Mohammad/Muhammad),
  phonetic key (mashin/machine), consonant skeleton (for Arabic/Persian/Hebrew-script tokens
  and the Latin tokens they may be), and a single-deletion neighbourhood (typos, after the
  SymSpell idea: two words within one edit share a deletion variant) stored as sorted hash
  arrays so it costs ~12 bytes per variant instead of a dict entry.

``save``/``load`` write and read a gzip-compressed JSON document (no pickle: a cache file is
data, not code). Derived lookups are rebuilt on load; the analysed names are not re-analysed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from exportctl.errors import InvalidInput
from exportctl.model.entry import ListEntry, NameQuality, Schema
from exportctl.screening.config import DEFAULT_CONFIG, ScoringConfig
from exportctl.screening.scorer import Candidate, EntryRecord, PreparedName, name_kind
from exportctl.screening.skeletons import SkeletonLookup
from exportctl.screening.weights import TokenWeights, is_patronymic
from exportctl.text.names import SKELETON_KINDS, AnalyzedName, Token, TokenKind, analyze_name
from exportctl.text.phonetic import consonant_skeleton, phonetic_keys

__all__ = ["ANALYZER_VERSION", "Index", "analyzer_fingerprint"]

#: Bump when analysis (tokens, keys) changes in code; data-table changes are fingerprinted.
ANALYZER_VERSION = 5
_FORMAT = "exportctl-screening-index"
_FORMAT_VERSION = 1
_KINDS = {k.value[0]: k for k in TokenKind}
_QUALITIES = {q.value: q for q in NameQuality}


def _token(v: list[Any]) -> Token:
    """A vocabulary token as :meth:`Index.save` writes it."""
    if len(v) != len(Token._fields):
        raise ValueError(f"a token has {len(v)} fields, not {len(Token._fields)}")
    return Token(v[0], _KINDS[v[1]], bool(v[2]), tuple(v[3]), *v[4:])


def analyzer_fingerprint() -> str:
    """Identifies the analysis a cached index was built with (code version + data tables)."""
    h = hashlib.sha256(f"{ANALYZER_VERSION}".encode())
    data = resources.files("exportctl.text").joinpath("data")
    for item in sorted(data.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".tsv"):
            h.update(item.name.encode())
            h.update(item.read_bytes())
    return h.hexdigest()[:16]


# Keys of skeleton entries in the deletion table (never in a word): Latin words' skeletons,
# consonantal-script words' skeletons.
_SKEL = "\x03"
_SKEL_C = "\x04"


def _coarse(skel: str) -> str:
    """The skeleton with s and t classes merged (ث ذ ض ظ are romanised either way)."""
    return skel.replace("S", "T")


def _deletions(word: str) -> Iterator[str]:
    for k in range(len(word)):
        yield word[:k] + word[k + 1 :]


class Index:
    """Analysed list names and candidate lookups. Immutable once built; thread-safe to read."""

    def __init__(
        self,
        records: list[EntryRecord],
        name_start: array[int],
        names: list[tuple[str, NameQuality, tuple[int, ...]]],
        vocab: list[Token],
        meta: Mapping[str, Any] | None = None,
        config: ScoringConfig = DEFAULT_CONFIG,
    ) -> None:
        self.records = records
        self.name_start = name_start
        self.name_value = [n[0] for n in names]
        self.name_quality = [n[1] for n in names]
        self.name_tokens = [n[2] for n in names]
        self.vocab = vocab
        self.meta: dict[str, Any] = dict(meta or {})
        self.config = config
        self._derive()

    # -- construction -------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        entries: Iterable[ListEntry],
        *,
        meta: Mapping[str, Any] | None = None,
        config: ScoringConfig = DEFAULT_CONFIG,
    ) -> Index:
        """Analyse every name of every entry and build the lookups.

        Entries with no usable name (no letters or digits) are kept (they still show in
        results by id) but have no tokens to be found by.
        """
        records: list[EntryRecord] = []
        starts = array("I", [0])
        names: list[tuple[str, NameQuality, tuple[int, ...]]] = []
        vocab: list[Token] = []
        vocab_ids: dict[str, int] = {}
        for entry in entries:
            rec = EntryRecord.from_entry(entry)
            kind = name_kind(rec.schema)
            records.append(rec)
            for value, quality in rec.names:
                analyzed = analyze_name(value, kind)
                ids: list[int] = []
                for tok in analyzed.tokens:
                    key = tok.key
                    vid = vocab_ids.get(key)
                    if vid is None:
                        vid = vocab_ids[key] = len(vocab)
                        vocab.append(tok)
                    ids.append(vid)
                names.append((value, quality, tuple(ids)))
            starts.append(len(names))
        return cls(records, starts, names, vocab, meta, config)

    def _derive(self) -> None:
        """Postings, document frequencies, weights and the similar-token lookups."""
        nv = len(self.vocab)
        postings: list[list[int]] = [[] for _ in range(nv)]
        df = [0] * nv
        for e in range(len(self.records)):
            seen: set[int] = set()
            for nid in range(self.name_start[e], self.name_start[e + 1]):
                for vid in self.name_tokens[nid]:
                    if not postings[vid] or postings[vid][-1] != nid:
                        postings[vid].append(nid)
                    seen.add(vid)
            for vid in seen:
                df[vid] += 1
        self.postings = [array("I", p) for p in postings]
        self.df = df
        self.vocab_ids = {t.key: i for i, t in enumerate(self.vocab)}
        skeleton_df: dict[str, int] = {}
        for i, t in enumerate(self.vocab):
            word = t.kind is TokenKind.WORD and not t.consonantal and t.skel
            if word and df[i] > skeleton_df.get(t.skel, 0):
                skeleton_df[t.skel] = df[i]
        self.weights = TokenWeights(
            {t.key: df[i] for i, t in enumerate(self.vocab)},
            len(self.records),
            self.config,
            skeleton_df,
        )
        self.vocab_weight = [self.weights.weight(t, df[i]) for i, t in enumerate(self.vocab)]
        self.vocab_miss = [self.weights.miss_weight(t, df[i]) for i, t in enumerate(self.vocab)]
        vw = self.vocab_weight
        vocab = self.vocab
        # Per name, the weight a query must cover (legal forms excluded, as in scoring when
        # the query has none); used to rank candidates before scoring them.
        self.name_total_weight = [
            sum(vw[v] for v in ids if vocab[v].kind is not TokenKind.LEGAL)
            for ids in self.name_tokens
        ]
        self.name_entry = array("I", bytes(4 * len(self.name_value)))
        for e in range(len(self.records)):
            for nid in range(self.name_start[e], self.name_start[e + 1]):
                self.name_entry[nid] = e
        by_group: dict[str, list[int]] = {}
        by_phon: dict[str, list[int]] = {}
        by_skel: dict[str, list[int]] = {}
        by_skel_c: dict[str, list[int]] = {}
        deletes: list[tuple[int, int]] = []
        for vid, tok in enumerate(self.vocab):
            if tok.kind is not TokenKind.WORD:
                continue
            for g in tok.groups:
                by_group.setdefault(g, []).append(vid)
            if tok.skel:
                by_skel.setdefault(tok.skel, []).append(vid)
                # Skeletons one consonant apart (and s/t classes merged) meet through shared
                # deletion variants, as words do: mdhlwm (مظلوم, MTLM) finds Mazloom (MSLM).
                coarse = _coarse(tok.skel)
                prefix = _SKEL_C if tok.consonantal else _SKEL
                deletes.append((hash(prefix + coarse), vid))
                if len(coarse) >= 3:
                    for d in _deletions(coarse):
                        deletes.append((hash(prefix + d), vid))
            if tok.consonantal:
                by_skel_c.setdefault(tok.skel, []).append(vid)
                continue
            if len(tok.phon) >= 3:
                for key in phonetic_keys(tok.text):
                    by_phon.setdefault(key, []).append(vid)
            if len(tok.text) >= 4:
                deletes.append((hash(tok.text), vid))
                for d in _deletions(tok.text):
                    deletes.append((hash(d), vid))
        deletes.sort()
        self.by_group = by_group
        self.by_phon = by_phon
        self.by_skel = by_skel
        self.by_skel_consonantal = by_skel_c
        #: skeletons some Latin-script word has
        self.latin_skeletons = frozenset(
            k for k, vids in by_skel.items() if any(not self.vocab[v].consonantal for v in vids)
        )
        self._del_hash = array("q", (h for h, _ in deletes))
        self._del_vid = array("I", (v for _, v in deletes))

    # -- lookups ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.records)

    @property
    def n_names(self) -> int:
        return len(self.name_value)

    def entry_names(self, entry: int) -> range:
        """Name ids of an entry."""
        return range(self.name_start[entry], self.name_start[entry + 1])

    def deletion_neighbours(self, text: str) -> set[int]:
        """Vocabulary words that share ``text`` or one of its single-deletion variants."""
        return self._lookup((text, *_deletions(text)))

    def skeleton_neighbours(self, skel: str, consonantal: bool) -> set[int]:
        """Latin (or, with ``consonantal``, consonantal-script) words whose skeleton may be
        within one consonant of ``skel``."""
        coarse = _coarse(skel)
        keys = [coarse, *(_deletions(coarse) if len(coarse) >= 3 else ())]
        prefix = _SKEL_C if consonantal else _SKEL
        return self._lookup(prefix + k for k in keys)

    @cached_property
    def name_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The names' tokens as arrays, for vectorised candidate estimates: offsets (name id
        → its first token's position; one more than there are names), vocabulary ids, and
        each name's total weight."""
        lens = np.fromiter((len(t) for t in self.name_tokens), dtype=np.int64)
        offsets = np.zeros(len(lens) + 1, dtype=np.int64)
        np.cumsum(lens, out=offsets[1:])
        vids = np.fromiter(chain.from_iterable(self.name_tokens), dtype=np.int64)
        return offsets, vids, np.asarray(self.name_total_weight, dtype=np.float64)

    @cached_property
    def _patronymics(self) -> frozenset[int]:
        """Vocabulary ids of words that look like patronymics (see ``weights.is_patronymic``)."""
        return frozenset(v for v, t in enumerate(self.vocab) if is_patronymic(t))

    @cached_property
    def skeleton_lookup(self) -> SkeletonLookup:
        """Latin-script names by whole-name consonant skeleton (built on first use: only
        queries written in a consonantal script need it)."""
        # A Latin name's skeleton is its tokens' pieces run together (name_skeletons does
        # the same token by token; here each vocabulary token is worked out once).
        pieces: list[str | None] = []
        for tok in self.vocab:
            if tok.consonantal:
                pieces.append(None)
            elif tok.kind in SKELETON_KINDS:
                pieces.append(tok.skel or consonant_skeleton(tok.text))
            else:
                pieces.append("")

        def skeleton(ids: tuple[int, ...]) -> str:
            parts = [pieces[v] for v in ids]
            return "" if None in parts else "".join(p for p in parts if p)

        return SkeletonLookup(
            (skeleton(ids) for ids in self.name_tokens), self.config.min_skeleton_length
        )

    def _lookup(self, keys: Iterable[str]) -> set[int]:
        out: set[int] = set()
        hashes = self._del_hash
        vids = self._del_vid
        n = len(hashes)
        for key in keys:
            h = hash(key)
            k = bisect_left(hashes, h)
            while k < n and hashes[k] == h:
                out.add(vids[k])
                k += 1
        return out

    def prepared_name(self, nid: int, surfaces: bool = True) -> PreparedName:
        """A list name as the scorer takes it (tokens from the vocabulary, weights, ids).

        ``surfaces=False`` leaves out how each token was written (empty strings): scoring
        does not need it, only explanations and Han/Hangul comparisons do, and recovering it
        means analysing the name again.
        """
        ids = self.name_tokens[nid]
        vocab = self.vocab
        tokens = tuple(vocab[v] for v in ids)
        if surfaces:
            rec = self.records[self.name_entry[nid]]
            shown = analyze_name(self.name_value[nid], name_kind(rec.schema)).surfaces
        else:
            shown = ("",) * len(ids)
        analyzed = AnalyzedName(self.name_value[nid], tokens, shown)
        weights = tuple(self.vocab_weight[v] for v in ids)
        miss = tuple(self.vocab_miss[v] for v in ids)
        if not self._patronymics.isdisjoint(ids):
            kind = name_kind(self.records[self.name_entry[nid]].schema)
            miss = self.weights.name_miss(tokens, miss, kind)
        return PreparedName(analyzed, weights, miss, self.name_quality[nid], ids)

    def candidate(
        self, entry: int, name_ids: Iterable[int] | None = None, surfaces: bool = True
    ) -> Candidate:
        """An entry ready to score, with all its names or only ``name_ids``."""
        ids = self.entry_names(entry) if name_ids is None else name_ids
        return Candidate(self.records[entry], tuple(self.prepared_name(n, surfaces) for n in ids))

    # -- persistence --------------------------------------------------------------------

    def save(self, path: Path | str) -> None:
        """Write the index as gzip-compressed JSON (written to a temporary file, then renamed)."""
        path = Path(path)
        doc = {
            "format": _FORMAT,
            "version": _FORMAT_VERSION,
            "analyzer": analyzer_fingerprint(),
            "meta": self.meta,
            "entries": [
                [
                    r.entity_id,
                    r.source,
                    r.caption,
                    r.schema.value,
                    list(r.countries),
                    list(r.birth_dates),
                    list(r.identifiers),
                    list(r.programs),
                ]
                for r in self.records
            ],
            "name_start": list(self.name_start),
            "names": [
                [v, q.value, list(t)]
                for v, q, t in zip(
                    self.name_value, self.name_quality, self.name_tokens, strict=True
                )
            ],
            "vocab": [
                [
                    t.text,
                    t.kind.value[0],
                    int(t.consonantal),
                    list(t.groups),
                    t.phon,
                    t.skel,
                    t.lead,
                    t.tail,
                    t.gaps,
                    t.readings,
                ]
                for t in self.vocab
            ],
        }
        # A temporary name unique to this call: concurrent writers never share one.
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        try:
            with (
                os.fdopen(fd, "wb") as raw,
                gzip.open(raw, "wt", encoding="utf-8", compresslevel=6) as f,
            ):
                json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
            tmp.replace(path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path | str, config: ScoringConfig = DEFAULT_CONFIG) -> Index:
        """Read an index written by :meth:`save`.

        Raises:
            InvalidInput: ``index_cache_invalid`` if the file is unreadable or not an index,
                ``index_cache_stale`` if it was built by another analyser version (rebuild it).
        """
        path = Path(path)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, EOFError, ValueError) as exc:
            raise InvalidInput(
                f"{path}: not a readable screening index ({exc})", code="index_cache_invalid"
            ) from exc
        if not isinstance(doc, dict) or doc.get("format") != _FORMAT:
            raise InvalidInput(f"{path}: not a screening index", code="index_cache_invalid")
        if doc.get("version") != _FORMAT_VERSION or doc.get("analyzer") != analyzer_fingerprint():
            raise InvalidInput(
                f"{path}: built by another version of the name analyser; rebuild it",
                code="index_cache_stale",
            )
        try:
            records = [
                EntryRecord(
                    entity_id=e[0],
                    source=e[1],
                    caption=e[2],
                    schema=Schema(e[3]),
                    names=(),
                    countries=tuple(e[4]),
                    birth_dates=tuple(e[5]),
                    identifiers=tuple(e[6]),
                    programs=tuple(e[7]),
                )
                for e in doc["entries"]
            ]
            names = [(n[0], _QUALITIES[n[1]], tuple(n[2])) for n in doc["names"]]
            vocab = [_token(v) for v in doc["vocab"]]
            starts = array("I", doc["name_start"])
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise InvalidInput(
                f"{path}: damaged screening index ({exc!r})", code="index_cache_invalid"
            ) from exc
        # Names live in the index's name table; records carry them for the pure scorer's use.
        records = [
            EntryRecord(
                r.entity_id,
                r.source,
                r.caption,
                r.schema,
                tuple((names[n][0], names[n][1]) for n in range(starts[i], starts[i + 1])),
                r.countries,
                r.birth_dates,
                r.identifiers,
                r.programs,
            )
            for i, r in enumerate(records)
        ]
        return cls(records, starts, names, vocab, doc.get("meta"), config)
