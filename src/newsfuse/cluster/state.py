"""The stream clusterer's state as rows: saved a batch's changes at a time, and rebuilt exactly.

A live story is one row (its aggregates, member ids and index entries), each of its recent
members (the vectors kept for the split test) one row, each document frequency one row, and a
few counters one row. ``StateTracker`` remembers what the store holds, so after a batch only
the stories it touched, the members that came or went and the terms it saw are written; after
a DF decay the term table is written whole (once every ``df_half_life`` arrivals).
``restore`` turns the rows back into a clusterer that places the next articles exactly as the
one that was saved would have. No SQL here: the store moves the rows (newsfuse.store).
"""

from __future__ import annotations

import pickle
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields

from newsfuse.cluster.stream import Assignment, ClusterOptions, StoryClusterer, _Member, _Story
from newsfuse.cluster.vectors import DocumentFrequencies
from newsfuse.errors import StoreError
from newsfuse.store.records import MemberRow, StateDelta, StateRows, StoryRow

# Bumped when the layout of the pickled row payloads changes.
LAYOUT = 1
_OWN_ROWS = ("id", "recent")


@dataclass(slots=True)
class StateTracker:
    """What the store holds of one clusterer: the recent member ids of each saved story."""

    saved: dict[str, set[str]] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)  # each saved story's stored rank
    next_rank: int = 0
    decays: int = 0
    terms: set[str] = field(default_factory=set)  # terms seen since the last save
    touched: dict[str, None] = field(default_factory=dict)  # stories touched since then

    def observe(self, assignment: Assignment, terms: Iterable[str]) -> None:
        """Note one ``add``: the stories it touched and the terms it counted."""
        self.terms.update(terms)
        self.touched.update(dict.fromkeys(assignment.changed))
        self.touched.update(dict.fromkeys(assignment.removed))
        self.touched.update(dict.fromkeys(s.id for s in assignment.frozen))

    def delta(self, clusterer: StoryClusterer) -> StateDelta:
        """The rows that bring the store from its last save to ``clusterer``; resets itself."""
        live = clusterer._stories
        moved = [sid for sid in self.touched if sid in live]
        stories: list[StoryRow] = []
        added: list[MemberRow] = []
        removed: list[tuple[str, str]] = []
        evicted = (s for s in clusterer.index.touched if s in live)
        ranks = self._ranks(live, moved)
        # A story touched only by an index eviction keeps its rank (None).
        for sid in dict.fromkeys(ranks) | dict.fromkeys(evicted):
            story = live[sid]
            stories.append(StoryRow(sid, ranks.get(sid), _story_state(clusterer, story)))
            recent = {m.article_id: m for m in story.recent}
            before = self.saved.get(sid, set())
            added += [MemberRow(sid, a, pickle.dumps(m)) for a, m in recent.items()
                      if a not in before]  # fmt: skip
            removed += [(sid, a) for a in before - recent.keys()]
            self.saved[sid] = set(recent)
        gone = [sid for sid in self.touched if sid not in live and sid in self.saved]
        for sid in gone:
            del self.saved[sid]
            self.ranks.pop(sid, None)
        whole = clusterer.decays != self.decays
        df = clusterer.dfs.df
        terms = dict(df) if whole else {t: df[t] for t in self.terms if t in df}
        self.decays, self.touched, self.terms = clusterer.decays, {}, set()
        clusterer.index.touched.clear()
        meta = (LAYOUT, clusterer._arrivals, clusterer._now, clusterer.dfs.n_docs,
                clusterer.index.clock, self.next_rank, clusterer.decays)  # fmt: skip
        return StateDelta(pickle.dumps(meta), stories, gone, added, removed, terms, whole)

    def _ranks(self, live: OrderedDict[str, _Story], moved: list[str]) -> dict[str, int]:
        # Stories a batch joined or created are, in their order, the tail of the live order.
        tail: list[str] = []
        wanted = set(moved)
        for sid in reversed(live):
            if sid not in wanted:
                break
            tail.append(sid)
        if len(tail) != len(wanted):  # not so (a new way of reordering?): rank every story
            tail = list(reversed(live))
        ranks = {sid: self.next_rank + i for i, sid in enumerate(reversed(tail))}
        self.next_rank += len(tail)
        self.ranks.update(ranks)
        return ranks


def _story_state(clusterer: StoryClusterer, story: _Story) -> bytes:
    # Every field but the member vectors (rows of their own), whatever fields _Story has.
    state = {f.name: getattr(story, f.name) for f in fields(story) if f.name not in _OWN_ROWS}
    state["recent"] = [m.article_id for m in story.recent]
    return pickle.dumps((state, clusterer.index.entries(story.id, story.keys)))


