"""Whether a story holds two events: re-weigh its members by what tells them apart, and test.

Two events of the same kind (two title fights of one boxer, two navy actions against pirates)
share most of their words, so globally they look like one story. Inside the story, a term every
member holds says nothing; the terms only some members hold (the opponent, the ship, the number
of pirates) do. The test re-weighs member vectors by a story-local IDF, cuts the members in two
by a normalized cut and splits when the two halves are much less alike than each half is inside.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

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
    vectors: Sequence[SparseVector],
    *,
    ratio: float = 0.3,
    min_part: int = 2,
    cut: Literal["normalized", "average"] = "normalized",
) -> SplitDecision | None:
    """The two-way split of a story's member vectors, or None when it is one story.

    A split is returned only when both halves have at least ``min_part`` members and the mean
    local similarity between the halves is below ``ratio`` times the lesser mean similarity
    inside a half. ``first`` always holds position 0 (the oldest member), so the half that moves
    to a new story is the other one. ``cut`` picks how the halves are found: the normalized
    cut (default) or the session-1 average-link tree cut, kept as the bench's peer. Deterministic
    for the same vectors in the same order.
    """
    n = len(vectors)
    if n < 2 * min_part:
        return None
    sims = _local_similarities(vectors)
    labels = _two_way(sims) if cut == "normalized" else _average_link_cut(sims)
    first = tuple(i for i in range(n) if labels[i] == labels[0])
    second = tuple(i for i in range(n) if labels[i] != labels[0])
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
    """The normalized cut of the similarity graph (Shi and Malik, 2000).

    Members are ordered by the Fiedler vector of the normalized Laplacian and the prefix with
    the least normalized cut is taken. Unlike a cut of an average-link tree, which tends to cut
    off one odd member, the normalized cut weighs the cohesion of both sides, so it finds two
    groups of members. Deterministic: ties go to the shorter prefix.
    """
    weights = np.clip(sims, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    degree = np.maximum(weights.sum(axis=1), 1e-12)
    scale = 1.0 / np.sqrt(degree)
    laplacian = np.eye(len(weights)) - scale[:, None] * weights * scale[None, :]
    _, eigenvectors = np.linalg.eigh(laplacian)
    order = np.argsort(eigenvectors[:, 1] * scale, kind="stable")
    total = float(degree.sum())
    in_first = np.zeros(len(weights), dtype=bool)
    cut = volume = 0.0
    best = (math.inf, 1)
    for size, member in enumerate(order[:-1], start=1):
        # Moving `member` to the first side: its edges to that side stop being cut.
        cut += float(degree[member]) - 2.0 * float(weights[member, in_first].sum())
        in_first[member] = True
        volume += float(degree[member])
        value = cut / volume + cut / max(total - volume, 1e-12)
        if value < best[0]:
            best = (value, size)
    labels = [1] * len(weights)
    for member in order[: best[1]]:
        labels[int(member)] = 0
    return labels


def _average_link_cut(sims: np.ndarray) -> list[int]:
    """The top split of an average-link tree (it often cuts off one odd member alone)."""
    from scipy.cluster.hierarchy import fcluster, linkage  # type: ignore[import-untyped]
    from scipy.spatial.distance import squareform  # type: ignore[import-untyped]

    distances = np.clip(1.0 - sims, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    return [int(label) - 1 for label in fcluster(tree, t=2, criterion="maxclust")]


def _mean_inside(sims: np.ndarray, part: tuple[int, ...]) -> float:
    size = len(part)
    block = sims[np.ix_(part, part)]
    return float((block.sum() - np.trace(block)) / (size * (size - 1)))
