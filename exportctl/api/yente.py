"""yente-compatible routes: ``/match``, ``/search``, ``/entities``, ``/catalog``, ``/algorithms``.

Request and response shapes follow yente 5.x (see docs/api.md), so that a client written for
OpenSanctions' yente works unchanged. Scores are exportctl's: ``match`` is true at or above
``threshold`` (default 0.70, exportctl's ``review`` level and yente's default).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from exportctl.api.auth import requires
from exportctl.api.catalog import Catalog
from exportctl.api.state import VERSIONS_HEADER, ApiState, Snapshot, get_state, versions_header
from exportctl.errors import InvalidInput
from exportctl.model.case import Role
from exportctl.model.screening import Match
from exportctl.screening.ftm import FtmExample, parse_example

__all__ = ["ALGORITHM", "router"]

router = APIRouter(tags=["yente"], dependencies=[Depends(requires(Role.VIEWER))])

#: The name exportctl's matcher answers to in ``/algorithms``.
ALGORITHM = "exportctl-v1"
# yente's algorithm names, accepted so that unchanged clients work; each runs exportctl's
# matcher (listed in /algorithms as aliases).
_ALIASES = frozenset(
    {"best", "default", "logic-v2", "logic-v1", "name-based", "name-qualified", "ofac"}
)
MAX_BATCH = 100
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = None
    schema_: str = Field(alias="schema")
    properties: dict[str, Any]


class EntityMatchQuery(BaseModel):
    queries: dict[str, EntityExample]
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, str | int | float | bool | None] = Field(default_factory=dict)


def _check_algorithm(name: str, config: dict[str, Any]) -> None:
    algo = name.strip().lower()
    if algo not in _ALIASES and algo != ALGORITHM:
        raise InvalidInput(f"Invalid algorithm: {name}", code="invalid_algorithm")
    for key in config:
        raise InvalidInput(
            f"Invalid configuration parameter: {key} for algorithm {name}",
            code="invalid_algorithm_config",
        )


def _features(m: Match, query_name: str) -> dict[str, dict[str, Any]]:
    feats: dict[str, dict[str, Any]] = {
        "name_match": {
            "detail": m.summary,
            "score": m.score,
            "query": query_name,
            "candidate": m.matched_name,
        }
    }
    for e in m.explanation:
        if e.kind == "evidence" and e.attribute and e.effect:
            feats[f"{e.attribute}_evidence"] = {
                "detail": e.text,
                "score": e.effect,
                "query": e.query,
                "candidate": e.list,
            }
    return feats


def _best_per_entity(
    snap: Snapshot, example: FtmExample, candidates: int
) -> list[tuple[Match, str]]:
    best: dict[str, tuple[Match, str]] = {}
    for q in example.queries:
        for m in snap.screener.screen(q, limit=candidates, include_all=True):
            if m.entity_id not in best or m.score > best[m.entity_id][0].score:
                best[m.entity_id] = (m, q.name)
    return sorted(best.values(), key=lambda mq: (-mq[0].score, mq[0].entity_id))


@router.post("/match/{dataset}")
def match(
    dataset: str,
    body: EntityMatchQuery,
    response: Response,
    state: Annotated[ApiState, Depends(get_state)],
    limit: Annotated[int, Query(ge=1, le=500)] = 5,
    threshold: Annotated[float, Query(ge=0.0, le=1.0)] = 0.70,
    cutoff: Annotated[float, Query(ge=0.0, le=1.0, deprecated=True)] = 0.70,
    algorithm: str = "best",
    include_dataset: Annotated[list[str] | None, Query()] = None,
    exclude_dataset: Annotated[list[str] | None, Query()] = None,
    exclude_schema: Annotated[list[str] | None, Query()] = None,
    topics: Annotated[list[str] | None, Query()] = None,
    changed_since: Annotated[str | None, Query(pattern=_DATE_PATTERN)] = None,
    exclude_entity_ids: Annotated[list[str] | None, Query(max_length=50)] = None,
) -> dict[str, Any]:
    """Match FtM-shaped query entities against a dataset (yente's ``/match``)."""
    catalog = Catalog.load(state.engine)
    sources = catalog.members(dataset)
    if include_dataset:
        sources &= set(include_dataset)
    sources -= set(exclude_dataset or ())
    _check_algorithm(algorithm, body.config)
    if not body.queries:
        raise InvalidInput("No queries provided.", code="invalid_query")
    if len(body.queries) > MAX_BATCH:
        raise InvalidInput(
            f"Too many queries in one batch (limit: {MAX_BATCH})", code="batch_too_large"
        )
    examples = {k: parse_example(q.schema_, q.properties) for k, q in body.queries.items()}
    snap = state.snapshot()
    response.headers[VERSIONS_HEADER] = versions_header(snap)
    effective_cutoff = min(cutoff, threshold)
    candidates = min(max(20, limit * 10), 500)
    excluded_ids = set(exclude_entity_ids or ())
    cache = state.entity_cache
    responses: dict[str, Any] = {}
    for key, example in examples.items():
        results: list[dict[str, Any]] = []
        total = 0
        for m, qname in _best_per_entity(snap, example, candidates):
            if m.source not in sources or m.entity_id in excluded_ids:
                continue
            if m.score <= effective_cutoff:
                continue
            entity = cache.entity(m.entity_id, catalog)
            if exclude_schema and entity["schema"] in exclude_schema:
                continue
            if topics and not set(topics) & set(entity["properties"].get("topics", [])):
                continue
            if changed_since and (entity["last_change"] or "") <= changed_since:
                continue
            is_match = m.score >= threshold
            total += is_match
            if len(results) < limit:
                entity.update(score=m.score, explanations=_features(m, qname), match=is_match)
                results.append(entity)
        responses[key] = {
            "status": 200,
            "results": results,
            "total": {"value": total, "relation": "eq"},
            "query": {
                "id": body.queries[key].id,
                "schema": example.schema,
                "properties": example.properties,
            },
        }
    response.headers["x-batch-size"] = str(len(examples))
    return {"responses": responses, "limit": limit}


@router.get("/search/{dataset}")
def search(
    dataset: str,
    response: Response,
    state: Annotated[ApiState, Depends(get_state)],
    q: str = "",
    schema: str = "Thing",
    limit: Annotated[int, Query(ge=1, le=500)] = 10,
    offset: Annotated[int, Query(ge=0, le=9499)] = 0,
    countries: Annotated[list[str] | None, Query()] = None,
    topics: Annotated[list[str] | None, Query()] = None,
    datasets: Annotated[list[str] | None, Query()] = None,
    include_dataset: Annotated[list[str] | None, Query()] = None,
    exclude_dataset: Annotated[list[str] | None, Query()] = None,
) -> dict[str, Any]:
    """Name search over a dataset (yente's ``/search``): the matcher's candidates, best first."""
    catalog = Catalog.load(state.engine)
    sources = catalog.members(dataset)
    for narrow in (include_dataset, datasets):
        if narrow:
            sources &= set(narrow)
    sources -= set(exclude_dataset or ())
    results: list[dict[str, Any]] = []
    if q.strip():
        example = parse_example(schema, {"name": [q]})
        cache = state.entity_cache
        snap = state.snapshot()
        response.headers[VERSIONS_HEADER] = versions_header(snap)
        for m, _qname in _best_per_entity(snap, example, min(offset + limit + 50, 1000)):
            if m.source not in sources:
                continue
            entity = cache.entity(m.entity_id, catalog)
            props = entity["properties"]
            if countries and not {c.lower() for c in countries} & set(props.get("country", [])):
                continue
            if topics and not set(topics) & set(props.get("topics", [])):
                continue
            results.append(entity)
    facets: dict[str, Counter[str]] = {"countries": Counter(), "topics": Counter()}
    facets["datasets"] = Counter()
    for e in results:
        facets["countries"].update(e["properties"].get("country", []))
        facets["topics"].update(e["properties"].get("topics", []))
        facets["datasets"].update(e["datasets"])
    return {
        "limit": limit,
        "offset": offset,
        "total": {"value": len(results), "relation": "eq"},
        "results": results[offset : offset + limit],
        "facets": {
            name: {
                "label": name,
                "values": [{"name": k, "label": k, "count": n} for k, n in c.most_common()],
            }
            for name, c in facets.items()
        },
    }


@router.get("/entities/{entity_id:path}")
def entity(entity_id: str, state: Annotated[ApiState, Depends(get_state)]) -> dict[str, Any]:
    """One list entry as an FtM-style entity (404 ``No such entity!`` if not active)."""
    catalog = Catalog.load(state.engine)
    cache = state.entity_cache
    return cache.entity(entity_id, catalog)


@router.get("/catalog")
def catalog(
    request: Request, response: Response, state: Annotated[ApiState, Depends(get_state)]
) -> Any:
    """The datasets: each list source, ``sanctions`` and ``default``, with their versions."""
    cat = Catalog.load(state.engine)
    body = {
        "datasets": cat.datasets(),
        "current": [v.source for v in cat.versions],
        "outdated": [],
        "index_stale": False,
    }
    etag = '"' + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "public, max-age=300"
    return body


@router.get("/algorithms")
def algorithms() -> dict[str, Any]:
    """The matching algorithm (one: exportctl's), under yente's response shape."""
    description = (
        "exportctl's transliteration-aware token matcher: aligned name tokens with IDF "
        "weights, cross-script skeletons, legal forms and particles, then country, birth "
        "date and identifier evidence (docs/screening.md). yente's names "
        + ", ".join(sorted(_ALIASES))
        + " are accepted as aliases."
    )
    features = {
        "name_match": {
            "description": "Weighted alignment of the query's and the entry's name tokens.",
            "coefficient": 1.0,
            "url": "docs/screening.md",
        }
    }
    algo = {
        "name": ALGORITHM,
        "description": description,
        "features": features,
        "docs": {
            "name": ALGORITHM,
            "description": description,
            "config": {},
            "features": features,
        },
    }
    return {"algorithms": [algo], "default": "best", "best": ALGORITHM}
