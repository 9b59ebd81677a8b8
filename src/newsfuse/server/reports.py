"""Fusion inside the service: models loaded once, one fusion at a time, reports cached.

A story's rendered report is cached in the store, keyed by the exact set of its article ids,
so it is fused again when (and only when) the story changed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from newsfuse.errors import InputError
from newsfuse.models import Article, Report
from newsfuse.render import Format
from newsfuse.server.config import ServerSettings
from newsfuse.store import Store

# About 150 MB of 384-dimensional float32 vectors; past it the cache starts over rather than
# growing for the life of the process.
_MAX_VECTORS = 100_000


class Reports:
    def __init__(self, settings: ServerSettings, *, write_lock: threading.Lock) -> None:
        self.settings = settings
        self._write_lock = write_lock  # the service's: cache writes queue with article writes
        self._nlp: Any = None
        self._encoder: Any = None
        self._cache: Any = None
        self._analyses: Any = None
        self._lock = threading.Lock()

    @property
    def models_loaded(self) -> bool:
        return self._nlp is not None

    def _load(self) -> None:
        from newsfuse.analyze.pipeline import AnalysisCache
        from newsfuse.fusion.embed import EmbeddingCache
        from newsfuse.fusion.parses import SERVICE_TEXTS, CachedParser
        from newsfuse.nlp import load_encoder, load_spacy

        if self._nlp is None:
            self._encoder = load_encoder()
            # Analyses and parses kept across fusions: a story fused again after it gained an
            # article analyses and parses only the new article's texts.
            self._nlp = CachedParser(load_spacy(), max_texts=SERVICE_TEXTS)
            self._analyses = AnalysisCache()
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
                analyses=self._analyses.analyze(articles, nlp=self._nlp.nlp),
                cache=self._cache,
            )

    def story_report(self, store: Store, story_id: str, fmt: Format) -> str:
        """A stored story's rendered report (json, html or md), from the store's cache when
        the story's members have not changed since it was rendered, else fused once and
        rendered (and cached) in every format.

        Raises:
            NotFoundError: no story has this id.
            InputError: the story's articles are no longer in the store.
        """
        from newsfuse.render import FORMATS, render_report
        from newsfuse.server.updates import keep_version

        record = store.get_story(story_id)
        cached = store.cached_report(story_id, fmt, record.members_key)
        if cached is not None:
            return cached
        articles = store.get_articles(record.article_ids)
        if not articles:
            raise InputError(f"story {story_id}: its articles are not in the store any more")
        report = self.fuse(articles, brief_words=None, story_id=story_id)
        bodies = {f: render_report(report, f) for f in FORMATS}
        with self._write_lock:
            for name, body in bodies.items():
                store.cache_report(story_id, name, record.members_key, body)
            keep_version(store, story_id, record.members_key, report, bodies["json"])
        return bodies[fmt]
