"""Candidate item headings of every shape, each with the local evidence for and against it.

A candidate is any line that *could* open an agenda item: "3. Title", "Punkt 3: Title", "Pkt. 359",
"39Title", "• 12." with the title on the next line, " 1.  1. Title", a title line followed by a
case-number line. Whether it does is decided jointly over the document by :mod:`.decode`.
"""
from __future__ import annotations

import re
from typing import Optional

from .evidence import contents_titles, local_evidence, mark_lists
from .lines import Line, is_toc_title, next_nonblank, prev_nonblank
from .rules import SegmentRules
from .sections import inline_section, section_label
from .shapes import Candidate, clip_title, match_shape, number_key

__all__ = ["Candidate", "clip_title", "generate", "number_key"]


def _is_candidate_line(ln: Line, rules: SegmentRules) -> bool:
    return match_shape(ln, rules) is not None


def _title_offset(ln: Line, title: str) -> int:
    if not title:
        return -1
    pos = ln.raw.find(title[: max(1, min(len(title), 20))])
    return pos


def generate(lines: list[Line], skip: set[int], toc: set[int], rules: SegmentRules) -> list[Candidate]:
    """Every candidate heading, in document order, scored by its local evidence."""
    w = rules.weight
    is_section = [bool(ln.plain) and (section_label(ln.plain, rules) is not None) for ln in lines]
    # flattened PDF text: most characters stand in page-long lines (there a heading runs on into its text)
    flat = sum(len(ln.plain) for ln in lines if len(ln.plain) > 6 * rules.flattened_min) > 0.5 * sum(
        len(ln.plain) for ln in lines)
    found: list[Candidate] = []
    for i, ln in enumerate(lines):
        if not ln.plain or i in skip or is_section[i]:
            continue
        hit = match_shape(ln, rules)
        if i in toc and hit is None:
            continue
        if hit is None:
            cand = _unnumbered(lines, i, skip, is_section, rules)
            if cand is not None:
                found.append(cand)
            continue
        shape, m, _plain = hit
        groups = m.groupdict()
        number = (groups.get("number") or "").rstrip(".")
        raw_title = (groups.get("title") or "").strip()
        if i in toc:  # a heading that prints its page number ("3. Title ....... 12") or a contents entry
            raw_title = _without_page_number(ln, raw_title, rules)
        title = clip_title(raw_title, rules)
        prefix = re.sub(r"[\s.]", "", (groups.get("prefix") or "").lower())
        closed = bool(groups.get("closed")) or bool(re.search(r"\blukket\b", ln.plain, re.IGNORECASE))
        kind = "*" if shape == "qualified" else f"{shape}:{prefix}"  # "Lukket punkt: 15." fits any kind
        cand = Candidate(i, number, number_key(number), shape, kind, title,
                         _title_offset(ln, title), closed)
        cand.toc = i in toc
        cand.tail = 0 if cand.toc else max(0, len(ln.plain) - len(_plain) + len(raw_title) - len(title))  # text run on
        if not title or _NOTE_ONLY.match(title):  # "Sag nr. 45 (BE 3/2011)": the note is no title
            _title_above(lines, i, cand, skip, is_section, rules)
        cand.score = (w(f"shape_{shape}") + (w("prefix_word") if prefix and shape != "prefixed" else 0.0)
                      + local_evidence(lines, i, cand, skip, is_section, rules))
        if shape == "numbered" and not groups.get("sep") and len(ln.plain) > rules.flattened_min:
            cand.score += w("page_number_line")
        if cand.toc:
            cand.score += w("toc_entry")
        elif rules.title_stop.search(raw_title) and not any(
                rules.case_line.match(lines[j].plain) for j in next_nonblank(lines, i, skip, 3)):
            cand.score += w("case_line_after")  # "562. Title Sagsnr …" run on: the case label follows inline
        if not flat and cand.tail >= 100 and _SENTENCE_END.search(ln.plain):
            cand.score += w("paragraph_line")  # a numbered paragraph of running text, not a heading
        found.append(cand)
    mark_lists(found, lines, skip, rules)
    contents_titles(found, lines, toc, rules)
    return found


