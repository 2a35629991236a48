"""Agenda segmentation: one decision over the whole document.

1. :mod:`.lines` splits the text into lines and marks page furniture and contents-list lines.
2. :mod:`.candidates` proposes every line that could open an item, of every heading shape
   (:mod:`.shapes`, patterns in ``resources/headings.json``); :mod:`.evidence` scores each by local
   evidence (shape, blank line before, a case-number line or section near it, a title that reads
   like a sentence, a table row or a page heading, a list it belongs to, the contents list).
3. :mod:`.decode` chooses the sequence jointly (numbers increase, one kind of heading, each item's
   stretch holds sections and content).
4. :mod:`.sections` reads each chosen item's title and sections; with several decision sections the
   meeting's own is marked (the others are earlier decisions quoted in the item's history).

A page that holds one unnumbered item (its sections but no numbered heading) yields that item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .candidates import Candidate, generate, number_key, title_like
from .decode import Stretches, choose, is_group
from .lines import Line, furniture, split_lines, toc_lines, unflatten
from .rules import RulesError, SegmentRules, load_rules, packaged_rules_data, rules_from_dict
from .cells import cell_view
from .sections import (SectionSpan, inline_section, names_other_body, section_label, sections_of, title_of,
                       with_head)

__all__ = [
    "ItemSpan", "RulesError", "SectionSpan", "SegmentRules", "Segmentation", "load_rules",
    "number_key", "packaged_rules_data", "rules_from_dict", "section_label", "segment",
]


@dataclass(frozen=True)
class ItemSpan:
    """An agenda item: ``text[start:end]`` from its heading line to the next item."""

    number: str
    title: str
    start: int
    end: int
    title_start: int
    title_end: int
    sections: tuple[SectionSpan, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Segmentation:
    """All items of a text, and the shape of heading that was chosen most."""

    items: tuple[ItemSpan, ...]
    style: Optional[str]

    @property
    def body_start(self) -> int:
        """Offset of the first item heading, or -1 when there are no items."""
        return self.items[0].start if self.items else -1

    def window(self, start: int, end: int, delta: int) -> "Segmentation":
        """The items that start in ``[start, end)``, clipped at ``end`` and moved by ``delta``: the
        segmentation of a piece of the text (``piece[x + delta] == text[x]``)."""
        return Segmentation(tuple(_moved(i, end, delta) for i in self.items if start <= i.start < end), self.style)


def _moved(item: ItemSpan, end: int, delta: int) -> ItemSpan:
    sections = tuple(
        SectionSpan(s.label, s.start + delta, min(s.end, end) + delta, s.heading_start + delta, s.heading)
        for s in item.sections if s.start < end)
    return ItemSpan(item.number, item.title, item.start + delta, min(item.end, end) + delta,
                    min(item.title_start, end) + delta, min(item.title_end, end) + delta, sections)


def segment(text: str, rules: Optional[SegmentRules] = None) -> Segmentation:
    """Find agenda items and their sections in ``text``."""
    rules = rules or load_rules()
    if not text.strip():
        return Segmentation((), None)
    text = cell_view(unflatten(text, rules), rules)  # same length: offsets hold for the input
    lines = split_lines(text, rules)
    skip = furniture(lines, rules, lambda p: section_label(p, rules) is not None)
    toc = toc_lines(lines, rules)
    section_lines = {i for i, ln in enumerate(lines) if ln.plain and i not in skip
                     and (section_label(ln.plain, rules) or inline_section(ln.plain, rules))}
    cands = generate(lines, skip, toc, rules)
    chosen = _earliest_echo(choose(cands, len(lines), Stretches(lines, section_lines, skip), rules), cands, lines)
    if not chosen:
        single = _single_item(text, lines, skip, section_lines, rules)
        return Segmentation((single,) if single else (), "single" if single else None)
    st = Stretches(lines, section_lines, skip)
    items = [_item(text, lines, c, chosen[k + 1].first_line if k + 1 < len(chosen) else len(lines), rules, skip)
             for k, c in enumerate(chosen)
             if not (k + 1 < len(chosen) and is_group(c, chosen[k + 1], st))]
    shapes = [c.shape for c in chosen]
    return Segmentation(tuple(items), max(set(shapes), key=shapes.count))


def _earliest_echo(chosen: list[Candidate], cands: list[Candidate], lines: list[Line]) -> list[Candidate]:
    """A heading printed twice in a row ("• Pkt. 3 Title", then "Pkt. 3" and the title) starts at the first."""
    by_line = {c.line: k for k, c in enumerate(cands)}
    out = []
    for c in chosen:
        k = by_line[c.line]
        while k > 0:
            prev = cands[k - 1]
            gap = [ln for ln in lines[prev.line + 1 : c.first_line] if ln.plain and not _ATTACHMENT.search(ln.plain)]
            if not (c.key and prev.key == c.key and prev.title and not gap
                    and _same_title(prev.title, c.title or _line_after(lines, c.line))):
                break
            c = prev
            k -= 1
        out.append(c)
    return out


_ATTACHMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|odt)$", re.IGNORECASE)  # "Bilag_1.pdf" between the echoes


def _line_after(lines: list[Line], i: int) -> str:
    return next((ln.plain for ln in lines[i + 1 : i + 4] if ln.plain), "")


def _same_title(a: str, b: str) -> bool:
    a, b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def _item(text: str, lines: list[Line], c: Candidate, nxt: int, rules: SegmentRules, skip: set[int]) -> ItemSpan:
    ln = lines[c.line]
    first = lines[c.title_line] if c.title_line >= 0 else ln
    start = first.start + (len(first.raw) - len(first.raw.lstrip()))
    end = lines[nxt].start if nxt < len(lines) else len(text)
    if c.title_line >= 0:  # the title stands on the line above the number
        t_start, t_end = start, first.start + len(first.raw.rstrip())
        title = first.plain
    else:
        title, t_start, t_end = title_of(lines, c.line, c.title, nxt, rules, skip, c.title_offset)
    sections = sections_of(text, lines, c.line, nxt, end, rules, skip)
    return ItemSpan(c.number, title, start, end, t_start, t_end, with_head(text, ln.end, t_end, end, sections))


_DATE_LINE = re.compile(r"\b\d{1,2}\.?\s*(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-z]*\.?\s+\d{4}\b"
                        r"|\b\d{1,2}[-./]\d{1,2}[-./]\d{2,4}\b", re.IGNORECASE)


def _single_title(lines: list[Line], first: int, skip: set[int], rules: SegmentRules) -> tuple[Optional[int], Optional[int]]:
    """(title line, case-number line) of a page's one item: the first title-like line after the
    page's header fields (label lines, dates, page headings) and before its first section."""
    start, case_line = 0, None
    for j in range(first):
        plain = lines[j].plain
        if not plain or j in skip:
            continue
        if rules.case_line.match(plain):
            case_line = j if case_line is None else case_line
        elif len(plain) <= 80 and (":" in plain[:30] or _DATE_LINE.search(plain) or rules.title_furniture.search(plain)):
            start = j + 1  # header fields stand above the item
    if case_line is not None:  # the title stands right above the case number, or there is none
        above = [j for j in range(max(start, case_line - 3), case_line) if lines[j].plain and j not in skip]
        return (above[-1] if above and title_like(lines[above[-1]].plain, rules) else None), case_line
    for j in range(start, first):
        if lines[j].plain and j not in skip and title_like(lines[j].plain, rules):
            return j, None
    return None, None


