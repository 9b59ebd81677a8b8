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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsfuse.cluster.stream import (
    Assignment,
    ClusterOptions,
    StoryClusterer,
    StorySnapshot,
    StreamCounters,
)
from newsfuse.errors import StoreError
from newsfuse.store.records import MemberRow, StateDelta, StateRows, StoryRow

# Bumped when the layout of the pickled row payloads changes.
LAYOUT = 1


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
        moved = [sid for sid in self.touched if sid in clusterer]
        stories: list[StoryRow] = []
        added: list[MemberRow] = []
        removed: list[tuple[str, str]] = []
        evicted = (s for s in clusterer.index.touched if s in clusterer)
        ranks = self._ranks(clusterer, moved)
        # A story touched only by an index eviction keeps its rank (None).
        for sid in dict.fromkeys(ranks) | dict.fromkeys(evicted):
            snap = clusterer.snapshot(sid)
            stories.append(StoryRow(sid, ranks.get(sid), _story_state(snap)))
            before = self.saved.get(sid, set())
            added += [MemberRow(sid, a, pickle.dumps(m)) for a, m in snap.recent.items()
                      if a not in before]  # fmt: skip
            removed += [(sid, a) for a in before - snap.recent.keys()]
            self.saved[sid] = set(snap.recent)
        gone = [sid for sid in self.touched if sid not in clusterer and sid in self.saved]
        for sid in gone:
            del self.saved[sid]
            self.ranks.pop(sid, None)
        whole = clusterer.decays != self.decays
        df = clusterer.dfs.df
        terms = dict(df) if whole else {t: df[t] for t in self.terms if t in df}
        self.decays, self.touched, self.terms = clusterer.decays, {}, set()
        clusterer.index.touched.clear()
        c = clusterer.counters()
        meta = (LAYOUT, c.arrivals, c.now, c.n_docs, c.clock, self.next_rank, c.decays)
        return StateDelta(pickle.dumps(meta), stories, gone, added, removed, terms, whole)

    def _ranks(self, clusterer: StoryClusterer, moved: list[str]) -> dict[str, int]:
        # Stories a batch joined or created are, in their order, the tail of the live order.
        tail: list[str] = []
        wanted = set(moved)
        for sid in clusterer.live_ids(newest_first=True):
            if sid not in wanted:
                break
            tail.append(sid)
        if len(tail) != len(wanted):  # not so (a new way of reordering?): rank every story
            tail = list(clusterer.live_ids(newest_first=True))
        ranks = {sid: self.next_rank + i for i, sid in enumerate(reversed(tail))}
        self.next_rank += len(tail)
        self.ranks.update(ranks)
        return ranks


def full_delta(clusterer: StoryClusterer) -> tuple[StateDelta, StateTracker]:
    """Every row of ``clusterer`` (to write over a cleared store: terms whole, ranks from 0)
    and the tracker that knows the store then holds exactly those rows."""
    tracker = StateTracker(decays=-1)
    tracker.touched = dict.fromkeys(clusterer.live_ids())
    return tracker.delta(clusterer), tracker


def _story_state(snap: StorySnapshot) -> bytes:
    # Every field but the member vectors (rows of their own), whatever fields a story has.
    return pickle.dumps(({**snap.fields, "recent": list(snap.recent)}, snap.entries))


def _counters(meta: bytes) -> tuple[StreamCounters, int]:
    """The saved counters and the next rank, from the meta row."""
    layout, arrivals, now, n_docs, clock, next_rank, decays = pickle.loads(meta)
    if layout != LAYOUT:
        raise ValueError(f"layout {layout}, expected {LAYOUT}")
    return StreamCounters(arrivals, now, n_docs, clock, decays), next_rank


def restore(rows: StateRows, *, options: ClusterOptions | None = None) -> StoryClusterer:
    """The clusterer the rows were saved from (a fresh one when the store holds none).

    Raises:
        StoreError: the rows cannot be read (written by another layout or corrupt).
    """
    clusterer = StoryClusterer(options=options)
    if rows.meta is None:
        return clusterer
    try:
        counters, _ = _counters(rows.meta)
        clusterer.restore_stories(_snapshots(rows))
    except Exception as exc:  # corrupt rows: say so rather than silently restart
        raise StoreError(
            f"the saved clustering state cannot be read ({exc}); run `newsfuse stories "
            "--rebuild` to rebuild it from the stored stories"
        ) from exc
    clusterer.dfs.df = dict(rows.terms)
    clusterer.set_counters(counters)
    return clusterer


def _snapshots(rows: StateRows) -> list[StorySnapshot]:
    """The saved stories in their live order (by rank)."""
    members = {(r.story_id, r.article_id): pickle.loads(r.state) for r in rows.members}
    found = []
    for row in sorted(rows.stories, key=lambda r: r.rank or 0):
        state, entries = pickle.loads(row.state)
        recent = {a: members[row.id, a] for a in state.pop("recent")}
        found.append(StorySnapshot(row.id, state, recent, entries))
    return found


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
        counters, next_rank = _counters(rows.meta)
        snapshots = _snapshots(rows)
    except Exception as exc:
        raise StoreError(f"the saved clustering state cannot be read ({exc})") from exc
    saved = set(rows.story_ids)
    for sid in [s for s in clusterer.live_ids() if s not in saved]:
        clusterer.freeze(sid)  # frozen or merged away by another writer
        tracker.saved.pop(sid, None)
        tracker.ranks.pop(sid, None)
    ranks = {row.id: row.rank for row in rows.stories}
    # A story whose rank is unchanged keeps its place; one active again moves to the recent
    # end (new ranks are last, and ``_snapshots`` gives them in rank order).
    keep = {sid for sid, rank in ranks.items() if rank == tracker.ranks.get(sid)}
    clusterer.restore_stories(snapshots, keep_place=keep)
    for snap in snapshots:
        tracker.saved[snap.id] = set(snap.recent)
        rank = ranks[snap.id]
        if rank is not None:
            tracker.ranks[snap.id] = rank
    if counters.decays != clusterer.decays:
        clusterer.dfs.df = all_terms()
    else:
        clusterer.dfs.df.update(rows.terms)
    clusterer.set_counters(counters)
    tracker.next_rank, tracker.decays = next_rank, counters.decays
