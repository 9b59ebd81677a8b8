"""Helper of bench/throughput.py: the batch stages in this process, CPU seconds per stage.

Runs against whichever newsfuse PYTHONPATH names (the base commit or this checkout), the way
that code's batch engine runs them: read, analyse, names (the base's NER pass over title and
text; the new code takes names from the analysis), cluster, then per story fusion split into
the sentence re-parse (spaCy over statements and sentences alone), the sentence encoder and the
rest, and rendering. Models are loaded before the clocks start. Prints one JSON line.

Run: PYTHONPATH=SRC .venv/bin/python bench/_throughput_profile.py FILE...
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

CPU: dict[str, float] = {}


class Clock:
    def __init__(self, stage: str) -> None:
        self.stage = stage

    def __enter__(self) -> None:
        self.started = time.process_time()

    def __exit__(self, *_: object) -> None:
        CPU[self.stage] = CPU.get(self.stage, 0.0) + time.process_time() - self.started


class TimedNLP:
    """The spaCy pipeline, its ``pipe`` (fusion's re-parse) on the clock."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def pipe(self, texts: Iterable[str], **options: Any) -> Iterator[Any]:
        with Clock("fusion: sentence re-parse"):
            return iter(list(self.nlp.pipe(texts, **options)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


class TimedEncoder:
    def __init__(self, encoder: Any) -> None:
        self.encoder = encoder

    def encode(self, *args: Any, **kwargs: Any) -> Any:
        with Clock("fusion: encoder"):
            return self.encoder.encode(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.encoder, name)


def main(files: list[str]) -> None:
    import torch

    from newsfuse.analyze import analyze_articles
    from newsfuse.cluster import cluster_batch, extract_features
    from newsfuse.ingest import read_sources
    from newsfuse.models import Article
    from newsfuse.nlp import load_encoder, load_spacy
    from newsfuse.render import render_report

    torch.set_num_threads(1)  # as both engines fuse
    nlp, encoder = load_spacy(), load_encoder()
    encoder.encode(["warm up"])
    import newsfuse.ingest.jsonl  # noqa: F401 - the readers' imports stay off the clock

    with Clock("read"):
        articles = list({a.id: a for a in read_sources(files) if isinstance(a, Article)}.values())
    with Clock("analyse"):
        found = analyze_articles(articles, nlp=nlp, batch_size=16)
    feats = features(articles, found, nlp, extract_features)
    with Clock("cluster"):
        stories = cluster_batch(feats).stories
    by_id = {a.id: (a, x) for a, x in zip(articles, found, strict=True)}
    fuse = fuser(nlp, encoder)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for story in stories:
        members = sorted((by_id[i] for i in story.article_ids),
                         key=lambda m: (m[0].published or "", m[0].id))  # fmt: skip
        with Clock("fusion (all)"):
            report = fuse([m[0] for m in members], [m[1] for m in members], story.id, now)
        with Clock("render"):
            render_report(report, "json")
    inner = CPU.get("fusion: sentence re-parse", 0.0) + CPU.get("fusion: encoder", 0.0)
    CPU["fusion: the rest"] = CPU.pop("fusion (all)") - inner
    print(json.dumps({"articles": len(articles), **CPU}))


def features(articles: Any, found: Any, nlp: Any, extract: Any) -> Any:
    try:
        import newsfuse.session  # noqa: F401 - the new code: names from the analysis
    except ImportError:
        with Clock("names (second NER pass)"), nlp.select_pipes(enable=["ner"]):
            return extract(articles, nlp=nlp, batch_size=16)
    with Clock("cluster features"):
        return extract(articles, analyses=found)


def fuser(nlp: Any, encoder: Any) -> Any:
    """Fusion of one story as the code's batch engine does it, with clocks inside."""
    try:
        from newsfuse.batch.engine_local import batch_session
    except ImportError:
        from newsfuse.batch.stages import StoryEncoder
        from newsfuse.pipeline import fuse_articles

        def base(articles: Any, analyses: Any, story_id: str, now: dt.datetime) -> Any:
            return fuse_articles(articles, nlp=TimedNLP(nlp), encoder=StoryEncoder(
                TimedEncoder(encoder)), brief_words=120, story_id=story_id, analyses=analyses,
                now=now)  # fmt: skip

        return base
    session = batch_session()
    session._nlp, session._encoder = TimedNLP(nlp), TimedEncoder(encoder)

    def new(articles: Any, analyses: Any, story_id: str, now: dt.datetime) -> Any:
        return session.fuse(articles, brief_words=120, story_id=story_id, analyses=analyses,
                            now=now)  # fmt: skip

    return new


if __name__ == "__main__":
    main(sys.argv[1:])
