"""Fuzz every parser: random bytes and mutated fixtures raise InvalidInput or parse; nothing else.

A parser that lets any other exception escape (IndexError, UnicodeDecodeError, ValueError,
RecursionError, a pydantic ValidationError ...) fails these tests. EXPORTCTL_FUZZ_EXAMPLES
sets the examples per test (default 40; run a few thousand before changing a parser).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import InvalidInput
from exportctl.lists.formats import ListFormat, ParsedList, format_by_name
from exportctl.model import ListEntry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"

# (format, fixture folder): each parser with the files it is meant for.
CASES = [
    ("ofac-legacy", "ofac_sdn"),
    ("ofac-cons", "ofac_cons"),
    ("un-xml", "un"),
    ("eu-fsf", "eu_fsf"),
    ("csl", "csl"),
    ("csl", "csl_json"),
    ("csl-partial", "csl"),
    ("bis-dpl", "bis_dpl"),
    ("uk-hmt", "uk_hmt_2022"),
    ("uk-hmt", "uk_hmt_legacy"),
    ("ftm", "ftm"),
    ("watchlist", "watchlist"),
    ("watchlist", "watchlist_csv"),
]
FUZZ = settings(
    max_examples=int(os.environ.get("EXPORTCTL_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _run(fmt: ListFormat, files: dict[str, bytes], base: tuple[ListEntry, ...] | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, content in files.items():
            p = Path(tmp) / name
            p.write_bytes(content)
            paths.append(p)
        error: InvalidInput | None = None
        try:
            parsed = fmt.parse(paths, base=base)
        except InvalidInput as exc:  # the one allowed failure; anything else fails the test
            error = exc
        if error is not None:
            assert error.code == "list_parse_error"
            assert tmp in error.detail  # the message names a file (or the folder)
            return
        assert isinstance(parsed, ParsedList)
        for e in parsed.entries:  # whatever parsed is a valid, storable entry
            assert e.names
            assert e.entity_id.startswith(f"{parsed.source}:")
            assert ListEntry.from_json(e.to_json()) == e


def _fixture_files(folder: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((FIXTURES / folder).iterdir())}


@st.composite
def _mutated(draw: st.DrawFn, content: bytes) -> bytes:
    """The fixture with a few random edits: cut, splice, duplicate, overwrite, truncate."""
    data = bytearray(content)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "overwrite", "truncate"]))
        if not data:
            data.extend(draw(st.binary(max_size=16)))
            continue
        i = draw(st.integers(0, len(data) - 1))
        j = draw(st.integers(i, min(len(data), i + 64)))
        if op == "delete":
            del data[i:j]
        elif op == "insert":
            noise = draw(
                st.one_of(
                    st.binary(max_size=16),
                    st.sampled_from(
                        [
                            b'"',
                            b",",
                            b"\t",
                            b"\r\n",
                            b"\x1a",
                            b"\x00",
                            b"<",
                            b">",
                            b"&",
                            b"-0- ",
                            b"{",
                            b"}",
                            b"\xff",
                            b"\xe9",
                            b"]]>",
                            b"<!DOCTYPE x>",
                            b"'",
                            b":",
                            b"- ",
                            b"9" * 30,
                        ]
                    ),
                )
            )
            data[i:i] = noise
        elif op == "duplicate":
            data[j:j] = data[i:j]
        elif op == "overwrite" and j > i:
            data[i:j] = draw(st.binary(min_size=j - i, max_size=j - i))
        elif op == "truncate":
            del data[i:]
    return bytes(data)


@pytest.mark.parametrize(("fmt_name", "folder"), CASES)
def test_fuzz_mutated_fixture(fmt_name: str, folder: str) -> None:
    fmt = format_by_name(fmt_name)
    originals = _fixture_files(folder)

    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        files = dict(originals)
        target = data.draw(st.sampled_from(sorted(files)))
        files[target] = data.draw(_mutated(files[target]))
        _run(fmt, files, None)

    run()


@pytest.mark.parametrize(("fmt_name", "folder"), CASES)
def test_fuzz_random_bytes(fmt_name: str, folder: str) -> None:
    fmt = format_by_name(fmt_name)
    names = sorted(_fixture_files(folder))

    @FUZZ
    @given(content=st.binary(max_size=2048), name=st.sampled_from(names))
    def run(content: bytes, name: str) -> None:
        _run(fmt, {name: content}, None)

    run()


@pytest.mark.parametrize("text_kind", ["text", "lines"])
@pytest.mark.parametrize(("fmt_name", "folder"), CASES)
def test_fuzz_random_text(fmt_name: str, folder: str, text_kind: str) -> None:
    """Valid UTF-8 gets past the decoder, so the parsers' own checks are exercised."""
    fmt = format_by_name(fmt_name)
    names = sorted(_fixture_files(folder))
    alphabet = st.characters(codec="utf-8", exclude_categories=["Cs"])
    content = (
        st.text(alphabet, max_size=500)
        if text_kind == "text"
        else st.lists(
            st.text(alphabet, max_size=60).map(lambda s: s.replace("\n", "")), max_size=20
        ).map("\n".join)
    )

    @FUZZ
    @given(text=content, name=st.sampled_from(names))
    def run(text: str, name: str) -> None:
        _run(fmt, {name: text.encode("utf-8")}, None)

    run()


