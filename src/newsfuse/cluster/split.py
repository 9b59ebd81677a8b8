"""Whether a story holds two events: re-weigh its members by what tells them apart, and test.

Two events of the same kind (two title fights of one boxer, two navy actions against pirates)
share most of their words, so globally they look like one story. Inside the story, a term every
member holds says nothing; the terms only some members hold (the opponent, the ship, the number
of pirates) do. The test re-weighs member vectors by a story-local IDF, cuts the members in two
by average link and splits when the two halves are much less alike than each half is inside.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.cluster.vectors import SparseVector


@dataclass(frozen=True, slots=True)
class SplitDecision:
    """Member positions of the two halves, and the similarities that decided the split."""

    first: tuple[int, ...]
    second: tuple[int, ...]
    between: float
    within: float


def find_split(
    vectors: Sequence[SparseVector], *, ratio: float = 0.3, min_part: int = 2
) -> SplitDecision | None:
    """The two-way split of a story's member vectors, or None when it is one story.

    A split is returned only when both halves have at least ``min_part`` members and the mean
    local similarity between the halves is below ``ratio`` times the lesser mean similarity
    inside a half. Deterministic for the same vectors in the same order.
    """
    n = len(vectors)
    if n < 2 * min_part:
        return None
    sims = _local_similarities(vectors)
    labels = _two_way(sims)
    first = tuple(i for i in range(n) if labels[i] == 0)
    second = tuple(i for i in range(n) if labels[i] == 1)
    if min(len(first), len(second)) < min_part:
        return None
    between = float(sims[np.ix_(first, second)].mean())
    within = min(_mean_inside(sims, first), _mean_inside(sims, second))
    if within <= 0 or between >= ratio * within:
        return None
    return SplitDecision(first, second, between, within)


def _local_similarities(vectors: Sequence[SparseVector]) -> np.ndarray:
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

    n = len(vectors)
    df: dict[str, int] = {}
    for vector in vectors:
        for term in vector:
            df[term] = df.get(term, 0) + 1
    # Terms held by (nearly) every member weigh ~0; terms of a subset keep their weight.
    local = {t: max(math.log((n + 1) / (c + 0.5)), 0.0) for t, c in df.items()}
    vocab = {t: i for i, t in enumerate(t for t, w in local.items() if w > 0)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, vector in enumerate(vectors):
        for term, value in vector.items():
            col = vocab.get(term)
            if col is not None:
                rows.append(row)
                cols.append(col)
                values.append(value * local[term])
    sparse = csr_matrix((values, (rows, cols)), shape=(n, max(len(vocab), 1)))
    matrix = np.asarray((sparse @ sparse.T).todense(), dtype=np.float64)
    norms = np.sqrt(np.diag(matrix))
    norms = np.where(norms == 0, 1.0, norms)
    sims: np.ndarray = matrix / norms[:, None] / norms[None, :]
    return sims


def _two_way(sims: np.ndarray) -> list[int]:
    """Average-link cut into two groups (scipy's linkage: far lighter than sklearn's)."""
    from scipy.cluster.hierarchy import fcluster, linkage  # type: ignore[import-untyped]
    from scipy.spatial.distance import squareform  # type: ignore[import-untyped]

    distances = np.clip(1.0 - sims, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    labels = fcluster(tree, t=2, criterion="maxclust")
    return [int(label) - 1 for label in labels]


def _mean_inside(sims: np.ndarray, part: tuple[int, ...]) -> float:
    size = len(part)
    block = sims[np.ix_(part, part)]
    return float((block.sum() - np.trace(block)) / (size * (size - 1)))
