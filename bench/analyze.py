"""Analysis speed: articles per second, model load time and peak memory, 1 to 1,000 articles.

Articles are the texts of data/clustering (ECB+ and MMDS dev sets, 622 real news articles),
repeated in order to reach 1,000. For each size the run measures, in one process:
- batch: `analyze_articles` over all articles at once (nlp.pipe, batch_size 16, one process);
- one-at-a-time (the baseline): one `analyze_articles` call per article;
- two processes: the same batch with n_process=2 (both cores);
then `resolve_entities` over the batch result. Load time is the first `load_spacy()` (with the
weight hash check) plus the gazetteer and the unit registry. Peak memory is this process's
maximum RSS so far (workers of the two-process mode are reported separately as children).

Run: .venv/bin/python bench/analyze.py [--quick] [--sizes 1,10,100,1000] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import DATA, md_table, peak_rss_mib, write_results  # noqa: E402
from newsfuse.analyze import analyze_articles, load_gazetteer, resolve_entities  # noqa: E402
from newsfuse.analyze.units import factor  # noqa: E402
from newsfuse.models import Article, DocAnalysis, content_id  # noqa: E402
from newsfuse.nlp import load_spacy  # noqa: E402

SETS = ("ecbplus_dev.jsonl", "mmds_dev.jsonl")
# The one-at-a-time baseline and the two-process mode are skipped above these sizes to keep
# the full run near ten minutes on two cores; the batch mode runs at every size.
BASELINE_MAX = 100
TWO_PROC_MIN = 100


def corpus(n: int) -> list[Article]:
    texts: list[str] = []
    for name in SETS:
        with (DATA / "clustering" / name).open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    picked = [texts[i % len(texts)] for i in range(n)]
    return [
        Article(id=f"{content_id(t)}-{i}", source=f"bench-{i}", text=t)
        for i, t in enumerate(picked)
    ]


def children_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the two-process workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(run: Callable[[], list[DocAnalysis]]) -> tuple[float, float, list[DocAnalysis]]:
    """Wall seconds, CPU seconds and the result of one run."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, cpu_seconds() - cpu, result


def measure(
    sizes: Sequence[int], *, two_processes: bool
) -> tuple[list[list[object]], dict[str, float]]:
    cpu, start = cpu_seconds(), time.perf_counter()
    nlp = load_spacy()
    spacy_s, spacy_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    cpu, start = cpu_seconds(), time.perf_counter()
    load_gazetteer()
    factor("mile", "km")
    rules_s, rules_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    loads = {
        "spacy": spacy_s,
        "spacy_cpu": spacy_cpu,
        "gazetteer+units": rules_s,
        "gazetteer+units_cpu": rules_cpu,
        "rss_after_load": peak_rss_mib(),
    }
    analyze_articles(corpus(2), nlp=nlp)  # warm the pipeline once, outside every timing
    rows: list[list[object]] = []
    for n in sizes:
        articles = corpus(n)
        words = sum(len(a.text.split()) for a in articles)
        modes: list[tuple[str, Callable[[], list[DocAnalysis]]]] = [
            ("batch, 1 process", lambda a=articles: analyze_articles(a, nlp=nlp))
        ]
        if n <= BASELINE_MAX:
            modes.append(
                (
                    "one at a time (baseline)",
                    lambda a=articles: [x for art in a for x in analyze_articles([art], nlp=nlp)],
                )
            )
        if two_processes and n >= TWO_PROC_MIN:
            modes.append(
                ("batch, 2 processes", lambda a=articles: analyze_articles(a, nlp=nlp, n_process=2))
            )
        batch_result: list[DocAnalysis] = []
        for name, run in modes:
            seconds, cpu, result = timed(run)
            batch_result = batch_result or result
            rows.append(_row(n, name, seconds, cpu, words))
        start = time.perf_counter()
        entities = resolve_entities(articles, batch_result)
        resolve_s = time.perf_counter() - start
        label = f"resolve_entities ({len(entities)} entities)"
        rows.append([n, label, resolve_s, *[""] * (len(HEADERS) - 4), f"{peak_rss_mib():.0f}"])
        print(md_table(HEADERS, rows[-len(modes) - 1 :]), flush=True)
    return rows, loads


HEADERS = [
    "articles",
    "mode",
    "wall s",
    "CPU s",
    "articles/s",
    "words/s",
    "600-word articles/s",
    "600-word articles per CPU s",
    "ms/article",
    "words/article",
    "peak RSS MiB",
]


def _row(n: int, name: str, seconds: float, cpu: float, words: int) -> list[object]:
    return [
        n,
        name,
        seconds,
        cpu,
        n / seconds,
        f"{words / seconds:.0f}",
        words / seconds / 600,
        words / cpu / 600 if cpu > 0 else float("nan"),
        1000 * seconds / n,
        f"{words / n:.0f}",
        f"{peak_rss_mib():.0f}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1 and 10, one process")
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--out-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = [1, 10] if args.quick else [int(s) for s in args.sizes.split(",")]
    rows, loads = measure(sizes, two_processes=not args.quick)
    body = (
        f"Load: spaCy pipeline {loads['spacy']:.2f} s wall, {loads['spacy_cpu']:.2f} s CPU "
        f"(with weight hash check); gazetteer and unit registry {loads['gazetteer+units']:.2f} s "
        f"wall, {loads['gazetteer+units_cpu']:.2f} s CPU; peak RSS after load "
        f"{loads['rss_after_load']:.0f} MiB. Two-process workers' peak RSS: "
        f"{children_peak_mib():.0f} MiB each at most.\n\n"
        + md_table(HEADERS, rows)
        + "\n\nArticles: texts of data/clustering (ECB+ and MMDS dev), repeated to reach the size."
        " Target: at least 5 articles/s of ~600 words once models are loaded; the column"
        " '600-word articles/s' is words/s divided by 600. Wall time is measured on a machine"
        " shared with other jobs: CPU s (this process plus finished worker processes) shows"
        " the work itself.\n"
    )
    out = write_results("analyze", "Analysis speed (bench/analyze.py)", body, out_dir=args.out_dir)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
