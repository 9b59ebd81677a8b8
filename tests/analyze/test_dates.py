from __future__ import annotations

import pytest

from newsfuse.analyze.dates import find_times, parse_published
from newsfuse.models import DocAnalysis, TimeExpr

# A Saturday.
PUBLISHED = "2024-12-07T10:00:00Z"


def _one(text: str, published: str | None = PUBLISHED) -> TimeExpr:
    found = find_times(text, published=published)
    assert len(found) == 1, found
    return found[0]


def test_seed_years_keep_their_granularity(seed_analyses: list[DocAnalysis]) -> None:
    years = {t.text: t for a in seed_analyses for t in a.times if t.granularity == "year"}
    assert years["2011"].value == "2011" and not years["2011"].relative
    assert years["2012"].value == "2012"


def test_seed_relative_dates_stay_unresolved_without_publication(
    seed_analyses: list[DocAnalysis],
) -> None:
    relative = [t for a in seed_analyses for t in a.times if t.relative]
    assert {t.text for t in relative} >= {"Friday", "last week", "over the weekend"}
    assert all(t.value is None for t in relative)


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("The war began in 2011.", "2011", "year"),
        ("It started on March 15, 2011.", "2011-03-15", "day"),
        ("It started on 15 March 2011.", "2011-03-15", "day"),
        ("By December 2012 it had spread.", "2012-12", "month"),
        ("Prices peaked in February, 2003.", "2003-02", "month"),
        ("Filed 2024-12-06 by staff.", "2024-12-06", "day"),
    ],
)
def test_absolute(text: str, value: str, granularity: str) -> None:
    t = _one(text, published=None)
    assert (t.value, t.granularity, t.relative) == (value, granularity, False)


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("Rebels advanced Friday.", "2024-12-06", "day"),
        ("Rebels advanced early Friday morning.", "2024-12-06", "day"),
        ("Talks were held on Saturday.", "2024-12-07", "day"),
        ("Talks were held last Saturday.", "2024-11-30", "day"),
        ("The offensive began last week.", "2024-W48", "week"),
        ("Ministers met over the weekend.", "2024-12-07", "weekend"),
        ("Prices rose earlier this month.", "2024-12", "month"),
        ("Prices rose last month.", "2024-11", "month"),
        ("It was announced yesterday.", "2024-12-06", "day"),
        ("The vote was in May.", "2024-05", "month"),
        ("The vote was on December 3.", "2024-12-03", "day"),
    ],
)
def test_relative_resolved_against_publication(text: str, value: str, granularity: str) -> None:
    t = _one(text)
    assert (t.value, t.granularity, t.relative) == (value, granularity, True)


def test_relative_without_publication_is_left_open() -> None:
    t = _one("The offensive began last week.", published=None)
    assert (t.value, t.granularity, t.relative) == (None, "week", True)


def test_not_dates() -> None:
    assert find_times("She may go. 2000 people marched; 2012 km of road.", published=None) == ()


def test_time_of_day() -> None:
    t = _one("The blast came at 9:30 p.m. local time.", published=None)
    assert (t.value, t.granularity) == ("21:30", "time")


def test_offsets_slice_the_text() -> None:
    text = "On Friday, Dec. 6, 2024, and again last week, over the weekend, in 2011."
    for t in find_times(text, published=PUBLISHED):
        assert text[t.start : t.end] == t.text


def test_parse_published() -> None:
    assert str(parse_published("2024-12-07T10:00:00Z")) == "2024-12-07"
    assert parse_published("yesterday") is None
    assert parse_published(None) is None
