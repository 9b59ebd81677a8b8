"""Batch clustering: the stream clusterer run twice over the articles in arrival order.

The first pass learns the IDF of the whole collection; the second re-clusters with that IDF
fixed (so the first articles are weighed as well as the last), and a final split test runs on
every story. The algorithm is the stream's, so a stream and a batch over the same articles
agree closely (bench/cluster.py reports by how much).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from newsfuse.cluster.features import Analyzer, ArticleFeatures, extract_features
from newsfuse.cluster.stream import ClusterOptions, StoryClusterer, StorySummary
from newsfuse.cluster.vectors import DocumentFrequencies
from newsfuse.models import Article


@dataclass(frozen=True, slots=True)
class Partition:
    """Every article's story id, and the stories (each article in exactly one)."""

    labels: dict[str, str]  # article id -> story id
    stories: tuple[StorySummary, ...]
    # The document frequencies the stories were found with (cluster_batch: the learned,
    # frozen table), so a caller can weigh the same terms the same way without relearning.
    dfs: DocumentFrequencies | None = None

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
    dfs: DocumentFrequencies | None = None,
    multilingual: Any | None = None,
) -> Partition:
    """Stories of a whole collection: learn the IDF, re-cluster with it fixed, split-check all.

    ``progress`` is called with the number of articles done in the second pass. ``dfs``, when
    given, is the IDF to use instead of learning one (e.g. a larger collection's, when
    ``features`` are one part of it); it is not changed. ``multilingual`` (a multilingual
    title encoder, `newsfuse.nlp.load_multilingual`) then joins stories of one event told in
    different languages (`newsfuse.cluster.crosslingual`).

    Raises:
        InputError: when two articles share an id.
    """
    if dfs is None:
        learner = StoryClusterer(options=options)
        for item in features:
            learner.add(item)
        dfs = learner.dfs
    dfs = DocumentFrequencies(n_docs=dfs.n_docs, df=dfs.df, frozen=True)
    clusterer = StoryClusterer(options=options, dfs=dfs)
    kept: list[StorySummary] = []
    for done, item in enumerate(features, start=1):
        kept.extend(clusterer.add(item).frozen)
        if progress is not None:
            progress(done)
    # freeze_all split-checks every story first (as a stream does when a story freezes).
    partition = _partition([*kept, *clusterer.freeze_all()], dfs=dfs)
    if multilingual is None:
        return partition
    from newsfuse.cluster.crosslingual import link_partition

    return link_partition(partition, features, encoder=multilingual)[0]


def _partition(
    stories: Sequence[StorySummary], *, dfs: DocumentFrequencies | None = None
) -> Partition:
    labels = {article_id: story.id for story in stories for article_id in story.article_ids}
    return Partition(labels=labels, stories=tuple(stories), dfs=dfs)


def cluster_articles(
    articles: Sequence[Article],
    *,
    analyze: Analyzer | None = None,
    encoder: Any | None = None,
    options: ClusterOptions | None = None,
    chunk: int = 64,
    progress: Callable[[int], None] | None = None,
    multilingual: Any | None = None,
) -> Partition:
    """Batch stories of articles: features (with names from ``analyze``'s analyses when it is
    given: `newsfuse.session.Session.analyze`), then clustering.

    ``progress`` receives the number of articles whose features are done (the slow part).
    Articles with the same id are clustered once (a repeated id joins the first one's story).
    """
    first: dict[str, Article] = {}
    for article in articles:
        first.setdefault(article.id, article)
    unique = list(first.values())
    feats: list[ArticleFeatures] = []
    for start in range(0, len(unique), chunk):
        part = unique[start : start + chunk]
        found = analyze(part) if analyze is not None else None
        feats += extract_features(part, analyses=found, encoder=encoder)
        if progress is not None:
            progress(len(feats))
    return cluster_batch(feats, options=options, multilingual=multilingual)
