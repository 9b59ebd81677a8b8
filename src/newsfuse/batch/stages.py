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
from typing import TYPE_CHECKING

from newsfuse.analyze import analyze_articles
from newsfuse.batch.plan import FileRange, PartitionSpec
from newsfuse.cluster.features import ArticleFeatures, extract_features
from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.ingest import read_sources
from newsfuse.ingest.sources import parse_bytes
from newsfuse.models import Article, DocAnalysis, Skipped

if TYPE_CHECKING:
    from newsfuse.session import Session

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


def analyze_partition(part: IngestedPartition, *, session: Session) -> AnalyzedPartition:
    """Analyse every article of a partition (one spaCy pass over the batch, in batches of
    ``Settings.nlp_batch_size``).

    Guarantees: one item per article that could be analysed, in order, with its clustering
    features; an article the analysis fails on becomes a `Skipped` naming the error, and the
    others are kept.
    """
    try:
        found = analyze_articles(
            part.articles, nlp=session.nlp, batch_size=session.settings.nlp_batch_size
        )
        features = cluster_features(part.articles, found, session=session)
        items = zip(part.articles, found, features, strict=True)
        return AnalyzedPartition(
            part.id, tuple(AnalyzedArticle(a, x, t) for a, x, t in items), part.skipped
        )
    except Exception:  # noqa: BLE001 - find the article that broke the batch, keep the rest
        return _analyze_one_by_one(part, session=session)


def _analyze_one_by_one(part: IngestedPartition, *, session: Session) -> AnalyzedPartition:
    items: list[AnalyzedArticle] = []
    skipped = list(part.skipped)
    for article in part.articles:
        try:
            (analysis,) = analyze_articles([article], nlp=session.nlp)
            (features,) = cluster_features([article], [analysis], session=session)
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the job
            reason = f"analysis failed ({type(exc).__name__}: {exc}); please report this article"
            skipped.append(Skipped(article.source, reason))
            continue
        items.append(AnalyzedArticle(article, analysis, features))
    return AnalyzedPartition(part.id, tuple(items), tuple(skipped))


def cluster_features(
    articles: Sequence[Article], analyses: Sequence[DocAnalysis], *, session: Session
) -> list[ArticleFeatures]:
    """`newsfuse.cluster.extract_features` of each article (so batch mode clusters on what
    `newsfuse cluster` sees), its names taken from its analysis when
    ``Settings.cluster_names`` is on: no second spaCy pass."""
    names = analyses if session.settings.cluster_names else None
    return extract_features(articles, analyses=names)


def fuse_story(
    job: StoryJob,
    *,
    session: Session,
    brief_words: int,
    now: dt.datetime,
    html: bool = False,
) -> StoryOutput:
    """The contract report of one story, from analyses already made.

    Guarantees: the same members give the same report whatever the engine and whatever the
    session fused before, when the session keeps vectors ``"per_fusion"`` (``now`` is the
    job's start time); a story that cannot be fused comes back with ``error`` set.
    """
    from newsfuse.render import render_report

    try:
        report = session.fuse(
            [item.article for item in job.items],
            brief_words=brief_words,
            story_id=job.id,
            analyses=[item.analysis for item in job.items],
            now=now,
        )
        rendered = render_report(report, "html") if html else None
        return StoryOutput(job.id, render_report(report, "json"), rendered)
    except Exception as exc:  # noqa: BLE001 - one story must not stop the job
        return StoryOutput(job.id, None, error=f"fusion failed ({type(exc).__name__}: {exc})")


def members_sorted(items: Sequence[AnalyzedArticle]) -> tuple[AnalyzedArticle, ...]:
    """Members in a fixed order (publication date, then id), whatever order they came in."""
    return tuple(sorted(items, key=lambda i: (i.article.published or "", i.article.id)))
