"""Lines of a text with their offsets, page furniture and contents-list lines.

Pure functions over text; the rules come from :mod:`.rules`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .rules import SegmentRules, norm_word


@dataclass(frozen=True)
class Line:
    """One line of the input: ``text[start:end] == raw``; ``plain`` has markup stripped."""

    start: int
    end: int
    raw: str
    plain: str  # markup stripped, whitespace collapsed
    markdown: bool
    glued: bool = False  # begins inside a printed line, with no line break before it (see split_lines)


def split_lines(text: str, rules: SegmentRules) -> list[Line]:
    """Every line of ``text`` (split at ``\\n``) with offsets and a markup-free form; a list entry
    glued to the heading after it ("3. Eventuelt1. Godkendelse …") is two lines, the second
    starting where the heading's number does (no character between them)."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        cut = _glued_restart(raw, rules)
        pieces = [(pos, raw)] if cut is None else [(pos, raw[:cut]), (pos + cut, raw[cut:])]
        for k, (start, piece) in enumerate(pieces):
            stripped = piece.strip()
            plain = rules.markup.sub("", stripped) if stripped else ""
            plain = re.sub(r"\s+", " ", plain).strip()
            out.append(Line(start, start + len(piece), piece, plain, stripped.startswith("#"), k > 0))
        pos += len(raw) + 1
    return out


def _glued_restart(raw: str, rules: SegmentRules) -> Optional[int]:
    """Where a printed line holds two: a numbered entry running on into a heading whose number is
    lower (the list ended and the items begin), or a heading with a section word glued to its end
    (a web page's tab label); None when it is one line."""
    m = rules.list_glued_heading.match(raw)
    if m is not None and int(m.group("b")) < int(m.group("a")):
        return m.start("b")
    tab = _GLUED_SECTION.search(raw)  # "1. Meddelelser fra formandenReferat"
    return tab.start(1) if tab is not None else None


_GLUED_SECTION = re.compile(r"[a-zæøå](Referat|Beslutning|Sagsfremstilling|Indstilling)\s*$")


def furniture(lines: list[Line], rules: SegmentRules, is_section: "callable[[str], bool]") -> set[int]:
    """Indices of page furniture: page numbers, navigation lines, short repeated lines with a digit."""
    counts: dict[str, int] = {}
    for ln in lines:
        if ln.plain and len(ln.plain) <= 100:
            counts[ln.plain] = counts.get(ln.plain, 0) + 1
    skip: set[int] = set()
    for i, ln in enumerate(lines):
        if not ln.plain:
            continue
        if rules.page_line.match(ln.plain) or rules.navigation_line.match(ln.plain):
            skip.add(i)
        elif (
            counts.get(ln.plain, 0) >= rules.repeated_min
            and re.search(r"\d", ln.plain)
            and not is_section(ln.plain)
            and not rules.toc_line.search(ln.raw)
            and not rules.repeat_keep.match(ln.plain)
        ):
            skip.add(i)
    return skip | _running_headers(lines, rules)


_PAGE_START = re.compile(r"^(\d{1,3})\s+(\S.{0,200})")
_HEADER_WORDS = 4  # a running header left on a line of its own is at most this many words


def _running_headers(lines: list[Line], rules: SegmentRules) -> set[int]:
    """Short lines "<page> <running header>" of a PDF transcript that prints each page as one line
    ("2 Referat Indholdsfortegnelse …", "3 Referat 13 Title …", then "4 Referat" cut off from its
    heading): the words after the page number are the start of at least three page lines with
    different numbers, one of them a flattened page."""
    starts: list[tuple[int, str, list[str]]] = []
    for i, ln in enumerate(lines):
        m = _PAGE_START.match(ln.plain) if ln.plain and (i == 0 or not lines[i - 1].plain) else None
        if m is not None:
            starts.append((i, m.group(1), m.group(2).split()))
    # page numbers and whether a flattened page is among them, per run of 1-4 leading words
    numbers: dict[tuple[str, ...], set[str]] = {}
    flattened: set[tuple[str, ...]] = set()
    for i, number, words in starts:
        for k in range(1, min(len(words), _HEADER_WORDS) + 1):
            numbers.setdefault(tuple(words[:k]), set()).add(number)
            if len(lines[i].plain) > rules.flattened_min:
                flattened.add(tuple(words[:k]))
    return {i for i, _, words in starts
            if len(words) <= _HEADER_WORDS and len(lines[i].plain) <= 60
            and len(numbers[tuple(words)]) >= 3 and tuple(words) in flattened}


def toc_lines(lines: list[Line], rules: SegmentRules) -> set[int]:
    """Lines of a contents list with page numbers (dot leaders, tabs, a trailing page number)."""
    toc: set[int] = set()
    for i, ln in enumerate(lines):
        if ln.plain and rules.toc_line.search(ln.raw.rstrip()):
            toc.add(i)
    return toc


def is_toc_title(plain: str, rules: SegmentRules) -> bool:
    """True for a contents-list heading line ("Indholdsfortegnelse", "PUNKTER")."""
    return len(plain) < 40 and norm_word(plain) in rules.toc_titles


def unflatten(text: str, rules: SegmentRules) -> str:
    """A view of ``text`` of the same length in which flattened PDF pages are broken into lines.

    ``line_breaks`` apply to every line, ``flattened_breaks`` only to lines longer than
    ``flattened_line_min``; each whitespace character captured by such a pattern (before a section
    word, a case-number label, "Punkt N", a page marker …) becomes ``\\n``. Offsets into the view
    are offsets into ``text``.
    """
    chars = list(text)
    pos = 0
    for raw in text.split("\n"):
        regexes = rules.line_breaks + (rules.flattened_breaks if len(raw) > rules.flattened_min else ())
        for regex in regexes:
            for m in regex.finditer(raw):
                if m.start(1) >= 0:
                    chars[pos + m.start(1)] = "\n"
        pos += len(raw) + 1
    return "".join(chars)


def next_nonblank(lines: list[Line], i: int, skip: set[int], limit: int = 4) -> list[int]:
    """Indices of up to ``limit`` non-blank lines after line ``i`` (furniture in ``skip`` left out)."""
    out: list[int] = []
    j = i + 1
    while j < len(lines) and len(out) < limit:
        if lines[j].plain and j not in skip:
            out.append(j)
        j += 1
    return out


def prev_nonblank(lines: list[Line], i: int, skip: set[int]) -> Optional[int]:
    """Index of the nearest non-blank line before line ``i`` (not in ``skip``), or None."""
    j = i - 1
    while j >= 0:
        if lines[j].plain and j not in skip:
            return j
        j -= 1
    return None
