"""Heading shapes: which shape a line has, its number and title, and the candidate record."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .lines import Line
from .rules import SegmentRules


@dataclass
class Candidate:
    """One possible item heading at line ``line``."""

    line: int
    number: str  # "" when the heading prints none
    key: tuple[int, ...]
    shape: str
    kind: str  # shape + prefix word: headings of one kind tend to make up a document
    title: str
    title_offset: int  # offset of the title inside the raw line, -1 when the title is on later lines
    closed: bool
    score: float = 0.0
    list_like: bool = False
    title_line: int = -1  # the line above holds the title ("Title" then "Punkt 3")
    tail: int = 0  # characters after the title on the heading line (a flattened page runs on)
    toc: bool = False  # the line ends in a page number, as contents-list lines do

    @property
    def first_line(self) -> int:
        """The item's first line: its title line when that stands above the number."""
        return self.title_line if self.title_line >= 0 else self.line


_YEARS = range(1900, 2101)
_MAX_HEADING = 300  # a heading is matched on a line's first characters (flattened PDF pages run on)


def clip_title(title: str, rules: SegmentRules) -> str:
    """The title without what runs on after it on a flattened line (case-number labels, long tails)."""
    title = rules.title_stop.sub("", title).strip() or title.strip()
    if len(title) > 150:
        cut = title.rfind(" ", 0, 150)
        title = title[: cut if cut > 40 else 150].rstrip(" ,;:-")
    return title


def number_key(number: str) -> tuple[int, ...]:
    """(3,) for "3", (3, 1) for "3.1"; () when there is no number."""
    return tuple(int(p) for p in number.split(".") if p)


def match_shape(ln: Line, rules: SegmentRules) -> Optional[tuple[str, re.Match[str], str]]:
    """The first heading shape matching the line: (shape, match, the text it was matched on)."""
    plain = ln.plain
    glued = rules.toc_glued.match(plain)
    if glued:  # "Indholdsfortegnelse1. Title": a contents heading glued to its first entry
        plain = plain[glued.end():]
    for shape in rules.shapes:
        if shape.markdown_only and not ln.markdown:
            continue
        m = shape.pattern.match(plain[:_MAX_HEADING])
        if not m:
            continue
        number = m.groupdict().get("number") or ""
        if number and shape.exclude_years and "." not in number and int(number) in _YEARS:
            continue
        if number and not any(int(p) for p in number.split(".")):
            continue
        return shape.name, m, plain
    return None
