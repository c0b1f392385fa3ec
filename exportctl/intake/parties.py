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

The word lists are data (``data/words.yaml``); the patterns are below.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from exportctl.intake.countries import find_countries, resolve_country
from exportctl.intake.sentences import ABBREVIATIONS, Sentence
from exportctl.model.alert import AlertRole, ExtractedParty, GazetteerHit
from exportctl.text.countries import country_name

__all__ = ["Gazetteer", "PartyFindings", "find_parties"]

#: Looks a name up among known parties (list and watch-list entries); the engine backs it
#: with the screening index. It receives a candidate name from the text and returns the
#: entries it may be, best first, or an empty sequence.
Gazetteer = Callable[[str], Sequence[GazetteerHit]]


# --- vocabularies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    """The word lists of ``data/words.yaml`` (see the comments there)."""

    legal_forms: frozenset[str]
    org_nouns: frozenset[str]
    org_words: frozenset[str]
    instruments: frozenset[str]
    non_org_heads: frozenset[str]
    authority_heads: frozenset[str]
    authority_acronyms: frozenset[str]
    leading_noise: frozenset[str]
    caps_stop: frozenset[str]
    generic_tail: frozenset[str]
    descriptors: frozenset[str]
    months: frozenset[str]

    @property
    def org_suffixes(self) -> frozenset[str]:
        return self.legal_forms | self.org_nouns


