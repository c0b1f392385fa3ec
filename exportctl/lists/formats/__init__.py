"""One module per official list format; ``FORMATS`` is the detection order."""

from __future__ import annotations

from exportctl.lists.formats.base import ListFormat, ParsedList
from exportctl.lists.formats.bis_dpl import BIS_DPL
from exportctl.lists.formats.csl import CSL, CSL_PARTIAL
from exportctl.lists.formats.eu_fsf import EU_FSF
from exportctl.lists.formats.ftm import FTM
from exportctl.lists.formats.ofac_legacy import OFAC_CONS, OFAC_SDN
from exportctl.lists.formats.uk_hmt import UK_HMT
from exportctl.lists.formats.uk_sanctions_list import UK_SANCTIONS_LIST
from exportctl.lists.formats.un_xml import UN_XML
from exportctl.lists.formats.watchlist import WATCHLIST

__all__ = ["FORMATS", "ListFormat", "ParsedList", "format_by_name"]

# One instance per format, most specific first: detection stops at the first format whose
# ``detect`` accepts the files. cons_*.csv before the SDN set (whose detector also accepts one
# headerless CSV by content); the CSL and FtM headers before the watch-list CSV/YAML, which
# are the most permissive. ``csl-partial`` never detects; it is chosen by name only.
FORMATS: tuple[ListFormat, ...] = (
    OFAC_CONS,
    OFAC_SDN,
    UN_XML,
    EU_FSF,
    UK_SANCTIONS_LIST,
    CSL,
    BIS_DPL,
    UK_HMT,
    FTM,
    WATCHLIST,
    CSL_PARTIAL,
)


def format_by_name(name: str) -> ListFormat:
    from exportctl.errors import InvalidInput

    for f in FORMATS:
        if f.name == name:
            return f
    known = ", ".join(f.name for f in FORMATS)
    raise InvalidInput(f"unknown list format {name!r} (known: {known})", code="unknown_format")
