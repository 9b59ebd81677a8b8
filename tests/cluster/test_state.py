from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsfuse.cluster import ArticleFeatures, ClusterOptions, StoryClusterer, extract_features
from newsfuse.cluster.datasets import load_labelled
from newsfuse.cluster.live import StoryAssigner
from newsfuse.cluster.state import StateTracker, restore
from newsfuse.models import Article
from newsfuse.store import AddResult, open_store

# Small windows so that a short stream splits, merges, freezes and decays its DF.
OPTIONS = ClusterOptions(freeze_after_articles=40, df_half_life=25, split_min_size=4)


@pytest.fixture(scope="module")
def ecb_articles(data_dir: Path) -> list[Article]:
    return list(load_labelled(data_dir / "clustering" / "ecbplus_dev.jsonl").articles[:120])


def _partition(clusterer: StoryClusterer, frozen: dict[str, str]) -> dict[str, str]:
    placed = dict(frozen)
    for story in clusterer.stories():
        placed.update(dict.fromkeys(story.article_ids, story.id))
    return placed


def test_two_assigners_taking_turns_on_one_store_match_a_clusterer_that_never_stopped(
    ecb_articles: list[Article], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fold the per-batch DF log into the term table every 5 writes, so both paths are used.
    monkeypatch.setattr("newsfuse.store.stream.DF_LOG_FOLD", 5)
    reference = StoryClusterer(options=OPTIONS)
    frozen: dict[str, str] = {}
    for features in extract_features(ecb_articles, nlp=None):
        for story in reference.add(features).frozen:
            frozen.update(dict.fromkeys(story.article_ids, story.id))
    assert reference.decays >= 2 and frozen  # the stream exercised decay and freezing
    with open_store(tmp_path / "news.db") as store:
        # Two writers on one database (as an ingest and a server would be), alternating
        # batches: each must pick up the other's writes before placing its own articles.
        first = StoryAssigner(store, options=OPTIONS)
        second = StoryAssigner(store, options=OPTIONS)
        for n, start in enumerate(range(0, len(ecb_articles), 7)):
            batch = ecb_articles[start : start + 7]
            result = store.add_articles(batch)
            (first if n % 2 == 0 else second)(batch, result)
        stored = {a.id: store.story_of(a.id) for a in ecb_articles}
        assert second.version > first.version  # the second wrote last: the first catches up
        caught_up = first.load()
        reloaded = StoryAssigner(store, options=OPTIONS).load()  # a new process: every row
    assert first.reloads > 5 and second.reloads > 5
    assert stored == _partition(reference, frozen)
    for clusterer in (caught_up, reloaded):
        assert [s.id for s in clusterer.stories()] == [s.id for s in reference.stories()]
        assert clusterer.stories() == reference.stories()
        assert clusterer.dfs.df == reference.dfs.df
        assert clusterer.dfs.n_docs == reference.dfs.n_docs
        postings = {k: list(v.items()) for k, v in clusterer.index.postings.items()}
        assert postings == {k: list(v.items()) for k, v in reference.index.postings.items()}
        assert clusterer.footprint() == reference.footprint()


def test_an_assigner_resumes_after_a_restart_and_places_the_next_articles_identically(
    ecb_articles: list[Article], tmp_path: Path
) -> None:
    head, tail = ecb_articles[:80], ecb_articles[80:]
    reference = StoryClusterer(options=OPTIONS)
    for features in extract_features(head, nlp=None):
        reference.add(features)
    with open_store(tmp_path / "news.db") as store:
        StoryAssigner(store, options=OPTIONS)(head, store.add_articles(head))
    with open_store(tmp_path / "news.db") as store:  # a new process
        resumed = StoryAssigner(store, options=OPTIONS).load()
    expected = [reference.add(f) for f in extract_features(tail, nlp=None)]
    got = [resumed.add(f) for f in extract_features(tail, nlp=None)]
    assert got == expected


def _replay(base: list[ArticleFeatures], size: int) -> Iterator[ArticleFeatures]:
    """The same articles again and again, every term renamed per round: fresh events."""
    for i in range(size):
        item = base[i % len(base)]
        round_ = i // len(base)
        terms = {f"{k}~{round_}": v for k, v in item.terms.items()}
        yield replace(item, article_id=f"{item.article_id}~{round_}", terms=terms)


def test_memory_is_bounded_by_the_live_window_not_the_stream(
    ecb_articles: list[Article],
) -> None:
    base = list(extract_features(ecb_articles, nlp=None))
    window = 30
    options = ClusterOptions(freeze_after_articles=window, df_half_life=window)
    clusterer = StoryClusterer(options=options)
    sizes = []
    for n, features in enumerate(_replay(base, 1200), start=1):
        clusterer.add(features)
        if n % 300 == 0:
            sizes.append(clusterer.footprint())
    most_terms = max(len(f.terms) for f in base)
    for size in sizes:
        # Live stories are those active within the window; the DF holds at most the terms of
        # about four half-lives of arrivals (counts halve, and below one half they go).
        assert size["live members"] <= 2 * window
        assert size["seen ids"] == size["live members"]
        assert size["member vectors"] <= size["live members"]
        assert size["df terms"] <= 4 * window * most_terms
    # Flat after warm-up: 4x the stream, no more than 1.5x any structure.
    for key in sizes[0]:
        assert sizes[-1][key] <= 1.5 * max(sizes[0][key], 10), key
    unbounded = StoryClusterer(options=ClusterOptions(df_half_life=0))
    for features in _replay(base, 300):
        unbounded.add(features)
    assert sizes[0]["df terms"] < unbounded.footprint()["df terms"]


def test_a_fresh_store_gives_a_fresh_clusterer(tmp_path: Path) -> None:
    with open_store(tmp_path / "news.db") as store:
        assigner = StoryAssigner(store)
        assert len(assigner.load()) == 0 and assigner.version == 0
        assigner([], AddResult((), ()))
        assert store.list_stories() == []


def test_the_saved_order_survives_a_reordering_the_tracker_did_not_see(
    ecb_articles: list[Article], tmp_path: Path
) -> None:
    clusterer, tracker = StoryClusterer(options=OPTIONS), StateTracker()
    features = list(extract_features(ecb_articles[:40], nlp=None))
    with open_store(tmp_path / "news.db") as store:
        for n, item in enumerate(features):
            tracker.observe(clusterer.add(item), item.terms)
            if n == 29:
                with store.stream_transaction() as tx:
                    tx.write(tracker.delta(clusterer), [])
        # Some future code path moves an old story to the recent end unannounced.
        oldest = next(iter(clusterer._stories))
        clusterer._stories.move_to_end(oldest)
        with store.stream_transaction() as tx:
            tx.write(tracker.delta(clusterer), [])
            rows = tx.load()
    assert tracker.ranks[oldest] == max(tracker.ranks.values())
    assert restore(rows, options=OPTIONS).stories() == clusterer.stories()


def test_the_same_article_twice_in_one_batch_is_placed_once(
    ecb_articles: list[Article], tmp_path: Path
) -> None:
    batch = [ecb_articles[0], ecb_articles[1], ecb_articles[0]]
    with open_store(tmp_path / "news.db") as store:
        assigner = StoryAssigner(store)
        assigner(batch, store.add_articles(batch))
        placed = [a for story in store.list_stories() for a in story.article_ids]
        assert sorted(placed) == sorted({ecb_articles[0].id, ecb_articles[1].id})
        assert StoryAssigner(store).load().stories() == assigner.clusterer.stories()
