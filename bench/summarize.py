"""Brief quality on NeuS: ROUGE of newsfuse's fused brief beside ten published systems.

For each story of data/summarization/neus_dev.jsonl the three `sources` are read as plain-text
articles and fused as one story; the brief is scored with rouge-score (stemming on) against
`reference`, and so is every system in neus_dev_peers.json, by the same code in this run.

ROUGE-Lsum puts each summary sentence on its own line and leaves the reference as given: this
reproduces the published figures (LexRank 42.8 / 18.4 / 30.6). The brief's budget is the mean
reference length of the stories scored, measured here, not tuned.

    .venv/bin/python bench/summarize.py            # all 100 stories, pipeline and sentence facts
    .venv/bin/python bench/summarize.py --quick    # 10 stories
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import DATA, md_table, peak_rss_mib, write_results  # noqa: E402

NEUS = DATA / "summarization" / "neus_dev.jsonl"
PEERS = DATA / "summarization" / "neus_dev_peers.json"
METRICS = ("rouge1", "rouge2", "rougeLsum")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Row(NamedTuple):
    system: str
    r1: float
    r2: float
    rlsum: float
    words: float
    seconds_per_story: float | None = None


def load_stories(limit: int | None = None) -> list[dict[str, Any]]:
    with NEUS.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows[:limit] if limit else rows


def load_peers(limit: int | None = None) -> dict[str, list[str]]:
    peers: dict[str, list[str]] = json.loads(PEERS.read_text(encoding="utf-8"))
    return {name: outputs[:limit] if limit else outputs for name, outputs in peers.items()}


def one_per_line(summary: str) -> str:
    """A summary with one sentence per line, as ROUGE-Lsum expects."""
    return "\n".join(s for s in _SENTENCE_END.split(summary.strip()) if s)


def rouge(system: str, summaries: Sequence[str], references: Sequence[str]) -> Row:
    """Mean F1 (x100) of each metric over the stories, and the mean summary length in words."""
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(list(METRICS), use_stemmer=True)
    scores = [
        scorer.score(ref, one_per_line(s)) for ref, s in zip(references, summaries, strict=True)
    ]
    mean = {m: 100 * sum(s[m].fmeasure for s in scores) / len(scores) for m in METRICS}
    words = sum(len(s.split()) for s in summaries) / len(summaries)
    return Row(system, mean["rouge1"], mean["rouge2"], mean["rougeLsum"], words)


def mean_reference_words(stories: Sequence[dict[str, Any]]) -> int:
    return round(sum(len(s["reference"].split()) for s in stories) / len(stories))


def read_stories(stories: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """Each story's sources as articles (plain-text conventions, as `newsfuse fuse` reads)."""
    from newsfuse.ingest import article_from_text

    out = []
    for story in stories:
        docs = [
            article_from_text(text, source=f"{story['id']}/{i}")
            for i, text in enumerate(story["sources"])
        ]
        out.append(list({d.id: d for d in docs}.values()))
    return out


def analyse(stories: Sequence[Sequence[Any]], nlp: Any) -> tuple[dict[str, Any], float]:
    """Every article analysed in one batched spaCy pass; the analyses by id, seconds per story."""
    from newsfuse.analyze import analyze_articles

    start = time.perf_counter()
    found = analyze_articles([d for docs in stories for d in docs], nlp=nlp)
    return {a.article_id: a for a in found}, (time.perf_counter() - start) / len(stories)


def fuse_stories(
    stories: Sequence[Sequence[Any]],
    analyses: dict[str, Any],
    *,
    nlp: Any,
    encoder: Any,
    words: int,
) -> tuple[list[Any], float]:
    """The full fusion pipeline (align, verify, brief, ...) per story; reports, seconds/story."""
    from newsfuse.pipeline import fuse_articles

    start = time.perf_counter()
    reports = [
        fuse_articles(
            docs,
            nlp=nlp,
            encoder=encoder,
            brief_words=words,
            analyses=[analyses[d.id] for d in docs],
        )
        for docs in stories
    ]
    return reports, (time.perf_counter() - start) / len(stories)


def rebrief(reports: Sequence[Any], *, encoder: Any, words: int) -> list[str]:
    """The brief each report's facts give at another length (what the pipeline would write)."""
    from newsfuse.fusion.brief import build_brief

    return [
        "\n".join(
            s.text
            for s in build_brief(
                r.facts,
                articles=r.documents,
                entities=r.entities,
                conflicts=r.conflicts,
                words=words,
                encoder=encoder,
            )
        )
        for r in reports
    ]