@cache
def _words() -> _Words:
    """The word lists, loaded on first use (not at import)."""
    text = resources.files("exportctl.intake").joinpath("data/words.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    lists = {key: frozenset(str(w) for w in raw[key]) for key in _Words.__dataclass_fields__}
    # Legal forms and organisation nouns are generic too when it comes to short names, and
    # an instrument is no organisation either.
    lists["generic_tail"] |= lists["legal_forms"] | lists["org_nouns"]
    lists["non_org_heads"] |= lists["instruments"]
    return _Words(**lists)


# Control regimes whose names look like organisations ("Nuclear Suppliers Group").
_REGIME_NAMES = frozenset(
    {"nuclear suppliers group", "australia group", "zangger committee", "wassenaar arrangement"}
)
_CONNECTORS = frozenset({"of", "for", "de", "du", "des", "la", "al", "el", "von", "van", "di"})
_AND = frozenset({"and", "&"})
# A run of capitalised words longer than this is a heading or shouting, not a name.
_MAX_RUN = 14
_HONORIFICS = frozenset(
    {"mr", "ms", "mrs", "dr", "prof", "professor", "general", "gen", "colonel", "col"}
)
_TITLES = (
    r"general manager|managing director|director(?: general)?|president|vice president|"
    r"chairman|owner|founder|ceo|chief executive(?: officer)?|sales manager|"
    r"procurement (?:manager|agent|officer)|representative|agent|broker|employee|"
    r"chief engineer|engineer|head"
)
_TITLE_AFTER_RE = re.compile(
    rf"^\s*,\s*(?:(?:the|a|an|its)\s+)?(?:[\w\-]+\s+){{0,2}}?(?:{_TITLES})\b", re.I
)
# "X, 52, an Iranian national": a person, the nationality a country cue (read in step 3).
_NATIONAL_AFTER_RE = re.compile(
    r"^\s*,\s*(?:\d{1,3},\s*)?(?:an?|the)\s+(?:[\w\-]+\s+){1,2}?"
    r"(?:national|citizen|resident|businessman|businesswoman)\b",
    re.I,
)
# Nouns that, right before a name, say it is an organisation ("the trading company X").
_ORG_NOUNS_BEFORE_RE = re.compile(
    r"\b(?:company|firm|entity|manufacturer|supplier|distributor|broker|intermediary|"
    r"end[- ]user|buyer|purchaser|customer|importer|exporter|consignee|subsidiary|affiliate|"
    r"builder|producer|maker|front|enterprise|plant|factory|institute|university)\s*,?\s*$",
    re.I,
)
_ORG_NOUNS_AFTER_RE = re.compile(
    r"^\s*,\s*(?:an?|the)\s+(?:[\w\-]+\s+){0,4}?(?:company|firm|entity|manufacturer|"
    r"supplier|distributor|broker|intermediary|importer|exporter|subsidiary|front|producer|"
    r"builder|maker)\b",
    re.I,
)

# A party's ``role`` is the first of its roles in this order: what it does with the goods
# matters more than who asked.
_ROLE_ORDER = [
    AlertRole.END_USER,
    AlertRole.INTERMEDIATE,
    AlertRole.PURCHASER,
    AlertRole.CONSIGNEE,
    AlertRole.EXPORTER,
    AlertRole.SUPPLIER,
    AlertRole.MANUFACTURER,
    AlertRole.REQUESTER,
]

_TOKEN_RE = re.compile(r"[A-Za-z0-9À-ÿ][\w'’&\-/]*(?:\.[A-Za-z]{1,3})*\.?|[,;:()\"“”!?]")


@dataclass
class _Token:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.lower().replace(".", "")


@dataclass
class _Candidate:
    """A name found in one sentence, before merging."""

    name: str
    schema: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    gazetteer: list[GazetteerHit] = field(default_factory=list)
    title_role: AlertRole | None = None


@dataclass
class _Party:
    """A party being assembled: all its names, mentions and cues."""

    names: list[str]
    schema: str
    aliases: set[str] = field(default_factory=set)
    roles: set[AlertRole] = field(default_factory=set)
    countries: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    evidence: list[str] = field(default_factory=list)
    matches: dict[str, GazetteerHit] = field(default_factory=dict)

    @property
    def name(self) -> str:
        # Prefer mixed-case forms, then the longest (the full legal name over "Roundtop").
        return max(self.names, key=lambda n: (not n.isupper(), len(n.split()), len(n)))


@dataclass(frozen=True)
class PartyFindings:
    """Parties and authorities found in a document."""

    parties: list[ExtractedParty]
    authorities: list[str]


# --- step 1: names ---------------------------------------------------------------------------


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for m in _TOKEN_RE.finditer(text):
        word, end = m.group(0), m.end()
        if word.endswith(".") and len(word) > 1:
            bare = word[:-1].lower()
            # Keep the period of abbreviations and dotted acronyms ("Co.", "S.p.A."); drop a
            # sentence's final period from an ordinary word.
            if bare not in ABBREVIATIONS and "." not in bare and len(bare) > 1:
                word, end = word[:-1], end - 1
        tokens.append(_Token(word, m.start(), end))
    return tokens


def _is_name_word(tok: _Token, upper: bool) -> bool:
    if not tok.text[0].isalpha():
        return False
    if upper:
        w = _words()
        return tok.key not in w.caps_stop and tok.key not in _CONNECTORS and tok.key not in _AND
    return tok.text[0].isupper()


def _runs(tokens: list[_Token], upper: bool) -> list[list[_Token]]:
    """Maximal runs of name words, joined by connectors ("of", "and") and by ", Ltd."."""
    runs: list[list[_Token]] = []
    i = 0
    while i < len(tokens):
        if not _is_name_word(tokens[i], upper):
            i += 1
            continue
        run = [tokens[i]]
        i += 1
        while i < len(tokens):
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if (
                run[-1].key in _words().legal_forms
                and tok.text != ","
                and tok.key not in _words().legal_forms  # "Sdn. Bhd.", "Pte Ltd"
            ):
                break  # a legal form ends the name: "X GmbH of Vienna" is X GmbH, in Vienna
            if _is_name_word(tok, upper):
                run.append(tok)
                i += 1
            elif (
                (tok.key in _CONNECTORS or tok.key in _AND)
                # In capitals "FOR" is more often "destined FOR X" than "Center for X".
                and not (upper and tok.key == "for")
                and nxt is not None
                and _is_name_word(nxt, upper)
            ) or (tok.text == "," and nxt is not None and nxt.key in _words().legal_forms):
                run.extend([tok, nxt])
                i += 2
            else:
                break
        if len(run) <= _MAX_RUN:
            runs.extend(_split_and(run))
    return runs


def _split_and(run: list[_Token]) -> list[list[_Token]]:
    """Split a run at "and" where it joins two names rather than being part of one.

    "Roundtop and Machine Sazi Tabriz" and "Koehler GmbH and Dalian Sunrise Co." are two
    names (the left part is one word, or ends in a legal form); "Ministry of Justice and
    Investigations Bureau" is two authorities; "Iran Electronics and Communications Company"
    and "Bureau of Industry and Security" stay whole.
    """
    for n, tok in enumerate(run):
        if tok.key not in _AND or n == 0:
            continue
        left, right = run[:n], run[n + 1 :]
        left_keys = [t.key.rstrip(",") for t in left]
        right_words = [t.text for t in right]
        two_names = (
            len(left) == 1
            or left_keys[-1] in _words().org_suffixes
            or (_is_authority([t.text for t in left]) and _is_authority(right_words))
        )
        if two_names:
            return [left, *_split_and(right)]
    return [run]


def _text_of(sentence: str, run: Sequence[_Token]) -> str:
    return sentence[run[0].start : run[-1].end]


def _is_demonym(word: str) -> bool:
    hit = resolve_country(word)
    if hit is None or hit[1] != "name":
        return False
    name = (country_name(hit[0]) or "").lower()
    return word.lower() != name and bool(re.search(r"(?:ian|ese|ish|ch|an|i)$", word.lower()))


def _trim(run: list[_Token], upper: bool) -> tuple[list[_Token], str | None]:
    """Drop leading noise words, possessive countries and demonyms; return the country."""
    country: str | None = None
    first, last = 0, len(run)
    while first < last:
        head = run[first]
        hit = resolve_country(head.text, upper_text=upper)
        if (
            hit is not None
            and last - first > 1
            and (hit[1] == "possessive" or _is_demonym(head.text))
        ):
            country = hit[0]
        elif head.key not in _words().leading_noise and head.key not in _CONNECTORS:
            break
        first += 1
    while last > first and (
        run[last - 1].key in _CONNECTORS or run[last - 1].key in _AND or run[last - 1].text == ","
    ):
        last -= 1
    return run[first:last], country


def _is_authority(words: list[str]) -> bool:
    """A government body: an authority acronym, or an authority noun in a name of two or more
    words that does not end in a legal form (a company is a company)."""
    if not words:
        return False
    keys = [w.lower().replace(".", "").rstrip(",") for w in words]
    if keys[-1] in _words().legal_forms or keys[-1] in _words().instruments:
        return False
    if any(part in _words().authority_acronyms for w in words for part in w.split("/")):
        return True
    return len(words) > 1 and any(k in _words().authority_heads for k in keys)


def _authority_name(sentence: str, run: list[_Token]) -> str | None:
    """The authority a run names, without leading sentence words ("Request AIT Taipei") or a
    possessive country ("Malaysia's Strategic Trade Controller")."""
    while run and (
        run[0].key in _words().leading_noise
        or run[0].key in _CONNECTORS
        or (len(run) > 1 and (resolve_country(run[0].text) or ("", ""))[1] == "possessive")
    ):
        run = run[1:]
    if run and _is_authority([t.text for t in run]):
        return _text_of(sentence, run)
    return None


def _org_evidence(words: list[str]) -> bool:
    keys = [w.lower().replace(".", "").rstrip(",") for w in words]
    if len(keys) < 2 or " ".join(keys) in _REGIME_NAMES or keys[-1] in _words().non_org_heads:
        return False
    if keys[-1] in _words().org_suffixes:
        return True
    return any(k in _words().org_words for k in keys)


def _person(run: list[_Token], after: str) -> tuple[list[_Token], AlertRole | None] | None:
    """The person a run names, if it is one, with the role a job title gives."""
    words = [t.text for t in run]
    if run[0].key in _HONORIFICS and 1 < len(run) <= 5:
        return run[1:], None
    plain_name = (
        2 <= len(run) <= 3
        and not _org_evidence(words)
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and all(resolve_country(w) is None for w in words)
    )
    if not plain_name:
        return None
    if _NATIONAL_AFTER_RE.match(after):
        return run, None
    title = _TITLE_AFTER_RE.match(after)
    if title:
        broker = re.search(r"agent|broker", title.group(0), re.I)
        return run, AlertRole.INTERMEDIATE if broker else None
    return None


def _candidates(
    sentences: Sequence[Sentence], all_upper: bool
) -> tuple[list[_Candidate], list[str]]:
    """Names found in the sentences (step 1) and the authorities met on the way."""
    found: list[_Candidate] = []
    authorities: list[str] = []
    for sent in sentences:
        if sent.upper and not all_upper:
            # Capitals carry no signal in an upper-case subject line; known names are still
            # matched there in step 3.
            continue
        for raw_run in _runs(_tokens(sent.text), sent.upper):
            authority = _authority_name(sent.text, raw_run)
            if authority is not None:
                authorities.append(authority)
                continue
            run, country = _trim(list(raw_run), sent.upper)
            if not run:
                continue
            words = [t.text for t in run]
            text = _text_of(sent.text, run)
            before = sent.text[: raw_run[0].start]
            after = sent.text[run[-1].end :]
            person = _person(run, after)
            if person is not None:
                name = _text_of(sent.text, person[0])
                found.append(_Candidate(name, "Person", country, title_role=person[1]))
                continue
            is_org = _org_evidence(words) and _plausible_name(words)
            if not is_org and len(run) <= 6 and words[-1].lower() not in _words().non_org_heads:
                possessive = country is not None and raw_run[0].text != run[0].text
                described = bool(_ORG_NOUNS_BEFORE_RE.search(before)) or bool(
                    _ORG_NOUNS_AFTER_RE.match(after)
                )
                is_org = (possessive or described) and _plausible_name(words)
            if is_org:
                cand = _Candidate(text, "Organization", country)
                acronym = re.match(r"^\s*\(([A-Z][A-Z0-9\-]{1,9})\)", after)
                if acronym:
                    cand.aliases.append(acronym.group(1))
                found.append(cand)
    return found, authorities


def _plausible_name(words: list[str]) -> bool:
    """Not a month, a country, a heading or a description ("DPRK front company")."""
    w = _words()
    keys = [word.lower().replace(".", "").rstrip(",") for word in words]
    if all(k in w.leading_noise or k in w.months for k in keys):
        return False
    if len(words) == 1 and resolve_country(words[0]) is not None:
        return False
    generic = w.generic_tail | w.descriptors
    described = any(k in w.descriptors for k in keys)
    return not all(
        k in generic or (described and _country_word(word))
        for k, word in zip(keys, words, strict=True)
    )


def _country_word(word: str) -> bool:
    """A country's name, code or demonym (not a place: "Ohio" distinguishes a firm)."""
    hit = resolve_country(word, upper_text=word.isupper() and len(word) > 3)
    return (hit is not None and hit[1] != "place") or word.upper() in {"DPRK", "ROK", "PRC"}


# --- step 2: merging -------------------------------------------------------------------------


def _core_words(name: str) -> list[str]:
    """The name's words without its generic tail ("Roundtop Machinery Industries Company" ->
    ["Roundtop"]); at least one word stays."""
    words = [w for w in name.replace(",", " ").split() if w]
    while len(words) > 1 and words[-1].lower().replace(".", "") in _words().generic_tail:
        words.pop()
    return words


def _core_key(name: str) -> str:
    return " ".join(w.lower().replace(".", "") for w in _core_words(name))


def _short_name(name: str) -> str | None:
    """The distinctive head of an organisation name, if it can stand alone as a mention."""
    core = _core_words(name)
    if len(core) == len(name.replace(",", " ").split()):
        return None
    short = " ".join(core)
    if (
        len(short) < 4
        or short.lower() in _words().leading_noise
        or resolve_country(short) is not None
    ):
        return None
    return short


def _merge(cands: list[_Candidate]) -> list[_Party]:
    """One party per name: same core, or one core a word-prefix of the other."""
    parties: list[_Party] = []
    keys: list[set[str]] = []
    for cand in cands:
        ck = _core_key(cand.name)
        target: _Party | None = None
        for party, pkeys in zip(parties, keys, strict=True):
            if party.schema == cand.schema and (
                ck in pkeys or any(_is_prefix(ck, k) or _is_prefix(k, ck) for k in pkeys)
            ):
                target = party
                pkeys.add(ck)
                party.names.append(cand.name)
                break
        if target is None:
            target = _Party([cand.name], cand.schema)
            parties.append(target)
            keys.append({ck})
        target.aliases.update(cand.aliases)
        if cand.country:
            target.countries[cand.country] += 3
        if cand.title_role:
            target.roles.add(cand.title_role)
        for hit in cand.gazetteer:
            target.matches.setdefault(hit.entity_id, hit)
    return parties


def _is_prefix(short: str, long: str) -> bool:
    s, lg = short.split(), long.split()
    return len(s) < len(lg) and lg[: len(s)] == s


# --- step 3: roles and countries -------------------------------------------------------------

# Placeholders: parties become "@P<n>@", countries "#C:<code>#". In the patterns below "{a}"
# and "{b}" stand for a party placeholder, optionally after a country ("Taiwans Roundtop"),
# and "{w}" for one word, placeholders included ("a #C:DE# distributor").
_P = r"(?:#C:[A-Z]{{2}}#\s+)?@P(?P<{0}>\d+)@"
_W = r"[\w\-#:]+"
# "{s}" is "{a}" as the subject of a verb further on: after the name may come its acronym, its
# place ("of Vienna, Austria") and one apposition between commas (", which approached ...,").
_S = (
    _P.format("a").replace("{{", "{").replace("}}", "}")
    + r"(?:\s+\([A-Z]+\))?(?:\s+(?:of|in|from|based\s+in)\s+[^,@.]{1,40})?"
    r"(?:,[^@.]{1,150}?,)?,?"
)
_ROLE_PATTERNS: list[tuple[str, dict[str, AlertRole]]] = [
    (r"(?:supplied|sold|exported|shipped|delivered|provided|transferred)\s+(?:\w+\s+){0,3}?"
     r"by\s+{a}\s+to\s+{b}", {"a": AlertRole.EXPORTER, "b": AlertRole.END_USER}),
    (r"{s}\s+(?:\w+\s+){0,2}?(?:supplied|sold|exported|shipped|delivered)\b[^@]{0,100}?"
     r"\bto\s+{b}", {"a": AlertRole.EXPORTER, "b": AlertRole.END_USER}),
    (r"(?:supplied|sold|exported|shipped|delivered|provided)\s+(?:\w+\s+){0,3}?by\s+{a}",
     {"a": AlertRole.EXPORTER}),
    (r"\bexports?\s+(?:[\w\-()/]+\s+){0,8}?by\s+{a}", {"a": AlertRole.EXPORTER}),
    (r"{s}\s+(?:has\s+|had\s+)?(?:exported|shipped|sold|delivered|supplied)\b",
     {"a": AlertRole.EXPORTER}),
    (r"(?:manufactured|made|produced|built)\s+by\s+{a}", {"a": AlertRole.MANUFACTURER}),
    (r"{s}\s+(?:\w+\s+){0,2}?(?:requested|requests|requesting|asked|asks|approached|"
     r"contacted|inquired|enquired|solicited|sought|seeks|seeking)\b",
     {"a": AlertRole.REQUESTER}),
    (r"(?:requested|requesting|asked|approached|contacted|urged)\s+(?:that\s+)?(?:the\s+)?"
     r"(?:{w}\s+){0,3}?{b}\s+(?:\([A-Z]+\)\s+)?(?:to\s+)?(?:send|supply|provide|ship|deliver|"
     r"sell|repair|replace|export|quote)", {"b": AlertRole.SUPPLIER}),
    (r"(?:seek\w*|sought|procur\w*|buy\w*|bought|ordered|ordering|purchas\w*|obtain\w*|acquir\w*|"
     r"import\w*|assistance|help|quot\w*)\b[^@.]{0,120}?\bfrom\s+(?:the\s+)?"
     r"(?:#C:[A-Z]{2}#\s+)?(?:{w}\s+){0,2}?{b}", {"b": AlertRole.SUPPLIER}),
    (r"{s}\s+(?:\w+\s+){0,2}?(?:ordered|purchased|bought|placed\s+an\s+order|"
     r"(?:tried|attempted|attempting|trying|sought|seeking|seeks|wants|wanted)\s+to\s+"
     r"(?:buy|purchase|procure|acquire|obtain|import))", {"a": AlertRole.PURCHASER}),
    (r"{a}\s+to\s+(?:provide|supply|send|deliver|ship|sell|export)\b",
     {"a": AlertRole.SUPPLIER}),
    (r"(?:destined\s+for|intended\s+for|on\s+behalf\s+of|for\s+use\s+by|for\s+delivery\s+to|"
     r"for\s+the\s+benefit\s+of|for\s+end[- ]use\s+by|ultimately\s+for)\s+(?:the\s+)?"
     r"(?:[a-z\-]+\s+){0,3}?{a}", {"a": AlertRole.END_USER}),
    (r"\bend[- ]users?\b\s*(?:is|was|,|:|\(|being|named)?\s*(?:the\s+)?(?:[a-z\-]+\s+){0,3}?"
     r"{a}", {"a": AlertRole.END_USER}),
    (r"{a}[^@.]{0,40}?\b(?:as|is|was|being)\s+(?:the\s+)?(?:\w+\s+)?end[- ]user",
     {"a": AlertRole.END_USER}),
    (r"(?:supplied|sold|exported|shipped|delivered)\s+(?:[\w\-,]+\s+){0,6}?to\s+{a}",
     {"a": AlertRole.END_USER}),
    (r"(?:via|through)\s+(?:the\s+)?(?:[a-z\-]+\s+){0,3}?{a}", {"a": AlertRole.INTERMEDIATE}),
    (r"{s}\s+(?:is|was|are|were|has\s+been)\s+acting\s+(?:on\s+(?:its|their|his|"
     r"her)\s+behalf|on\s+behalf\s+of|as\s+(?:an?\s+)?(?:intermediary|agent|front|broker))",
     {"a": AlertRole.INTERMEDIATE}),
    (r"\b(?:intermediary|intermediaries|broker|front\s+company|middleman|procurement\s+agent|"
     r"trading\s+company)\s*,?\s*{a}", {"a": AlertRole.INTERMEDIATE}),
    (r"{a},?\s+(?:an?|the)\s+(?:{w}\s+){0,4}?(?:intermediary|broker|front\s+company|"
     r"middleman|procurement\s+agent|trading\s+company|freight\s+forwarder)",
     {"a": AlertRole.INTERMEDIATE}),
    (r"\bconsignee\s*,?\s*(?:is\s+|was\s+)?{a}", {"a": AlertRole.CONSIGNEE}),
    (r"\bconsigned\s+to\s+{a}", {"a": AlertRole.CONSIGNEE}),
    (r"\b(?:purchase\s+)?orders?\s+from\s+{a}", {"a": AlertRole.PURCHASER}),
    (r"\b(?:enquiry|enquiries|inquiry|inquiries|request|approach(?:es)?)\s+from\s+{a}",
     {"a": AlertRole.REQUESTER}),
    (r"{a}[^@.]{0,30}?\bas\s+(?:the\s+)?consignee", {"a": AlertRole.CONSIGNEE}),
    (r"\b(?:buyer|purchaser|customer)\s*,?\s*{a}", {"a": AlertRole.PURCHASER}),
    (r"\b(?:quoted|offered|invoiced)\s+(?:by\s+(?:\w+\s+){1,3}?)?to\s+{a}",
     {"a": AlertRole.PURCHASER}),
    (r"{a},?\s+(?:an?|the)\s+(?:{w}\s+){0,3}?(?:buyer|purchaser|customer)\b",
     {"a": AlertRole.PURCHASER}),
    (r"{a},?\s+(?:an?|the)\s+(?:{w}\s+){0,3}?(?:supplier|distributor|exporter)\b",
     {"a": AlertRole.SUPPLIER}),
    (r"\b(?:supplier|distributor|exporter)\s*,?\s*{a}", {"a": AlertRole.SUPPLIER}),
]  # fmt: skip
_COMPILED_ROLES = [
    (
        re.compile(
            p.replace("{s}", _S)
            .replace("{a}", _P.format("a"))
            .replace("{b}", _P.format("b"))
            .replace("{w}", _W),
            re.I,
        ),
        roles,
    )
    for p, roles in _ROLE_PATTERNS
]

# Words allowed between a country and the party it qualifies ("the Chinese trading company X"),
# but not prepositions: in "exports to Iran by X", Iran is not X's country.
_DESCRIPTOR = r"(?!(?:by|to|from|for|with|in|of|and|that|which|on|at|as|via)\b)[a-z][\w\-]*"
_PLACE = r"(?:[A-Z][\w\-]+,?\s+|#C:[A-Z]{2}#,?\s*)?"  # a city before the country: "Dalian, "
_COUNTRY_SOURCES: list[tuple[str, int]] = [
    (rf"#C:(?P<c>[A-Z]{{2}})#(?:\s+{_DESCRIPTOR}){{0,4}},?\s+@P(?P<p>\d+)@", 3),
    (rf"@P(?P<p>\d+)@\s*(?:\([A-Z]+\)\s*)?(?:\(|,)\s*(?:\d{{1,3}},\s*)?"
                rf"(?:(?:a|an|the)\s+)?(?:[\w\-]+\s+){{0,3}}?(?:(?:of|in|based\s+in|"
                rf"located\s+in|headquartered\s+in|from)\s+)?{_PLACE}#C:(?P<c>[A-Z]{{2}})#", 3),
    (rf"@P(?P<p>\d+)@\s+(?:\([A-Z]+\)\s+)?(?:of|in|from)\s+{_PLACE}"
     rf"#C:(?P<c>[A-Z]{{2}})#", 3),
    (r"@P(?P<p>\d+)@\s+(?:is|was)\s+[^@#.]{0,60}?\b(?:in|of|from|based\s+in)\s+"
     r"#C:(?P<c>[A-Z]{2})#", 1),
]  # fmt: skip
# Mixed-case text is read case-sensitively (a place is a capitalised word); text in capitals
# has no case to go by. Index: upper or not.
_COUNTRY_PATTERNS: dict[bool, list[tuple[re.Pattern[str], int]]] = {
    upper: [(re.compile(src, re.I if upper else 0), weight) for src, weight in _COUNTRY_SOURCES]
    for upper in (False, True)
}


def _forms(party: _Party, short_ok: bool) -> set[str]:
    """Every form that refers to the party: its names, aliases, and its short name
    (organisations) or family name (persons)."""
    forms = set(party.names) | party.aliases
    for n in party.names:
        if party.schema == "Organization" and short_ok:
            short = _short_name(n)
            if short:
                forms.add(short)
        elif party.schema == "Person" and len(n.split()) > 1:
            forms.add(n.split()[-1])
    return forms


_SAME_IN_BRACKETS_RE = re.compile(r"(@P(\d+)@)\s*\(@P\2@\)")


def _placeholders(
    sentence: Sentence, forms: list[tuple[str, int]]
) -> tuple[str, list[tuple[int, str]]]:
    """The sentence with party mentions and country mentions replaced by placeholders, and
    the mentions found as (party index, text as written)."""
    text = sentence.text
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    seen: list[tuple[int, str]] = []
    flags = re.I if sentence.upper else 0
    for form, idx in forms:
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text, flags):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            spans.append((m.start(), m.end(), f"@P{idx}@"))
            seen.append((idx, m.group(0)))
    for cm in find_countries(text, upper=sentence.upper):
        if not any(taken[cm.start : cm.end]):
            spans.append((cm.start, cm.end, f"#C:{cm.code}#"))
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, end, ph in spans:
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(ph)
        pos = end
    out.append(text[pos:])
    # "Shahid Hemmat Industrial Group (SHIG)" is one mention, not two.
    marked = _SAME_IN_BRACKETS_RE.sub(r"\1", "".join(out))
    return marked, seen


