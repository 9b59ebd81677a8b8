"""Agency names in credit lines, normalised."""

from __future__ import annotations

import pytest

from newsfuse.ingest.agencies import known_agency, normalise_credits


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Apnews", "Associated Press"),
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("apnews.com", "Associated Press"),
        ("Reuters", "Reuters"),
        ("Thomson Reuters", "Reuters"),
        ("AFP", "Agence France-Presse"),
        ("Agence France Presse", "Agence France-Presse"),
        ("dpa", "Deutsche Presse-Agentur"),
    ],
)
def test_known_agencies_are_normalised(written: str, canonical: str) -> None:
    assert known_agency(written) == canonical


def test_credit_phrases_split_into_agencies_in_order_without_duplicates() -> None:
    assert normalise_credits("The Associated Press and Reuters") == ("Associated Press", "Reuters")
    assert normalise_credits("AFP, AP & The Associated Press") == (
        "Agence France-Presse",
        "Associated Press",
    )
    assert normalise_credits("News agencies") == ("News agencies",)
    assert normalise_credits("wire reports") == ()
