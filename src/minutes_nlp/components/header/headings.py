"""The meeting's body and date read from the items' dated decision headings, for a header that names
neither ("Beslutning i Økonomiudvalget den 02-02-2021", "Plan- og Teknikudvalget, 03-10-2019, pkt. 153",
"Beslutning fra Miljøudvalget" + "Dato: 7. februar 2017" as the section's first line).

Each item votes with its last decision heading that names a body or a date (the deciding stage); the
body and the date most items share win (ties: the earlier). When the header names a body, the date is
voted among the items whose heading names that body, if any do.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from ..committees import canonical_committee_name
from .datetimes import find_date, parse_header_date
from .lines import label_at, strip_value
from .rules import HeaderRules
from .titles import body_in

__all__ = ["HeadingVote", "read_decision_heading", "vote_decision_headings"]


@dataclass(frozen=True)
class HeadingVote:
    """What one decision heading says: body and date spans (offsets into the text), the date as ISO."""

    body: Optional[tuple[int, int]] = None
    date: Optional[tuple[int, int]] = None
    date_value: Optional[str] = None


def _heading_line(text: str, lo: int, sec_start: int) -> Optional[tuple[int, int]]:
    """The last non-blank line before a section start, not before `lo` (the item start)."""
    end = sec_start
    while end > lo and text[end - 1] in " \t\r\n\u00a0":
        end -= 1
    if end <= lo:
        return None
    start = max(lo, text.rfind("\n", lo, end) + 1)
    return start, end


def read_decision_heading(text: str, start: int, end: int, rules: HeaderRules,
                          sec_end: Optional[int] = None) -> HeadingVote:
    """Body and date of the decision heading text[start:end]; without a date in the heading, a labelled
    date on the section's first line (text[end:sec_end]) is read."""
    line = text[start:end]
    kw = None
    for kw in rules.pattern("decision_heading_word").finditer(line):
        pass
    if kw is not None:
        start += kw.end()
    elif end - start > rules.data.get("decision_heading_max_chars", 120):
        return HeadingVote()
    s, e = strip_value(text, start, end)
    body = body_in(text, s, e, rules) if s < e else None
    date = find_date(text[s:e], s) if s < e else None
    if date is None and sec_end is not None:
        first = text[end:sec_end].lstrip()
        fs = sec_end - len(text[end:sec_end].lstrip()) if first else sec_end
        fe = text.find("\n", fs, sec_end)
        fe = sec_end if fe < 0 else fe
        m = label_at(rules, text[fs:fe]) if fs < fe else None
        if m is not None and rules.label_kind[m.group("label").lower()] == "date":
            date = find_date(text[fs + m.end():fe], fs + m.end())
    value = parse_header_date(text[date[0]:date[1]]) if date else None
    return HeadingVote(body, date if value else None, value.isoformat() if value else None)


def _winner(votes: list[tuple[str, tuple[int, int]]]) -> Optional[tuple[int, int]]:
    if not votes:
        return None
    counts = Counter(key for key, _ in votes)
    best = max(counts.values())
    return next(span for key, span in votes if counts[key] == best)


def vote_decision_headings(text: str, items: Sequence[tuple[int, int]],
                           sections: Sequence[tuple[int, int, str]], rules: HeaderRules,
                           header_body: Optional[str] = None) -> HeadingVote:
    """The body and date most items' last decision headings share (see the module docstring).
    `items`: (start, end) per item; `sections`: (start, end, label) of the segmenter's sections."""
    labels = set(rules.words("decision_section_labels"))
    per_item: list[HeadingVote] = []
    for lo, hi in items:
        last = None
        for s, e, label in sections:
            if label not in labels or not lo <= s < hi:
                continue
            line = _heading_line(text, lo, s)
            if line is None:
                continue
            vote = read_decision_heading(text, line[0], line[1], rules, min(e, hi))
            if vote.body is not None or vote.date is not None:
                last = vote
        if last is not None:
            per_item.append(last)
    bodies = [(canonical_committee_name(text[v.body[0]:v.body[1]]).lower(), v.body) for v in per_item if v.body]
    pool = per_item
    if header_body:
        own = canonical_committee_name(header_body).lower()
        same = [v for v in per_item if v.body and canonical_committee_name(text[v.body[0]:v.body[1]]).lower() == own]
        pool = same or per_item
    dates = [(v.date_value, v.date) for v in pool if v.date is not None and v.date_value]
    body = _winner(bodies)
    date = _winner(dates)
    value = next((v.date_value for v in pool if v.date == date), None) if date else None
    return HeadingVote(body, date, value)
