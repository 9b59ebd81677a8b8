"""The scale sets of bench/conflicts.py: what makes their conflicts false by construction."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


@pytest.fixture(scope="module")
def bench(load_bench: Callable[[str], ModuleType]) -> ModuleType:
    return load_bench("conflicts")


def test_unrelated_articles_come_from_distinct_events(bench: ModuleType) -> None:
    texts = bench.unrelated(200)
    assert len(texts) == 200 and len({e for _, e in texts}) == 200


def test_same_topic_pairs_hold_two_events_of_one_topic(data_dir: Path, bench: ModuleType) -> None:
    topic = {}
    with (data_dir / "clustering" / "ecbplus_dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            topic[row["event"]] = row["topic"]
    pairs = bench.same_topic_pairs(20)
    assert len(pairs) >= 10
    for (_, a), (_, b) in pairs:
        assert a != b and topic[a] == topic[b]
    for story in bench.topic_stories(3):
        assert len({e for _, e in story}) == 2 and len({topic[e] for _, e in story}) == 1


def test_a_small_unrelated_story_gives_no_false_conflict(
    nlp: Any, encoder: Any, bench: ModuleType
) -> None:
    from newsfuse.fusion.embed import EmbeddingCache

    rows = bench.scale_rows([6], 1, 0, (nlp, encoder, EmbeddingCache()), None)
    assert [r[0] for r in rows] == [
        "6 articles, 6 events, one story",
        "1 ECB+ pairs: one topic, two events (2 articles)",
    ]
    assert all(r[1] > 0 and r[2] == 0 for r in rows)  # facts found, no conflict across events


def test_planted_cases_change_or_restate_one_report(
    nlp: Any, load_bench: Callable[[str], ModuleType]
) -> None:
    """A value two reports state in other words is changed (planted) or restated in the first
    report's own sentence; the other report keeps its wording."""
    from newsfuse.analyze import analyze_articles
    from newsfuse.ingest import article_from_text

    planted = load_bench("conflicts_planted")
    texts = [
        "The council approved 1,200 new homes for the valley on Monday evening.",
        "Plans for 1,200 new homes in the valley won the backing of councillors.",
    ]
    articles = [article_from_text(t, source=str(k)) for k, t in enumerate(texts)]
    cases = planted.cases_of("s", texts, analyze_articles(articles, nlp=nlp), 2)
    by_planted = {c.planted: c for c in cases if c.old == "1,200 new homes"}
    assert by_planted[True].new == "2,040 new homes"
    assert by_planted[False].new == "1200 new homes"
    for case in by_planted.values():
        assert case.texts[0] == texts[0].replace(case.old, case.new)
        assert texts[1] in case.texts[1:]
    assert planted.half("neus:neus-0") in ("tune", "check")
