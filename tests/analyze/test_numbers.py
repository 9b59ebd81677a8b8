from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.analyze.numbers import is_number, parse_number, parse_ordinal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("18,000", 18000),
        ("2.5 million", 2.5e6),
        ("twenty-five", 25),
        ("three hundred", 300),
        ("a hundred", 100),
        ("half a million", 5e5),
        ("5bn", 5e9),
        ("Three", 3),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_not_numbers() -> None:
    assert parse_number("week") is None
    assert parse_number("") is None
    assert not is_number("a")


def test_ordinals() -> None:
    assert parse_ordinal("third") == 3
    assert parse_ordinal("4th") == 4
    assert parse_ordinal("three") is None


@given(st.integers(min_value=0, max_value=10**12))
def test_digit_strings_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
