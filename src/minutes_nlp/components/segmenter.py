"""The agenda segmenter component: items and their sections as span groups.

>>> nlp = spacy.blank("da"); nlp.add_pipe("minutes_agenda_segmenter")   # doctest: +SKIP
>>> [s.text.split("\\n")[0] for s in nlp(text).spans["minutes_items"]]   # doctest: +SKIP
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import srsly
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from ..labels import ITEM_LABEL, ITEMS_KEY, SECTIONS_KEY, TITLE_LABEL, TITLES_KEY
from ..segment import _Rules, rules_from_dict, segment

_RULES_FILE = "headings.json"


def char_span(doc: Doc, start: int, end: int, label: str) -> Span:
    """A token-aligned span for ``[start, end)`` (expanded to token edges; empty when start == end)."""
    if end <= start:
        i = _token_at(doc, start)
        return Span(doc, i, i, label=label)
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:  # pragma: no cover - expand only fails on out-of-range offsets
        i = _token_at(doc, start)
        return Span(doc, i, i, label=label)
    return span


def _token_at(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after ``char`` (binary search over token offsets)."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


class AgendaSegmenter(Pipe):
    """Split minutes into agenda items (``doc.spans["minutes_items"]``) and sections."""

    def __init__(self, nlp: Language, name: str = "minutes_agenda_segmenter", rules: Optional[dict[str, Any]] = None) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self._rules_data: dict[str, Any] = rules or _packaged_rules()
        self._rules: _Rules = rules_from_dict(self._rules_data)

    def __call__(self, doc: Doc) -> Doc:
        seg = segment(doc.text, self._rules)
        items, titles, sections = [], [], []
        for item in seg.items:
            items.append(char_span(doc, item.start, item.end, ITEM_LABEL))
            titles.append(char_span(doc, item.title_start, item.title_end, TITLE_LABEL))
            for sec in item.sections:
                sections.append(char_span(doc, sec.start, sec.end, sec.label))
        doc.spans[ITEMS_KEY] = items
        doc.spans[ITEMS_KEY].attrs["numbers"] = [i.number for i in seg.items]
        doc.spans[ITEMS_KEY].attrs["titles"] = [i.title for i in seg.items]
        doc.spans[ITEMS_KEY].attrs["style"] = seg.style or ""
        doc.spans[TITLES_KEY] = titles
        doc.spans[SECTIONS_KEY] = sections
        return doc

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *, nlp: Optional[Language] = None,
                   rules: Optional[dict[str, Any]] = None) -> None:
        """Load heading rules (the packaged ones unless ``rules`` is given)."""
        if rules is not None:
            self._rules_data = rules
            self._rules = rules_from_dict(rules)

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return srsly.msgpack_dumps({"rules": self._rules_data})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()) -> "AgendaSegmenter":
        self.initialize(rules=srsly.msgpack_loads(bytes_data)["rules"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / _RULES_FILE, self._rules_data)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> "AgendaSegmenter":
        self.initialize(rules=srsly.read_json(ensure_path(path) / _RULES_FILE))
        return self


def _packaged_rules() -> dict[str, Any]:
    from importlib import resources

    return json.loads(resources.files("minutes_nlp.resources").joinpath(_RULES_FILE).read_text("utf-8"))


@Language.factory(
    "minutes_agenda_segmenter",
    assigns=["doc.spans"],
    default_config={},
)
def make_agenda_segmenter(nlp: Language, name: str) -> AgendaSegmenter:
    """Factory for :class:`AgendaSegmenter`."""
    return AgendaSegmenter(nlp, name)
