"""Union-find over item indices: how the brief turns pairwise links into groups.

Claim groups and disputed values both start from "these two belong together" decisions; one
structure keeps the grouping linear and independent of which member is asked about.
"""

from __future__ import annotations


class DisjointSets:
    """Items 0..size-1, each first in a group of its own."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def root(self, item: int) -> int:
        """The item standing for the group of ``item`` (path halving keeps lookups short)."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, keep: int, other: int) -> None:
        """Put the group of ``other`` into that of ``keep``, whose root stays the root."""
        self._parent[self.root(other)] = self.root(keep)
