"""Doc → Minutes: the one module that knows both spaCy containers and the pydantic results.

Every offset is mapped from the cleaned text spaCy saw back to the caller's original string, and
every mention's ``text`` is cut from that original, so ``original[start:end] == text`` holds.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Optional

from spacy.tokens import Doc, Span

from .clean import CleanText
from .components.entity_rules import canonical_committee_name
from .labels import (
    DECISIONS_KEY, HEADER_KEY, ITEM_ABSENT_KEY, ITEMS_KEY, SECTIONS_KEY, VOTES_KEY, HeaderField, Section,
)
from .normalize.amounts import parse_amount
from .normalize.case_numbers import parse_case_number
from .normalize.dates import parse_date, parse_time
from .spans import doc_text
from .schema import (
    AgendaItem, Amount, CaseNumber, Committee, Count, DateMention, Decision, Meeting, Mention, Person,
    Position, Remark, VoteEvent,
)

_WS = re.compile(r"\s+")


@dataclass
class Converted:
    """The parts of a ``Minutes`` found in one Doc (one chunk of a long text)."""

    meeting: Optional[Meeting]
    items: list[AgendaItem] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)


class _Mapper:
    """Map spans of the chunk's Doc to (start, end, text) in the original string."""

    def __init__(self, original: str, cleaned: CleanText, offset: int) -> None:
        self.original = original
        self.cleaned = cleaned
        self.offset = offset

    def chars(self, start: int, end: int) -> tuple[int, int, str]:
        os_, oe = self.cleaned.span_to_original(start + self.offset, end + self.offset)
        return os_, oe, self.original[os_:oe]

    def span(self, span: Span) -> tuple[int, int, str]:
        return self.chars(span.start_char, span.end_char)


def _person(mapper: _Mapper, span: Span, details: Optional[dict[str, Any]]) -> Person:
    start, end, text = mapper.span(span)
    details = details or {}
    return Person(text=text, start_char=start, end_char=end, party=details.get("party"), role=details.get("role"))


