from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.fusion.values import agree, from_quantity, from_time
from newsfuse.models import Quantity, TimeExpr


def distance(
    text: str, value: float, unit: str, km: float, qualifier: str | None = None
) -> Quantity:
    return Quantity(
        0, len(text), text, "quantity", value, value, value, unit, "km", km, km, qualifier
    )


def vague(text: str, low: float, high: float) -> Quantity:
    return Quantity(
        0, len(text), text, "count", None, low, high, None, "people", low, high, vague=True
    )


def year(text: str, value: str, granularity: str = "year", relative: bool = False) -> TimeExpr:
    return TimeExpr(0, len(text), text, value, granularity, relative)


def test_three_miles_and_five_km_agree() -> None:
    miles = from_quantity(distance("within three miles", 3, "miles", 4.828, "within"))
    km = from_quantity(distance("5 km", 5, "km", 5.0))
    five = from_quantity(distance("five kilometers", 5, "kilometers", 5.0))
    assert miles and km and five
    assert agree(miles, km) and agree(miles, five) and agree(km, five)


def test_a_changed_distance_disagrees() -> None:
    a = from_quantity(distance("5 km", 5, "km", 5.0))
    b = from_quantity(distance("8 km", 8, "km", 8.0))
    assert a and b and not agree(a, b)


def test_round_hundreds_are_not_read_as_fifty_percent_wide() -> None:
    a = from_quantity(distance("100 km", 100, "km", 100.0))
    b = from_quantity(distance("150 km", 150, "km", 150.0))
    c = from_quantity(distance("102 km", 102, "km", 102.0))
    assert a and b and c
    assert not agree(a, b)
    assert agree(a, c)


def test_thousands_and_tens_of_thousands_disagree() -> None:
    a = from_quantity(vague("thousands", 2000, 9999))
    b = from_quantity(vague("tens of thousands", 20000, 99999))
    c = from_quantity(vague("Thousands", 2000, 9999))
    assert a and b and c
    assert not agree(a, b)
    assert agree(a, c)


def test_ranks_are_never_values() -> None:
    rank = Quantity(0, 13, "third-largest", "rank", 3, 3, 3, None, None, 3, 3)
    assert from_quantity(rank) is None


def test_years_with_granularity() -> None:
    y2011, y2012 = from_time(year("2011", "2011")), from_time(year("2012", "2012"))
    month = from_time(year("March 2011", "2011-03", "month"))
    day = from_time(year("March 15, 2011", "2011-03-15", "day"))
    assert y2011 and y2012 and month and day
    assert not agree(y2011, y2012)
    assert agree(y2011, month) and agree(month, day) and agree(y2011, day)
    assert not agree(y2012, day)


def test_relative_dates_are_not_compared() -> None:
    assert from_time(year("Friday", "2024-12-06", "day", relative=True)) is None
    placed = from_time(year("Friday", "2024-12-06", "day", relative=True), resolved_relative=True)
    assert placed is not None and placed.low == placed.high


@given(
    st.floats(min_value=0.1, max_value=1e6, allow_nan=False),
    st.floats(min_value=0.1, max_value=1e6, allow_nan=False),
)
def test_agreement_is_symmetric_and_reflexive(x: float, y: float) -> None:
    a = from_quantity(distance(f"{x:g} km", x, "km", x))
    b = from_quantity(distance(f"{y:g} km", y, "km", y))
    assert a and b
    assert agree(a, a)
    assert agree(a, b) == agree(b, a)


@given(st.integers(min_value=1, max_value=500))
def test_miles_restated_in_whole_km_agree(miles: int) -> None:
    km = round(miles * 1.609344)
    a = from_quantity(distance(f"{miles} miles", miles, "miles", miles * 1.609344))
    b = from_quantity(distance(f"{km} kilometers", km, "kilometers", float(km)))
    assert a and b and agree(a, b)
