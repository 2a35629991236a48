"""Who is named in a stretch of text: party letters, party names, group words and persons (pure).

Used by ``vote_parse`` on the regions next to a vote cue. Every voter carries its offsets in the
text it was found in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .vote_rules import VoteRules

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Voter:
    """A voter mention: ``text[start:end] == voter``."""

    voter: str
    voter_type: str  # "party" | "person" | "group"
    party: Optional[str]
    start: int
    end: int


def _letter(rules: VoteRules, printed: str) -> Optional[str]:
    if len(printed) == 1:
        return printed
    return rules.party_by_name.get(printed.casefold())


def _list(text: str, start: int, end: int, rules: VoteRules) -> list[Voter]:
    """Parties and persons inside a parenthesised list "(A, V og C)", "(A+V+C+N)"."""
    out = []
    for v in find_voters(text, start, end, rules, nested=False):
        if v.voter_type in ("party", "person"):
            out.append(v)
    return out


def _person(text: str, start: int, end: int, party: Optional[str], rules: VoteRules) -> Optional[Voter]:
    """Trim role and function words off a run of capitalised words; None when no name is left."""
    words = [(m.start() + start, m.end() + start, m.group(0)) for m in _WORD.finditer(text[start:end])]

    def bad(w: str) -> bool:
        f = w.casefold().rstrip(".,")
        return f in rules.not_names or f in rules.roles or f.endswith(rules.not_name_suffixes)

    while words and bad(words[0][2]):
        words.pop(0)
    while words and bad(words[-1][2]):
        words.pop()
    if not words or any(bad(w[2]) for w in words):
        return None
    if len(words) < 2 and party is None:
        return None
    if all(len(w[2].rstrip(".")) == 1 for w in words):
        return None
    s, e = words[0][0], words[-1][1]
    return Voter(text[s:e], "person", party, s, e)


def find_voters(text: str, start: int, end: int, rules: VoteRules, *, nested: bool = True) -> list[Voter]:
    """Every voter named in ``text[start:end]``, in order."""
    out: list[Voter] = []
    for m in rules.voter.finditer(text, start, end):
        if m.group("group") is not None:
            inner = _list(text, m.start("plist"), m.end("plist"), rules) if m.group("plist") and nested else []
            if inner:
                out.extend(inner)
            else:
                out.append(Voter(m.group("group"), "group", None, m.start("group"), m.end("group")))
        elif m.group("party") is not None:
            printed = m.group("party")
            out.append(Voter(printed, "party", m.group("pparty") or _letter(rules, printed), m.start("party"), m.end("party")))
        elif m.group("person") is not None:
            p = _person(text, m.start("person"), m.end("person"), m.group("pperson"), rules)
            if p is not None:
                out.append(p)
        elif m.group("plist2") is not None:
            if nested:
                out.extend(_list(text, m.start("plist2"), m.end("plist2"), rules))
        elif m.group("letter") is not None:
            s = m.start("letter")
            if m.group("letter") == "I" and re.match(r"\s+alt\b", text[m.end():m.end() + 6], re.IGNORECASE):
                continue
            out.append(Voter(m.group("letter"), "party", m.group("letter"), s, s + 1))
    return out
