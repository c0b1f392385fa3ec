"""Parties of concern in alert prose: who they are, where they are, what they do.

Three steps, each a pure function of the sentences:

1. **Find names.** Runs of capitalised words are cut out of each sentence. A run is an
   organisation when it ends in a legal form or an organisation noun ("... Industries
   Company", "... Co., Ltd.", "... GmbH") or carries a word that only names firms ("Sazi",
   "Machinery"); when a possessive country precedes it as cables write it, without apostrophe
   ("Irans Machine Sazi Tabriz"); or when the text calls it a company ("the trading company
   X"). A run is a person after an honorific, before a job title or before a nationality
   ("X, 52, an Iranian national"). Government bodies ("Ministry of Justice", "AIT Taipei",
   "TECRO") are authorities, kept apart: they are the channel, not the subject. A gazetteer
   (the loaded lists and watch lists, through screening) can add listed names that carry none
   of these signs.
2. **Merge mentions.** Forms of one name are one party: "Roundtop" is "Roundtop Machinery
   Industries Company" once the generic tail is stripped; an acronym in brackets after a name
   is an alias; a person's family name refers to the person.
3. **Read roles and countries** from the sentences around every mention, with the mentions
   replaced by placeholders so the patterns read like the prose: "supplied by {a} to {b}"
   makes ``a`` the exporter and ``b`` the end user; "{country}s {a}" puts ``a`` in that
   country.

Modules, one per step: ``names`` (step 1), ``listed`` (names from the screening lists),
``merge`` (step 2), ``context`` (step 3's patterns and placeholders), ``vocab`` (word lists,
from ``data/words.yaml``); this module runs them in order and assembles the parties.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from exportctl.intake.countries import resolve_country
from exportctl.intake.parties.blocks import rewrite_field_blocks
from exportctl.intake.parties.context import (
    COMPILED_ROLES,
    COUNTRY_PATTERNS,
    EMPLOYMENT_RE,
    NEGATED_RE,
    PLACE_CUES,
    POSSESSIVE_EMPLOYMENT_RE,
    PRINCIPAL,
    RECIPIENT,
    placeholders,
)
from exportctl.intake.parties.listed import Gazetteer, listed_candidates
from exportctl.intake.parties.merge import PartyDraft, merge_candidates, party_forms, short_name
from exportctl.intake.parties.names import find_candidates
from exportctl.intake.parties.vocab import ROLE_ORDER, vocabulary
from exportctl.intake.places import place_country, place_population
from exportctl.intake.sentences import Sentence
from exportctl.model.alert import AlertRole, ExtractedParty

__all__ = ["Gazetteer", "PartyFindings", "find_parties"]


@dataclass(frozen=True)
class PartyFindings:
    """Parties and authorities found in a document."""

    parties: list[ExtractedParty]
    authorities: list[str]


def find_parties(
    sentences: Sequence[Sentence], gazetteer: Gazetteer | None = None
) -> PartyFindings:
    """Parties of concern and authorities in a document's sentences.

    Args:
        sentences: the document's sentences, subject line first.
        gazetteer: looks names up among known parties; a ``match`` hit makes a party of a
            name no pattern found, and every party gets the hits on its name as ``matches``.
    """
    sentences = rewrite_field_blocks(sentences)
    long_sentences = [s for s in sentences if len(s.text) > 20]
    all_upper = bool(long_sentences) and all(s.upper for s in long_sentences)
    cands, authorities = find_candidates(sentences, all_upper)
    if gazetteer is not None:
        cands.extend(listed_candidates(sentences, cands, authorities, gazetteer, all_upper))
    parties = merge_candidates(cands)

    # A short name shared by two parties is ambiguous: neither is matched by it.
    shorts = Counter(s for p in parties for s in {short_name(n) for n in p.names} if s)
    forms: list[tuple[str, int]] = []
    for idx, party in enumerate(parties):
        short_ok = all(shorts[s] <= 1 for s in {short_name(n) for n in party.names} if s)
        forms.extend((f, idx) for f in party_forms(party, short_ok))
    forms.sort(key=lambda f: len(f[0]), reverse=True)

    for sent in sentences:
        marked, present = placeholders(sent, forms)
        for idx, written in present:
            if not sent.upper:  # "ROUNDTOP" in a subject line is not worth listing
                parties[idx].aliases.add(written)
        for m in re.finditer(r"@P(\d+)@", marked):
            parties[int(m.group(1))].mentions += 1
        if not present:
            continue
        affirmed = NEGATED_RE.sub(" ", marked)
        for rx, roles in COMPILED_ROLES:
            for m in rx.finditer(affirmed):
                for group, role in roles.items():
                    party = parties[int(m.group(group))]
                    if role == RECIPIENT:
                        if not party.received:
                            party.received = True
                            _add_evidence(party, sent.text)
                    elif role == PRINCIPAL:
                        if not party.principal:
                            party.principal = True
                            _add_evidence(party, sent.text)
                    elif isinstance(role, AlertRole) and role not in party.roles:
                        party.roles.add(role)
                        _add_evidence(party, sent.text)
        for m in [*EMPLOYMENT_RE.finditer(affirmed), *POSSESSIVE_EMPLOYMENT_RE.finditer(affirmed)]:
            person, employer = int(m.group("person")), int(m.group("org"))
            if person != employer:
                parties[person].employers.add(employer)
        for prx in PLACE_CUES if not sent.upper else ():
            for m in prx.finditer(marked):
                code = place_country(m.group("place"))
                if code:
                    parties[int(m.group("p"))].countries[code] += 2
                    _add_evidence(parties[int(m.group("p"))], sent.text)
        for crx, weight in COUNTRY_PATTERNS[sent.upper]:
            for m in crx.finditer(marked):
                party = parties[int(m.group("p"))]
                party.countries[m.group("c")] += weight
                _add_evidence(party, sent.text)

    _resolve_recipients(parties)
    _drop_spokespersons_requests(parties)
    _infer_intermediaries(parties)
    _inherit_employer_country(parties)
    result = [_finish(p) for p in parties if p.mentions > 0 or p.matches]
    return PartyFindings(result, _dedupe_authorities(authorities))


def _resolve_recipients(parties: list[PartyDraft]) -> None:
    """Goods sent to a party make it the end user, unless the text names another end user
    or calls the party an intermediary (a forwarder the goods are delivered to): then it is
    a consignee on the way (and so an intermediary). The party an intermediary works for is
    the end user when nothing else is, else a buyer up the chain."""
    named = any(AlertRole.END_USER in p.roles for p in parties)
    for party in parties:
        if party.received and AlertRole.END_USER not in party.roles:
            on_the_way = named or AlertRole.INTERMEDIATE in party.roles
            party.roles.add(AlertRole.CONSIGNEE if on_the_way else AlertRole.END_USER)
    named = any(AlertRole.END_USER in p.roles for p in parties)
    for party in parties:
        if party.principal and not party.roles & {AlertRole.END_USER, AlertRole.INTERMEDIATE}:
            party.roles.add(AlertRole.PURCHASER if named else AlertRole.END_USER)


def _drop_spokespersons_requests(parties: list[PartyDraft]) -> None:
    """A person with a job title who asks for something asks for the firm ("Its director,
    Tariq Mehmood, asked that ...", "Their contact, Mr. Selim Kaya, says"): the request is the
    firm's, the person takes no role from it."""
    for party in parties:
        if party.schema == "Person" and (party.titled or party.employers):
            party.roles.discard(AlertRole.REQUESTER)


def _inherit_employer_country(parties: list[PartyDraft]) -> None:
    """A person placed nowhere is where the firm they manage is ("X, general manager of Y")."""
    for party in parties:
        if party.schema == "Person" and not party.countries:
            for idx in sorted(party.employers):
                employer = parties[idx]
                code = (
                    employer.countries.most_common(1)[0][0]
                    if employer.countries
                    else name_country(employer.name)
                )
                if code:
                    party.countries[code] += 1
                    break


def _infer_intermediaries(parties: list[PartyDraft]) -> None:
    """A buyer or consignee firm that is not the end user, when the text names an end user,
    stands between exporter and end user: an intermediary, whether or not the text says so."""
    if not any(AlertRole.END_USER in p.roles for p in parties):
        return
    for party in parties:
        buys = party.roles & {AlertRole.PURCHASER, AlertRole.CONSIGNEE}
        # A person who buys does so for a firm; it is the firm that stands in between.
        if buys and AlertRole.END_USER not in party.roles and party.schema != "Person":
            party.roles.add(AlertRole.INTERMEDIATE)


def _add_evidence(party: PartyDraft, text: str) -> None:
    if text not in party.evidence and len(party.evidence) < 3:
        party.evidence.append(text)


# A city in a name places the party only if it is sizeable: small towns share names with
# words and surnames.
_NAME_CITY_POPULATION = 100_000


def name_country(name: str) -> str | None:
    """The country a party's name suggests by a city or a national legal form."""
    words = [w.strip(",()") for w in name.split()]
    for n in (3, 2, 1):
        for i in range(min(3, len(words)) - n + 1 if len(words) >= n else 0):
            phrase = " ".join(words[i : i + n])
            if phrase[:1].isupper() and place_population(phrase) >= _NAME_CITY_POPULATION:
                return place_country(phrase)
    forms = vocabulary().form_countries
    for word in reversed(words):
        code = forms.get(word.lower().replace(".", ""))
        if code:
            return code
    return None


def _finish(party: PartyDraft) -> ExtractedParty:
    if not party.countries:
        # No sentence says where the party is: a country or city word in its name ("Iran
        # Aircraft Industries", "Votkinsk Machine Building Plant") or a gazetteer identity.
        for word in party.name.split()[:3]:
            found = resolve_country(word)
            if found is not None:
                party.countries[found[0]] += 1
                break
        for hit in party.matches.values():
            if hit.decision == "match" and hit.country:
                party.countries[hit.country] += 2
    if not party.countries and party.schema == "Organization":
        # Still nothing: a sizeable city in the name ("Mogilev Tractor Parts"), else a legal
        # form or firm word of one country's law or language ("Kft.", "Sdn. Bhd.", "Sazi").
        code = name_country(party.name)
        if code:
            party.countries[code] += 1
    country = party.countries.most_common(1)[0][0] if party.countries else None
    roles = [r for r in ROLE_ORDER if r in party.roles]
    name = party.name
    aliases = sorted({" ".join(a.split()) for a in {*party.names, *party.aliases}} - {name})
    return ExtractedParty(
        name=name,
        country=country,
        role=roles[0] if roles else None,
        roles=roles,
        schema_=party.schema,
        aliases=aliases,
        mentions=max(party.mentions, 1),
        evidence=party.evidence,
        matches=sorted(party.matches.values(), key=lambda h: -h.score),
    )


def _dedupe_authorities(names: list[str]) -> list[str]:
    """Each authority once: case and spacing aside, and an acronym alone ("SECO") not when a
    longer name already carries it ("State Secretariat for Economic Affairs SECO")."""
    seen: dict[str, str] = {}
    for n in names:
        seen.setdefault(" ".join(n.lower().split()), n)
    unique = list(seen.values())
    return [
        n
        for n in unique
        if not (n.isupper() and " " not in n and any(n in o.split() for o in unique if o != n))
    ]
