"""Item-level absence: "X og Y var fraværende", "Fraværende: X", "Afbud fra X", "X (A) deltog ikke"."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from .lines import strip_value, value_end
from .persons import parse_list
from .rules import DECOR, HeaderRules, PersonEntry, load_rules

__all__ = ["find_item_absences"]

_LOOKBACK = 400  # how far before the verb a list of names may start
_SENTENCE_END_RE = re.compile(r"(?<=[a-zæøå0-9)\]])[.!?](?=\s|$)|\n")


def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence containing pos (not before lo)."""
    best = lo = max(lo, pos - _LOOKBACK)
    for m in _SENTENCE_END_RE.finditer(text, lo, pos):
        best = m.end()
    return best


def _sentence_end(text: str, pos: int, hi: int) -> int:
    m = _SENTENCE_END_RE.search(text, pos, hi)
    return m.start() if m else hi


def _trailing_persons(text: str, lo: int, hi: int, rules: HeaderRules) -> list[PersonEntry]:
    """The longest run of persons that ends at hi and starts at a capitalised word after lo."""
    for m in re.finditer(r"(?<![\wæøåÆØÅ])[A-ZÆØÅ]", text[lo:hi]):
        persons, rejected = parse_list(text, lo + m.start(), hi, rules)
        if persons and not rejected:
            return persons
    return []


def find_item_absences(text: str, start: int = 0, end: Optional[int] = None,
                       rules: Optional[HeaderRules] = None) -> list[PersonEntry]:
    """Persons recorded absent in text[start:end]: "X og Y var fraværende", "Fraværende: X",
    "Afbud fra X", "X (A) deltog ikke i behandlingen"; offsets into `text`, in text order."""
    if not isinstance(text, str) or not text:
        return []
    rules = rules or load_rules()
    end = len(text) if end is None else min(end, len(text))
    found: dict[tuple[int, int], PersonEntry] = {}
    labels = "|".join(re.escape(w) for w in sorted(rules.words("item_absent_labels"), key=len, reverse=True))
    gap = rules.data.get("item_absent_label_gap", "")
    if labels:
        for m in re.finditer(rf"(?:^|(?<=[\s>]))(?:{labels}){gap}[ \t]*{DECOR}?[ \t]*:[ \t]*{DECOR}?",
                             text[start:end], re.IGNORECASE | re.MULTILINE):
            if not m.group(0)[0].isupper():
                continue
            s = start + m.end()
            line_end = text.find("\n", s, end)
            vend = value_end(text, s, end if line_end < 0 else line_end, rules)
            vs, ve = strip_value(text, s, vend)
            for p in parse_list(text, vs, ve, rules)[0]:
                found.setdefault((p.start, p.end), p)
    for m in rules.pattern("item_absent_from", 0).finditer(text, start, end):
        vs, ve = strip_value(text, m.end(), _sentence_end(text, m.end(), end))
        for p in parse_list(text, vs, ve, rules)[0]:
            found.setdefault((p.start, p.end), p)
    for m in re.finditer(rf"\s+(?:{rules.data.get('item_absent_verbs', '(?!)')})\b", text[start:end]):
        verb = start + m.start()
        lo = _sentence_start(text, start, verb)
        for p in _trailing_persons(text, lo, verb, rules):
            found.setdefault((p.start, p.end), p)
    return [replace(p, absent=True) for _, p in sorted(found.items())]


