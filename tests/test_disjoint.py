"""Union-find: the grouping both batch blocking and conflict grouping rely on."""

from __future__ import annotations

from newsfuse.disjoint import DisjointSets


def test_joined_items_share_a_set_and_others_keep_their_own() -> None:
    sets = DisjointSets(6)
    sets.join(0, 1)
    sets.join(3, 1)
    sets.join(4, 5)
    groups: dict[int, list[int]] = {}
    for item in range(6):
        groups.setdefault(sets.find(item), []).append(item)
    assert sorted(groups.values()) == [[0, 1, 3], [2], [4, 5]]
    assert sets.find(3) == sets.find(1)  # the set is named as `other`'s was
    sets.join(2, 2)
    assert sets.find(2) == 2


def test_a_long_chain_resolves_to_one_set() -> None:
    sets = DisjointSets(10_000)
    for item in range(1, 10_000):
        sets.join(item - 1, item)
    assert {sets.find(item) for item in range(10_000)} == {sets.find(0)}
