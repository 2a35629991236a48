"""Title similarity: IDF-weighted Dice overlap of stems, with a character-trigram fallback.

Rare words ("Aflandshage", "råderetsbeløb") weigh more than common ones ("godkendelse", "2022"),
so two titles that share the words that name the matter score high even when the verbs around them
change between bodies ("Høring om VVM af havvindemøllepark …" → "Høringssvar til Energistyrelsen
vedrørende VVM af havvindemøllepark …"). Trigrams catch spelling variants ("ti-årsplan"/"tiårsplan").
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Sequence

__all__ = ["Idf", "trigrams", "title_similarity", "weighted_dice", "trigram_dice"]


class Idf:
    """Inverse document frequency of stems over a collection of titles."""

    def __init__(self, titles: Iterable[Sequence[str]]) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for stems in titles:
            self.n += 1
            self.df.update(set(stems))
        n = max(self.n, 1)
        self.weights: dict[str, float] = {stem: math.log(1.0 + n / df) for stem, df in self.df.items()}
        self._unseen = math.log(1.0 + n)
        self._mass: dict[tuple[str, ...], float] = {}

    def weight(self, stem: str) -> float:
        """log(1 + N / df): an unseen stem counts as seen once."""
        return self.weights.get(stem, self._unseen)

    def mass(self, stems: tuple[str, ...]) -> float:
        """The summed weight of a set of stems (kept per distinct tuple)."""
        m = self._mass.get(stems)
        if m is None:
            m = self._mass[stems] = sum(self.weight(t) for t in set(stems))
        return m


def weighted_dice(a: Sequence[str], b: Sequence[str], idf: Idf) -> float:
    """2·w(A∩B) / (w(A) + w(B)) with IDF weights; 0 when either side is empty."""
    if not a or not b:
        return 0.0
    shared = set(a).intersection(b)
    if not shared:
        return 0.0
    total = idf.mass(tuple(a)) + idf.mass(tuple(b))
    return 2.0 * sum(idf.weight(t) for t in shared) / total if total else 0.0


def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of a cleaned title, spaces and hyphens removed."""
    compact = "".join(ch for ch in text if ch.isalnum())
    return frozenset(compact[k:k + 3] for k in range(max(len(compact) - 2, 0)))


def trigram_dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two trigram sets."""
    if not a or not b:
        return 0.0
    return 2.0 * len(a & b) / (len(a) + len(b))


def title_similarity(stems_a: Sequence[str], stems_b: Sequence[str], tri_a: frozenset[str],
                     tri_b: frozenset[str], idf: Idf) -> float:
    """The larger of the weighted stem overlap and 0.9 × the trigram overlap, in 0..1."""
    return max(weighted_dice(stems_a, stems_b, idf), 0.9 * trigram_dice(tri_a, tri_b))
