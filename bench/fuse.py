"""Time and memory to fuse stories of 5, 20, 100 and 1,000 articles, beside all-pairs alignment.

Articles are real news texts from the dev sets (clustering, then summarization sources); a size
beyond what they hold is filled with lightly edited copies (wire copies, as in real stories).
Analysis and embedding are measured once for all articles; each story is then fused from those
analyses with a warm embedding cache, so the fusion columns show the cost of fusion itself
(alignment, derivation, verification, synthesis, brief). The baseline aligns with every pair of
statements scored (no nearest-neighbour blocking), at the sizes where that is feasible.

usage: python bench/fuse.py [--quick (sizes 3, 6)] [--sizes 5,20,100,1000] [--out-dir DIR]
                            [--cache-dir DIR (analyses and embeddings kept between runs;
                             clear it when the analysis code changes)]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import DATA, md_table, peak_rss_mib, write_results  # noqa: E402

BASELINE_MAX = 100  # all-pairs alignment beyond this many articles takes minutes


def load_texts(n: int) -> list[str]:
    texts: list[str] = []
    for name in ("clustering/mmds_dev.jsonl", "clustering/ecbplus_dev.jsonl"):
        with (DATA / name).open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle]
    with (DATA / "summarization" / "neus_dev.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            texts += [
                s if isinstance(s, str) else s.get("text", "") for s in json.loads(line)["sources"]
            ]
    texts = [t for t in texts if len(t.split()) >= 50]
    out = texts[:n]
    k = 0
    while len(out) < n:
        out.append(texts[k % len(texts)] + f"\n\nReporting by desk {k}.")
        k += 1
    return out


def refuse_rows(
    articles: list[Any], analyses: list[Any], nlp: Any, encoder: Any, cache: Any, sizes: list[int]
) -> list[list[Any]]:
    """A story of n articles fused again after its n+1st arrived (what the service does on each
    new article): CPU s with a parser per fusion (before) and with one kept across fusions."""
    from newsfuse.fusion.parses import SERVICE_TEXTS, CachedParser

    rows: list[list[Any]] = []
    for n in [s for s in sizes if s < len(articles) and s <= BASELINE_MAX]:
        story, found = articles[: n + 1], analyses[: n + 1]
        cpu = time.process_time()
        fresh = fuse_once(story, found, nlp, encoder, cache, all_pairs=False)
        fresh_cpu = time.process_time() - cpu
        kept = CachedParser(nlp, max_texts=SERVICE_TEXTS)
        fuse_once(story[:n], found[:n], kept, encoder, cache, all_pairs=False)
        parsed_before = kept.parsed
        cpu = time.process_time()
        again = fuse_once(story, found, kept, encoder, cache, all_pairs=False)
        kept_cpu = time.process_time() - cpu
        same = _sections(fresh) == _sections(again)
        rows.append(
            [f"{n} + 1", f"{fresh_cpu:.2f}", f"{kept_cpu:.2f}", kept.parsed - parsed_before, same]
        )
        print(rows[-1], flush=True)
    return rows


def _sections(report: Any) -> tuple[Any, ...]:
    return (report.facts, report.conflicts, report.timeline, report.framing, report.brief)


def fuse_once(
    articles: list[Any], analyses: list[Any], nlp: Any, encoder: Any, cache: Any, *, all_pairs: bool
) -> Any:
    from newsfuse.fusion.align import AlignOptions
    from newsfuse.pipeline import FuseOptions, fuse_articles

    options = FuseOptions(align=AlignOptions(neighbours=10**9)) if all_pairs else FuseOptions()
    return fuse_articles(
        articles, nlp=nlp, encoder=encoder, analyses=analyses, cache=cache, options=options
    )


def analyses_path(articles: list[Any], cache_dir: Path) -> Path:
    key = hashlib.sha256("\x00".join(a.id for a in articles).encode()).hexdigest()[:16]
    return cache_dir / f"analyses-{key}.pkl"


def cached_analyses(articles: list[Any], cache_dir: Path | None, analyze: Any) -> Any:
    """The articles' analyses, read from ``cache_dir`` when an earlier run stored them."""
    if cache_dir is None:
        return analyze()
    path = analyses_path(articles, cache_dir)
    if path.is_file():
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 (a file this bench wrote)
    found = analyze()
    cache_dir.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(found, handle)
    return found


