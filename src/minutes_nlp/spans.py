"""Character offsets → token spans: the one alignment helper of the components.

Rules find character offsets; a Doc holds token spans. :func:`align` turns one into the other under a
named policy, so every component aligns the same way and says which way:

* ``"expand"``: the tokens that touch ``[start, end)`` (an empty span at ``start`` when ``end <= start``);
  items, sections, titles, decisions and votes.
* ``"exact"``: a span whose text is exactly ``text[start:end]`` (tried strict, then contract, then
  expand), else None; header fields, where a field must not grow into its label.
* ``"inside"``: strict, else the tokens inside ``[start, end)``, else None (never empty); entities
  found by a regex over the text (case numbers).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Literal, Optional, Sequence
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span

__all__ = ["Policy", "align", "doc_text", "inside", "sections_of", "token_at"]

Policy = Literal["expand", "exact", "inside"]

_TEXTS: "WeakKeyDictionary[Doc, str]" = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc and kept while the Doc lives.

    ``Doc.text`` joins every token on each access (about 1 ms per 30,000 characters); the components
    read it per item, section and mention. A Doc's text never changes (the retokenizer keeps it);
    one refilled in place (``Doc.from_bytes``) is caught by its length.
    """
    text = _TEXTS.get(doc)
    if text is None or len(text) != (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0):
        text = _TEXTS[doc] = doc.text
    return text


def token_at(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after ``char`` (binary search over token offsets)."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


def align(doc: Doc, start: int, end: int, label: str = "", policy: Policy = "expand",
          text: Optional[str] = None) -> Optional[Span]:
    """The token span for ``[start, end)`` under ``policy`` (see the module docstring). ``text``: pass
    ``doc.text`` when calling in a loop (Doc.text is rebuilt from every token on each access)."""
    if policy == "expand":
        if end <= start:
            i = token_at(doc, start)
            return Span(doc, i, i, label=label)
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None:  # pragma: no cover - expand only fails on out-of-range offsets
            i = token_at(doc, start)
            return Span(doc, i, i, label=label)
        return span
    if policy == "exact":
        want = (doc_text(doc) if text is None else text)[start:end]
        for mode in ("strict", "contract", "expand"):
            span = doc.char_span(start, end, label=label, alignment_mode=mode)
            if span is not None and span.text == want:
                return span
        return None
    if policy == "inside":
        span = doc.char_span(start, end, label=label)
        if span is None:
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
        return span if span is not None and len(span) > 0 else None
    raise ValueError(f"unknown alignment policy {policy!r}")


def inside(span: Span, outer: Span) -> bool:
    """Whether ``span`` lies within ``outer`` (tokens and characters)."""
    return outer.start <= span.start and span.end <= outer.end and outer.start_char <= span.start_char


def sections_of(item: Span, sections: Sequence[Span], starts: Optional[Sequence[int]] = None) -> list[Span]:
    """The sections inside ``item``, in order: ``sections`` sorted by start character, ``starts`` their
    start characters (computed when not given; pass them when calling per item)."""
    starts = [s.start_char for s in sections] if starts is None else starts
    lo, hi = bisect_left(starts, item.start_char), bisect_right(starts, item.end_char)
    return [s for s in sections[lo:hi] if inside(s, item)]
