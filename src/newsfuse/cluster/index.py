"""The candidate index: which live stories share an article's most telling terms.

An inverted index from a story's key terms (its members' highest-weighted terms) to story ids.
A posting list keeps only the most recently active stories, so a term every story shares costs
no more than a rare one: retrieving candidates costs O(keys x max_postings), whatever the
number of stories.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


def top_keys(vector: Mapping[str, float], *, k: int) -> list[str]:
    """The ``k`` highest-weighted terms of a vector (ties broken by term, so stable)."""
    return sorted(vector, key=lambda term: (-vector[term], term))[:k]


@dataclass(slots=True)
class CandidateIndex:
    """Term -> live story ids, most recently touched last, each list capped at ``max_postings``.

    Each entry carries the tick of its last touch, and ``touched`` collects the live stories
    whose entries changed (added, moved or evicted) since the caller last cleared it: so the
    index can be saved incrementally and rebuilt exactly by ``restore``.
    """

    max_postings: int = 64
    postings: dict[str, dict[str, int]] = field(default_factory=dict)
    clock: int = 0
    touched: set[str] = field(default_factory=set)

    def add(self, story_id: str, keys: Iterable[str]) -> None:
        """Record that ``story_id`` holds ``keys`` (moving it to the recent end of each list)."""
        self.touched.add(story_id)
        for key in keys:
            posting = self.postings.setdefault(key, {})
            posting.pop(story_id, None)
            self.clock += 1
            posting[story_id] = self.clock
            if len(posting) > self.max_postings:
                evicted = next(iter(posting))
                del posting[evicted]
                self.touched.add(evicted)

    def remove(self, story_id: str, keys: Iterable[str]) -> None:
        """Forget ``story_id`` under ``keys`` (when it is frozen, merged away or re-keyed).

        A story removed for good leaves ``touched`` (re-keying adds it back), so ``touched``
        never holds more than the live stories, even when nobody saves and clears it.
        """
        self.touched.discard(story_id)
        for key in keys:
            posting = self.postings.get(key)
            if posting is None:
                continue
            posting.pop(story_id, None)
            if not posting:
                del self.postings[key]

    def entries(self, story_id: str, keys: Iterable[str]) -> dict[str, int]:
        """The ticks of ``story_id``'s entries under ``keys`` (those not evicted)."""
        found: dict[str, int] = {}
        for key in keys:
            tick = self.postings.get(key, {}).get(story_id)
            if tick is not None:
                found[key] = tick
        return found

    def insert(self, entries: Iterable[tuple[int, str, str]]) -> None:
        """Put saved ``(tick, key, story_id)`` entries back at their places in tick order
        (another writer's changes; the stories' old entries must have been removed)."""
        by_key: dict[str, list[tuple[int, str]]] = {}
        for tick, key, story_id in entries:
            by_key.setdefault(key, []).append((tick, story_id))
        for key, added in by_key.items():
            merged = [(tick, sid) for sid, tick in self.postings.get(key, {}).items()] + added
            self.postings[key] = {sid: tick for tick, sid in sorted(merged)}

    def restore(self, entries: Iterable[tuple[int, str, str]], *, clock: int) -> None:
        """Rebuild the postings from saved ``(tick, key, story_id)`` entries, in tick order.

        Guarantees: given every live story's ``entries`` and the saved clock, the postings (and
        so the candidates) are exactly those of the index that was saved.
        """
        self.postings = {}
        for tick, key, story_id in sorted(entries):
            self.postings.setdefault(key, {})[story_id] = tick
        self.clock = clock
        self.touched = set()

    def candidates(self, keys: Iterable[str], *, limit: int) -> list[str]:
        """Up to ``limit`` story ids sharing the most of ``keys`` (best first, then most recent)."""
        hits: dict[str, int] = {}
        for key in keys:
            for story_id in self.postings.get(key, ()):
                hits[story_id] = hits.get(story_id, 0) + 1
        ranked = sorted(hits.items(), key=lambda item: -item[1])
        return [story_id for story_id, _ in ranked[:limit]]

    def __len__(self) -> int:
        return len(self.postings)
