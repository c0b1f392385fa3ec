"""Countries as alert documents mention them: names, demonyms, possessives and cable TAGS.

Resolution of a name or demonym to ISO 3166-1 alpha-2 is :func:`exportctl.text.countries.to_iso2`
(shared with the list parsers); this module only *finds* the mentions in running text, which
needs care that a lookup table does not: cables drop apostrophes ("Irans", "Taiwans"), and in
upper-case text short words are English, not codes (``IN``, ``US``, ``AND`` must not become
India, the United States and Andorra).

Cable TAGS carry FIPS 10-4 country codes, not ISO ones (``CH`` is China, ``GM`` Germany,
``RS`` Russia): :func:`tag_country` translates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from exportctl.intake.places import place_country
from exportctl.text.countries import to_iso2

__all__ = ["PLACES", "CountryMention", "find_countries", "resolve_country", "tag_country"]

# FIPS 10-4 codes (as used in cable TAGS) that differ from the ISO 3166-1 alpha-2 code of the
# same country. A FIPS code not listed here equals the ISO code (IR, TW, PK, SY, US, FR, ...).
# Source: NGA GEOnet Names Server "Country Codes" (FIPS 10-4 to ISO 3166 crosswalk).
_FIPS_TO_ISO: dict[str, str] = {
    "AC": "AG", "AG": "DZ", "AJ": "AZ", "AN": "AD", "AQ": "AS", "AS": "AU", "AU": "AT",
    "AV": "AI", "AY": "AQ", "BA": "BH", "BC": "BW", "BD": "BM", "BF": "BS", "BG": "BD",
    "BH": "BZ", "BK": "BA", "BL": "BO", "BM": "MM", "BN": "BJ", "BO": "BY", "BP": "SB",
    "BU": "BG", "BX": "BN", "BY": "BI", "CB": "KH", "CD": "TD", "CE": "LK", "CF": "CG",
    "CG": "CD", "CH": "CN", "CI": "CL", "CJ": "KY", "CK": "CC", "CN": "KM", "CS": "CR",
    "CT": "CF", "DA": "DK", "DO": "DM", "DR": "DO", "EI": "IE", "EK": "GQ", "EN": "EE",
    "ES": "SV", "EZ": "CZ", "FG": "GF", "FP": "PF", "GA": "GM", "GB": "GA", "GG": "GE",
    "GJ": "GD", "GK": "GG", "GM": "DE", "GV": "GN", "GZ": "PS", "HA": "HT", "HO": "HN",
    "IC": "IS", "IS": "IL", "IV": "CI", "IZ": "IQ", "JA": "JP", "KN": "KP", "KR": "KI",
    "KS": "KR", "KT": "CX", "KU": "KW", "KV": "XK", "LE": "LB", "LG": "LV", "LH": "LT",
    "LI": "LR", "LO": "SK", "LS": "LI", "LT": "LS", "MA": "MG", "MB": "MQ", "MC": "MO",
    "MG": "MN", "MH": "MS", "MI": "MW", "MJ": "ME", "MN": "MC", "MO": "MA", "MP": "MU",
    "MU": "OM", "NG": "NE", "NH": "VU", "NI": "NG", "NS": "SR", "NU": "NI", "OD": "SS",
    "PA": "PY", "PM": "PA", "PO": "PT", "PP": "PG", "PS": "PW", "PU": "GW", "RB": "RS",
    "RI": "RS", "RM": "MH", "RP": "PH", "RQ": "PR", "RS": "RU", "SB": "PM", "SC": "KN",
    "SE": "SC", "SF": "ZA", "SG": "SN", "SN": "SG", "SP": "ES", "ST": "LC", "SU": "SD",
    "SW": "SE", "SZ": "CH", "TD": "TT", "TI": "TJ", "TN": "TO", "TO": "TG", "TS": "TN",
    "TT": "TL", "TU": "TR", "TX": "TM", "UC": "CW", "UK": "GB", "UP": "UA", "UV": "BF",
    "VM": "VN", "VT": "VA", "WA": "NA", "WE": "PS", "WI": "EH", "WZ": "SZ", "YM": "YE",
    "ZA": "ZM", "ZI": "ZW",
}  # fmt: skip

# Short forms that are country references even in upper-case text; other words of three
# letters or fewer are codes or English words there ("IN", "AND", "CAN") and never count.
_SHORT_FORMS = frozenset({"U.S.", "USA", "UAE", "PRC", "DPRK", "ROK", "UK", "U.K.", "USG"})
# Places inside one country that alert documents name instead of the country ("a firm in
# Dubai", "of Cincinnati, Ohio"): cities that recur in proliferation cases, and US states
# (except Georgia, which is also a country).
PLACES: dict[str, str] = {
    "tehran": "IR", "tabriz": "IR", "isfahan": "IR", "esfahan": "IR", "arak": "IR",
    "mashhad": "IR", "shiraz": "IR", "karaj": "IR", "qom": "IR", "bandar abbas": "IR",
    "taipei": "TW", "taichung": "TW", "tainan": "TW", "kaohsiung": "TW", "hsinchu": "TW",
    "beijing": "CN", "shanghai": "CN", "dalian": "CN", "shenzhen": "CN", "guangzhou": "CN",
    "tianjin": "CN", "wuhan": "CN", "xian": "CN", "xi'an": "CN", "ningbo": "CN",
    "moscow": "RU", "st. petersburg": "RU", "saint petersburg": "RU", "yekaterinburg": "RU",
    "votkinsk": "RU", "izhevsk": "RU", "novosibirsk": "RU", "chelyabinsk": "RU",
    "dubai": "AE", "sharjah": "AE", "abu dhabi": "AE", "ajman": "AE",
    "pyongyang": "KP", "damascus": "SY", "karachi": "PK", "lahore": "PK", "islamabad": "PK",
    "istanbul": "TR", "ankara": "TR", "kuala lumpur": "MY", "singapore": "SG",
    "washington": "US", "berlin": "DE", "munich": "DE", "stuttgart": "DE", "frankfurt": "DE",
    "milan": "IT", "turin": "IT", "brescia": "IT", "paris": "FR", "london": "GB",
    "tokyo": "JP", "osaka": "JP", "seoul": "KR", "minsk": "BY", "kyiv": "UA", "kiev": "UA",
    "zurich": "CH", "zürich": "CH", "geneva": "CH", "vienna": "AT", "bern": "CH",
    "xiamen": "CN", "daejeon": "KR", "busan": "KR", "incheon": "KR", "changwon": "KR",
    "ulsan": "KR", "port klang": "MY", "penang": "MY", "johor bahru": "MY",
    "jebel ali": "AE",
    **{state: "US" for state in (
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
        "delaware", "florida", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
        "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan",
        "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada",
        "new hampshire", "new jersey", "new mexico", "new york", "north carolina",
        "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island",
        "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont",
        "virginia", "west virginia", "wisconsin", "wyoming",
    )},
}  # fmt: skip

_WORD = r"[A-Z]\.[A-Z]\.(?:[A-Z]\.)?|[A-Z][A-Za-z'’]*(?:-(?!based\b)[A-Za-z'’]+)*"
_CANDIDATE_RE = re.compile(
    rf"(?<![\w.])(?:{_WORD})(?:\s+(?:of\s+|the\s+|and\s+)?(?:{_WORD})){{0,3}}(?![\w])"
)


@dataclass(frozen=True)
class CountryMention:
    """A country mentioned in text: the code, where, and how (``name``, ``possessive``,
    ``place``)."""

    code: str
    start: int
    end: int
    text: str
    kind: str


def tag_country(tag: str) -> str | None:
    """The ISO alpha-2 code of a two-letter cable TAGS country code (FIPS 10-4), else None."""
    t = tag.strip().upper()
    if len(t) != 2 or not t.isalpha():
        return None
    if t in _FIPS_TO_ISO:
        return _FIPS_TO_ISO[t]
    return to_iso2(t)


@lru_cache(maxsize=16384)
def resolve_country(word: str, *, upper_text: bool = False) -> tuple[str, str] | None:
    """Resolve one word or phrase of running text to ``(code, kind)``, or None.

    ``kind`` is ``name`` (names and demonyms), ``possessive`` ("Irans", "Iran's") or
    ``place``. Handles possessives with and without apostrophe, plural demonyms ("Iranians")
    and the places in :data:`PLACES`. ``upper_text`` says the text is in capitals, where "US"
    is a pronoun, not a country.
    """
    text = word.strip().rstrip(",;:").replace("’", "'")
    bare = text.replace(".", "")
    if text in _SHORT_FORMS or (bare == "US" and not upper_text):
        return ("US" if bare in {"US", "USG"} else to_iso2(bare) or "", "name") if bare else None
    if len(bare) <= 3:
        return None
    low = text.lower()
    if low in PLACES:
        return PLACES[low], "place"
    if low.endswith("'s"):
        code = to_iso2(text[:-2])
        if code is None and low[:-2] in PLACES:
            return PLACES[low[:-2]], "place"  # "Dubai's Jebel Ali Free Zone"
        return (code, "possessive") if code else None
    code = to_iso2(text)
    if code is not None:
        return code, "name"
    if low.endswith("s") and len(low) > 4:
        # "Irans", "Taiwans" (possessive without apostrophe) or "Iranians" (plural demonym).
        code = to_iso2(text[:-1])
        if code is not None:
            return code, "possessive"
    return None


# Where the text presents a word as a place: after a preposition of place ("of Biel", "in
# Isfahan", "IN TRABZON"), before "-based" ("a Karachi-based firm") or as a possessive ("in
# Dubai's Jebel Ali Free Zone"). Only there is a city from the GeoNames table taken for a
# place: many city names are also words or parts of firm names.
_PLACE_WORDS = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2}"
_PLACE_AFTER_RE = re.compile(
    r"\b(?i:of|in|from|at|near|outside|based\s+in|located\s+in|registered\s+in)\s+"
    rf"(?:(?i:the)\s+)?(?=(?P<p>{_PLACE_WORDS}))"
)
_PLACE_BEFORE_RE = re.compile(rf"(?P<p>{_PLACE_WORDS})(?=-based\b|['’]s\s)")


def find_places(text: str) -> list[CountryMention]:
    """Cities the text presents as places, with their country (kind ``place``)."""
    found: list[CountryMention] = []
    for rx, from_left in ((_PLACE_AFTER_RE, True), (_PLACE_BEFORE_RE, False)):
        for m in rx.finditer(text):
            words = list(re.finditer(r"\S+", m.group("p")))
            base = m.start("p")
            spans = (
                [(0, j) for j in range(len(words), 0, -1)]
                if from_left
                else [(i, len(words)) for i in range(len(words))]
            )
            for i, j in spans:
                start, end = base + words[i].start(), base + words[j - 1].end()
                phrase = text[start:end].rstrip(",.;:")
                end = start + len(phrase)
                if to_iso2(phrase) is not None:
                    break  # a country ("Hong Kong-based"): a country mention, not a place
                code = _place_code(phrase)
                if code:
                    if not from_left and text[end : end + 2] in ("'s", "’s"):
                        end += 2
                    found.append(CountryMention(code, start, end, text[start:end], "place"))
                    break
    return found


def _place_code(phrase: str) -> str | None:
    low = phrase.lower()
    if low in PLACES:
        return PLACES[low]
    if to_iso2(phrase) is not None or len(phrase) < 3:
        return None  # a country is a country mention, not a place
    return place_country(phrase)


def find_countries(text: str, *, upper: bool | None = None) -> list[CountryMention]:
    """Every country mention in ``text``, in order, longest phrase first where they overlap.

    Text in capitals (cable subjects) is read with :func:`resolve_country`'s upper-case
    rules, so "ASKED US" is not the United States there. ``upper`` says whether ``text`` is in
    capitals; when not given, it is decided line by line.
    """
    mentions: list[CountryMention] = []
    pos = 0
    line_upper: dict[int, bool] = {}
    for m in _CANDIDATE_RE.finditer(text):
        if m.start() < pos:
            continue
        words = m.group(0).split()
        in_upper = upper
        if in_upper is None:
            line_start = text.rfind("\n", 0, m.start()) + 1
            if line_start not in line_upper:
                line_upper[line_start] = _is_upper_line(text, line_start)
            in_upper = line_upper[line_start]
        # Longest sub-phrase starting at each word that resolves ("United States" before
        # "United"; "Taiwans Roundtop" -> "Taiwans").
        i = 0
        offsets = _word_offsets(m.group(0), m.start())
        while i < len(words):
            found = False
            for j in range(len(words), i, -1):
                phrase = " ".join(words[i:j])
                if phrase.split()[0].lower() in {"of", "the", "and"}:
                    break
                hit = resolve_country(phrase, upper_text=in_upper)
                if hit is None or not hit[0]:
                    continue
                start, end = offsets[i][0], offsets[j - 1][1]
                mentions.append(CountryMention(hit[0], start, end, text[start:end], hit[1]))
                i = j
                found = True
                break
            if not found:
                i += 1
        pos = m.end()
    for place in find_places(text):
        if not any(place.start < m.end and m.start < place.end for m in mentions):
            mentions.append(place)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _word_offsets(phrase: str, base: int) -> list[tuple[int, int]]:
    return [(base + w.start(), base + w.end()) for w in re.finditer(r"\S+", phrase)]


def _is_upper_line(text: str, line_start: int) -> bool:
    """True when the line starting at ``line_start`` is (almost) all capitals."""
    line_end = text.find("\n", line_start)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9
