"""Where story clustering takes its names from: the analysis, a second NER pass, or nowhere.

Issue 17 moved the names (``e:`` keys) from a second spaCy pass (NER over title and text, the
session-4 features) to the mentions of each article's own analysis, and made names one
setting (``Settings.cluster_names``) for ingest, serve, cluster and batch. This bench scores
the three feature sets on ECB+ dev and MMDS dev with the same clusterer:

- on each whole set and on each half (bench/cluster.py's halves) with the defaults;
- held out: title weight and split ratio tuned on one half, scored on the other half (the
  defaults were picked on whole sets, so only these figures are free of tuning on the data).

Analyses and NER features are cached on disk (NEWSFUSE_BENCH_CACHE) and the clocks report
the CPU seconds each source of names costs per article.

Run: .venv/bin/python bench/cluster_names.py [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cluster as bench  # noqa: E402
from _results import DATA, md_table, write_results  # noqa: E402
from newsfuse.cluster import ClusterOptions, extract_features  # noqa: E402
from newsfuse.cluster.datasets import load_labelled  # noqa: E402

VARIANTS = ("names from the analysis (new)", "names from a second NER pass (before)", "no names")


def cached(kind: str, path: Path, make: Any) -> tuple[Any, float]:
    """``make()`` cached on disk by file content and kind; with the CPU seconds it took."""
    digest = hashlib.sha256(path.read_bytes() + kind.encode()).hexdigest()[:16]
    file = bench.CACHE / f"{path.stem}-{kind}-{digest}.pkl"
    if file.is_file():
        value, seconds = pickle.loads(file.read_bytes())
        return value, seconds
    started = time.process_time()
    value = make()
    seconds = time.process_time() - started
    bench.CACHE.mkdir(parents=True, exist_ok=True)
    file.write_bytes(pickle.dumps((value, seconds)))
    return value, seconds


def variants(path: Path, data: Any) -> tuple[dict[str, list[Any]], dict[str, float]]:
    from newsfuse.analyze import analyze_articles
    from newsfuse.nlp import load_spacy

    nlp = load_spacy()
    found, analyse_s = cached("analysis", path, lambda: analyze_articles(data.articles, nlp=nlp))

    def ner() -> list[Any]:
        with nlp.select_pipes(enable=["ner"]):
            return extract_features(data.articles, nlp=nlp)

    raw, ner_s = cached("ner-features", path, ner)
    n = len(data.articles)
    feats = {
        VARIANTS[0]: extract_features(data.articles, analyses=found),
        VARIANTS[1]: raw,
        VARIANTS[2]: extract_features(data.articles),
    }
    costs = {
        VARIANTS[0]: 0.0,
        VARIANTS[1]: ner_s / n,
        "analysis (fusion needs it anyway)": analyse_s / n,
    }
    return feats, costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path)
    args = parser.parse_args()
    loaded: dict[str, tuple[Any, dict[str, list[Any]], str | None]] = {}
    costs: dict[str, dict[str, float]] = {}
    for name, (file, catch) in bench.SETS.items():
        path = DATA / "clustering" / file
        data = load_labelled(path)
        feats, costs[name] = variants(path, data)
        loaded[name] = (data, feats, catch)
    whole, halves, held = [], [], []
    for variant in VARIANTS:
        sets = {n: (data, feats[variant], c) for n, (data, feats, c) in loaded.items()}
        whole.append([variant, *bench.batch_f1s(sets, ClusterOptions())])
        halves.append(f"### {variant}\n\n{bench.halves(sets)}")
        held.append(f"### {variant}\n\n{bench.cross_halves(sets, quick=False)}")
    cost_rows = [[name, *[f"{v:.4f}" for v in c.values()]] for name, c in costs.items()]
    cost_head = ["set", *[f"CPU s/article: {k}" for k in next(iter(costs.values()))]]
    body = (
        "## Batch B-cubed F1 on each whole set (defaults; the defaults were tuned on these)\n\n"
        + md_table(["names", *[f"{n} F1" for n in bench.SETS]], whole)
        + "\n\n## Held out: knobs tuned on one half, scored on the other\n\n"
        + "\n\n".join(held)
        + "\n\n## Each half with the defaults\n\n"
        + "\n\n".join(halves)
        + "\n\n## What the names cost\n\n"
        + md_table(cost_head, cost_rows)
        + "\n\nThe analysis reads the text only (the title is not analysed), and its mentions are "
        "re-typed by the analysis' rules; the NER pass read title and text with spaCy's raw "
        "types. The clocks are CPU seconds on a shared machine.\n"
    )
    out = write_results("cluster_names", "Story clustering: where the names come from", body,
                        out_dir=args.out_dir)  # fmt: skip
    print(out.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
