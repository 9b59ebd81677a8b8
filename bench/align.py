"""Alignment across independently written reports, beside the base commit, in one run.

Each code version (this checkout, and the base commit's checkout given by --base) runs in its
own worker process over the same stories and writes JSON; the tables put them side by side:

- precision and recall of "same claim" on the labelled cross-report pairs
  (bench/align_pairs.jsonl, labelled by reading; guide in bench/align_guide.md), per half:
  a pair is aligned when one fact holds evidence inside both labelled sentences;
- the share of facts supported by two or more reports on NeuS dev stories (three outlets);
- facts shared by reports of *different* events of one ECB+ topic (must stay 0);
- repeated facts in briefs (50 words): two brief sentences of one story whose MiniLM cosine
  is at least REPEAT_COSINE (each such pair is listed for reading);
- ROUGE-1/2/Lsum of the 50-word brief on NeuS dev (bench/summarize.py's scoring);
- fusion CPU seconds per article (analyses given, embeddings cached: the second fusion of the
  first TIMED stories is timed, as bench/fuse.py measures fusion itself).

Thresholds were tuned on the "tune" half (bench/align_data.py: by a hash of the story id);
the "check" half is reported apart. To keep the run to minutes, NeuS is subsampled to the
first --neus stories of each half that hold labelled pairs or not (say so in the results).

    .venv/bin/python bench/align.py --base /tmp/base-align15/src
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import align_data as data  # noqa: E402
from _results import md_table, write_results  # noqa: E402

REPEAT_COSINE = 0.75  # read on the tune half: above it two brief sentences say one thing
BRIEF_WORDS = 50
TIMED = 12  # stories fused a second time, warm, for the CPU figure
HERE = Path(__file__).resolve()


def worker_stories(neus: int) -> list[data.Story]:
    """Stories holding labelled pairs, NeuS stories (``neus`` per half) and ECB+ cross pairs."""
    pairs = data.load_pairs()
    wanted = {p["story"] for p in pairs}
    events = data.event_stories("ecb") + data.event_stories("mmds")
    all_neus = data.neus_stories()
    picked: list[data.Story] = [s for s in all_neus + events if s.id in wanted]
    for half in ("tune", "check"):
        extra = [s for s in all_neus if s.half == half and s.id not in wanted]
        picked += extra[: max(0, neus - sum(s.half == half for s in picked if s.set == "neus"))]
    return picked + data.cross_event_pairs(data.event_stories("ecb"))


def _fact_rows(report: Any, docs: Sequence[Any]) -> list[list[list[int]]]:
    index = {d.id: i for i, d in enumerate(docs)}
    return [[[index[e.doc], e.start, e.end] for e in f.evidence] for f in report.facts]


def run_worker(neus: int) -> dict[str, Any]:
    """Fuse every story with the newsfuse on sys.path; facts, briefs and CPU as JSON."""
    from newsfuse.analyze import analyze_articles
    from newsfuse.fusion.embed import EmbeddingCache
    from newsfuse.nlp import load_encoder, load_spacy
    from newsfuse.pipeline import fuse_articles

    nlp, encoder = load_spacy(), load_encoder()
    stories = worker_stories(neus)
    docs = [data.articles(s) for s in stories]
    found = {a.article_id: a for a in analyze_articles([d for ds in docs for d in ds], nlp=nlp)}
    out: dict[str, Any] = {}
    for k, (story, ds) in enumerate(zip(stories, docs, strict=True)):
        cache = EmbeddingCache()
        kw = {"nlp": nlp, "encoder": encoder, "brief_words": BRIEF_WORDS, "cache": cache}
        analyses = [found[d.id] for d in ds]
        report = fuse_articles(ds, analyses=analyses, **kw)  # also warms the embedding cache
        cpu = None
        if k < TIMED:
            cpu = time.process_time()
            fuse_articles(ds, analyses=analyses, **kw)
            cpu = time.process_time() - cpu
        brief = [s.text for s in report.brief]
        vec = encoder.encode(brief, normalize_embeddings=True) if brief else None
        repeats = []
        for i in range(len(brief)):
            for j in range(i + 1, len(brief)):
                if vec is not None and float(vec[i] @ vec[j]) >= REPEAT_COSINE:
                    repeats.append([brief[i], brief[j], round(float(vec[i] @ vec[j]), 3)])
        out[story.id] = {
            "set": story.set,
            "half": story.half,
            "docs": len(ds),
            "facts": _fact_rows(report, ds),
            "support": [f.support for f in report.facts],
            "brief": brief,
            "repeats": repeats,
            "cpu": cpu,
        }
    return out


def aligned(facts: list[list[list[int]]], a: list[int], b: list[int]) -> bool:
    """One fact holds evidence inside sentence a (report, start, end) and inside sentence b."""

    def inside(ev: list[int], s: list[int]) -> bool:
        return ev[0] == s[0] and ev[1] < s[2] and s[1] < ev[2]

    return any(any(inside(e, a) for e in f) and any(inside(e, b) for e in f) for f in facts)


def pair_scores(result: dict[str, Any], half: str) -> tuple[float, float, int, int]:
    tp = fp = fn = n = 0
    for p in data.load_pairs():
        if data.half_of(p["story"]) != half or p["story"] not in result:
            continue
        n += 1
        got = aligned(result[p["story"]]["facts"], p["a"], p["b"])
        same = p["label"] == "same"
        tp += got and same
        fp += got and not same
        fn += same and not got
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp + fn, n


def multi_share(result: dict[str, Any], half: str) -> tuple[int, int]:
    rows = [r for r in result.values() if r["set"] == "neus" and r["half"] == half]
    facts = sum(len(r["support"]) for r in rows)
    return sum(sum(s >= 2 for s in r["support"]) for r in rows), facts


def rouge_rows(result: dict[str, Any], half: str) -> tuple[float, float, float, int]:
    import summarize

    refs = {s["id"]: s["reference"] for s in summarize.load_stories()}
    ids = [k for k, r in result.items() if r["set"] == "neus" and r["half"] == half]
    row = summarize.rouge("x", ["\n".join(result[k]["brief"]) for k in ids], [refs[k] for k in ids])
    return row.r1, row.r2, row.rlsum, len(ids)


def spawn(pythonpath: str, neus: int, out: Path, *, reuse: bool = False) -> dict[str, Any]:
    if reuse and out.exists():
        kept: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return kept
    env = dict(os.environ, PYTHONPATH=pythonpath, OMP_NUM_THREADS="1")
    cmd = [sys.executable, str(HERE), "--worker", "--neus", str(neus), "--json", str(out)]
    subprocess.run(cmd, env=env, check=True)
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def tables(results: dict[str, dict[str, Any]]) -> str:
    rows = []
    for name, res in results.items():
        for half in ("tune", "check"):
            p, r, pos, n = pair_scores(res, half)
            m, f = multi_share(res, half)
            r1, r2, rl, k = rouge_rows(res, half)
            rows.append(
                [
                    name,
                    half,
                    n,
                    pos,
                    p,
                    r,
                    f"{m}/{f} ({m / max(f, 1):.1%})",
                    k,
                    f"{r1:.2f}",
                    f"{r2:.2f}",
                    f"{rl:.2f}",
                ]
            )
    main = md_table(
        [
            "code",
            "half",
            "pairs",
            "same",
            "precision",
            "recall",
            "NeuS facts with >= 2 reports",
            "NeuS stories",
            "R-1",
            "R-2",
            "R-Lsum",
        ],
        rows,
    )
    other = []
    for name, res in results.items():
        cross = [r for r in res.values() if r["set"] == "ecb-x"]
        shared = sum(sum(s >= 2 for s in r["support"]) for r in cross)
        facts = sum(len(r["support"]) for r in cross)
        briefs = [r for r in res.values() if r["set"] == "neus"]
        repeats = sum(len(r["repeats"]) for r in briefs)
        with_rep = sum(bool(r["repeats"]) for r in briefs)
        timed = [r for r in res.values() if r["cpu"] is not None]
        articles = sum(r["docs"] for r in timed)
        cpu = sum(r["cpu"] for r in timed)
        other.append(
            [
                name,
                f"{shared}/{facts} ({len(cross)} pairs)",
                f"{repeats} in {with_rep} of {len(briefs)} briefs",
                f"{1000 * cpu / articles:.0f}",
            ]
        )
    extra = md_table(
        [
            "code",
            "facts shared across different ECB+ events",
            "repeated facts in NeuS briefs",
            "fusion CPU ms/article",
        ],
        other,
    )
    listed = "\n".join(
        f"- {name}: “{a[:90]}” / “{b[:90]}” ({c})"
        for name, res in results.items()
        for r in res.values()
        for a, b, c in r["repeats"]
    )
    return f"{main}\n\n{extra}\n\nRepeats found (for reading):\n\n{listed or '- none'}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="", help="src/ of the base commit's checkout")
    parser.add_argument("--neus", type=int, default=0, help="NeuS stories per half at least")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, default=Path("/tmp/align_bench.json"))
    parser.add_argument("--out-dir", type=Path, default=None)
    parser.add_argument("--reuse", action="store_true", help="read the workers' JSON if present")
    args = parser.parse_args(argv)
    if args.worker:
        args.json.write_text(json.dumps(run_worker(args.neus)), encoding="utf-8")
        return 0
    start = time.perf_counter()
    here = str(HERE.parent.parent / "src")
    results = {}
    if args.base:
        results["base"] = spawn(
            args.base, args.neus, args.json.with_suffix(".base.json"), reuse=args.reuse
        )
    results["this"] = spawn(here, args.neus, args.json.with_suffix(".this.json"), reuse=args.reuse)
    counts = defaultdict(int)
    for r in results["this"].values():
        counts[r["set"]] += 1
    body = (
        f"Stories: {dict(counts)} (NeuS: every story with labelled pairs, topped up to "
        f"{args.neus} per half; ECB+ cross pairs: one report of each of the two events of a "
        f"topic). Labelled pairs: {len(data.load_pairs())}. Brief {BRIEF_WORDS} words. "
        f"Run time {time.perf_counter() - start:.0f} s; the machine was shared (2 cores).\n\n"
        + tables(results)
    )
    print(body)
    print(
        write_results("align", "Alignment across independent reports", body, out_dir=args.out_dir)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
