"""Line wraps: the single line breaks of running text that a mention may cross.

Text extracted from a PDF is wrapped at the page width, so a mention can be cut by a line break:
"Kultur- og\\nFritidsudvalget", "1,5\\nmio. kr.", "Anna\\nHansen", "12.\\nmarts 2024". spaCy's
tokenizer makes such a break a whitespace token of its own, which every token pattern would have
to allow. Instead the entity rules match on a *view* of the text in which each wrap is a space:
the view has the same length, so a span's character offsets in the view are its offsets in the
original text (and ``text[start:end]`` keeps the line break).

A line break at offset ``i`` is a **wrap** when all of these hold:

1. it is a single ``"\\n"`` between two non-blank lines (a blank line is a paragraph break);
2. the line before is running text: at least :data:`MIN_WRAPPED_LINE` characters long (a wrapped
   line was filled up towards the page width; headings, list lines and short label lines are not)
   and it does not end in two spaces or a tab (Markdown's explicit line break);
3. the line after does not open a field (``"Fraværende:"``, ``"Sagsnr.:"``);
4. neither line holds a tab: that is a table row or a contents line (the PDF reader writes a
   wide gap between columns as a tab);
5. neither line is a heading line that the agenda segmenter found: the lines of an item heading
   (from the item's start to the end of its title) and the heading line right before a section.
   A title wrapped over two lines keeps its own wrap.

A mention may therefore contain one wrap but never a paragraph break or a heading line.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from spacy.language import Language
from spacy.attrs import NORM
from spacy.tokens import Doc, Span

from ..labels import ITEMS_KEY, SECTIONS_KEY, TITLES_KEY
from ..spans import doc_text

__all__ = ["MIN_WRAPPED_LINE", "heading_breaks", "is_wrap", "to_doc", "to_view", "unwrap", "wrap_breaks", "wrapped_view"]

#: Shortest line (characters, trailing spaces left out) whose line break can be a wrap.
MIN_WRAPPED_LINE = 40
_FIELD = re.compile(r"[ \t]*[A-ZÆØÅ][\wæøåÆØÅ.\- ]{0,30}:(?:\s|$)")


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def is_wrap(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a line break inside running text (rules 1–4 of the module docstring)."""
    if i < 0 or i >= len(text) or text[i] != "\n":
        return False
    before = text[_line_start(text, i):i]
    after = text[i + 1:_line_end(text, i + 1)]
    if not before.strip() or not after.strip():
        return False
    if "\t" in before or "\t" in after or before.endswith("  ") or len(before.rstrip()) < MIN_WRAPPED_LINE:
        return False
    return _FIELD.match(after) is None


def heading_breaks(doc: Doc) -> set[int]:
    """Offsets of the line breaks next to a heading line the segmenter found in ``doc`` (rule 5)."""
    text = doc_text(doc)
    lines: list[tuple[int, int]] = []  # (first character, end) of each heading line run
    items = list(doc.spans[ITEMS_KEY]) if ITEMS_KEY in doc.spans else []
    titles = list(doc.spans[TITLES_KEY]) if TITLES_KEY in doc.spans else []
    for k, item in enumerate(items):
        end = titles[k].end_char if k < len(titles) and titles[k].start_char >= item.start_char else item.start_char
        lines.append((_line_start(text, item.start_char), _line_end(text, end)))
    for section in doc.spans[SECTIONS_KEY] if SECTIONS_KEY in doc.spans else ():
        start = section.start_char
        if start > 0 and text[start - 1] == "\n":  # the section's body starts on the line after its heading
            lines.append((_line_start(text, start - 1), start - 1))
    breaks: set[int] = set()
    for first, end in lines:
        if first > 0:
            breaks.add(first - 1)
        breaks.add(end)
    return breaks


def wrap_breaks(text: str, hard: Iterable[int] = ()) -> list[int]:
    """Offsets of the wraps of ``text``, leaving out the breaks in ``hard`` (see :func:`heading_breaks`)."""
    excluded = set(hard)
    return [m.start() for m in re.finditer("\n", text) if m.start() not in excluded and is_wrap(text, m.start())]


