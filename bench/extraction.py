"""Article-body extraction: newsfuse's HTML reader beside plain trafilatura, on data/extraction.

Metric: the ScrapingHub article-extraction-benchmark's own. Each text is tokenised into `\\w+`
tokens (case kept), 4-token shingles are counted, and per page tp/fp/fn are the multiset
overlaps, normalised to sum to 1. Precision is the mean over pages with tp + fp > 0, recall the
mean over pages with tp + fn > 0, F1 = 2PR / (P + R) from those means. So an empty output counts
as recall 0 on its page and is left out of the precision mean (as in the benchmark).

Run: .venv/bin/python bench/extraction.py [--quick N] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _results import DATA, md_table, peak_rss_mib, write_results  # noqa: E402

EXTRACTION = DATA / "extraction"
_TOKEN = re.compile(r"\w+")
_N = 4


@dataclass(frozen=True)
class Page:
    key: str
    html: str
    truth: str


@dataclass(frozen=True)
class Score:
    name: str
    f1: float
    precision: float
    recall: float
    empty: int
    pages_per_s: float
    per_page: tuple[tuple[float, float, float], ...]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + _N]) for i in range(max(1, len(tokens) - _N + 1)) if tokens)


def tp_fp_fn(truth: str, pred: str) -> tuple[float, float, float]:
    """Shingle overlap of one page, normalised so every page weighs the same."""
    t, p = shingles(truth), shingles(pred)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def summarise(counts: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, precision, recall) as the benchmark computes them from per-page counts."""
    precision = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def load_pages(limit: int | None = None) -> list[Page]:
    from newsfuse.ingest.html import decode_html

    truth = json.loads((EXTRACTION / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((EXTRACTION / "html").glob("*.html.gz"))[:limit]:
        key = path.name.removesuffix(".html.gz")
        html = decode_html(gzip.decompress(path.read_bytes()), source=path.name)
        pages.append(Page(key, html, truth[key].get("articleBody", "")))
    return pages


def score(name: str, extract: Callable[[str], str | None], pages: Sequence[Page]) -> Score:
    start = time.perf_counter()
    outputs = [extract(page.html) or "" for page in pages]
    elapsed = time.perf_counter() - start
    counts = tuple(tp_fp_fn(page.truth, out) for page, out in zip(pages, outputs, strict=True))
    f1, precision, recall = summarise(counts)
    empty = sum(1 for out in outputs if not out.strip())
    return Score(name, f1, precision, recall, empty, len(pages) / elapsed, counts)


def extractors() -> dict[str, Callable[[str], str | None]]:
    import trafilatura

    from newsfuse.ingest.html import extract_body

    return {"trafilatura.extract (plain)": trafilatura.extract, "newsfuse": extract_body}


def by_length(pages: Sequence[Page], scores: Sequence[Score]) -> list[list[object]]:
    """F1 per third of the pages by true body length: a class where newsfuse loses shows here."""
    order = sorted(range(len(pages)), key=lambda i: len(pages[i].truth))
    thirds = [order[i * len(order) // 3 : (i + 1) * len(order) // 3] for i in range(3)]
    rows: list[list[object]] = []
    for label, index in zip(("short", "medium", "long"), thirds, strict=True):
        longest = max((len(pages[i].truth.split()) for i in index), default=0)
        row: list[object] = [f"{label} (up to {longest} words)", len(index)]
        row += [summarise([s.per_page[i] for i in index])[0] for s in scores]
        rows.append(row)
    return rows


def run(limit: int | None, out_dir: Path | None) -> list[Score]:
    pages = load_pages(limit)
    scores = [score(name, fn, pages) for name, fn in extractors().items()]
    table = md_table(
        ["extractor", "F1", "precision", "recall", "empty outputs", "pages/s"],
        [[s.name, s.f1, s.precision, s.recall, s.empty, s.pages_per_s] for s in scores],
    )
    base, ours = scores[0].per_page, scores[-1].per_page
    f1s = [(summarise([b])[0], summarise([o])[0]) for b, o in zip(base, ours, strict=True)]
    better = sum(1 for b, o in f1s if o > b + 1e-9)
    worse = sum(1 for b, o in f1s if o < b - 1e-9)
    classes = md_table(["pages by true length", "pages", *[s.name for s in scores]],
                       by_length(pages, scores))  # fmt: skip
    body = (
        f"{len(pages)} pages of `data/extraction` (ScrapingHub article-extraction-benchmark, "
        "dev half). Metric as in the benchmark's evaluate.py: `\\w+` tokens, 4-token shingles, "
        "per-page tp/fp/fn normalised, mean precision over pages with output, mean recall over "
        "pages with a true body, F1 from the means; an empty output is recall 0 and is left "
        "out of the precision mean.\n\n"
        f"{table}\n\nPer page, newsfuse vs plain trafilatura: better on {better}, worse on "
        f"{worse}, equal on {len(pages) - better - worse}.\n\n{classes}\n\n"
        f"Peak memory {peak_rss_mib():.0f} MiB."
    )
    print(body)
    path = write_results("extraction", "HTML article-body extraction", body, out_dir=out_dir)
    print(f"\nwrote {path}")
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", type=int, metavar="N", help="only the first N pages")
    parser.add_argument("--out-dir", type=Path, help="write NAME.md here instead of results/")
    args = parser.parse_args()
    run(args.quick, args.out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