def briefs_from_sentences(
    stories: Sequence[Sequence[Any]], analyses: dict[str, Any], *, encoder: Any, words: int
) -> tuple[list[str], float]:
    """The brief over every sentence as a single-document fact (no alignment), per story."""
    from newsfuse.analyze import resolve_entities
    from newsfuse.fusion.brief import build_brief, sentence_facts

    start = time.perf_counter()
    out = []
    for docs in stories:
        found = [analyses[d.id] for d in docs]
        brief = build_brief(
            sentence_facts(docs, found),
            articles=docs,
            entities=resolve_entities(docs, found),
            conflicts=[],
            words=words,
            encoder=encoder,
        )
        out.append("\n".join(s.text for s in brief))
    return out, (time.perf_counter() - start) / len(stories)


def run(
    *, limit: int | None, pipeline: bool, extra_words: int = 50
) -> tuple[list[Row], int, dict[str, float]]:
    """Every row of the table (peers and newsfuse variants), the budget, and timings."""
    from newsfuse.nlp import load_encoder, load_spacy

    stories = load_stories(limit)
    references = [s["reference"] for s in stories]
    words = mean_reference_words(stories)
    nlp, encoder = load_spacy(), load_encoder()
    docs = read_stories(stories)
    analyses, t_analyse = analyse(docs, nlp)
    timing = {"analysis (batched), s/story": t_analyse}
    rows = [rouge(name, out, references) for name, out in load_peers(limit).items()]
    if pipeline:
        reports, t_fuse = fuse_stories(docs, analyses, nlp=nlp, encoder=encoder, words=words)
        timing["fuse_articles (align, verify, brief, ...), s/story"] = t_fuse
        ours = ["\n".join(s.text for s in r.brief) for r in reports]
        rows.append(rouge(f"**newsfuse** (fused facts, {words} words)", ours, references))
        short = rebrief(reports, encoder=encoder, words=extra_words)
        rows.append(rouge(f"newsfuse (fused facts, {extra_words} words)", short, references))
    for budget in (words, extra_words):
        ours, t_brief = briefs_from_sentences(docs, analyses, encoder=encoder, words=budget)
        timing[f"brief over sentence facts ({budget} words), s/story"] = t_brief
        rows.append(rouge(f"newsfuse (sentence facts, {budget} words)", ours, references))
    return sorted(rows, key=lambda r: -r.r1), words, timing


def report(rows: Sequence[Row], words: int, timing: dict[str, float], n: int) -> str:
    table = md_table(
        ["rank", "system", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum", "mean words"],
        [
            [i + 1, r.system, f"{r.r1:.2f}", f"{r.r2:.2f}", f"{r.rlsum:.2f}", f"{r.words:.1f}"]
            for i, r in enumerate(rows)
        ],
    )
    ours = [r for r in rows if r.system.startswith("**newsfuse")] or [
        r for r in rows if r.system.startswith("newsfuse")
    ][:1]
    peers = [r for r in rows if "newsfuse" not in r.system]
    ranks = "".join(
        f"{o.system.replace('*', '')} among the {len(peers)} peers, rank by "
        f"R1 {1 + sum(p.r1 > o.r1 for p in peers)}, R2 {1 + sum(p.r2 > o.r2 for p in peers)}, "
        f"RLsum {1 + sum(p.rlsum > o.rlsum for p in peers)}.\n"
        for o in ours
    )
    times = md_table(["step", "seconds"], [[k, v] for k, v in timing.items()])
    return (
        f"{n} stories; F1 x100, rouge-score with stemming; ROUGE-Lsum with one summary sentence "
        f"per line, reference as given (reproduces the published LexRank figures).\n"
        f"Brief budget: {words} words = the mean reference length of these stories "
        f"(median is lower; the peers average 38-128 words). Rows at 50 words show the "
        f"shorter budget.\n\n{table}\n\n{ranks}\nTime per story (2 shared cores):\n\n{times}\n\n"
        f"Peak memory: {peak_rss_mib():.0f} MiB.\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 stories only")
    parser.add_argument("--limit", type=int, default=None, help="first N stories only")
    parser.add_argument(
        "--no-pipeline", action="store_true", help="only the brief over sentence facts (fast)"
    )
    parser.add_argument("--out-dir", type=Path, default=None, help="where results/NAME.md goes")
    args = parser.parse_args(argv)
    limit = 10 if args.quick else args.limit
    rows, words, timing = run(limit=limit, pipeline=not args.no_pipeline)
    n = len(load_stories(limit))
    body = report(rows, words, timing, n)
    print(body)
    path = write_results(
        "summarize",
        "Brief quality: ROUGE on NeuS beside published systems",
        body,
        out_dir=args.out_dir,
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
