"""PERSON rules: name-shaped spans kept in a person context (a role, a party letter, an absence
list), repeated participant names, and the party and role printed next to a name (ANNOTATION.md §3)."""
from __future__ import annotations

import re
from typing import Any, Optional, Sequence

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..rule_models import party_marks
from ..labels import HEADER_KEY, ITEM_ABSENT_KEY, HeaderField
from .committees import load_rules

__all__ = ["PersonRules", "person_details", "repeated_persons", "shape_persons"]

_PERSON_HEADER_LABELS = (HeaderField.ATTENDEE.value, HeaderField.ABSENT.value)


# --- persons -------------------------------------------------------------------------------------
class PersonRules:
    """person_rules.json in lookup form."""

    def __init__(self, rules: dict[str, Any], committee_rules: dict[str, Any]) -> None:
        self.roles = {r.lower() for r in rules.get("roles", [])}
        self.parties = set(party_marks()) | set(rules.get("party_marks", []))  # the party table is vote_rules.json's
        self.absence_heads = {w.lower() for w in rules.get("absence_heads", [])}
        self.absence_tails = [tuple(w.lower() for w in tail) for tail in rules.get("absence_tails", [])]
        self.stopwords = {w.lower() for w in rules.get("stopwords", [])}
        suffixes = "|".join(re.escape(s) for s in committee_rules.get("suffixes", [])) or "(?!)"
        self.committee_shape = re.compile(rf"({suffixes})s?$", re.I)

    def valid_name(self, span: Span) -> bool:
        """A name candidate: no stop-word, no committee-like word, on one line."""
        if "\n" in span.text or "\r" in span.text:
            return False
        return not any(t.lower_ in self.stopwords or self.committee_shape.search(t.text) for t in span)


def _party_at(doc: Doc, i: int, parties: set[str]) -> bool:
    """True when tokens i.. read "( X )" with X a party letter."""
    return i + 2 < len(doc) and doc[i].text == "(" and doc[i + 1].text in parties and doc[i + 2].text == ")"


def _role_note_at(doc: Doc, i: int, roles: set[str]) -> bool:
    """True when tokens i.. read "( role …" ("(erhvervschef)", "(centerchef for …)")."""
    return i + 1 < len(doc) and doc[i].text == "(" and doc[i + 1].lower_ in roles


def _skip_notes(doc: Doc, i: int) -> int:
    """Index after any parenthesised notes starting at i ("(A)", "(Afbud)", "(direktør)")."""
    while i < len(doc) and doc[i].text == "(":
        j = i + 1
        while j < len(doc) and j - i <= 8 and doc[j].text != ")" and "\n" not in doc[j].text:
            j += 1
        if j >= len(doc) or doc[j].text != ")":
            return i
        i = j + 1
    return i


def shape_persons(doc: Doc, candidates: list[Span], rules: PersonRules) -> list[Span]:
    """Name-shaped candidates kept only in a person context (role, party letter, absence list)."""
    valid = [c for c in candidates if rules.valid_name(c)]
    by_start: dict[int, Span] = {}
    by_end: dict[int, Span] = {}
    for c in valid:
        if c.start not in by_start or len(c) > len(by_start[c.start]):
            by_start[c.start] = c
        if c.end not in by_end or len(c) > len(by_end[c.end]):
            by_end[c.end] = c
    found: list[Span] = []
    lowers = [t.lower_ for t in doc]  # one pass over the tokens; the loop below only indexes
    tails_by_first: dict[str, list[tuple[str, ...]]] = {}
    for tail in rules.absence_tails:
        tails_by_first.setdefault(tail[0], []).append(tuple(tail))
    for i, low in enumerate(lowers):
        if low in rules.roles and i + 1 in by_start:
            found.extend(_walk_forward(doc, i + 1, by_start))
        if i in by_end and (_party_at(doc, i, rules.parties) or _role_note_at(doc, i, rules.roles)
                            or (low == "," and i + 1 < len(doc) and lowers[i + 1] in rules.roles)):
            found.append(by_end[i])
        if low in rules.absence_heads and (i == 0 or "\n" in doc[i - 1].text_with_ws):
            found.extend(_walk_forward(doc, i + 1, by_start))
        for tail in tails_by_first.get(low, ()):
            if tuple(lowers[i:i + len(tail)]) == tail:
                found.extend(_walk_backward(doc, i, by_end))
    return found


