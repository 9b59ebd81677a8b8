"""k nearest neighbours by cosine similarity of unit vectors: the blocking step of alignment.

Below ``HNSW_ABOVE`` vectors an exact top-k in blocks of rows (numpy, memory bounded by
block x n); above it, a faiss HNSW graph (approximate, sub-quadratic).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from newsfuse.fusion.embed import Vectors

# Exact blocked top-k costs n^2 * dim flops; at 20k statements that is ~0.15 TFLOP, a few
# seconds on 2 cores. HNSW takes over beyond it.
HNSW_ABOVE = 20_000
_BLOCK = 2048


def nearest(
    vectors: Vectors, *, k: int, hnsw_above: int = HNSW_ABOVE
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """For each row, the k most similar rows (itself possibly included), best first.

    Returns (similarities, indices), both of shape (n, k); missing neighbours have index -1.
    """
    n = vectors.shape[0]
    k = max(0, min(k, n))
    if n == 0 or k == 0:
        return np.zeros((n, 0), np.float32), np.zeros((n, 0), np.int64)
    if n > hnsw_above:
        return _hnsw(vectors, k)
    return _exact(vectors, k)


def _exact(vectors: Vectors, k: int) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    n = vectors.shape[0]
    sims = np.empty((n, k), np.float32)
    idx = np.empty((n, k), np.int64)
    for lo in range(0, n, _BLOCK):
        block = vectors[lo : lo + _BLOCK] @ vectors.T
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(block, top, axis=1)
        order = np.argsort(-top_sims, axis=1, kind="stable")
        idx[lo : lo + _BLOCK] = np.take_along_axis(top, order, axis=1)
        sims[lo : lo + _BLOCK] = np.take_along_axis(top_sims, order, axis=1)
    return sims, idx


def _hnsw(vectors: Vectors, k: int) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efSearch = max(64, 2 * k)
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    index.add(data)
    sims, idx = index.search(data, k)
    return sims.astype(np.float32), idx.astype(np.int64)
