"""Names from the screening lists: the list gazetteer recognises listed names that the
text presents as a party."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from exportctl.intake.items import item_types_re
from exportctl.intake.parties.names import (
    Candidate,
    Token,
    is_authority,
    name_runs,
    org_evidence,
    plausible_name,
    strip_introducers,
    text_of,
    tokenize,
    trim_run,
)
from exportctl.intake.parties.vocab import vocabulary
from exportctl.intake.places import is_place_name
from exportctl.intake.sentences import Sentence
from exportctl.model.alert import GazetteerHit

__all__ = ["Gazetteer", "listed_candidates"]

#: Looks a name up among known parties (list and watch-list entries); the engine backs it
#: with the screening index. It receives a candidate name from the text and returns the
#: entries it may be, best first, or an empty sequence.
Gazetteer = Callable[[str], Sequence[GazetteerHit]]


def listed_candidates(
    sentences: Sequence[Sentence],
    cands: list[Candidate],
    authorities: list[str],
    gazetteer: Gazetteer,
    all_upper: bool,
    limit: int = 400,
) -> list[Candidate]:
    """Ask the gazetteer about each found name (for its matches) and every other capitalised
    run (for names no pattern caught).

    Only a ``match`` decision makes a new party: shared generic words are not identity.
    ``limit`` bounds the lookups for a pathological document.
    """
    asked: dict[str, list[GazetteerHit]] = {}

    def ask(name: str) -> list[GazetteerHit]:
        key = " ".join(name.lower().split())
        if key not in asked and len(asked) < limit:
            asked[key] = list(gazetteer(name))
        return asked.get(key, [])

    for cand in cands:
        cand.gazetteer = ask(cand.name)
    known = {" ".join(c.name.lower().split()) for c in cands}
    known |= {" ".join(a.lower().split()) for a in authorities}
    extra: list[Candidate] = []
    for sent in sentences:
        if sent.upper and not all_upper:
            continue
        for raw_run in name_runs(tokenize(sent.text), sent.upper):
            run, country = trim_run(raw_run, sent.upper)
            run, _ = strip_introducers(run, sent.upper)
            words = [t.text for t in run]
            if not run or is_authority(words) or not plausible_name(words):
                continue
            text = text_of(sent.text, run)
            if " ".join(text.lower().split()) in known or not _presented_as_name(sent, run, text):
                continue
            hits = ask(text)
            matched = [h for h in hits if h.decision == "match" and _same_name(h, text)]
            if matched:
                schema = matched[0].schema_ if matched[0].schema_ == "Person" else "Organization"
                extra.append(Candidate(text, schema, country or matched[0].country, gazetteer=hits))
    return extra


_PARTY_CONTEXT = frozenset(
    {"by", "from", "to", "for", "with", "via", "firm", "company", "entity", "supplier",
     "manufacturer", "distributor", "buyer", "agent", "broker", "user", "consignee", "of"}
)  # fmt: skip
_WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)


def _presented_as_name(sent: Sentence, run: list[Token], text: str) -> bool:
    """Whether the text presents a run as a name a list may hold: not a place or a country,
    not goods, and a single word only where its capital is a signal (not at the start of a
    sentence, not in text all in capitals unless long)."""
    if is_place_name(text) or _mentions_item(text):
        return False
    if len(run) > 1:
        if not sent.upper:
            return True
        # In capitals a run is a name only where the text treats it as one: a legal form or
        # firm word in it, or a word before it that introduces a party ("FROM", "BY", "FIRM").
        before = sent.text[: run[0].start].split()
        introduced = bool(before) and before[-1].lower().strip(",") in _PARTY_CONTEXT
        return org_evidence([t.text for t in run]) or introduced
    word = run[0].text
    w = vocabulary()
    key = run[0].key
    common = (
        w.authority_heads
        | w.generic_tail
        | w.descriptors
        | w.months
        | w.leading_noise
        | w.non_org_heads
        | w.caps_stop
        | w.introducers
        | w.person_introducers
        | _WEEKDAYS
    )
    if key in common:
        return False  # a word the vocabularies know as a common noun, not a name
    at_start = not sent.text[: run[0].start].strip(" \"'“(-")
    if sent.upper:
        return len(word) >= 8
    return not at_start and len(word) >= 5


def _mentions_item(text: str) -> bool:
    return item_types_re().search(text) is not None


def _same_name(hit: GazetteerHit, text: str) -> bool:
    """The hit names the run itself (its listed name or the alias it matched), not a name
    that merely shares words with it: "Hong Kong" is not "HONG KONG ELECTRONICS LTD"."""

    def key(name: str) -> str:
        return " ".join(re.sub(r"[^\w]+", " ", name.lower()).split())

    return key(text) in {key(hit.name), key(hit.matched_name or "")}