def find_parties(
    sentences: Sequence[Sentence], gazetteer: Gazetteer | None = None
) -> PartyFindings:
    """Parties of concern and authorities in a document's sentences.

    Args:
        sentences: the document's sentences, subject line first.
        gazetteer: looks names up among known parties; a ``match`` hit makes a party of a
            name no pattern found, and every party gets the hits on its name as ``matches``.
    """
    long_sentences = [s for s in sentences if len(s.text) > 20]
    all_upper = bool(long_sentences) and all(s.upper for s in long_sentences)
    cands, authorities = _candidates(sentences, all_upper)
    if gazetteer is not None:
        cands.extend(_gazetteer_candidates(sentences, cands, authorities, gazetteer, all_upper))
    parties = _merge(cands)

    # A short name shared by two parties is ambiguous: neither is matched by it.
    shorts = Counter(s for p in parties for s in {_short_name(n) for n in p.names} if s)
    forms: list[tuple[str, int]] = []
    for idx, party in enumerate(parties):
        short_ok = all(shorts[s] <= 1 for s in {_short_name(n) for n in party.names} if s)
        forms.extend((f, idx) for f in _forms(party, short_ok))
    forms.sort(key=lambda f: len(f[0]), reverse=True)

    for sent in sentences:
        marked, present = _placeholders(sent, forms)
        for idx, written in present:
            if not sent.upper:  # "ROUNDTOP" in a subject line is not worth listing
                parties[idx].aliases.add(written)
        for m in re.finditer(r"@P(\d+)@", marked):
            parties[int(m.group(1))].mentions += 1
        if not present:
            continue
        for rx, roles in _COMPILED_ROLES:
            for m in rx.finditer(marked):
                for group, role in roles.items():
                    party = parties[int(m.group(group))]
                    if role not in party.roles:
                        party.roles.add(role)
                        _add_evidence(party, sent.text)
        for crx, weight in _COUNTRY_PATTERNS[sent.upper]:
            for m in crx.finditer(marked):
                party = parties[int(m.group("p"))]
                party.countries[m.group("c")] += weight
                _add_evidence(party, sent.text)

    _infer_intermediaries(parties)
    result = [_finish(p) for p in parties if p.mentions > 0 or p.matches]
    return PartyFindings(result, _dedupe_authorities(authorities))


