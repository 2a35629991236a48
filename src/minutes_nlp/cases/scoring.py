"""Score one candidate pair and say why: the evidence a user sees on each step.

A shared case number scores ``bonuses.case_number`` plus the title similarity. Without one, the
title similarity is the base, and evidence adds to it:

- history reference: one item reports a treatment by the other's body on the other's date;
- body progression: fagudvalg → Økonomiudvalget → byråd, forwards in time within
  ``windows_days.progression``;
- referral cue: the earlier decision sends the matter to the later item's body ("Anbefales over for
  Byrådet");
- without a history reference, a pair further apart than the progression window loses
  ``gap_penalty_per_year`` per year between them.

Pairs further apart than their window score None (never linked).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .config import CaseRules
from .entries import Entry
from .similarity import Idf, title_similarity

__all__ = ["Link", "score_pair", "ROLE_RANK"]

ROLE_RANK = {"committee": 0, "finance": 1, "top": 2}


@dataclass(frozen=True)
class Link:
    """A scored pair: ``a`` is the earlier item."""

    a: int
    b: int
    score: float
    evidence: tuple[str, ...]


def _reports(later: Entry, earlier: Entry) -> bool:
    return bool(earlier.body_key and earlier.date and (earlier.body_key, earlier.date) in later.refs)


def _cue_fits(earlier: Entry, later: Entry) -> Optional[str]:
    """The referral phrase of ``earlier`` that sends the matter to ``later``'s body, if any."""
    for target, phrase in earlier.cues:
        if target == later.role or (target == "any" and ROLE_RANK[later.role] > ROLE_RANK[earlier.role]) \
                or (target == "same" and later.body_key == earlier.body_key):
            return phrase
    return None


def score_pair(x: Entry, y: Entry, sim: float, rules: CaseRules, history: bool = True) -> Optional[Link]:
    """The link between two items of different meetings, or None when they may not be one case.
    ``history=False``: a reported earlier treatment does not count for this pair (another item of
    that meeting fits the report better)."""
    a, b = (x, y) if (x.ordinal, ROLE_RANK[x.role], x.index) <= (y.ordinal, ROLE_RANK[y.role], y.index) else (y, x)
    shared = sorted(set(a.case_numbers) & set(b.case_numbers))
    if shared:
        if sim < rules.thresholds.number_title_min:
            return None
        return Link(a.index, b.index, rules.bonuses.case_number + sim,
                    (f"case number {shared[0]}", f"title {sim:.2f}"))
    if a.case_numbers and b.case_numbers:
        return None  # two different numbers: two cases
    return _title_link(a, b, sim, rules, history)


def reported(x: Entry, y: Entry) -> Optional[tuple[int, int]]:
    """(reporting item, reported meeting) when one of the two reports a treatment at the other's
    meeting (its body on its date); None otherwise."""
    if _reports(y, x):
        return (y.index, x.meeting)
    if _reports(x, y):
        return (x.index, y.meeting)
    return None


def _title_link(a: Entry, b: Entry, sim: float, rules: CaseRules, allow_history: bool) -> Optional[Link]:
    bonus, windows = rules.bonuses, rules.windows_days
    evidence = [f"title {sim:.2f}"]
    score = sim
    history = allow_history and (_reports(b, a) or _reports(a, b))
    if history:
        score += bonus.history_reference
        evidence.append(f"history: {a.body} {a.date}" if _reports(b, a) else f"history: {b.body} {b.date}")
    elif sim < rules.thresholds.candidate_title_min:
        return None
    gap = b.ordinal - a.ordinal if a.date and b.date else None
    if gap is None or gap > windows.any:
        return None
    if ROLE_RANK[b.role] > ROLE_RANK[a.role] and gap <= windows.progression:
        score += bonus.body_progression
        evidence.append(f"progression {a.role}→{b.role} in {gap} days")
    if not history and gap > windows.progression:
        if a.body_key is not None and a.body_key == b.body_key and gap > windows.same_body:
            return None
        score -= bonus.gap_penalty_per_year * gap / 365.0
        evidence.append(f"{gap} days apart")
    phrase = _cue_fits(a, b)
    if phrase:
        score += bonus.referral_cue
        evidence.append(f"referral: {phrase!r}")
    return Link(a.index, b.index, round(score, 4), tuple(evidence))


def pair_similarity(x: Entry, y: Entry, trigram_sets: dict[int, frozenset[str]], idf: Idf) -> float:
    """Title similarity of two entries (see :func:`similarity.title_similarity`)."""
    return round(title_similarity(x.stems, y.stems, trigram_sets[x.index], trigram_sets[y.index], idf), 4)
