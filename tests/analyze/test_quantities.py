from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.analyze.units import convert, factor, unit_of
from newsfuse.models import DocAnalysis, Quantity


def _only(analysis: DocAnalysis, kind: str | None = None) -> Quantity:
    found = [q for q in analysis.quantities if kind is None or q.kind == kind]
    assert len(found) == 1, analysis.quantities
    return found[0]


def _seed_quantities(seed_analyses: list[DocAnalysis]) -> list[Quantity]:
    return [q for a in seed_analyses for q in a.quantities]


def test_seed_distances_normalise_to_km(seed_analyses: list[DocAnalysis]) -> None:
    distances = [q for q in _seed_quantities(seed_analyses) if q.norm_unit == "km"]
    by_text = {q.text: q for q in distances}
    assert by_text["within three miles"].norm_low == pytest.approx(4.828, abs=0.001)
    assert by_text["within three miles"].qualifier == "within"
    assert by_text["just 5 km"].norm_low == 5.0
    assert by_text["approximately five kilometers"].qualifier == "approximately"


def test_seed_vague_counts_are_disjoint_ranges(seed_analyses: list[DocAnalysis]) -> None:
    vague = {q.text.casefold(): q for q in _seed_quantities(seed_analyses) if q.vague}
    thousands, tens = vague["thousands"], vague["tens of thousands"]
    assert (thousands.low, thousands.high) == (2000, 9999)
    assert (tens.low, tens.high) == (20000, 99999)
    assert thousands.norm_unit == tens.norm_unit == "people"
    assert vague["ten of thousands"].low == 20000  # the typo reads as "tens of"
    assert thousands.value is None


def test_seed_pounds_are_syrian_money(seed_analyses: list[DocAnalysis]) -> None:
    money = {q.text: q for q in _seed_quantities(seed_analyses) if q.kind == "money"}
    assert money["18,000 pounds"].norm_unit == "SYP"
    assert money["18,000 pounds"].value == 18000
    assert money["47 pounds"].norm_unit == "SYP"


def test_seed_ranks_and_percentages(seed_analyses: list[DocAnalysis]) -> None:
    found = _seed_quantities(seed_analyses)
    ranks = {q.text: q.value for q in found if q.kind == "rank"}
    assert ranks["third-largest"] == 3 and ranks["fourth-largest"] == 4
    assert not any(q.kind != "rank" and "largest" in q.text for q in found)
    percents = {q.value for q in found if q.kind == "percent"}
    assert {25.0, 50.0} <= percents


def test_years_are_not_quantities(seed_analyses: list[DocAnalysis]) -> None:
    assert not any(q.text in ("2011", "2012", "2014") for q in _seed_quantities(seed_analyses))


@pytest.mark.parametrize(
    ("text", "kind", "value", "norm_unit", "qualifier"),
    [
        ("The rally drew about 3,000 people.", "count", 3000, "people", "about"),
        ("The bag weighed 40 pounds.", "quantity", 40, "kg", None),
        ("Tickets cost $25 each.", "money", 25, "USD", None),
        ("The fund holds 3 billion euros.", "money", 3e9, "EUR", None),
        ("Nearly half a million people fled.", "count", 5e5, "people", "nearly"),
        ("Unemployment rose 3.5 percent.", "percent", 3.5, "%", None),
        ("Rebels seized two key towns.", "count", 2, "town", None),
        ("The convoy drove more than 20 km.", "quantity", 20, "km", "more than"),
    ],
)
def test_patterns(
    analyze_one: Any, text: str, kind: str, value: float, norm_unit: str, qualifier: str | None
) -> None:
    q = _only(analyze_one(text))
    assert (q.kind, q.value, q.norm_unit, q.qualifier) == (kind, value, norm_unit, qualifier)


