"""Context rules of ``minutes_votes``: negated or hypothetical inhabilitet, remark extents, voter runs.

The cues are data (``resources/vote_rules.json`` keys ``conflict_negations``,
``conflict_hypothetical``, ``conflict_clause_breaks``, ``remark_quotes``, ``voter_gap``); this
module compiles them from ``VoteRules.data`` (once per rules object) and applies them (pure
functions over ``text`` with offsets into it).

- A conflict cue ("inhabil") inside a negation ("for ikke inhabil", "ingen erklærede sig inhabile")
  or after a question word in the same sentence ("spurgte, om han var inhabil", "hvorvidt") declares
  nobody inhabil. Otherwise the persons of the cue's clause are the ones declared (a "da …" clause
  giving the reason names no one), and each person counts once per decision section.
- An "other" remark ("med bemærkning om, ”…”") runs to its closing quote when a quote opens right
  after the cue, else to the end of its sentence; its text is not read for votes.
- Leading voters: the run of voters a sentence opens with ("(F) med bemærkning …", "Anna Holm (A)").
- A conflict sentence that names agenda items ("erklærede sig inhabil under punkt 5",
  ``conflict_item_references``) declares the conflict for those items (:func:`referenced_items`).
- Wishes (``wish_cues``, ``decided_cues``): "(V) og (C) ønskede ikke at sende forslaget …" states a
  position only against what was decided ("… besluttede byrådet ikke at sende …"): a wish with the
  decision's polarity (both negated or neither) is a yes, the other a no.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from .vote_rules import VoteRules
from .vote_voters import Voter, find_voters

_I = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True)
class ContextRules:
    """The compiled context keys of one rules object."""

    negation: Optional[re.Pattern[str]]
    hypothetical: Optional[re.Pattern[str]]
    clause_break: Optional[re.Pattern[str]]
    quotes: str
    gap: re.Pattern[str]
    wish: Optional[re.Pattern[str]] = None
    decided: Optional[re.Pattern[str]] = None
    item_reference: Optional[re.Pattern[str]] = None


_CACHE: dict[int, tuple[dict[str, Any], ContextRules]] = {}


def _alt(patterns: list[str]) -> Optional[re.Pattern[str]]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _I) if patterns else None


def context_rules(rules: VoteRules) -> ContextRules:
    """The context keys of ``rules.data`` compiled (absent keys: no negation, no hypothesis)."""
    hit = _CACHE.get(id(rules.data))
    if hit is not None and hit[0] is rules.data:
        return hit[1]
    data = rules.data
    compiled = ContextRules(
        negation=_alt(data.get("conflict_negations", [])),
        hypothetical=_alt(data.get("conflict_hypothetical", [])),
        clause_break=_alt(data.get("conflict_clause_breaks", [])),
        quotes=data.get("remark_quotes", "”“\"«»„"),
        gap=re.compile(data.get("voter_gap", r"^(?:[\s,;/+&()]|\bog\b|\bsamt\b)*$"), _I),
        wish=_alt(data.get("wish_cues", [])),
        decided=_alt(data.get("decided_cues", [])),
        item_reference=_alt(data.get("conflict_item_references", [])),
    )
    _CACHE[id(rules.data)] = (data, compiled)
    return compiled


def conflict_persons(text: str, s: int, e: int, rules: VoteRules) -> list[Voter]:
    """Persons declared inhabil in sentence ``text[s:e]``; empty when every cue is negated or asked."""
    ctx = context_rules(rules)
    out: list[Voter] = []
    for cue in rules.conflict.finditer(text, s, e):
        if ctx.negation is not None and any(n.start() < cue.end() and cue.start() < n.end()
                                            for n in ctx.negation.finditer(text, s, e)):
            continue
        if ctx.hypothetical is not None and ctx.hypothetical.search(text, s, cue.end()):
            continue
        lo, hi = s, e
        if ctx.clause_break is not None:
            for b in ctx.clause_break.finditer(text, s, e):
                if b.end() <= cue.start():
                    lo = b.end()
                elif b.start() >= cue.end():
                    hi = b.start()
                    break
        persons = [v for v in find_voters(text, lo, hi, rules) if v.voter_type == "person"]
        if not persons:  # "Hans Toft, der er formand, erklærede sig inhabil": the nearest name before
            before = [v for v in find_voters(text, s, cue.start(), rules) if v.voter_type == "person"]
            persons = before[-1:]
        out.extend(p for p in persons if all(p.voter != o.voter for o in out))
    return out


def referenced_items(text: str, s: int, e: int, rules: VoteRules) -> tuple[str, ...]:
    """Agenda item numbers sentence ``text[s:e]`` names ("under punkt 5", "punkterne 5, 7 og 9",
    "pkt. 4-6"), in order, each once."""
    pattern = context_rules(rules).item_reference
    out: list[str] = []
    for m in pattern.finditer(text, s, e) if pattern is not None else ():
        nums = m.groupdict().get("nums") or ""
        for a, dash, b in re.findall(r"(\d+)(?:\s*([-–])\s*(\d+))?", nums):
            span = range(int(a), int(b) + 1) if dash and int(a) < int(b) <= int(a) + 20 else [int(a)]
            out.extend(str(n) for n in span if str(n) not in out)
    return tuple(out)


def remark_end(text: str, cue_end: int, sent_end: int, limit: int, rules: VoteRules) -> int:
    """Where an "other" remark whose cue ends at ``cue_end`` ends: its closing quote when a quote
    opens within a few characters of the cue (up to ``limit``), else the end of its sentence."""
    quotes = context_rules(rules).quotes
    m = re.compile(rf"[\s,:]*(?:at\s+)?([{re.escape(quotes)}])").match(text, cue_end, min(limit, cue_end + 12))
    if m is None:
        return sent_end
    close = re.compile(rf"[{re.escape(quotes)}]").search(text, m.end(1), limit)
    if close is None:
        return sent_end
    end = close.end()
    while end < limit and text[end] in ".;":
        end += 1
    return end


def leading_voters(text: str, s: int, e: int, rules: VoteRules) -> list[Voter]:
    """The voters ``text[s:e]`` opens with, joined only by separators ("(A), (C) og (F)")."""
    gap = context_rules(rules).gap
    out: list[Voter] = []
    pos = s
    for v in find_voters(text, s, e, rules):
        between = text[pos:v.start]
        between = re.sub(r"\([A-ZÆØÅ]{1,3}(?:-\d+)?\)", " ", between)
        if not gap.match(between):
            break
        out.append(v)
        pos = v.end
    return out


def only_voters(text: str, s: int, e: int, voters: list[Voter], rules: VoteRules) -> bool:
    """True when ``text[s:e]`` holds nothing but ``voters`` and separators."""
    if not voters:
        return False
    rest = re.sub(r"\([A-ZÆØÅ]{1,3}(?:-\d+)?\)", " ", text[voters[-1].end:e]).rstrip(" .")
    return bool(context_rules(rules).gap.match(rest))


def wish_positions(text: str, spans: list[tuple[int, int]], rules: VoteRules) -> list[tuple[str, list[Voter], int]]:
    """(option, voters, sentence start) of each sentence in ``spans`` that opens with voters who
    wished or did not wish what the section decided; empty when no sentence says what was decided."""
    ctx = context_rules(rules)
    if ctx.wish is None or ctx.decided is None:
        return []
    decided_neg: Optional[bool] = None
    for s, e in spans:
        m = ctx.decided.search(text, s, e)
        if m is not None:
            decided_neg = re.search(r"\bikke\b", text[m.end():e], _I) is not None
            break
    if decided_neg is None:
        return []
    out = []
    for s, e in spans:
        m = ctx.wish.search(text, s, e)
        if m is None:
            continue
        lead = leading_voters(text, s, m.start(), rules)
        if lead and only_voters(text, s, m.start(), lead, rules):
            negated = m.groupdict().get("neg") is not None
            out.append(("yes" if negated == decided_neg else "no", lead, s))
    return out

