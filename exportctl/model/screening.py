"""Screening queries and results (pure types; the matching itself is in exportctl.screening).

A :class:`ScreeningQuery` is one party to screen. A :class:`Match` is one list entry that
the query may refer to, with a score in [0, 1], a :class:`Decision` and an explanation a
reviewer can read: a summary line, one line per aligned token pair, one per unmatched token and
one per piece of secondary evidence (schema, country, birth date, identifier, name quality).
The JSON shape is the ``Screening`` contract in CONTRACTS.md.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from exportctl.model.entry import NameQuality, Schema

__all__ = [
    "MAX_QUERY_NAME_LENGTH",
    "Decision",
    "Explanation",
    "Match",
    "QuerySchema",
    "ScreeningQuery",
    "ScreeningResult",
]

#: Longest name accepted, in characters. Real names are far shorter (the longest name in the
#: OFAC, UN and UK lists is under 300 characters); a longer value is a pasted document or an
#: attack on the matcher's cost, and is rejected rather than truncated.
MAX_QUERY_NAME_LENGTH = 500


class QuerySchema(StrEnum):
    """The kind of party a query names; ``Any`` matches every kind of list entry."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"
    ANY = "Any"

    def accepts(self, schema: Schema) -> bool:
        """True if a list entry of ``schema`` can be this query's party.

        Entries whose list does not say what they are (``Unknown``) are never excluded.
        """
        if self is QuerySchema.ANY or schema is Schema.UNKNOWN:
            return True
        return self.value == schema.value


# Spellings accepted for ``schema``: ours, plus FollowTheMoney names (Company, LegalEntity)
# that users of OpenSanctions data will send.
_SCHEMA_ALIASES = {
    "person": QuerySchema.PERSON,
    "individual": QuerySchema.PERSON,
    "organization": QuerySchema.ORGANIZATION,
    "organisation": QuerySchema.ORGANIZATION,
    "company": QuerySchema.ORGANIZATION,
    "legalentity": QuerySchema.ORGANIZATION,
    "entity": QuerySchema.ORGANIZATION,
    "vessel": QuerySchema.VESSEL,
    "aircraft": QuerySchema.AIRCRAFT,
    "any": QuerySchema.ANY,
    "thing": QuerySchema.ANY,
}

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class Decision(StrEnum):
    """``match``: treat as a hit; ``review``: a human must look; ``no_match``: not this party."""

    MATCH = "match"
    REVIEW = "review"
    NO_MATCH = "no_match"


class ScreeningQuery(BaseModel):
    """One party to screen. Only ``name`` is required; unknown fields are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str | None = None
    name: str
    schema_: QuerySchema = Field(default=QuerySchema.ANY, alias="schema")
    country: str | None = None
    birth_date: str | None = None
    identifiers: tuple[str, ...] = ()

    @property
    def schema(self) -> QuerySchema:  # type: ignore[override]
        """The query's schema (pydantic reserves the attribute name ``schema``)."""
        return self.schema_

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, v: Any) -> Any:
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        return v

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: Any) -> Any:
        if not isinstance(v, str):
            raise ValueError("name must be a string")
        v = v.strip()
        if not v:
            raise ValueError("name is empty")
        if len(v) > MAX_QUERY_NAME_LENGTH:
            raise ValueError(
                f"name is {len(v)} characters long; the limit is {MAX_QUERY_NAME_LENGTH}"
            )
        return v

    @field_validator("schema_", mode="before")
    @classmethod
    def _schema(cls, v: Any) -> Any:
        if v is None:
            return QuerySchema.ANY
        if isinstance(v, QuerySchema):
            return v
        if isinstance(v, str) and v.strip().lower() in _SCHEMA_ALIASES:
            return _SCHEMA_ALIASES[v.strip().lower()]
        raise ValueError(
            f"unknown schema {v!r}; use one of " + ", ".join(s.value for s in QuerySchema)
        )

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        if not isinstance(v, str) or not re.fullmatch(r"[A-Za-z]{2}", v.strip()):
            raise ValueError(f"country must be an ISO 3166-1 alpha-2 code like IR, got {v!r}")
        return v.strip().upper()

    @field_validator("birth_date", mode="before")
    @classmethod
    def _birth_date(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        if isinstance(v, int) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str) or not _DATE_RE.match(v.strip()):
            raise ValueError(f"birth_date must be YYYY, YYYY-MM or YYYY-MM-DD, got {v!r}")
        return v.strip()

    @field_validator("identifiers", mode="before")
    @classmethod
    def _identifiers(cls, v: Any) -> Any:
        if v is None:
            return ()
        if isinstance(v, str):
            return (v,)
        return v


class Explanation(BaseModel):
    """One line of a match's explanation; ``text`` is the human rendering of the fields.

    ``kind``: ``summary`` (one per match, first), ``token`` (a query token aligned with a list
    token), ``unmatched`` (a token only one side has; ``side`` says which), ``evidence``
    (schema, country, birth date, identifier or name quality; ``effect`` is what it added to
    or took from the score).
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["summary", "token", "unmatched", "evidence"]
    text: str
    query: str | None = None
    list: str | None = None
    similarity: float | None = None
    method: str | None = None
    weight: float | None = None
    side: Literal["query", "list"] | None = None
    attribute: str | None = None
    effect: float | None = None


class Match(BaseModel):
    """A list entry the query may refer to."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    entity_id: str
    source: str
    name: str
    matched_name: str
    score: float
    decision: Decision
    explanation: tuple[Explanation, ...] = ()
    schema_: Schema = Field(default=Schema.UNKNOWN, alias="schema")
    matched_name_quality: NameQuality | None = None
    programs: tuple[str, ...] = ()

    @property
    def schema(self) -> Schema:  # type: ignore[override]
        """The matched entry's schema."""
        return self.schema_

    @property
    def summary(self) -> str:
        """The explanation's summary line."""
        for e in self.explanation:
            if e.kind == "summary":
                return e.text
        return ""


class ScreeningResult(BaseModel):
    """The outcome of one query in a batch: matches, or the reason it could not be screened.

    Serialise with :meth:`as_dict`: a result has ``matches`` or ``error``, never both, and a
    failed query never reads as "no match".
    """

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    matches: tuple[Match, ...] | None = None
    error: str | None = None
    code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """``{"id", "matches"}`` or ``{"id", "error", "code"}`` (the JSON lines shape)."""
        if self.error is not None:
            return {"id": self.id, "error": self.error, "code": self.code}
        return {
            "id": self.id,
            "matches": [m.model_dump(mode="json", by_alias=True) for m in self.matches or ()],
        }
