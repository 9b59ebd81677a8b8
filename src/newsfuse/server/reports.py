"""Fusion inside the service: models loaded once, one fusion at a time, reports cached.

A story's report is keyed by the story id and the exact set of its article ids, so it is
re-fused when (and only when) the story changed. Sentence vectors are kept across fusions, so
re-fusing a story that gained one article embeds only that article's sentences.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from newsfuse.models import Article, Report
from newsfuse.server.config import ServerSettings

# About 150 MB of 384-dimensional float32 vectors; past it the cache starts over rather than
# growing for the life of the process.
_MAX_VECTORS = 100_000


class Reports:
    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._nlp: Any = None
        self._encoder: Any = None
        self._cache: Any = None
        self._lock = threading.Lock()
        self._reports: OrderedDict[str, Report] = OrderedDict()

    @property
    def models_loaded(self) -> bool:
        return self._nlp is not None

    def _load(self) -> None:
        from newsfuse.fusion.embed import EmbeddingCache
        from newsfuse.nlp import load_encoder, load_spacy

        if self._nlp is None:
            self._encoder = load_encoder()
            self._nlp = load_spacy()
        if self._cache is None or len(self._cache) > _MAX_VECTORS:
            self._cache = EmbeddingCache(self.settings.embedding_cache)

    def fuse(
        self, articles: Sequence[Article], *, brief_words: int | None, story_id: str | None
    ) -> Report:
        """The fused report of these articles (models loaded on first use).

        Raises:
            InputError: no article to fuse.
            ModelError: a packaged model is missing or fails its hash check.
        """
        from newsfuse.pipeline import fuse_articles

        with self._lock:
            self._load()
            return fuse_articles(
                articles,
                nlp=self._nlp,
                encoder=self._encoder,
                brief_words=brief_words or self.settings.brief_words,
                story_id=story_id,
                cache=self._cache,
            )

    def story_report(self, story_id: str, articles: Sequence[Article]) -> Report:
        """A story's report, fused again only when its set of articles changed."""
        key = story_id + ":" + _set_key(a.id for a in articles)
        with self._lock:
            cached = self._reports.get(key)
            if cached is not None:
                self._reports.move_to_end(key)
                return cached
        report = self.fuse(articles, brief_words=None, story_id=story_id)
        with self._lock:
            self._reports[key] = report
            while len(self._reports) > self.settings.report_cache_size:
                self._reports.popitem(last=False)
        return report


def _set_key(ids: Any) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]
