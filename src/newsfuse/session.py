"""One object that wires the models and their caches: what every entry point fuses with.

A `Session` holds the spaCy pipeline, the sentence encoder, the parse, analysis and embedding
caches, and the batch sizes from `Settings`. The CLI, the service, the batch engines and the
live story reports all fuse through one, so they cannot drift apart in how they are wired.

Models are loaded lazily, on the first call that needs them, and once per process (the loaders
in `newsfuse.nlp` cache them): two sessions in one process share the models, not the caches.
A session pickles as its configuration alone, so a worker process (or a Ray actor) rebuilds
an equal one from it and loads the models there.

Two ways of keeping sentence vectors (``vectors``):

- ``"kept"``: one embedding cache for the life of the session (in memory, and on disk when
  ``Settings.embedding_cache`` names a folder). A service re-fusing a story that gained an
  article embeds only the new sentences.
- ``"per_fusion"``: each fusion starts with an empty cache. A vector then never depends on
  what the process fused before (the encoder batches texts, and a batch's padding moves the
  last bits of a vector), so a batch job gives the same reports whatever worker fused a story.

Parses and analyses depend on nothing but their text (and an analysis on the article's
publication date), so they are kept in both modes, bounded by ``Settings``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from newsfuse.config import Settings

if TYPE_CHECKING:
    from newsfuse.analyze.pipeline import AnalysisCache
    from newsfuse.cluster.features import Analyzer
    from newsfuse.fusion.embed import CachedEncoder, EmbeddingCache
    from newsfuse.fusion.judges import EndpointJudge
    from newsfuse.fusion.parses import CachedParser
    from newsfuse.models import Article, DocAnalysis, Report, Skipped
    from newsfuse.pipeline import FuseOptions, Source
    from newsfuse.render import Format
    from newsfuse.store import Store

Vectors = Literal["kept", "per_fusion"]
# About 150 MB of 384-dimensional float32 vectors; past it a kept cache starts over rather than
# growing for the life of the process.
MAX_KEPT_VECTORS = 100_000


@dataclass(frozen=True, slots=True)
class StoryReport:
    """A stored story's rendered report, and whether it came from the store's cache."""

    body: str
    cached: bool


class Session:
    """The models, caches and batch sizes one process fuses with (see the module docstring).

    Safe to share between threads: fusions run one at a time (the spaCy pipeline is not
    shared between threads).
    """

    def __init__(self, settings: Settings | None = None, *, vectors: Vectors = "kept") -> None:
        self.settings = settings if settings is not None else Settings()
        self.vectors: Vectors = vectors
        self._lock = threading.RLock()
        self._nlp: Any = None
        self._encoder: Any = None
        self._parser: CachedParser | None = None
        self._analyses: AnalysisCache | None = None
        self._embeddings: EmbeddingCache | None = None
        self._judge: EndpointJudge | None = None

    # --- pickling: the configuration only; the models load again where it lands ------------

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings, "vectors": self.vectors}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["settings"], vectors=state["vectors"])  # type: ignore[misc]

    # --- the models and caches, each made on first use -------------------------------------

    @property
    def models_loaded(self) -> bool:
        """Whether this session has loaded its spaCy pipeline yet."""
        return self._nlp is not None

    @property
    def nlp(self) -> Any:
        """The packaged spaCy pipeline (`newsfuse.nlp.load_spacy`), hash-checked.

        Raises:
            ModelError: the model package is missing or fails its hash check.
        """
        if self._nlp is None:
            from newsfuse.nlp import load_spacy

            self._nlp = load_spacy()
        return self._nlp

    @property
    def encoder(self) -> Any:
        """The sentence encoder (`newsfuse.nlp.load_encoder`), hash-checked.

        Raises:
            ModelError: the model package is missing or fails its hash check.
        """
        if self._encoder is None:
            from newsfuse.nlp import load_encoder

            cfg = self.settings
            self._encoder = load_encoder(
                cfg.encoder, threads=cfg.encoder_threads, cache_dir=cfg.model_cache
            )
        return self._encoder

    @property
    def parser(self) -> CachedParser:
        """The pipeline behind a parse cache bounded by ``Settings.parse_cache_texts``."""
        if self._parser is None:
            from newsfuse.fusion.parses import CachedParser

            self._parser = CachedParser(self.nlp, max_texts=self.settings.parse_cache_texts)
        return self._parser

    @property
    def analyses(self) -> AnalysisCache:
        """Analyses kept across calls, bounded by ``Settings.analysis_cache_articles``."""
        if self._analyses is None:
            from newsfuse.analyze.pipeline import AnalysisCache

            self._analyses = AnalysisCache(
                max_articles=self.settings.analysis_cache_articles,
                batch_size=self.settings.nlp_batch_size,
            )
        return self._analyses

    def embedding_cache(self) -> EmbeddingCache:
        """The cache the next fusion embeds through: the kept one (started over past
        ``MAX_KEPT_VECTORS``), or a fresh one per fusion (see ``vectors``).

        Raises:
            NewsfuseError: ``Settings.embedding_cache`` names a folder that cannot be made.
        """
        from newsfuse.fusion.embed import EmbeddingCache

        if self.vectors == "per_fusion":
            return EmbeddingCache()
        if self._embeddings is None or len(self._embeddings) > MAX_KEPT_VECTORS:
            folder = self.settings.embedding_cache
            # One sub-folder per encoder kind: int8 vectors must never answer for fp32 ones.
            self._embeddings = EmbeddingCache(
                Path(folder) / self.settings.encoder if folder else None
            )
        return self._embeddings

    def sentence_encoder(self) -> CachedEncoder:
        """The encoder behind `embedding_cache`, in batches of ``Settings.encode_batch_size``."""
        from newsfuse.fusion.embed import CachedEncoder

        return CachedEncoder(
            self.encoder, self.embedding_cache(), batch_size=self.settings.encode_batch_size
        )

    @property
    def judge(self) -> EndpointJudge | None:
        """The endpoint that judges the rules' conflicts (``Settings.verifier_url``), or None.
        Its answers are cached for the life of the session.

        Raises:
            JudgeError: the URL is not an http(s) address.
        """
        if self._judge is None and self.settings.verifier_url:
            from newsfuse.fusion.judges import judge_from_settings

            self._judge = judge_from_settings(self.settings)
        return self._judge

    def close(self) -> None:
        """Close the judge's HTTP connections, if a judge was made; the session stays usable."""
        if self._judge is not None:
            self._judge.close()
            self._judge = None

    # --- what the entry points call --------------------------------------------------------

    def cluster_analyzer(self) -> Analyzer | None:
        """What gives story clustering its names (`newsfuse.cluster.features.Analyzer`): this
        session's `analyze` when ``Settings.cluster_names`` is on, else None (no names)."""
        return self.analyze if self.settings.cluster_names else None

    def analyze(self, articles: Sequence[Article]) -> list[DocAnalysis]:
        """`newsfuse.analyze.analyze_articles` of each article, in order, through the cache
        (so a story fused after its articles were clustered on their names analyses none again).

        Raises:
            ModelError: the spaCy model is missing or fails its hash check.
        """
        with self._lock:
            return self.analyses.analyze(articles, nlp=self.nlp)

    def fuse(
        self,
        articles: Sequence[Article],
        *,
        brief_words: int | None = None,
        story_id: str | None = None,
        analyses: Sequence[DocAnalysis] | None = None,
        now: dt.datetime | None = None,
    ) -> Report:
        """`newsfuse.pipeline.fuse_articles` with this session's models and caches.

        ``analyses`` (one per article, in order) skips the analysis; without it the articles
        are analysed through the session's analysis cache. ``brief_words`` defaults to
        ``Settings.brief_words``.

        Raises:
            InputError: no article, or ``analyses`` does not match the articles.
            ModelError: a packaged model is missing or fails its hash check.
        """
        from newsfuse.pipeline import fuse_articles

        with self._lock:
            found = analyses if analyses is not None else self.analyze(articles)
            return fuse_articles(
                articles,
                nlp=self.parser,
                encoder=self.sentence_encoder(),
                brief_words=brief_words if brief_words is not None else self.settings.brief_words,
                story_id=story_id,
                analyses=found,
                options=self._options(),
                now=now,
            )

    def _options(self) -> FuseOptions | None:
        """The judge wiring when a verifier endpoint is configured, else the defaults."""
        from newsfuse.pipeline import FuseOptions

        judge = self.judge
        if judge is None:
            return None
        return FuseOptions(judge=judge, judge_max_calls=self.settings.verifier_max_calls)

    def fuse_sources(
        self,
        sources: Sequence[Source] | Source,
        *,
        brief_words: int | None = None,
        story_id: str | None = None,
        now: dt.datetime | None = None,
        on_skip: Callable[[Skipped], None] | None = None,
    ) -> Report:
        """Read ``sources`` (paths, URLs, Articles, texts) and fuse them (see `fuse`).

        Raises:
            InputError: no source yields an article.
        """
        from newsfuse.pipeline import articles_from_sources

        articles = articles_from_sources(sources, settings=self.settings, on_skip=on_skip)
        return self.fuse(articles, brief_words=brief_words, story_id=story_id, now=now)

    def story_report(
        self,
        store: Store,
        story_id: str,
        fmt: Format,
        *,
        write_lock: threading.Lock | None = None,
    ) -> StoryReport:
        """A stored story's rendered report (json, html or md), from the store's cache when
        the story's members have not changed since it was rendered, else fused once and
        rendered and cached in every format (``write_lock`` held around the cache writes).

        Raises:
            NotFoundError: no story has this id.
            InputError: the story's articles are no longer in the store.
        """
        from newsfuse.errors import InputError
        from newsfuse.render import FORMATS, render_report

        record = store.get_story(story_id)
        cached = store.cached_report(story_id, fmt, record.members_key)
        if cached is not None:
            return StoryReport(cached, cached=True)
        articles = store.get_articles(record.article_ids)
        if not articles:
            raise InputError(
                f"story {story_id}: its articles are not in the store any more; ingest them again"
            )
        report = self.fuse(articles, story_id=story_id)
        bodies = {name: render_report(report, name) for name in FORMATS}
        with write_lock if write_lock is not None else threading.Lock():
            for name, body in bodies.items():
                store.cache_report(story_id, name, record.members_key, body)
        return StoryReport(bodies[fmt], cached=False)
