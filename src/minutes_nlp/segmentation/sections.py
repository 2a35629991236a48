"""Sections inside an item (Indstilling, Beslutning …), item titles, and decision histories."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Optional

from ..labels import Section
from .lines import Line
from ..rule_models import month_words
from .rules import SegmentRules, norm_word


@dataclass(frozen=True)
class SectionSpan:
    """A section body: ``text[start:end]``; ``heading_start`` is where its heading line begins."""

    label: str
    start: int
    end: int
    heading_start: int
    heading: str


def section_label(plain: str, rules: SegmentRules) -> Optional[str]:
    """The section label of a heading line (markup already stripped), or None."""
    return _section_label(plain, id(rules), rules)


def _section_label(plain: str, key: int, rules: SegmentRules) -> Optional[str]:
    holder = _CACHE.get(key)
    if holder is None or holder[0] is not rules:
        holder = _CACHE[key] = (rules, {})
    cache = holder[1]
    if plain in cache:
        return cache[plain]
    label = _compute_label(plain, rules)
    if len(cache) < 100_000:
        cache[plain] = label
    return label


_CACHE: dict[int, tuple[SegmentRules, dict[str, Optional[str]]]] = {}


def _compute_label(plain: str, rules: SegmentRules) -> Optional[str]:
    if not plain or len(plain) > 120:
        return None
    word = norm_word(plain)
    if word in rules.section_words:
        return rules.section_words[word]
    if 10 <= len(word) <= 40 and " " not in word and not word.endswith("."):
        close = difflib.get_close_matches(word, rules.fuzzy_words, n=1, cutoff=0.88)
        if close:  # typos in real minutes: "Sagsbegrivelse"
            return rules.section_words[close[0]]
    if len(plain) <= 110 and not rules.not_decision_heading.match(plain):
        for pattern in rules.decision_heading:
            if pattern.match(plain):
                return Section.DECISION.value
    if len(plain) <= 80 and rules.recommendation_heading.match(plain):
        return Section.RECOMMENDATION.value
    return None


def inline_section(plain: str, rules: SegmentRules) -> Optional[tuple[str, str]]:
    """``(label, body)`` for a heading followed on its line by its text ("Beslutning: Godkendt.")."""
    for regex in (rules.section_inline_re, rules.section_glued_re, _SPACED):
        m = regex.match(plain)
        if m:
            label = rules.section_words.get(norm_word(m.group(1)))
            if label in rules.inline_sections:
                return label, m.group(2)
    return None


# "Beslutning Tilbagesendes forvaltningen med …": a one-word heading, one space, then a sentence
_SPACED = re.compile(r"^(\w+)\s+(?=[A-ZÆØÅ][a-zæøå]+\s)(\S.{30,})$")


_TRAILING_CASE = re.compile(r"\s*\((?:sagsnr\.?\s*)?[\w./-]*\d{2}[\w./-]*\)\s*$", re.IGNORECASE)


def title_of(lines: list[Line], idx: int, title: str, stop: int, rules: SegmentRules, skip: set[int],
             title_offset: int = -1) -> tuple[str, int, int]:
    """The item's title, its start and end: on the heading line, else the next lines (up to three)."""
    ln = lines[idx]
    if title:
        clean = _TRAILING_CASE.sub("", title).strip() or title.strip()
        if title_offset >= 0:
            start = ln.start + title_offset
        else:
            pos = ln.raw.find(clean[: max(1, min(len(clean), 20))])
            start = ln.start + (pos if pos >= 0 else 0)
        end = start + len(clean) if ln.raw[start - ln.start:].startswith(clean) else len(ln.raw.rstrip()) + ln.start
        return clean, start, max(start, min(end, ln.end))
    parts: list[str] = []
    t_start = t_end = -1
    for j in range(idx + 1, min(stop, idx + 8)):
        nl = lines[j]
        if j in skip:
            continue
        if not nl.plain:
            if parts:
                break
            continue
        if (section_label(nl.plain, rules) or rules.case_line.match(nl.plain)
                or re.match(r"^[\w./-]*\d[\w./-]*$", nl.plain) or len(parts) >= 3):
            break
        parts.append(nl.plain)
        if t_start < 0:
            t_start = nl.start + (len(nl.raw) - len(nl.raw.lstrip()))
        t_end = nl.start + len(nl.raw.rstrip())
    if not parts:
        return "", ln.end, ln.end
    return re.sub(r"\s+", " ", " ".join(parts)).strip(), t_start, t_end


