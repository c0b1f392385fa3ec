"""Latin list names found by their whole-name consonant skeleton.

A name written in Arabic or Persian script splits and joins its words differently from its
romanisations (``عبدالرحمان زاهد`` is ``ABDUL RAHMAN ZAHED``), so its words may find no list
word to start from. Its whole skeleton (:func:`~exportctl.text.names.name_skeletons`) still
meets the list name's: this lookup finds the Latin names whose skeletons share enough
consonant trigrams with the query's, then keeps those whose normalised Indel similarity
reaches a cutoff. Built on the first such query (most screening never needs it).
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

__all__ = ["SkeletonLookup"]

_GRAM = 3


def _grams(skel: str) -> set[str]:
    return {skel[k : k + _GRAM] for k in range(len(skel) - _GRAM + 1)}


class SkeletonLookup:
    """Names by whole-name skeleton. ``skeletons[nid]`` is the name's skeleton, or ``""``."""

    def __init__(self, skeletons: Iterable[str], min_length: int, shortlist: int = 150) -> None:
        ids: dict[str, int] = {}
        names: list[list[int]] = []
        grams: dict[str, list[int]] = {}
        for nid, skel in enumerate(skeletons):
            if len(skel) < min_length:
                continue
            sid = ids.get(skel)
            if sid is None:
                sid = ids[skel] = len(names)
                names.append([])
                for g in _grams(skel):
                    grams.setdefault(g, []).append(sid)
            names[sid].append(nid)
        self.values = list(ids)
        self.names = [array("I", n) for n in names]
        # All postings in one array, a slice per trigram: a query's counts are then one
        # concatenation and one bincount.
        order = sorted(grams)
        self._postings = np.fromiter(chain.from_iterable(grams[g] for g in order), dtype=np.int32)
        self._slices: dict[str, tuple[int, int]] = {}
        start = 0
        for g in order:
            self._slices[g] = (start, start + len(grams[g]))
            start += len(grams[g])
        self.min_length = min_length
        self.shortlist = shortlist

    def _shortlist(self, grams: Sequence[str], need: int) -> list[int]:
        """The ``shortlist`` skeletons sharing the most of ``grams`` (at least ``need``);
        among skeletons sharing as many, the first met in the postings of ``grams`` in the
        order given, so the result never depends on hash order."""
        parts = [self._postings[a:b] for a, b in (self._slices.get(g, (0, 0)) for g in grams)]
        hits = np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)
        if not len(hits):
            return []
        counts = np.bincount(hits, minlength=len(self.values))
        cand = np.flatnonzero(counts >= need)
        if len(cand) > self.shortlist:
            # first position of each skeleton in the postings met: the tie-break
            sids, first = np.unique(hits, return_index=True)
            rank = np.empty(len(self.values), dtype=np.int64)
            rank[sids] = first
            keep = np.lexsort((rank[cand], -counts[cand]))[: self.shortlist]
            cand = cand[keep]
        return [int(x) for x in cand]

    def similar(self, queries: Sequence[str], cutoff: float, limit: int) -> dict[int, float]:
        """Name id → best similarity to any of ``queries``, for the names of the ``limit``
        most similar skeletons at or above ``cutoff`` (one skeleton is often the same name
        on several lists).

        Skeletons are short, so a trigram count bound that guarantees every hit would keep
        nearly all of them; instead the ``shortlist`` skeletons sharing the most trigrams
        with the query are compared in full.
        """
        by_skeleton: dict[int, float] = {}
        queries = [q for q in queries if len(q) >= self.min_length]
        if not queries:
            return {}
        # The readings of one name differ in a symbol or two: one shortlist serves them all.
        grams = set().union(*(_grams(q) for q in queries))
        shortest = min(len(q) for q in queries)
        # Two shared trigrams at least (one for a query of three or four symbols), and a
        # third of the query's once it has nine or more.
        need = 1 if shortest < 6 else max(2, (shortest - _GRAM + 1) // 3)
        best = self._shortlist(sorted(grams), need)
        choices = {sid: self.values[sid] for sid in sorted(best)}
        for q in queries:
            hits = process.extract(
                q,
                choices,
                scorer=Indel.normalized_similarity,
                score_cutoff=cutoff,
                limit=limit,
            )
            for _value, sim, sid in hits:
                if sim > by_skeleton.get(sid, 0.0):
                    by_skeleton[sid] = sim
        found: dict[int, float] = {}
        for sid in heapq.nlargest(limit, by_skeleton, key=by_skeleton.__getitem__):
            for nid in self.names[sid]:
                found[nid] = by_skeleton[sid]
        return found
