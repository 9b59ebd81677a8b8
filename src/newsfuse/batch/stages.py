"""The batch stages as pure per-partition (or per-story) maps, shared by every engine.

Each function takes one unit of work and the loaded model handles and returns a dataclass; a
record that fails becomes a `Skipped` with its source and reason, never an exception that stops
the job. The engines only decide where these functions run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from newsfuse.analyze import analyze_articles
from newsfuse.batch.plan import FileRange, PartitionSpec
from newsfuse.cluster.features import ArticleFeatures, extract_features
from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.ingest import read_sources
from newsfuse.ingest.sources import parse_bytes
from newsfuse.models import Article, DocAnalysis, Skipped

_LINE_SUFFIX = re.compile(r":(\d+)$")
_LINE_REASON = re.compile(r"^line (\d+):")


@dataclass(frozen=True, slots=True)
class IngestedPartition:
    """The articles one partition holds, in file order, and its records that were skipped."""

    id: str
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True, slots=True)
class AnalyzedArticle:
    """An article, its analysis, and what the clusterer compares
    (`newsfuse.cluster.extract_features`' own features, without an embedding)."""

    article: Article
    analysis: DocAnalysis
    features: ArticleFeatures


@dataclass(frozen=True, slots=True)
class AnalyzedPartition:
    id: str
    items: tuple[AnalyzedArticle, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryJob:
    """One story to fuse: its stable id and its members with their analyses."""

    id: str
    items: tuple[AnalyzedArticle, ...]


@dataclass(frozen=True, slots=True)
class StoryOutput:
    """A fused story: the contract JSON (and HTML when asked), or why it could not be fused."""

    id: str
    report_json: str | None
    html: str | None = None
    error: str | None = None


def ingest_partition(spec: PartitionSpec, *, settings: Settings) -> IngestedPartition:
    """Read every range of one partition with the ingest readers.

    Guarantees: never raises for bad input; JSONL records keep their true line numbers in
    ``source`` ("shard.jsonl:1234") even when the partition starts mid-file.
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for part in spec.ranges:
        for item in _read_range(part, settings=settings):
            (articles if isinstance(item, Article) else skipped).append(item)  # type: ignore[arg-type]
    return IngestedPartition(spec.id, tuple(articles), tuple(skipped))


def _read_range(part: FileRange, *, settings: Settings) -> list[Article | Skipped]:
    if part.stop is None:
        return list(read_sources([part.path], settings=settings))
    with Path(part.path).open("rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.stop - part.start)
    try:
        found = list(parse_bytes(data, source=part.path, kind="jsonl"))
    except NewsfuseError as exc:
        where = f"{part.path}:{part.first_line}"
        return [Skipped(where, f"lines from {part.first_line}: {exc}")]
    return [_renumber(item, part.first_line - 1) for item in found]


def _renumber(item: Article | Skipped, shift: int) -> Article | Skipped:
    """Line numbers of a range read on its own, made line numbers of the whole file."""
    if not shift:
        return item

    def fix(match: re.Match[str]) -> str:
        return match.group(0).replace(match.group(1), str(int(match.group(1)) + shift))

    source = _LINE_SUFFIX.sub(fix, item.source)
    if isinstance(item, Skipped):
        return Skipped(source, _LINE_REASON.sub(fix, item.reason))
    return replace(item, source=source)


def analyze_partition(
    part: IngestedPartition, *, nlp: Any, batch_size: int = 16
) -> AnalyzedPartition:
    """Analyse every article of a partition (one spaCy pass over the batch).

    Guarantees: one item per article that could be analysed, in order, with its clustering
    features; an article the analysis fails on becomes a `Skipped` naming the error, and the
    others are kept.
    """
    try:
        found = analyze_articles(part.articles, nlp=nlp, batch_size=batch_size)
        features = cluster_features(part.articles, nlp=nlp, batch_size=batch_size)
        items = zip(part.articles, found, features, strict=True)
        return AnalyzedPartition(
            part.id, tuple(AnalyzedArticle(a, x, t) for a, x, t in items), part.skipped
        )
    except Exception:  # noqa: BLE001 - find the article that broke the batch, keep the rest
        return _analyze_one_by_one(part, nlp=nlp)


def _analyze_one_by_one(part: IngestedPartition, *, nlp: Any) -> AnalyzedPartition:
    items: list[AnalyzedArticle] = []
    skipped = list(part.skipped)
    for article in part.articles:
        try:
            (analysis,) = analyze_articles([article], nlp=nlp)
            (features,) = cluster_features([article], nlp=nlp)
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the job
            reason = f"analysis failed ({type(exc).__name__}: {exc}); please report this article"
            skipped.append(Skipped(article.source, reason))
            continue
        items.append(AnalyzedArticle(article, analysis, features))
    return AnalyzedPartition(part.id, tuple(items), tuple(skipped))


def cluster_features(
    articles: Sequence[Article], *, nlp: Any, batch_size: int = 16
) -> list[ArticleFeatures]:
    """`newsfuse.cluster.extract_features` of each article (so batch mode clusters on what
    `cluster_batch` sees), with only the recogniser of ``nlp`` running.

    Names come from spaCy's raw entities of title and text, as in the clusterer, not from the
    analysis' corrected mentions. Running NER alone costs half a full pass; without the parser's
    sentence bounds, 2 of 1,713 entities on 60 ECB+ articles came out differently.
    """
    enabled = [name for name in ("ner",) if name in nlp.pipe_names]
    with nlp.select_pipes(enable=enabled):
        return extract_features(articles, nlp=nlp, batch_size=batch_size)


def fuse_story(
    job: StoryJob,
    *,
    nlp: Any,
    encoder: Any,
    brief_words: int,
    now: dt.datetime,
    html: bool = False,
) -> StoryOutput:
    """The contract report of one story, from analyses already made.

    Guarantees: the same members give the same report whatever the engine (``now`` is the
    job's start time); a story that cannot be fused comes back with ``error`` set.
    """
    from newsfuse.pipeline import fuse_articles
    from newsfuse.render import render_report

    articles = [item.article for item in job.items]
    try:
        report = fuse_articles(
            articles,
            nlp=nlp,
            encoder=StoryEncoder(encoder),
            brief_words=brief_words,
            story_id=job.id,
            analyses=[item.analysis for item in job.items],
            now=now,
        )
        rendered = render_report(report, "html") if html else None
        return StoryOutput(job.id, render_report(report, "json"), rendered)
    except Exception as exc:  # noqa: BLE001 - one story must not stop the job
        return StoryOutput(job.id, None, error=f"fusion failed ({type(exc).__name__}: {exc})")


class StoryEncoder:
    """The sentence encoder with a memory of one story's texts.

    Fusion embeds the same sentences up to three times (statements, brief ranking, stance
    checks), and encoding is nearly all of its time (bench/results/batch.md); each text is
    encoded once per story here. One memory per story, never shared: a vector then never
    depends on which stories a worker fused before, so every engine gives the same report.
    Texts go to the model in batches of ``batch_size`` (whatever the caller asked): fusion's
    texts are short sentences, and small batches pad less (16 cost 15-25% less CPU per
    sentence than 64 here; the vectors differ by under 1e-6).
    """

    def __init__(self, encoder: Any, *, batch_size: int = 16) -> None:
        self._encoder = encoder
        self._batch_size = batch_size
        self._seen: dict[tuple[str, bool], Any] = {}

    def encode(self, sentences: Any, **kwargs: Any) -> Any:
        """`SentenceTransformer.encode` for a list of texts to numpy, remembered per text."""
        plain = kwargs.get("output_value", "sentence_embedding") == "sentence_embedding"
        if (
            isinstance(sentences, str)
            or not sentences
            or kwargs.get("convert_to_tensor")
            or not plain
        ):
            return self._encoder.encode(sentences, **kwargs)
        norm = bool(kwargs.get("normalize_embeddings", False))
        texts = list(sentences)
        missing = list(dict.fromkeys(t for t in texts if (t, norm) not in self._seen))
        if missing:
            kwargs["batch_size"] = self._batch_size
            vectors = np.asarray(self._encoder.encode(missing, **kwargs))
            self._seen.update(((t, norm), v) for t, v in zip(missing, vectors, strict=True))
        return np.stack([self._seen[(t, norm)] for t in texts])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._encoder, name)


def members_sorted(items: Sequence[AnalyzedArticle]) -> tuple[AnalyzedArticle, ...]:
    """Members in a fixed order (publication date, then id), whatever order they came in."""
    return tuple(sorted(items, key=lambda i: (i.article.published or "", i.article.id)))