def sections_of(text: str, lines: list[Line], first: int, stop: int, item_end: int, rules: SegmentRules,
                skip: set[int]) -> tuple[SectionSpan, ...]:
    """The sections of the item whose heading is line ``first`` and which ends before line ``stop``."""
    heads: list[tuple[int, str, int, str]] = []  # (line index, label, body start, heading text)
    for j in range(first + 1, stop):
        ln = lines[j]
        if j in skip or not ln.plain:
            continue
        label = section_label(ln.plain, rules)
        if not label and heads and heads[-1][1] == "BESLUTNING" and rules.history_entry.match(ln.plain):
            label = "BESLUTNING"  # the next body's decision in the item's history
        if label:
            heads.append((j, label, ln.end, ln.plain))
            continue
        inline = inline_section(ln.plain, rules)
        if inline:
            label, body = inline
            pos = ln.raw.rfind(body[:20]) if body else -1
            heads.append((j, label, ln.start + pos if pos >= 0 else ln.end, ln.plain))
    out: list[SectionSpan] = []
    for k, (j, label, body_start, heading) in enumerate(heads):
        stop_line = heads[k + 1][0] if k + 1 < len(heads) else stop
        end = lines[stop_line].start if k + 1 < len(heads) else item_end
        while stop_line - 1 > j and (stop_line - 1 in skip or not lines[stop_line - 1].plain):
            stop_line -= 1  # trailing page furniture ("Til toppen", page numbers) is not section text
        if stop_line - 1 > j:
            end = min(end, lines[stop_line - 1].end)
        seg = text[body_start:end]
        body_end = body_start + len(seg.rstrip())
        lead = len(seg) - len(seg.lstrip())
        b_start = min(body_start + lead, body_end)
        out.append(SectionSpan(label, b_start, body_end, lines[j].start, heading))
    return mark_earlier_decisions(out, rules)


_DATE_IN_HEADING = re.compile(r"(\d{1,4})[.\-/ ]\s*(\d{1,2}|[a-zæøå]+)\.?[.\-/ ]\s*(\d{2,4})", re.IGNORECASE)


def heading_date(heading: str) -> tuple[int, int, int]:
    """(year, month, day) of the first date in a decision heading, or zeros."""
    m = _DATE_IN_HEADING.search(heading)
    if not m:
        return (0, 0, 0)
    a, b, c = m.groups()
    months = month_words().months  # the one home of month names: resources/months.json
    month = int(b) if b.isdigit() else months.get(b.lower().rstrip("."), months.get(b[:3].lower(), 0))
    if len(a) == 4:
        return (int(a), month, int(c))
    year = int(c) + (2000 if len(c) == 2 else 0)
    return (year, month, int(a))


def names_other_body(heading: str, rules: SegmentRules) -> bool:
    """True when a decision heading names a body or a date ("Beslutning i Byrådet den …")."""
    for pattern in rules.decision_heading:
        m = pattern.match(heading)
        if m:
            groups = m.groupdict()
            prefix = (groups.get("prefix") or "").strip().lower()
            return bool(groups.get("body") or groups.get("date") or (prefix and prefix != "udvalget"))
    return False


def mark_earlier_decisions(sections: list[SectionSpan], rules: SegmentRules) -> tuple[SectionSpan, ...]:
    """With several decision sections, the meeting's own is the one naming no body, else the latest."""
    decisions = [k for k, s in enumerate(sections) if s.label == Section.DECISION.value]
    if len(decisions) <= 1:
        return tuple(sections)
    plain = [k for k in decisions if not names_other_body(sections[k].heading, rules)]
    if plain:
        own = plain[0]
    else:
        own = max(decisions, key=lambda k: (heading_date(sections[k].heading), k))
    out = list(sections)
    for k in decisions:
        if k != own:
            s = out[k]
            out[k] = SectionSpan(Section.EARLIER_DECISION.value, s.start, s.end, s.heading_start, s.heading)
    return tuple(out)


def with_head(text: str, line_end: int, title_end: int, end: int, sections: tuple[SectionSpan, ...]) -> tuple[SectionSpan, ...]:
    """Prepend the item's head: the lines between heading/title and the first section heading."""
    start = max(line_end, title_end)
    stop = sections[0].heading_start if sections else end
    body = text[start:stop] if stop > start else ""
    lead = len(body) - len(body.lstrip())
    h_start, h_end = start + lead, start + len(body.rstrip())
    if h_end <= h_start:
        return sections
    return (SectionSpan(Section.HEAD.value, h_start, h_end, start, ""),) + sections