_SENTENCE_END = re.compile(r"[a-zæøå0-9)][.!?]\s+[A-ZÆØÅ]")


def _without_page_number(ln: Line, title: str, rules: SegmentRules) -> str:
    """``title`` without the page number and leader dots that end its line."""
    m = rules.toc_line.search(ln.raw.rstrip())
    if m is None:
        return title
    suffix = re.sub(r"\s+", " ", rules.markup.sub("", ln.raw.rstrip()[m.start():])).strip()
    if suffix and title.endswith(suffix):
        title = title[: -len(suffix)]
    return title.rstrip(" .…")


_FIELD_START = re.compile(r"^[^:]{1,30}:")  # a "Label:" start ("Mødested: …", "Sagsnr.:")
_NOTE_ONLY = re.compile(r"^\([^()]{1,40}\)$")  # a bracketed note or reference alone: "(BE 3/2011)"
_LABEL_LINE = re.compile(r"^[A-ZÆØÅ][\wæøå-]{2,30}:\s*\S.{0,40}$")  # a one-word field "Label: value"


def _title_above(lines: list[Line], i: int, cand: Candidate, skip: set[int], is_section: list[bool],
                 rules: SegmentRules) -> None:
    """A number alone on its line takes the title from the line directly above when nothing follows it
    (a section, a case number or a short field line such as "Beslutningskompetence: KB" is no title)."""
    nxt = next_nonblank(lines, i, skip, 1)
    below_is_title = bool(nxt) and not (is_section[nxt[0]] or rules.case_line.match(lines[nxt[0]].plain)
                                        or inline_section(lines[nxt[0]].plain, rules)
                                        or _LABEL_LINE.match(lines[nxt[0]].plain))  # "Beslutningskompetence: KB"
    if below_is_title or i == 0:
        return
    above = lines[i - 1]
    if (not above.plain or (i - 1) in skip or is_section[i - 1] or len(above.plain) > 150
            or above.plain.endswith((".", ":")) or rules.case_line.match(above.plain)
            or not re.match(r"^[A-ZÆØÅ\"“»(0-9]", above.plain)):
        return
    cand.title, cand.title_line, cand.title_offset = above.plain, i - 1, -1
    cand.score += rules.weight("title_before_number")


def title_like(plain: str, rules: SegmentRules) -> bool:
    """A line that could be a title: short, capitalised, no closing period, no "Label:" start."""
    return not (len(plain) > 150 or plain.endswith((".", ":", ",", "|")) or not re.match(r"^[A-ZÆØÅ\"“»(]", plain)
                or rules.title_furniture.search(plain) or rules.case_line.match(plain)
                or _FIELD_START.match(plain) or is_toc_title(plain, rules)
                or (plain.startswith("(") and plain.endswith(")")))  # a note: "(1. behandling)"


def _opens_item(lines: list[Line], j: int, is_section: list[bool], rules: SegmentRules) -> bool:
    """Line ``j`` is a section heading that can open an item (not a catch-all "other" heading, nor a
    page title "Referat" above the meeting's date or header fields)."""
    if not (is_section[j] and section_label(lines[j].plain, rules) not in (None, "OTHER")):
        return False
    if lines[j].plain.lower() == "referat":
        after = next_nonblank(lines, j, set(), 1)
        return not (after and (rules.title_furniture.search(lines[after[0]].plain)
                               or _FIELD_START.match(lines[after[0]].plain)))
    return True


