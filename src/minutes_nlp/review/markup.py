"""An item's text as HTML: entity mentions marked in displaCy's style, the decision and the
recommendation highlighted.

The marks follow displaCy's ``ent`` markup (``<mark class="entity">text<span>LABEL</span></mark>``, one
colour per label) with the normalised value in the ``title`` (shown on hover) and ``data-value``.
Highlights are spans around stretches of text; a mention is never split by a highlight's edge (the
highlight is widened to the mention instead), so the HTML nests properly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any, Iterable, Optional, Sequence

from ..labels import ENTITY_LABELS


#: Three or more line breaks (blank lines between) are shown as one blank line: display only.
_BLANK_LINES = re.compile(r"\n(?:[ \t\f\v]*\n){2,}")


@dataclass(frozen=True)
class Region:
    """A highlighted stretch ``[start, end)`` of the text: ``kind`` is "decision" or "recommendation"."""

    start: int
    end: int
    kind: str
    title: str = ""


def normalised_value(mention: Any) -> str:
    """The normalised value of a mention as a short text ("" when it has none beyond its text)."""
    label = mention.label
    if label == "COMMITTEE":
        return str(mention.name or "")
    if label == "PERSON":
        parts = [f"parti {mention.party}" if mention.party else "", mention.role or ""]
        return ", ".join(p for p in parts if p)
    if label == "AMOUNT":
        return "" if mention.value is None else f"{format(mention.value, 'f')} {mention.currency}"
    if label == "DATE":
        return "" if mention.value is None else mention.value.isoformat()
    if label == "CASE_NUMBER":
        return f"{mention.value} ({mention.scheme})"
    return ""


def entity_mark(mention: Any) -> str:
    """One mention as a displaCy-style ``<mark>``; the hover title names the label and the value."""
    value = normalised_value(mention)
    title = f"{mention.label}: {value}" if value else mention.label
    label_class = mention.label.lower().replace("_", "-")
    return (f'<mark class="entity ent-{label_class}" data-label="{escape(mention.label)}" '
            f'data-value="{escape(value)}" title="{escape(title)}">{escape(mention.text)}'
            f'<span class="entity-label">{escape(mention.label)}</span></mark>')


def _entities(mentions: Iterable[Any], start: int, end: int) -> list[Any]:
    """Mentions inside ``[start, end)`` of a known label, sorted, without overlaps (first kept)."""
    inside = sorted((m for m in mentions if start <= m.start_char < m.end_char <= end and m.label in ENTITY_LABELS),
                    key=lambda m: (m.start_char, -m.end_char))
    kept: list[Any] = []
    for m in inside:
        if not kept or m.start_char >= kept[-1].end_char:
            kept.append(m)
    return kept


def _regions(regions: Iterable[Region], start: int, end: int, entities: Sequence[Any]) -> list[Region]:
    """``regions`` clipped to ``[start, end)``, widened so no mention straddles an edge, without overlaps."""
    def widen(pos: int, to_end: bool) -> int:
        for m in entities:
            if m.start_char < pos < m.end_char:
                return m.end_char if to_end else m.start_char
        return pos

    out: list[Region] = []
    for r in sorted(regions, key=lambda r: (r.start, r.end)):
        a, b = widen(max(r.start, start), False), widen(min(r.end, end), True)
        if out:
            a = max(a, out[-1].end)
        if a < b:
            out.append(Region(a, b, r.kind, r.title))
    return out


def render_text(text: str, start: int, end: int, mentions: Iterable[Any] = (),
                regions: Iterable[Region] = (), base: int = 0) -> str:
    """HTML of the stretch ``[start, end)`` with ``mentions`` marked and ``regions`` highlighted; all
    offsets are into the document, of which ``text`` is the part that begins at offset ``base``."""
    ents = _entities(mentions, start, end)
    end = max([start + len(text[start - base:end - base].rstrip()),  # no trailing blank lines
               *(m.end_char for m in ents)])
    regs = _regions(regions, start, end, ents)
    points = sorted({start, end, *(m.start_char for m in ents), *(m.end_char for m in ents),
                     *(r.start for r in regs), *(r.end for r in regs)})
    ent_at = {m.start_char: m for m in ents}
    reg_at = {r.start: r for r in regs}
    out: list[str] = []
    open_ent: Optional[Any] = None
    open_reg: Optional[Region] = None
    for a, b in zip(points, points[1:]):
        if open_ent is not None and open_ent.end_char <= a:
            open_ent = None
        if open_reg is not None and open_reg.end <= a:
            out.append("</span>")
            open_reg = None
        if a in reg_at:
            open_reg = reg_at[a]
            out.append(f'<span class="hl hl-{open_reg.kind}" data-kind="{open_reg.kind}" '
                       f'title="{escape(open_reg.title)}">')
        if a in ent_at:
            open_ent = ent_at[a]
            out.append(entity_mark(open_ent))
            continue
        if open_ent is None:
            out.append(escape(_BLANK_LINES.sub("\n\n", text[a - base:b - base])))
    if open_reg is not None:
        out.append("</span>")
    return "".join(out)


def find_recommendation(text: str, recommendation: Optional[str], start: int, end: int) -> Optional[tuple[int, int]]:
    """Where the recommendation stands in ``text[start:end]``: exact, else with any whitespace between
    its words; None when not found."""
    if not recommendation or not recommendation.strip():
        return None
    at = text.find(recommendation, start, end)
    if at >= 0:
        return at, at + len(recommendation)
    words = recommendation.split()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    found = pattern.search(text, start, end)
    return (found.start(), found.end()) if found else None
