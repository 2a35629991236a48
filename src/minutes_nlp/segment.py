"""Agenda segmentation as pure functions over text: item headings, titles, sections.

The rules live in ``resources/headings.json``. The spaCy component in
``components/segmenter.py`` turns a :class:`Segmentation` into span groups; the API uses it
directly to cut over-long texts at item boundaries.

How it works, line by line:

1. Lines that are page furniture are skipped: page numbers ("Side 3 af 14") and short lines with a
   digit repeated three or more times (running headers such as "Økonomiudvalget 22-05-2023").
2. Table-of-contents lines (dot leaders or a tab before a trailing page number) never make items.
3. Item headings: the first style of ``item_styles`` that finds a heading wins ("Punkt 3.",
   "Punkt 1: …", "Sag nr. 45: …", markdown "### 3.1. …", then plain "1. Title" lines, the last only
   in increasing order and only when section headings follow). A markdown heading directly followed
   by its own sub-items ("## 3." then "### 3.1.") is a group, not an item. A number printed twice
   (a heading repeated on a new page, a dagsorden list before the minutes) keeps the occurrence with
   the most content.
4. Sections inside each item start at heading lines ("Beslutning", "Indstilling:", "Beslutning i
   Byrådet den 14-03-2023", "Udvalgets beslutning"). When an item holds several decision
   headings, the meeting's own is the one naming no other body, else the one with the latest date;
   the rest are labelled ``TIDLIGERE_BESLUTNING``.
"""
from __future__ import annotations

import bisect
import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from .labels import Section


@dataclass(frozen=True)
class SectionSpan:
    """A section body: ``text[start:end]``; ``heading_start`` is where its heading line begins."""

    label: str
    start: int
    end: int
    heading_start: int
    heading: str


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
    """All items of a text plus the character offset where the first item starts."""

    items: tuple[ItemSpan, ...]
    style: Optional[str]

    @property
    def body_start(self) -> int:
        """Offset of the first item heading, or -1 when there are no items."""
        return self.items[0].start if self.items else -1


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    raw: str
    plain: str  # markup stripped, whitespace collapsed
    markdown: bool


@dataclass
class _Rules:
    markup: re.Pattern[str]
    styles: list[dict[str, Any]]
    section_words: dict[str, str]
    decision_heading: list[re.Pattern[str]]
    inline_sections: set[str]
    toc_titles: set[str]
    toc_line: re.Pattern[str]
    page_line: re.Pattern[str]
    repeated_min: int
    section_inline_re: re.Pattern[str]
    fuzzy_words: list[str]
    title_reject: re.Pattern[str]


