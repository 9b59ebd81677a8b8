"""Quality floors on the dev sets (words, numbers and days; see conftest). Floors only go up,
unless the note says why."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.cluster import (
    ArticleFeatures,
    agreement,
    cluster_articles,
    cluster_batch,
    cluster_stream,
    score,
    singleton_labels,
)
from newsfuse.cluster.datasets import LabelledSet
from newsfuse.models import Article

Loaded = tuple[LabelledSet, list[ArticleFeatures]]

# Measured 2026-11-23 (session 4) with the defaults, words, numbers and days, on the sets read
# through ingest (as `newsfuse cluster` reads them): ECB+ batch 0.955, stream 0.958, agreement
# 0.962; MMDS batch 0.829, stream 0.810, agreement 0.763 (catch-all 166 scored as singletons).
# The session-3 defaults on the same articles: ECB+ 0.942 / 0.934 / 0.964, MMDS 0.827 / 0.816 /
# 0.799. The MMDS agreement floor came down from 0.78 with the title weight of 3 (the trade is
# in bench/results/cluster.md); every other floor went up.
FLOORS = {
    "ecbplus": {"batch": 0.95, "stream": 0.95, "agreement": 0.95},
    "mmds": {"batch": 0.82, "stream": 0.80, "agreement": 0.75},
}


@pytest.mark.slow
@pytest.mark.parametrize("name, catch", [("ecbplus", None), ("mmds", "166")])
def test_quality_floors(name: str, catch: str | None, request: pytest.FixtureRequest) -> None:
    data, feats = request.getfixturevalue(name)
    gold = singleton_labels(data.events, catch_all=catch)
    ids = [f.article_id for f in feats]
    batch = cluster_batch(feats).labels_for(ids)
    stream = cluster_stream(feats).labels_for(ids)
    floors = FLOORS[name]
    assert score(gold, batch).f1 >= floors["batch"]
    assert score(gold, stream).f1 >= floors["stream"]
    assert agreement(batch, stream) >= floors["agreement"]


@pytest.mark.slow
def test_batch_beats_one_story_per_topic(ecbplus: Loaded) -> None:
    """Clustering only by topic (merging each topic's two events) scores well below us."""
    data, feats = ecbplus
    topics = [event.split("_")[0] for event in data.events]
    ours = cluster_batch(feats).labels_for([f.article_id for f in feats])
    assert score(data.events, ours).f1 > score(data.events, topics).f1 + 0.1


@settings(max_examples=25, deadline=None)
@given(
    order=st.permutations(list(range(30))),
    threshold=st.floats(0.05, 0.3),
)
def test_batch_is_a_partition_in_any_order(
    order: list[int], threshold: float, ecbplus_small: Loaded
) -> None:
    from newsfuse.cluster import ClusterOptions

    _, feats = ecbplus_small
    shuffled = [feats[i] for i in order]
    partition = cluster_batch(shuffled, options=ClusterOptions(threshold=threshold))
    members = [m for story in partition.stories for m in story.article_ids]
    assert sorted(members) == sorted(f.article_id for f in feats)
    assert set(partition.labels) == {f.article_id for f in feats}


@pytest.fixture(scope="module")
def ecbplus_small(ecbplus: Loaded) -> Loaded:
    data, feats = ecbplus
    picked = [i for i, a in enumerate(data.articles) if a.id.split("_")[0] in {"1", "7", "12"}][:30]
    small = LabelledSet(
        data.name,
        tuple(data.articles[i] for i in picked),
        tuple(data.events[i] for i in picked),
    )
    return small, [feats[i] for i in picked]


def test_cluster_articles_keeps_one_entry_per_id(ecbplus_small: Loaded) -> None:
    data, _ = ecbplus_small
    articles = list(data.articles[:6])
    repeated = [*articles, Article(id=articles[0].id, source="again", text="other words")]
    partition = cluster_articles(repeated)
    assert set(partition.labels) == {a.id for a in articles}
