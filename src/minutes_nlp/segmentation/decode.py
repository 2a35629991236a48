"""Choose the item headings jointly: the best-scoring sequence of candidates (dynamic programming).

The score of a sequence is the sum of each chosen candidate's local evidence, plus for each pair of
consecutive chosen candidates: how their numbers follow each other (next, gap, sub-item; a number
that does not increase is not allowed), whether they are of one kind, and what the stretch between
them holds (section headings such as Beslutning, content at all). No single line can switch a style
off: an odd line is simply left out when the sequence scores better without it.
"""
from __future__ import annotations

from itertools import accumulate
from typing import Sequence

from .candidates import Candidate
from .lines import Line
from .rules import SegmentRules

_LOOKBACK = 250


class Stretches:
    """O(1) questions about the lines between two candidate headings (prefix sums)."""

    def __init__(self, lines: Sequence[Line], section_lines: set[int], skip: set[int]) -> None:
        self._sections = [0, *accumulate(1 if i in section_lines else 0 for i in range(len(lines)))]
        self._content = [0, *accumulate(0 if i in skip else len(ln.plain) for i, ln in enumerate(lines))]
        self.has_sections = len(section_lines) >= 1
        self._headings = [0] * (len(lines) + 1)  # strong numbered headings (set by ``choose``)

    def mark_headings(self, heading_lines: set[int]) -> None:
        """Remember the lines of strong numbered headings, which an unnumbered item should not hold."""
        self._headings = [0, *accumulate(1 if i in heading_lines else 0 for i in range(len(self._content) - 1))]

    def headings(self, a: int, b: int) -> int:
        """Strong numbered headings strictly between line ``a`` and line ``b``."""
        return self._headings[b] - self._headings[a + 1] if b > a + 1 else 0

    def sections(self, a: int, b: int) -> int:
        """Section heading lines strictly between line ``a`` and line ``b``."""
        return self._sections[b] - self._sections[a + 1] if b > a + 1 else 0

    def content(self, a: int, b: int) -> int:
        """Characters of content strictly between line ``a`` and line ``b``."""
        return self._content[b] - self._content[a + 1] if b > a + 1 else 0


def _step(a: Candidate, b: Candidate, rules: SegmentRules) -> float | None:
    """Score of number ``b`` following number ``a``; None when it may not follow."""
    if not a.key or not b.key:
        return 0.0
    if b.key <= a.key:
        return None
    w = rules.weight
    if len(b.key) > len(a.key) and b.key[: len(a.key)] == a.key:
        return w("step_sub") if b.key[-1] == 1 and len(b.key) == len(a.key) + 1 else None
    depth = min(len(a.key), len(b.key))
    head_a, head_b = a.key[:depth], b.key[:depth]
    if len(b.key) <= len(a.key) and head_b[:-1] == head_a[:-1]:
        gap = head_b[-1] - head_a[-1]
    else:
        gap = b.key[0] - a.key[0]
    if gap == 1:
        return w("step_next")
    if gap <= 0:
        return w("step_sub")  # 3.2 → 3.3 shapes land here only through different depths
    return max(w("step_gap_floor"), w("step_gap") + w("step_gap_per") * (gap - 1))


def _stretch(a: Candidate, end_line: int, st: Stretches, rules: SegmentRules, last: bool = False) -> float:
    """Evidence from what item ``a`` would hold, up to ``end_line`` (``last``: the document's end)."""
    w = rules.weight
    score = 0.0
    if st.has_sections and not a.closed:  # a closed item prints no sections
        if st.sections(a.line, end_line):
            score += w("stretch_has_section")
        else:
            score += w("end_without_section") if last else w("stretch_without_section")
    else:
        score += w("stretch_in_sectionless_document")
    content = (st.content(a.line, end_line) + a.tail
               - (0 if a.title_offset >= 0 or a.title_line >= 0 else len(a.title)))
    if not a.key:  # an unnumbered item that would hold good numbered headings: numbers were the items
        score += w("stretch_skips_heading") * min(2, st.headings(a.line, end_line))
    # "## 4. Udpegninger", "Punkt 4" may head empty items; the last item of an excerpt may be cut short
    strong = "_strong" if a.shape in rules.list_shapes or (last and a.score > 0) else ""
    if content <= 0 and not a.closed:
        score += w("stretch_empty" + strong)
    elif content < 40 and not a.closed:
        score += w("stretch_thin" + strong)
    return score


def is_group(a: Candidate, b: Candidate, st: Stretches) -> bool:
    """``a`` heads a group of sub-items when ``b`` is its first sub-item and nothing stands between."""
    return (bool(a.key) and len(b.key) > len(a.key) and b.key[: len(a.key)] == a.key
            and st.content(a.line, b.line) == 0)


def choose(cands: list[Candidate], n_lines: int, st: Stretches, rules: SegmentRules) -> list[Candidate]:
    """The best sequence of candidates (possibly empty): of numbered headings, or of unnumbered
    ones when they score better (an unnumbered heading between numbered ones would let the numbers
    start over). An unnumbered item that holds a well-evidenced heading of the best numbered
    sequence pays for it: the unnumbered sequence must explain the document better, not just longer."""
    numbered = _best([c for c in cands if c.key], n_lines, st, rules)
    st.mark_headings({c.line for c in numbered[1] if c.score > 0})
    unnumbered = _best([c for c in cands if not c.key], n_lines, st, rules)
    return max(numbered, unnumbered, key=lambda r: r[0])[1]


def _best(cands: list[Candidate], n_lines: int, st: Stretches, rules: SegmentRules) -> tuple[float, list[Candidate]]:
    if not cands:
        return 0.0, []
    w = rules.weight
    same_kind, other_kind, item_cost = w("same_kind"), w("other_kind"), w("item_cost")
    best: list[float] = []
    back: list[int] = []
    for k, b in enumerate(cands):
        top, arg = w("start"), -1
        for j in range(max(0, k - _LOOKBACK), k):
            a = cands[j]
            step = _step(a, b, rules)
            if step is None:
                continue
            stretch = 0.0 if is_group(a, b, st) else _stretch(a, b.first_line, st, rules)
            kind = 0.0 if "*" in (a.kind, b.kind) else same_kind if a.kind == b.kind else other_kind
            value = best[j] + step + stretch + kind
            if value > top:
                top, arg = value, j
        best.append(top + b.score + item_cost)
        back.append(arg)
    finals = [best[k] + _stretch(cands[k], n_lines, st, rules, last=True) for k in range(len(cands))]
    k = max(range(len(cands)), key=lambda i: finals[i])
    if finals[k] <= 0:
        return 0.0, []
    score, out = finals[k], []
    while k >= 0:
        out.append(cands[k])
        k = back[k]
    return score, out[::-1]
