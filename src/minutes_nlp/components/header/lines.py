"""Lines of the header region and the small text helpers the header modules share."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .rules import HeaderRules

__all__ = ["Line", "split_lines", "is_toc", "strip_value", "label_at", "value_end", "table_cells",
           "next_content_line", "plain_text"]

_TOC_RE = re.compile(r"(?:\.{3,}|…+|\t)\s*(?:<[^>]+>\s*)*\d{1,3}\s*(?:<[^>]+>\s*)*$")
_TABLE_SEP_RE = re.compile(r"^[\s|:+-]*$")


@dataclass(frozen=True)
class Line:
    """One line of the source: text == source[start:end] (no newline)."""

    start: int
    end: int
    text: str


def split_lines(text: str, start: int, end: int) -> list[Line]:
    """The lines of text[start:end] with their offsets."""
    out, pos = [], start
    for raw in text[start:end].split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def is_toc(line: str) -> bool:
    """A table-of-contents line ("Budget ..... 3") or the contents heading."""
    stripped = line.strip()
    return bool(_TOC_RE.search(stripped)) or stripped.lower().strip("#* ") in ("indholdsfortegnelse",)


def plain_text(line: str) -> str:
    """A line without leading markdown/HTML decoration and surrounding whitespace."""
    return re.sub(r"^(?:[#*_ \t]|<b>|<strong>)+|(?:[*_ \t]|</b>|</strong>)+$", "", line)


def strip_value(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, table pipes, markdown/HTML emphasis and trailing punctuation from text[start:end]."""
    while True:
        old = (start, end)
        while start < end and text[start] in " \t\r*_|":
            start += 1
        while end > start and text[end - 1] in " \t\r*_.,;:|":
            end -= 1
        for tag in ("<b>", "<strong>"):
            if text.startswith(tag, start):
                start += len(tag)
        for tag in ("</b>", "</strong>"):
            if text[start:end].endswith(tag):
                end -= len(tag)
        if (start, end) == old:
            return start, end


def label_at(rules: HeaderRules, line: str) -> Optional[re.Match[str]]:
    """The label at the start of `line` (capitalised, or followed by a colon or tab), or None."""
    m = rules.line_label_re.match(line)
    if not m:
        return None
    first = m.group("label")[0]
    return m if first.isupper() or m.group("colon") or m.group("tab") else None


def value_end(text: str, s: int, e: int, rules: HeaderRules) -> int:
    """End of a field value: the line end, or the start of the next "Label:" inside the line."""
    for m in rules.inline_label_re.finditer(text, s, e):
        if m.group("label")[0].isupper():
            return m.start()
    return e


def table_cells(line: Line) -> Optional[list[tuple[int, int]]]:
    """The cells (absolute offsets, untrimmed) of a pipe-table row "| a | b |", or None for other lines
    (a separator row "|---|---|" gives [])."""
    raw = line.text
    if not raw.lstrip().startswith("|") or raw.count("|") < 2:
        return None
    if _TABLE_SEP_RE.match(raw):
        return []
    cells: list[tuple[int, int]] = []
    pos = raw.index("|") + 1
    while True:
        nxt = raw.find("|", pos)
        if nxt < 0:
            if raw[pos:].strip():
                cells.append((line.start + pos, line.end))
            return cells
        cells.append((line.start + pos, line.start + nxt))
        pos = nxt + 1


def next_content_line(lines: list[Line], i: int, limit: int = 2) -> Optional[int]:
    """Index of the first non-blank line after line i, at most `limit` lines on, or None."""
    j = i + 1
    while j < len(lines) and not lines[j].text.strip():
        j += 1
    return j if j < len(lines) and j <= i + limit else None
