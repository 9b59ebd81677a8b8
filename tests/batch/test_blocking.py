"""Clustering at scale: blocks by publication window, F's clusterer inside, merges across."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.batch.blocking import (
    UNDATED,
    BlockingOptions,
    block_of,
    cluster_blocks,
    group_blocks,
    story_id_for,
)
from newsfuse.cluster import ArticleFeatures
from newsfuse.cluster.datasets import load_labelled
from newsfuse.cluster.features import text_terms

_TOPICS = [
    "earthquake magnitude quake tremor epicentre richter damage buildings collapsed",
    "election ballot voters polls candidate turnout parliament campaign results",
    "hurricane storm winds landfall evacuation flooding coast rainfall",
    "football match goal striker league final stadium penalty coach",
]


def _features(ids_terms: dict[str, dict[str, float]]):  # type: ignore[no-untyped-def]
    def load(ids: list[str]) -> list[ArticleFeatures]:
        return [ArticleFeatures(article_id=i, terms=ids_terms[i]) for i in ids]

    return load


def _boundary(window_days: int) -> tuple[str, str]:
    """The last day of one window and the first day of the next."""
    day = dt.date(2024, 1, 1)
    while day.toordinal() % window_days != window_days - 1:
        day += dt.timedelta(days=1)
    return day.isoformat(), (day + dt.timedelta(days=1)).isoformat()


def test_blocks_are_time_windows_in_order_with_undated_last() -> None:
    last, first = _boundary(14)
    dates = [("c", first), ("a", None), ("d", last + "T10:00"), ("b", last)]
    blocks = group_blocks(dates, window_days=14)
    assert [ids for _, ids in blocks] == [["b", "d"], ["c"], ["a"]]
    assert blocks[-1][0] == UNDATED
    assert blocks[0][0] + 1 == blocks[1][0]
    assert block_of("not a date", window_days=14) == UNDATED


def test_a_story_across_a_window_boundary_is_merged() -> None:
    words = {f"w:{w}": 1.0 for w in _TOPICS[0].split()}
    other = {f"w:{w}": 1.0 for w in _TOPICS[1].split()}
    terms = {"a1": words, "a2": dict(words), "b1": other}
    last, first = _boundary(14)
    dates = [("a1", last), ("a2", first), ("b1", first)]
    opts = BlockingOptions(window_days=14)
    stories = cluster_blocks(group_blocks(dates, window_days=14), _features(terms), options=opts)
    assert sorted(s.article_ids for s in stories) == [("a1", "a2"), ("b1",)]
    # Far apart in time, the same words are two stories: blocks not next to each other never merge.
    far = [("a1", last), ("a2", "2024-09-15"), ("b1", first)]
    stories = cluster_blocks(group_blocks(far, window_days=14), _features(terms), options=opts)
    assert sorted(s.article_ids for s in stories) == [("a1",), ("a2",), ("b1",)]


@settings(max_examples=30, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 60), st.booleans()), min_size=1, max_size=40
    ),
    seed=st.integers(0, 1000),
)
def test_clustering_is_a_partition_whatever_the_order(
    picks: list[tuple[int, int, bool]], seed: int
) -> None:
    # Input order may change the stories (the stream clusterer depends on arrival order), but
    # never the partition property, and the same order always gives the same stories.
    terms = {}
    dates = []
    for n, (topic, day, dated) in enumerate(picks):
        words = _TOPICS[topic].split()
        terms[f"a{n}"] = {f"w:{w}": 1.0 for w in words[: 4 + n % 5]}
        dates.append((f"a{n}", f"2024-03-{1 + day % 28:02d}" if dated else None))
    load = _features(terms)
    stories = cluster_blocks(group_blocks(dates, window_days=7), load)
    members = [a for s in stories for a in s.article_ids]
    assert sorted(members) == sorted(terms)  # each article in exactly one story
    assert all(s.id == story_id_for(s.article_ids) for s in stories)
    assert cluster_blocks(group_blocks(dates, window_days=7), load) == stories
    random.Random(seed).shuffle(dates)
    shuffled = cluster_blocks(group_blocks(dates, window_days=7), load)
    assert sorted(a for s in shuffled for a in s.article_ids) == sorted(terms)
    assert all(s.id == story_id_for(s.article_ids) for s in shuffled)


def test_ecb_topics_come_out_as_separate_stories(data_dir: Path) -> None:
    data = load_labelled(data_dir / "clustering" / "ecbplus_dev.jsonl")
    chosen = [(a, e) for a, e in zip(data.articles, data.events, strict=True)
              if e.split("_")[0] in ("1", "3", "5")]  # fmt: skip
    terms = {a.id: {k: float(v) for k, v in text_terms(a.title or "", a.text).items()}
             for a, _ in chosen}  # fmt: skip
    stories = cluster_blocks(group_blocks([(a.id, None) for a, _ in chosen], window_days=14),
                             _features(terms))  # fmt: skip
    topic = {a.id: e.split("_")[0] for a, e in chosen}
    # No story mixes two topics (different kinds of event), on real articles.
    mixed = [s for s in stories if len({topic[a] for a in s.article_ids}) > 1]
    assert len(mixed) <= 1
    assert len(stories) >= 3
