"""Format detection: each fixture folder and file is recognised as its format, others are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportctl.errors import InvalidInput
from exportctl.lists.detect import detect_format, list_files
from exportctl.lists.formats import FORMATS, format_by_name

EXPECTED = {
    "ofac_sdn": "ofac-legacy",
    "ofac_cons": "ofac-cons",
    "un": "un-xml",
    "eu_fsf": "eu-fsf",
    "csl": "csl",
    "csl_json": "csl",
    "bis_dpl": "bis-dpl",
    "uk_hmt_2022": "uk-hmt",
    "uk_hmt_legacy": "uk-hmt",
    "ftm": "ftm",
    "watchlist": "watchlist",
    "watchlist_csv": "watchlist",
}


def test_formats_registry() -> None:
    names = [f.name for f in FORMATS]
    assert names == [
        "ofac-cons",
        "ofac-legacy",
        "un-xml",
        "eu-fsf",
        "uk-sanctions-list",
        "csl",
        "bis-dpl",
        "uk-hmt",
        "ftm",
        "watchlist",
        "csl-partial",
    ]
    assert {f.default_source for f in FORMATS} == {
        "ofac-sdn",
        "ofac-cons",
        "un",
        "eu",
        "csl",
        "bis-dpl",
        "uk",
        "uk-sl",
        "ftm",
        "watch",
    }
    assert format_by_name("csl-partial").name == "csl-partial"


def test_every_fixture_folder_is_detected(fixtures: Path) -> None:
    root = fixtures / "lists"
    assert {p.name for p in root.iterdir() if p.is_dir()} == set(EXPECTED)
    for name, fmt in EXPECTED.items():
        folder = root / name
        assert detect_format(list_files(folder), folder).name == fmt, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_file_alone_is_detected(fixtures: Path, name: str) -> None:
    """A single file is detected as well (the aux files of OFAC only by their names)."""
    for f in list_files(fixtures / "lists" / name):
        assert detect_format([f], f).name == EXPECTED[name], f.name


def test_exactly_one_format_accepts_each_fixture(fixtures: Path) -> None:
    for name, fmt in EXPECTED.items():
        files = list_files(fixtures / "lists" / name)
        accepting = [f.name for f in FORMATS if f.detect(files)]
        assert accepting == [fmt], name


def test_readme_and_checksums_beside_the_data_are_ignored(tmp_path: Path, fixtures: Path) -> None:
    for f in (fixtures / "lists" / "ofac_sdn").iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "README.md").write_text("notes")
    (tmp_path / "SHA256SUMS").write_text("abc  sdn.csv")
    files = list_files(tmp_path)
    fmt = detect_format(files, tmp_path)
    assert fmt.name == "ofac-legacy"
    assert len(fmt.parse(files).entries) == 5


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"hello world\n"),
        ("data.csv", b"a,b,c\n1,2,3\n"),
        ("list.xml", b"<?xml version='1.0'?><root/>"),
        ("list.json", b'{"foo": 1}'),
        ("list.yaml", b"name: x\nitems: []\n"),
        ("empty.csv", b""),
    ],
)
def test_unknown_content_is_not_detected(tmp_path: Path, name: str, content: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(InvalidInput, match="not a known list format"):
        detect_format([f], f)


def test_mixed_folder_is_not_detected(tmp_path: Path, fixtures: Path) -> None:
    for sub, name in (("ofac_sdn", "sdn.csv"), ("ofac_cons", "cons_prim.csv")):
        (tmp_path / name).write_bytes((fixtures / "lists" / sub / name).read_bytes())
    with pytest.raises(InvalidInput, match="not a known list format"):
        detect_format(list_files(tmp_path), tmp_path)


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS])
def test_each_parser_refuses_the_other_formats(fixtures: Path, fmt: str) -> None:
    """A file of another format is an error naming the file, never a (wrong) list."""
    parser = format_by_name(fmt)
    own = {"csl-partial": "csl"}.get(fmt, fmt)
    for folder, folder_fmt in EXPECTED.items():
        if folder_fmt == own:
            continue
        files = list_files(fixtures / "lists" / folder)
        with pytest.raises(InvalidInput) as exc:
            parser.parse(files)
        assert str(fixtures / "lists" / folder) in exc.value.detail, (fmt, folder)
        assert exc.value.code == "list_parse_error"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("dpl.txt", "bis-dpl"),
        ("consolidated.xml", "un-xml"),
        ("consolidated.csv", "csl"),
        ("eu_fsf.xml", "eu-fsf"),
        ("ConList.csv", "uk-hmt"),
        ("sanctionsconlist.csv", "uk-hmt"),
        ("SDN.CSV", "ofac-legacy"),
    ],
)
@pytest.mark.parametrize("content", [b"", b"\xff\xfe garbage", b"<trunc"])
def test_broken_official_file_goes_to_its_parser(
    tmp_path: Path, name: str, fmt: str, content: bytes
) -> None:
    """An empty or broken file with an official name gets its parser's precise error."""
    f = tmp_path / name
    f.write_bytes(content)
    parser = detect_format([f], f)
    assert parser.name == fmt
    with pytest.raises(InvalidInput) as exc:
        parser.parse([f])
    assert str(f) in exc.value.detail
    assert "not a known list format" not in exc.value.detail


def test_content_wins_over_an_official_name(tmp_path: Path, fixtures: Path) -> None:
    eu = (fixtures / "lists" / "eu_fsf" / "eu_fsf.xml").read_bytes()
    (tmp_path / "consolidated.xml").write_bytes(eu)
    f = tmp_path / "consolidated.xml"
    assert detect_format([f], f).name == "eu-fsf"
    uk = (fixtures / "lists" / "uk_hmt_2022" / "ConList.csv").read_bytes()
    g = tmp_path / "dpl.txt"
    g.write_bytes(uk)
    assert detect_format([g], g).name == "uk-hmt"
