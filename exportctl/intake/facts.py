"""Small facts named in alert prose: control regimes, services asked for, end-use concerns.

Each is a vocabulary of patterns mapped to a canonical value; the values are stable strings the
rest of exportctl uses (``wassenaar`` is the classification regime name, ``repair`` and
``technicians`` read as repair and technical-assistance activities in a transaction).
"""

from __future__ import annotations

import re

__all__ = ["CONCERNS", "REGIMES", "SERVICES", "concerns_in", "regimes_in", "services_in"]

#: Control regimes and treaties: (canonical value, pattern).
REGIMES: tuple[tuple[str, str], ...] = (
    ("wassenaar", r"Wassenaar(?:\s+Arrangement)?"),
    ("mtcr", r"Missile\s+Technology\s+Control\s+Regime|MTCR"),
    ("nsg", r"Nuclear\s+Suppliers\s+Group|NSG"),
    ("australia_group", r"Australia\s+Group"),
    ("cwc", r"Chemical\s+Weapons\s+Convention|CWC"),
    ("zangger", r"Zangger\s+Committee"),
)

#: Services around goods: (canonical value, pattern).
SERVICES: tuple[tuple[str, str], ...] = (
    ("technicians", r"technicians?|(?:service|field)\s+engineers?|send\s+(?:its\s+)?engineers"
     r"|engineers?\s+(?:to|could|would|will|should)\s+(?:travel|visit|come|go)"),
    ("repair", r"repair(?:s|ed|ing)?"),
    ("replacement parts", r"(?:replacement|spare)\s+parts?|spares|replac(?:e|es|ed|ing|ement)"),
    ("installation", r"install(?:ation|ing|ed|s)?|commissioning"),
    ("training", r"training|train\s+(?:its\s+|their\s+)?(?:operators|staff|personnel|engineers)"),
    ("maintenance", r"maintenance|servicing|overhaul(?:s|ed|ing)?"),
    ("technical assistance", r"technical\s+(?:assistance|support)|know[- ]how|on[- ]site\s+help"),
    ("software", r"software(?:\s+(?:updates?|upgrades?|licen[cs]es?))?"),
    ("calibration", r"calibrat(?:e|ion|ing)"),
)  # fmt: skip

#: End uses of concern: (canonical value, pattern). Order is the output order.
CONCERNS: tuple[tuple[str, str], ...] = (
    ("nuclear", r"nuclear|uranium|enrichment|centrifuges?|plutonium"),
    ("missile", r"(?:ballistic\s+)?missiles?|rocket(?:s|ry)?|space\s+launch"),
    ("chemical", r"chemical\s+weapons?|nerve\s+agents?"),
    ("biological", r"biological\s+weapons?|bioweapons?"),
    ("uav", r"UAVs?|unmanned\s+aerial\s+vehicles?|drones?"),
    ("military", r"military|armed\s+forces|defen[cs]e\s+(?:industry|industries|sector)"),
    ("wmd", r"weapons\s+of\s+mass\s+destruction|WMD"),
)

_REGIME_RES = [(v, re.compile(rf"\b(?:{p})\b")) for v, p in REGIMES]
_SERVICE_RES = [(v, re.compile(rf"\b(?:{p})\b", re.I)) for v, p in SERVICES]
# Concern words are case-insensitive except acronyms, which must be upper case.
_CONCERN_RES = [
    (v, re.compile(rf"\b(?:{p})\b", 0 if v in ("uav", "wmd") else re.I)) for v, p in CONCERNS
]
_ANY_REGIME_RE = re.compile("|".join(rf"\b(?:{p})\b" for _, p in REGIMES), re.I)


def regimes_in(text: str) -> list[str]:
    """Control regimes named in ``text``, in order of first mention."""
    hits = sorted((m.start(), v) for v, rx in _REGIME_RES for m in [rx.search(text)] if m)
    return list(dict.fromkeys(v for _, v in hits))


def services_in(text: str) -> list[str]:
    """Services named in ``text`` (technicians, repair, replacement parts, ...), in order of
    first mention."""
    hits = sorted((m.start(), v) for v, rx in _SERVICE_RES for m in [rx.search(text)] if m)
    return list(dict.fromkeys(v for _, v in hits))


def concerns_in(text: str) -> list[str]:
    """End uses of concern named in ``text``, in :data:`CONCERNS` order.

    Regime names are blanked first: "Missile Technology Control Regime" and "Nuclear
    Suppliers Group" name regimes, not end uses.
    """
    blanked = _ANY_REGIME_RE.sub(" ", text)
    return [v for v, rx in _CONCERN_RES if rx.search(blanked)]
