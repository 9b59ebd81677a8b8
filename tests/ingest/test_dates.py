"""Publication dates normalised to ISO 8601."""

from __future__ import annotations

import pytest

from newsfuse.ingest.dates import iso_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-06", "2024-12-06"),
        ("2024-12-06T08:00:00Z", "2024-12-06T08:00:00Z"),
        ("December 6, 2024", "2024-12-06"),
        ("Fri, 06 Dec 2024 10:32:00 GMT", "2024-12-06T10:32:00+00:00"),
        ("Dec. 6, 2024 10:32", "2024-12-06T10:32:00"),
        (1733479920, "2024-12-06T10:12:00+00:00"),
        (1733479920000, "2024-12-06T10:12:00+00:00"),
        ("December 2024", None),
        ("yesterday-ish", None),
        ("", None),
        (True, None),
        (None, None),
    ],
)
def test_iso_date(value: object, expected: str | None) -> None:
    assert iso_date(value) == expected


def test_date_only() -> None:
    assert iso_date("Fri, 06 Dec 2024 10:32:00 GMT", date_only=True) == "2024-12-06"
    assert iso_date("2024-12-06T08:00:00Z", date_only=True) == "2024-12-06"
