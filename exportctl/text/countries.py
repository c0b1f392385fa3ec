"""Country names and codes as the restricted-party lists spell them, resolved to ISO 3166-1.

Every list writes countries its own way: OFAC legacy CSV uses short English names with
inversions (``Korea, North``, ``Congo, Democratic Republic of the``, ``Bahamas, The``) and
region labels (``Region: Crimea``); the UN list uses UN names (``Iran (Islamic Republic of)``,
``Democratic People's Republic of Korea``); the UK list mixes names and demonyms (``Iranian``,
``DPRK``); BIS and trade.gov use ISO codes, sometimes wrong (``PRC``). :func:`to_iso2` turns all of
them into upper-case ISO 3166-1 alpha-2 codes, using pycountry's ISO 3166 data plus the
aliases below.

Conventions (documented in docs/list-formats.md):

- A region inside one country resolves to that country (``Region: Crimea`` and ``Crimea region
  of Ukraine`` give ``UA``; ``West Bank``, ``Gaza`` and ``Palestinian`` give ``PS``).
- A region that is not within one country, a historic country, or an ambiguous label returns
  None (``Region: Jammu and Kashmir``, ``Yugoslavia``, ``Netherlands Antilles``, ``Korea``,
  ``Congolese``).
- Kosovo is ``XK``, the user-assigned code that the EU, the UK and OFAC's own XML use; ISO
  3166-1 has not assigned one.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pycountry
from anyascii import anyascii

__all__ = ["country_name", "to_iso2"]

# Codes outside ISO 3166-1 proper that the lists use for real places.
_EXTRA_CODES: dict[str, str] = {"XK": "Kosovo"}

# Spellings pycountry does not know, in normalized form (see _key). None marks a label that is
# deliberately not a country, so that no later rule guesses one for it.
_ALIASES: dict[str, str | None] = {
    # Sanctions-relevant short names and the lists' own spellings.
    "iran": "IR",
    "persia": "IR",
    "north korea": "KP",
    "dprk": "KP",
    "democratic peoples republic of korea": "KP",
    "south korea": "KR",
    "republic of korea": "KR",
    "korea": None,  # ambiguous
    "burma": "MM",
    "syria": "SY",
    "russia": "RU",
    "venezuela": "VE",
    "palestinian": "PS",
    "palestinians": "PS",
    "palestine": "PS",
    "palestinian territories": "PS",
    "palestinian territory": "PS",
    "occupied palestinian territory": "PS",
    "occupied palestinian territories": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "gaza strip": "PS",
    "north gaza": "PS",
    "northern gaza": "PS",
    "crimea": "UA",
    "crimea region of ukraine": "UA",
    "the crimea region of ukraine": "UA",
    "northern mali": "ML",
    "jammu and kashmir": None,  # disputed between India and Pakistan
    "kashmir": None,
    "kafia kingi": None,  # disputed between Sudan and South Sudan
    "abyei": None,
    "commonwealth of independent states": None,
    "cis": None,
    "europe": None,
    "middle east": None,
    "undetermined": None,
    "unknown": None,
    "stateless": None,
    "laos": "LA",
    "lao pdr": "LA",
    "vietnam": "VN",
    "tanzania": "TZ",
    "bolivia": "BO",
    "moldova": "MD",
    "macedonia": "MK",
    "north macedonia": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "cote d ivoire": "CI",
    "cote divoire": "CI",
    "ivory coast": "CI",
    "czech republic": "CZ",
    "slovak republic": "SK",
    "kyrgyz republic": "KG",
    "turkey": "TR",
    "turkiye": "TR",
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united kingdom": "GB",
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "america": "US",
    "uae": "AE",
    "u a e": "AE",
    "emirates": "AE",
    "kosovo": "XK",
    "taiwan": "TW",
    "chinese taipei": "TW",
    "prc": "CN",
    "peoples republic of china": "CN",
    "mainland china": "CN",
    "hong kong": "HK",
    "hong kong sar": "HK",
    "macau": "MO",
    "macao": "MO",
    "brunei": "BN",
    "cape verde": "CV",
    "swaziland": "SZ",
    "east timor": "TL",
    "vatican": "VA",
    "vatican city": "VA",
    "micronesia": "FM",
    "gambia": "GM",
    "bahamas": "BS",
    "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD",
    "congo democratic republic": "CD",
    "drc": "CD",
    "dr congo": "CD",
    "congo kinshasa": "CD",
    "republic of congo": "CG",
    "congo brazzaville": "CG",
    "libyan arab jamahiriya": "LY",
    "holland": "NL",
    "the netherlands": "NL",
    "st kitts and nevis": "KN",
    "st vincent and the grenadines": "VC",
    "st lucia": "LC",
    "sao tome and principe": "ST",
    "curacao": "CW",
    # Historic states: no current code fits, so the lists' text stays the only record.
    "yugoslavia": None,
    "federal republic of yugoslavia": None,
    "serbia and montenegro": None,
    "soviet union": None,
    "ussr": None,
    "czechoslovakia": None,
    "netherlands antilles": None,
    # Demonyms (UK, EU and UN nationality fields), common in sanctions lists.
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "angolan": "AO",
    "argentine": "AR",
    "argentinian": "AR",
    "armenian": "AM",
    "australian": "AU",
    "austrian": "AT",
    "azerbaijani": "AZ",
    "bahraini": "BH",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belarussian": "BY",
    "belgian": "BE",
    "bosnian": "BA",
    "brazilian": "BR",
    "british": "GB",
    "bulgarian": "BG",
    "burmese": "MM",
    "burundian": "BI",
    "cambodian": "KH",
    "cameroonian": "CM",
    "canadian": "CA",
    "central african": "CF",
    "chadian": "TD",
    "chilean": "CL",
    "chinese": "CN",
    "colombian": "CO",
    "congolese": None,  # either Congo
    "croatian": "HR",
    "cuban": "CU",
    "cypriot": "CY",
    "czech": "CZ",
    "danish": "DK",
    "djiboutian": "DJ",
    "dominican": None,  # Dominica or the Dominican Republic
    "dutch": "NL",
    "ecuadorian": "EC",
    "egyptian": "EG",
    "emirati": "AE",
    "eritrean": "ER",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "finnish": "FI",
    "french": "FR",
    "georgian": "GE",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "guinean": None,  # Guinea, Guinea-Bissau, Equatorial Guinea
    "haitian": "HT",
    "honduran": "HN",
    "hungarian": "HU",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "ivorian": "CI",
    "jamaican": "JM",
    "japanese": "JP",
    "jordanian": "JO",
    "kazakh": "KZ",
    "kazakhstani": "KZ",
    "kenyan": "KE",
    "kosovar": "XK",
    "kuwaiti": "KW",
    "kyrgyz": "KG",
    "lao": "LA",
    "laotian": "LA",
    "latvian": "LV",
    "lebanese": "LB",
    "liberian": "LR",
    "libyan": "LY",
    "lithuanian": "LT",
    "malaysian": "MY",
    "malian": "ML",
    "maltese": "MT",
    "mauritanian": "MR",
    "mexican": "MX",
    "moldovan": "MD",
    "mongolian": "MN",
    "montenegrin": "ME",
    "moroccan": "MA",
    "mozambican": "MZ",
    "nicaraguan": "NI",
    "nigerian": "NG",
    "nigerien": "NE",
    "north korean": "KP",
    "norwegian": "NO",
    "omani": "OM",
    "pakistani": "PK",
    "panamanian": "PA",
    "paraguayan": "PY",
    "peruvian": "PE",
    "polish": "PL",
    "portuguese": "PT",
    "qatari": "QA",
    "romanian": "RO",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "saudi arabian": "SA",
    "senegalese": "SN",
    "serbian": "RS",
    "sierra leonean": "SL",
    "singaporean": "SG",
    "slovak": "SK",
    "slovenian": "SI",
    "somali": "SO",
    "south african": "ZA",
    "south korean": "KR",
    "south sudanese": "SS",
    "spanish": "ES",
    "sri lankan": "LK",
    "sudanese": "SD",
    "swedish": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "taiwanese": "TW",
    "tajik": "TJ",
    "tajikistani": "TJ",
    "tanzanian": "TZ",
    "thai": "TH",
    "tunisian": "TN",
    "turkish": "TR",
    "turkmen": "TM",
    "ugandan": "UG",
    "ukrainian": "UA",
    "uruguayan": "UY",
    "uzbek": "UZ",
    "uzbekistani": "UZ",
    "venezuelan": "VE",
    "vietnamese": "VN",
    "yemeni": "YE",
    "zambian": "ZM",
    "zimbabwean": "ZW",
}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PAREN = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<inner>[^()]*)\)\s*$")
_REGION = re.compile(r"^\s*region\s*:\s*", re.IGNORECASE)
_SAINT = re.compile(r"^st\s")


def _key(text: str) -> str:
    """Lower-case ASCII words only: accents, apostrophes and punctuation do not matter."""
    k = _NON_ALNUM.sub(" ", anyascii(text).lower()).strip()
    k = _SAINT.sub("saint ", k)
    return k.removeprefix("the ")


def _inverted(text: str) -> str | None:
    """``Korea, North`` -> ``North Korea``; ``Congo, Democratic Republic of the`` -> ..."""
    if "," not in text:
        return None
    head, _, tail = text.partition(",")
    if not head.strip() or not tail.strip():
        return None
    return f"{tail.strip()} {head.strip()}"


@cache
def _index() -> dict[str, str]:
    """Every pycountry name form (and its inversion) -> alpha-2; built on first use."""
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            index.setdefault(_key(value), c.alpha_2)
            inv = _inverted(value)
            if inv:
                index.setdefault(_key(inv), c.alpha_2)
        index.setdefault(c.alpha_3.lower(), c.alpha_2)
    return index


def _lookup(text: str) -> tuple[bool, str | None]:
    """(known, code): ``known`` is False when nothing recognises ``text`` at all."""
    k = _key(text)
    if not k:
        return True, None
    if k in _ALIASES:
        return True, _ALIASES[k]
    code = _index().get(k)
    if code is not None:
        return True, code
    return False, None


@lru_cache(maxsize=8192)
def to_iso2(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code (upper case) for a country name, code or demonym.

    Accepts alpha-2 and alpha-3 codes (any case), English short and official names with or
    without inversion (``Iran, Islamic Republic of``, ``Iran (Islamic Republic of)``), the
    lists' aliases (``Korea, North``, ``DPRK``, ``Burma``, ``Palestinian``), OFAC region labels
    (``Region: Crimea``) and common demonyms. Returns None for anything that is not one
    country (see the module docstring); never raises.
    """
    text = value.strip().strip(".").strip()
    if not text:
        return None
    if len(text) == 2 and text.isascii() and text.isalpha():
        upper = text.upper()
        if upper in _EXTRA_CODES or pycountry.countries.get(alpha_2=upper) is not None:
            return upper
        # Not an assigned code: it may still be an alias such as "UK".
    text = _REGION.sub("", text)
    known, code = _lookup(text)
    if known:
        return code
    # "Iran (Islamic Republic of)" -> "Iran, Islamic Republic of"; "Afghanistan (since 2009)"
    # -> "Afghanistan": the UN and UK put qualifiers in parentheses.
    m = _PAREN.match(text)
    if m:
        head, inner = m.group("head"), m.group("inner")
        for candidate in (f"{head}, {inner}", f"{inner} {head}", head):
            known, code = _lookup(candidate)
            if known:
                return code
    inv = _inverted(text)
    if inv:
        known, code = _lookup(inv)
        if known:
            return code
    return None


def country_name(code: str) -> str | None:
    """The English short name for an alpha-2 code (``IR`` -> ``Iran``), or None if unknown.

    Uses pycountry's common name where it has one (``Iran``, ``North Korea``), else its ISO
    short name.
    """
    c = code.strip().upper()
    if c in _EXTRA_CODES:
        return _EXTRA_CODES[c]
    if len(c) != 2:
        return None
    country = pycountry.countries.get(alpha_2=c)
    if country is None:
        return None
    name: str = getattr(country, "common_name", None) or country.name
    return name
