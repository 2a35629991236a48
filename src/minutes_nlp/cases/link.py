"""``link_cases``: agenda items of many meetings → case histories (SPEC.md § Cases across meetings).

>>> from minutes_nlp import link_cases
>>> cases = link_cases([("a.json", minutes_a), ("b.json", minutes_b)])   # doctest: +SKIP
>>> [(s.body, s.date, s.decision) for s in cases[0].steps]               # doctest: +SKIP

The pipeline: items → entries (normalised numbers, title stems, history references, referral cues)
→ candidate pairs from blocks (case number, rare title stems in a time window, reported earlier
treatments) → a score with its evidence per pair → a greedy merge, strongest first, that never puts
two items of one meeting in one case. Standing items ("Godkendelse af dagsorden", "Underskriftsark"
…, listed in ``resources/cases.json``) never link and are left out unless ``include_standing``.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from ..schema import Minutes
from .blocking import candidate_pairs
from .cluster import cluster
from .config import CaseRules, load_rules
from .entries import Entry, build_entries
from .models import Case, CaseStep, StepLink
from .normalise import clean_title
from .scoring import ROLE_RANK, Link, pair_similarity, reported, score_pair
from .similarity import Idf, trigrams

__all__ = ["link_cases", "score_links"]

RulesArg = Union[CaseRules, str, Path, None]


def _rules(rules: RulesArg) -> CaseRules:
    return rules if isinstance(rules, CaseRules) else load_rules(rules)


class _Trigrams(dict):
    """Trigram sets of entries' titles, made on first use (most items are never compared)."""

    def __init__(self, entries: Sequence[Entry], rules: CaseRules) -> None:
        super().__init__()
        self.entries, self.rules = entries, rules

    def __missing__(self, index: int) -> frozenset[str]:
        value = self[index] = trigrams(clean_title(self.entries[index].title, self.rules))
        return value


def score_links(entries: Sequence[Entry], rules: CaseRules) -> list[Link]:
    """Every candidate pair's link (those that may be one case), scored with evidence."""
    idf = Idf(e.stems for e in entries if not e.standing)
    tri = _Trigrams(entries, rules)
    scored = []
    best: dict[tuple[int, int], tuple[float, int, int]] = {}
    for i, j in sorted(candidate_pairs(entries, rules, idf)):
        sim = pair_similarity(entries[i], entries[j], tri, idf)
        report = reported(entries[i], entries[j]) if entries[i].refs or entries[j].refs else None
        scored.append((i, j, sim, report))
        # a reported treatment points at one item of that meeting: the likest
        if report is not None and (sim, -i, -j) > best.get(report, (-1.0, 0, 0)):
            best[report] = (sim, -i, -j)
    links = []
    for i, j, sim, report in scored:
        fits = report is None or best[report][1:] == (-i, -j)
        link = score_pair(entries[i], entries[j], sim, rules, history=fits)
        if link is not None:
            links.append(link)
    return links


def link_cases(documents: Iterable[tuple[str, Minutes]], *, rules: RulesArg = None,
               include_standing: bool = False) -> list[Case]:
    """Case histories from ``(source, Minutes)`` pairs, ordered by their first step's date.

    ``rules``: a :class:`CaseRules`, a path to a cases.json, or None for the packaged one.
    Every non-standing item is in exactly one case (a matter treated once is a one-step case)."""
    config = _rules(rules)
    entries = build_entries(documents, config)
    groups, used = cluster(entries, score_links(entries, config), config.thresholds.link)
    by_item: dict[int, list[Link]] = {}
    for link in used:
        by_item.setdefault(link.a, []).append(link)
        by_item.setdefault(link.b, []).append(link)
    cases = [_case(entries, group, by_item, config) for group in groups
             if include_standing or not entries[group[0]].standing]
    cases.sort(key=lambda c: (c.steps[0].date.toordinal() if c.steps[0].date else 0, c.steps[0].source,
                              c.steps[0].item_number))
    return _unique_keys(cases)


def _order(e: Entry) -> tuple[int, int, int]:
    """Date, then the body's place in the chain (a committee before the byråd on the same day)."""
    return (e.ordinal, ROLE_RANK[e.role], e.index)


def _step_link(e: Entry, position: dict[int, int], links: list[Link], threshold: float) -> Optional[StepLink]:
    """The step's best link to an earlier step (else its best link at all); None for the root."""
    if not links:
        return None
    me = position[e.index]
    earlier = [lk for lk in links if position[lk.a if lk.b == e.index else lk.b] < me]
    best = max(earlier or links, key=lambda lk: lk.score)
    other = best.a if best.b == e.index else best.b
    if not earlier and me == 0:
        return None
    return StepLink(to_step=position[other], score=round(best.score, 4), threshold=threshold,
                    evidence=list(best.evidence))


def _case(entries: Sequence[Entry], group: list[int], by_item: dict[int, list[Link]], rules: CaseRules) -> Case:
    members = sorted((entries[k] for k in group), key=_order)
    position = {e.index: n for n, e in enumerate(members)}
    numbers = Counter(n for e in members for n in e.case_numbers)
    steps = [CaseStep(source=e.source, body=e.body, date=e.date, item_number=e.number, item_title=e.title,
                      decision=e.decision, endorses=e.endorses,  # type: ignore[arg-type]
                      link=_step_link(e, position, by_item.get(e.index, []), rules.thresholds.link))
             for e in members]
    if numbers:
        key = sorted(numbers.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    else:
        first = members[0]
        key = "item-" + hashlib.sha1(f"{first.source}\x00{first.number}".encode()).hexdigest()[:12]
    title = max((e.title for e in members), key=lambda t: (len(t), t))
    return Case(key=key, case_numbers=sorted(numbers), title=title, steps=steps)


def _unique_keys(cases: list[Case]) -> list[Case]:
    """A key several cases share (one case number, several matters) gets "#2", "#3" … in date order."""
    seen: Counter[str] = Counter()
    out = []
    for case in cases:
        seen[case.key] += 1
        out.append(case if seen[case.key] == 1 else case.model_copy(update={"key": f"{case.key}#{seen[case.key]}"}))
    return out
