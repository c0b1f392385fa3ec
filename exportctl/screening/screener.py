"""Screen queries against an :class:`~exportctl.screening.index.Index`.

Per query:

1. validate and analyse the name (:func:`~exportctl.screening.scorer.prepare_query`);
2. expand each query word to the vocabulary words similar to it (exact, variant group,
   phonetic key, consonant skeleton, one-deletion neighbours; adjacent query words joined,
   a query word split in two), remembering each similarity;
3. generate candidate names without touching common words: max-score pruning drops the
   (query slot, word) elements that cannot lift a name to the review threshold, and if a
   name must match ``m`` of the ``n`` query slots, only the ``n - m + 1`` most selective
   slots generate (pigeonhole); an optimistic estimate of each candidate's score (no
   one-to-one constraint, denominators counting only what must be there) keeps the names
   that could still reach the threshold; a name written in a consonantal script also
   brings in the Latin names whose whole skeleton is close to one of its readings
   (:mod:`~exportctl.screening.skeletons`);
4. score those names in full with the pure scorer, best estimate first, reusing the
   similarities of step 2 and the alignment of a name the lists repeat, until no remaining
   estimate can beat the results; keep each entry's best name, add secondary evidence,
   decide.

The scorer is the function :func:`~exportctl.screening.scorer.score` uses, so a match found
here scores exactly as the pure function scores that name. What the index cannot promise is
to *find* a name whose only similar words are two edits apart (the one-deletion lookup sees
one edit on each side): such names are scored only when other words bring them in.
"""

from __future__ import annotations

import functools
import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import ValidationError

from exportctl.errors import ExportctlError, InvalidInput
from exportctl.model.screening import Decision, Match, ScreeningQuery, ScreeningResult
from exportctl.screening.align import Alignment, SimilarityFn
from exportctl.screening.config import ScoringConfig
from exportctl.screening.index import Index
from exportctl.screening.scorer import (
    PreparedName,
    PreparedQuery,
    Scored,
    prepare_query,
    score_prepared,
    to_match,
)
from exportctl.screening.similarity import (
    NO_MATCH,
    different_characters,
    foreign_scripts,
    long_vowels_kept,
    other_readings,
    shapes_differ,
    token_similarity,
)
from exportctl.text.names import Token, TokenKind, name_skeletons
from exportctl.text.phonetic import consonant_skeleton, phonetic_keys
from exportctl.text.scripts import is_other_alphabet, is_syllable_char

__all__ = ["Screener", "make_query"]

_MAX_LIMIT = 1000


def make_query(data: ScreeningQuery | Mapping[str, Any] | str) -> ScreeningQuery:
    """A validated query from a model, a JSON-like mapping or a bare name.

    Raises:
        InvalidInput: naming the field at fault (``name``, ``schema``, ``country`` ...).
    """
    if isinstance(data, ScreeningQuery):
        return data
    payload: Mapping[str, Any] = {"name": data} if isinstance(data, str) else data
    try:
        return ScreeningQuery.model_validate(payload)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "query"
            loc = "schema" if loc == "schema_" else loc
            msg = str(err["msg"]).removeprefix("Value error, ")
            errors[loc] = "missing" if err["type"] == "missing" else msg
        detail = "; ".join(f"{k}: {v}" for k, v in errors.items())
        raise InvalidInput(
            f"invalid query: {detail}", code="invalid_query", errors=errors
        ) from None


def _required_weight(q: PreparedQuery) -> float:
    """The query weight a name must account for: words and numbers only (legal forms,
    particles and initials are not looked up, so they are assumed matched: the estimates
    stay optimistic)."""
    return sum(
        w
        for t, w in zip(q.name.analyzed.tokens, q.name.miss, strict=True)
        if t.kind is TokenKind.WORD or t.kind is TokenKind.NUMBER
    )


#: the lowest whole-skeleton similarity worth scoring (below it, a name's words differ too
#: much for the skeleton comparison to find it; the token path still may)
_SKELETON_CUTOFF = 0.85