def _norm_word(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().rstrip(":").strip().lower()


@lru_cache(maxsize=4)
def load_rules(path: Optional[str] = None) -> _Rules:
    """Read heading rules (the packaged ``headings.json`` unless ``path`` is given)."""
    if path is None:
        raw = resources.files("minutes_nlp.resources").joinpath("headings.json").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    data = json.loads(raw)
    return rules_from_dict(data)


def rules_from_dict(data: dict[str, Any]) -> _Rules:
    """Compile a headings rule dict (the JSON's content)."""
    styles = []
    for style in data["item_styles"]:
        styles.append({**style, "compiled": re.compile(style["regex"], re.IGNORECASE if style["name"] == "prefixed" else 0)})
    words: dict[str, str] = {}
    for label, names in data["sections"].items():
        for name in names:
            words[_norm_word(name)] = label
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return _Rules(
        markup=re.compile(data["markup_strip"]),
        styles=styles,
        section_words=words,
        decision_heading=[re.compile(p, re.IGNORECASE) for p in data["decision_heading_patterns"]],
        inline_sections=set(data["inline_sections"]),
        toc_titles={_norm_word(t) for t in data["toc_titles"]},
        toc_line=re.compile(data["toc_line"]),
        page_line=re.compile(data["page_line"], re.IGNORECASE),
        repeated_min=int(data["repeated_line_min"]),
        section_inline_re=re.compile(rf"^({alternatives})\s*:\s*(\S.*)$", re.IGNORECASE),
        fuzzy_words=[w for w in words if len(w) >= 10 and " " not in w],
        title_reject=re.compile(data.get("title_reject", "(?!)"), re.IGNORECASE),
    )


def _lines(text: str, rules: _Rules) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        stripped = raw.strip()
        plain = rules.markup.sub("", stripped) if stripped else ""
        plain = re.sub(r"\s+", " ", plain).strip()
        out.append(_Line(pos, end, raw, plain, stripped.startswith("#")))
        pos = end + 1
    return out


def _furniture(lines: list[_Line], rules: _Rules) -> set[int]:
    """Indices of page furniture lines: page numbers and short repeated lines with a digit."""
    counts: dict[str, int] = {}
    for ln in lines:
        if ln.plain and len(ln.plain) <= 100:
            counts[ln.plain] = counts.get(ln.plain, 0) + 1
    skip: set[int] = set()
    for i, ln in enumerate(lines):
        if not ln.plain:
            continue
        if rules.page_line.match(ln.plain):
            skip.add(i)
        elif (
            counts.get(ln.plain, 0) >= rules.repeated_min
            and re.search(r"\d", ln.plain)
            and section_label(ln.plain, rules) is None
            and not rules.styles[0]["compiled"].match(ln.plain)
            and not rules.toc_line.search(ln.raw)
        ):
            skip.add(i)
    return skip


def section_label(plain: str, rules: _Rules) -> Optional[str]:
    """The section label of a heading line (markup already stripped), or None."""
    if not plain or len(plain) > 120:
        return None
    word = _norm_word(plain)
    if word in rules.section_words:
        return rules.section_words[word]
    if 10 <= len(word) <= 40 and " " not in word and not word.endswith("."):
        close = difflib.get_close_matches(word, rules.fuzzy_words, n=1, cutoff=0.88)
        if close:  # typos in real minutes: "Sagsbegrivelse"
            return rules.section_words[close[0]]
    for pattern in rules.decision_heading:
        m = pattern.match(plain)
        if m and len(plain) <= 100:
            return Section.DECISION.value
    if re.match(r"^(?:\S.{0,60}?s\s+)indstilling(?:\s+(?:til|i)\s+.+)?\s*:?$", plain, re.IGNORECASE) and len(plain) <= 80:
        return Section.RECOMMENDATION.value
    return None


def _candidates(
    lines: list[_Line], style: dict[str, Any], toc: set[int], skip: set[int], rules: _Rules
) -> list[tuple[int, str, str]]:
    found = []
    regex: re.Pattern[str] = style["compiled"]
    for i, ln in enumerate(lines):
        if i in toc or i in skip or not ln.plain:
            continue
        if style.get("markdown_only") and not ln.markdown:
            continue
        m = regex.match(ln.plain)
        if not m:
            continue
        title = (m.group("title") or "").strip()
        if rules.title_reject.match(title):
            continue
        if style["name"] == "numbered" and (len(title) > style.get("max_title_chars", 200) or title.endswith((",", ";"))):
            continue
        # "Lukket punkt: 15. Salg af grund" counts with whichever prefix the document uses
        prefix = "*" if m.groupdict().get("qualifier") else (m.groupdict().get("prefix") or "").lower().replace(" ", "").rstrip(".")
        found.append((i, m.group("number"), title, prefix))
    if found:
        counts: dict[str, int] = {}
        for f in found:
            counts[f[3]] = counts.get(f[3], 0) + (f[3] != "*")
        top = max(counts, key=lambda k: counts[k])
        found = [f for f in found if f[3] in (top, "*")]
    return _increasing([(i, n, t) for i, n, t, _ in found])


def _increasing(cands: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The longest run of candidates whose numbers strictly increase (earliest on ties)."""
    keys = [_number_key(c[1]) for c in cands]
    best_len = [1] * len(cands)
    prev = [-1] * len(cands)
    for j in range(len(cands)):
        for i in range(max(0, j - 400), j):
            if keys[i] < keys[j] and best_len[i] + 1 > best_len[j]:
                best_len[j], prev[j] = best_len[i] + 1, i
    if not cands:
        return []
    j = max(range(len(cands)), key=lambda k: (best_len[k], -k))
    out = []
    while j >= 0:
        out.append(cands[j])
        j = prev[j]
    return out[::-1]


def _toc_lines(lines: list[_Line], rules: _Rules) -> set[int]:
    toc: set[int] = set()
    in_toc = False
    for i, ln in enumerate(lines):
        if not ln.plain:
            continue
        if _norm_word(ln.plain) in rules.toc_titles and len(ln.plain) < 40:
            in_toc = True
            continue
        if rules.toc_line.search(ln.raw.rstrip()):
            toc.add(i)
            continue
        if in_toc:
            in_toc = False
    return toc


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split(".") if p)


def _has_section_between(lines: list[_Line], a: int, b: int, rules: _Rules) -> bool:
    for ln in lines[a + 1 : b]:
        if ln.plain and (section_label(ln.plain, rules) or rules.section_inline_re.match(ln.plain)):
            return True
    return False


def _content_between(lines: list[_Line], a: int, b: int) -> int:
    return sum(len(ln.plain) for ln in lines[a + 1 : b])


def _select(
    lines: list[_Line], cands: list[tuple[int, str, str]], style: dict[str, Any], rules: _Rules
) -> tuple[list[tuple[int, str, str]], set[int]]:
    """Keep the candidates that are items; also return the lines that end an item (items + groups)."""
    if not cands:
        return [], set()
    groups: set[int] = set()
    bounds = [c[0] for c in cands[1:]] + [len(lines)]
    if style.get("sequential"):
        kept: list[tuple[int, str, str]] = []
        for cand, nxt in zip(cands, bounds):
            if not _has_section_between(lines, cand[0], nxt, rules):
                continue
            if kept and _number_key(cand[1]) <= _number_key(kept[-1][1]):
                continue
            kept.append(cand)
        cands = kept
    elif style.get("markdown_only"):
        kept = []
        for k, cand in enumerate(cands):
            nxt = cands[k + 1] if k + 1 < len(cands) else None
            is_group = (
                nxt is not None
                and nxt[1].startswith(cand[1].rstrip(".") + ".")
                and _content_between(lines, cand[0], nxt[0]) == 0
            )
            if is_group:
                groups.add(cand[0])
            else:
                kept.append(cand)
        cands = kept
    # a number printed twice keeps the occurrence with the most content
    bounds = [c[0] for c in cands[1:]] + [len(lines)]
    best: dict[str, tuple[int, int]] = {}
    for k, (cand, nxt) in enumerate(zip(cands, bounds)):
        size = _content_between(lines, cand[0], nxt)
        if cand[1] not in best or size > best[cand[1]][1]:
            best[cand[1]] = (k, size)
    keep = {k for k, _ in best.values()}
    kept_final = [c for k, c in enumerate(cands) if k in keep]
    return kept_final, groups | {c[0] for c in kept_final}


_TRAILING_CASE = re.compile(r"\s*\((?:sagsnr\.?\s*)?[\w./-]*\d{2}[\w./-]*\)\s*$", re.IGNORECASE)


def _title(lines: list[_Line], idx: int, title: str, stop: int, rules: _Rules, skip: set[int]) -> tuple[str, int, int]:
    ln = lines[idx]
    if title:
        clean = _TRAILING_CASE.sub("", title).strip()
        pos = ln.raw.find(clean[: max(1, min(len(clean), 20))])
        start = ln.start + (pos if pos >= 0 else 0)
        return clean, start, ln.end
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
        if section_label(nl.plain, rules) or re.match(r"^[\w./-]*\d[\w./-]*$", nl.plain) or len(parts) >= 3:
            break
        parts.append(nl.plain)
        if t_start < 0:
            t_start = nl.start + (len(nl.raw) - len(nl.raw.lstrip()))
        t_end = nl.start + len(nl.raw.rstrip())
    if not parts:
        return "", ln.end, ln.end
    return re.sub(r"\s+", " ", " ".join(parts)).strip(), t_start, t_end


def _sections(text: str, lines: list[_Line], first: int, stop: int, item_end: int, rules: _Rules, skip: set[int]) -> tuple[SectionSpan, ...]:
    heads: list[tuple[int, str, int, str]] = []  # (line index, label, body start, heading text)
    for j in range(first + 1, stop):
        ln = lines[j]
        if j in skip or not ln.plain:
            continue
        label = section_label(ln.plain, rules)
        if label:
            heads.append((j, label, ln.end, ln.plain))
            continue
        m = rules.section_inline_re.match(ln.plain)
        if m:
            label = rules.section_words[_norm_word(m.group(1))]
            if label in rules.inline_sections:
                body = m.group(2)
                pos = ln.raw.rfind(body[:20]) if body else -1
                heads.append((j, label, ln.start + pos if pos >= 0 else ln.end, ln.plain))
    out: list[SectionSpan] = []
    for k, (j, label, body_start, heading) in enumerate(heads):
        end = lines[heads[k + 1][0]].start if k + 1 < len(heads) else item_end
        seg = text[body_start:end]
        body_end = body_start + len(seg.rstrip())
        lead = len(seg) - len(seg.lstrip())
        b_start = min(body_start + lead, body_end)
        out.append(SectionSpan(label, b_start, body_end, lines[j].start, heading))
    return _mark_earlier_decisions(out, rules)


_DATE_IN_HEADING = re.compile(r"(\d{1,4})[.\-/ ]\s*(\d{1,2}|[a-zæøå]+)\.?[.\-/ ]\s*(\d{2,4})", re.IGNORECASE)
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"])}


def _heading_date(heading: str) -> tuple[int, int, int]:
    m = _DATE_IN_HEADING.search(heading)
    if not m:
        return (0, 0, 0)
    a, b, c = m.groups()
    month = int(b) if b.isdigit() else _MONTHS.get(b[:3].lower(), 0)
    if len(a) == 4:
        return (int(a), month, int(c))
    year = int(c) + (2000 if len(c) == 2 else 0)
    return (year, month, int(a))


def _names_other_body(heading: str, rules: _Rules) -> bool:
    for pattern in rules.decision_heading:
        m = pattern.match(heading)
        if m:
            prefix = (m.groupdict().get("prefix") or "").strip().lower()
            return bool(m.groupdict().get("body") or m.groupdict().get("date") or (prefix and prefix != "udvalget"))
    return False


def _mark_earlier_decisions(sections: list[SectionSpan], rules: _Rules) -> tuple[SectionSpan, ...]:
    decisions = [k for k, s in enumerate(sections) if s.label == Section.DECISION.value]
    if len(decisions) <= 1:
        return tuple(sections)
    plain = [k for k in decisions if not _names_other_body(sections[k].heading, rules)]
    if plain:
        own = plain[0]
    else:
        own = max(decisions, key=lambda k: (_heading_date(sections[k].heading), k))
    out = list(sections)
    for k in decisions:
        if k != own:
            s = out[k]
            out[k] = SectionSpan(Section.EARLIER_DECISION.value, s.start, s.end, s.heading_start, s.heading)
    return tuple(out)


def _with_head(text: str, line_end: int, title_end: int, end: int, sections: tuple[SectionSpan, ...]) -> tuple[SectionSpan, ...]:
    """Prepend the item's head: the lines between heading/title and the first section heading."""
    start = max(line_end, title_end)
    stop = sections[0].heading_start if sections else end
    body = text[start:stop] if stop > start else ""
    lead = len(body) - len(body.lstrip())
    h_start, h_end = start + lead, start + len(body.rstrip())
    if h_end <= h_start:
        return sections
    return (SectionSpan(Section.HEAD.value, h_start, h_end, start, ""),) + sections


def segment(text: str, rules: Optional[_Rules] = None) -> Segmentation:
    """Find agenda items and their sections in ``text``."""
    rules = rules or load_rules()
    if not text.strip():
        return Segmentation((), None)
    lines = _lines(text, rules)
    skip = _furniture(lines, rules)
    toc = _toc_lines(lines, rules)
    chosen: list[tuple[int, str, str]] = []
    bounds: list[int] = []
    style_name: Optional[str] = None
    for style in rules.styles:
        cands, ends = _select(lines, _candidates(lines, style, toc, skip, rules), style, rules)
        if cands:
            chosen, bounds, style_name = cands, sorted(ends), style["name"]
            break
    items: list[ItemSpan] = []
    for idx, number, title in chosen:
        k = bisect.bisect_right(bounds, idx)
        nxt = bounds[k] if k < len(bounds) else len(lines)
        start = lines[idx].start + (len(lines[idx].raw) - len(lines[idx].raw.lstrip()))
        end = lines[nxt].start if nxt < len(lines) else len(text)
        t, t_start, t_end = _title(lines, idx, title, nxt, rules, skip)
        sections = _sections(text, lines, idx, nxt, end, rules, skip)
        items.append(ItemSpan(number.rstrip("."), t, start, end, t_start, t_end, _with_head(text, lines[idx].end, t_end, end, sections)))
    return Segmentation(tuple(items), style_name)
