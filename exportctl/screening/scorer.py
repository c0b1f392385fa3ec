"""The pure scorer: ``score(query, candidate, config) -> Match``.

No I/O, no globals: the same inputs give the same :class:`~exportctl.model.Match` here, in
the screener, in a batch worker or on a Spark executor. A candidate is scored on each of its
names (primary, aliases, original-script names); the best name decides. Then secondary
evidence adjusts the score:

* schema: a query for a Person never matches a Vessel (score 0, ``no_match``);
* country: the query's country among the entry's countries/nationalities/addresses adds a
  little, a different one takes a little;
* birth date: same date (at the precision both give) adds, years two or more apart take;
* identifiers: an equal document number adds a lot;
* name quality: a hit on a *weak* alias alone (OFAC "weak a.k.a.", e.g. 'MSA') is at most
  ``review``;
* precision rules (:mod:`~exportctl.screening.precision`): a common name is at most
  ``review`` unless a birth date or identifier agrees; short, one-word, syllabic and
  cross-script names met loosely are no alert; a country that contradicts every country of
  the entry takes a hit to ``review`` at most, never below ``review`` for a strong name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from exportctl.errors import InvalidInput
from exportctl.model.entry import ListEntry, NameQuality, Schema
from exportctl.model.screening import (
    Decision,
    Explanation,
    Match,
    QuerySchema,
    ScreeningQuery,
)
from exportctl.screening.align import Alignment, SimilarityFn, align, align_skeletons
from exportctl.screening.config import DEFAULT_CONFIG, ScoringConfig
from exportctl.screening.explain import explain
from exportctl.screening.precision import NameCap, name_cap
from exportctl.screening.similarity import (
    NO_MATCH,
    different_characters,
    foreign_scripts,
    token_similarity,
)
from exportctl.screening.weights import TokenWeights
from exportctl.text.names import (
    AnalyzedName,
    NameKind,
    NameSkeleton,
    TokenKind,
    analyze_name,
    name_skeletons,
)
from exportctl.text.tables import tables

__all__ = [
    "Candidate",
    "EntryRecord",
    "Evidence",
    "NameScore",
    "PreparedName",
    "PreparedQuery",
    "Scored",
    "decide",
    "name_kind",
    "normalize_identifier",
    "prepare_query",
    "score",
]


def name_kind(schema: Schema | QuerySchema) -> NameKind:
    """How names of this schema are analysed (only non-persons have legal forms)."""
    if schema in (Schema.PERSON, QuerySchema.PERSON):
        return NameKind.PERSON
    if schema in (Schema.UNKNOWN, QuerySchema.ANY):
        return NameKind.ANY
    return NameKind.ORG


def normalize_identifier(value: str) -> str:
    """Identifiers compare on letters and digits only, upper case (``A-123 456`` = ``A123456``)."""
    return "".join(ch for ch in value.upper() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """What scoring and the match output need of a :class:`ListEntry` (compact, cacheable)."""

    entity_id: str
    source: str
    caption: str
    schema: Schema
    names: tuple[tuple[str, NameQuality], ...]
    countries: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()

    @classmethod
    def from_entry(cls, entry: ListEntry) -> EntryRecord:
        countries: list[str] = []
        for c in (*entry.countries, *entry.nationalities, *(a.country for a in entry.addresses)):
            if c and c.upper() not in countries:
                countries.append(c.upper())
        idents: list[str] = []
        for ident in entry.identifiers:
            norm = normalize_identifier(ident.value)
            if len(norm) >= 4 and norm not in idents:  # shorter "numbers" are not identifying
                idents.append(norm)
        names: list[tuple[str, NameQuality]] = []
        seen: set[str] = set()
        for n in entry.names:
            if n.value.strip() and n.value not in seen:
                seen.add(n.value)
                names.append((n.value, n.quality))
        return cls(
            entity_id=entry.entity_id,
            source=entry.source,
            caption=entry.name,
            schema=entry.schema,
            names=tuple(names),
            countries=tuple(countries),
            birth_dates=tuple(entry.birth_dates),
            identifiers=tuple(idents),
            programs=tuple(entry.programs),
        )


@dataclass(frozen=True, slots=True)
class PreparedName:
    """One analysed name with its token weights (and, inside an index, token ids)."""

    analyzed: AnalyzedName
    weights: tuple[float, ...]
    miss: tuple[float, ...]
    quality: NameQuality = NameQuality.STRONG
    ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """A validated query with its analysed name."""

    query: ScreeningQuery
    name: PreparedName
    identifiers: frozenset[str]
    #: whole-name consonant skeletons, for a name written in a consonantal script only
    skeletons: tuple[NameSkeleton, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A list entry ready to score: its record and analysed names."""

    record: EntryRecord
    names: tuple[PreparedName, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    attribute: str
    effect: float
    text: str


@dataclass(slots=True)
class NameScore:
    index: int  # into Candidate.names
    alignment: Alignment
    #: what the precision rules allow this name to reach (screening.precision)
    cap: NameCap | None = None

    @property
    def value(self) -> float:
        """The alignment score under the cap (what ranks an entry's names)."""
        if self.cap is None or self.cap.decision_only:
            return self.alignment.score
        return min(self.alignment.score, self.cap.cap)


@dataclass(slots=True)
class Scored:
    """A scored candidate before it is rendered as a Match."""

    candidate: Candidate
    best: NameScore | None
    evidence: list[Evidence]
    score: float
    decision: Decision


def _prepare_name(
    value: str, kind: NameKind, weights: TokenWeights, quality: NameQuality
) -> PreparedName:
    analyzed = analyze_name(value, kind)
    toks = analyzed.tokens
    miss = weights.name_miss(toks, tuple(weights.miss_weight(t) for t in toks), kind)
    return PreparedName(analyzed, tuple(weights.weight(t) for t in toks), miss, quality)


def prepare_query(query: ScreeningQuery, weights: TokenWeights | None = None) -> PreparedQuery:
    """Analyse a query; raise InvalidInput if its name has nothing that can identify a party."""
    weights = weights or TokenWeights()
    prepared = _prepare_name(query.name, name_kind(query.schema), weights, NameQuality.PRIMARY)
    if not any(t.kind in (TokenKind.WORD, TokenKind.NUMBER) for t in prepared.analyzed.tokens):
        what = (
            "only legal forms, particles or initials"
            if prepared.analyzed.tokens
            else "no letters or digits"
        )
        raise InvalidInput(
            f"name {query.name[:80]!r} has {what}; nothing to screen",
            code="screening_name_unusable",
            errors={"name": what},
        )
    idents = frozenset(
        n for n in (normalize_identifier(i) for i in query.identifiers) if len(n) >= 4
    )
    return PreparedQuery(query, prepared, idents, _consonantal_skeletons(prepared.analyzed))


_NO_SKELETON = NameSkeleton("", ())


def _consonantal_skeletons(name: AnalyzedName) -> tuple[NameSkeleton, ...]:
    """The name's whole skeletons if its words are all in a consonantal script, else ()."""
    words = [t for t in name.tokens if t.kind is TokenKind.WORD]
    if not words or not all(t.consonantal for t in words):
        return ()
    return name_skeletons(name)


def prepare_candidate(
    entry: ListEntry | EntryRecord, weights: TokenWeights | None = None
) -> Candidate:
    """Analyse every name of a list entry (the index does this once at build time)."""
    weights = weights or TokenWeights()
    record = entry if isinstance(entry, EntryRecord) else EntryRecord.from_entry(entry)
    kind = name_kind(record.schema)
    names = tuple(_prepare_name(v, kind, weights, q) for v, q in record.names)
    return Candidate(record, names)


def _direct_similarity(q: PreparedName, c: PreparedName) -> SimilarityFn:
    qt, ct = q.analyzed.tokens, c.analyzed.tokens
    qs, cs = q.analyzed.surfaces, c.analyzed.surfaces

    def sim(i: int, j: int) -> tuple[float, str]:
        if different_characters(qs[i], cs[j]):
            return NO_MATCH
        if foreign_scripts(qs[i], ct[j]) or foreign_scripts(cs[j], qt[i]):
            return NO_MATCH
        return token_similarity(qt[i], ct[j])

    return sim


def _birth_evidence(query_date: str, dates: Iterable[str], cfg: ScoringConfig) -> Evidence | None:
    dates = [d for d in dates if d[:4].isdigit()]
    if not dates:
        return None
    for d in dates:
        n = min(len(d), len(query_date))
        if d[:n] == query_date[:n]:
            return Evidence(
                "birth_date",
                cfg.birth_date_match_bonus,
                f"birth date {query_date} agrees with {d}",
            )
    qy = int(query_date[:4])
    if all(abs(int(d[:4]) - qy) >= 2 for d in dates):
        return Evidence(
            "birth_date",
            -cfg.birth_date_mismatch_penalty,
            f"birth date {query_date} differs from {', '.join(dates[:3])}",
        )
    return None


def _evidence(q: PreparedQuery, rec: EntryRecord, cfg: ScoringConfig) -> list[Evidence]:
    out: list[Evidence] = []
    query = q.query
    if query.country and rec.countries:
        if query.country in rec.countries:
            out.append(
                Evidence("country", cfg.country_match_bonus, f"country {query.country} matches")
            )
        else:
            out.append(
                Evidence(
                    "country",
                    -cfg.country_mismatch_penalty,
                    f"country {query.country} not among {', '.join(rec.countries[:5])}",
                )
            )
    if query.birth_date and rec.schema in (Schema.PERSON, Schema.UNKNOWN):
        ev = _birth_evidence(query.birth_date, rec.birth_dates, cfg)
        if ev:
            out.append(ev)
    if q.identifiers and rec.identifiers:
        same = sorted(q.identifiers.intersection(rec.identifiers))
        if same:
            out.append(
                Evidence("identifier", cfg.identifier_match_bonus, f"identifier {same[0]} matches")
            )
    return out


def decide(value: float, cfg: ScoringConfig) -> Decision:
    """The decision for a final score, from the thresholds."""
    if value >= cfg.match_threshold:
        return Decision.MATCH
    if value >= cfg.review_threshold:
        return Decision.REVIEW
    return Decision.NO_MATCH


def _align_name(
    q: PreparedQuery, cn: PreparedName, sim: SimilarityFn, cfg: ScoringConfig
) -> Alignment:
    """The better of the token alignment and, for a consonantal-script query against a
    Latin name, the whole-skeleton alignment."""
    qn = q.name
    al = align(qn.analyzed.tokens, qn.miss, cn.analyzed.tokens, cn.weights, cn.miss, sim, cfg)
    if q.skeletons and not any(t.consonantal for t in cn.analyzed.tokens):
        whole = align_skeletons(
            qn.analyzed.tokens,
            qn.miss,
            q.skeletons,
            cn.analyzed.tokens,
            cn.weights,
            cn.miss,
            (name_skeletons(cn.analyzed) or (_NO_SKELETON,))[0],
            cfg,
            beat=al.score,
        )
        if whole is not None and whole.score > al.score:
            return whole
    return al


def score_prepared(
    q: PreparedQuery,
    cand: Candidate,
    cfg: ScoringConfig = DEFAULT_CONFIG,
    similarity: Callable[[PreparedName, PreparedName], SimilarityFn] | None = None,
    alignments: dict[tuple[int, ...], Alignment] | None = None,
) -> Scored:
    """Score a prepared candidate without rendering the explanation (the screener's path).

    ``alignments`` (names from an index only): alignments already worked out for this query,
    by the list name's token ids. The lists repeat names (an OFAC entry on the CSL, a UN
    entry on the UK list), and an alignment depends on the tokens alone.
    """
    rec = cand.record
    if not q.query.schema.accepts(rec.schema):
        ev = Evidence("schema", 0.0, f"schema {q.query.schema.value} cannot be {rec.schema.value}")
        return Scored(cand, None, [ev], 0.0, Decision.NO_MATCH)
    make_sim = similarity or _direct_similarity
    best: NameScore | None = None
    qn = q.name
    for idx, cn in enumerate(cand.names):
        if not cn.analyzed.tokens:
            continue
        known = alignments.get(cn.ids) if alignments is not None and cn.ids else None
        if known is not None:
            al = known
        else:
            al = _align_name(q, cn, make_sim(qn, cn), cfg)
            if alignments is not None and cn.ids:
                alignments[cn.ids] = al
        here = NameScore(
            idx, al, name_cap(qn.analyzed, qn.miss, cn.analyzed, cn.miss, al, _generic(), cfg)
        )
        if best is None:
            best = here
            continue
        # A weak alias is never a hit on its own, so it ranks as at most just below a match:
        # a strong name that is a match beats a weak alias that scores a hair higher.
        mine = _ranking_score(here.value, cn.quality, cfg)
        theirs = _ranking_score(best.value, cand.names[best.index].quality, cfg)
        if mine > theirs + 1e-12 or (
            abs(mine - theirs) <= 1e-12
            and _quality_rank(cn.quality) < _quality_rank(cand.names[best.index].quality)
        ):
            best = here
    if best is None:
        return Scored(cand, None, [], 0.0, Decision.NO_MATCH)
    evidence = _evidence(q, rec, cfg)
    al = best.alignment
    if al.conflict > 0 and cfg.conflict_penalty > 0:
        # Shown as evidence, though it is part of the name score already (effect: what it took).
        factor = 1.0 - cfg.conflict_penalty * al.conflict
        before = al.score / factor if factor > 0 else al.score
        evidence.insert(
            0,
            Evidence(
                "conflict",
                0.0,
                f"a distinctive word differs on each side: name score x{factor:.2f} "
                f"({al.score - before:+.2f})",
            ),
        )
    if al.legal_conflict:
        evidence.insert(
            0,
            Evidence(
                "legal_form",
                0.0,
                f"legal forms differ: name score x{cfg.legal_conflict_factor:.2f}",
            ),
        )
    if al.order_conflict:
        evidence.insert(
            0,
            Evidence(
                "name_order",
                0.0,
                "names chained with bin/ibn come in another order (X bin Y is Y's son): "
                f"name score x{cfg.order_conflict_factor:.2f}",
            ),
        )
    if al.query_extra:
        evidence.insert(
            0,
            Evidence(
                "query_extra",
                0.0,
                "the query, in a consonantal script, has a distinctive word the list name "
                f"lacks: name score x{cfg.query_extra_factor:.2f}",
            ),
        )
    value = al.score + sum(e.effect for e in evidence)
    value = min(1.0, max(0.0, value))
    value, review_only = _apply_caps(value, al.score, best.cap, evidence, cfg)
    decision = decide(value, cfg)
    if decision is Decision.MATCH and review_only is not None:
        decision = Decision.REVIEW
        evidence.append(Evidence(review_only.attribute, 0.0, review_only.text))
    if decision is Decision.MATCH and cand.names[best.index].quality is NameQuality.WEAK:
        decision = Decision.REVIEW
        evidence.append(
            Evidence("name_quality", 0.0, "matched only a weak alias; never a hit on its own")
        )
    return Scored(cand, best, evidence, value, decision)


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return tables().generic


def _apply_caps(
    value: float,
    name_score: float,
    cap: NameCap | None,
    evidence: list[Evidence],
    cfg: ScoringConfig,
) -> tuple[float, NameCap | None]:
    """The precision rules' cap (unless lifted by an agreeing birth date or identifier) and
    the country rule: a country that contradicts every country of the entry takes a name hit
    to ``review`` at most, but never below ``review`` if the name alone reached ``match``."""
    lifted = any(e.attribute in ("birth_date", "identifier") and e.effect > 0 for e in evidence)
    if cap is not None and cap.liftable and lifted:
        cap = None
    review_only = cap if cap is not None and cap.decision_only else None
    if cap is not None and review_only is None and value > cap.cap:
        evidence.append(Evidence(cap.attribute, cap.cap - value, cap.text))
        value = cap.cap
    country_off = any(e.attribute == "country" and e.effect < 0 for e in evidence)
    if country_off and not lifted and review_only is not None:
        # A name very many people share is no strong name hit: with a country that
        # contradicts every country of the entry, nothing is left to look at.
        ceiling = cfg.review_threshold - 0.01
        if value > ceiling:
            evidence.append(
                Evidence(
                    "country_cap",
                    ceiling - value,
                    "a name very many people share, and the country contradicts every country "
                    "of the entry: no alert",
                )
            )
            value = ceiling
        return value, review_only
    if country_off and not lifted:
        ceiling = cfg.match_threshold - 0.01
        strong = name_score >= cfg.match_threshold and (
            cap is None or cap.decision_only or cap.cap >= name_score
        )
        floor = cfg.review_threshold if strong else 0.0
        if value > ceiling:
            evidence.append(
                Evidence(
                    "country_cap",
                    ceiling - value,
                    "the country contradicts every country of the entry: at most review",
                )
            )
            value = ceiling
        elif value < floor:
            evidence.append(
                Evidence(
                    "country_cap",
                    floor - value,
                    "a strong name hit stays at review whatever the country",
                )
            )
            value = floor
    return value, review_only


_QUALITY_ORDER = {
    NameQuality.PRIMARY: 0,
    NameQuality.STRONG: 1,
    NameQuality.ORIGINAL_SCRIPT: 2,
    NameQuality.WEAK: 3,
}


def _ranking_score(value: float, quality: NameQuality, cfg: ScoringConfig) -> float:
    if quality is NameQuality.WEAK:
        return min(value, cfg.match_threshold - 1e-6)
    return value


def _quality_rank(q: NameQuality) -> int:
    return _QUALITY_ORDER.get(q, 1)


def to_match(q: PreparedQuery, scored: Scored) -> Match:
    """Render a scored candidate as a Match with its explanation."""
    rec = scored.candidate.record
    matched = scored.candidate.names[scored.best.index] if scored.best else None
    return Match(
        entity_id=rec.entity_id,
        source=rec.source,
        name=rec.caption,
        matched_name=matched.analyzed.raw if matched else rec.caption,
        score=round(scored.score, 3),
        decision=scored.decision,
        explanation=tuple(_explanation(q, scored)),
        schema=rec.schema,
        matched_name_quality=matched.quality if matched else None,
        programs=rec.programs,
    )


def _explanation(q: PreparedQuery, scored: Scored) -> list[Explanation]:
    best = scored.best
    if best is None:
        lines = [Explanation(kind="summary", text=e.text) for e in scored.evidence[:1]]
        return lines or [Explanation(kind="summary", text="no name to compare")]
    cname = scored.candidate.names[best.index]
    return explain(
        q.name.analyzed,
        q.name.miss,
        cname.analyzed,
        cname.miss,
        best.alignment,
        [(e.attribute, e.effect, e.text) for e in scored.evidence],
    )


def score(
    query: ScreeningQuery | PreparedQuery,
    candidate: ListEntry | Candidate,
    config: ScoringConfig = DEFAULT_CONFIG,
    weights: TokenWeights | None = None,
) -> Match:
    """Score one list entry against one query and explain the result.

    Args:
        query: the party to screen (validated model, or one prepared by the screener).
        candidate: a list entry, or a candidate prepared by an index.
        config: thresholds and weights.
        weights: token weights (IDF over the loaded lists); without them every word weighs
            1 except generic words, legal forms and particles.

    Raises:
        InvalidInput: the query name has nothing to match on (only punctuation/legal forms).
    """
    q = query if isinstance(query, PreparedQuery) else prepare_query(query, weights)
    cand = candidate if isinstance(candidate, Candidate) else prepare_candidate(candidate, weights)
    return to_match(q, score_prepared(q, cand, config))