def _walk_forward(doc: Doc, i: int, by_start: dict[int, Span]) -> list[Span]:
    """Names listed after "Fraværende:" on the same line."""
    names: list[Span] = []
    if i < len(doc) and doc[i].text == ":":
        i += 1
    while i in by_start:
        name = by_start[i]
        names.append(name)
        i = _skip_notes(doc, name.end)
        if i < len(doc) and doc[i].text in (",", "og", "&") and "\n" not in doc[i - 1].whitespace_:
            i += 1
        else:
            break
    return names


def _walk_backward(doc: Doc, end: int, by_end: dict[int, Span]) -> list[Span]:
    """Names before "… var fraværende", joined by "," / "og"."""
    names: list[Span] = []
    while end in by_end:
        name = by_end[end]
        names.append(name)
        j = name.start - 1
        if j >= 0 and doc[j].text in (",", "og", "&"):
            end = j
        else:
            break
    return names


def _participant_names(doc: Doc) -> list[Span]:
    """Person-name spans written by the header parser (and item absence lines)."""
    names: list[Span] = []
    if HEADER_KEY in doc.spans:
        names.extend(s for s in doc.spans[HEADER_KEY] if s.label_ in _PERSON_HEADER_LABELS)
    if ITEM_ABSENT_KEY in doc.spans:
        names.extend(doc.spans[ITEM_ABSENT_KEY])
    return [s for s in names if len(s) > 0]


def repeated_persons(doc: Doc, names: Sequence[Span], rules: PersonRules) -> list[Span]:
    """Every occurrence of a participant's or found person's full name, and of an unambiguous
    capitalised surname of a participant."""
    participants = _participant_names(doc)
    names = list(participants) + list(names)
    if not names:
        return []
    matcher = PhraseMatcher(doc.vocab, attr="ORTH")
    surnames: dict[str, int] = {}
    for span in names:
        words = [t.text for t in span if not t.is_space]
        if not words:
            continue
        matcher.add("FULL", [Doc(doc.vocab, words=words), Doc(doc.vocab, words=words[:-1] + [words[-1] + "s"])])
        if len(words) > 1 and span in participants:
            surnames[words[-1]] = surnames.get(words[-1], 0) + 1
    lower_words = {t.lower_ for t in doc if t.is_lower}
    for surname, count in surnames.items():
        if (count == 1 and len(surname) >= 3 and surname[0].isupper() and surname.lower() not in rules.stopwords
                and surname.lower() not in lower_words):
            matcher.add("SURNAME", [Doc(doc.vocab, words=[surname])])
    return [Span(doc, start, end, label="PERSON") for _, start, end in matcher(doc)]


def person_details(span: Span, person_rules: Optional[dict[str, Any]] = None) -> tuple[Optional[str], Optional[str]]:
    """(party, role) printed next to a person span: "(A)" after it, a role word before or "(role)" after."""
    rules = PersonRules(person_rules if person_rules is not None else load_rules("person_rules.json"), {})
    doc = span.doc
    party: Optional[str] = None
    role: Optional[str] = None
    if span.start > 0 and doc[span.start - 1].lower_ in rules.roles:
        role = doc[span.start - 1].lower_
    i = span.end
    while i < len(doc) and doc[i].text == "(":
        if _party_at(doc, i, rules.parties) and party is None:
            party = doc[i + 1].text
        elif _role_note_at(doc, i, rules.roles) and role is None:
            role = doc[i + 1].lower_
        nxt = _skip_notes(doc, i)
        if nxt == i:
            break
        i = nxt
    return party, role
