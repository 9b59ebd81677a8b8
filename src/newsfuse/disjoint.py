"""Disjoint sets (union-find) over the numbers 0..n-1, for grouping items joined by links."""

from __future__ import annotations


class DisjointSets:
    """Each number starts in its own set; ``join`` merges two sets, ``find`` names a set by
    one of its members. Paths are halved on the way, so both are near constant time."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, one: int, other: int) -> None:
        """Merge the sets of ``one`` and ``other``; the set is then named as ``other``'s was."""
        self._parent[self.find(one)] = self.find(other)
