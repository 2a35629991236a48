"""Small HTML → text helper built on the standard library's :mod:`html.parser`.

Block elements (headings, paragraphs, divs, list items, table rows) and ``<br>`` become separate
lines; paragraphs are separated by a blank line; table cells are joined with `` | ``; character
references are decoded and whitespace (including no-break spaces) is collapsed.

>>> html_to_text("<h3>Beslutning</h3><p>Godkendt.<br>Fraværende: Ida Holm</p><p>&Aring;ben sag</p>")
'Beslutning\\n\\nGodkendt.\\nFraværende: Ida Holm\\n\\nÅben sag'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlLine", "html_to_lines", "html_to_text"]

#: Elements that end a paragraph (blank line before and after their content).
PARAGRAPH_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
})
#: Elements that start a new line without a blank line.
LINE_TAGS = frozenset({"li", "tr", "caption", "thead", "tbody", "tfoot"})
CELL_TAGS = frozenset({"td", "th"})
VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
})
SKIP_TAGS = frozenset({"script", "style", "template", "head", "title"})
HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}
CELL_SEPARATOR = " | "

#: Control and invisible characters, deleted from text.
INVISIBLE_CHARS = (
    "".join(map(chr, range(0x00, 0x09))) + "".join(map(chr, range(0x0E, 0x20)))
    + "\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff"
)
_DELETE_INVISIBLE = str.maketrans("", "", INVISIBLE_CHARS)
_SPACE = re.compile(r"[\s\u00a0\u2007\u202f]+")
_EDGE_SEPARATORS = re.compile(r"^(?:\s*\|\s*)+|(?:\s*\|\s*)+$")


@dataclass(frozen=True)
class HtmlLine:
    """One rendered line of text.

    ``level`` is the heading level (1–6) when all of the line's text sits inside ``<hN>``, else 0.
    ``gap`` is True when a paragraph boundary (blank line) precedes the line.
    ``underlined`` is True when all of the line's text sits inside ``<u>``.
    ``classes`` are the ``class`` attribute words of the elements enclosing the line's first text.
    """

    text: str
    level: int = 0
    gap: bool = False
    underlined: bool = False
    classes: tuple[str, ...] = ()


class _LineCollector(HTMLParser):
    """Streams HTML into :class:`HtmlLine` objects."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[HtmlLine] = []
        self._stack: list[tuple[str, tuple[str, ...]]] = []
        self._depth: dict[str, int] = {}  # open elements per tag name
        self._parts: list[str] = []
        self._has_text = False  # current line has non-space text
        self._levels: set[int] = set()
        self._all_underlined = True
        self._classes: tuple[str, ...] | None = None
        self._pending = 0  # 0: none, 1: new line, 2: blank line
        self._brs = 0  # <br> seen since the last text
        self._skip = 0
        self._headings = 0  # open <h1>–<h6> elements

    # -- state helpers -------------------------------------------------------------------
    def _break(self, strength: int) -> None:
        self._flush()
        self._pending = max(self._pending, strength)

    def _flush(self) -> None:
        if self._has_text:
            text = _SPACE.sub(" ", "".join(self._parts).translate(_DELETE_INVISIBLE)).strip()
            if CELL_SEPARATOR.strip() in text:
                text = _EDGE_SEPARATORS.sub("", text)
            if text:
                levels = self._levels
                level = next(iter(levels)) if len(levels) == 1 else 0
                self.lines.append(HtmlLine(
                    text=text, level=level, gap=self._pending >= 2 and bool(self.lines),
                    underlined=self._all_underlined, classes=self._classes or (),
                ))
                self._pending = 0
                self._brs = 0
        self._parts = []
        self._has_text = False
        self._levels = set()
        self._all_underlined = True
        self._classes = None

    # -- parser callbacks ----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self._skip += 1
            return
        in_cell = bool(self._depth.get("td") or self._depth.get("th"))
        if tag == "br":
            if in_cell:
                self._parts.append(" ")
            else:  # a second <br> with no text in between makes a paragraph break
                self._break(2 if self._brs and not self._has_text else 1)
            self._brs += 1
            return
        if tag in CELL_TAGS:
            if self._has_text:
                self._parts.append(CELL_SEPARATOR)
        elif in_cell and (tag in PARAGRAPH_TAGS or tag in LINE_TAGS):
            self._parts.append(" ")
        elif tag in PARAGRAPH_TAGS:
            self._break(2)
        elif tag in LINE_TAGS:
            self._break(1)
        if tag not in VOID_TAGS:
            classes = ()
            for name, value in attrs:
                if name == "class" and value:
                    classes = tuple(value.split())
            self._stack.append((tag, classes))
            self._depth[tag] = self._depth.get(tag, 0) + 1
            self._headings += tag in HEADING_LEVELS

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag in VOID_TAGS or not self._depth.get(tag):
            return  # void or stray end tag
        while self._stack:
            open_tag, _ = self._stack.pop()
            self._depth[open_tag] -= 1
            self._headings -= open_tag in HEADING_LEVELS
            if open_tag == tag:
                break
        if self._depth.get("td") or self._depth.get("th"):
            if tag in PARAGRAPH_TAGS or tag in LINE_TAGS:
                self._parts.append(" ")
        elif tag in PARAGRAPH_TAGS:
            self._break(2)
        elif tag in LINE_TAGS:
            self._break(1)

    def handle_data(self, data: str) -> None:
        if self._skip or not data:
            return
        self._parts.append(data)
        if data.isspace() or not data.translate(_DELETE_INVISIBLE).strip():
            return
        self._has_text = True
        self._brs = 0
        depth = self._depth
        level = 0
        if self._headings:
            level = next((n for n in (6, 5, 4, 3, 2, 1) if depth.get(f"h{n}")), 0)
        self._levels.add(level)
        if not (depth.get("u") or depth.get("ins")):
            self._all_underlined = False
        if self._classes is None:
            self._classes = tuple(c for _, cs in self._stack for c in cs)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_lines(html: str) -> list[HtmlLine]:
    """Render an HTML fragment into non-empty lines (see :class:`HtmlLine`)."""
    if not isinstance(html, str):
        raise TypeError(f"html must be str, not {type(html).__name__}")
    collector = _LineCollector()
    collector.feed(html)
    collector.close()
    return collector.lines


def html_to_text(html: str) -> str:
    """Render an HTML fragment as plain text: one line per block, a blank line between paragraphs."""
    out: list[str] = []
    for line in html_to_lines(html):
        if out:
            out.append("\n\n" if line.gap else "\n")
        out.append(line.text)
    return "".join(out)
