"""The registry of official list sources: where each is published and in which format.

``lists update`` fetches every source here (or the ones named in EXPORTCTL_SOURCES). With
``--from DIR`` the same file names are looked up in a local mirror folder instead.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SOURCES", "OfficialSource", "SourceFile", "source_by_name"]


@dataclass(frozen=True)
class SourceFile:
    """One file of a source. ``pattern`` matches the file's name in a mirror folder."""

    url: str
    filename: str
    pattern: str
    required: bool = True


_MB = 1024 * 1024


@dataclass(frozen=True)
class OfficialSource:
    name: str
    format: str
    title: str
    publisher: str
    files: tuple[SourceFile, ...]
    #: The largest download accepted per file, after decompression: a few times the size of
    #: the biggest real file (EXPORTCTL_DOWNLOAD_LIMITS overrides it).
    max_bytes: int = 64 * _MB


_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"

SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource(
        "ofac-sdn",
        "ofac-legacy",
        "OFAC Specially Designated Nationals and Blocked Persons List (legacy CSV)",
        "US Treasury, Office of Foreign Assets Control",
        (
            SourceFile(f"{_OFAC}/SDN.CSV", "sdn.csv", "sdn.csv"),
            SourceFile(f"{_OFAC}/ADD.CSV", "add.csv", "add.csv", required=False),
            SourceFile(f"{_OFAC}/ALT.CSV", "alt.csv", "alt.csv", required=False),
            SourceFile(f"{_OFAC}/SDN_COMMENTS.CSV", "sdn_comments.csv", "sdn_comments.csv", False),
        ),
        max_bytes=64 * _MB,
    ),
    OfficialSource(
        "ofac-cons",
        "ofac-cons",
        "OFAC Consolidated (non-SDN) Sanctions List (legacy CSV)",
        "US Treasury, Office of Foreign Assets Control",
        (
            SourceFile(f"{_OFAC}/CONS_PRIM.CSV", "cons_prim.csv", "cons_prim.csv"),
            SourceFile(f"{_OFAC}/CONS_ADD.CSV", "cons_add.csv", "cons_add.csv", required=False),
            SourceFile(f"{_OFAC}/CONS_ALT.CSV", "cons_alt.csv", "cons_alt.csv", required=False),
            SourceFile(
                f"{_OFAC}/CONS_COMMENTS.CSV", "cons_comments.csv", "cons_comments.csv", False
            ),
        ),
        max_bytes=16 * _MB,
    ),
    OfficialSource(
        "un",
        "un-xml",
        "UN Security Council Consolidated List",
        "United Nations Security Council",
        (
            SourceFile(
                "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
                "consolidated.xml",
                "consolidated*.xml",
            ),
        ),
        max_bytes=32 * _MB,
    ),
    OfficialSource(
        "csl",
        "csl",
        "US Consolidated Screening List (Commerce, State, Treasury)",
        "International Trade Administration, US Department of Commerce",
        (
            SourceFile(
                "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
                "consolidated.csv",
                "consolidated*.csv",
            ),
        ),
        max_bytes=128 * _MB,
    ),
    OfficialSource(
        "bis-dpl",
        "bis-dpl",
        "BIS Denied Persons List",
        "US Department of Commerce, Bureau of Industry and Security",
        (SourceFile("https://www.bis.doc.gov/dpl/dpl.txt", "dpl.txt", "dpl*.txt"),),
        max_bytes=8 * _MB,
    ),
    OfficialSource(
        "eu",
        "eu-fsf",
        "EU Financial Sanctions Files (consolidated list, XML 1.1)",
        "European Commission (FISMA)",
        (
            SourceFile(
                "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
                "content?token=dG9rZW4tMjAxNw",
                "eu_fsf.xml",
                "*fsf*.xml",
            ),
        ),
        max_bytes=256 * _MB,
    ),
    OfficialSource(
        "uk-sl",
        "uk-sanctions-list",
        "UK Sanctions List (FCDO, XML): the UK's single list of designations since 2026",
        "UK Foreign, Commonwealth & Development Office",
        (
            SourceFile(
                "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
                "UK-Sanctions-List.xml",
                "uk*sanctions*list*.xml",
            ),
        ),
        max_bytes=64 * _MB,
    ),
    OfficialSource(
        "uk",
        "uk-hmt",
        "UK HM Treasury / OFSI Consolidated List of Financial Sanctions Targets (CSV)",
        "HM Treasury, Office of Financial Sanctions Implementation",
        (
            SourceFile(
                "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
                "ConList.csv",
                "*conlist*.csv",
            ),
        ),
        max_bytes=64 * _MB,
    ),
)


def source_by_name(name: str) -> OfficialSource:
    from exportctl.errors import NotFound

    for s in SOURCES:
        if s.name == name:
            return s
    raise NotFound(
        f"unknown source {name!r} (known: {', '.join(s.name for s in SOURCES)})",
        code="source_not_found",
    )
