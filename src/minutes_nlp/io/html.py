"""Minutes pages from municipal portals (HTML) → text, headings kept as their own lines.

Portal pages wrap the minutes in navigation, cookie banners, breadcrumbs and footers. ``prune_html``
drops those subtrees (by tag, ``role`` and class/id words) and, when the page marks its content with
``<main>``, ``role="main"`` or ``<article>``, keeps only that. :func:`html_page_to_text` then renders
with :func:`minutes_nlp.io.htmltext.html_to_text`: one line per block, headings on lines of their own,
so the segmenter sees "Punkt 3. …" and "Beslutning" as headings.
"""
from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from .htmltext import VOID_TAGS, html_to_text

__all__ = ["html_page_to_text", "prune_html"]

#: Elements that never hold minutes text on a portal page.
BOILERPLATE_TAGS = frozenset({
    "nav", "header", "footer", "aside", "form", "noscript", "button", "select", "script", "style",
    "template", "svg", "iframe", "dialog",
})
#: ``role`` values of boilerplate regions.
BOILERPLATE_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary", "dialog"})
#: class/id words (split at '-', '_' and spaces) that mark boilerplate.
BOILERPLATE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent",
    "skip", "sidebar", "share", "social", "footer", "header", "banner",
})
CONTENT_TAGS = frozenset({"main", "article"})
_WORD_SPLIT = re.compile(r"[\s_\-]+")


def _attr(attrs: list[tuple[str, str | None]], name: str) -> str:
    return next((v or "" for k, v in attrs if k == name), "")


def _is_boilerplate(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in BOILERPLATE_TAGS or _attr(attrs, "role").lower() in BOILERPLATE_ROLES:
        return True
    if _attr(attrs, "aria-hidden").lower() == "true" or any(k == "hidden" for k, _ in attrs):
        return True
    words = set(_WORD_SPLIT.split((_attr(attrs, "class") + " " + _attr(attrs, "id")).lower()))
    return bool(words & BOILERPLATE_WORDS) and tag not in ("body", "html", "main", "article")


def _is_content(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    return tag in CONTENT_TAGS or _attr(attrs, "role").lower() == "main"


class _Pruner(HTMLParser):
    """Re-serialises HTML without boilerplate subtrees; collects content-region HTML separately."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.all: list[str] = []
        self.content: list[str] = []
        self._stack: list[str] = []  # open non-void tags
        self._skip_at: int | None = None  # stack depth where a skipped subtree began
        self._content_at: int | None = None

    def _emit(self, piece: str) -> None:
        if self._skip_at is not None:
            return
        self.all.append(piece)
        if self._content_at is not None:
            self.content.append(piece)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        void = tag in VOID_TAGS
        if self._skip_at is None and not void and _is_boilerplate(tag, attrs):
            self._skip_at = len(self._stack)
        elif self._skip_at is None and self._content_at is None and not void and _is_content(tag, attrs):
            self._content_at = len(self._stack)
            self.content.append("<div>")  # keep separate regions apart
        self._emit(f"<{tag}>")
        if not void:
            self._stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._emit(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return  # stray end tag
        while self._stack:
            open_tag = self._stack.pop()
            self._emit(f"</{open_tag}>")
            depth = len(self._stack)
            if self._skip_at is not None and depth <= self._skip_at:
                self._skip_at = None
            if self._content_at is not None and depth <= self._content_at:
                self._content_at = None
                self.content.append("</div>")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self._emit(escape(data, quote=False))


def prune_html(html: str) -> str:
    """The page's minutes HTML: boilerplate removed; only the main/article regions if it has any."""
    if not isinstance(html, str):
        raise TypeError(f"html must be str, not {type(html).__name__}")
    pruner = _Pruner()
    pruner.feed(html)
    pruner.close()
    content = "".join(pruner.content)
    if re.search(r"\S", re.sub(r"<[^>]*>", "", content)):
        return content
    return "".join(pruner.all)


def html_page_to_text(html: str) -> str:
    """A portal page's minutes as text: headings and blocks on their own lines, boilerplate gone."""
    return html_to_text(prune_html(html))