#: stands for any Arabic/Hebrew-script list word in ``foreign_scripts``
_CONSONANTAL_PROBE = Token("", TokenKind.WORD, consonantal=True)

_DECISION_ORDER = {Decision.NO_MATCH: 0, Decision.REVIEW: 1, Decision.MATCH: 2}


def _rank(scored: Scored) -> tuple[int, float]:
    return (_DECISION_ORDER[scored.decision], scored.score)


def _ranges(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """``starts[i], starts[i] + 1, ..., starts[i] + lens[i] - 1`` for every i, run together."""
    total = int(lens.sum())
    if not total:
        return np.empty(0, dtype=np.int64)
    shift: np.ndarray = np.repeat(starts - (np.cumsum(lens) - lens), lens)
    out: np.ndarray = np.arange(total, dtype=np.int64) + shift
    return out


class _Expansion:
    """The vocabulary tokens one query token (or a run of them) may be, with similarities."""

    __slots__ = ("matches", "positions", "size")

    def __init__(self, positions: tuple[int, ...]) -> None:
        self.positions = positions
        self.matches: dict[int, tuple[float, str]] = {}
        self.size = 0  # total postings length


class Screener:
    """Screens queries against one index with one scoring configuration."""

    def __init__(
        self, index: Index, config: ScoringConfig | None = None, *, word_memo: int = 50_000
    ) -> None:
        self.index = index
        self.config = config or index.config
        # The same results, computed once per distinct query word (bounded, least recently
        # used first out; 0 turns it off).
        self._word_matches: Callable[[Token], dict[int, tuple[float, str]]] = (
            functools.lru_cache(maxsize=word_memo)(self._word_matches_uncached)
            if word_memo
            else self._word_matches_uncached
        )

    # -- public -------------------------------------------------------------------------

    def screen(
        self,
        query: ScreeningQuery | Mapping[str, Any] | str,
        limit: int = 10,
        include_all: bool = False,
    ) -> list[Match]:
        """The entries the query may refer to, best first.

        Args:
            query: the party (a model, a mapping with at least ``name``, or a name).
            limit: at most this many matches (1..1000).
            include_all: also return ``no_match`` candidates (low-score context).

        Raises:
            InvalidInput: the query is invalid (empty name, unknown schema, name too long, a
                name of only punctuation or legal forms ...).
        """
        if not 1 <= limit <= _MAX_LIMIT:
            raise InvalidInput(
                f"limit must be between 1 and {_MAX_LIMIT}, got {limit}",
                code="invalid_limit",
                errors={"limit": "out of range"},
            )
        q = prepare_query(make_query(query), self.index.weights)
        return [to_match(q, s) for s in self._search(q, include_all, limit)]

    def screen_many(
        self,
        queries: Iterable[ScreeningQuery | Mapping[str, Any] | str | ExportctlError],
        limit: int = 10,
        include_all: bool = False,
    ) -> Iterator[ScreeningResult]:
        """Screen a stream of queries; one result per query, in order; never raises per query.

        An item that is already an :class:`ExportctlError` (e.g. a line the caller could not
        parse) is passed through as that query's error, so batch output stays aligned with
        its input.
        """
        for item in queries:
            qid: str | None = None
            if isinstance(item, ScreeningQuery):
                qid = item.id
            elif isinstance(item, Mapping):
                raw_id = item.get("id")
                qid = None if raw_id is None else str(raw_id)
            if isinstance(item, ExportctlError):
                yield ScreeningResult(id=qid, error=item.detail, code=item.code)
                continue
            try:
                matches = self.screen(item, limit=limit, include_all=include_all)
            except ExportctlError as exc:
                yield ScreeningResult(id=qid, error=exc.detail, code=exc.code)
            except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as exc:
                # Hostile input the validation did not foresee: that query's error, not the
                # end of the batch (the output must stay aligned with the input).
                yield ScreeningResult(
                    id=qid,
                    error=f"cannot screen this query ({type(exc).__name__})",
                    code="invalid_query",
                )
            else:
                yield ScreeningResult(id=qid, matches=tuple(matches))

    def reach(self, query: ScreeningQuery | Mapping[str, Any] | str) -> list[tuple[str, float]]:
        """Every entry the query scores at least the review threshold with, as (entity id,
        score), best first, with no limit and no explanations.

        For reverse lookups over an index of parties (delta re-screening) with a configuration
        whose candidate caps are raised: ``screen`` keeps the best ``limit`` only.
        """
        q = prepare_query(make_query(query), self.index.weights)
        found = self._search(q, False, len(self.index.records))
        return [(s.candidate.record.entity_id, s.score) for s in found]

    # -- search -------------------------------------------------------------------------

    def _word_matches_uncached(self, tok: Token) -> dict[int, tuple[float, str]]:
        """The vocabulary tokens one query word (or number) may be, with similarities.

        Depends on the token and the index only, so :meth:`_word_matches` memoises it:
        a batch repeats the same given names and surnames thousands of times.
        """
        idx = self.index
        vocab = idx.vocab
        min_sim = self.config.min_token_similarity
        exp = _Expansion(())

        def add(exp: _Expansion, qtok: Token, vids: Iterable[int]) -> None:
            for vid in vids:
                if vid in exp.matches:
                    continue
                s = token_similarity(qtok, vocab[vid])
                if s[0] >= min_sim:
                    exp.matches[vid] = s

        vid = idx.vocab_ids.get(tok.key)
        if vid is not None:
            exp.matches[vid] = (1.0, "exact")
        if tok.kind is TokenKind.WORD:
            for g in tok.groups:
                add(exp, tok, idx.by_group.get(g, ()))
            if tok.consonantal:
                # Same skeleton: the similarity is known without comparing (0.9, or the
                # variant similarity when the name tables say so).
                for vid in idx.by_skel.get(tok.skel, ()):
                    if vid not in exp.matches:
                        other = vocab[vid]
                        if shapes_differ(tok.lead, tok.tail, other.lead, other.tail):
                            continue
                        if not other.consonantal and not long_vowels_kept(tok, other):
                            continue
                        if other.consonantal or len(tok.skel) < 2:
                            add(exp, tok, (vid,))
                        elif tok.groups and not set(tok.groups).isdisjoint(other.groups):
                            exp.matches[vid] = (0.95, "variant")
                        else:
                            exp.matches[vid] = (0.9, "transliteration")
                # The other reading of ث ذ ض ظ ج (فيض is FAID and FAIZ): the token rules
                # decide (0.85).
                for alt in other_readings(tok.skel, tok.readings):
                    add(exp, tok, idx.by_skel.get(alt, ()))
                if len(tok.skel) >= 4 and tok.skel not in idx.latin_skeletons:
                    # One consonant apart (ظ read as z or dh ...): only for longer
                    # skeletons no Latin word has exactly, where it stays selective.
                    add(exp, tok, idx.skeleton_neighbours(tok.skel, consonantal=False))
            else:
                if len(tok.phon) >= 3:
                    for key in phonetic_keys(tok.text):
                        add(exp, tok, idx.by_phon.get(key, ()))
                if len(tok.text) >= 4:
                    # Spelling neighbours (one deletion apart on either side).
                    add(exp, tok, idx.deletion_neighbours(tok.text))
                # Latin query against names written in Arabic/Hebrew script.
                add(exp, tok, idx.by_skel_consonantal.get(tok.skel, ()))
                if idx.by_skel_consonantal and len(tok.skel) >= 4:
                    add(exp, tok, idx.skeleton_neighbours(tok.skel, consonantal=True))
        return exp.matches

    def _expand(self, q: PreparedQuery) -> list[_Expansion]:
        idx = self.index
        vocab = idx.vocab
        vocab_ids = idx.vocab_ids
        toks = q.name.analyzed.tokens
        out: list[_Expansion] = []
        for i, tok in enumerate(toks):
            if tok.kind is not TokenKind.WORD and tok.kind is not TokenKind.NUMBER:
                continue  # legal forms, particles, initials: too common to look up
            exp = _Expansion((i,))
            exp.matches = dict(self._word_matches(tok))
            out.append(exp)
        # Adjacent query tokens written joined in the list (jin ping -> jinping).
        for size in (2, 3):
            for start in range(len(toks) - size + 1):
                run = toks[start : start + size]
                if not all(t.kind in (TokenKind.WORD, TokenKind.PARTICLE) for t in run):
                    continue
                if run[0].kind is not TokenKind.WORD or run[-1].kind is not TokenKind.WORD:
                    continue
                joined = "".join(t.text for t in run)
                consonantal = all(t.consonantal for t in run)
                exp = _Expansion(tuple(range(start, start + size)))
                vid = None if consonantal else vocab_ids.get("w:" + joined)
                if vid is not None:
                    exp.matches[vid] = (1.0, "joined")
                if consonantal:
                    skel = "".join(t.skel or consonant_skeleton(t.text) for t in run)
                    for v in idx.by_skel.get(skel, ()):
                        other = vocab[v]
                        if not other.consonantal and not shapes_differ(
                            run[0].lead, run[-1].tail, other.lead, other.tail
                        ):
                            exp.matches[v] = (0.9, "joined")
                if exp.matches:
                    out.append(exp)
        # A query token written as two words in the list (vanderbilt -> van der bilt).
        for i, tok in enumerate(toks):
            if tok.kind is not TokenKind.WORD or tok.consonantal or len(tok.text) < 6:
                continue
            if tok.key in vocab_ids:
                continue  # a word the lists know is not two words run together
            exp = _Expansion((i,))
            for cut in range(3, len(tok.text) - 2):
                left = vocab_ids.get("w:" + tok.text[:cut])
                right = vocab_ids.get("w:" + tok.text[cut:])
                if left is not None and right is not None:
                    exp.matches[left] = (0.9, "joined")
                    exp.matches[right] = (0.9, "joined")
            if exp.matches:
                out.append(exp)
        for exp in out:
            exp.size = sum(len(idx.postings[v]) for v in exp.matches)
        return out

    def _candidates(
        self, q: PreparedQuery, exps: list[_Expansion], floor: float
    ) -> list[tuple[float, int]]:
        """Candidate names as (-estimated score, name id), estimates at least ``floor``.

        Each (query slot, vocabulary token) pair is an *element* contributing
        ``similarity × weight`` to the names that contain the token. Max-score pruning: the
        weakest elements that, even all together, cannot lift a name to ``floor`` do not
        generate candidates (a common word such as "mohammad" next to an unknown surname);
        the strong ones generate, rarest first, up to ``max_generated`` names. A query thus
        costs what its distinctive words cost.
        """
        idx = self.index
        weight = idx.vocab_weight
        qmiss = q.name.miss
        live = [e for e in exps if e.matches]
        elems = sorted(
            (s * weight[vid], k, vid)
            for k, e in enumerate(live)
            for vid, (s, _m) in e.matches.items()
        )
        n_weak = 0
        if floor > 0 and elems:
            need = floor ** (1.0 / self.config.query_side_share)  # cov_q needed; cov_l <= 1
            qtotal = _required_weight(q)
            slot_top: dict[int, float] = {}
            covered: set[int] = set()
            top = 0.0
            uncovered = qtotal
            for contrib, k, _vid in elems:
                old = slot_top.get(k, 0.0)
                new_top = top + max(0.0, contrib - old)
                new_unc = uncovered
                for p in live[k].positions:
                    if p not in covered:
                        new_unc -= qmiss[p]
                new_unc = max(0.0, new_unc)
                if new_top + new_unc > 0 and new_top / (new_top + new_unc) >= need:
                    break
                slot_top[k] = max(old, contrib)
                covered.update(live[k].positions)
                top, uncovered = new_top, new_unc
                n_weak += 1
        strong = elems[n_weak:]
        if not strong:
            return []
        cands = self._generate(live, strong, floor, qmiss, q)
        # The best element per slot for each candidate, then an optimistic estimate of the
        # name score (see _search).
        slot_cov = [sum(qmiss[p] for p in e.positions) for e in live]
        qtotal = _required_weight(q)
        share = self.config.query_side_share
        out = self._estimates(cands, elems, slot_cov, qtotal, share, floor)
        if len(out) <= self.config.max_candidates // 4:
            return out
        # Tighten the best estimates with a one-to-one (greedy) assignment: repeated or
        # ambiguous words (consonant skeletons) otherwise let many names look promising.
        by_vid: dict[int, list[tuple[int, float]]] = {}
        for contrib, k, vid in elems:
            by_vid.setdefault(vid, []).append((k, contrib))
        name_tokens = idx.name_tokens
        name_total = idx.name_total_weight
        leaders = heapq.nsmallest(self.config.max_candidates, out)
        slot_pos = [e.positions for e in live]
        tight: list[tuple[float, int]] = []
        for _neg, nid in leaders:
            pairs = sorted(
                (
                    (contrib, k, j)
                    for j, vid in enumerate(name_tokens[nid])
                    for k, contrib in by_vid.get(vid, ())
                ),
                reverse=True,
            )
            used_q: set[int] = set()
            used_c: set[int] = set()
            matched = cov_q = 0.0
            for contrib, k, j in pairs:
                if j in used_c or any(p in used_q for p in slot_pos[k]):
                    continue
                used_c.add(j)
                used_q.update(slot_pos[k])
                matched += contrib
                cov_q += slot_cov[k]
            uncovered = qtotal - cov_q
            cq = matched / (matched + uncovered) if uncovered > 0 else 1.0
            ctot = name_total[nid]
            cc = matched / ctot if ctot > matched else 1.0
            estimate = cq**share * cc ** (1.0 - share)
            if estimate >= floor:
                tight.append((-estimate, nid))
        return tight

    def _estimates(
        self,
        cands: Iterable[int],
        elems: Sequence[tuple[float, int, int]],
        slot_cov: Sequence[float],
        qtotal: float,
        share: float,
        floor: float,
    ) -> list[tuple[float, int]]:
        """(-estimate, name id) of the candidates whose estimate reaches ``floor``.

        For each candidate, the best element per query slot among its tokens; then, as for
        a name score, query-side coverage ``matched / (matched + uncovered)`` and list-side
        coverage ``matched / total weight``, combined. Vectorised over all candidates at once
        (a loop over a few thousand names was a third of a query's time).
        """
        names = np.fromiter(cands, dtype=np.int64)
        if not len(names) or not elems:
            return []
        offsets, flat, totals = self.index.name_arrays
        # (vocabulary id, slot, contribution) of each element, sorted by vocabulary id
        hv = np.fromiter((e[2] for e in elems), dtype=np.int64, count=len(elems))
        order = np.argsort(hv, kind="stable")
        hv = hv[order]
        hk = np.fromiter((e[1] for e in elems), dtype=np.int64, count=len(elems))[order]
        hc = np.fromiter((e[0] for e in elems), dtype=np.float64, count=len(elems))[order]
        # every token of every candidate: (row of its candidate, vocabulary id)
        starts = offsets[names]
        lens = offsets[names + 1] - starts
        rows = np.repeat(np.arange(len(names)), lens)
        vids = flat[_ranges(starts, lens)]
        # the elements each token is: rows of the (vid-sorted) element table
        lo = np.searchsorted(hv, vids, side="left")
        cnt = np.searchsorted(hv, vids, side="right") - lo
        hit = cnt > 0
        rows, lo, cnt = rows[hit], lo[hit], cnt[hit]
        which = _ranges(lo, cnt)
        best = np.zeros((len(names), len(slot_cov)))
        np.maximum.at(best, (np.repeat(rows, cnt), hk[which]), hc[which])
        matched = best.sum(axis=1)
        uncovered = qtotal - (best > 0) @ np.asarray(slot_cov, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            cq = np.where(uncovered > 0, matched / (matched + uncovered), 1.0)
            ctot = totals[names]
            cc = np.where(ctot > matched, matched / ctot, 1.0)
        estimate = cq**share * cc ** (1.0 - share)
        keep = estimate >= floor
        return list(zip((-estimate[keep]).tolist(), names[keep].tolist(), strict=True))

    def _generate(
        self,
        live: list[_Expansion],
        strong: list[tuple[float, int, int]],
        floor: float,
        qmiss: Sequence[float],
        q: PreparedQuery,
    ) -> Iterable[int]:
        """The names worth estimating.

        If a name must be hit by at least ``m`` of the ``n`` query slots to reach ``floor``,
        it is hit by one of the ``n - m + 1`` most selective slots (pigeonhole): only those
        generate, and common words ("abdul", "mohammad") never have to. With ``m = 1``, every
        strong element generates, rarest first, up to ``max_generated`` names.
        """
        postings = self.index.postings
        m = self._min_slots(live, floor, qmiss, q) if floor > 0 else 1
        if m > len(live):
            return ()
        cands: set[int] = set()
        budget = self.config.max_generated
        if m >= 2:
            by_size = sorted(live, key=lambda e: e.size)
            for e in by_size[: len(live) - m + 1]:
                for vid in sorted(e.matches, key=lambda v: len(postings[v])):
                    if cands and len(cands) + len(postings[vid]) > budget:
                        return cands
                    cands.update(postings[vid])
            return cands
        for _c, _k, vid in sorted(strong, key=lambda el: len(postings[el[2]])):
            plist = postings[vid]
            if cands and len(cands) + len(plist) > budget:
                break
            cands.update(plist)
        return cands

    def _min_slots(
        self, live: list[_Expansion], floor: float, qmiss: Sequence[float], q: PreparedQuery
    ) -> int:
        """The fewest slots a name must hit to possibly reach ``floor`` (exact for up to 10
        slots; beyond, 1, i.e. no pruning)."""
        n = len(live)
        if n < 2 or n > 10:
            return 1
        weight = self.index.vocab_weight
        need = floor ** (1.0 / self.config.query_side_share)
        qtotal = _required_weight(q)
        tops = [max(s * weight[v] for v, (s, _m) in e.matches.items()) for e in live]
        for size in range(1, n + 1):
            for combo in itertools.combinations(range(n), size):
                top = sum(tops[k] for k in combo)
                pos = {p for k in combo for p in live[k].positions}
                uncovered = max(0.0, qtotal - sum(qmiss[p] for p in pos))
                if top + uncovered > 0 and top / (top + uncovered) >= need:
                    return size
        return n + 1

    def _search(self, q: PreparedQuery, include_all: bool, limit: int) -> list[Scored]:
        idx = self.index
        cfg = self.config
        exps = self._expand(q)
        floor = 0.0 if include_all else max(0.0, cfg.review_threshold - self._max_bonus(q))
        found = self._candidates(q, exps, floor)
        texts = self._skeleton_texts(q)
        if texts:
            # A name in another script: Latin names whose whole skeleton is close, however
            # its words split (see exportctl.screening.skeletons), or whose words are two
            # letters off its transliteration (Измайлов, IZMAYLOV: ISMAILOV).
            estimates = {nid: -neg for neg, nid in found}
            cutoff = max(floor, _SKELETON_CUTOFF)
            similar = idx.skeleton_lookup.similar(texts, cutoff, cfg.max_skeleton_candidates)
            for nid, sim in similar.items():
                if sim > estimates.get(nid, 0.0):
                    estimates[nid] = sim
            found = [(-est, nid) for nid, est in estimates.items()]
        if not found:
            return []
        # The estimate ignores the one-to-one constraint and counts in the denominators only
        # what must be there, so a name's true score is never higher; evidence can add at
        # most ``bonus`` (already taken off ``floor``).
        ranked = heapq.nsmallest(cfg.max_candidates, found)
        bonus = self._max_bonus(q)
        floor = 0.0 if include_all else cfg.review_threshold
        sims = self._similarity_cache(q, exps)
        best: dict[int, tuple[Scored, int]] = {}
        accepts = q.query.schema.accepts
        # List-side surfaces are only needed to compare Han/Hangul characters while scoring.
        syllabic = any(is_syllable_char(s) for s in q.name.analyzed.surfaces)
        # Surfaces make an alignment depend on more than token ids: no reuse then.
        alignments: dict[tuple[int, ...], Alignment] | None = None if syllabic else {}
        kth = -1.0
        for neg, nid in ranked:
            upper = -neg + bonus
            if upper < floor or upper < kth:
                break
            entry = idx.name_entry[nid]
            if not accepts(idx.records[entry].schema):
                continue  # a Person query never lists a Vessel, not even with include_all
            cand = idx.candidate(entry, (nid,), surfaces=syllabic)
            scored = score_prepared(q, cand, cfg, sims, alignments)
            if not include_all and scored.decision is Decision.NO_MATCH:
                continue
            prev = best.get(entry)
            # The entry's best name: a match on one name beats a review (a weak alias) on
            # another that scores a hair higher.
            if prev is None or _rank(scored) > _rank(prev[0]):
                best[entry] = (scored, nid)
                if len(best) >= limit:
                    kth = sorted((b[0].score for b in best.values()), reverse=True)[limit - 1]
        chosen = sorted(
            best.values(), key=lambda b: (-b[0].score, b[0].candidate.record.entity_id)
        )[:limit]
        if not syllabic:
            # Explanations show tokens as written: recover the surfaces of what is returned.
            for scored, nid in chosen:
                scored.candidate = idx.candidate(idx.name_entry[nid], (nid,))
        return [scored for scored, _nid in chosen]

    @staticmethod
    def _skeleton_texts(q: PreparedQuery) -> list[str]:
        """Whole-name skeletons to look Latin names up by: those of a consonantal-script
        name, or of a name in another alphabet (Cyrillic, Greek ...); none for Latin names
        and Han/Hangul, whose syllables skeletons do not fit."""
        if q.skeletons:
            return [s.text for s in q.skeletons]
        surfaces = q.name.analyzed.surfaces
        if any(is_syllable_char(x) for x in surfaces) or not any(
            is_other_alphabet(x) for x in surfaces
        ):
            return []
        return [s.text for s in name_skeletons(q.name.analyzed)]

    def _max_bonus(self, q: PreparedQuery) -> float:
        cfg = self.config
        bonus = 0.0
        if q.query.country:
            bonus += cfg.country_match_bonus
        if q.query.birth_date:
            bonus += cfg.birth_date_match_bonus
        if q.identifiers:
            bonus += cfg.identifier_match_bonus
        return bonus

    def _similarity_cache(
        self, q: PreparedQuery, exps: list[_Expansion]
    ) -> Callable[[PreparedName, PreparedName], SimilarityFn]:
        """A similarity factory for the scorer that reuses the expansions' similarities."""
        vocab = self.index.vocab
        qtoks = q.name.analyzed.tokens
        cache: dict[tuple[int, int], tuple[float, str]] = {}
        for exp in exps:
            if len(exp.positions) == 1:
                i = exp.positions[0]
                for vid, s in exp.matches.items():
                    if s[1] != "joined":
                        cache[(i, vid)] = s

        qs = q.name.analyzed.surfaces
        syllabic = any(is_syllable_char(x) for x in qs)
        foreign = [not x.isascii() and foreign_scripts(x, _CONSONANTAL_PROBE) for x in qs]
        any_foreign = any(foreign)

        def factory(qn: PreparedName, cn: PreparedName) -> SimilarityFn:
            ids = cn.ids
            cs = cn.analyzed.surfaces

            def sim(i: int, j: int) -> tuple[float, str]:
                if syllabic and different_characters(qs[i], cs[j]):
                    return NO_MATCH
                if any_foreign and foreign[i] and vocab[ids[j]].consonantal:
                    return NO_MATCH
                key = (i, ids[j])
                s = cache.get(key)
                if s is None:
                    s = cache[key] = token_similarity(qtoks[i], vocab[ids[j]])
                return s

            return sim

        return factory