def restore(rows: StateRows, *, options: ClusterOptions | None = None) -> StoryClusterer:
    """The clusterer the rows were saved from (a fresh one when the store holds none).

    Raises:
        StoreError: the rows cannot be read (written by another layout or corrupt).
    """
    clusterer = StoryClusterer(options=options)
    if rows.meta is None:
        return clusterer
    try:
        layout, arrivals, now, n_docs, clock, _, decays = pickle.loads(rows.meta)
        if layout != LAYOUT:
            raise ValueError(f"layout {layout}, expected {LAYOUT}")
        members = {(r.story_id, r.article_id): pickle.loads(r.state) for r in rows.members}
        entries: list[tuple[int, str, str]] = []
        for row in sorted(rows.stories, key=lambda r: r.rank or 0):
            story, found = _rebuild_story(row, members, clusterer.options.split_window)
            clusterer._stories[story.id] = story
            clusterer._seen.update(story.members)
            entries += [(tick, key, story.id) for key, tick in found.items()]
    except Exception as exc:  # corrupt rows: say so rather than silently restart
        raise StoreError(
            f"the saved clustering state cannot be read ({exc}); delete the rows of the "
            "cluster_meta table to start the story stream afresh"
        ) from exc
    clusterer._arrivals, clusterer._now, clusterer.decays = arrivals, now, decays
    clusterer.dfs = DocumentFrequencies(n_docs=n_docs, df=dict(rows.terms))
    clusterer.index.restore(entries, clock=clock)
    return clusterer


def _rebuild_story(
    row: StoryRow, members: dict[tuple[str, str], _Member], window: int
) -> tuple[_Story, dict[str, int]]:
    state, entries = pickle.loads(row.state)
    recent = deque((members[row.id, a] for a in state.pop("recent")), maxlen=window)
    return _Story(id=row.id, recent=recent, **state), entries


def tracker_for(clusterer: StoryClusterer, rows: StateRows) -> StateTracker:
    """A tracker that knows the store holds exactly ``rows`` (as just restored)."""
    saved: dict[str, set[str]] = {}
    for member in rows.members:
        saved.setdefault(member.story_id, set()).add(member.article_id)
    next_rank = pickle.loads(rows.meta)[5] if rows.meta is not None else 0
    ranks = {row.id: row.rank for row in rows.stories if row.rank is not None}
    return StateTracker(saved=saved, ranks=ranks, next_rank=next_rank, decays=clusterer.decays)


def catch_up(
    clusterer: StoryClusterer,
    tracker: StateTracker,
    rows: StateRows,
    all_terms: Callable[[], dict[str, float]],
) -> None:
    """Apply what other writers saved (``rows`` loaded with ``since``) to a live clusterer.

    Guarantees: afterwards the clusterer and tracker are those ``restore`` and ``tracker_for``
    would give from every row; the cost follows the changed rows, not the whole state (the
    term table is read whole only when another writer decayed it).

    Raises:
        StoreError: the rows cannot be read.
    """
    if rows.meta is None:
        return
    try:
        _, arrivals, now, n_docs, clock, next_rank, decays = pickle.loads(rows.meta)
        members = {(r.story_id, r.article_id): pickle.loads(r.state) for r in rows.members}
        changed = sorted(rows.stories, key=lambda r: r.rank or 0)
        rebuilt = [_rebuild_story(r, members, clusterer.options.split_window) for r in changed]
    except Exception as exc:
        raise StoreError(f"the saved clustering state cannot be read ({exc})") from exc
    saved = set(rows.story_ids)
    _drop(clusterer, tracker, [s for s in clusterer._stories if s not in saved])
    entries: list[tuple[int, str, str]] = []
    for row, (story, found) in zip(changed, rebuilt, strict=True):
        _replace(clusterer, tracker, story, row.rank)
        entries += [(tick, key, story.id) for key, tick in found.items()]
    clusterer.index.insert(entries)
    clusterer._arrivals, clusterer._now, clusterer.index.clock = arrivals, now, clock
    if decays != clusterer.decays:
        clusterer.dfs.df = all_terms()
    else:
        clusterer.dfs.df.update(rows.terms)
    clusterer.dfs.n_docs, clusterer.decays = n_docs, decays
    tracker.next_rank, tracker.decays = next_rank, decays


def _drop(clusterer: StoryClusterer, tracker: StateTracker, story_ids: list[str]) -> None:
    for sid in story_ids:
        story = clusterer._stories.pop(sid)
        clusterer.index.remove(sid, story.keys)
        clusterer._seen.difference_update(story.members)
        tracker.saved.pop(sid, None)
        tracker.ranks.pop(sid, None)


def _replace(
    clusterer: StoryClusterer, tracker: StateTracker, story: _Story, rank: int | None
) -> None:
    live = clusterer._stories
    old = live.get(story.id)
    if old is not None:
        clusterer.index.remove(old.id, old.keys)
        clusterer._seen.difference_update(old.members)
        if rank != tracker.ranks.get(story.id):
            del live[story.id]  # active again: it moves to the recent end (new ranks are last)
    live[story.id] = story
    clusterer._seen.update(story.members)
    tracker.saved[story.id] = {m.article_id for m in story.recent}
    if rank is not None:
        tracker.ranks[story.id] = rank