def measure(fn: Any) -> tuple[float, float, float, Any]:
    """Wall seconds, CPU seconds (this process, all threads), then the peak traced MiB of a
    second run (tracing slows the run it measures)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, cpu_seconds, peak / 2**20, result


def _load(avg: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.1f}" for x in avg)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="sizes 3 and 6 only (smoke test)")
    parser.add_argument("--sizes", default="5,20,100,1000")
    parser.add_argument("--out-dir", type=Path, default=None)
    parser.add_argument("--cache-dir", type=Path, default=None, help="analyses and embeddings")
    args = parser.parse_args(argv)
    sizes = [3, 6] if args.quick else [int(s) for s in args.sizes.split(",")]

    from newsfuse.analyze import analyze_articles
    from newsfuse.fusion.embed import EmbeddingCache, embed_texts
    from newsfuse.fusion.statements import extract_statements
    from newsfuse.ingest import article_from_text
    from newsfuse.nlp import load_encoder, load_spacy

    nlp, encoder = load_spacy(), load_encoder()
    articles = [
        article_from_text(t, source=f"dev-{k}")
        for k, t in enumerate(load_texts(max(sizes) + 1))  # +1: the re-fusion rows
    ]
    was_cached = args.cache_dir is not None and analyses_path(articles, args.cache_dir).is_file()
    start = time.perf_counter()
    analyses = cached_analyses(
        articles, args.cache_dir, lambda: analyze_articles(articles, nlp=nlp)
    )
    analyze_s = time.perf_counter() - start
    cache = EmbeddingCache(args.cache_dir / "embeddings" if args.cache_dir else None)
    load_start = os.getloadavg()
    statements = extract_statements(articles, analyses)
    start = time.perf_counter()
    embed_texts([s.text for s in statements], encoder=encoder, cache=cache)
    embed_s = time.perf_counter() - start
    read, computed = cache.hits, cache.misses

    rows = []
    for n in sizes:
        story, found = articles[:n], analyses[:n]
        # One untimed call first, so that neither variant pays for the words, lemmas and
        # vectors the verifier and the brief see for the first time.
        fuse_once(story, found, nlp, encoder, cache, all_pairs=False)
        seconds, cpu_seconds, mib, report = measure(
            lambda story=story, found=found: fuse_once(
                story, found, nlp, encoder, cache, all_pairs=False
            )
        )
        sentences = sum(len(a.sentences) for a in found)
        base_s, base_mib = "n/a", "n/a"
        if n <= BASELINE_MAX:
            b_seconds, _, b_mib, _ = measure(
                lambda story=story, found=found: fuse_once(
                    story, found, nlp, encoder, cache, all_pairs=True
                )
            )
            base_s, base_mib = f"{b_seconds:.2f}", f"{b_mib:.1f}"
        rows.append(
            [
                n,
                sentences,
                len(report.facts),
                len(report.conflicts),
                f"{seconds:.2f}",
                f"{cpu_seconds:.2f}",
                f"{1000 * seconds / n:.0f}",
                f"{mib:.1f}",
                f"{1024 * mib / sentences:.1f}",
                base_s,
                base_mib,
            ]
        )
        print(rows[-1], flush=True)

    table = md_table(
        [
            "articles",
            "sentences",
            "facts",
            "conflicts",
            "fuse s",
            "fuse CPU s",
            "ms/article",
            "peak MiB",
            "KiB/sentence",
            "all-pairs s",
            "all-pairs MiB",
        ],
        rows,
    )
    again = refuse_rows(articles, analyses, nlp, encoder, cache, sizes)
    table += "\n\nA story fused again after one more article arrived (n + 1 articles; the service "
    table += "does this on each new article; analyses given, embeddings cached):\n\n"
    table += md_table(
        [
            "articles",
            "fuse CPU s, parser per fusion",
            "fuse CPU s, parser kept",
            "texts parsed (kept)",
            "same report",
        ],
        again,
    )
    n_all = len(articles)
    cached = (
        f" (cache {args.cache_dir}: {read} vectors read, {computed} computed; "
        f"analyses {'read' if was_cached else 'computed'})"
        if args.cache_dir
        else ""
    )
    body = (
        f"{table}\n\n"
        f"Shared preparation for all {n_all} articles (not in the fuse columns): analysis "
        f"{analyze_s:.1f} s ({1000 * analyze_s / n_all:.0f} ms/article), embedding "
        f"{len(statements)} statements {embed_s:.1f} s "
        f"({len(statements) / max(embed_s, 1e-9):.0f}/s){cached}. Peak RSS of the run: "
        f"{peak_rss_mib():.0f} MiB. 'peak MiB' is the traced Python/numpy peak of one fuse call; "
        "'fuse CPU s' counts every thread of the process, so it is the figure to trust on a "
        f"shared machine. Load average (1, 5, 15 min) at the start {_load(load_start)}, at the "
        f"end {_load(os.getloadavg())} on {os.cpu_count()} cores."
    )
    print(body)
    out = write_results("fuse", "Fusion: time and memory by story size", body, out_dir=args.out_dir)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
