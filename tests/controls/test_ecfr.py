"""The eCFR XML readers: the layouts they accept and the ones they refuse."""

from __future__ import annotations

from datetime import date

import pytest

from exportctl.controls.ecfr import parse_ecfr
from exportctl.errors import InvalidInput
from tests.controls.helpers import FIXTURES

CHART = (FIXTURES / "ecfr" / "part-738.xml").read_text()


def test_fixture_parts_parse_with_their_issue_date() -> None:
    chart = parse_ecfr(CHART.encode(), "738", "part-738.xml")
    assert chart.issued == date(2026, 7, 23)
    assert chart.payload["countries"]["Russia"][:3] == ["CB 1", "CB 2", "CB 3"]  # "Russia 6"
    assert chart.payload["embargoed"] == ["Iran", "Korea, North"]
    assert chart.payload["aliases"]["hong kong"] == "China"


def test_ccl_entry_code_in_bold_and_gpo_table_rows() -> None:
    xml = """<ECFR><DIV9 N="Supplement No. 1 to Part 774" TYPE="APPENDIX">
      <P><B>2B201</B> Machine tools, other than those controlled by 2B001.</P>
      <P><I>Reason for Control:</I> NP, AT</P>
      <GPOTABLE><BOXHD><CHED>Control(s)</CHED><CHED>Country chart</CHED></BOXHD>
        <ROW><ENT>NP applies to entire entry</ENT><ENT>NP Column 1</ENT></ROW>
        <ROW><ENT>AT applies to entire entry</ENT><ENT>AT Column 1</ENT></ROW>
      </GPOTABLE>
      <P><I>Related Controls:</I> See also 2B001.</P>
      <P><I>Items:</I></P>
      <P>a. Machine tools for milling;</P>
    </DIV9></ECFR>"""
    ccl = parse_ecfr(xml.encode(), "774", "x.xml")
    entry = ccl.payload["entries"]["2B201"]
    assert entry["heading"] == "Machine tools, other than those controlled by 2B001."
    assert entry["reasons"] == ["NP", "AT"]
    assert [r["text"] for r in entry["chart"]] == ["NP Column 1", "AT Column 1"]
    assert entry["related_controls"] == "See also 2B001."
    assert entry["items"] == "a. Machine tools for milling;"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("<TD>X</TD><TD/>", "<TD>X</TD>"), r"cells for 16 columns"),
        (("<TR><TD>Germany</TD><TD>X</TD>", "<TR><TD>Germany</TD><TD>Y</TD>"), r"not X"),
        (('N="Supplement No. 1 to Part 738"', 'N="Supplement No. 2 to Part 738"'), r"no <DIV9"),
        (("<TH>CB 1</TH>", "<TH>CB 9</TH>"), r"column layout changed"),
    ],
)
def test_chart_layouts_refused(change: tuple[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_ecfr(CHART.replace(*change, 1).encode(), "738", "part-738.xml")
