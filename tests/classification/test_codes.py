"""Control code forms: EU/US 2B001.b.2.b and Wassenaar 2.B.1.b.2.b."""

from __future__ import annotations

import pytest

from exportctl.classification import code_matches, parse_code
from exportctl.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "eccn", "wassenaar"),
    [
        ("2B001", "2B001", "2.B.1"),
        ("2b001.b.2.b", "2B001.b.2.b", "2.B.1.b.2.b"),
        ("2.B.1", "2B001", "2.B.1"),
        ("2.B.1.b.2.b", "2B001.b.2.b", "2.B.1.b.2.b"),
        ("2. B. 1. b. 2. b.", "2B001.b.2.b", "2.B.1.b.2.b"),
        ("ECCN 2B201", "2B201", "2.B.201"),
        ("2.E.1", "2E001", "2.E.1"),
    ],
)
def test_code_forms(text: str, eccn: str, wassenaar: str) -> None:
    code = parse_code(text)
    assert code.eccn == eccn
    assert code.wassenaar == wassenaar
    assert code.entry == eccn.split(".")[0]


@pytest.mark.parametrize("text", ["", "2B", "B001", "2F001", "2.B", "hello"])
def test_not_a_code(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_code(text)
    assert err.value.code == "invalid_control_code"


def test_code_matches() -> None:
    assert code_matches("2B001.b.2.b", ["2B001"])
    assert code_matches("2.B.1.b.2.b", ["2B00[1-9]"])
    assert code_matches("2B007.b.1", ["2B007.b"])
    assert not code_matches("2B007.c", ["2B007.b"])
    assert code_matches("2B991", ["2B???"])
    assert not code_matches("4A003", ["[!4]*"])
