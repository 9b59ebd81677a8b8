"""Clustering at scale: bounded blocks, the clusterer inside each, merges across blocks."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.batch.blocking import (
    UNDATED,
    BlockingOptions,
    Entry,
    cluster_blocks,
    place_undated,
    plan_blocks,
    signature,
    story_id_for,
    window_of,
)
from newsfuse.cluster import ArticleFeatures, cluster_batch
from newsfuse.cluster.datasets import load_labelled
from newsfuse.cluster.features import text_terms
from newsfuse.cluster.metrics import agreement
from newsfuse.cluster.vectors import DocumentFrequencies

_TOPICS = [
    "earthquake magnitude quake tremor epicentre richter damage buildings collapsed",
    "election ballot voters polls candidate turnout parliament campaign results",
    "hurricane storm winds landfall evacuation flooding coast rainfall",
    "football match goal striker league final stadium penalty coach",
]


def _job(
    feats: list[ArticleFeatures], opts: BlockingOptions
) -> tuple[list[Entry], DocumentFrequencies]:
    """Entries and document frequencies of a job, as the runner makes them."""
    dfs = DocumentFrequencies()
    for f in feats:
        dfs.observe(f.terms)
    return [Entry(f.article_id, f.published, signature(f.terms, dfs, options=opts))
            for f in feats], dfs  # fmt: skip


def _stories(feats: list[ArticleFeatures], opts: BlockingOptions) -> list[tuple[str, ...]]:
    by_id = {f.article_id: f for f in feats}
    entries, dfs = _job(feats, opts)
    blocks = plan_blocks(entries, options=opts)
    found = cluster_blocks(blocks, lambda ids: [by_id[i] for i in ids], options=opts, dfs=dfs)
    return sorted(s.article_ids for s in found)


def _words(topic: int, n: int = 9) -> dict[str, float]:
    return {f"w:{w}": 1.0 for w in _TOPICS[topic].split()[:n]}


def _boundary(window_days: int) -> tuple[dt.date, dt.date]:
    """The last day of one window and the first day of the next."""
    day = dt.date(2024, 1, 1)
    while day.toordinal() % window_days != window_days - 1:
        day += dt.timedelta(days=1)
    return day, day + dt.timedelta(days=1)


def test_an_undated_article_joins_the_window_of_its_nearest_dated_article() -> None:
    last, first = _boundary(14)
    feats = [
        ArticleFeatures("quake", _words(0), published=last),
        ArticleFeatures("vote", _words(1), published=first),
        ArticleFeatures("quake-undated", _words(0, 7)),
        ArticleFeatures("football-undated", _words(3)),
    ]
    opts = BlockingOptions(window_days=14)
    entries, _ = _job(feats, opts)
    windows = place_undated(entries, options=opts)
    assert windows[0] == window_of(last, window_days=14)
    assert windows[1] == windows[0] + 1
    assert windows[2] == windows[0]  # placed with its dated neighbour
    assert windows[3] == UNDATED  # no dated article shares its terms


def test_blocks_are_bounded_and_keep_input_order() -> None:
    feats = [
        ArticleFeatures(f"a{n}", _words(n % 4, 5 + n % 5),
                        published=None if n % 3 else dt.date(2024, 3, 1 + n % 20))
        for n in range(60)
    ]  # fmt: skip
    opts = BlockingOptions(max_block=16)
    entries, _ = _job(feats, opts)
    blocks = plan_blocks(entries, options=opts)
    assert all(len(b.article_ids) <= 16 for b in blocks)
    assert sorted(a for b in blocks for a in b.article_ids) == sorted(f.article_id for f in feats)
    position = {f.article_id: n for n, f in enumerate(feats)}
    for block in blocks:
        assert [position[a] for a in block.article_ids] == sorted(
            position[a] for a in block.article_ids
        )
    assert plan_blocks(entries, options=opts) == blocks


def test_a_story_across_a_window_boundary_is_merged_but_not_across_months() -> None:
    last, first = _boundary(14)
    # One article per block, so only the merge can put the two quake reports together.
    opts = BlockingOptions(window_days=14, max_block=1)
    feats = [ArticleFeatures("a1", _words(0), published=last),
             ArticleFeatures("a2", _words(0), published=first),
             ArticleFeatures("b1", _words(1), published=first)]  # fmt: skip
    assert _stories(feats, opts) == [("a1", "a2"), ("b1",)]
    # Far apart in time, the same words are two stories.
    far = [*feats[:1], ArticleFeatures("a2", _words(0), published=dt.date(2024, 9, 15)),
           feats[2]]  # fmt: skip
    assert _stories(far, opts) == [("a1",), ("a2",), ("b1",)]


@settings(max_examples=30, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 60), st.booleans()), min_size=1, max_size=40
    ),
    seed=st.integers(0, 1000),
    max_block=st.integers(1, 12),
)
def test_clustering_is_a_partition_whatever_the_order(
    picks: list[tuple[int, int, bool]], seed: int, max_block: int
) -> None:
    # Input order may change the stories (the stream clusterer depends on arrival order), but
    # never the partition property, and the same order always gives the same stories.
    feats = [
        ArticleFeatures(f"a{n}", _words(topic, 4 + n % 5),
                        published=dt.date(2024, 3, 1 + day % 28) if dated else None)
        for n, (topic, day, dated) in enumerate(picks)
    ]  # fmt: skip
    opts = BlockingOptions(window_days=7, max_block=max_block)
    stories = _stories(feats, opts)
    assert sorted(a for s in stories for a in s) == sorted(f.article_id for f in feats)
    assert _stories(feats, opts) == stories
    random.Random(seed).shuffle(feats)
    shuffled = _stories(feats, opts)
    assert sorted(a for s in shuffled for a in s) == sorted(f.article_id for f in feats)
    assert story_id_for(["b", "a"]) == story_id_for(["a", "b"])


def _ecb(data_dir: Path) -> tuple[list[ArticleFeatures], dict[str, str]]:
    data = load_labelled(data_dir / "clustering" / "ecbplus_dev.jsonl")
    chosen = [(a, e) for a, e in zip(data.articles, data.events, strict=True)
              if e.split("_")[0] in ("1", "3", "5", "8")]  # fmt: skip
    feats = [
        ArticleFeatures(a.id, {k: float(v) for k, v in text_terms(a.title or "", a.text).items()})
        for a, _ in chosen
    ]
    return feats, {a.id: e.split("_")[0] for a, e in chosen}


def test_one_block_is_exactly_cluster_batch(data_dir: Path) -> None:
    feats, _ = _ecb(data_dir)
    reference = cluster_batch(feats).labels_for([f.article_id for f in feats])
    stories = _stories(feats, BlockingOptions())
    label = {a: n for n, s in enumerate(stories) for a in s}
    assert agreement(reference, [label[f.article_id] for f in feats]) == 1.0


def test_small_blocks_stay_close_to_cluster_batch_on_real_articles(data_dir: Path) -> None:
    feats, topic = _ecb(data_dir)
    ids = [f.article_id for f in feats]
    reference = cluster_batch(feats).labels_for(ids)
    opts = BlockingOptions(max_block=len(feats) // 4)
    stories = _stories(feats, opts)
    label = {a: n for n, s in enumerate(stories) for a in s}
    # Measured 2026-11-22 (text terms only, no dates): ARI 0.872 with blocks of a quarter of
    # the articles (0.946 with halves); pinned lower, as the clusterer is being tuned.
    assert agreement(reference, [label[i] for i in ids]) >= 0.8
    # No story mixes two topics (different kinds of event).
    assert sum(len({topic[a] for a in s}) > 1 for s in stories) <= 1