def _infer_intermediaries(parties: list[_Party]) -> None:
    """A buyer or consignee that is not the end user, when the text names an end user, stands
    between exporter and end user: an intermediary, whether or not the text says so."""
    if not any(AlertRole.END_USER in p.roles for p in parties):
        return
    for party in parties:
        buys = party.roles & {AlertRole.PURCHASER, AlertRole.CONSIGNEE}
        if buys and AlertRole.END_USER not in party.roles:
            party.roles.add(AlertRole.INTERMEDIATE)


def _add_evidence(party: _Party, text: str) -> None:
    if text not in party.evidence and len(party.evidence) < 3:
        party.evidence.append(text)


def _finish(party: _Party) -> ExtractedParty:
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
    country = party.countries.most_common(1)[0][0] if party.countries else None
    roles = [r for r in _ROLE_ORDER if r in party.roles]
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


def _gazetteer_candidates(
    sentences: Sequence[Sentence],
    cands: list[_Candidate],
    authorities: list[str],
    gazetteer: Gazetteer,
    all_upper: bool,
    limit: int = 400,
) -> list[_Candidate]:
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
    extra: list[_Candidate] = []
    for sent in sentences:
        if sent.upper and not all_upper:
            continue
        for raw_run in _runs(_tokens(sent.text), sent.upper):
            run, country = _trim(raw_run, sent.upper)
            words = [t.text for t in run]
            if not run or _is_authority(words) or not _plausible_name(words):
                continue
            text = _text_of(sent.text, run)
            if " ".join(text.lower().split()) in known:
                continue
            hits = ask(text)
            matched = [h for h in hits if h.decision == "match"]
            if matched:
                schema = matched[0].schema_ if matched[0].schema_ == "Person" else "Organization"
                extra.append(
                    _Candidate(text, schema, country or matched[0].country, gazetteer=hits)
                )
    return extra
