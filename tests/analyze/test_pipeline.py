from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.analyze import analyze_articles
from newsfuse.errors import ModelError
from newsfuse.models import Article, DocAnalysis, content_id

PIECES = [
    "Rebels seized Rastan and Talbiseh,",
    "advancing within three miles of Homs.",
    "“We are in a good position,” said Defense Minister Gen. Ali Mahmoud Abbas.",
    "Hayat Tahrir al-Sham (HTS) leader Abu Mohammed al-Jawlani declared, “Your time has come.",
    "The dollar traded at 18,000 pounds, up 25% in a week;",
    "Tens of thousands fled over the weekend",
    "according to the Syrian Observatory for Human Rights",
    'He said that "the war began in 2011" and',
    "Assad’s",
    "—",
    '"',
    "“",
    "”",
    "(UN)",
    "5 km",
    "last Friday",
    "Erdoğan",
]


def _spans(analysis: DocAnalysis) -> list[tuple[int, int, str]]:
    spans = [(s.start, s.end, s.text) for s in analysis.sentences]
    spans += [(m.start, m.end, m.text) for m in analysis.mentions]
    spans += [(q.start, q.end, q.text) for q in analysis.quantities]
    spans += [(t.start, t.end, t.text) for t in analysis.times]
    for q in analysis.quotes:
        spans.append((q.start, q.end, q.text))
        spans += [(s.start, s.end, s.text) for s in (q.speaker_span, q.speaker_ref) if s]
    spans += [(a.source_span.start, a.source_span.end, a.source) for a in analysis.attributions]
    return spans


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(PIECES), st.sampled_from([" ", "\n", "\n\n", "", "  "])),
        min_size=1,
        max_size=12,
    )
)
def test_every_span_slices_the_text_exactly(nlp: Any, parts: list[tuple[str, str]]) -> None:
    text = "".join(piece + sep for piece, sep in parts)
    article = Article(id=content_id(text), source="<h>", text=text, published="2024-12-07")
    (analysis,) = analyze_articles([article], nlp=nlp)
    for start, end, span_text in _spans(analysis):
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == span_text
    for s in analysis.sentences:
        assert "\n" not in s.text and s.text == s.text.strip()
    for a in analysis.attributions:
        assert 0 <= a.sentence < len(analysis.sentences)


def test_results_follow_input_order_and_batching_changes_nothing(
    nlp: Any, seed_articles: list[Article], seed_analyses: list[DocAnalysis]
) -> None:
    reverse = analyze_articles(seed_articles[::-1], nlp=nlp, batch_size=1)
    assert [a.article_id for a in reverse] == [a.id for a in seed_articles[::-1]]
    assert reverse[::-1] == seed_analyses


def test_empty_input(nlp: Any) -> None:
    assert analyze_articles([], nlp=nlp) == []
    (empty,) = analyze_articles([Article(id="x", source="x", text="")], nlp=nlp)
    assert empty.sentences == () and empty.mentions == ()


def test_a_pipeline_without_parser_is_refused() -> None:
    article = Article(id="x", source="x", text="Rebels took Homs.")
    with pytest.raises(ModelError, match=r"parser.*load_spacy\(\)"):
        analyze_articles([article], nlp=spacy.blank("en"))


def test_an_analysis_cache_analyses_each_article_once_and_gives_the_same_analyses(
    seed_story: tuple[list[Any], list[Any]], nlp: Any
) -> None:
    from newsfuse.analyze.pipeline import AnalysisCache

    articles, fresh = seed_story
    cache = AnalysisCache(max_articles=4)
    assert cache.analyze(articles[:3], nlp=nlp) == fresh[:3]
    assert cache.analyze(articles, nlp=nlp) == fresh  # two new articles analysed
    assert cache.analyzed == len(articles) and len(cache) == 4  # the first one forgotten
    assert cache.analyze(articles[1:], nlp=nlp) == fresh[1:]
    assert cache.analyzed == len(articles)
