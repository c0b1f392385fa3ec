"""Word lists and fixed vocabularies of party extraction (``data/words.yaml`` and the
constants below): legal forms, organisation and authority nouns, honorifics, job titles,
the order of roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from exportctl.model.alert import AlertRole

# --- vocabularies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of ``data/words.yaml`` (see the comments there)."""

    legal_forms: frozenset[str]
    leading_forms: frozenset[str]
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
    introducers: frozenset[str]
    person_introducers: frozenset[str]
    form_countries: dict[str, str]

    @property
    def org_suffixes(self) -> frozenset[str]:
        return self.legal_forms | self.org_nouns


@cache
def vocabulary() -> Vocabulary:
    """The word lists, loaded on first use (not at import)."""
    text = resources.files("exportctl.intake").joinpath("data/words.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    lists: dict[str, frozenset[str]] = {
        key: frozenset(str(w) for w in raw[key])
        for key in Vocabulary.__dataclass_fields__
        if key != "form_countries"
    }
    form_countries = {str(k): str(v) for k, v in raw["form_countries"].items()}
    # Legal forms and organisation nouns are generic too when it comes to short names, and
    # an instrument is no organisation either.
    lists["generic_tail"] |= lists["legal_forms"] | lists["org_nouns"]
    lists["non_org_heads"] |= lists["instruments"]
    return Vocabulary(**lists, form_countries=form_countries)


# Control regimes whose names look like organisations ("Nuclear Suppliers Group").
REGIME_NAMES = frozenset(
    {"nuclear suppliers group", "australia group", "zangger committee", "wassenaar arrangement"}
)
CONNECTORS = frozenset({"of", "for", "de", "du", "des", "la", "al", "el", "von", "van", "di"})
AND_WORDS = frozenset({"and", "&"})
# A run of capitalised words longer than this is a heading or shouting, not a name.
MAX_RUN = 14
HONORIFICS = frozenset(
    {"mr", "ms", "mrs", "dr", "prof", "professor", "general", "gen", "colonel", "col"}
)
TITLES = (
    r"general manager|managing director|director(?: general)?|president|vice president|"
    r"chairman|owner|founder|ceo|chief executive(?: officer)?|sales manager|"
    r"procurement (?:manager|agent|officer)|representative|agent|broker|employee|"
    r"chief engineer|engineer|head|manager|partner|shareholder|contact(?:\s+person)?"
)
# "X, general manager of Y", "X, who signs as purchasing manager of Y".
TITLE_AFTER_RE = re.compile(
    rf"^\s*,\s*(?:who\s+(?:is|was|signs\s+as|works\s+as|acts\s+as|serves\s+as)\s+)?"
    rf"(?:(?:the|a|an|its)\s+)?(?:[\w\-]+\s+){{0,2}}?(?:{TITLES})\b",
    re.I,
)
# "its managing director, Dieter Kranz", "Their procurement manager, Armen Sargsyan": a job
# title in apposition before the name.
TITLE_BEFORE_RE = re.compile(
    rf"\b(?:{TITLES})\s*,\s*(?:[A-Z][a-z]+\s+(?:national|citizen)\s+)?$", re.I
)
# "X, 52, an Iranian national": a person, the nationality a country cue (read in step 3).
# An age is a person's too: "X, 47, of Shiraz, Iran".
NATIONAL_AFTER_RE = re.compile(
    r"^\s*,\s*(?:(?:\d{1,3},\s*)?(?:an?|the)\s+(?:[\w\-]+\s+){1,2}?"
    r"(?:national|citizen|resident|businessman|businesswoman|individual)\b|"
    r"\d{1,3},\s*(?:of|from|a|an|the|who)\b)",
    re.I,
)
# Nouns that, right before a name, say it is an organisation ("the trading company X").
ORG_NOUNS_BEFORE_RE = re.compile(
    r"\b(?:company|firm|entity|manufacturer|supplier|distributor|broker|intermediary|"
    r"end[- ]user|buyer|purchaser|customer|importer|exporter|consignee|subsidiary|affiliate|"
    r"builder|producer|maker|front|enterprise|plant|factory|institute|university)\s*,?\s*$",
    re.I,
)
ORG_NOUNS_AFTER_RE = re.compile(
    r"^\s*,\s*(?:an?|the)\s+(?:[\w\-]+\s+){0,4}?(?:company|firm|entity|manufacturer|"
    r"supplier|distributor|broker|intermediary|importer|exporter|subsidiary|front|producer|"
    r"builder|maker)\b",
    re.I,
)

# A party's ``role`` is the first of its roles in this order: what it does with the goods
# matters more than who asked.
ROLE_ORDER = [
    AlertRole.END_USER,
    AlertRole.INTERMEDIATE,
    AlertRole.PURCHASER,
    AlertRole.CONSIGNEE,
    AlertRole.EXPORTER,
    AlertRole.SUPPLIER,
    AlertRole.MANUFACTURER,
    AlertRole.REQUESTER,
]

TOKEN_RE = re.compile(r"[A-Za-z0-9À-ÿ][\w'’&\-/]*(?:\.[A-Za-z]{1,3})*\.?|[,;:()\"“”!?]")
