"""Evidence for and against a candidate heading: its line and neighbours, the lists it belongs to,
the contents list that printed its title. The weights are ``evidence`` in ``resources/headings.json``.
"""
from __future__ import annotations

import re

from .lines import Line, next_nonblank, prev_nonblank
from .rules import SegmentRules
from .sections import inline_section, section_label
from .shapes import Candidate, match_shape


def local_evidence(lines: list[Line], i: int, cand: Candidate, skip: set[int], is_section: list[bool],
                    rules: SegmentRules) -> float:
    w = rules.weight
    score = 0.0
    if i == 0 or not lines[i - 1].plain:
        score += w("blank_before")
    nxt = next_nonblank(lines, i, skip, 3)
    if any(rules.case_line.match(lines[j].plain) for j in nxt):
        score += w("case_line_after")
    elif any(is_section[j] for j in next_nonblank(lines, i, skip, 4)):
        score += w("section_soon")
    prev = prev_nonblank(lines, i, skip)
    if prev is not None and prev >= i - 3:
        if rules.case_line.match(lines[prev].plain) and not re.match(r"^[^:]{1,30}:\s*$", lines[prev].plain):
            score += w("case_line_before")
        if (is_section[prev] and section_label(lines[prev].plain, rules) != "BILAG") \
                or rules.list_intro.search(lines[prev].plain):
            score += w("after_list_intro")
    title = cand.title
    if title:
        if title[0].islower():
            score += w("title_lowercase")
        if rules.title_reject.match(title):
            score += w("title_reject")
        if rules.title_furniture.search(title):
            score += w("title_furniture")
        if rules.title_sentence.search(title):
            score += w("title_sentence")
        if len(title) > 150:
            score += w("title_long")
        if title.endswith((",", ";")):
            score += w("title_comma")
        elif title.endswith(".") and not title.endswith(("m.v.", "m.m.", "mv.", "mm.", "etc.", "osv.", "..")):
            score += w("title_period")
        if rules.title_person.match(title):
            score += w("title_person")
        if rules.numeric_row.search(title):
            score += w("numeric_row")
    elif nxt and (is_section[nxt[0]] or inline_section(lines[nxt[0]].plain, rules)):
        score += w("no_title")
    if cand.closed:
        score += w("closed")
    return score


def mark_lists(found: list[Candidate], lines: list[Line], skip: set[int], rules: SegmentRules) -> None:
    """Runs of three or more candidates with nothing between are lists (a contents list, an enumeration)."""
    at = {c.line: k for k, c in enumerate(found)}
    follows: list[bool] = []
    for c in found:
        nxt = next_nonblank(lines, c.line, skip, 1)
        if c.title_offset < 0 and c.title_line < 0 and nxt:  # the title is on the next line: look past it
            nxt = next_nonblank(lines, nxt[0], skip, 1)
        follows.append((bool(nxt) and nxt[0] in at) or _in_block(lines, c.line, at))
    k = 0
    while k < len(found):
        run = [k]
        while follows[run[-1]] and run[-1] + 1 < len(found):
            run.append(run[-1] + 1)
        if len(run) >= 3:  # the last member may be the first real item after a contents list
            last = found[run[-1]].line
            above = last - 1
            while above > 0 and above in skip:  # page furniture between the pages' lines is no text
                above -= 1
            tail = run[-1:] if last > 0 and (not lines[above].plain or lines[last].glued) else []  # a blank line before it
            members = run[:-1] + [r for r in run[-1:] if r not in tail]
            echoed = _echoed(found, members, run[-1])
            for r in members:
                if echoed or (not found[r].closed and found[r].shape not in rules.list_shapes):
                    found[r].list_like = True
                    found[r].score += rules.weight("list_like") + (rules.weight("contents_run") if echoed else 0.0)
        k = run[-1] + 1


def _echoed(found: list[Candidate], members: list[int], last: int) -> bool:
    """A number of the run is printed again after it: the run is a contents list (closed entries
    included), whatever its headings look like."""
    keys = {found[r].key for r in members if found[r].key}
    return any(c.key in keys for c in found[last + 1:])

def _in_block(lines: list[Line], i: int, at: dict[int, int], reach: int = 5) -> bool:
    """The next candidate follows within a few short lines and no blank line (a table printed one
    cell per line: "1", "Name", "V", "Party", "2", …)."""
    for j in range(i + 1, min(len(lines), i + 1 + reach)):
        if j in at:
            return True
        if not lines[j].plain or len(lines[j].plain) > 80:
            return False
    return False


#: "… 89. Title...iv 90. Title...v": entries of a contents list printed on one line, with dot leaders
_INLINE_ENTRY = re.compile(r"(?<![\d.])\d{1,4}\.\s+([A-ZÆØÅ][^\n]{2,150}?)\s*(?:\.{3,}|…)")


def _title_key(title: str) -> str:
    return re.sub(r"[\W\d_]+", " ", title.casefold()).strip()[:40]


def contents_titles(found: list[Candidate], lines: list[Line], toc: set[int], rules: SegmentRules) -> None:
    """A heading whose title a contents list printed before it is more likely an item."""
    listed: set[str] = {_title_key(c.title) for c in found if c.list_like and c.title}
    for i in toc:
        hit = match_shape(lines[i], rules)
        if hit is not None:
            listed.add(_title_key(rules.toc_line.sub("", (hit[1].groupdict().get("title") or "")).rstrip(". …")))
        for m in _INLINE_ENTRY.finditer(lines[i].plain):  # a contents list flattened into one line
            listed.add(_title_key(m.group(1)))
    listed.discard("")
    if not listed:
        return
    first_listed = min((c.line for c in found if c.list_like), default=min(toc, default=0))
    for c in found:
        if not (c.list_like or c.toc) and c.title and c.line > first_listed and _title_key(c.title) in listed:
            c.score += rules.weight("contents_title")
