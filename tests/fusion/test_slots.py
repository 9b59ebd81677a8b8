"""Claim-level value matching (``RuleVerifier(slots=True)``, off by default): values of
differently worded reports compared by their slots."""

from __future__ import annotations

from typing import Any

import pytest

from newsfuse.fusion.rules import RuleVerifier
from newsfuse.ingest import article_from_text
from newsfuse.pipeline import FuseOptions, fuse_articles

# Two sentences both reports share in their own words, so that they are about one story.
_SHARED_A = (
    "Protesters gathered outside the parliament building in the capital on the same afternoon. "
    "The opposition leader called for an independent inquiry into the spending of public money."
)
_SHARED_B = (
    "Protesters gathered outside the parliament building in the capital that afternoon. "
    "The opposition leader demanded an independent inquiry into how public money was spent."
)


def _conflicts(a: str, b: str, nlp: Any, encoder: Any, published: str | None = None) -> set[str]:
    articles = [
        article_from_text(f"{_SHARED_A} {a}", source="a", published=published),
        article_from_text(f"{b} {_SHARED_B}", source="b", published=published),
    ]
    verifier = RuleVerifier(nlp=nlp, encoder=encoder, slots=True)
    report = fuse_articles(
        articles, nlp=nlp, encoder=encoder, options=FuseOptions(verifier=verifier)
    )
    return {"/".join(sorted(s.value for s in c.sides)) for c in report.conflicts}


@pytest.mark.parametrize(
    ("a", "b", "published", "expected"),
    [
        (
            "The jobless rate climbed to 4.9% in May, the government said.",
            "Unemployment rose last month to 4.1%, the statistics office said.",
            "2024-06-10",
            "4.1%/4.9%",
        ),
        (
            "The council approved a $45 million flood-relief package for the region.",
            "Residents will draw on the emergency fund of roughly $120 million that the council "
            "approved.",
            None,
            "$45 million/roughly $120 million",
        ),
        (
            "The port reopened in 2019 after years of repairs to its main quay.",
            "Trade has grown steadily since the harbour was opened again in 2021, officials said.",
            None,
            "2019/2021",
        ),
        (
            "The minister said Tuesday she would resign at the end of the month.",
            "The minister said on Friday that she would step down at the end of the month.",
            None,
            "Tuesday/on Friday",
        ),
    ],
)
def test_values_in_other_words_are_compared(
    a: str, b: str, published: str | None, expected: str, nlp: Any, encoder: Any
) -> None:
    assert expected in _conflicts(a, b, nlp, encoder, published)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # different time anchors
        (
            "The economy grew 7% in 2021 according to the central bank.",
            "The economy grew 5% in 2022 according to the central bank.",
        ),
        # one minister said two things on two days
        (
            "The minister said Tuesday she would resign at the end of the month.",
            "The minister said on Friday that the budget would pass next week.",
        ),
        # miles against kilometres
        (
            "The river path is 3 miles long and follows the old canal.",
            "The path along the river runs for five kilometres beside the old canal.",
        ),
        # opposite events
        (
            "The port reopened in 2019 after years of repairs to its main quay.",
            "The harbour was closed in 2021 after a storm, officials said.",
        ),
    ],
)
def test_guards_keep_these_apart(a: str, b: str, nlp: Any, encoder: Any) -> None:
    assert _conflicts(a, b, nlp, encoder) == set()