def _single_item(text: str, lines: list[Line], skip: set[int], section_lines: set[int],
                 rules: SegmentRules) -> Optional[ItemSpan]:
    """One unnumbered item: the title line before the first decision or recommendation section."""
    kinds = [section_label(lines[i].plain, rules) or (inline_section(lines[i].plain, rules) or ("",))[0]
             for i in sorted(section_lines)]
    own = [i for i, kind in zip(sorted(section_lines), kinds)
           if kind == "BESLUTNING" and not names_other_body(lines[i].plain, rules)]
    if len(own) > 1 or (not kinds.count("BESLUTNING") and kinds.count("INDSTILLING") != 1):
        return None  # several decisions without item headings: items we cannot delimit
    first = min(section_lines)
    title_line, case_line = _single_title(lines, first, skip, rules)
    if title_line is None and case_line is None:
        return None
    ln = lines[title_line if title_line is not None else case_line]
    lead = len(ln.raw) - len(ln.raw.lstrip())
    t_start, t_end = ln.start + lead, ln.start + len(ln.raw.rstrip())
    if title_line is None:  # no title printed: the case number stands for it
        value = re.search(r"[\w.-]*\d[\w./-]*", ln.raw[ln.raw.find(":") + 1:] if ":" in ln.raw else ln.raw)
        if value is None:
            return None
        offset = ln.raw.find(":") + 1 if ":" in ln.raw else 0
        t_start, t_end = ln.start + offset + value.start(), ln.start + offset + value.end()
        title_line = case_line
    sections = sections_of(text, lines, title_line, len(lines), len(text), rules, skip)
    return ItemSpan("", text[t_start:t_end], t_start, len(text), t_start, t_end,
                    with_head(text, ln.end, t_end, len(text), sections))