def test_vague_ranges(analyze_one: Any) -> None:
    analysis = analyze_one("Hundreds of thousands marched, joined by dozens of activists.")
    ranges = {q.text: (q.low, q.high, q.norm_unit) for q in analysis.quantities}
    assert ranges == {
        "Hundreds of thousands": (200000, 999999, "people"),
        "dozens of activists": (24, 99, "people"),
    }


def test_plain_ordinals_and_codes_are_not_quantities(analyze_one: Any) -> None:
    analysis = analyze_one("For the first time, F-16 jets flew over the M5 highway.")
    assert analysis.quantities == ()


def test_second_biggest_is_a_rank(analyze_one: Any) -> None:
    q = _only(analyze_one("It is the country’s second-biggest port."))
    assert (q.kind, q.value, q.unit) == ("rank", 2, "biggest")


def test_miles_to_km() -> None:
    assert convert(3, "miles") == pytest.approx((4.828032, "km"))
    assert convert(1, "nonsense") is None
    assert unit_of("Kilometres") == ("km", "km")


@settings(max_examples=60, deadline=None)
@given(
    value=st.floats(min_value=0.001, max_value=1e9, allow_nan=False),
    word=st.sampled_from(["miles", "feet", "kg", "pounds_weight", "acres", "gallons", "hours"]),
)
def test_conversion_round_trips(value: float, word: str) -> None:
    word = "lbs" if word == "pounds_weight" else word
    normal, _ = convert(value, word) or (None, None)
    assert normal is not None
    pint_unit, canonical = unit_of(word) or ("", "")
    back = normal / factor(pint_unit, canonical)
    assert back == pytest.approx(value, rel=1e-9)


def test_dollar_prefixes_name_their_currency(analyze_one: Any) -> None:
    analysis = analyze_one("He was fined S$15,000 and paid HK$200 in fees.")
    assert [(q.value, q.norm_unit) for q in analysis.quantities] == [(15000, "SGD"), (200, "HKD")]


def test_day_and_abbreviated_month_is_a_date_not_a_count(analyze_one: Any) -> None:
    analysis = analyze_one("The hearing on 7 Oct was moved to Dec 9.")
    assert analysis.quantities == ()
    assert [t.text for t in analysis.times] == ["7 Oct", "Dec 9"]


def test_spaced_thousands_are_one_number(analyze_one: Any) -> None:
    """ "100, 000 people" (a tokenised text) was read as the number 100 and "000 people"."""
    found = analyze_one("Police said 100, 000 people marched through the capital.").quantities
    assert [(q.text, q.value) for q in found] == [("100, 000 people", 100000)]


def test_a_day_before_a_comma_stays_a_date(analyze_one: Any) -> None:
    analysis = analyze_one("On March 3, 200 people marched through the capital.")
    assert [(q.text, q.value) for q in analysis.quantities] == [("200 people", 200)]
    assert [t.text for t in analysis.times] == ["March 3"]


def test_a_number_naming_a_thing_is_no_count(analyze_one: Any) -> None:
    """ "AK 47 rifles" was counted as 47 rifles; "Flight 370" as a number."""
    analysis = analyze_one("Gunmen with AK 47 rifles boarded Flight 370 and took 12 hostages.")
    assert [(q.text, q.value) for q in analysis.quantities] == [("12 hostages", 12)]


def test_tokenised_clock_times_codes_and_scales(analyze_one: Any) -> None:
    """From the scale bench: "3: 33 a. m." was a count of 33, "2007 - 04 - 09 - office" a
    count of offices, and "110 - billion" the bare number 110."""
    analysis = analyze_one(
        "The call came in at 3: 33 a. m. from the hotel. See 2007 - 04 - 09 - office for the "
        "file. Greece agreed a 110 - billion euro bailout with 12 lenders."
    )
    found = [(q.text, q.value) for q in analysis.quantities]
    assert ("110 - billion euro", 110e9) in found or ("110 - billion", 110e9) in found
    assert [v for _, v in found if v is not None and v < 100] == [12]
