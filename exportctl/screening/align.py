"""Align a query name's tokens with a list name's tokens and score the alignment.

The alignment is one-to-one and order-free (so "LAST, First" and "First Last" align the same
way), found greedily from the most similar pair down, ties broken by the list token's weight
then by position — greedy is exact enough for names of a handful of tokens and keeps scoring
allocation-free. Tokens still unaligned afterwards may align as a run of two or three adjacent
tokens joined (``jin ping`` ↔ ``Jinping``, ``Abdul Rahman`` ↔ ``Abdulrahman``).

Score (see docs/screening.md)::

    matched = Σ sim(pair) · w(pair)          w(pair) = the list tokens' weights
    cov_q   = matched / (Σ w(pair) + Σ m(unaligned query tokens))
    cov_l   = matched / (Σ w(pair) + Σ m(unaligned list tokens))
    score   = cov_q^s · cov_l^(1-s) · (1 - c · conflict)
                                               s = ScoringConfig.query_side_share
                                               c = ScoringConfig.conflict_penalty

``conflict`` is the weight of the weaker of the two sides' strongest unaligned words: a
distinctive word replaced by another (ARAK vs TABRIZ) says "different party" more strongly than
a word merely missing on one side.

where w is a token's weight as evidence *for* identity and m its cost when unaligned (the same
except for generic words, see :mod:`exportctl.screening.weights`). So an unaligned distinctive
word on either side (TABRIZ vs ARAK) costs its weight, an unaligned legal form little.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Indel, LCSseq

from exportctl.screening.config import ScoringConfig
from exportctl.screening.similarity import (
    long_vowels_kept,
    shapes_differ,
    skeleton_similarity,
    string_similarity,
    token_similarity,
)
from exportctl.text.names import SKELETON_KINDS, NameSkeleton, Token, TokenKind
from exportctl.text.phonetic import consonant_skeleton, phonetic_key
from exportctl.text.tables import SON_OF_PARTICLES

__all__ = ["Alignment", "Pair", "SimilarityFn", "align", "align_skeletons", "combine"]

#: similarity of (query token index, list token index)
SimilarityFn = Callable[[int, int], tuple[float, str]]


@dataclass(slots=True)
class Pair:
    """Query token(s) aligned with list token(s)."""

    q: tuple[int, ...]
    c: tuple[int, ...]
    sim: float
    method: str
    weight: float


@dataclass(slots=True)
class Alignment:
    pairs: list[Pair] = field(default_factory=list)
    unmatched_q: list[int] = field(default_factory=list)
    unmatched_c: list[int] = field(default_factory=list)
    cov_q: float = 0.0
    cov_c: float = 0.0
    #: weight of the weaker of the strongest unaligned words on each side (0: no conflict)
    conflict: float = 0.0
    #: both names have legal forms and none of them aligned (AG vs GmbH)
    legal_conflict: bool = False
    #: both names have a filiation particle (bin, ibn, bint) and the aligned words around it
    #: come in another order: "Salman bin Muhammad" is not "Muhammad bin Salman"
    order_conflict: bool = False
    #: a consonantal-script query has a distinctive word the list name lacks, and the list
    #: name has none the query lacks: the listed name is part of the query's ("Omar HUSSAIN"
    #: in محمد عمر حسين), the listed party or another who shares part of the name
    query_extra: bool = False
    score: float = 0.0


_RUN_KINDS = (TokenKind.WORD, TokenKind.PARTICLE)


def _runs(indices: Sequence[int], tokens: Sequence[Token]) -> list[tuple[int, ...]]:
    """Runs of 3 then 2 adjacent unaligned tokens ending with a word (a leading or middle
    particle may join: "abu ghaith" = "Abughaith", "abd al rahman" = "Abdalrahman")."""
    free = set(indices)
    out: list[tuple[int, ...]] = []
    for size in (3, 2):
        for start in sorted(free):
            run = tuple(range(start, start + size))
            if not all(k in free and tokens[k].kind in _RUN_KINDS for k in run):
                continue
            if tokens[run[-1]].kind is TokenKind.WORD:
                out.append(run)
    return out


def _skeleton_of(run: Sequence[Token]) -> str:
    # Not collapsed across words: DAD TAYEB is TTB, not the TB of طيب.
    return "".join(t.skel or consonant_skeleton(t.text) for t in run)


class _Run:
    """A run of adjacent tokens, joined once and compared with many single tokens."""

    __slots__ = ("article", "consonantal", "length", "mixed", "skel", "text", "tokens")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.consonantal = all(t.consonantal for t in tokens)
        self.mixed = not self.consonantal and any(t.consonantal for t in tokens)
        self.text = "".join(t.text for t in tokens)
        self.length = len(self.text)
        self.skel = ""
        # ال + word: romanisations also write the article assimilated (ES-SAADI, ESSABAR)
        first = tokens[0]
        self.article = first.consonantal and first.kind is _PARTICLE and first.groups == ("al",)

    def similarity(self, other: Token) -> float:
        if other.kind is not TokenKind.WORD or self.mixed:
            return 0.0  # a run mixing scripts is no name
        if self.consonantal or other.consonantal:
            first, last = self.tokens[0], self.tokens[-1]
            if shapes_differ(first.lead, last.tail, other.lead, other.tail):
                return 0.0
            if self.consonantal and other.consonantal:
                return string_similarity(self.text, other.text)
            if not self.skel:
                self.skel = _skeleton_of(self.tokens)
            if self.consonantal:
                s = skeleton_similarity(self.skel, self.length, other.skel, len(other.text))
                if self.article and len(self.tokens) == 2:
                    bare = self.tokens[1]
                    s = max(
                        s,
                        skeleton_similarity(bare.skel, len(bare.text), other.skel, len(other.text)),
                    )
                return s
            return skeleton_similarity(other.skel, len(other.text), self.skel, self.length)
        # Cheap length filter before comparing strings: most runs are nowhere near.
        if abs(self.length - len(other.text)) > 3:
            return 0.0
        s = string_similarity(self.text, other.text)
        if s < 0.9 and phonetic_key(self.text) == other.phon:
            return 0.9
        return s


def _pair_weight(q: Sequence[Token], c: Sequence[Token], cw: float, cfg: ScoringConfig) -> float:
    if any(t.kind is TokenKind.INITIAL for t in q) or any(t.kind is TokenKind.INITIAL for t in c):
        return cfg.initial_weight
    return cw


def _profile(tokens: Sequence[Token]) -> tuple[bool, bool, bool]:
    """(has a legal form, has a consonantal-script token, chains names with bin/ibn)."""
    legal = consonantal = filiation = False
    for t in tokens:
        kind = t.kind
        if kind is _LEGAL:
            legal = True
        elif kind is _PARTICLE and t.groups in _FILIATION:
            filiation = True
        if t.consonantal:
            consonantal = True
    return legal, consonantal, filiation


def align(
    qtokens: Sequence[Token],
    qmiss: Sequence[float],
    ctokens: Sequence[Token],
    cweights: Sequence[float],
    cmiss: Sequence[float],
    sim: SimilarityFn,
    cfg: ScoringConfig,
) -> Alignment:
    """Align and score.

    ``sim(i, j)`` gives the similarity of ``qtokens[i]`` and ``ctokens[j]``; ``cweights`` are
    the list tokens' weights (what an aligned pair is worth), ``qmiss``/``cmiss`` what each
    token costs if it stays unaligned. With a consonantal-script name on either side, joined
    runs are aligned first (so ``عبد الله`` takes ``ABDALLAH`` before ``عبد`` alone can take
    ``UBAIDI``); then single tokens greedily; then joined runs among what is left.
    """
    qprof = _profile(qtokens)
    cprof = _profile(ctokens)
    result = Alignment()
    nq, nc = len(qtokens), len(ctokens)
    free_q = list(range(nq))
    free_c = list(range(nc))
    if nq != nc and (qprof[1] or cprof[1]) and not _words_contained(qtokens, ctokens):
        # Consonant skeletons are short and collide (عبد "bd" vs UBAIDI), so a join that
        # explains two tokens at once goes first. Latin words rarely collide that way.
        _align_joined(qtokens, ctokens, cweights, free_q, free_c, result, cfg)
    min_sim = cfg.min_token_similarity
    scored: list[tuple[float, float, int, int, str]] = []
    for i in free_q:
        for j in free_c:
            s, method = sim(i, j)
            if s >= min_sim:
                scored.append((s, cweights[j], -i, -j, method))
    if scored:
        scored.sort(reverse=True)
        used_q: set[int] = set()
        used_c: set[int] = set()
        initial_weight = cfg.initial_weight
        for s, w, ni, nj, method in scored:
            i, j = -ni, -nj
            if i in used_q or j in used_c:
                continue
            used_q.add(i)
            used_c.add(j)
            if qtokens[i].kind is _INITIAL or ctokens[j].kind is _INITIAL:
                w = initial_weight
            result.pairs.append(Pair((i,), (j,), s, method, w))
        free_q = [i for i in free_q if i not in used_q]
        free_c = [j for j in free_c if j not in used_c]
    if free_q and free_c:
        _align_joined(qtokens, ctokens, cweights, free_q, free_c, result, cfg)
        taken_q = {i for p in result.pairs for i in p.q}
        taken_c = {j for p in result.pairs for j in p.c}
        free_q = [i for i in free_q if i not in taken_q]
        free_c = [j for j in free_c if j not in taken_c]
    result.unmatched_q = free_q
    result.unmatched_c = free_c
    _finish(result, qtokens, qmiss, qprof, ctokens, cmiss, cprof, cfg)
    return result


def align_skeletons(
    qtokens: Sequence[Token],
    qmiss: Sequence[float],
    qskels: Sequence[NameSkeleton],
    ctokens: Sequence[Token],
    cweights: Sequence[float],
    cmiss: Sequence[float],
    cskel: NameSkeleton,
    cfg: ScoringConfig,
    beat: float = 0.0,
) -> Alignment | None:
    """Align a consonantal-script name with a Latin one through their whole skeletons.

    Token by token, ``عبدالرحمان زاهد`` (two words) cannot meet ``ABDUL RAHMAN ZAHED`` (three);
    run together, both are ``BTLRHMNSHT``. The reading of the query closest to the list
    name's skeleton (normalised Indel similarity) is aligned with it symbol by symbol (a
    longest common subsequence); each token then counts as aligned when at least half of its
    own symbols found a counterpart in aligned tokens of the other side. Tokens linked by
    aligned symbols form one pair (``عبدالرحمان`` ↔ ``ABDUL RAHMAN``), whose similarity is the
    geometric mean of the weighted share of symbols aligned on each side. Everything else —
    coverage, conflicts, legal forms — is scored as for a token alignment.

    ``None`` when either skeleton is shorter than ``cfg.min_skeleton_length`` (a few
    consonants agree too easily to be evidence), when the whole skeletons are less similar
    than ``cfg.min_skeleton_similarity`` or than ``beat`` (the score of the token alignment
    the caller has: the symbol-level alignment is then not worked out, as it would rarely
    do better), or when nothing aligns.
    """
    min_len = cfg.min_skeleton_length
    if len(cskel.text) < min_len:
        return None
    best: tuple[float, NameSkeleton] | None = None
    for qs in qskels:
        if len(qs.text) >= min_len:
            sim = Indel.normalized_similarity(qs.text, cskel.text)
            if best is None or sim > best[0]:
                best = (sim, qs)
    if best is None or best[0] < cfg.min_skeleton_similarity or best[0] <= beat:
        return None
    qskel = best[1]
    q_own, c_own = qskel.owners, cskel.owners
    # (query symbol position, list symbol position) of each symbol in the common subsequence
    links: list[tuple[int, int]] = []
    for op in LCSseq.opcodes(qskel.text, cskel.text):
        if op.tag == "equal":
            shift = op.dest_start - op.src_start
            links.extend((a, a + shift) for a in range(op.src_start, op.src_end))
    q_span = _spans(q_own)
    c_span = _spans(c_own)
    q_ok = set(q_span)
    c_ok = set(c_span)
    # Twice: a symbol counts only if its counterpart's token is itself aligned, so a list word
    # made of stray consonants of unaligned query words drops out.
    for _ in range(2):
        q_hit: dict[int, int] = {}
        c_hit: dict[int, int] = {}
        for a, b in links:
            i, j = q_own[a], c_own[b]
            if j in c_ok:
                q_hit[i] = q_hit.get(i, 0) + 1
            if i in q_ok:
                c_hit[j] = c_hit.get(j, 0) + 1
        q_ok = {i for i, (_s, n) in q_span.items() if 2 * q_hit.get(i, 0) >= n}
        c_ok = {j for j, (_s, n) in c_span.items() if 2 * c_hit.get(j, 0) >= n}
    # Links are in order on both sides, so each token's links are consecutive: a group of
    # linked tokens is a run of links where each shares a token with the one before.
    groups: list[list[tuple[int, int]]] = []
    for a, b in links:
        if q_own[a] not in q_ok or c_own[b] not in c_ok:
            continue
        if groups and (
            q_own[groups[-1][-1][0]] == q_own[a] or c_own[groups[-1][-1][1]] == c_own[b]
        ):
            groups[-1].append((a, b))
        else:
            groups.append([(a, b)])
    result = Alignment()
    for group in groups:
        q_group = tuple(sorted({q_own[a] for a, _b in group}))
        c_group = tuple(sorted({c_own[b] for _a, b in group}))
        if not _has_word(qtokens, q_group) or not _has_word(ctokens, c_group):
            continue  # a particle alone (ال) is no evidence for a word (ALI)
        if len(q_group) > 1 and len(c_group) > 1:
            # Words split and join across scripts (ABDUL RAHMAN = عبدالرحمان), but one
            # side's word lies inside one word of the other; words overlapping in part
            # (MOHAMMADREZA ANSARI against محمد رمضان وزيري) are no transliteration.
            continue
        single = len(q_group) == 1 and len(c_group) == 1
        if single:
            # Word against word: the token rules, which know more than a skeleton does.
            i, j = q_group[0], c_group[0]
            sim, method = token_similarity(
                qtokens[i]._replace(lead=_lead(qtokens, i)),
                ctokens[j]._replace(lead=_lead(ctokens, j)),
            )
            if (
                sim < 0.9
                and 2 * len(group) == q_span[i][1] + c_span[j][1]
                and long_vowels_kept(qtokens[i], ctokens[j])
            ):
                # the same skeleton under another reading of the word (نورالدين read with
                # its article assimilated is NOORUDDIN), as the token rule gives for one
                sim, method = 0.9, "transliteration"
            min_sim = cfg.min_token_similarity
        else:
            # A group joining several words must be as close as a joined run of tokens.
            size = sum(q_span[i][1] for i in q_group) + sum(c_span[j][1] for j in c_group)
            sim, method = 2 * len(group) / size, "skeleton"
            min_sim = cfg.min_merge_similarity
        if sim < min_sim:
            continue
        # The group starts together (its first consonants are each other's counterparts:
        # RAMAZANI does not begin like ماشين, though both hold MSN), and so does each word
        # in it: joined words meet the parts of one word (AKHUND ZADA = آخوند زاده), they
        # do not lend it stray consonants (MANSOUR from منان بصير).
        if (q_span[q_group[0]][0], c_span[c_group[0]][0]) not in group:
            continue
        linked_q = {a for a, _b in group}
        linked_c = {b for _a, b in group}
        if not all(_starts_linked(q_span[i][0], qskel.text, linked_q) for i in q_group) or not all(
            _starts_linked(c_span[j][0], cskel.text, linked_c) for j in c_group
        ):
            continue
        if shapes_differ(
            _lead(qtokens, q_group[0]),
            qtokens[q_group[-1]].tail,
            _lead(ctokens, c_group[0]),
            ctokens[c_group[-1]].tail,
        ):
            continue
        weight = sum(cweights[j] for j in c_group)
        result.pairs.append(Pair(q_group, c_group, sim, method, weight))
    if not result.pairs:
        return None
    taken_q = {i for p in result.pairs for i in p.q}
    taken_c = {j for p in result.pairs for j in p.c}
    # Tokens with no symbol of their own (a particle whose l merged into the next word's) are
    # neither evidence for nor against.
    result.unmatched_q = [i for i in q_span if i not in taken_q]
    result.unmatched_c = [j for j in c_span if j not in taken_c]
    result.unmatched_q += [i for i, t in enumerate(qtokens) if t.kind not in SKELETON_KINDS]
    result.unmatched_c += [j for j, t in enumerate(ctokens) if t.kind not in SKELETON_KINDS]
    _finish(result, qtokens, qmiss, _profile(qtokens), ctokens, cmiss, _profile(ctokens), cfg)
    return result


def _starts_linked(start: int, skel: str, linked: set[int]) -> bool:
    """A word's first symbol has a counterpart, or repeats the symbol before it, which has:
    a consonant doubled across a word boundary is often written once on the other side
    (ABD AL-LATIF, BTL+LTF, is عبداللطيف, one L with a shadda)."""
    return start in linked or (start > 0 and skel[start - 1] == skel[start] and start - 1 in linked)


@lru_cache(maxsize=1 << 12)
def _spans(owners: tuple[int, ...]) -> dict[int, tuple[int, int]]:
    """Token → (position of its first symbol, number of symbols) in a skeleton."""
    out: dict[int, tuple[int, int]] = {}
    for pos, k in enumerate(owners):
        first, n = out.get(k, (pos, 0))
        out[k] = (first, n + 1)
    return out


def _lead(tokens: Sequence[Token], k: int) -> str:
    """How token ``k`` begins, "" (either way) after an article: ال صبار is ESSABAR too."""
    if k > 0 and tokens[k - 1].kind is TokenKind.PARTICLE and tokens[k - 1].groups == ("al",):
        return ""
    return tokens[k].lead


def _has_word(tokens: Sequence[Token], group: Sequence[int]) -> bool:
    return any(tokens[k].kind is TokenKind.WORD for k in group)


def _align_joined(
    qtokens: Sequence[Token],
    ctokens: Sequence[Token],
    cweights: Sequence[float],
    free_q: list[int],
    free_c: list[int],
    result: Alignment,
    cfg: ScoringConfig,
) -> None:
    """Align runs of adjacent unaligned tokens, joined, with single unaligned tokens."""
    min_sim = cfg.min_merge_similarity
    # Query runs against single list tokens.
    for run in _runs(free_q, qtokens):
        if not all(k in free_q for k in run):
            continue
        run_tokens = [qtokens[k] for k in run]
        joined = _Run(run_tokens)
        best: tuple[float, int] | None = None
        for j in free_c:
            s = joined.similarity(ctokens[j])
            if s >= min_sim and (best is None or s > best[0]):
                best = (s, j)
        if best is not None:
            s, j = best
            w = _pair_weight(run_tokens, (ctokens[j],), cweights[j], cfg)
            result.pairs.append(Pair(run, (j,), s, "joined", w))
            free_q[:] = [k for k in free_q if k not in run]
            free_c.remove(j)
    # List runs against single query tokens.
    for run in _runs(free_c, ctokens):
        if not all(k in free_c for k in run):
            continue
        run_tokens = [ctokens[k] for k in run]
        joined = _Run(run_tokens)
        best = None
        for i in free_q:
            s = joined.similarity(qtokens[i])
            if s >= min_sim and (best is None or s > best[0]):
                best = (s, i)
        if best is not None:
            s, i = best
            w = _pair_weight((qtokens[i],), run_tokens, sum(cweights[k] for k in run), cfg)
            result.pairs.append(Pair((i,), run, s, "joined", w))
            free_c[:] = [k for k in free_c if k not in run]
            free_q.remove(i)


def _unmatched(
    idx: Sequence[int], tokens: Sequence[Token], miss: Sequence[float], other_has_legal: bool
) -> tuple[float, float]:
    """(weight of the unaligned tokens, weight of the strongest unaligned word or initial).

    A legal form counts only if the other name has one too: "Acme" vs "Acme GmbH" is the same
    firm named loosely, "Acme AG" vs "Acme GmbH" may not be. A particle never counts:
    romanisations add and drop al-, de, bin.
    """
    total = strongest = 0.0
    for i in idx:
        kind = tokens[i].kind
        if (kind is _LEGAL and not other_has_legal) or kind is _PARTICLE:
            continue
        w = miss[i]
        total += w
        # An initial left over on each side (William G. Frost, William W. Frost) is another
        # given name as much as a word is.
        if (kind is _WORD or kind is _NUMBER or kind is _INITIAL) and w > strongest:
            strongest = w
    return total, strongest


def _finish(
    result: Alignment,
    qtokens: Sequence[Token],
    qmiss: Sequence[float],
    qprof: tuple[bool, bool, bool],
    ctokens: Sequence[Token],
    cmiss: Sequence[float],
    cprof: tuple[bool, bool, bool],
    cfg: ScoringConfig,
) -> None:
    matched = 0.0
    paired = 0.0
    legal_pairs = False
    for p in result.pairs:
        matched += p.sim * p.weight
        paired += p.weight
        if ctokens[p.c[0]].kind is _LEGAL:
            legal_pairs = True
    uq, strong_q = _unmatched(result.unmatched_q, qtokens, qmiss, cprof[0])
    uc, strong_c = _unmatched(result.unmatched_c, ctokens, cmiss, qprof[0])
    result.cov_q = matched / (paired + uq) if paired + uq > 0 else 0.0
    result.cov_c = matched / (paired + uc) if paired + uc > 0 else 0.0
    conflict = min(strong_q, strong_c)
    # However common the two words (Mohamed vs Ahmed), one replacing the other is evidence.
    result.conflict = max(conflict, cfg.conflict_floor) if conflict > 0 else 0.0
    result.legal_conflict = qprof[0] and cprof[0] and not legal_pairs
    result.order_conflict = qprof[2] and cprof[2] and _order_inverted(result, qtokens, ctokens)
    result.query_extra = qprof[1] and strong_c == 0.0 and strong_q >= cfg.query_extra_min_weight
    score = combine(result.cov_q, result.cov_c, cfg.query_side_share)
    score *= 1.0 - cfg.conflict_penalty * result.conflict
    if result.legal_conflict:
        score *= cfg.legal_conflict_factor
    if result.order_conflict:
        score *= cfg.order_conflict_factor
    if result.query_extra:
        score *= cfg.query_extra_factor
    result.score = score


_FILIATION = frozenset({("bint",), *((p,) for p in SON_OF_PARTICLES)})
_LEGAL = TokenKind.LEGAL
_WORD = TokenKind.WORD
_NUMBER = TokenKind.NUMBER
_PARTICLE = TokenKind.PARTICLE
_INITIAL = TokenKind.INITIAL


def _generations(tokens: Sequence[Token]) -> list[int]:
    """For each token, how many filiation particles come before it: in ``A bin B bin C``, A is
    0, B 1 (A's father) and C 2."""
    out: list[int] = []
    n = 0
    for t in tokens:
        if t.kind is _PARTICLE and t.groups in _FILIATION:
            n += 1
        out.append(n)
    return out


def _order_inverted(result: Alignment, qtokens: Sequence[Token], ctokens: Sequence[Token]) -> bool:
    """Two aligned words whose generations (see ``_generations``) are in opposite order in the
    two names: "Salman bin Muhammad" is Muhammad's son, not "Muhammad bin Salman". Words of
    one generation may come in any order ("bin Salman Mohammed")."""
    gq, gc = _generations(qtokens), _generations(ctokens)
    words = [
        (gq[p.q[0]], gc[p.c[0]])
        for p in result.pairs
        if ctokens[p.c[0]].kind is _WORD and qtokens[p.q[0]].kind is _WORD
    ]
    return any((a[0] - b[0]) * (a[1] - b[1]) < 0 for a, b in itertools.combinations(words, 2))


def _words_contained(a: Sequence[Token], b: Sequence[Token]) -> bool:
    """Every word of the shorter name is, verbatim, in the longer one (no run can help)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    texts = {t.text for t in long_}
    return all(t.text in texts for t in short if t.kind is TokenKind.WORD)


def combine(cov_q: float, cov_c: float, share: float) -> float:
    """Weighted geometric mean of the two coverages: both names must be mostly covered.

    An arithmetic mean would let a one-word list name ("MSNA") fully covered by one of three
    query words score 0.6; the geometric mean gives 0.5 and needs both sides to agree.
    """
    if cov_q <= 0.0 or cov_c <= 0.0:
        return 0.0
    return float(cov_q**share * cov_c ** (1.0 - share))
