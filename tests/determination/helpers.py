"""Builders for determination tests: item and party-hit presets, transactions from short dicts.

Presets stand in for what classification and screening return, so the scenario tables read
like the legal text ("a 5-axis 2B001 machine", "a watch-listed end user") and stay independent
of those packages' progress.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from exportctl.determination import (
    ControlRef,
    ItemChecks,
    ItemControls,
    PartyChecks,
    PartyHit,
    parse_transaction,
)
from exportctl.model.determination import Transaction

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
FIXTURES = HERE / "fixtures"

C_2B001 = ControlRef(
    regime="wassenaar",
    code="2B001.b.2.b",
    reasons_for_control=("NS2", "NP1", "AT1"),
    citation="Wassenaar 2.B.1.b.2.b",
    jurisdiction_code={"eu": "2B001.b.2.b", "us": "2B001.b.2.b"},
)
C_2B201 = ControlRef(
    regime="nsg",
    code="2B201.a",
    reasons_for_control=("NP1", "AT1"),
    citation="NSG Part 2 1.B.2",
    jurisdiction_code={"eu": "2B201.a", "us": "2B201.a"},
)
C_2B991 = ControlRef(regime="us", code="2B991.d", reasons_for_control=("AT1",), citation="CCL")
C_2B008 = ControlRef(
    regime="wassenaar", code="2B008.d", reasons_for_control=("NS2", "AT1"), citation="WA 2.B.8"
)
C_0B001 = ControlRef(
    regime="nsg", code="0B001.b", reasons_for_control=("NP1", "AT1"), citation="NSG Part 1"
)
C_9A012 = ControlRef(
    regime="mtcr", code="9A012.a", reasons_for_control=("NS1", "MT1", "RS2", "AT1"), citation="MTCR"
)
C_3A001 = ControlRef(
    regime="wassenaar", code="3A001.a.1", reasons_for_control=("NS2", "AT1"), citation="WA 3.A.1"
)

# preset -> (item spec without id, controls, classified)
ITEM_PRESETS: dict[str, tuple[dict[str, Any], tuple[ControlRef, ...], bool]] = {
    "five_axis": (
        {"description": "5-axis machining center", "category": "machine_tool"},
        (C_2B001, C_2B201),
        True,
    ),
    "three_axis": (
        {"description": "3-axis machining center", "category": "machine_tool"},
        (C_2B991,),
        True,
    ),
    "spindle": (
        {"description": "replacement spindle", "category": "machine_tool_part"},
        (),
        True,
    ),
    "tilting_spindle": (
        {"description": "tilting spindle", "category": "machine_tool_part"},
        (C_2B008,),
        True,
    ),
    "isostatic_press": (
        {"description": "nuclear-grade equipment", "category": "other"},
        (C_0B001,),
        True,
    ),
    "uav": ({"description": "UAV airframe", "category": "other"}, (C_9A012,), True),
    "ic": ({"description": "radiation-hardened IC", "category": "other"}, (C_3A001,), True),
    "unlisted": ({"description": "office chair", "category": "other"}, (), True),
    "unclassified": ({"description": "mystery part", "category": "other"}, (), False),
}

HIT_PRESETS: dict[str, dict[str, Any]] = {
    "watch_mst": {
        "entity_id": "watch:partner-alerts:machine-sazi-tabriz",
        "source": "watch:partner-alerts",
        "name": "Machine Sazi Tabriz",
        "decision": "match",
        "end_use_concerns": ("nuclear", "missile"),
        "reference": "09STATE124113 (2009-12-03)",
        "reason": "Likely supplies machine tools to Iran's nuclear and missile programmes.",
    },
    "watch_military": {
        "entity_id": "watch:partner-alerts:army-workshop",
        "source": "watch:partner-alerts",
        "name": "Army Workshop",
        "decision": "match",
        "end_use_concerns": ("military",),
        "reference": "internal note 7",
        "reason": "Maintains military vehicles.",
    },
    "watch_plain": {
        "entity_id": "watch:partner-alerts:slow-payer",
        "source": "watch:partner-alerts",
        "name": "Slow Payer Ltd",
        "decision": "match",
        "reference": "credit note",
        "reason": "Disputed invoices.",
    },
    "review_hit": {
        "entity_id": "ofac-sdn:11644",
        "source": "ofac-sdn",
        "name": "MACHINE SAZI ARAK CO. LTD.",
        "decision": "review",
        "score": 0.62,
        "programs": ("NPWMD", "IFSR"),
        "list_types": ("SDN",),
    },
    "sdn": {
        "entity_id": "ofac-sdn:11644",
        "source": "ofac-sdn",
        "name": "MACHINE SAZI ARAK CO. LTD.",
        "decision": "match",
        "programs": ("NPWMD", "IFSR"),
        "list_types": ("SDN",),
    },
    "entity_list": {
        "entity_id": "csl:entity-list-x",
        "source": "csl",
        "name": "X Trading",
        "decision": "match",
        "list_types": ("Entity List (EL) - Bureau of Industry and Security",),
    },
    "un": {
        "entity_id": "un:IRe.001",
        "source": "un",
        "name": "Listed Entity",
        "decision": "match",
        "programs": ("IRN",),
    },
    "eu_iran": {
        "entity_id": "eu:EU.1.1",
        "source": "eu",
        "name": "EU Listed Iranian Bank",
        "decision": "match",
        "programs": ("IRN",),
    },
    "dpl": {
        "entity_id": "bis-dpl:denied-1",
        "source": "bis-dpl",
        "name": "Denied Trader",
        "decision": "match",
        "list_types": ("Denied Persons List",),
    },
    "meu": {
        "entity_id": "csl:meu-1",
        "source": "csl",
        "name": "Aviation Plant 1",
        "decision": "match",
        "list_types": ("Military End User (MEU) List - Bureau of Industry and Security",),
    },
    "uvl": {
        "entity_id": "csl:uvl-1",
        "source": "csl",
        "name": "Unverified Importer",
        "decision": "match",
        "list_types": ("Unverified List (UVL) - Bureau of Industry and Security",),
    },
    "non_sdn": {
        "entity_id": "ofac-cons:9999",
        "source": "ofac-cons",
        "name": "Sectoral Bank",
        "decision": "match",
        "list_types": ("SSI",),
        "programs": ("UKRAINE-EO13662",),
    },
    "eu_other": {
        "entity_id": "eu:EU.2.2",
        "source": "eu",
        "name": "EU Listed Company",
        "decision": "match",
        "programs": ("RUS",),
    },
    "tw_entity": {
        "entity_id": "tw-entity:42",
        "source": "tw-entity",
        "name": "Front Company",
        "decision": "match",
    },
}


def build_transaction(data: Mapping[str, Any]) -> Transaction:
    """A transaction from a short dict: defaults for what a scenario does not care about."""
    raw: dict[str, Any] = {
        "id": "T-1",
        "date": "2024-06-01",
        "exporter": {"name": "Exporter", "country": "TW"},
        "parties": [{"role": "end_user", "name": "End User", "country": "IR"}],
        "destination": "IR",
    }
    raw.update(dict(data))
    if raw.get("answers") == "clean":
        raw["answers"] = dict(CLEAN_ANSWERS)
    items: dict[str, Any] = {}
    for key, ref in dict(raw.get("items") or {}).items():
        preset, extra = (ref, {}) if isinstance(ref, str) else (ref["preset"], dict(ref))
        extra.pop("preset", None)
        spec = dict(ITEM_PRESETS[preset][0])
        spec.update(extra)
        items[key] = spec
    raw["items"] = items
    return parse_transaction(raw, source="scenario")


def build_items(tx: Transaction, presets: Mapping[str, Any]) -> ItemChecks:
    """ItemControls for each transaction item from the scenario's ``items`` presets."""
    out = []
    for key, ref in presets.items():
        name = ref if isinstance(ref, str) else ref["preset"]
        spec, controls, classified = ITEM_PRESETS[name]
        part_of = tx.items[key].part_of
        out.append(
            ItemControls(
                item_id=key,
                classified=classified,
                controls=controls,
                part_of=str(part_of) if part_of else None,
                category=str(spec.get("category")),
                review_notes=() if classified else ("axis count unknown",),
            )
        )
    return ItemChecks.of(out)


