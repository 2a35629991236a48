"""Layout text of PDF pages → running text: running headers and footers removed, two-column pages
read column by column, gaps as tabs, hyphenated words joined (steps 1-4 of :mod:`minutes_nlp.io.pdf`).

Pure functions over the page text that the sandboxed worker returns; the rules live in
``resources/pdf_rules.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from ..rule_models import PdfRules
from ..rules_contract import load

__all__ = ["assemble", "find_gutter", "join_hyphens", "order_columns", "strip_furniture"]


@dataclass(frozen=True)
class _Rules:
    page_number: re.Pattern[str]
    keep_words: frozenset[str]
    zone: int
    min_share: float
    inner_share: float
    gap: re.Pattern[str]
    column_min_lines: int
    column_left_fill: float
    column_min_right: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load("pdf_rules.json", PdfRules).data
    return _Rules(
        page_number=re.compile(data["page_number"], re.IGNORECASE),
        keep_words=frozenset(w.lower() for w in data["hyphen_keep_words"]),
        zone=int(data["furniture_zone"]),
        min_share=float(data["furniture_min_share"]),
        inner_share=float(data["furniture_inner_share"]),
        gap=re.compile(" {%d,}" % int(data["gap_spaces"])),
        column_min_lines=int(data["column_min_lines"]),
        column_left_fill=float(data["column_left_fill"]),
        column_min_right=int(data["column_min_right_chars"]),
    )


# -- running headers and footers ----------------------------------------------------------------
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def _collapse(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _zone(lines: Sequence[str], size: int) -> list[tuple[int, tuple[str, int]]]:
    """The first and last ``size`` non-empty lines as (index, (side, position from that edge))."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    top = [(i, ("top", j)) for j, i in enumerate(filled[:size])]
    bottom = [(i, ("bottom", j)) for j, i in enumerate(reversed(filled[-size:]))]
    return top + bottom


