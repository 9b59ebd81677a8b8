"""Scores for a clustering against gold labels: B-cubed precision, recall, F1 and ARI.

B-cubed (Bagga and Baldwin, 1998) averages, over every item, the share of its predicted
cluster that shares its gold label (precision) and the share of its gold cluster that shares
its predicted cluster (recall). Pure functions over label sequences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from newsfuse.errors import InputError


@dataclass(frozen=True, slots=True)
class ClusterScores:
    """B-cubed precision, recall and F1, the adjusted Rand index, and the cluster count."""

    precision: float
    recall: float
    f1: float
    ari: float
    n_clusters: int


def singleton_labels(labels: Sequence[Hashable], *, catch_all: Hashable | None) -> list[object]:
    """Gold labels with every item of the ``catch_all`` label made its own cluster.

    A catch-all label groups unrelated articles; scoring it as one cluster would reward
    lumping unrelated news together, so each of its items counts as a singleton story.
    """
    return [("singleton", i) if lab == catch_all else lab for i, lab in enumerate(labels)]


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of ``predicted`` against ``gold``.

    Raises:
        InputError: when the two sequences differ in length or are empty.
    """
    if len(gold) != len(predicted) or not gold:
        raise InputError(
            f"cannot score {len(predicted)} predicted labels against {len(gold)} gold labels; "
            "pass one label per item for both"
        )
    pair = Counter(zip(gold, predicted, strict=True))
    gold_size = Counter(gold)
    pred_size = Counter(predicted)
    precision = sum(n * n / pred_size[p] for (_, p), n in pair.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (g, _), n in pair.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> ClusterScores:
    """B-cubed and ARI of ``predicted`` against ``gold`` (labels compared only for equality).

    Raises:
        InputError: when the two sequences differ in length or are empty.
    """
    from sklearn.metrics import adjusted_rand_score

    precision, recall, f1 = bcubed(gold, predicted)
    gold_ids = _dense(gold)
    pred_ids = _dense(predicted)
    ari = float(adjusted_rand_score(gold_ids, pred_ids))
    return ClusterScores(precision, recall, f1, ari, len(set(pred_ids)))


def agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """The adjusted Rand index between two partitions of the same items (1.0 = identical)."""
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(_dense(a), _dense(b)))


def _dense(labels: Sequence[Hashable]) -> list[int]:
    ids: dict[Hashable, int] = {}
    return [ids.setdefault(label, len(ids)) for label in labels]
