"""Batch clustering: the stream clusterer run twice over the articles in arrival order.

The first pass learns the IDF of the whole collection; the second re-clusters with that IDF
fixed (so the first articles are weighed as well as the last), and a final split test runs on
every story. The algorithm is the stream's, so a stream and a batch over the same articles
agree closely (bench/cluster.py reports by how much).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsfuse.cluster.features import ArticleFeatures
from newsfuse.cluster.stream import ClusterOptions, StoryClusterer, StorySummary
from newsfuse.cluster.vectors import DocumentFrequencies


@dataclass(frozen=True, slots=True)
class Partition:
    """Every article's story id, and the stories (each article in exactly one)."""

    labels: dict[str, str]  # article id -> story id
    stories: tuple[StorySummary, ...]

    def labels_for(self, article_ids: Sequence[str]) -> list[str]:
        """The story id of each article id, in the order given."""
        return [self.labels[article_id] for article_id in article_ids]


def cluster_stream(
    features: Sequence[ArticleFeatures],
    *,
    options: ClusterOptions | None = None,
    dfs: DocumentFrequencies | None = None,
    progress: Callable[[int], None] | None = None,
) -> Partition:
    """One pass of the stream clusterer over ``features`` in order; every story ends frozen.

    Raises:
        InputError: when two articles share an id.
    """
    clusterer = StoryClusterer(options=options, dfs=dfs)
    kept: list[StorySummary] = []
    for done, item in enumerate(features, start=1):
        kept.extend(clusterer.add(item).frozen)
        if progress is not None:
            progress(done)
    return _partition([*kept, *clusterer.freeze_all()])


def cluster_batch(
    features: Sequence[ArticleFeatures],
    *,
    options: ClusterOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> Partition:
    """Stories of a whole collection: learn the IDF, re-cluster with it fixed, split-check all.

    ``progress`` is called with the number of articles done in the second pass.

    Raises:
        InputError: when two articles share an id.
    """
    learner = StoryClusterer(options=options)
    for item in features:
        learner.add(item)
    dfs = DocumentFrequencies(n_docs=learner.dfs.n_docs, df=learner.dfs.df, frozen=True)
    clusterer = StoryClusterer(options=options, dfs=dfs)
    kept: list[StorySummary] = []
    for done, item in enumerate(features, start=1):
        kept.extend(clusterer.add(item).frozen)
        if progress is not None:
            progress(done)
    pending = [summary.id for summary in clusterer.stories()]
    while pending:  # each split leaves smaller stories, so this ends
        story_id = pending.pop()
        fresh = clusterer.split(story_id)
        if fresh:
            pending += [story_id, *fresh]
    return _partition([*kept, *clusterer.freeze_all()])


def _partition(stories: Sequence[StorySummary]) -> Partition:
    labels = {article_id: story.id for story in stories for article_id in story.article_ids}
    return Partition(labels=labels, stories=tuple(stories))
