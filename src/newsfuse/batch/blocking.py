"""Clustering at scale: bounded blocks of articles, `cluster_batch` inside each, and a
deterministic merge of stories across blocks.

Blocks are built from publication windows (``window_days`` wide), in time order, packed
together up to ``max_block`` articles; a window larger than that is cut into chunks. Inside a
block the articles keep their input order, so an archive of at most ``max_block`` articles is
one block and its stories are exactly `cluster_batch`'s over the whole input.

An undated article joins the window of its nearest dated article: the one whose top terms
(under the document frequencies of the whole job) it shares most, found through an inverted
index over those terms whose lists keep the last ``max_postings`` articles of each term. An
undated article with no such neighbour stays undated; these are packed after the dated windows,
in input order, into blocks of at most ``max_block`` too, so no block grows with the archive.

Stories of a later block then join the earlier story they are most like on average (at least
the clusterer's threshold), found through the same kind of index over every story's top terms,
unless both have dated members more than one window apart. Each step touches a bounded number
of candidates per article or story, so the work grows near-linearly with the archive; memory
holds one signature per article and one summed vector per story.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from newsfuse.cluster import ArticleFeatures, ClusterOptions, cluster_batch
from newsfuse.cluster.index import top_keys
from newsfuse.cluster.vectors import DocumentFrequencies, SparseVector, add_into, dot, weigh
from newsfuse.disjoint import DisjointSets

UNDATED = -1


@dataclass(frozen=True, slots=True)
class BlockingOptions:
    """``window_days`` is the width of a publication window; ``max_block`` bounds the articles
    clustered together; ``merge_keys`` top terms of an article or story are looked up, in
    posting lists keeping the last ``max_postings`` holders of each term."""

    window_days: int = 14
    max_block: int = 5000
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    merge_keys: int = 24
    max_postings: int = 64


@dataclass(frozen=True, slots=True)
class Entry:
    """What blocking knows of an article: its id, publication day and top weighted terms."""

    article_id: str
    published: dt.date | None
    signature: SparseVector


@dataclass(frozen=True, slots=True)
class Block:
    """Articles clustered together, in input order, and the window of each (UNDATED for an
    undated article no dated article was near)."""

    article_ids: tuple[str, ...]
    windows: tuple[int, ...]


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


def window_of(published: dt.date | None, *, window_days: int) -> int:
    """The publication window of a day, or UNDATED."""
    return UNDATED if published is None else published.toordinal() // window_days


def signature(
    terms: dict[str, float], dfs: DocumentFrequencies, *, options: BlockingOptions
) -> SparseVector:
    """An article's ``merge_keys`` highest-weighted terms with their weights (unit vector
    entries under ``dfs``, the document frequencies of the whole job)."""
    vector = weigh(terms, dfs, options.cluster.weighting)
    return {key: vector[key] for key in top_keys(vector, k=options.merge_keys)}


def plan_blocks(entries: Sequence[Entry], *, options: BlockingOptions | None = None) -> list[Block]:
    """Blocks of ``entries`` (given in input order), packed up to ``max_block`` articles.

    Undated articles take the window of their nearest dated neighbour (`place_undated`); each
    article is then linked to its nearest neighbour of a window at most one apart, and the
    groups so linked are packed whole, earliest window first (undated last), so that a block
    boundary seldom cuts a story; a group above ``max_block`` is cut in input order.

    Guarantees: every entry in exactly one block; no block above ``max_block``; articles in
    input order inside a block; the same entries in the same order give the same blocks.
    """
    opts = options or BlockingOptions()
    windows = place_undated(entries, options=opts)
    groups: dict[int, list[int]] = {}
    for position, root in enumerate(_linked(entries, windows, opts)):
        groups.setdefault(root, []).append(position)

    def start(members: list[int]) -> tuple[bool, int, int]:
        dated = [windows[p] for p in members if windows[p] != UNDATED]
        return (not dated, min(dated, default=0), members[0])

    blocks: list[list[int]] = [[]]
    for members in sorted(groups.values(), key=start):
        for first in range(0, len(members), opts.max_block):
            chunk = members[first : first + opts.max_block]
            if len(blocks[-1]) + len(chunk) > opts.max_block:
                blocks.append([])
            blocks[-1] += chunk
    return [
        Block(tuple(entries[p].article_id for p in ps), tuple(windows[p] for p in ps))
        for ps in (sorted(b) for b in blocks if b)
    ]


def _linked(entries: Sequence[Entry], windows: list[int], opts: BlockingOptions) -> list[int]:
    """A group number for each entry: entries joined by nearest-neighbour links (a signature
    dot product at least the clusterer's threshold, windows at most one apart)."""
    index = _PostingIndex(opts.max_postings)
    for position, entry in enumerate(entries):
        index.add(position, entry.signature)
    sets = DisjointSets(len(entries))
    for position, entry in enumerate(entries):
        found = index.candidates(entry.signature, limit=opts.cluster.max_candidates + 1)
        near = [o for o in found if _close(windows[position], windows[o])]
        best = _nearest(entry.signature, near, entries, opts.cluster.threshold, skip=position)
        if best is not None:
            sets.join(position, best)
    return [sets.find(n) for n in range(len(entries))]


def _close(one: int, other: int) -> bool:
    return one == UNDATED or other == UNDATED or abs(one - other) <= 1


def place_undated(entries: Sequence[Entry], *, options: BlockingOptions) -> list[int]:
    """The window of each entry: its own, or for an undated one the window of the dated entry
    whose signature it shares most (dot product at least the clusterer's threshold; ties go to
    the earlier entry), or UNDATED when there is none."""
    windows = [window_of(e.published, window_days=options.window_days) for e in entries]
    index = _PostingIndex(options.max_postings)
    for position, entry in enumerate(entries):
        if windows[position] != UNDATED:
            index.add(position, entry.signature)
    for position, entry in enumerate(entries):
        if windows[position] == UNDATED:
            found = index.candidates(entry.signature, limit=options.cluster.max_candidates)
            best = _nearest(entry.signature, found, entries, options.cluster.threshold)
            if best is not None:
                windows[position] = windows[best]
    return windows


def _nearest(
    sig: SparseVector,
    candidates: Iterable[int],
    entries: Sequence[Entry],
    floor: float,
    *,
    skip: int = -1,
) -> int | None:
    """The candidate whose signature has the largest dot product with ``sig`` (at least
    ``floor``; ties go to the earlier entry), or None."""
    best, best_score = None, floor
    for candidate in sorted(set(candidates) - {skip}):
        score = dot(sig, entries[candidate].signature)
        if score > best_score or (score == best_score and best is None):
            best, best_score = candidate, score
    return best


@dataclass(slots=True)
class _PostingIndex:
    """Term -> numbers of what holds it, each list keeping the last ``cap`` added (so a term
    held by many costs no more to look up than a rare one, and the work per lookup is bounded
    whatever the size of the archive)."""

    cap: int
    postings: dict[str, deque[int]] = field(default_factory=dict)

    def add(self, number: int, keys: Iterable[str]) -> None:
        for key in keys:
            posting = self.postings.get(key)
            if posting is None:
                posting = self.postings[key] = deque(maxlen=self.cap)
            posting.append(number)

    def candidates(self, keys: Iterable[str], *, limit: int) -> set[int]:
        """Up to ``limit`` numbers sharing the most of ``keys`` (ties: the latest)."""
        hits: dict[int, int] = {}
        for key in keys:
            for number in self.postings.get(key, ()):
                hits[number] = hits.get(number, 0) + 1
        return set(sorted(hits, key=lambda n: (-hits[n], -n))[:limit])


@dataclass(slots=True)
class _Open:
    """A story so far: its members, the sum of their vectors, and its span of windows."""

    members: list[str]
    total: SparseVector
    first: int | None
    last: int | None

    def near(self, other: _Open) -> bool:
        """Whether two stories may be one in time: either undated, or at most a window apart."""
        if self.first is None or self.last is None or other.first is None or other.last is None:
            return True
        return self.first <= other.last + 1 and other.first <= self.last + 1


def cluster_blocks(
    blocks: Sequence[Block],
    load: Callable[[list[str]], list[ArticleFeatures]],
    *,
    options: BlockingOptions | None = None,
    dfs: DocumentFrequencies | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Story]:
    """Stories of every article in ``blocks`` (from `plan_blocks`); ``load`` gives the
    features of a block's ids in that order. Each block is clustered with ``dfs`` (the whole
    job's document frequencies: a small block learns a poor IDF) or, when None, with the IDF
    `cluster_batch` learns from the block; story vectors are weighed with the same.

    Guarantees: a partition (each article in exactly one story); the same blocks give the same
    stories in the same order (sorted by id), whatever order the articles were analysed in.
    """
    opts = options or BlockingOptions()
    merger = _Merger(opts)
    for block in blocks:
        merger.merge(list(_cluster_block(block, load(list(block.article_ids)), opts, dfs)))
        if progress is not None:
            progress(len(block.article_ids))
    stories = [Story(story_id_for(s.members), tuple(sorted(s.members))) for s in merger.alive()]
    return sorted(stories, key=lambda s: s.id)


def _cluster_block(
    block: Block,
    features: list[ArticleFeatures],
    opts: BlockingOptions,
    dfs: DocumentFrequencies | None,
) -> Iterator[_Open]:
    partition = cluster_batch(features, options=opts.cluster, dfs=dfs)
    table = partition.dfs or DocumentFrequencies()
    vectors = {f.article_id: weigh(f.terms, table, opts.cluster.weighting) for f in features}
    window = dict(zip(block.article_ids, block.windows, strict=True))
    for summary in partition.stories:
        total: SparseVector = {}
        for article_id in summary.article_ids:
            add_into(total, vectors[article_id])
        dated = [window[a] for a in summary.article_ids if window[a] != UNDATED]
        first, last = (min(dated), max(dated)) if dated else (None, None)
        yield _Open(list(summary.article_ids), total, first, last)


@dataclass(slots=True)
class _Merger:
    """Every story so far, with an index over each one's top terms (most recent kept)."""

    opts: BlockingOptions
    stories: list[_Open | None] = field(default_factory=list)
    postings: dict[str, dict[int, None]] = field(default_factory=dict)

    def alive(self) -> list[_Open]:
        return [s for s in self.stories if s is not None]

    def merge(self, fresh: list[_Open]) -> None:
        """Join each story of a new block to the earlier story it is most like on average, if
        any; an earlier story absorbs at most one story of the block (the block's clustering
        kept them apart)."""
        taken: set[int] = set()
        for story in fresh:
            best = self._best(story, taken)
            if best is not None:
                taken.add(best)
                self._absorb(story, best)
        for story in fresh:
            self._add(story)

    def _best(self, story: _Open, taken: set[int]) -> int | None:
        keys = top_keys(story.total, k=self.opts.merge_keys)
        candidates = sorted({n for key in keys for n in self.postings.get(key, ())} - taken)
        best, best_score = None, self.opts.cluster.threshold
        for number in candidates:
            other = self.stories[number]
            if other is None or not story.near(other):
                continue
            score = dot(*sorted((story.total, other.total), key=len))
            score /= len(story.members) * len(other.members)
            if score >= best_score:
                best, best_score = number, score
        return best

    def _absorb(self, story: _Open, number: int) -> None:
        other = self.stories[number]
        assert other is not None
        story.members = other.members + story.members
        add_into(story.total, other.total)
        spans = [
            s for s in ((story.first, story.last), (other.first, other.last)) if s[0] is not None
        ]
        if spans:
            story.first = min(s[0] for s in spans)  # type: ignore[type-var]
            story.last = max(s[1] for s in spans)  # type: ignore[type-var]
        self.stories[number] = None

    def _add(self, story: _Open) -> None:
        number = len(self.stories)
        self.stories.append(story)
        for key in top_keys(story.total, k=self.opts.merge_keys):
            posting = self.postings.setdefault(key, {})
            posting[number] = None
            if len(posting) > self.opts.max_postings:
                del posting[next(iter(posting))]
