"""Candidate pairs without comparing all pairs: blocks by case number, by rare title stems within a
time window, and by the earlier treatments an item reports (history references).

Every block is keyed by municipality too: a case never crosses municipalities. Stems shared by more
than ``max(min_token_df_cap, max_token_share × the municipality's items)`` items ("godkendelse",
"2023") open no block.
"""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from typing import Iterator, Sequence

from .config import CaseRules
from .entries import Entry
from .similarity import Idf

__all__ = ["number_pairs", "title_pairs", "history_pairs", "candidate_pairs"]

#: In a very large number block, compare each item with this many neighbours in time only.
_NUMBER_NEIGHBOURS = 60


def _pair(a: Entry, b: Entry) -> tuple[int, int]:
    return (a.index, b.index) if a.index < b.index else (b.index, a.index)


def number_pairs(entries: Sequence[Entry], rules: CaseRules) -> Iterator[tuple[int, int]]:
    """Pairs of items that share a normalised case number, within ``windows_days.number``."""
    blocks: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in entries:
        if not e.standing:
            for number in e.case_numbers:
                blocks[(e.municipality, number)].append(e)
    window = rules.windows_days.number
    for block in blocks.values():
        block.sort(key=lambda e: (e.ordinal, e.index))
        for k, a in enumerate(block):
            for b in block[k + 1:k + 1 + _NUMBER_NEIGHBOURS]:
                if b.meeting != a.meeting and (not a.date or not b.date or b.ordinal - a.ordinal <= window):
                    yield _pair(a, b)


def title_pairs(entries: Sequence[Entry], rules: CaseRules, idf: Idf) -> Iterator[tuple[int, int]]:
    """Pairs of dated items that share rare title stems within ``windows_days.any``, where at least
    one of the two has no case number (numbered items are joined by their numbers). A pair is kept
    when the IDF-weighted Dice overlap of the rare stems alone reaches ``candidate_title_min``."""
    index: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    linkable = [e for e in entries if not e.standing and e.date is not None and e.stems]
    per_town: Counter[str] = Counter(e.municipality for e in linkable)
    for e in linkable:
        for stem in e.stems:
            index[(e.municipality, stem)].append((e.ordinal, e.index))
    for postings in index.values():
        postings.sort()
    t = rules.thresholds
    window, floor = rules.windows_days.any, t.candidate_title_min
    mass = {e.index: sum(idf.weight(s) for s in e.stems) for e in linkable}
    by_index = {e.index: e for e in linkable}
    for e in linkable:
        if e.case_numbers:
            continue
        cap = max(t.min_token_df_cap, int(t.max_token_share * per_town[e.municipality]))
        shared: dict[int, float] = defaultdict(float)
        for stem in e.stems:
            postings = index[(e.municipality, stem)]
            if len(postings) > cap:
                continue
            weight = idf.weight(stem)
            lo = bisect.bisect_left(postings, (e.ordinal - window, -1))
            hi = bisect.bisect_right(postings, (e.ordinal + window, len(entries)))
            for _, other in postings[lo:hi]:
                shared[other] += weight
        for other, w in shared.items():
            if other != e.index and by_index[other].meeting != e.meeting \
                    and 2.0 * w / (mass[e.index] + mass[other]) >= floor:
                yield _pair(e, by_index[other])


def history_pairs(entries: Sequence[Entry]) -> Iterator[tuple[int, int]]:
    """Pairs of an item and the items of a meeting it reports as an earlier treatment (that body on
    that date), where at least one of the two has no case number."""
    meetings: dict[tuple[str, str, object], list[Entry]] = defaultdict(list)
    for e in entries:
        if not e.standing and e.body_key and e.date:
            meetings[(e.municipality, e.body_key, e.date)].append(e)
    for e in entries:
        if e.standing:
            continue
        for key, when in e.refs:
            for other in meetings.get((e.municipality, key, when), ()):
                if other.meeting != e.meeting and not (e.case_numbers and other.case_numbers):
                    yield _pair(e, other)


def candidate_pairs(entries: Sequence[Entry], rules: CaseRules, idf: Idf) -> set[tuple[int, int]]:
    """All candidate pairs (index, index), each once."""
    pairs: set[tuple[int, int]] = set(number_pairs(entries, rules))
    pairs.update(title_pairs(entries, rules, idf))
    pairs.update(history_pairs(entries))
    return pairs
