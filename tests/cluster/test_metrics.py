from __future__ import annotations

import pytest

from newsfuse.cluster.metrics import agreement, bcubed, score, singleton_labels
from newsfuse.errors import InputError


def test_bcubed_matches_hand_computation() -> None:
    # gold {a,b,c} {d}; predicted {a,b} {c,d}
    precision, recall, f1 = bcubed(["x", "x", "x", "y"], [1, 1, 2, 2])
    assert precision == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_perfect_and_relabelled_partitions_score_one() -> None:
    result = score(["a", "a", "b", "c"], [7, 7, 3, 9])
    assert (result.precision, result.recall, result.f1, result.n_clusters) == (1.0, 1.0, 1.0, 3)
    assert result.ari == pytest.approx(1.0)
    assert agreement([1, 1, 2], ["p", "p", "q"]) == pytest.approx(1.0)


def test_catch_all_items_become_singletons() -> None:
    gold = singleton_labels(["5", "166", "166", "5"], catch_all="166")
    assert gold[0] == gold[3]
    assert gold[1] != gold[2]
    assert score(gold, [0, 1, 2, 0]).f1 == 1.0
    assert score(gold, [0, 1, 1, 0]).precision < 1.0


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(InputError, match="one label per item"):
        bcubed(["a"], [1, 2])
