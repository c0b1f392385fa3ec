"""From a read document to an :class:`~exportctl.model.alert.Alert`: the extraction pipeline.

Pure: the same document and gazetteer give the same alert. Format does not matter here; every
reader's :class:`~exportctl.model.alert.Document` is read the same way, subject line first.
"""

from __future__ import annotations

from exportctl.intake.countries import find_countries, tag_country
from exportctl.intake.dates import find_dates
from exportctl.intake.facts import concerns_in, regimes_in, services_in
from exportctl.intake.items import find_items
from exportctl.intake.parties import Gazetteer, find_parties
from exportctl.intake.sentences import Sentence, split_sentences
from exportctl.model.alert import Alert, Document, ExtractedParty

__all__ = ["document_sentences", "extract_alert"]

# Formats whose documents come from the US government, so the sender's country is US.
_US_FORMATS = frozenset({"cable", "pdf/cable"})


def document_sentences(document: Document) -> list[Sentence]:
    """The subject line (paragraph ``-1``) and the body, split into sentences."""
    sentences: list[Sentence] = []
    if document.header.subject:
        sentences.extend(split_sentences(document.header.subject, -1))
    for n, paragraph in enumerate(document.body, start=1):
        sentences.extend(split_sentences(paragraph.text, paragraph.number or n))
    return sentences


def extract_alert(document: Document, gazetteer: Gazetteer | None = None) -> Alert:
    """Extract parties, items, countries, services, regimes, end-use concerns and dates.

    Args:
        document: a document as a reader produced it (:func:`exportctl.intake.read_document`).
        gazetteer: optional lookup of known parties (see
            :data:`exportctl.intake.parties.Gazetteer`); without it, parties are found by
            patterns alone and have no ``matches``.

    Returns:
        The alert, ``partial`` when the document was, with the reader's warnings and the
        extractor's own.
    """
    sentences = document_sentences(document)
    findings = find_parties(sentences, gazetteer)
    parties = _without_correspondents(findings.parties, document)
    items = find_items(sentences)
    text = "\n".join(s.text for s in sentences)
    warnings = list(document.warnings)
    long_sentences = [s for s in sentences if len(s.text) > 20]
    if long_sentences and all(s.upper for s in long_sentences):
        warnings.append(
            f"{document.source}: text is all upper case; names were found without the help "
            "of capitalisation and may be incomplete"
        )
    if not parties:
        warnings.append(f"{document.source}: no parties found")

    return Alert(
        document=document.header,
        parties=parties,
        authorities=findings.authorities,
        items=items,
        countries=_countries(document, sentences, [p.country for p in parties]),
        services=services_in(text),
        regimes=regimes_in(text),
        end_use_concerns=concerns_in(text),
        dates=find_dates("\n".join(s.text for s in sentences if s.paragraph != -1)),
        source=document.source,
        encoding=document.encoding,
        partial=document.partial,
        warnings=warnings,
    )


def _without_correspondents(
    parties: list[ExtractedParty], document: Document
) -> list[ExtractedParty]:
    """The parties without the document's sender and addressees: the firm a letter "is
    informed" is the channel, not a party of concern ("To: Mikron Feinmechanik AG")."""
    header = document.header
    names = [*header.to, *header.info, header.from_ or ""]
    keys = {" ".join(part.lower().split()) for n in names for part in n.split(",") if part}
    return [p for p in parties if " ".join(p.name.lower().split()) not in keys]


def _countries(
    document: Document, sentences: list[Sentence], party_countries: list[str | None]
) -> list[str]:
    """Country codes in order of first mention: subject, TAGS, body, parties, sender.

    Places are left out: "a meeting in Vienna" does not make Austria part of the case.
    """
    found: list[str] = []
    subject = [s for s in sentences if s.paragraph == -1]
    body = [s for s in sentences if s.paragraph != -1]
    for sent in subject:
        found.extend(_codes(sent))
    found.extend(c for c in (tag_country(t) for t in document.header.tags) if c)
    for sent in body:
        found.extend(_codes(sent))
    found.extend(c for c in party_countries if c)
    if document.header.format in _US_FORMATS:
        found.append("US")
    return list(dict.fromkeys(found))


def _codes(sentence: Sentence) -> list[str]:
    mentions = find_countries(sentence.text, upper=sentence.upper)
    return [m.code for m in mentions if m.kind != "place"]
