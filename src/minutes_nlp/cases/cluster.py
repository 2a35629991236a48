"""Join scored links into cases: strongest first, and never two items of one meeting in one case.

A greedy single-link merge with a cannot-link constraint. The constraint is what splits a case
number that several matters share: two items at the same meeting under one number ("budget" and
"regnskab" of the same partnership) end up in different cases, each with the items most like it.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from .entries import Entry
from .scoring import Link

__all__ = ["cluster"]


class _Groups:
    """Union-find over item indices that keeps each group's set of meetings."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.parent = list(range(len(entries)))
        self.meetings: dict[int, set[int]] = {e.index: {e.meeting} for e in entries}

    def find(self, k: int) -> int:
        root = k
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[k] != root:
            self.parent[k], k = root, self.parent[k]
        return root

    def join(self, a: int, b: int) -> bool:
        """Merge the groups of ``a`` and ``b`` unless they share a meeting; True when merged."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ma, mb = self.meetings[ra], self.meetings[rb]
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        if not ma.isdisjoint(mb):
            return False
        self.parent[rb] = ra
        ma |= mb
        del self.meetings[rb]
        return True


def cluster(entries: Sequence[Entry], links: Iterable[Link], threshold: float
            ) -> tuple[list[list[int]], list[Link]]:
    """(groups of item indices, the links that joined them). Links under ``threshold`` are unused;
    ties are broken by item order, so the result does not depend on input order of the links."""
    groups = _Groups(entries)
    used: list[Link] = []
    for link in sorted((lk for lk in links if lk.score >= threshold), key=lambda lk: (-lk.score, lk.a, lk.b)):
        if groups.join(link.a, link.b):
            used.append(link)
    members: dict[int, list[int]] = {}
    for e in entries:
        members.setdefault(groups.find(e.index), []).append(e.index)
    return list(members.values()), used