def test_fuzz_ofac_aux_merge() -> None:
    """Auxiliary files merged into a base: mutated aux files never crash the merge."""
    fmt = format_by_name("ofac-legacy")
    files = _fixture_files("ofac_sdn")
    with tempfile.TemporaryDirectory() as tmp:
        main = Path(tmp) / "sdn.csv"
        main.write_bytes(files["sdn.csv"])
        base = fmt.parse([main]).entries
    aux = {k: v for k, v in files.items() if k != "sdn.csv"}

    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        mutated = dict(aux)
        target = data.draw(st.sampled_from(sorted(mutated)))
        mutated[target] = data.draw(_mutated(mutated[target]))
        _run(fmt, mutated, base)

    run()


@pytest.mark.parametrize(
    ("fmt_name", "name", "content"),
    [
        # Unicode digits pass str.isdigit() but not int(); a 5,000-digit number passes both
        # checks but not int()'s digit limit. Both once crashed a parser.
        ("ofac-legacy", "sdn.csv", '²,"A",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '),
        (
            "ofac-legacy",
            "sdn.csv",
            "9" * 5000 + ',"A",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
        ),
        (
            "un-xml",
            "consolidated.xml",
            "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME>"
            "<REFERENCE_NUMBER>Q.1</REFERENCE_NUMBER><INDIVIDUAL_DATE_OF_BIRTH><FROM_YEAR>²"
            "</FROM_YEAR><TO_YEAR>" + "9" * 5000 + "</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
            "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        ),
        (
            "eu-fsf",
            "eu_fsf.xml",
            '<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity logicalId="1">'
            '<nameAlias wholeName="A"/><birthdate yearRangeFrom="²" yearRangeTo="1"/>'
            '<birthdate year="1970" monthOfYear="' + "1" * 5000 + '"/></sanctionEntity></export>',
        ),
        # An XML declaration naming a codec Python does not know raised LookupError; one that
        # names a multi-byte codec expat cannot read raises ValueError.
        ("un-xml", "consolidated.xml", '<?xml version="1.0" encoding="TF-8"?><CONSOLIDATED_LIST/>'),
        ("eu-fsf", "eu_fsf.xml", '<?xml version="1.0" encoding="utf-32"?><export/>'),
    ],
)
def test_known_nasty_values(fmt_name: str, name: str, content: str) -> None:
    _run(format_by_name(fmt_name), {name: content.encode("utf-8")}, None)


@pytest.mark.parametrize(("fmt_name", "folder"), CASES)
def test_fuzz_detection(fmt_name: str, folder: str) -> None:
    """Detection reads any bytes without crashing: a format, or 'not a known list format'."""
    from exportctl.lists.detect import detect_format

    originals = _fixture_files(folder)

    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(originals)))
        content = data.draw(st.one_of(st.binary(max_size=512), _mutated(originals[name])))
        with tempfile.TemporaryDirectory() as tmp:
            f = Path(tmp) / name
            f.write_bytes(content)
            code = "detected"
            try:
                detect_format([f], f)
            except InvalidInput as exc:  # the one allowed failure
                code = exc.code
            assert code in ("detected", "unknown_format")

    run()
