"""Fixtures: hand-made list entries for the seed story, and the real OFAC SDN list."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.model import Address, EntryName, Identifier, ListEntry, NameQuality, Schema
from exportctl.screening import Index, Screener


def entry(
    entity_id: str,
    names: list[str],
    schema: Schema = Schema.ORGANIZATION,
    *,
    weak: tuple[str, ...] = (),
    original: tuple[str, ...] = (),
    **extra: object,
) -> ListEntry:
    """A list entry; the first name is primary, ``weak``/``original`` add aliases."""
    source, native = entity_id.rsplit(":", 1)
    all_names = [EntryName(value=names[0], quality=NameQuality.PRIMARY)]
    all_names += [EntryName(value=n) for n in names[1:]]
    all_names += [EntryName(value=n, quality=NameQuality.WEAK) for n in weak]
    all_names += [EntryName(value=n, quality=NameQuality.ORIGINAL_SCRIPT) for n in original]
    return ListEntry(
        entity_id=entity_id,
        source=source,
        native_id=native,
        schema_=schema,
        names=tuple(all_names),
        **extra,
    )


@pytest.fixture(scope="session")
def arak() -> ListEntry:
    """OFAC SDN 11644 as the 2024 list has it (sdn.csv + alt.csv)."""
    return entry(
        "ofac-sdn:11644",
        [
            "MACHINE SAZI ARAK CO. LTD.",
            "MASHIN SAZI ARAK",
            "MACHINE SAZI ARAK SSA",
            "MACHINE SAZI ARAK COMPANY P J S C",
        ],
        weak=("MSA",),
        countries=("IR",),
        addresses=(Address(text="Arak", city="Arak", country="IR"),),
        programs=("IRAN", "NPWMD"),
    )


@pytest.fixture(scope="session")
def tabriz() -> ListEntry:
    """The watch-list entry of ../shared/examples/watchlist-seed.yaml."""
    return entry(
        "watch:partner-alerts:machine-sazi-tabriz",
        ["Machine Sazi Tabriz", "Mashin Sazi Tabriz", "Tabriz Machine Manufacturing Company"],
        original=("ماشین سازی تبریز",),
        countries=("IR",),
    )


@pytest.fixture(scope="session")
def others() -> list[ListEntry]:
    return [
        entry(
            "un:IQi.001",
            ["SADDAM HUSSEIN AL-TIKRITI", "Abu Ali"],
            Schema.PERSON,
            original=("صدام حسين التكريتي",),
            birth_dates=("1937-04-28",),
            nationalities=("IQ",),
        ),
        entry(
            "ofac-sdn:9999",
            ["HUSSEIN, Saddam"],
            Schema.PERSON,
            birth_dates=("1937",),
            identifiers=(Identifier(type="Passport", value="A-123 456"),),
        ),
        entry(
            "ofac-sdn:1001",
            ["SHAHR E KORD"],
            Schema.VESSEL,
            identifiers=(Identifier(type="IMO", value="9328039"),),
        ),
        entry("ofac-sdn:1002", ["TABRIZ PETROCHEMICAL COMPANY"], countries=("IR",)),
        entry("ofac-sdn:1003", ["IRAN TRACTOR MANUFACTURING COMPANY"], countries=("IR",)),
        entry("ofac-sdn:1004", ["BANK MELLI IRAN"], countries=("IR",)),
        entry("ofac-sdn:1005", ["BANK SADERAT IRAN"], countries=("IR",)),
        entry("ofac-sdn:1006", ["KIM, Jong Un"], Schema.PERSON, nationalities=("KP",)),
        entry("ofac-sdn:1007", ["PUTIN, Vladimir Vladimirovich"], Schema.PERSON),
        entry("csl:2001", ["Roundtable Trading LLC"], Schema.UNKNOWN),
    ]


@pytest.fixture(scope="session")
def entries(arak: ListEntry, tabriz: ListEntry, others: list[ListEntry]) -> list[ListEntry]:
    return [arak, tabriz, *others]


@pytest.fixture(scope="session")
def index(entries: list[ListEntry]) -> Index:
    return Index.build(entries)


@pytest.fixture(scope="session")
def screener(index: Index) -> Screener:
    return Screener(index)


@pytest.fixture(scope="session")
def ofac_sdn(shared_lists: Path) -> list[ListEntry]:
    """The staged OFAC SDN list, parsed by the project's own parser."""
    from exportctl.lists.fetch import find_in_mirror
    from exportctl.lists.formats.ofac_legacy import OFAC_SDN
    from exportctl.lists.sources import source_by_name

    files = find_in_mirror(source_by_name("ofac-sdn"), shared_lists)
    assert files, "OFAC SDN files not found in the shared lists"
    return list(OFAC_SDN.parse(files, source="ofac-sdn").entries)


@pytest.fixture(scope="session")
def watch_seed(shared_examples: Path) -> list[ListEntry]:
    from exportctl.lists.formats.watchlist import WATCHLIST

    return list(WATCHLIST.parse([shared_examples / "watchlist-seed.yaml"]).entries)
