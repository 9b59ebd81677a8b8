"""Typed values and when two of them can both be true.

A value is an interval in a canonical unit: what the words allow, not just the number written.
"3 miles" allows 2.5-3.5 miles (4.0-5.6 km), so "5 km" (4.5-5.5 km) agrees with it; "thousands"
is 1,000-9,999 and "tens of thousands" 10,000-99,999, so they disagree; "in 2011" is the whole
year 2011 and "in 2012" the whole of 2012. Two values disagree when their intervals do not meet.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from newsfuse.models import Quantity, TimeExpr

_APPROX = ("about", "around", "approximately", "nearly", "almost", "some", "roughly", "within")
_AT_LEAST = ("more than", "over", "at least", "upwards of", "above", "exceeding")
_AT_MOST = ("less than", "under", "up to", "at most", "fewer than", "below")
_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
# Approximate wording widens an interval by this much (relative) on each side.
APPROX_SLACK = 0.1
# A round number ("18,000") is read as rounded to its last non-zero digit, but by no more than
# this share of its size: "100" stays 95-105 rather than 50-150.
ROUNDING_CAP = 0.05


@dataclass(frozen=True, slots=True)
class Value:
    """What one expression in one document allows: [low, high] in ``unit``."""

    family: str  # what it measures: "date", "count:people", "quantity:km", "money:USD", ...
    low: float
    high: float
    text: str
    start: int
    end: int
    normalized: str  # a readable canonical form: "2011", "4.83 km", "1,000-9,999 people"
    granularity: str = ""


def from_quantity(q: Quantity) -> Value | None:
    """The interval a quantity allows, or None for ranks and values without a number."""
    if q.kind == "rank" or q.norm_low is None:
        return None
    low, high = q.norm_low, q.norm_high if q.norm_high is not None else q.norm_low
    qualifier = (q.qualifier or "").casefold()
    if not q.vague and q.value is not None:
        low, high = _rounding(q, low, high, approximate=qualifier in _APPROX)
    if qualifier in _APPROX:
        low, high = low - abs(low) * APPROX_SLACK, high + abs(high) * APPROX_SLACK
    elif qualifier in _AT_LEAST:
        high = math.inf
    elif qualifier in _AT_MOST:
        low = -math.inf if low < 0 else 0.0
    unit = q.norm_unit or q.unit or ""
    return Value(
        family=f"{q.kind}:{unit}",
        low=low,
        high=high,
        text=q.text,
        start=q.start,
        end=q.end,
        normalized=_show(q),
    )


def from_time(t: TimeExpr, *, resolved_relative: bool = False) -> Value | None:
    """The days a date expression covers, or None when it is a clock time, has no resolved
    value, or is relative (unless ``resolved_relative``: "Friday" resolved against the
    publication date places an event, but is too loose to set against another report)."""
    if (
        (t.relative and not resolved_relative)
        or t.value is None
        or t.granularity not in ("year", "month", "day")
    ):
        return None
    span = _days(t.value)
    if span is None:
        return None
    return Value(
        family="date",
        low=float(span[0]),
        high=float(span[1]),
        text=t.text,
        start=t.start,
        end=t.end,
        normalized=t.value,
        granularity=t.granularity,
    )


def agree(a: Value, b: Value) -> bool:
    """True when both can be true at once: same family and overlapping intervals."""
    return a.family == b.family and a.low <= b.high and b.low <= a.high


def comparable(a: Value, b: Value) -> bool:
    return a.family == b.family


def _rounding(
    q: Quantity, low: float, high: float, *, approximate: bool = False
) -> tuple[float, float]:
    """Widen an exact value by the rounding its written form implies, in the normalised
    unit. A round number said to be approximate ("about 20") is read to its last digit in
    full (15-25); a bare one ("100") only to ROUNDING_CAP of its size."""
    assert q.value is not None
    match = _NUMBER.search(q.text)
    if match and match.group(1):
        step = 10.0 ** -len(match.group(1))
    elif match:
        digits = match.group(0).replace(",", "")
        zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
        step = 10.0**zeros
    else:
        step = 1.0  # a number in words ("three") is read to the unit
    half = step / 2
    if step > 1 and not approximate:
        half = min(half, max(0.5, abs(q.value) * ROUNDING_CAP))
    factor = low / q.value if q.value else 1.0
    return low - half * abs(factor), high + half * abs(factor)


def _show(q: Quantity) -> str:
    unit = q.norm_unit or q.unit or ""
    if q.norm_high is not None and q.norm_low is not None and q.norm_high != q.norm_low:
        return f"{q.norm_low:,.0f}-{q.norm_high:,.0f} {unit}".strip()
    return f"{q.norm_low:,.4g} {unit}".strip()


def _days(value: str) -> tuple[int, int] | None:
    """First and last day (proleptic ordinals) of an ISO year, year-month or date."""
    try:
        parts = [int(p) for p in value[:10].split("-")]
    except ValueError:
        return None
    try:
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1).toordinal(), dt.date(parts[0], 12, 31).toordinal()
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first.toordinal(), nxt.toordinal() - 1
        day = dt.date(parts[0], parts[1], parts[2]).toordinal()
        return day, day
    except ValueError:
        return None