def _unnumbered(lines: list[Line], i: int, skip: set[int], is_section: list[bool], rules: SegmentRules) -> Optional[Candidate]:
    """A short title line next to a case-number line ("Sagsnr.: 22/131"), or standing alone before
    the section heading that opens the item (a blank line above, "Beslutning" below); a case-number
    line is the heading itself when no title stands above it and a section follows."""
    plain = lines[i].plain
    nxt = next_nonblank(lines, i, skip, 1)
    prev = prev_nonblank(lines, i, skip)
    if rules.case_line.match(plain):
        return _case_heading(lines, i, nxt, prev, is_section, skip, rules)
    closed = _CLOSED_PREFIX.match(plain)  # "Lukket: Salg af grund" heads a closed item
    titled = title_like(plain[closed.end():] if closed else plain, rules)
    minutes_item = not titled and _minutes_item(lines, i, nxt, prev, rules)
    if not (titled or minutes_item):
        return None
    after = bool(nxt) and bool(rules.case_line.match(lines[nxt[0]].plain))
    before = prev is not None and prev >= i - 2 and bool(rules.case_line.match(lines[prev].plain))
    opens = (bool(nxt) and nxt[0] <= i + 3 and _opens_item(lines, nxt[0], is_section, rules)
             and i > 0 and not lines[i - 1].plain
             and (prev is None or not is_section[prev] or section_label(lines[prev].plain, rules) == "BILAG"))
    if not (after or before or opens) or (prev is not None and prev >= i - 2 and _is_candidate_line(lines[prev], rules)):
        return None  # next to a numbered heading: part of that heading's block
    if prev is not None and len(lines[prev].plain) > 30 and lines[prev].plain.endswith(":"):
        return None  # what a sentence ending in a colon introduces ("… vælges som medlem:")
    cand = Candidate(i, "", (), "unnumbered", "unnumbered:", plain, _title_offset(lines[i], plain), bool(closed))
    cand.score = rules.weight("shape_unnumbered") + local_evidence(lines, i, cand, skip, is_section, rules)
    if minutes_item:  # not the page title it looks like (see _minutes_item)
        cand.score -= rules.weight("title_furniture")
    if not (after or before):
        cand.score += rules.weight("title_before_section")
    return cand


def _minutes_item(lines: list[Line], i: int, nxt: list[int], prev: Optional[int], rules: SegmentRules) -> bool:
    """"Referat fra <body>s møde den …" reads like a page title, but below the page's own title and
    right above a decision it is the item that approves an earlier meeting's minutes."""
    return (prev is not None and bool(_MINUTES_OF.match(lines[i].plain)) and bool(nxt) and nxt[0] <= i + 2
            and section_label(lines[nxt[0]].plain, rules) == "BESLUTNING")


_CLOSED_PREFIX = re.compile(r"^(?:Lukket(?:\s+(?:punkt|sag|dagsordenspunkt))?|Fortroligt?)\s*:\s*(?=[A-ZÆØÅ0-9])")
_MINUTES_OF = re.compile(r"^Referat\s+(?:fra|af)\s+\S+.{0,80}\bmøde", re.IGNORECASE)


def _case_heading(lines: list[Line], i: int, nxt: list[int], prev: Optional[int], is_section: list[bool],
                  skip: set[int], rules: SegmentRules) -> Optional[Candidate]:
    """A case-number line heading an item that prints no title ("Sagsnr.: 22/131" then "Beslutning")."""
    if not (nxt and nxt[0] <= i + 2 and _opens_item(lines, nxt[0], is_section, rules)):
        return None
    while prev is not None and prev >= i - 4 and rules.case_line.match(lines[prev].plain):
        prev = prev_nonblank(lines, prev, skip)  # a block of case-number lines ("J.nr.", "Sagsnr.")
    if prev is not None and prev >= i - 4 and (title_like(lines[prev].plain, rules) or _is_candidate_line(lines[prev], rules)):
        return None  # the title (or numbered heading) above heads the item
    ln = lines[i]
    colon = ln.raw.find(":")
    value = re.search(r"[\w.-]*\d[\w./-]*", ln.raw[colon + 1:] if colon >= 0 else ln.raw)
    if value is not None:
        title, offset = value.group(0), (colon + 1 if colon >= 0 else 0) + value.start()
    elif colon >= 0 and not ln.raw[colon + 1:].strip():  # "Sagsid.:" with its value left out: the label heads
        label = re.search(r"\w[^:]*:", ln.raw)
        title, offset = (label.group(0), label.start()) if label else (ln.plain, 0)
    else:
        return None
    cand = Candidate(i, "", (), "unnumbered", "unnumbered:", title, offset, False)
    cand.score = (rules.weight("shape_unnumbered") + rules.weight("case_as_title")
                  + local_evidence(lines, i, cand, skip, is_section, rules))
    return cand


