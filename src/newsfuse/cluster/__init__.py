"""Story clustering: a stream of articles grouped into stories as they arrive, and in batch.

``StoryClusterer.add`` places one article at a time (stream); ``cluster_batch`` clusters a
whole collection with the same algorithm. Both work on ``ArticleFeatures`` made by
``extract_features`` (words, names, numbers, days, optional embeddings).
"""

from __future__ import annotations

from newsfuse.cluster.batch import Partition, cluster_articles, cluster_batch, cluster_stream
from newsfuse.cluster.features import ArticleFeatures, extract_features
from newsfuse.cluster.metrics import ClusterScores, agreement, bcubed, score, singleton_labels
from newsfuse.cluster.stream import Assignment, ClusterOptions, StoryClusterer, StorySummary
from newsfuse.cluster.vectors import DocumentFrequencies, Weighting

__all__ = [
    "ArticleFeatures",
    "Assignment",
    "ClusterOptions",
    "ClusterScores",
    "DocumentFrequencies",
    "Partition",
    "StoryClusterer",
    "StorySummary",
    "Weighting",
    "agreement",
    "bcubed",
    "cluster_articles",
    "cluster_batch",
    "cluster_stream",
    "extract_features",
    "score",
    "singleton_labels",
]