def unwrap(text: str, breaks: Iterable[int]) -> str:
    """``text`` with a space at each offset of ``breaks`` (same length, so offsets carry over)."""
    chars = list(text)
    for i in breaks:
        chars[i] = " "
    return "".join(chars)


def unwrapped_doc(doc: Doc, view_text: str, tokenizer: Any) -> Optional[Doc]:
    """``nlp.make_doc(view_text)`` built from ``doc``'s tokens, where ``view_text`` is ``doc``'s text
    with some whitespace characters replaced by spaces (:func:`unwrap`); None when a changed
    whitespace run is at the very start or end of the text (then tokenize it).

    The tokenizer cuts a text into runs of whitespace and of other characters and tokenizes each
    non-whitespace run on its own; a space in place of a line break changes no such run, only the
    whitespace run it is in: a run starting with " " is the trailing space of the token before and
    the rest of it (if any) one token, any other run one token. So the words (with their NORM) are
    copied and only the whitespace runs are redone (a run that is a special case of ``tokenizer``,
    as "\\xa0", gets its NORM).
    """
    rules = getattr(tokenizer, "rules", None) or {}
    words: list[str] = []
    spaces: list[bool] = []
    norms: list[int] = []  # 0: the new token's own norm
    tokens = [t for t in doc if not t.text.isspace()]
    if not tokens or tokens[0].idx != 0 or view_text[:1].isspace():
        return None
    for k, t in enumerate(tokens):
        words.append(t.text)
        norms.append(t.norm)
        spaces.append(False)
        end = t.idx + len(t.text)
        nxt = tokens[k + 1].idx if k + 1 < len(tokens) else len(view_text)
        if nxt == end:
            continue
        if k + 1 == len(tokens) and view_text[end:] != doc_text(doc)[end:]:
            return None  # a changed run at the very end
        run = view_text[end:nxt]
        if run[0] == " ":
            spaces[-1] = True
            run = run[1:]
        if run:
            special = rules.get(run)
            norm = special[0].get(NORM, special[0].get("NORM")) if special and len(special) == 1 else None
            words.append(run)
            spaces.append(False)
            norms.append(doc.vocab.strings.add(norm) if norm else 0)
    view = Doc(doc.vocab, words=words, spaces=spaces)
    array = view.to_array([NORM])
    for i, norm in enumerate(norms):
        if norm:
            array[i] = norm
    view.from_array([NORM], array)
    return view


def wrapped_view(nlp: Language, doc: Doc, keys: Iterable[str] = ()) -> Optional[Doc]:
    """A Doc of ``doc.text`` with its wraps as spaces, or None when the text has no wrap.

    The span groups named in ``keys`` are copied over (same character offsets).
    """
    text = doc_text(doc)
    breaks = wrap_breaks(text, heading_breaks(doc))
    if not breaks:
        return None
    unwrapped = unwrap(text, breaks)
    view = unwrapped_doc(doc, unwrapped, nlp.tokenizer) if len(doc) and doc.vocab is nlp.vocab else None
    if view is None:
        view = nlp.make_doc(unwrapped)
    for key in keys:
        if key in doc.spans:
            copied = [view.char_span(s.start_char, s.end_char, label=s.label) for s in doc.spans[key]]
            view.spans[key] = [s for s in copied if s is not None]
    return view


def to_doc(doc: Doc, span: Span) -> Optional[Span]:
    """``span`` of a view moved onto ``doc`` by its character offsets (None when tokens disagree)."""
    if span.doc is doc:
        return span
    return doc.char_span(span.start_char, span.end_char, label=span.label, span_id=span.id)


def to_view(view: Doc, span: Span) -> Span:
    """``span`` of the original doc on ``view`` (the span itself when it cannot be moved)."""
    if span.doc is view:
        return span
    moved = view.char_span(span.start_char, span.end_char, label=span.label, span_id=span.id)
    return moved if moved is not None else span

