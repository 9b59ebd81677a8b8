"""The incremental clusterer: each arriving article joins the story it is most like, or starts one.

Similarity of an article to a story is its mean cosine similarity to the story's members (the
average link of agglomerative clustering, computed in O(terms) from the sum of member vectors),
over weighted words, names, numbers and days, optionally mixed with embeddings. Candidate stories
come from an inverted index over rare terms, never from a scan of all stories. Stories merge when
their members become alike on average, split when a story-local test finds two events in one,
and freeze when quiet for a window: a frozen story leaves memory and is reported to the caller
(who keeps it in the store), so memory stays bounded however long the stream runs.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict, deque
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, fields

import numpy as np

from newsfuse.cluster.features import ArticleFeatures, Vector
from newsfuse.cluster.index import CandidateIndex, top_keys
from newsfuse.cluster.split import find_split
from newsfuse.cluster.types import (
    Assignment,
    ClusterOptions,
    StorySnapshot,
    StorySummary,
    StreamCounters,
)
from newsfuse.cluster.vectors import (
    DocumentFrequencies,
    SparseVector,
    add_into,
    dot,
    lead_counts,
    weigh,
)
from newsfuse.errors import InputError

__all__ = [
    "Assignment",
    "ClusterOptions",
    "StoryClusterer",
    "StorySnapshot",
    "StorySummary",
    "StreamCounters",
]


@dataclass(frozen=True, slots=True)
class _Member:
    article_id: str
    vector: SparseVector
    embedding: Vector | None
    title: str
    # The raw lead counts under plain keys (`newsfuse.cluster.vectors.lead_counts`): the split
    # test compares members by their leads, weighed when it runs (the IDF then knows the most).
    # None for features without lead keys (and members saved before leads existed).
    lead: dict[str, float] | None = None


@dataclass(slots=True)
class _Story:
    id: str
    members: list[str]
    recent: deque[_Member]
    total: dict[str, float]
    embedding: Vector | None
    keys: set[str]
    title: str
    outlets: dict[str, None]
    first: dt.date | None
    last: dt.date | None
    last_arrival: int
    next_split: int

    def summary(self) -> StorySummary:
        return StorySummary(
            self.id, tuple(self.members), self.title, tuple(self.outlets), self.first, self.last
        )


class StoryClusterer:
    """Groups a stream of articles into stories, one ``add`` at a time.

    Guarantees: every added article is in exactly one story (live or frozen); the same features
    added in the same order give the same stories and ids; memory holds only live stories.
    """

    def __init__(
        self, *, options: ClusterOptions | None = None, dfs: DocumentFrequencies | None = None
    ) -> None:
        self.options = options or ClusterOptions()
        self.dfs = dfs if dfs is not None else DocumentFrequencies()
        self.index = CandidateIndex(max_postings=self.options.max_postings)
        self._stories: OrderedDict[str, _Story] = OrderedDict()  # least recently active first
        self._arrivals = 0
        self._now: dt.date | None = None
        self._seen: set[str] = set()  # members of live stories only (the store dedups the rest)
        self.decays = 0  # how many times the document frequencies were halved

    def add(self, features: ArticleFeatures) -> Assignment:
        """Place one article; returns its story and the stories the placement changed.

        Raises:
            InputError: when an article with the same id is already in a live story (ids of
                frozen stories' members are forgotten: the store dedups articles by content).
        """
        if features.article_id in self._seen:
            raise InputError(
                f"article {features.article_id} was already clustered; "
                "give each article a distinct id (duplicates share a content id)"
            )
        self._seen.add(features.article_id)
        self._arrivals += 1
        if features.published and (self._now is None or features.published > self._now):
            self._now = features.published
        self.dfs.observe(features.terms)
        self._decay_if_due()
        vector = weigh(features.terms, self.dfs, self.options.weighting)
        keys = top_keys(vector, k=self.options.query_keys)
        candidates = [
            self._stories[c] for c in self.index.candidates(keys, limit=self.options.max_candidates)
        ]
        # Stories the article is close enough to join are the ones that may now merge.
        close = [
            (self._similarity(vector, features.embedding, story), story) for story in candidates
        ]
        close = [pair for pair in close if pair[0] >= self.options.threshold]
        best = max(close, key=lambda pair: pair[0])[1] if close else None
        created = best is None
        story = best if best is not None else self._new_story(features.article_id, features.title)
        self._join(story, features, vector, keys)
        changed = [story.id]
        removed = self._merge_candidates(story, [other for _, other in close])
        changed += self._maybe_split(story)
        frozen = self._freeze_quiet(keep=story.id)
        return Assignment(
            features.article_id, story.id, created, tuple(changed), tuple(removed), frozen
        )

    # --- reading -------------------------------------------------------------------------

    def stories(self) -> list[StorySummary]:
        """The live stories, least recently active first."""
        return [story.summary() for story in self._stories.values()]

    def story(self, story_id: str) -> StorySummary | None:
        """One live story, or None when it is unknown, frozen or merged away."""
        found = self._stories.get(story_id)
        return found.summary() if found else None

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._stories

    def live_ids(self, *, newest_first: bool = False) -> Iterator[str]:
        """Live story ids, least recently active first (or last), without copying."""
        return reversed(self._stories) if newest_first else iter(self._stories)

    # --- saving and restoring (newsfuse.cluster.state keeps these as rows) ------------------

    def counters(self) -> StreamCounters:
        return StreamCounters(
            self._arrivals, self._now, self.dfs.n_docs, self.index.clock, self.decays
        )

    def set_counters(self, counters: StreamCounters) -> None:
        self._arrivals, self._now, self.decays = counters.arrivals, counters.now, counters.decays
        self.dfs.n_docs, self.index.clock = counters.n_docs, counters.clock

    def snapshot(self, story_id: str) -> StorySnapshot:
        """One live story's whole state (raises KeyError for an unknown id)."""
        story = self._stories[story_id]
        own = {f.name: getattr(story, f.name) for f in fields(story)}
        del own["id"], own["recent"]
        recent = {m.article_id: m for m in story.recent}
        return StorySnapshot(story.id, own, recent, self.index.entries(story.id, story.keys))

    def restore_stories(
        self, snapshots: Iterable[StorySnapshot], *, keep_place: Collection[str] = ()
    ) -> None:
        """Put saved stories back, each replacing a live story of the same id.

        Guarantees: a story goes to the recent end of the live order unless its id is in
        ``keep_place`` and it was live; its index entries go back at their saved ticks. Given
        every saved story in order and ``set_counters``, the clusterer equals the saved one.
        """
        window = self.options.split_window
        entries: list[tuple[int, str, str]] = []
        for snap in snapshots:
            old = self._stories.get(snap.id)
            if old is not None:
                self.index.remove(old.id, old.keys)
                self._seen.difference_update(old.members)
                if snap.id not in keep_place:
                    del self._stories[snap.id]
            recent = deque(snap.recent.values(), maxlen=window)
            story = _Story(id=snap.id, recent=recent, **snap.fields)
            self._stories[snap.id] = story
            self._seen.update(story.members)
            entries += [(tick, key, snap.id) for key, tick in snap.entries.items()]
        self.index.insert(entries)

    def replay(self, features: ArticleFeatures, story_id: str | None) -> None:
        """Count an article placed earlier into live story ``story_id`` (made with that id
        when new), or with None only into the arrivals and document frequencies (a member of
        a frozen story): rebuilds the state of a stored partition, which stays as it was (no
        candidate search, merge, split or freeze)."""
        self._arrivals += 1
        if features.published and (self._now is None or features.published > self._now):
            self._now = features.published
        self.dfs.observe(features.terms)
        self._decay_if_due()
        if story_id is None:
            return
        self._seen.add(features.article_id)
        vector = weigh(features.terms, self.dfs, self.options.weighting)
        story = self._stories.get(story_id)
        if story is None:
            story = self._new_story(features.article_id, features.title, story_id=story_id)
        self._join(story, features, vector, top_keys(vector, k=self.options.query_keys))
        if len(story.members) >= story.next_split:  # as if the split test had kept it whole
            growth = int(len(story.members) * self.options.split_growth)
            story.next_split = max(story.next_split + 1, growth)

    def footprint(self) -> dict[str, int]:
        """How many items each in-memory structure holds (for tests and benchmarks of memory):
        with freezing and DF decay every one is bounded by the live window, not the stream."""
        stories = self._stories.values()
        return {
            "live stories": len(self._stories),
            "live members": sum(len(s.members) for s in stories),
            "member vectors": sum(len(s.recent) for s in stories),
            "seen ids": len(self._seen),
            "index keys": len(self.index),
            "df terms": len(self.dfs.df),
        }

    # --- placing -------------------------------------------------------------------------

    def _similarity(self, vector: SparseVector, embedding: Vector | None, story: _Story) -> float:
        size = len(story.members)
        text = dot(vector, story.total) / size
        weight = self.options.embedding_weight
        if weight <= 0 or embedding is None or story.embedding is None:
            return text
        return (1 - weight) * text + weight * float(embedding @ story.embedding) / size

    def _new_story(self, article_id: str, title: str, *, story_id: str | None = None) -> _Story:
        if story_id is None:  # a fresh id (``replay`` passes the stored one)
            story_id, suffix = f"story-{article_id[:16]}", 1
            while story_id in self._stories:
                suffix += 1
                story_id = f"story-{article_id[:16]}-{suffix}"
        # Only the last `split_window` member vectors are kept (for the split test); older
        # members stay in the story and in its total.
        story = _Story(
            id=story_id, members=[], recent=deque(maxlen=self.options.split_window), total={},
            embedding=None, keys=set(), title=title, outlets={}, first=None, last=None,
            last_arrival=self._arrivals, next_split=self.options.split_min_size,
        )  # fmt: skip
        self._stories[story_id] = story
        return story

    def _join(
        self, story: _Story, features: ArticleFeatures, vector: SparseVector, keys: list[str]
    ) -> None:
        lead = lead_counts(features.terms) or None
        member = _Member(features.article_id, vector, features.embedding, features.title, lead)
        _add_member(story, member)
        if features.outlet:
            story.outlets[features.outlet] = None
        if features.published:
            story.first = min(filter(None, (story.first, features.published)))
            story.last = max(filter(None, (story.last, features.published)))
        story.last_arrival = self._arrivals
        self._stories.move_to_end(story.id)
        new_keys = [k for k in keys if k not in story.keys]
        story.keys.update(new_keys)
        self.index.add(story.id, keys)

    # --- merging and splitting -------------------------------------------------------------

    def _merge_candidates(self, story: _Story, candidates: list[_Story]) -> list[str]:
        removed: list[str] = []
        for other in candidates:
            if other.id == story.id or other.id not in self._stories:
                continue
            pair = dot(*sorted((story.total, other.total), key=len))
            if pair / (len(story.members) * len(other.members)) >= self.options.threshold:
                self._absorb(story, other)
                removed.append(other.id)
        return removed

    def _absorb(self, story: _Story, other: _Story) -> None:
        del self._stories[other.id]
        self.index.remove(other.id, other.keys)
        story.members.extend(other.members)
        story.recent.extend(other.recent)
        add_into(story.total, other.total)
        if other.embedding is not None:
            story.embedding = (
                other.embedding.copy()
                if story.embedding is None
                else story.embedding + other.embedding
            )
        story.outlets.update(other.outlets)
        story.first = min(filter(None, (story.first, other.first)), default=None)
        story.last = max(filter(None, (story.last, other.last)), default=None)
        story.keys |= other.keys
        self.index.add(story.id, other.keys)

    def _maybe_split(self, story: _Story) -> list[str]:
        if len(story.members) < story.next_split:
            return []
        story.next_split = max(
            story.next_split + 1, int(len(story.members) * self.options.split_growth)
        )
        return self.split(story.id)

    def split(self, story_id: str) -> list[str]:
        """Run the split test on one live story; returns the id of the new story, if any."""
        story = self._stories[story_id]
        recent = list(story.recent)
        decision = find_split(
            self._split_vectors(recent),
            ratio=self.options.split_ratio,
            cut=self.options.split_cut,
        )
        if decision is None:
            return []
        moving = [recent[i] for i in decision.second]
        fresh = self._new_story(moving[0].article_id, moving[0].title)
        moved = {m.article_id for m in moving}
        story.members = [m for m in story.members if m not in moved]
        story.recent = deque(
            (m for m in recent if m.article_id not in moved), maxlen=story.recent.maxlen
        )
        for member in moving:
            add_into(story.total, member.vector, -1.0)
            if member.embedding is not None and story.embedding is not None:
                story.embedding = story.embedding - member.embedding
            _add_member(fresh, member)
        self._rekey(story)
        self._rekey(fresh)
        fresh.outlets, fresh.first, fresh.last = dict(story.outlets), story.first, story.last
        fresh.next_split = story.next_split = int(
            max(len(story.members), len(fresh.members)) * self.options.split_growth
        )
        return [fresh.id]

    def split_all(self, story_id: str) -> list[str]:
        """Split one live story until no piece splits; returns the ids of all its pieces.

        A story gets this last test before it freezes (quiet, or at the end of a stream or
        batch): the test otherwise runs only as a story grows by ``split_growth``, so a story
        could leave memory holding two events it had grown past the last check with.
        """
        pending, pieces = [story_id], []
        while pending:  # each split leaves smaller stories, so this ends
            current = pending.pop()
            fresh = self.split(current)
            if fresh:
                pending += [current, *fresh]
            else:
                pieces.append(current)
        return pieces

    def _split_vectors(self, members: list[_Member]) -> list[SparseVector]:
        """The members' weighted leads when every member has one, else their whole vectors."""
        leads = [getattr(member, "lead", None) for member in members]  # absent in old pickles
        if not all(leads):
            return [member.vector for member in members]
        weighting = self.options.weighting
        return [weigh(lead, self.dfs, weighting) for lead in leads if lead]

    def _rekey(self, story: _Story) -> None:
        self.index.remove(story.id, story.keys)
        story.keys = set()
        for member in story.recent:
            story.keys.update(top_keys(member.vector, k=self.options.query_keys))
        self.index.add(story.id, sorted(story.keys))

    # --- freezing ---------------------------------------------------------------------------

    def _freeze_quiet(self, *, keep: str) -> tuple[StorySummary, ...]:
        frozen: list[StorySummary] = []
        while self._stories:
            story = next(iter(self._stories.values()))
            if story.id == keep or not self._is_quiet(story):
                break
            frozen += [self.freeze(piece) for piece in self.split_all(story.id)]
        return tuple(frozen)

    def _is_quiet(self, story: _Story) -> bool:
        idle = self._arrivals - story.last_arrival
        if idle > self.options.freeze_after_articles:
            return True
        # The clock alone could freeze a story before its undated reports arrive when dates come
        # out of order (an archive replayed, a wrong date read), so arrivals must agree.
        if idle <= self.options.freeze_min_articles or story.last is None or self._now is None:
            return False
        return (self._now - story.last).days > self.options.freeze_after_days

    def freeze(self, story_id: str) -> StorySummary:
        """Drop one story from memory and the index; returns it for the caller to keep."""
        story = self._stories.pop(story_id)
        self.index.remove(story.id, story.keys)
        self._seen.difference_update(story.members)
        return story.summary()

    def _decay_if_due(self) -> None:
        every = self.options.df_half_life
        if every > 0 and not self.dfs.frozen and self.dfs.n_docs >= 2 * every:
            self.dfs.decay(0.5, floor=0.5)
            self.decays += 1

    def freeze_all(self) -> list[StorySummary]:
        """Split-check and freeze every live story (at the end of a batch or on shutdown)."""
        pieces = [piece for story_id in list(self._stories) for piece in self.split_all(story_id)]
        return [self.freeze(piece) for piece in pieces]


def _add_member(story: _Story, member: _Member) -> None:
    story.members.append(member.article_id)
    story.recent.append(member)
    add_into(story.total, member.vector)
    if member.embedding is not None:
        emb = member.embedding.astype(np.float32)
        story.embedding = emb.copy() if story.embedding is None else story.embedding + emb
