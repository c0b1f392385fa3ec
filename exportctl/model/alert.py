"""Alert documents and the facts extracted from them (pure types).

An *alert document* is a cable, notice, e-mail or letter in which a partner government or an
authority tells us about a procurement attempt. :mod:`exportctl.intake` reads one into a
:class:`Document` and extracts an :class:`Alert`; the engine then screens the parties, stores
the alert and adds the parties of concern to a watch list.

The JSON shape of :class:`Alert` is the public ``exportctl intake`` contract (see
``docs/intake.md``): ``Alert.model_dump(mode="json")`` yields it, with ``document.from`` spelled
as in the contract (the Python attribute is ``from_``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from exportctl.model.screening import Match

__all__ = [
    "Alert",
    "AlertRole",
    "DateMention",
    "Document",
    "DocumentHeader",
    "ExtractedItem",
    "ExtractedParty",
    "GazetteerHit",
    "Paragraph",
]


class _Model(BaseModel):
    # Frozen: an extracted alert is evidence; the engine copies (model_copy) to add screening
    # results or a case id rather than mutating what the extractor produced.
    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, serialize_by_alias=True
    )


class AlertRole(StrEnum):
    """What a party does in the reported transaction, as the alert's text states it.

    A wider set than a transaction's :class:`exportctl.model.determination.PartyRole`; the
    values they share (``end_user``, ``intermediate``, ``purchaser``, ``consignee``) are
    spelled the same, so an alert party maps onto a transaction party directly.
    """

    END_USER = "end_user"
    INTERMEDIATE = "intermediate"
    PURCHASER = "purchaser"
    CONSIGNEE = "consignee"
    EXPORTER = "exporter"
    SUPPLIER = "supplier"
    MANUFACTURER = "manufacturer"
    REQUESTER = "requester"


class Paragraph(_Model):
    """One paragraph of a document body.

    ``number`` is the paragraph number as written (``¶3.`` or ``3.``) and ``marking`` its
    portion marking (``S``, ``C``, ``SBU``, ``U``), both ``None`` when the document has none.
    ``line`` is the 1-based line where the paragraph starts in the decoded file.
    """

    number: int | None = None
    marking: str | None = None
    text: str
    line: int = 1


class DocumentHeader(_Model):
    """Header facts of an alert document (the ``document`` object of the intake output).

    Fields a format does not carry stay empty (a press notice has no ``to``). ``date`` is the
    date the document bears, as written (no time-zone shift). ``references`` are canonical
    cable ids (``08STATE066110``) or, for other formats, the reference strings as written.
    ``paragraphs`` is the number of body paragraphs.
    """

    id: str | None = None
    date: dt.date | None = None
    classification: str | None = None
    from_: str | None = Field(default=None, alias="from")
    to: list[str] = Field(default_factory=list)
    info: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    subject: str | None = None
    references: list[str] = Field(default_factory=list)
    paragraphs: int = 0
    format: str = "text"
    decl_date: dt.date | None = None
    precedence: str | None = None
    date_time_group: dt.datetime | None = None
    originator: str | None = None
    classified_by: str | None = None
    classification_reasons: str | None = None


class Document(_Model):
    """A document as a reader produced it: header, body paragraphs, and how reading went.

    ``partial`` is true when the reader recognised the format but could not read some of what
    that format promises (a malformed header line, an undecodable date); ``warnings`` say what,
    naming the line. ``encoding`` is the text encoding actually used to decode the file.
    """

    source: str
    header: DocumentHeader
    body: list[Paragraph] = Field(default_factory=list)
    encoding: str | None = None
    partial: bool = False
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The body as plain text, one paragraph per block."""
        return "\n\n".join(p.text for p in self.body)


class GazetteerHit(_Model):
    """A known party (list or watch-list entry) that a name in the document may refer to.

    The shape mirrors a screening match (``exportctl screen`` output) so the engine can pass
    its screening results straight through. ``decision`` is ``match`` (treat as identity),
    ``review`` or ``no_match``; only ``match`` lets the extractor add a party it did not find
    by its own patterns.
    """

    entity_id: str
    name: str
    score: float
    decision: str = "match"
    source: str | None = None
    matched_name: str | None = None
    country: str | None = None
    schema_: str | None = Field(default=None, alias="schema")
    explanation: list[str] = Field(default_factory=list)

    @classmethod
    def from_match(cls, match: Match) -> GazetteerHit:
        """The hit a screening match stands for (the same entry, score and decision)."""
        return cls(
            entity_id=match.entity_id,
            name=match.name,
            score=match.score,
            decision=match.decision,
            source=match.source,
            matched_name=match.matched_name,
        )


class ExtractedParty(_Model):
    """An organisation or person the document reports as involved in the transaction.

    ``role`` is the most telling of ``roles`` (end user before intermediary, purchaser,
    consignee, exporter, supplier, manufacturer, requester); ``None`` when the text names the
    party without saying what it does. ``country`` is ISO 3166-1 alpha-2 or ``None``.
    ``aliases`` are the other forms the text uses (short names, acronyms); ``evidence`` quotes
    the sentences that gave the role or country.
    """

    name: str
    country: str | None = None
    role: AlertRole | None = None
    roles: list[AlertRole] = Field(default_factory=list)
    schema_: str = Field(default="Organization", alias="schema")
    aliases: list[str] = Field(default_factory=list)
    mentions: int = 1
    evidence: list[str] = Field(default_factory=list)
    matches: list[GazetteerHit] = Field(default_factory=list)


class ExtractedItem(_Model):
    """A good, part or material the document is about.

    ``parameters`` use the item-spec paths of ``exportctl classify`` (``spindle.max_speed``,
    ``axes.simultaneous_contouring``) with unit-bearing values as strings (``"20000 rpm"``) and
    counts as integers, so :meth:`as_item_spec` can feed classification directly. ``parts`` are
    the parts of this item the document asks for (``spindle``); ``regimes`` the control regimes
    the text says cover it.
    """

    description: str
    model: str | None = None
    type: str | None = None
    category: str | None = None
    parameters: dict[str, str | int | float] = Field(default_factory=dict)
    parts: list[str] = Field(default_factory=list)
    quantity: str | None = None
    regimes: list[str] = Field(default_factory=list)

    def as_item_spec(self) -> dict[str, object]:
        """The item as a classification item spec (nested ``parameters`` paths)."""
        spec: dict[str, object] = {"description": self.description}
        if self.category:
            spec["category"] = self.category
        for path, value in self.parameters.items():
            node = spec
            *parents, leaf = path.split(".")
            for key in parents:
                child = node.setdefault(key, {})
                assert isinstance(child, dict)
                node = child
            node[leaf] = value
        return spec


class DateMention(_Model):
    """A date the body mentions, as written and as an ISO prefix (``2009-10``, ``2006``)."""

    text: str
    value: str


class Alert(_Model):
    """Everything extracted from one alert document (the ``exportctl intake`` output).

    ``parties`` are the parties of concern; ``authorities`` the government bodies the text
    mentions (they are the channel, not the subject, and are never screened as parties).
    ``countries`` are ISO alpha-2 codes in order of first mention. ``case_id`` is set by the
    engine when it opens a case.
    """

    document: DocumentHeader
    parties: list[ExtractedParty] = Field(default_factory=list)
    authorities: list[str] = Field(default_factory=list)
    items: list[ExtractedItem] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list)
    regimes: list[str] = Field(default_factory=list)
    end_use_concerns: list[str] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    source: str | None = None
    encoding: str | None = None
    partial: bool = False
    warnings: list[str] = Field(default_factory=list)
    case_id: str | None = None
