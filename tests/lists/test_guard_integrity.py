"""The shrink guard and the publishers' integrity signals, on their own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from exportctl.errors import Conflict, InvalidInput
from exportctl.lists.guard import ListStats, check_shrink, shrink_problems
from exportctl.lists.integrity import check_files, missing_optional
from exportctl.lists.sources import source_by_name

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
OLD = ListStats(entries=1000, names=3000, aliases=1500, addresses=800)


@pytest.mark.parametrize(
    ("new", "problem"),
    [
        (ListStats(899, 3000, 1500, 800), "entries 1,000 -> 899 (-10.1 %)"),
        (ListStats(1000, 2000, 500, 800), "names 3,000 -> 2,000 (-33.3 %)"),
        (ListStats(1000, 3000, 0, 800), "every one of the 1,500 aliases is gone"),
        (ListStats(1000, 3000, 1500, 0), "every one of the 800 addresses is gone"),
    ],
)
def test_shrinks_beyond_the_limit_are_named(new: ListStats, problem: str) -> None:
    assert problem in shrink_problems(OLD, new, 0.10)
    with pytest.raises(Conflict) as err:
        check_shrink("ofac-sdn", OLD, new, threshold=0.10, accept=False)
    assert err.value.code == "list_shrink" and problem in err.value.detail
    assert check_shrink("ofac-sdn", OLD, new, threshold=0.10, accept=True) == "; ".join(
        shrink_problems(OLD, new, 0.10)
    )


def test_small_changes_growth_and_first_loads_pass() -> None:
    assert shrink_problems(OLD, ListStats(901, 2701, 1, 1), 0.10) == []
    assert shrink_problems(OLD, ListStats(5000, 9000, 4000, 900), 0.10) == []
    assert check_shrink("x", None, ListStats(1, 1, 0, 0), threshold=0.1, accept=False) is None
    # a list under 20 entries may lose a share, not a whole category
    small = ListStats(5, 10, 5, 5)
    assert shrink_problems(small, ListStats(2, 4, 2, 2), 0.10) == []
    assert shrink_problems(small, ListStats(5, 5, 0, 5), 0.10)
    # the threshold is configurable
    assert shrink_problems(OLD, ListStats(700, 3000, 1500, 800), 0.5) == []


def test_ofac_files_need_their_end_of_file_marker(tmp_path: Path) -> None:
    shutil.copytree(FIX / "ofac_sdn", tmp_path, dirs_exist_ok=True)
    files = sorted(tmp_path.iterdir())
    assert check_files("ofac-legacy", files, allow_partial=False) == []
    alt = tmp_path / "alt.csv"
    alt.write_bytes(alt.read_bytes().rstrip(b"\x1a"))
    with pytest.raises(InvalidInput) as err:
        check_files("ofac-legacy", files, allow_partial=False)
    assert err.value.code == "list_truncated" and "alt.csv" in err.value.detail
    warnings = check_files("ofac-legacy", files, allow_partial=True)
    assert "alt.csv" in warnings[0] and "--allow-partial" in warnings[0]
    # comments files of older editions lack the marker: a warning only
    alt.write_bytes(alt.read_bytes() + b"\x1a")
    comments = tmp_path / "sdn_comments.csv"
    comments.write_bytes(b'1003,"x"\r\n')
    assert "sdn_comments.csv" in check_files("ofac-legacy", files, allow_partial=False)[0]


def test_xml_needs_its_closing_root_element(tmp_path: Path) -> None:
    xml = (FIX / "un" / "consolidated.xml").read_bytes()
    good, cut = tmp_path / "good.xml", tmp_path / "cut.xml"
    good.write_bytes(xml)
    cut.write_bytes(xml[: xml.rindex(b"</INDIVIDUALS>")])
    assert check_files("un-xml", [good], allow_partial=False) == []
    with pytest.raises(InvalidInput, match="no closing </CONSOLIDATED_LIST>"):
        check_files("un-xml", [cut], allow_partial=False)


def test_csl_json_stated_total_is_checked(tmp_path: Path) -> None:
    doc = json.loads((FIX / "csl_json" / "consolidated.json").read_text(encoding="utf-8"))
    doc["results"] = doc["results"][:-1]
    path = tmp_path / "consolidated.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"states \d+ results but holds"):
        check_files("csl", [path], allow_partial=False)


def test_missing_optional_files_are_named() -> None:
    sdn = source_by_name("ofac-sdn")
    have = [Path("sdn.csv"), Path("add.csv"), Path("sdn_comments.csv")]
    (warning,) = missing_optional(sdn, have)
    assert "alt.csv is missing" in warning
    assert missing_optional(source_by_name("un"), [Path("consolidated.xml")]) == []
