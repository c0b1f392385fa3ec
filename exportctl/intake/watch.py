"""Watch-list entries for the parties of concern in an alert (``intake --open-case``).

Each party becomes one entry of the ``watch:alerts`` list under a key that is stable (the same
party named in a later alert updates the same entry) and distinct for distinct names: the
name's Latin letters and digits, lower-cased and joined by hyphens (``Machine Sazi Tabriz`` ->
``machine-sazi-tabriz``), plus a short hash of the whole name when it has letters outside the
Latin script, so that two Arabic-script or Cyrillic names never share one key (they would
overwrite each other).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from exportctl.model import EntryName, ListEntry, NameQuality, Schema
from exportctl.model.alert import Alert, AlertRole, ExtractedParty

__all__ = ["ALERTS_WATCHLIST", "CONCERN_ROLES", "watch_entries", "watch_key"]

#: The watch list that ``intake --open-case`` adds parties of concern to.
ALERTS_WATCHLIST = "watch:alerts"
#: Roles whose holder is the subject of concern in an alert (the exporter is the one alerted).
CONCERN_ROLES = frozenset(
    {
        AlertRole.END_USER,
        AlertRole.PURCHASER,
        AlertRole.CONSIGNEE,
        AlertRole.INTERMEDIATE,
        AlertRole.REQUESTER,
    }
)


def watch_key(name: str) -> str:
    """The watch-list key of a party name (see the module docstring)."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    latin = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    other = any(
        ch.isalnum() and not ch.isascii() and unicodedata.category(ch) != "Mn"
        for ch in unicodedata.normalize("NFKD", text)
    )
    if slug and not other:
        return slug
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else f"party-{digest}"


def _concern(parties: Iterable[ExtractedParty]) -> list[ExtractedParty]:
    return [
        p for p in parties if CONCERN_ROLES.intersection(p.roles or ([p.role] if p.role else []))
    ]


def watch_entries(
    alert: Alert, case_id: str, current: Mapping[str, ListEntry]
) -> list[ListEntry] | None:
    """The watch list after adding ``alert``'s parties of concern to ``current``
    (entity id -> entry); None when the alert names no party of concern."""
    concern = _concern(alert.parties)
    if not concern:
        return None
    out = dict(current)
    doc = alert.document
    when = doc.date.isoformat() if doc.date else "undated"
    reference = f"{doc.id or Path(alert.source or '').name} ({when}), case {case_id}"
    reason = (doc.subject or "alert document") + (
        f"; end-use concern: {', '.join(alert.end_use_concerns)}" if alert.end_use_concerns else ""
    )
    for p in concern:
        key = watch_key(p.name)
        names = [EntryName(value=p.name, quality=NameQuality.PRIMARY)]
        names += [EntryName(value=a, quality=NameQuality.STRONG) for a in p.aliases if a != p.name]
        entity_id = f"{ALERTS_WATCHLIST}:{key}"
        out[entity_id] = ListEntry(
            entity_id=entity_id,
            source=ALERTS_WATCHLIST,
            native_id=key,
            schema_=Schema.PERSON if p.schema_ == "Person" else Schema.ORGANIZATION,
            names=tuple(names),
            countries=(p.country,) if p.country else (),
            reason=reason,
            reference=reference,
            end_use_concerns=tuple(alert.end_use_concerns),
        )
    return list(out.values())
