"""Agenda items flattened into what the linker compares (:class:`Entry`), from ``(source, Minutes)``.

Besides title, body, date and case numbers, an entry keeps two kinds of textual evidence:

- history references: a body named right before a date inside the item ("Beslutning i
  Økonomiudvalget den 24.01.2022"), i.e. an earlier treatment the item itself reports;
- referral cues in its decision ("Anbefales over for Byrådet", "Sagen oversendes til ØU").
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Iterable, Optional

from ..schema import AgendaItem, Minutes
from .config import CaseRules, Role
from .normalise import body_key, body_role, is_standing, normalise_case_number, title_stems

__all__ = ["Entry", "build_entries", "endorsed_body", "history_references", "referral_targets"]

_START = attrgetter("start_char")
#: Most characters between a body's mention and the date that makes it a history reference.
_REF_GAP = 40


@dataclass
class Entry:
    """One agenda item as the linker sees it."""

    index: int
    source: str
    meeting: int
    municipality: str
    body: Optional[str]
    body_key: Optional[str]
    role: Role
    date: Optional[dt.date]
    number: str
    title: str
    stems: tuple[str, ...]
    case_numbers: tuple[str, ...]
    decision: Optional[str]
    standing: bool
    refs: frozenset[tuple[str, dt.date]] = field(default_factory=frozenset)
    cues: tuple[tuple[str, str], ...] = ()  # (target role, phrase) per referral cue found
    endorses: Optional[str] = None  # the body whose recommendation the decision approved

    @property
    def ordinal(self) -> int:
        """Days since 0001-01-01 (undated items count as day 0: they never fall in a window)."""
        return self.date.toordinal() if self.date else 0


def history_references(item: AgendaItem, own_date: Optional[dt.date], own_key: Optional[str]
                       ) -> frozenset[tuple[str, dt.date]]:
    """(body key, date) pairs the item reports as earlier treatments: a COMMITTEE mention followed
    within a few characters by a DATE mention; this meeting's own (body, date) left out."""
    refs: set[tuple[str, dt.date]] = set()
    mentions = sorted(item.entities, key=_START)
    for k, m in enumerate(mentions):
        if m.label != "COMMITTEE":
            continue
        nxt = next((n for n in mentions[k + 1:k + 3] if n.label == "DATE"), None)
        if nxt is None or nxt.start_char - m.end_char > _REF_GAP or getattr(nxt, "value", None) is None:
            continue
        key = body_key(getattr(m, "name", None) or m.text)
        when = nxt.value  # type: ignore[union-attr]
        if key and not (when == own_date and key == own_key):
            refs.add((key, when))
    return frozenset(refs)


def referral_targets(decision_text: str, rules: CaseRules) -> tuple[tuple[str, str], ...]:
    """(target role, matched phrase) for each referral cue of ``rules`` found in a decision text."""
    text = " ".join(decision_text.lower().split())
    found: list[tuple[str, str]] = []
    for cue, pattern in zip(rules.referral_cues, rules.cue_regexes()):
        m = pattern.search(text)
        if m:
            found.append((cue.target, m.group(0)))
    return tuple(found)


def endorsed_body(decision_text: str, rules: CaseRules) -> Optional[str]:
    """The body whose recommendation a decision says it approved ("Byrådet godkendte
    Økonomiudvalgets indstilling" → "Økonomiudvalget"), as written without the genitive; or None."""
    text = " ".join(decision_text.split())
    for pattern in rules.endorse_regexes():
        m = pattern.search(text.lower())
        if m:
            start, end = m.span("body")
            written = text[start:end]
            return written[:-1] if written.endswith("s") else written
    return None


def _case_numbers(item: AgendaItem) -> tuple[str, ...]:
    values = (normalise_case_number(c.value) for c in item.case_numbers)
    return tuple(dict.fromkeys(v for v in values if v))


def build_entries(documents: Iterable[tuple[str, Minutes]], rules: CaseRules) -> list[Entry]:
    """Every agenda item of every document, in input order."""
    entries: list[Entry] = []
    titles: dict[str, tuple[tuple[str, ...], bool]] = {}  # titles repeat: read each once
    for meeting, (source, minutes) in enumerate(documents):
        if not isinstance(minutes, Minutes):
            raise TypeError(f"link_cases expects (source, Minutes) pairs; {source!r} gave "
                            f"{type(minutes).__name__}")
        info = minutes.meeting
        body = info.body.name if info.body is not None else None
        key = body_key(body)
        for item in minutes.items:
            decision = item.decision
            if item.title not in titles:
                titles[item.title] = (title_stems(item.title, rules), is_standing(item.title, rules))
            stems, standing = titles[item.title]
            entries.append(Entry(
                index=len(entries), source=str(source), meeting=meeting,
                municipality=(info.municipality or "").strip().lower(), body=body, body_key=key,
                role=body_role(body, rules), date=info.date, number=item.number, title=item.title,
                stems=stems, case_numbers=_case_numbers(item),
                decision=decision.label if decision else None, standing=standing,
                refs=history_references(item, info.date, key),
                cues=referral_targets(decision.text, rules) if decision else (),
                endorses=endorsed_body(decision.text, rules) if decision else None,
            ))
    return entries
