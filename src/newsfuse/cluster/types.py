"""The stream clusterer's public data: its options, and what it reports about stories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from newsfuse.cluster.vectors import Weighting


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """Every knob of the clusterer. Tuned on the dev sets: see bench/results/cluster.md.

    ``threshold`` is the least mean similarity to a story's members for an article to join it
    (and for two stories to merge). Quiet stories freeze after ``freeze_after_days`` of
    publication time once ``freeze_min_articles`` articles have also arrived since they last
    grew, or after ``freeze_after_articles`` arrivals whatever the dates. The learned
    document frequencies halve every ``df_half_life`` arrivals (0: never), and terms whose count
    falls below a half are forgotten, so the IDF table is bounded by the recent vocabulary.
    ``split_cut`` is how the split test halves a story (see `newsfuse.cluster.split.find_split`).
    """

    threshold: float = 0.10
    embedding_weight: float = 0.0
    weighting: Weighting = field(default_factory=Weighting)
    query_keys: int = 48
    max_candidates: int = 16
    max_postings: int = 64
    split_ratio: float = 0.35
    split_cut: Literal["normalized", "average"] = "normalized"
    split_min_size: int = 5
    split_window: int = 200
    split_growth: float = 1.4
    freeze_after_days: float = 7.0
    freeze_min_articles: int = 1_000
    freeze_after_articles: int = 20_000
    df_half_life: int = 20_000


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story as the outside sees it: its id, members in arrival order, title and dates."""

    id: str
    article_ids: tuple[str, ...]
    title: str
    outlets: tuple[str, ...] = ()
    first_published: dt.date | None = None
    last_published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """What one ``add`` did: the article's story and every story it touched.

    ``changed`` lists live stories whose member set changed (the article's own story first);
    ``removed`` stories were merged into another; ``frozen`` stories left memory.
    """

    article_id: str
    story_id: str
    created: bool
    changed: tuple[str, ...]
    removed: tuple[str, ...] = ()
    frozen: tuple[StorySummary, ...] = ()


@dataclass(frozen=True, slots=True)
class StreamCounters:
    """The clusterer's counters beside its stories: arrivals, the latest publication date,
    the document count, the index clock and how many DF decays happened."""

    arrivals: int
    now: dt.date | None
    n_docs: float
    clock: int
    decays: int


@dataclass(frozen=True, slots=True)
class StorySnapshot:
    """One live story as plain, picklable data, for saving and ``restore_stories``.

    ``fields`` holds every field of the story but its id and recent members; ``recent`` maps
    each recent member's article id to the member (vector kept for the split test), oldest
    first; ``entries`` maps the story's index keys to their ticks.
    """

    id: str
    fields: dict[str, Any]
    recent: dict[str, Any]
    entries: dict[str, int]