def build_parties(tx: Transaction, hits: list[Any] | None, screened: bool = True) -> PartyChecks:
    """PartyChecks from hit presets (``{party: 0, preset: watch_mst}`` or a preset name)."""
    out = []
    for h in hits or []:
        party, name = (0, h) if isinstance(h, str) else (int(h.get("party", 0)), h["preset"])
        out.append(PartyHit(party=party, **HIT_PRESETS[name]))
    return PartyChecks(hits=tuple(out), screened=tuple(range(len(tx.parties))) if screened else ())


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    """Every scenario case of every table, as (table:name, case)."""
    cases = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in table["cases"]:
            case.setdefault("jurisdictions", [table["regime"]])
            case.setdefault("check", table["regime"])
            cases.append((f"{path.stem}:{case['name']}", case))
    return cases


# Every red-flag question answered without raising a flag (see regimes/common.yaml).
CLEAN_ANSWERS: dict[str, bool] = {
    "kyc.denied_party_similar": False,
    "kyc.end_use_reluctance": False,
    "kyc.line_of_business": True,
    "kyc.technical_level": True,
    "kyc.cash_for_expensive_item": False,
    "kyc.little_business_background": False,
    "kyc.unfamiliar_with_product": False,
    "kyc.services_declined": False,
    "kyc.vague_delivery": False,
    "kyc.forwarder_final_destination": False,
    "kyc.abnormal_route": False,
    "kyc.packaging_inconsistent": False,
    "kyc.evasive_on_reexport": False,
}
