"""Date and time expressions, resolved against the publication date and kept at their granularity.

Values: year "2011", month "2024-12", day "2024-12-06", ISO week "2024-W49", weekend the date of
its Saturday "2024-12-07", time of day "06:00". Absolute expressions ("in 2011", "December 6,
2024", "December 2024") get their value from the text alone. Relative ones (weekdays, "last
week", "over the weekend", "earlier this month", a month or day without a year) are resolved
against ``published`` when it is given and are then marked ``relative=True``; without it their
value is None. A bare weekday means the latest such day on or before publication ("Friday" in a
Saturday report is the day before), as in news usage. Nothing here reads the clock.

Guarantee: ``text[t.start:t.end] == t.text``; results are in text order and do not overlap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from newsfuse.analyze.lexicon import PEOPLE_NOUNS
from newsfuse.models import TimeExpr
from newsfuse.models import parse_published as parse_published

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for name in names.split()
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
)
# After a day number an abbreviated month needs no period ("7 Oct", "Oct 7").
_MONTH_SHORT = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NOT_A_YEAR = "|".join(sorted(PEOPLE_NOUNS)) + r"|percent|per cent|km|miles|kilometers|pounds"

Resolver = Callable[[re.Match[str], dt.date | None], tuple[str | None, str, bool] | None]


def _iso(match: re.Match[str], published: dt.date | None) -> tuple[str | None, str, bool]:
    return match.group(), "day", False


def _full(match: re.Match[str], published: dt.date | None) -> tuple[str | None, str, bool] | None:
    day = _safe_date(int(match["year"]), _month(match), int(match["day"]))
    return (day.isoformat(), "day", False) if day else None


def _month_year(match: re.Match[str], published: dt.date | None) -> tuple[str | None, str, bool]:
    return f"{match['year']}-{_month(match):02d}", "month", False


def _day_month(
    match: re.Match[str], published: dt.date | None
) -> tuple[str | None, str, bool] | None:
    if published is None:
        return None, "day", True
    day = _safe_date(published.year, _month(match), int(match["day"]))
    return (day.isoformat(), "day", True) if day else None


def _month_only(match: re.Match[str], published: dt.date | None) -> tuple[str | None, str, bool]:
    if published is None:
        return None, "month", True
    shift = {"last": -1, "next": 1}.get((match["cue"] or "").casefold(), 0)
    return f"{published.year + shift}-{_month(match):02d}", "month", True


def _year(match: re.Match[str], published: dt.date | None) -> tuple[str | None, str, bool]:
    return match["year"], "year", False


def _weekday(match: re.Match[str], published: dt.date | None) -> tuple[str | None, str, bool]:
    if published is None:
        return None, "day", True
    target = _WEEKDAYS.index(match["weekday"].casefold())
    back = (published.weekday() - target) % 7
    cue = (match["cue"] or "").casefold()
    if cue == "last" and back == 0:
        back = 7
    day = published - dt.timedelta(days=back)
    if cue == "next":
        day = published + dt.timedelta(days=(target - published.weekday()) % 7 or 7)
    return day.isoformat(), "day", True


def _time(match: re.Match[str], published: dt.date | None) -> tuple[str | None, str, bool] | None:
    hour = int(match["hour"]) % 12 + (12 if match["ampm"].casefold().startswith("p") else 0)
    minute = int(match["minute"] or 0)
    if minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}", "time", False


def _relative(match: re.Match[str], published: dt.date | None) -> tuple[str | None, str, bool]:
    phrase = " ".join(match.group().casefold().split())
    units = ("weekend", "week", "month", "year")
    unit = "day" if phrase in _DAY_WORDS else next((u for u in units if u in phrase), "day")
    if published is None:
        return None, unit, True
    return _shifted(phrase, unit, published), unit, True


_DAY_WORDS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
}


def _shifted(phrase: str, unit: str, published: dt.date) -> str:
    step = -1 if re.search(r"\b(?:last|previous|ago)\b", phrase) else 0
    step = 1 if re.search(r"\b(?:next|coming)\b", phrase) else step
    if phrase in _DAY_WORDS:
        return (published + dt.timedelta(days=_DAY_WORDS[phrase])).isoformat()
    if unit == "week":
        year, week, _ = (published + dt.timedelta(weeks=step)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "weekend":
        back = (published.weekday() - 5) % 7  # days since the last Saturday
        saturday = published - dt.timedelta(days=back)
        return (saturday + dt.timedelta(weeks=step if step > 0 else 0)).isoformat()
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return f"{index // 12}-{index % 12 + 1:02d}"
    return str(published.year + step)


_RELATIVE = (
    r"\b(?:(?:earlier|later) this (?:week|month|year)|(?:over |during )?the (?:past |last )?"
    r"weekend|(?:this|last|next|past|previous|coming) (?:weekend|week|month|year)|"
    r"today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening)|last night)\b"
)
_PATTERNS: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(r"\b\d{4}-[01]\d-[0-3]\d\b"), _iso),
    (re.compile(rf"\b{_MONTH_SHORT}\s+{_DAY},?\s+{_YEAR}\b"), _full),
    (re.compile(rf"\b{_DAY}\s+{_MONTH_SHORT}\s+{_YEAR}\b"), _full),
    (re.compile(rf"\b{_MONTH_SHORT},?\s+{_YEAR}\b"), _month_year),
    (re.compile(rf"\b{_MONTH_SHORT}\s+{_DAY}\b(?![:.,]?\d)"), _day_month),
    (re.compile(rf"\b{_DAY}\s+{_MONTH_SHORT}"), _day_month),
    (
        re.compile(
            rf"\b(?:(?P<cue>last|next|this|in|since|until|by|early|late|mid-|during)\s*){_MONTH}"
        ),
        _month_only,
    ),
    (re.compile(rf"\b(?:(?P<cue>last|this|next|early|late|on)\s+)?{_WEEKDAY}{_PART}\b"), _weekday),
    (
        re.compile(
            r"\b(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>\d\d))?\s?(?P<ampm>[ap]\.m\.|[ap]m\b)",
            re.IGNORECASE,
        ),
        _time,
    ),
    (re.compile(_RELATIVE, re.IGNORECASE), _relative),
    (re.compile(rf"(?<![\w$£€.,/-]){_YEAR}(?![\w%]|,\d|\s+(?:{_NOT_A_YEAR})\b)"), _year),
]


def _month(match: re.Match[str]) -> int:
    return _MONTHS[match["month"].casefold().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_times(text: str, *, published: str | None = None) -> tuple[TimeExpr, ...]:
    """The date and time expressions of `text`, resolved against `published` (ISO 8601)."""
    pub = parse_published(published)
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for pattern, resolve in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            result = resolve(match, pub)
            if result is None:
                continue
            value, granularity, relative = result
            found.append(TimeExpr(start, end, text[start:end], value, granularity, relative))
            taken.append((start, end))
    return tuple(sorted(found, key=lambda t: t.start))
