"""Person lists of the header: "Anna Berg (A), formand, Bo Lund (V) (Afbud)" → `PersonEntry`s."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from .rules import DECOR, HeaderRules, PersonEntry, load_rules

__all__ = ["parse_person_list", "parse_list"]

_NAME_TOKEN_RE = re.compile(
    r"[A-ZÆØÅÉÜÖÄ](?:\.|[a-zæøåéüöäáèíóúñç'’]+(?:[A-ZÆØÅ][a-zæøåéüöä]+)?"
    r"(?:-[A-ZÆØÅa-zæøå][a-zæøåéüöäáèíóú'’]+)*)?"
)
_OG_RE = re.compile(r"\s+(?:og|samt|&)\s+(?=[A-ZÆØÅ])")
_PARTICLE_RE = re.compile(r"([a-zæøå]+)[ \t]+")
_WS_RE = re.compile(r"[ \t]+")
_PAREN_RE = re.compile(r"[ \t]*\(([^()\n]*)\)")


def _split_top_level(text: str) -> list[tuple[int, int]]:
    """Split at , ; newline tab and " og "/" samt " (before a capital) outside parentheses."""
    parts: list[tuple[int, int]] = []
    depth, start, i, n = 0, 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            if ch in ",;\n\t":
                parts.append((start, i))
                start = i + 1
            else:
                m = _OG_RE.match(text, i) if ch.isspace() else None
                if m and (i == 0 or text[i - 1] != "-"):
                    parts.append((start, i))
                    start = i = m.end()
                    continue
        i += 1
    parts.append((start, n))
    return parts


def _norm_role(text: str, rules: HeaderRules) -> Optional[str]:
    role = " ".join(text.split()).strip(" ,.;:-–")
    if not role:
        return None
    if role.lower() in rules.words("roles"):
        return role.lower()
    return role


def _is_absent_marker(text: str, rules: HeaderRules) -> bool:
    return " ".join(text.lower().split()).strip(" .,;:-–") in rules.words("absent_markers")


def _is_affiliation(text: str, rules: HeaderRules) -> bool:
    words = rules.words("municipality_words") + ["KL", "Regionen", "Region"]
    alt = "|".join(re.escape(w) for w in words)
    return bool(re.fullmatch(rf"(?:[A-ZÆØÅ][\w-]*\s+)*(?:{alt})(?:\s+[A-ZÆØÅ]\w+)?", text.strip()))


def _scan_name(text: str, pos: int, end: int, rules: HeaderRules) -> list[tuple[int, int]]:
    """Name tokens starting at `pos`: capitalised words, initials, inner particles; stops at stop words."""
    stop = set(rules.words("name_stop"))
    particles = set(rules.words("name_particles"))
    tokens: list[tuple[int, int]] = []
    i = pos
    while True:
        j = i
        while True:  # particles ("von", "de") only between capitalised tokens
            pm = _PARTICLE_RE.match(text, j, end) if tokens else None
            if pm and pm.group(1) in particles:
                j = pm.end()
            else:
                break
        m = _NAME_TOKEN_RE.match(text, j, end)
        if not m or text[m.start():m.end()].rstrip(".") in stop or len(tokens) >= 6:
            break
        if m.end() < end and (text[m.end()].isalnum() or text[m.end()] in "_"):
            break  # "KKR", "SF2": not a name token
        tokens.append(m.span())
        ws = _WS_RE.match(text, m.end(), end)
        if not ws:
            break
        i = ws.end()
    return tokens


def _parse_entry(text: str, start: int, end: int, rules: HeaderRules) -> Optional[PersonEntry]:
    """One list entry text[start:end] → a person, or None when it is not "[role] Name [(…)] [rest]"."""
    seg = text[start:end]
    lead = re.match(rf"\s*(?:[-*•–·][ \t]+)?{DECOR}?\s*", seg)
    pos = start + (lead.end() if lead else 0)
    role: Optional[str] = None
    roles = rules.words("roles")
    rm = re.match(
        r"(" + "|".join(re.escape(r) for r in sorted(roles, key=len, reverse=True)) + r")[ \t]*:?[ \t]+",
        text[pos:end], re.IGNORECASE,
    ) if roles else None
    if rm and text[pos].isupper():
        role = rm.group(1).lower()
        pos += rm.end()
    tokens = _scan_name(text, pos, end, rules)
    if not tokens:
        return None
    name_start, name_end = tokens[0][0], tokens[-1][1]
    party: Optional[str] = None
    absent = False
    i = name_end
    party_re = rules.pattern("party_pattern", 0)
    while True:
        pm = _PAREN_RE.match(text, i, end)
        if not pm:
            break
        inner = pm.group(1).strip()
        if party is None and party_re.match(inner):
            party = inner
        elif _is_absent_marker(inner, rules):
            absent = True
        elif inner and not re.search(r"\d|\bkl\b|\bpkt\b|\bpunkt", inner, re.IGNORECASE):
            role = role or _norm_role(inner, rules)
        i = pm.end()
    rest = text[i:end].strip().strip("*").strip()
    rest = rest.rstrip(".;:,").strip()
    if rest:
        if re.match(r"(?:Kommune|KOMMUNE|Kommunes)\b", rest) and len(tokens) >= 3 and party is None:
            tokens = tokens[:-1]
            name_end = tokens[-1][1]
        elif _is_affiliation(rest, rules):
            pass
        else:
            dm = re.match(r"[-–:][ \t]*(.*)$", rest)
            tail = dm.group(1) if dm else rest
            if _is_absent_marker(tail, rules):
                absent = True
            elif dm or tail.lower().split()[0] in roles or tail.split()[0] in ("for", "som", "i"):
                role = role or _norm_role(tail, rules)
            else:
                return None
    if len(tokens) > 6 or (len(tokens) < 2 and party is None):
        return None
    return PersonEntry(name_start, name_end, text[name_start:name_end], party, role, absent)


def parse_list(text: str, start: int, end: int, rules: HeaderRules) -> tuple[list[PersonEntry], int]:
    """Persons in text[start:end] and the number of entries that were neither person nor note."""
    persons: list[PersonEntry] = []
    rejected = 0
    roles = rules.words("roles")
    for s, e in _split_top_level(text[start:end]):
        s, e = s + start, e + start
        piece = text[s:e].strip().strip("*").strip().rstrip(".")
        if not piece:
            continue
        entry = _parse_entry(text, s, e, rules)
        if entry is not None:
            persons.append(entry)
            continue
        if persons and _is_absent_marker(piece, rules):
            persons[-1] = replace(persons[-1], absent=True)
        elif persons and piece.split()[0].lower() in roles and piece[0].islower():
            if persons[-1].role is None:
                persons[-1] = replace(persons[-1], role=_norm_role(piece, rules))
        elif persons and _is_affiliation(piece, rules):
            pass
        else:
            rejected += 1
    return persons, rejected


def parse_person_list(text: str, offset: int = 0, rules: Optional[HeaderRules] = None) -> list[PersonEntry]:
    """Persons in a list such as "Anna Berg (A), formand, Bo Lund (V) (Afbud)"; offsets + `offset`."""
    if not isinstance(text, str) or not text.strip():
        return []
    rules = rules or load_rules()
    persons, _ = parse_list(text, 0, len(text), rules)
    return [replace(p, start=p.start + offset, end=p.end + offset) for p in persons]


