"""Publication dates as ISO 8601, from whatever a source wrote."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
# Epoch values above this are milliseconds (1e11 seconds is the year 5138).
_MILLIS = 1e11


def iso_date(value: object, *, date_only: bool = False) -> str | None:
    """`value` (a date string in any common form, or epoch seconds/milliseconds) as ISO 8601.

    Guarantees: an ISO string is returned as written; a full date without a time gives
    "YYYY-MM-DD"; anything that is not a complete date (day, month and year) gives None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value <= 0:
            return None
        moment = dt.datetime.fromtimestamp(value / 1000 if value > _MILLIS else value, dt.UTC)
        return moment.date().isoformat() if date_only else moment.isoformat(timespec="seconds")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _ISO.match(text):
        return text[:10] if date_only else text
    import dateparser  # slow to import: only for dates that are not ISO already

    parsed: dt.datetime | None = dateparser.parse(
        text, settings={"REQUIRE_PARTS": ["day", "month", "year"]}
    )
    if parsed is None:
        return None
    has_time = bool(re.search(r"\d{1,2}[:.]\d{2}", text))
    if date_only or not has_time:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")