def strip_furniture(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """Remove running headers/footers and page-number lines from each page's lines.

    Working inward from the top and from the bottom edge, a line is furniture while it is a bare
    page number or repeats at the same position on enough pages: on ``furniture_min_share`` of them
    (at least two; three in longer documents) for the outermost line, on ``furniture_inner_share``
    (at least three) further in. A repeat may differ in its numbers when one is the page number.
    """
    rules = _rules()
    zones = [_zone(p, rules.zone) for p in pages]
    exact: dict[tuple[tuple[str, int], str], int] = {}
    shaped: dict[tuple[tuple[str, int], str], int] = {}
    for page, zone in zip(pages, zones):
        for key in {(where, _collapse(page[i])) for i, where in zone}:
            exact[key] = exact.get(key, 0) + 1
        for key in {(where, _DIGITS.sub("#", _collapse(page[i]))) for i, where in zone}:
            shaped[key] = shaped.get(key, 0) + 1
    outer = max(2 if len(pages) < 4 else 3, int(len(pages) * rules.min_share + 0.999))
    inner = max(3, int(len(pages) * rules.inner_share + 0.999))
    out: list[list[str]] = []
    for number, (page, zone) in enumerate(zip(pages, zones), start=1):
        drop: set[int] = set()
        stopped: set[str] = set()
        for i, where in zone:  # top lines outward-in, then bottom lines outward-in
            side, depth = where
            if side in stopped:
                continue
            flat = _collapse(page[i])
            need = outer if depth == 0 else inner
            same = exact.get((where, flat), 0) >= need or (
                shaped.get((where, _DIGITS.sub("#", flat)), 0) >= need and str(number) in _DIGITS.findall(flat))
            if rules.page_number.match(flat) or same:
                drop.add(i)
            else:
                stopped.add(side)
        out.append([line for i, line in enumerate(page) if i not in drop])
    return out


# -- two-column reading order -------------------------------------------------------------------
def find_gutter(lines: Sequence[str]) -> Optional[int]:
    """The character column of a two-column gutter, or None for a one-column page."""
    rules = _rules()
    filled = [line.rstrip() for line in lines if line.strip()]
    if len(filled) < rules.column_min_lines:
        return None
    width = max(len(line) for line in filled)
    best: list[int] = []
    best_count = 0
    for p in range(max(3, int(width * 0.25)), int(width * 0.75) + 1):
        count = 0
        for line in filled:
            if line[p - 2:p + 1].strip():
                continue
            if len(line[p + 1:].strip()) >= rules.column_min_right:
                count += 1
        if count > best_count:
            best, best_count = [p], count
        elif count == best_count and count:
            best.append(p)
    if best_count < rules.column_min_lines:
        return None
    run = [p for p in best if p - best[0] == best.index(p)]  # first contiguous run of best positions
    gutter = run[-1] + 1  # the right column starts just after the gap
    starts = [len(line) - len(line[gutter:].lstrip()) for line in filled
              if not line[gutter - 3:gutter].strip() and line[gutter:].strip()]
    common = max(set(starts), key=starts.count)
    if starts.count(common) < 0.6 * len(starts):
        return None  # right-hand text does not share a left edge: a table or ragged text
    lefts = sorted(len(line[:common].rstrip()) for line in filled
                   if line[:common].strip() and len(line[common:].strip()) >= rules.column_min_right)
    if not lefts or lefts[(3 * len(lefts)) // 4] < rules.column_left_fill * common:
        return None  # short labels before aligned values (a "Tid / Sted" table), not a column
    return common


def _split_at(line: str, gutter: int) -> Optional[int]:
    """Where ``line`` splits into left and right column text, -1 for left-only, None if it crosses."""
    right = line[gutter - 2:].lstrip()
    if not right:
        return -1
    start = len(line) - len(right)
    if abs(start - gutter) > 2 or line[max(0, start - 2):start].strip():
        return None  # text not at the right column's edge (a TOC page number) or running across
    return start


def order_columns(lines: Sequence[str], gutter: Optional[int] = None) -> list[str]:
    """Reading order of one page's layout lines: each two-column band left column first.

    ``gutter`` (the right column's first character) is found on the page when not given.
    """
    if gutter is None:
        gutter = find_gutter(lines)
    if gutter is None:
        return list(lines)
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        cut = _split_at(line, gutter)
        if cut is None:  # a full-width line ends the band above it
            out += left + right + [line]
            left, right = [], []
        elif cut < 0:
            left.append(line.rstrip())
            right.append("")
        else:
            left.append(line[:cut].rstrip())
            right.append(line[cut:].strip())
    return out + left + right


def _tidy(line: str) -> str:
    rules = _rules()
    parts = [p.strip() for p in rules.gap.split(line.expandtabs(8).strip())]
    return "\t".join(" ".join(p.split()) for p in parts if p)


# -- hyphenation ---------------------------------------------------------------------------------
_BROKEN = re.compile(r"(?<![\s-])(\w)-$")
_NEXT_WORD = re.compile(r"^(\S+)\s*(.*)$")


def join_hyphens(lines: list[str]) -> list[str]:
    """Join words broken at a line end with a hyphen (blank lines between are skipped, as at a
    column or page break); returns a new list."""
    keep = _rules().keep_words
    out = list(lines)
    for i in range(len(out) - 1):
        m = _BROKEN.search(out[i])
        if not m:
            continue
        j = i + 1
        while j < len(out) - 1 and not out[j]:
            j += 1
        nxt = _NEXT_WORD.match(out[j])
        if not nxt:
            continue
        word, rest = nxt.group(1), nxt.group(2)
        bare = word.rstrip(".,;:)")
        if bare.lower() in keep or not word[0].isalnum():
            continue
        before = m.group(1)
        if before.islower() and word[0].islower():
            out[i] = out[i][:-1] + word
        elif (before.isupper() or before.isdigit()) and (word[0].islower() or word[0].isdigit()):
            out[i] = out[i] + word
        else:
            continue
        out[j] = rest
    return out


# -- assembly ------------------------------------------------------------------------------------
def assemble(pages: Sequence[Sequence[str]]) -> tuple[str, tuple[int, ...]]:
    """Join cleaned page lines into one text; return it with the offset where each page starts."""
    flat: list[tuple[int, str]] = []
    for number, page in enumerate(pages):
        for line in page:
            flat.append((number, _tidy(line)))
    texts = join_hyphens([t for _, t in flat])
    chunks: list[str] = []
    starts = [-1] * len(pages)
    offset = 0
    blank = True
    for (number, _), line in zip(flat, texts):
        if not line:
            blank = True
            continue
        if chunks:
            sep = "\n\n" if blank else "\n"
            chunks.append(sep)
            offset += len(sep)
        if starts[number] < 0:
            starts[number] = offset
        chunks.append(line)
        offset += len(line)
        blank = False
    text = "".join(chunks)
    following = len(text)
    for k in range(len(starts) - 1, -1, -1):  # empty pages start where the next page does
        if starts[k] < 0:
            starts[k] = following
        following = starts[k]
    return text, tuple(starts)
