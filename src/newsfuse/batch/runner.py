"""A batch job from inputs to output folder, whatever the engine: plan, analyse, cluster, fuse,
write. Finished partitions and stories are kept across runs, so a killed job resumes."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.batch.blocking import (
    BlockingOptions,
    Entry,
    Story,
    cluster_blocks,
    plan_blocks,
    signature,
)
from newsfuse.batch.engine_local import Engine, FuseSettings, LocalEngine
from newsfuse.batch.output import (
    ArticleFormat,
    article_row,
    check_format,
    remove_stale_reports,
    story_done,
    write_articles,
    write_report,
    write_skipped,
    write_stories,
)
from newsfuse.batch.plan import PartitionSpec, plan_partitions
from newsfuse.batch.stages import StoryJob, members_sorted
from newsfuse.batch.workstore import WorkStore
from newsfuse.cluster.features import FEATURES_VERSION
from newsfuse.cluster.vectors import DocumentFrequencies
from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.models import Skipped

# Called as progress(stage, done, total) while a job runs; stage is "analyse", "cluster", "fuse".
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Everything about a job except its inputs and output folder."""

    engine: str = "local"  # "local" or "ray"
    address: str | None = None  # a Ray cluster to attach to; None starts a local runtime
    workers: int | None = None  # worker processes (local) or actors per stage (ray); None: CPUs
    html: bool = False
    fuse: bool = True  # False: stop after clustering (stories.jsonl and articles, no reports)
    fmt: str = "parquet"  # articles file: parquet or jsonl
    brief_words: int = 120
    lines_per_partition: int = 500
    files_per_partition: int = 64
    blocking: BlockingOptions = field(default_factory=BlockingOptions)


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a run did. ``resumed`` partitions and ``reused`` reports came from an earlier run."""

    out: Path
    partitions: int
    resumed: int
    articles: int
    stories: int
    reports: int
    reused: int
    skipped: int
    failed: int


def make_engine(options: BatchOptions, settings: Settings | None = None) -> Engine:
    """The engine named in ``options``, fusing with ``settings``.

    Raises:
        InputError: the engine is unknown, or Ray is asked for and not installed.
    """
    if options.engine == "local":
        return LocalEngine(settings=settings, workers=options.workers)
    if options.engine == "ray":
        from newsfuse.batch.engine_ray import RayEngine

        return RayEngine(address=options.address, workers=options.workers, settings=settings)
    raise InputError(f"unknown engine {options.engine!r}; use local or ray")


def run_batch(
    inputs: Sequence[str | Path],
    *,
    out: Path,
    options: BatchOptions | None = None,
    settings: Settings | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Run (or resume) a batch job over ``inputs``, writing into ``out``.

    Guarantees: the same inputs give the same stories, story ids and reports with either
    engine; a rerun after an interruption redoes no finished partition or story and leaves no
    duplicate in any output; bad records end up in ``skipped.jsonl``, never stop the job.

    Raises:
        InputError: no input names a file, or the engine cannot be started.
        NewsfuseError: the articles format cannot be written.
    """
    opts = options or BatchOptions()
    cfg = settings or Settings()
    fmt = check_format(opts.fmt)
    plan = plan_partitions(
        inputs,
        lines_per_partition=opts.lines_per_partition,
        files_per_partition=opts.files_per_partition,
    )
    if not plan.partitions:
        reasons = "; ".join(s.reason for s in plan.missing[:3]) or "no inputs given"
        raise InputError(f"nothing to read ({reasons}); pass JSONL/WARC files, folders or globs")
    out.mkdir(parents=True, exist_ok=True)
    store = WorkStore(out)
    own_engine = engine is None
    try:
        job = _Job(out, opts, store, progress or _no_progress)
        runner = engine or make_engine(opts, cfg)
        try:
            return job.run(plan.partitions, plan.missing, runner, cfg, fmt)
        finally:
            if own_engine:
                runner.close()
    finally:
        store.close()


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress is optional."""


@dataclass
class _Job:
    out: Path
    opts: BatchOptions
    store: WorkStore
    progress: Progress
    # Wall-clock seconds of each stage in this run (written to the manifest for benchmarks).
    timings: dict[str, float] = field(default_factory=dict)

    def run(
        self,
        parts: Sequence[PartitionSpec],
        missing: Sequence[Skipped],
        engine: Engine,
        cfg: Settings,
        fmt: ArticleFormat,
    ) -> BatchResult:
        manifest = self.store.manifest()
        now = dt.datetime.fromisoformat(str(manifest.get("started") or _utcnow()))
        done = self.store.finished() & {p.id for p in parts}
        resumed = len(done)
        self.store.forget_partitions([p.id for p in parts])
        clock = time.perf_counter()
        self._analyse(parts, done, engine, cfg, now)
        clock = self._lap("analyse", clock)
        stories = self._cluster()
        write_stories(self.out, stories)
        remove_stale_reports(self.out, {s.id for s in stories})
        clock = self._lap("cluster", clock)
        reports, reused, failed = self._fuse(stories, engine, now) if self.opts.fuse else (0, 0, [])
        clock = self._lap("fuse", clock)
        labels = {a: s.id for s in stories for a in s.article_ids}
        rows = (article_row(item, labels[item.article.id]) for item in self.store.kept())
        write_articles(self.out, rows, fmt=fmt)
        skipped = write_skipped(self.out, [*missing, *self.store.skipped(), *failed])
        self._lap("write", clock)
        self._save(parts, done, now, complete=True)
        return BatchResult(
            self.out, len(parts), resumed, len(labels), len(stories), reports, reused,
            skipped, len(failed),
        )  # fmt: skip

    def _lap(self, stage: str, start: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = round(now - start, 3)
        return now

    def _save(
        self,
        parts: Sequence[PartitionSpec],
        done: set[str],
        now: dt.datetime,
        *,
        complete: bool = False,
    ) -> None:
        order = [p.id for p in parts if p.id in done]
        self.store.save_manifest(
            {
                "started": now.isoformat(),
                "partitions": order,
                "planned": len(parts),
                "complete": complete,
                "seconds": self.timings,
                "features": FEATURES_VERSION,
            }  # fmt: skip
        )

    def _analyse(
        self,
        parts: Sequence[PartitionSpec],
        done: set[str],
        engine: Engine,
        cfg: Settings,
        now: dt.datetime,
    ) -> None:
        ordinal = {p.id: n for n, p in enumerate(parts)}
        pending = [p for p in parts if p.id not in done]
        self._save(parts, done, now)
        self.progress("analyse", len(done), len(parts))
        for result in engine.analyze(pending, settings=cfg):
            self.store.add_partition(ordinal[result.id], result)
            done.add(result.id)
            self._save(parts, done, now)
            self.progress("analyse", len(done), len(parts))

    def _cluster(self) -> list[Story]:
        opts = self.opts.blocking
        dfs = DocumentFrequencies()
        for features in self.store.features():
            dfs.observe(features.terms)
        entries = [
            Entry(f.article_id, f.published, signature(f.terms, dfs, options=opts))
            for f in self.store.features()
        ]
        blocks = plan_blocks(entries, options=opts)
        seen = 0

        def advance(count: int) -> None:
            nonlocal seen
            seen += count
            self.progress("cluster", seen, len(entries))

        return cluster_blocks(
            blocks, self.store.load_features, options=opts, dfs=dfs, progress=advance
        )

    def _fuse(
        self, stories: Sequence[Story], engine: Engine, now: dt.datetime
    ) -> tuple[int, int, list[Skipped]]:
        todo = [s for s in stories if not story_done(self.out, s.id, html=self.opts.html)]
        reused = len(stories) - len(todo)
        fuse = FuseSettings(brief_words=self.opts.brief_words, now=now, html=self.opts.html)
        failed: list[Skipped] = []
        written = 0
        self.progress("fuse", reused, len(stories))
        for result in engine.fuse(self._jobs(todo), options=fuse):
            if result.error is not None:
                failed.append(Skipped(f"story:{result.id}", f"{result.error}; rerun to retry"))
            else:
                write_report(self.out, result)
                written += 1
            self.progress("fuse", reused + written + len(failed), len(stories))
        return written, reused, failed

    def _jobs(self, stories: Sequence[Story]) -> Iterator[StoryJob]:
        for story in stories:
            yield StoryJob(story.id, members_sorted(self.store.load(list(story.article_ids))))


def _utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