def _iso_date(value: Any) -> Optional[dt.date]:
    """The header's resolved meeting date ("YYYY-MM-DD", year added when not printed), or None."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _meeting(doc: Doc, mapper: _Mapper) -> Meeting:
    group = doc.spans[HEADER_KEY] if HEADER_KEY in doc.spans else []
    details: list[Any] = list(group.attrs.get("persons", [])) if group else []
    fields: dict[str, Any] = {"attendees": [], "absent": []}
    for k, span in enumerate(group):
        label = span.label_
        info = details[k] if k < len(details) else None
        if label == HeaderField.ATTENDEE.value:
            fields["attendees"].append(_person(mapper, span, info))
        elif label == HeaderField.ABSENT.value:
            fields["absent"].append(_person(mapper, span, info))
        elif label == HeaderField.BODY.value and "body" not in fields:
            start, end, text = mapper.span(span)
            fields["body"] = Committee(text=text, start_char=start, end_char=end, name=canonical_committee_name(text))
        elif label == HeaderField.DATE.value and "date" not in fields:
            fields["date"] = parse_date(span.text) or _iso_date(group.attrs.get("date_value"))
        elif label == HeaderField.START_TIME.value and "start_time" not in fields:
            fields["start_time"] = parse_time(span.text)
        elif label == HeaderField.END_TIME.value and "end_time" not in fields:
            fields["end_time"] = parse_time(span.text)
        elif label == HeaderField.LOCATION.value and "location" not in fields:
            fields["location"] = _WS.sub(" ", mapper.span(span)[2]).strip() or None
    if group:
        fields["municipality"] = group.attrs.get("municipality")
    return Meeting(**fields)


def _mention(span: Span, mapper: _Mapper, reference: Optional[dt.date], persons: dict[str, dict[str, Any]]) -> Optional[Mention]:
    start, end, text = mapper.span(span)
    if not text.strip():
        return None
    label = span.label_
    if label == "AMOUNT":
        parsed = parse_amount(text)
        value, currency = parsed if parsed else (None, "DKK")
        return Amount(text=text, start_char=start, end_char=end, value=value, currency=currency)
    if label == "DATE":
        return DateMention(text=text, start_char=start, end_char=end, value=parse_date(text, reference))
    if label == "CASE_NUMBER":
        parsed_case = parse_case_number(text, labelled=True)
        value, scheme = parsed_case if parsed_case else (_WS.sub("", text), "other")
        return CaseNumber(text=text, start_char=start, end_char=end, value=value, scheme=scheme)
    if label == "COMMITTEE":
        return Committee(text=text, start_char=start, end_char=end, name=canonical_committee_name(text))
    if label == "PERSON":
        info = persons.get(_WS.sub(" ", text).strip(), {})
        return Person(text=text, start_char=start, end_char=end, party=info.get("party"), role=info.get("role"))
    return None


def _text_or_none(mapper: _Mapper, span: Optional[Span]) -> Optional[str]:
    if span is None:
        return None
    return mapper.span(span)[2].strip() or None


def _head_recommendation(doc: Doc, mapper: _Mapper, item: Span, inside: list[Span],
                         decision: Optional[Span]) -> Optional[str]:
    """For an item without an Indstilling section: the recommendation the decision reader uses (a
    heading glued to its text, or a "… indstiller, at …" passage of the head or summary), as it
    stands in the original text."""
    from .components.decisions import recommendation_of

    text = recommendation_of(doc, item, inside, decision)
    if not text or not text.strip():
        return None
    at = doc_text(doc).find(text, item.start_char, item.end_char)
    if at < 0:
        return None
    return mapper.chars(at, at + len(text))[2].strip() or None


def _item_sections(doc: Doc) -> list[Span]:
    return list(doc.spans[SECTIONS_KEY]) if SECTIONS_KEY in doc.spans else []


def _decisions(doc: Doc) -> dict[int, tuple[Span, float]]:
    if DECISIONS_KEY not in doc.spans:
        return {}
    group = doc.spans[DECISIONS_KEY]
    scores = group.attrs.get("scores", [])
    items = group.attrs.get("items", [])
    return {int(items[k]): (span, float(scores[k]) if k < len(scores) else 1.0) for k, span in enumerate(group)}


def _vote_records(doc: Doc, mapper: _Mapper) -> dict[int, dict[str, list[Any]]]:
    """Item index → {"votes", "remarks", "conflicts"} from doc.spans[VOTES_KEY] (minutes_votes)."""
    out: dict[int, dict[str, list[Any]]] = {}
    if VOTES_KEY not in doc.spans:
        return out
    group = doc.spans[VOTES_KEY]
    recs, items = group.attrs.get("records", []), group.attrs.get("items", [])
    for k, span in enumerate(group):
        if k >= len(recs) or k >= len(items):
            break
        rec, bucket = recs[k], out.setdefault(int(items[k]), {"votes": [], "remarks": [], "conflicts": []})
        start, end, text = mapper.chars(rec["start"], rec["end"])
        if span.label_ == "VOTE":
            positions = []
            for p in rec["positions"]:
                ps, pe, pt = mapper.chars(p["start"], p["end"])
                positions.append(Position(option=p["option"], voter=pt, voter_type=p["voter_type"], party=p["party"],
                                          start_char=ps, end_char=pe))
            bucket["votes"].append(VoteEvent(
                motion=rec["motion"], result=rec["result"], counts=[Count(**c) for c in rec["counts"]],
                positions=positions, text=text, start_char=start, end_char=end))
        elif span.label_ == "REMARK":
            bucket["remarks"].append(Remark(kind=rec["kind"], by=list(rec["by"]), text=text, start_char=start, end_char=end))
        elif span.label_ == "CONFLICT":
            bucket["conflicts"].append(Person(text=text, start_char=start, end_char=end, party=rec["party"]))
    return out


def convert_doc(
    doc: Doc, original: str, cleaned: CleanText, offset: int = 0, *, with_meeting: bool = True,
    reference: Optional[dt.date] = None, skip_before: int = 0,
) -> Converted:
    """Turn one processed Doc (covering ``cleaned.text[offset:offset+len(doc.text)]``) into result parts.

    ``skip_before``: the Doc starts with that many characters of repeated context (the meeting header in
    front of a later piece of a long text); nothing found there is reported.
    """
    mapper = _Mapper(original, cleaned, offset)
    meeting = _meeting(doc, mapper) if with_meeting else None
    ref = reference or (meeting.date if meeting else None)
    persons = {_WS.sub(" ", p.text).strip(): {"party": p.party, "role": p.role}
               for p in (meeting.attendees + meeting.absent if meeting else [])}
    entities = [m for m in (_mention(e, mapper, ref, persons) for e in doc.ents if e.start_char >= skip_before)
                if m is not None]
    items_group = doc.spans[ITEMS_KEY] if ITEMS_KEY in doc.spans else []
    numbers = items_group.attrs.get("numbers", []) if items_group else []
    titles = items_group.attrs.get("titles", []) if items_group else []
    sections = _item_sections(doc)
    decisions = _decisions(doc)
    absent_group = doc.spans[ITEM_ABSENT_KEY] if ITEM_ABSENT_KEY in doc.spans else []
    absent_items = absent_group.attrs.get("items", []) if absent_group else []
    items: list[AgendaItem] = []
    entity_starts = [m.start_char for m in entities]  # doc.ents are in order: slice by bisect
    section_starts = [s.start_char for s in sections]
    absent_by_item: dict[int, list[Span]] = {}
    votes_by_item = _vote_records(doc, mapper)
    for j, s in enumerate(absent_group):
        if j < len(absent_items):
            absent_by_item.setdefault(int(absent_items[j]), []).append(s)
    for k, span in enumerate(items_group):
        if span.start_char < skip_before:
            continue
        lo, hi = bisect_left(section_starts, span.start_char), bisect_right(section_starts, span.end_char)
        inside = [s for s in sections[lo:hi] if s.end_char <= span.end_char]
        head_end = min((s.start_char for s in inside if s.label_ != Section.HEAD.value), default=span.end_char)
        start, end, _ = mapper.span(span)
        a, b = bisect_left(entity_starts, start), bisect_left(entity_starts, end)
        item_mentions = [m for m in entities[a:b] if m.end_char <= end]
        head_start = mapper.chars(span.start_char, head_end)
        case_numbers = [m for m in item_mentions if isinstance(m, CaseNumber)
                        and head_start[0] <= m.start_char and m.end_char <= head_start[1]]
        recommendation = next((s for s in inside if s.label_ == Section.RECOMMENDATION.value), None)
        decision = None
        if k in decisions:
            d_span, score = decisions[k]
            d_start, d_end, d_text = mapper.span(d_span)
            decision = Decision(label=d_span.label_, text=d_text, start_char=d_start, end_char=d_end,
                                score=min(1.0, max(0.0, score)))
        absent = [_person(mapper, s, None) for s in absent_by_item.get(k, [])]
        items.append(AgendaItem(
            number=numbers[k] if k < len(numbers) else str(k + 1),
            title=_WS.sub(" ", titles[k] if k < len(titles) else "").strip(),
            start_char=start, end_char=end, case_numbers=case_numbers,
            recommendation=(_text_or_none(mapper, recommendation) if recommendation is not None else
                            _head_recommendation(doc, mapper, span, inside, decisions[k][0] if k in decisions else None)),
            decision=decision, absent=absent, entities=item_mentions,
            **votes_by_item.get(k, {}),
        ))
    return Converted(meeting=meeting, items=items, entities=entities)

