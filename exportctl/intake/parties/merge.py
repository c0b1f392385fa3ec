"""Step 2: merging. Forms of one name are one party (the full legal name and its short
form, an acronym in brackets, a person's family name)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from exportctl.intake.countries import resolve_country
from exportctl.intake.parties.names import Candidate
from exportctl.intake.parties.vocab import vocabulary
from exportctl.intake.places import place_country
from exportctl.model.alert import AlertRole, GazetteerHit


@dataclass
class PartyDraft:
    """A party being assembled: all its names, mentions and cues."""

    names: list[str]
    schema: str
    aliases: set[str] = field(default_factory=set)
    roles: set[AlertRole] = field(default_factory=set)
    received: bool = False  # the goods go to it (see context.RECIPIENT)
    principal: bool = False  # an intermediary works for it (see context.PRINCIPAL)
    titled: bool = False  # a person given a job title (see names.Candidate)
    employers: set[int] = field(default_factory=set)  # parties a person works for
    countries: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    evidence: list[str] = field(default_factory=list)
    matches: dict[str, GazetteerHit] = field(default_factory=dict)

    @property
    def name(self) -> str:
        # Prefer mixed-case forms, then the longest (the full legal name over "Roundtop").
        return max(self.names, key=lambda n: (not n.isupper(), len(n.split()), len(n)))


# --- step 2: merging -------------------------------------------------------------------------


def _core_words(name: str) -> list[str]:
    """The name's words without its generic tail ("Roundtop Machinery Industries Company" ->
    ["Roundtop"]); at least one word stays."""
    words = [w.strip("()") for w in name.replace(",", " ").split() if w.strip("()")]
    while len(words) > 1 and words[-1].lower().replace(".", "") in vocabulary().generic_tail:
        words.pop()
    return words


def core_key(name: str) -> str:
    return " ".join(w.lower().replace(".", "") for w in _core_words(name))


def short_name(name: str) -> str | None:
    """The distinctive head of an organisation name, if it can stand alone as a mention."""
    core = _core_words(name)
    if len(core) == len(name.replace(",", " ").split()):
        return None
    short = " ".join(core)
    if (
        len(short) < 4
        or short.lower() in vocabulary().leading_noise
        or resolve_country(short) is not None
    ):
        return None
    return short


def merge_candidates(cands: list[Candidate]) -> list[PartyDraft]:
    """One party per name: same core, or one core a word-prefix of the other."""
    parties: list[PartyDraft] = []
    keys: list[set[str]] = []
    for cand in cands:
        ck = core_key(cand.name)
        target: PartyDraft | None = None
        for party, pkeys in zip(parties, keys, strict=True):
            if party.schema == cand.schema and (
                ck in pkeys or any(_is_prefix(ck, k) or _is_prefix(k, ck) for k in pkeys)
            ):
                target = party
                pkeys.add(ck)
                party.names.append(cand.name)
                break
        if target is None:
            target = PartyDraft([cand.name], cand.schema)
            parties.append(target)
            keys.append({ck})
        target.aliases.update(cand.aliases)
        if cand.country:
            target.countries[cand.country] += 3
        if cand.title_role:
            target.roles.add(cand.title_role)
        target.titled = target.titled or cand.titled
        for hit in cand.gazetteer:
            target.matches.setdefault(hit.entity_id, hit)
    return parties


def _is_prefix(short: str, long: str) -> bool:
    s, lg = short.split(), long.split()
    return len(s) < len(lg) and lg[: len(s)] == s


def party_forms(party: PartyDraft, short_ok: bool) -> set[str]:
    """Every form that refers to the party: its names, aliases, and its short name
    (organisations) or family name (persons)."""
    forms = set(party.names) | party.aliases
    for n in party.names:
        if party.schema == "Organization" and short_ok:
            short = short_name(n)
            if short:
                forms.add(short)
            first = n.split()[0]
            if len(n.split()) > 2 and place_country(first):
                # "the Shenyang company" for "Shenyang Aerospace Machinery Co., Ltd."
                forms.update(f"{first} {noun}" for noun in ("company", "firm", "entity"))
        elif party.schema == "Person" and len(n.split()) > 1:
            words = n.split()
            # The family name: last, or first where it is written in capitals ("WANG
            # Jianhua") or the name has two words and either may be it ("Zhang Wei").
            forms.add(words[0] if words[0].isupper() and not n.isupper() else words[-1])
            if len(words) == 2 and words[0] not in forms and len(words[0]) > 2:
                forms.add(words[0])
    return forms
