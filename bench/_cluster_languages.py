"""Cross-language story links (newsfuse.cluster.crosslingual), held out: helpers of cluster.py.

The linker's knobs are picked by batch B-cubed F1 on one half of MMDS dev and scored on the
other half; the cross-language pair recall and link precision and the CPU per article are
measured beside the term clusterer alone (which is the base commit's clustering: the features
and the within-language step are unchanged).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from newsfuse.cluster import ArticleFeatures, cluster_batch, score, singleton_labels
from newsfuse.cluster.crosslingual import LinkOptions, link_partition
from newsfuse.cluster.datasets import LabelledSet

GRID = {
    "min_similarity": (0.78, 0.80, 0.82, 0.84),
    "min_evidence": (2.0, 4.0, 8.0),
    "candidates": (2, 4),
}


class CachedEncoder:
    """The encoder with every passage kept, so the grid encodes each title once."""

    def __init__(self, encoder: object) -> None:
        self.encoder, self.cache, self.encoded = encoder, {}, 0

    def passage(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.encoded += len(missing)
            self.cache.update(zip(missing, self.encoder.passage(missing), strict=True))
        return np.stack([self.cache[t] for t in texts])


def with_languages(data: LabelledSet, feats: Sequence[ArticleFeatures]) -> list[ArticleFeatures]:
    """The features with each article's detected language (cached features may predate it)."""
    return [
        replace(f, extra={"language": a.language} if a.language else {})
        for f, a in zip(feats, data.articles, strict=True)
    ]


def pair_counts(data: LabelledSet, keep: Sequence[int], labels: Sequence[str],
                catch: str | None) -> tuple[float, float]:  # fmt: skip
    """Recall of cross-language pairs of one gold event, and precision of cross-language
    pairs put together (same gold event, the catch-all never counting as one)."""
    langs = [data.articles[i].language for i in keep]
    gold = [data.events[i] for i in keep]
    same = together = both = 0
    for i, j in itertools.combinations(range(len(keep)), 2):
        if langs[i] == langs[j] or None in (langs[i], langs[j]):
            continue
        real = gold[i] == gold[j] and gold[i] != catch
        joined = labels[i] == labels[j]
        same += real
        together += joined
        both += real and joined
    return both / max(same, 1), both / max(together, 1)


def options_of(knobs: tuple[float, float, int]) -> LinkOptions:
    return LinkOptions(min_similarity=knobs[0], min_evidence=knobs[1], candidates=int(knobs[2]))


def held_out(data: LabelledSet, feats: list[ArticleFeatures], catch: str | None,
             half_of, encoder: CachedEncoder) -> list[list[object]]:  # fmt: skip
    """Per tuning half: the knobs picked there, and on the other half F1/ARI/pair recall and
    precision without and with the linker (defaults and tuned knobs)."""
    grid = list(itertools.product(*GRID.values()))
    runs = {}
    for half in (0, 1):
        keep = [i for i, e in enumerate(data.events) if half_of(data.name, e, i, catch) == half]
        used = [feats[i] for i in keep]
        base = cluster_batch(used)
        runs[half] = (keep, used, base)
    f1 = {}
    for half, (keep, used, base) in runs.items():
        gold = singleton_labels([data.events[i] for i in keep], catch_all=catch)
        ids = [f.article_id for f in used]
        for knobs in grid:
            linked, _ = link_partition(base, used, encoder=encoder, options=options_of(knobs))
            f1[(half, knobs)] = score(gold, linked.labels_for(ids)).f1
    rows = []
    for tuned in (0, 1):
        knobs = max(grid, key=lambda k: f1[(tuned, k)])
        other = 1 - tuned
        keep, used, base = runs[other]
        gold = singleton_labels([data.events[i] for i in keep], catch_all=catch)
        ids = [f.article_id for f in used]
        systems = {
            "terms only (base commit's clustering)": base,
            "with links, default knobs": link_partition(base, used, encoder=encoder)[0],
            "with links, knobs tuned on the other half": link_partition(
                base, used, encoder=encoder, options=options_of(knobs))[0],
        }  # fmt: skip
        for name, partition in systems.items():
            labels = partition.labels_for(ids)
            s = score(gold, labels)
            recall, precision = pair_counts(data, keep, labels, catch)
            rows.append(["odd" if other else "even", name, "/".join(map(str, knobs)),
                         s.precision, s.recall, s.f1, s.ari, recall, precision])  # fmt: skip
    return rows


def cpu_per_article(feats: list[ArticleFeatures], load) -> list[list[object]]:  # noqa: ANN001
    """CPU seconds per article of batch clustering alone and with the linker (fresh encoder
    cache: every title it needs is encoded in the timing), interleaved, best of 3."""
    times: dict[str, list[float]] = {"terms only": [], "with cross-language links": []}
    encoder = load()
    for _ in range(3):
        started = time.process_time()
        cluster_batch(feats)
        times["terms only"].append(time.process_time() - started)
        started = time.process_time()
        partition = cluster_batch(feats)
        _, result = link_partition(partition, feats, encoder=encoder)
        times["with cross-language links"].append(time.process_time() - started)
    base = min(times["terms only"])
    return [[name, f"{1000 * min(t) / len(feats):.2f}", f"{min(t) / base:.2f}x",
             result.encoded if name != "terms only" else 0]
            for name, t in times.items()]  # fmt: skip
