"""Fusion fuzzed with hypothesis: prefixes of real articles cut anywhere, and odd punctuation,
parentheses and quotes at the end of a text. No input may lose a story's report.

Bounded in time: few examples, no deadline; models and seed texts come from session fixtures.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.models import Article, content_id
from newsfuse.pipeline import fuse_articles

_SETTINGS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Texts are cut within their first characters so that each example stays cheap to fuse.
_HEAD = 1_500
_ENDINGS = [
    ",",
    ", ",
    " (",
    "(11 points, 11 rebounds).",
    ' "',
    "”",
    "’s",
    "...",
    " - ",
    ";",
    ")",
    "))",
    '."',
    "?!",
    " 100, 000",
    " AK 47",
    ", as",
    "\n\n",
    ":",
    " $",
    " 4.",
]


def _article(text: str, source: str) -> Article:
    return Article(id=content_id(text), text=text, source=source)


def _fuse_keeps_report(texts: list[str], nlp: Any, encoder: Any) -> None:
    articles = [_article(t, f"s{k}") for k, t in enumerate(texts) if t.strip()]
    if not articles:
        return
    report = fuse_articles(articles, nlp=nlp, encoder=encoder)
    ids = {a.id for a in articles}
    assert {d.id for d in report.documents} == ids
    texts_by_id = {d.id: d.text for d in report.documents}
    for fact in report.facts:
        for e in fact.evidence:
            assert texts_by_id[e.doc][e.start : e.end] == e.text
    for c in report.conflicts:
        assert len(c.sides) >= 2


@_SETTINGS
@given(data=st.data())
def test_every_prefix_of_real_articles_fuses(
    data: st.DataObject, seed_articles: list[Article], nlp: Any, encoder: Any
) -> None:
    first, second = (a.text[:_HEAD] for a in seed_articles[:2])
    cut = data.draw(st.integers(min_value=1, max_value=len(first)), label="cut")
    _fuse_keeps_report([first[:cut], second], nlp, encoder)


@_SETTINGS
@given(
    cut=st.integers(min_value=40, max_value=_HEAD),
    ending=st.lists(st.sampled_from(_ENDINGS), min_size=1, max_size=4).map("".join),
)
def test_odd_endings_fuse(
    cut: int, ending: str, seed_articles: list[Article], nlp: Any, encoder: Any
) -> None:
    first, second = (a.text[:_HEAD] for a in seed_articles[1:3])
    _fuse_keeps_report([first[:cut] + ending, second + ending], nlp, encoder)
