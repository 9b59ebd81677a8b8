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
    """Term -> live story ids, most recently touched last, each list capped at ``max_postings``."""

    max_postings: int = 64
    postings: dict[str, dict[str, None]] = field(default_factory=dict)

    def add(self, story_id: str, keys: Iterable[str]) -> None:
        """Record that ``story_id`` holds ``keys`` (moving it to the recent end of each list)."""
        for key in keys:
            posting = self.postings.setdefault(key, {})
            posting.pop(story_id, None)
            posting[story_id] = None
            if len(posting) > self.max_postings:
                del posting[next(iter(posting))]

    def remove(self, story_id: str, keys: Iterable[str]) -> None:
        """Forget ``story_id`` under ``keys`` (when it is frozen, merged away or re-keyed)."""
        for key in keys:
            posting = self.postings.get(key)
            if posting is None:
                continue
            posting.pop(story_id, None)
            if not posting:
                del self.postings[key]

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
