from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from newsfuse.fusion.embed import EmbeddingCache, embed_texts


def test_cache_returns_the_same_vectors_without_encoding_again(
    tmp_path: Path, encoder: Any
) -> None:
    texts = ["Insurgents seized Rastan.", "Thousands fled Homs.", "Insurgents seized Rastan."]
    cache = EmbeddingCache(tmp_path)
    first = embed_texts(texts, encoder=encoder, cache=cache)
    assert first.shape == (3, 384)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(first[0], first[2])
    assert cache.misses == 2

    later = EmbeddingCache(tmp_path)  # a new process: vectors come from disk
    again = embed_texts(texts, encoder=encoder, cache=later)
    assert later.misses == 0 and later.hits == 2
    assert np.allclose(first, again)


def test_no_texts(encoder: Any) -> None:
    assert embed_texts([], encoder=encoder).shape == (0, 384)
