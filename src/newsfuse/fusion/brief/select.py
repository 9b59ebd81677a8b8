"""Choose the brief's sentences: maximal marginal relevance under a word budget, then order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.fusion.brief.rank import Scores
from newsfuse.models import BriefSentence


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence the brief may use, built from the fact at ``index`` of the scored facts."""

    index: int
    group: str  # the conflict id for a disputed fact, else the fact id: one sentence per group
    sentence: BriefSentence
    words: int


@dataclass(frozen=True, slots=True)
class Selection:
    """How selection trades relevance against repetition.

    ``redundancy`` is the penalty per unit of similarity to the closest chosen sentence;
    a candidate at or above ``duplicate`` similarity to a chosen one is never taken.
    ``actors`` weighs the share of key-actor weight a sentence adds that none chosen covers.
    """

    redundancy: float = 0.5
    duplicate: float = 0.8
    actors: float = 0.5
    fill: bool = True


def _actor_gain(c: Candidate, scores: Scores, covered: set[str]) -> float:
    total = sum(scores.actor_weight.values())
    if total <= 0:
        return 0.0
    new = scores.actors[c.index] - covered
    return sum(scores.actor_weight[a] for a in new) / total


def _best(
    pool: Sequence[Candidate],
    chosen: Sequence[Candidate],
    scores: Scores,
    covered: set[str],
    how: Selection,
) -> Candidate | None:
    best: Candidate | None = None
    best_value = -np.inf
    for c in pool:
        overlap = max((scores.similarity[c.index, s.index] for s in chosen), default=0.0)
        if overlap >= how.duplicate:
            continue
        value = (
            scores.relevance[c.index]
            + how.actors * _actor_gain(c, scores, covered)
            - how.redundancy * overlap
        )
        if value > best_value:
            best, best_value = c, value
    return best


def select(
    candidates: Sequence[Candidate], scores: Scores, *, words: int, how: Selection
) -> list[Candidate]:
    """The chosen candidates, in the order they were chosen (most valuable first).

    Guarantees: at most one candidate per group; no two chosen are ``how.duplicate``-similar;
    the total word count stops at the sentence that crosses ``words`` or just before it,
    whichever is closer to ``words`` (the first sentence is always kept, whatever its length).
    """
    chosen: list[Candidate] = []
    groups: set[str] = set()
    covered: set[str] = set()
    too_long: set[int] = set()
    total = 0
    while total < words:
        pool = [c for c in candidates if c.group not in groups and id(c) not in too_long]
        best = _best(pool, chosen, scores, covered, how)
        if best is None:
            break
        after = total + best.words
        if chosen and after > words and after - words > words - total:
            if not how.fill:
                break
            too_long.add(id(best))
            continue
        chosen.append(best)
        groups.add(best.group)
        covered |= scores.actors[best.index]
        total = after
    return chosen


def reading_order(chosen: Sequence[Candidate], scores: Scores) -> list[Candidate]:
    """Chosen sentences in the order the reports tell the story: by mean relative position."""
    rank = {id(c): i for i, c in enumerate(chosen)}
    return sorted(chosen, key=lambda c: (round(float(scores.position[c.index]), 6), rank[id(c)]))
