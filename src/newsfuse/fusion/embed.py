"""Sentence vectors, computed in batches and cached by text hash.

A story that is fused again (a new article arrived, the service restarted) re-embeds only the
sentences it has not seen: vectors live in an in-memory cache and, when a directory is given,
in one ``.npy`` file per text hash on disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsfuse.errors import NewsfuseError

Vectors = npt.NDArray[np.float32]


def text_key(text: str) -> str:
    """The cache key of a text: sha256 of its UTF-8 bytes (exact text, so spans stay exact)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Unit-length vectors keyed by text hash, in memory and optionally in ``directory``.

    The cache never changes a vector: a text embeds to the same vector whether it was cached
    or not. Disk entries that cannot be read are recomputed and rewritten.
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self._memory: dict[str, Vectors] = {}
        self._dir = Path(directory) if directory else None
        self.hits = 0
        self.misses = 0
        if self._dir is not None:
            try:
                self._dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise NewsfuseError(
                    f"{self._dir}: cannot create the embedding cache ({exc.strerror}); "
                    "set NEWSFUSE_EMBEDDING_CACHE to a writable folder or leave it empty"
                ) from exc

    def __len__(self) -> int:
        return len(self._memory)

    def get(self, key: str) -> Vectors | None:
        vector = self._memory.get(key)
        if vector is None and self._dir is not None:
            path = self._dir / key[:2] / f"{key}.npy"
            if path.is_file():
                try:
                    vector = np.load(path, allow_pickle=False).astype(np.float32)
                except (OSError, ValueError):
                    vector = None
                if vector is not None:
                    self._memory[key] = vector
        return vector

    def put(self, key: str, vector: Vectors) -> None:
        self._memory[key] = vector
        if self._dir is not None:
            folder = self._dir / key[:2]
            folder.mkdir(exist_ok=True)
            tmp = folder / f"{key}.tmp.npy"
            np.save(tmp, vector, allow_pickle=False)
            tmp.replace(folder / f"{key}.npy")


def embed_texts(
    texts: Sequence[str],
    *,
    encoder: Any,
    cache: EmbeddingCache | None = None,
    batch_size: int = 64,
) -> Vectors:
    """Unit-length vectors for ``texts`` (one row each, in order), embedding only cache misses.

    Identical texts are embedded once. With no texts, returns an empty (0, dim) array when the
    dimension is known, else (0, 0).
    """
    keys = [text_key(t) for t in texts]
    found: dict[str, Vectors] = {}
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key in found or key in missing:
            continue
        vector = cache.get(key) if cache is not None else None
        if vector is None:
            missing[key] = text
        else:
            found[key] = vector
    if cache is not None:
        cache.hits += len(found)
        cache.misses += len(missing)
    if missing:
        encoded = encoder.encode(
            list(missing.values()),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        for key, vector in zip(missing, np.asarray(encoded, dtype=np.float32), strict=True):
            found[key] = vector
            if cache is not None:
                cache.put(key, vector)
    if not keys:
        dim = _dimension(encoder)
        return np.zeros((0, dim), dtype=np.float32)
    return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


def _dimension(encoder: Any) -> int:
    getter = getattr(encoder, "get_sentence_embedding_dimension", None)
    dim = getter() if callable(getter) else None
    return int(dim) if isinstance(dim, int) else 0


class CachedEncoder:
    """An encoder whose ``encode`` goes through an EmbeddingCache: later stages (the verifier,
    the brief) that embed statements fusion already embedded get the cached vectors.

    Vectors are always unit length (``normalize_embeddings`` is accepted and implied); texts go
    to the model ``batch_size`` at a time, whatever a caller asks.
    """

    def __init__(self, encoder: Any, cache: EmbeddingCache, *, batch_size: int = 64) -> None:
        self.encoder = encoder
        self.cache = cache
        self.batch_size = batch_size

    def encode(self, sentences: str | Sequence[str], **_: Any) -> Vectors:
        texts = [sentences] if isinstance(sentences, str) else list(sentences)
        found = embed_texts(
            texts, encoder=self.encoder, cache=self.cache, batch_size=self.batch_size
        )
        return np.asarray(found[0], dtype=np.float32) if isinstance(sentences, str) else found

    def get_sentence_embedding_dimension(self) -> int:
        return _dimension(self.encoder)
