"""Controlled edits of real articles, to measure verification: a copy of an article with one
value changed (must be reported as a conflict) or restated (must not be).

Used by ``bench/conflicts.py`` and the tests; every edit is a plain text substitution, so the
edited copy differs from the original in exactly one place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_YEAR = re.compile(r"\b(?:in|since|until|of) ((?:19[5-9]|20[0-2])\d)\b")
# A count: a number before a plural noun, possibly after one adjective ("45 new cases").
_MONTH_BEFORE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? $", re.IGNORECASE
)
_COUNT = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d{2,5})(?= (?:[a-z]+ )?[a-z]{2,}s\b)")
_DISTANCE = re.compile(r"\b(\d+(?:\.\d+)?) ?(miles?|km|kilometers?|kilometres?)\b")
_MILE_KM = 1.609344


@dataclass(frozen=True, slots=True)
class Edit:
    """One substitution: ``text[start:end]`` (the original words) became ``new``."""

    kind: str  # "year", "count", "units", "rounding"
    start: int
    end: int
    old: str
    new: str
    conflict: bool  # whether the edited copy must disagree with the original

    def apply(self, text: str) -> str:
        return text[: self.start] + self.new + text[self.end :]


def alter_year(text: str) -> Edit | None:
    """Move the first year after "in/since/until/of" by two years."""
    m = _YEAR.search(text)
    if m is None:
        return None
    year = int(m.group(1))
    return Edit("year", m.start(1), m.end(1), m.group(1), str(year + 2), True)


def alter_count(text: str) -> Edit | None:
    """Change the first count (a number of two or more digits before a plural, not a year)
    beyond any rounding: to two and a half times its value."""
    for m in _COUNT.finditer(text):
        raw = m.group(1)
        value = int(raw.replace(",", ""))
        if 1900 <= value <= 2100 or value < 10 or _MONTH_BEFORE.search(text, 0, m.start()):
            continue  # "On Jun 28 this year": a day of a month, not a count of "this"
        new = math.ceil(value * 2.5) + 1
        return Edit(
            "count", m.start(1), m.end(1), raw, f"{new:,}" if "," in raw else str(new), True
        )
    return None


def restate_distance(text: str) -> Edit | None:
    """Restate the first distance in the other unit (miles <-> km), rounded to the unit."""
    m = _DISTANCE.search(text)
    if m is None:
        return None
    value, unit = float(m.group(1)), m.group(2).lower()
    if unit.startswith("mile"):
        new = f"{round(value * _MILE_KM)} kilometers"
    else:
        new = f"{round(value / _MILE_KM)} miles"
    if new.startswith("0 "):
        return None
    return Edit("units", m.start(), m.end(), m.group(0), new, False)


def round_distance(text: str) -> Edit | None:
    """Round the first distance to one significant figure, saying "about"."""
    m = _DISTANCE.search(text)
    if m is None:
        return None
    value = float(m.group(1))
    if value <= 0:
        return None
    digits = -int(math.floor(math.log10(value)))
    rounded = round(value, digits)
    shown = f"{rounded:g}" if digits > 0 else f"{int(rounded)}"
    return Edit("rounding", m.start(1), m.end(1), m.group(1), f"about {shown}", False)


EDITS = (alter_year, alter_count, restate_distance, round_distance)
