"""Names from the screening lists: the list gazetteer recognises listed names that the
text presents as a party."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from exportctl.intake.parties.names import (
    Candidate,
    is_authority,
    name_runs,
    plausible_name,
    text_of,
    tokenize,
    trim_run,
)
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
            words = [t.text for t in run]
            if not run or is_authority(words) or not plausible_name(words):
                continue
            text = text_of(sent.text, run)
            if " ".join(text.lower().split()) in known:
                continue
            hits = ask(text)
            matched = [h for h in hits if h.decision == "match"]
            if matched:
                schema = matched[0].schema_ if matched[0].schema_ == "Person" else "Organization"
                extra.append(Candidate(text, schema, country or matched[0].country, gazetteer=hits))
    return extra
