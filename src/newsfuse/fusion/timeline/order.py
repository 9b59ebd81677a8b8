"""One order for events from dates and the reports' own precedence cues.

Dated events whose intervals do not meet are ordered by date; each cue "X before Y" adds an edge
unless it would close a cycle with the edges already placed. Cues stated by more documents are
placed first, so when reports contradict one another the better-supported order wins, and
dates always win over cues. The result is a topological order in which, among the events free
to come next, the one with the earliest date bound goes first (an undated event is bounded by
the earliest date it must precede), then the one mentioned first.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Item:
    """An event to order: the days its date covers (ordinals), or None, and where it is first
    mentioned (a sort key)."""

    low: float | None
    high: float | None
    first: tuple[int, ...]


def order_events(items: Sequence[Item], cues: Mapping[tuple[int, int], int]) -> list[int]:
    """Indices of ``items`` in event order.

    ``cues`` maps (earlier, later) index pairs to the number of documents that state that
    order. Guarantees: every index appears once; dated items whose intervals do not overlap are
    in date order; a cue is honoured unless it contradicts dates or better-supported cues.
    Deterministic for the same input; never fails on contradictory cues.
    """
    succ: list[set[int]] = [set() for _ in items]
    dated = [i for i, it in enumerate(items) if it.low is not None]
    for a in dated:
        for b in dated:
            if _high(items[a]) < _low(items[b]):
                succ[a].add(b)
    ranked = sorted(
        ((pair, n) for pair, n in cues.items() if pair[0] != pair[1]),
        key=lambda kv: (-kv[1], items[kv[0][0]].first, items[kv[0][1]].first),
    )
    for (a, b), _ in ranked:
        if b not in succ[a] and not _reaches(succ, b, a):
            succ[a].add(b)
    bound = _bounds(items, succ)
    indegree = [0] * len(items)
    for targets in succ:
        for b in targets:
            indegree[b] += 1
    ready = [(bound[i], items[i].first, i) for i in range(len(items)) if indegree[i] == 0]
    heapq.heapify(ready)
    out: list[int] = []
    while ready:
        _, _, i = heapq.heappop(ready)
        out.append(i)
        for b in succ[i]:
            indegree[b] -= 1
            if indegree[b] == 0:
                heapq.heappush(ready, (bound[b], items[b].first, b))
    return out


def _low(item: Item) -> float:
    return item.low if item.low is not None else math.inf


def _high(item: Item) -> float:
    return item.high if item.high is not None else math.inf


def _reaches(succ: Sequence[set[int]], start: int, goal: int) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in succ[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _bounds(items: Sequence[Item], succ: Sequence[set[int]]) -> list[float]:
    """For each item, the earliest day it may fall on: its own date, or the earliest bound of
    the items it must precede (the graph is acyclic here)."""
    bound = [_low(it) for it in items]
    done = [False] * len(items)
    for root in range(len(items)):
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if done[node]:
                continue
            if expanded:
                bound[node] = min([bound[node], *(bound[b] for b in succ[node])])
                done[node] = True
                continue
            stack.append((node, True))
            stack.extend((b, False) for b in succ[node] if not done[b])
    return bound
