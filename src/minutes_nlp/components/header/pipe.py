"""The `minutes_header` spaCy component: `doc.spans[HEADER_KEY]` (header fields) and
`doc.spans[ITEM_ABSENT_KEY]` (persons absent in single items).

Header region: the text before the first item span in `doc.spans[labels.ITEMS_KEY]`; without items, the
first `max_scan_chars` characters, and only when a labelled field (or a title line with body and date)
is found there. Group attrs of `doc.spans[HEADER_KEY]`: "persons" (party/role per person span),
"municipality", "date_value" (the meeting date as "YYYY-MM-DD", its year resolved when not printed).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span

from ...spans import align, doc_text
from ...labels import HEADER_KEY, ITEM_ABSENT_KEY, ITEMS_KEY, SECTIONS_KEY, HeaderField
from ..rule_store import RuleComponent, SrslyRuleFiles
from .absence import find_item_absences
from .datetimes import find_times
from .headings import vote_decision_headings
from .municipality import find_municipality
from .parse import parse_header
from .rules import RULES_FILE, HeaderMatch, HeaderResult, HeaderRules, load_rules

__all__ = ["ABSENT_LABEL", "header_region", "HeaderParser", "make_header_parser"]

ABSENT_LABEL = "ABSENT"


def header_region(text: str, item_starts: list[int], max_scan_chars: int = 3000,
                  max_header_chars: int = 20000) -> tuple[int, int, bool]:
    """(start, end, from_items): before the first item, else the first max_scan_chars (to a line end)."""
    if item_starts:
        return 0, min(min(item_starts), max_header_chars), True
    end = min(len(text), max_scan_chars)
    nl = text.find("\n", end)
    if 0 <= nl - end < 300:
        end = nl
    return 0, end, False


class HeaderParser(SrslyRuleFiles, RuleComponent, Pipe):  # type: ignore[misc,valid-type]
    """Writes `doc.spans[HEADER_KEY]` (header fields) and `doc.spans[ITEM_ABSENT_KEY]`.

    Rules: `resources/header_rules.json` (loaded by `initialize`; see `rule_store`)."""

    RULES_FILE = RULES_FILE
    DISK_NAME = RULES_FILE

    def __init__(self, nlp: "Language", name: str = "minutes_header", *, max_scan_chars: int = 3000,
                 max_header_chars: int = 20000, item_absence: bool = True,
                 scorer: Optional[Callable[..., dict[str, Any]]] = None) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.cfg = {"max_scan_chars": int(max_scan_chars), "max_header_chars": int(max_header_chars),
                    "item_absence": bool(item_absence)}
        self.scorer = scorer
        self._rules: Optional[HeaderRules] = None

    def compile_rules(self, data: dict[str, Any], source: str) -> HeaderRules:
        """Check a header_rules.json object and build the rules."""
        return load_rules(data, source)

    def packaged_rules(self) -> HeaderRules:
        """The packaged rules (built once per process)."""
        return load_rules()

    def __call__(self, doc: "Doc") -> "Doc":
        text = doc_text(doc)
        items = list(doc.spans[ITEMS_KEY]) if ITEMS_KEY in doc.spans else []
        start, end, from_items = header_region(text, [sp.start_char for sp in items],
                                               self.cfg["max_scan_chars"], self.cfg["max_header_chars"])
        result = parse_header(text, start, end, self.rules) if text.strip() else HeaderResult()
        looks_like_minutes = from_items or result.labelled or result.titled
        spans: list[Span] = []
        persons: list[Optional[dict[str, Optional[str]]]] = []
        municipality: Optional[str] = None
        date_value: Optional[str] = None
        if looks_like_minutes:
            date_value = result.date_value
            fields = list(result.fields)
            date_value = self._from_decision_headings(doc, items, fields, date_value)
            if not any(f.label == HeaderField.END_TIME.value for f in fields):
                m = self.rules.pattern("end_phrase", 0).search(text)
                times = find_times(text[m.end():m.end() + 20], m.end()) if m else []
                if times:
                    fields.append(HeaderMatch(HeaderField.END_TIME.value, *times[0], text[slice(*times[0])]))
            for f in sorted(fields, key=lambda f: (f.start, f.end)):
                span = align(doc, f.start, f.end, f.label, "exact", text)
                if span is None:
                    continue
                spans.append(span)
                is_person = f.label in (HeaderField.ATTENDEE.value, HeaderField.ABSENT.value)
                persons.append({"party": f.party, "role": f.role} if is_person else None)
            body = result.first(HeaderField.BODY.value)
            municipality = find_municipality(text, start, end, body.text if body else None, self.rules)
        doc.spans[HEADER_KEY] = spans
        group = doc.spans[HEADER_KEY]
        group.attrs["persons"] = persons
        group.attrs["municipality"] = municipality
        group.attrs["date_value"] = date_value
        self._set_item_absence(doc, items)
        return doc

    def _from_decision_headings(self, doc: "Doc", items: list["Span"], fields: list[HeaderMatch],
                                date_value: Optional[str]) -> Optional[str]:
        """Body and/or date from the items' dated decision headings when the header names none (appended
        to `fields`); returns the meeting date value."""
        has_body = any(f.label == HeaderField.BODY.value for f in fields)
        has_date = any(f.label == HeaderField.DATE.value for f in fields) and date_value is not None
        if (has_body and has_date) or not items or SECTIONS_KEY not in doc.spans:
            return date_value
        text = doc_text(doc)
        sections = [(sp.start_char, sp.end_char, sp.label_) for sp in doc.spans[SECTIONS_KEY]]
        header_body = next((f.text for f in fields if f.label == HeaderField.BODY.value), None)
        vote = vote_decision_headings(text, [(it.start_char, it.end_char) for it in items], sections,
                                      self.rules, header_body)
        if not has_body and vote.body is not None:
            fields.append(HeaderMatch(HeaderField.BODY.value, *vote.body, text[slice(*vote.body)]))
        if not has_date and vote.date is not None and vote.date_value:
            fields[:] = [f for f in fields if f.label != HeaderField.DATE.value]
            fields.append(HeaderMatch(HeaderField.DATE.value, *vote.date, text[slice(*vote.date)]))
            date_value = vote.date_value
        return date_value

    def _set_item_absence(self, doc: "Doc", items: list["Span"]) -> None:
        spans: list[Span] = []
        index: list[int] = []
        persons: list[dict[str, Optional[str]]] = []
        if self.cfg["item_absence"]:
            text = doc_text(doc)
            for k, item in enumerate(items):
                for p in find_item_absences(text, item.start_char, item.end_char, self.rules):
                    span = align(doc, p.start, p.end, ABSENT_LABEL, "exact", text)
                    if span is not None:
                        spans.append(span)
                        index.append(k)
                        persons.append({"party": p.party, "role": p.role})
        doc.spans[ITEM_ABSENT_KEY] = spans
        group = doc.spans[ITEM_ABSENT_KEY]
        group.attrs["items"] = index
        group.attrs["persons"] = persons


@Language.factory(
    "minutes_header",
    assigns=["doc.spans"],
    default_config={"max_scan_chars": 3000, "max_header_chars": 20000, "item_absence": True,
                    "scorer": {"@scorers": "spacy.overlapping_labeled_spans_scorer.v1", "spans_key": HEADER_KEY}},
    default_score_weights={f"spans_{HEADER_KEY}_f": 1.0, f"spans_{HEADER_KEY}_p": 0.0, f"spans_{HEADER_KEY}_r": 0.0,
                           f"spans_{HEADER_KEY}_per_type": None},
)
def make_header_parser(nlp: Language, name: str, max_scan_chars: int, max_header_chars: int,
                       item_absence: bool, scorer: Optional[Callable[..., dict[str, Any]]] = None) -> HeaderParser:
    """Factory of the `minutes_header` component (rules load in `initialize`); `scorer` scores the fields."""
    return HeaderParser(nlp, name, max_scan_chars=max_scan_chars, max_header_chars=max_header_chars,
                        item_absence=item_absence, scorer=scorer)
