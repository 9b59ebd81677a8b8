"""Clustering at scale: articles blocked by publication window, `newsfuse.cluster` inside each
block, and a deterministic merge of stories that cross a window boundary.

Inside a block the stream clusterer (`cluster_batch`) already finds candidates through an
inverted index over rare terms, so its work grows with the block, not with its square; blocks
bound its memory. Only neighbouring windows are compared when merging, through the same kind of
index over each story's rarest terms, so the whole job grows near-linearly with the archive.
Undated articles form one block of their own, clustered last; each of its stories may then join
the most similar story of any time (through the same index), since nothing places it in time.
Every story's summed vector is kept until then: memory grows with the number of stories.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from newsfuse.cluster import ArticleFeatures, ClusterOptions, cluster_batch
from newsfuse.cluster.index import top_keys
from newsfuse.cluster.vectors import DocumentFrequencies, SparseVector, add_into, dot, weigh

UNDATED = -1


@dataclass(frozen=True, slots=True)
class BlockingOptions:
    """``window_days`` is the width of a block; stories of neighbouring blocks merge when the
    mean similarity of their members reaches the clusterer's own threshold."""

    window_days: int = 14
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    merge_keys: int = 24


@dataclass(frozen=True, slots=True)
class Story:
    """A story of the batch: a stable id (from its members) and its article ids, sorted."""

    id: str
    article_ids: tuple[str, ...]


def story_id_for(article_ids: Iterable[str]) -> str:
    """The id of the story with these members: the same members give the same id anywhere
    (it is also the id `newsfuse.pipeline` gives a report of the same articles)."""
    key = "|".join(sorted(article_ids))
    return "s-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def block_of(published: str | None, *, window_days: int) -> int:
    """The block an article falls in: its publication day's window, or UNDATED."""
    if not published:
        return UNDATED
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return UNDATED
    return day.toordinal() // window_days


def group_blocks(
    dates: Iterable[tuple[str, str | None]], *, window_days: int
) -> list[tuple[int, list[str]]]:
    """Article ids by block, blocks in time order (undated last), ids by date and, on the same
    date, in the order given (input order: the stream clusterer depends on arrival order, and
    reports of one event tend to sit together in an archive, as `cluster_batch` sees them)."""
    blocks: dict[int, list[tuple[str, str]]] = {}
    for article_id, published in dates:
        key = block_of(published, window_days=window_days)
        blocks.setdefault(key, []).append((published or "", article_id))
    order = sorted(blocks, key=lambda k: (k == UNDATED, k))
    return [(k, [a for _, a in sorted(blocks[k], key=lambda pair: pair[0])]) for k in order]


@dataclass(slots=True)
class _Open:
    """A story of the latest block, kept for merging with the next one."""

    members: list[str]
    total: SparseVector


def cluster_blocks(
    blocks: Sequence[tuple[int, list[str]]],
    load: Callable[[list[str]], list[ArticleFeatures]],
    *,
    options: BlockingOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Story]:
    """Stories of every article in ``blocks`` (from `group_blocks`); ``load`` gives the
    features of a block's ids in that order.

    Guarantees: a partition (each article in exactly one story); the same blocks give the same
    stories in the same order (sorted by id), whatever order the articles were analysed in.
    """
    opts = options or BlockingOptions()
    done: list[_Open] = []
    carry: list[_Open] = []
    last_key: int | None = None
    for key, ids in blocks:
        fresh = list(_cluster_block(load(ids), opts))
        if key == UNDATED:
            # An undated article may report a story of any time: compare with every story.
            fresh, done = _merge([*done, *carry], fresh, opts)
        elif last_key is not None and key == last_key + 1:
            fresh, finished = _merge(carry, fresh, opts)
            done += finished
        else:
            done += carry
        carry, last_key = fresh, key
        if progress is not None:
            progress(len(ids))
    stories = [Story(story_id_for(c.members), tuple(sorted(c.members))) for c in done + carry]
    return sorted(stories, key=lambda s: s.id)


def _cluster_block(features: list[ArticleFeatures], opts: BlockingOptions) -> Iterator[_Open]:
    partition = cluster_batch(features, options=opts.cluster)
    dfs = partition.dfs if partition.dfs is not None else DocumentFrequencies()
    vectors = {f.article_id: weigh(f.terms, dfs, opts.cluster.weighting) for f in features}
    for summary in partition.stories:
        total: SparseVector = {}
        for article_id in summary.article_ids:
            add_into(total, vectors[article_id])
        yield _Open(list(summary.article_ids), total)


def _merge(
    carry: list[_Open], fresh: list[_Open], opts: BlockingOptions
) -> tuple[list[_Open], list[_Open]]:
    """Join each new story to the earlier story it is most like on average, if any.

    Returns the open stories of the new block (grown by what they absorbed) and the earlier
    stories that continue no further.
    """
    index: dict[str, list[int]] = {}
    for number, story in enumerate(carry):
        for key in top_keys(story.total, k=opts.merge_keys):
            index.setdefault(key, []).append(number)
    taken: set[int] = set()
    threshold = opts.cluster.threshold
    for story in fresh:
        candidates = sorted(
            {n for key in top_keys(story.total, k=opts.merge_keys) for n in index.get(key, ())}
            - taken
        )
        best, best_score = None, threshold
        for number in candidates:
            other = carry[number]
            score = dot(*sorted((story.total, other.total), key=len))
            score /= len(story.members) * len(other.members)
            if score >= best_score:
                best, best_score = number, score
        if best is not None:
            taken.add(best)
            story.members = carry[best].members + story.members
            add_into(story.total, carry[best].total)
    finished = [c for n, c in enumerate(carry) if n not in taken]
    return fresh, finished
