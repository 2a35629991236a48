"""Rule-based entities: COMMITTEE, PERSON, AMOUNT, DATE, CASE_NUMBER (ANNOTATION.md §3).

One component, ``minutes_entity_rules``, wraps spaCy's ``SpanRuler`` (token patterns from
``resources/patterns/*.jsonl`` plus patterns generated from ``resources/committees.json``), adds
case numbers from the regex recogniser in ``minutes_nlp.normalize.case_numbers``, and persons from
the meeting's participant lists (``doc.spans[HEADER_KEY]``). Rule spans win over ``doc.ents`` set
by an earlier NER where they overlap (``overwrite_ents=True``). Committee names live in
:mod:`.committees`, the person heuristics in :mod:`.persons`, line wraps in :mod:`.line_wraps`;
their public names stay importable from here.
"""
from __future__ import annotations

import datetime as dt
import importlib
import re
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

import srsly
from spacy import util
from spacy.language import Language
from spacy.pipeline import Pipe, SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList, filter_spans

from ..labels import ENTITY_LABELS, HEADER_KEY, ITEM_ABSENT_KEY
from ..errors import ComponentError
from ..spans import align, doc_text
from .committees import (
    build_committee_patterns,
    canonical_committee_name,
    check_rules,
    is_excluded_committee,
    load_pattern_files,
    load_rules,
)
from .fast_match import RulerMatch
from .line_wraps import to_doc, to_view, wrapped_view
from .persons import PersonRules, person_details, repeated_persons, shape_persons
from .rule_store import required

FACTORY = "minutes_entity_rules"
#: Order decides ties between equally long spans (first wins).
_LABEL_PRIORITY = ("CASE_NUMBER", "PERSON", "COMMITTEE", "AMOUNT", "DATE")
#: Text right before a number that makes it a document or agenda-item number, not a case number.
_DOC_NUMBER_CUE = re.compile(r"(dok\.?\s*nr|dokument\s*nr|dokumentnr|dok\.?\s*id)\.?\s*:?\s*$", re.I)
_ITEM_NUMBER_CUE = re.compile(r"(sag|punkt|pkt)\.?\s*(nr\.?)?\s*:?\s*$", re.I)


# --- case numbers --------------------------------------------------------------------------------
_FINDER: Optional[Callable[[str], Sequence[tuple[int, int, str, str]]]] = None
_FINDER_TRIED = False


def _case_number_finder() -> Optional[Callable[[str], Sequence[tuple[int, int, str, str]]]]:
    """``find_case_numbers`` when the recogniser module is available, else None."""
    global _FINDER, _FINDER_TRIED
    if not _FINDER_TRIED:
        _FINDER_TRIED = True
        try:
            module = importlib.import_module("minutes_nlp.normalize.case_numbers")
            _FINDER = getattr(module, "find_case_numbers", None)
        except ImportError:
            _FINDER = None
    return _FINDER


def _case_number_spans(doc: Doc) -> list[Span]:
    """CASE_NUMBER spans from the regex recogniser, without document and item numbers."""
    finder = _case_number_finder()
    if finder is None:
        return []
    spans: list[Span] = []
    text = doc_text(doc)  # Doc.text joins every token: read it once
    for start, end, _value, _scheme in finder(text):
        span = align(doc, start, end, "CASE_NUMBER", "inside")
        if span is None:
            continue
        line_start = text.rfind("\n", 0, span.start_char) + 1
        before = text[line_start:span.start_char]
        if _DOC_NUMBER_CUE.search(before):
            continue
        if _ITEM_NUMBER_CUE.search(before) and span.text.strip().isdigit():
            continue
        spans.append(span)
    return spans


# --- the component -------------------------------------------------------------------------------
class EntityRules(Pipe):
    """High-precision rule entities written to ``doc.ents`` (rule spans win where they overlap)."""

    def __init__(self, nlp: Language, name: str = FACTORY, *, overwrite_ents: bool = True,
                 case_numbers: bool = True, vet_model_ents: bool = True) -> None:
        self.nlp = nlp
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.vet_model_ents = vet_model_ents
        self.case_numbers = case_numbers
        self.ruler = SpanRuler(nlp, name=f"{name}_ruler", spans_key=None, annotate_ents=False, validate=True)
        self.committee_rules: dict[str, Any] = {}
        self.person_rules: dict[str, Any] = {}
        self._persons: Optional[PersonRules] = None

    @property
    def labels(self) -> tuple[str, ...]:
        """The entity labels this component can assign."""
        return ENTITY_LABELS

    @property
    def is_ready(self) -> bool:
        """Whether patterns and rules are loaded."""
        return len(self.ruler) > 0 and bool(self.committee_rules) and bool(self.person_rules)

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *,
                   nlp: Optional[Language] = None, patterns: Optional[list[dict[str, Any]]] = None,
                   committee_rules: Optional[dict[str, Any]] = None,
                   person_rules: Optional[dict[str, Any]] = None) -> None:
        """Clear, then load patterns and rules (the packaged ones unless given)."""
        self.committee_rules = (_checked("committees.json", committee_rules, f"{self.name} committee_rules")
                                if committee_rules is not None else load_rules("committees.json"))
        self.person_rules = (_checked("person_rules.json", person_rules, f"{self.name} person_rules")
                             if person_rules is not None else load_rules("person_rules.json"))
        all_patterns = list(patterns) if patterns is not None else load_pattern_files()
        all_patterns += build_committee_patterns(self.nlp, self.committee_rules)
        unknown = {p.get("label") for p in all_patterns} - set(ENTITY_LABELS)
        if unknown:
            raise ValueError(f"{self.name}: patterns with unknown labels {sorted(map(str, unknown))}")
        self.ruler.clear()
        self.ruler.add_patterns(all_patterns)
        self._persons = None

    def _rules(self) -> PersonRules:
        if not self.is_ready:
            raise ComponentError(f"{self.name}: no patterns or rules loaded; call nlp.initialize() "
                                 "(or load a saved pipeline)")
        if self._persons is None:
            self._persons = PersonRules(self.person_rules, self.committee_rules)
        return self._persons

    def find_spans(self, doc: Doc) -> list[Span]:
        """All rule spans of the doc, non-overlapping (longest wins, ties by label priority).

        Matching runs on the doc's wrapped view (:mod:`.line_wraps`) when its text has line wraps,
        so a mention cut by one wrap is found; the spans come back on ``doc``.
        """
        return self._spans_on(doc, self._view(doc))

    def _spans_on(self, doc: Doc, view: Doc) -> list[Span]:
        """The rule spans found in ``view`` (``doc`` or its wrapped view), as spans of ``doc``."""
        moved = (to_doc(doc, s) for s in self._find_spans(view))
        return [s for s in moved if s is not None]

    def _view(self, doc: Doc) -> Doc:
        """The wrapped view of ``doc`` with its participant spans, or ``doc`` when it has no wrap."""
        view = wrapped_view(self.nlp, doc, keys=(HEADER_KEY, ITEM_ABSENT_KEY))
        return doc if view is None else view

    def _find_spans(self, doc: Doc) -> list[Span]:
        persons = self._rules()
        matches = self._ruler_match().match(doc)
        spans: list[Span] = _case_number_spans(doc) if self.case_numbers else []
        shaped = shape_persons(doc, [m for m in matches if m.label_ == "PERSON"], persons)
        spans += repeated_persons(doc, shaped, persons) + shaped
        for span in matches:
            if span.label_ == "COMMITTEE":
                span = self._clean_committee(span)
                if span is not None:
                    spans.append(span)
            elif span.label_ == "AMOUNT" and not _is_unit_heading(span):
                spans.append(span)
            elif span.label_ == "DATE":
                spans.append(span)
        priority = {label: i for i, label in enumerate(_LABEL_PRIORITY)}
        spans = sorted(spans, key=lambda s: (priority.get(s.label_, 99), s.start))
        return sorted(filter_spans(spans), key=lambda s: s.start)

    def _ruler_match(self) -> RulerMatch:
        """The ruler's patterns as run by :class:`.fast_match.RulerMatch` (same spans as
        ``self.ruler.match``), rebuilt whenever the ruler's patterns change."""
        fast = self.__dict__.get("_fast")
        if fast is None or fast.patterns != self.ruler.patterns:
            fast = self.__dict__["_fast"] = RulerMatch(self.nlp.vocab, self.ruler.patterns)
        return fast

    def _clean_committee(self, span: Span) -> Optional[Span]:
        """Drop generic/non-body matches; trim a stop-word before "Byråd"."""
        not_place = {w.lower() for w in self.committee_rules.get("not_place_words", [])}
        if span.id_ == "place_council" and len(span) > 1 and span[0].lower_ in not_place:
            span = Span(span.doc, span.start + 1, span.end, label=span.label)
        if is_excluded_committee(span, self.committee_rules):
            return None
        return span

    def vet(self, span: Span) -> bool:
        """Whether a span from a trained NER (already in ``doc.ents``) has the shape of its label.

        The statistical model finds names the rules cannot, but also tags place and organisation
        names; this keeps its PERSON spans that look like a personal name (two or more capitalised
        words or initials, no stop-word, committee or place word), COMMITTEE spans ending in a body
        word, AMOUNT/DATE/CASE_NUMBER spans that the normalisers can parse, and no CASE_NUMBER right
        after a document-number label ("Dok.nr.").
        """
        label = span.label_
        if label == "PERSON":
            persons = self._rules()
            words = [t for t in span if t.text not in ("-",)]
            before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
            return (len(words) >= 2 and persons.valid_name(span)
                    and all(_NAME_TOKEN.match(t.text) for t in words)
                    and not any(t.lower_ in _NOT_NAME_WORDS for t in words)
                    and before not in _ORGANISATION_BEFORE)
        if label == "COMMITTEE":
            return (self._rules().committee_shape.search(span[-1].text) is not None
                    and not is_excluded_committee(span, self.committee_rules))
        if label == "AMOUNT":
            from ..normalize.amounts import parse_amount

            return parse_amount(span.text) is not None
        if label == "DATE":
            from ..normalize.dates import parse_date

            return parse_date(span.text, dt.date(2000, 1, 1)) is not None
        if label == "CASE_NUMBER":
            from ..normalize.case_numbers import label_before, label_kind, parse_case_number

            before = label_before(doc_text(span.doc), span.start_char)
            if before is not None and label_kind(before) == "document":
                return False  # "Dok.nr.: 330-2023-11034" is a document number (ANNOTATION.md)
            return parse_case_number(span.text, labelled=True) is not None
        return True  # labels of other models (ORG, LOC …) pass through untouched

    def __call__(self, doc: Doc) -> Doc:
        """Find rule entities and merge them into ``doc.ents``."""
        view = self._view(doc)
        rule_spans = self._spans_on(doc, view)
        existing = [s for s in doc.ents if not self.vet_model_ents or self.vet(to_view(view, s))]
        if self.vet_model_ents and existing:
            rule_spans = _extend_by_model(rule_spans, existing)
        primary, secondary = (rule_spans, existing) if self.overwrite_ents else (existing, rule_spans)
        taken: set[int] = set()
        for span in primary:
            taken.update(range(span.start, span.end))
        merged = list(primary) + [s for s in secondary if taken.isdisjoint(range(s.start, s.end))]
        doc.ents = filter_spans(merged)  # a safety net: doc.ents refuses overlapping spans
        return doc

    # --- serialisation: patterns (incl. generated ones) and rules travel with the pipeline ----------
    def _cfg(self) -> dict[str, Any]:
        return {"overwrite_ents": self.overwrite_ents, "case_numbers": self.case_numbers,
                "vet_model_ents": self.vet_model_ents,
                "committee_rules": self.committee_rules, "person_rules": self.person_rules}

    def _load_cfg(self, cfg: dict[str, Any]) -> None:
        self.overwrite_ents = bool(cfg.get("overwrite_ents", self.overwrite_ents))
        self.case_numbers = bool(cfg.get("case_numbers", self.case_numbers))
        self.vet_model_ents = bool(cfg.get("vet_model_ents", self.vet_model_ents))
        self.committee_rules = _checked("committees.json", cfg.get("committee_rules"), f"{self.name} committee_rules")
        self.person_rules = _checked("person_rules.json", cfg.get("person_rules"), f"{self.name} person_rules")
        self._persons = None

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """Serialise patterns and rules."""
        serializers = {"cfg": lambda: srsly.json_dumps(self._cfg()), "ruler": lambda: self.ruler.to_bytes()}
        return util.to_bytes(serializers, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> "EntityRules":
        """Load patterns and rules from bytes."""
        deserializers = {"cfg": lambda b: self._load_cfg(srsly.json_loads(b)),
                         "ruler": lambda b: self.ruler.from_bytes(b)}
        util.from_bytes(bytes_data, deserializers, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Write ``cfg.json`` (rules) and ``ruler/patterns`` (JSONL) under path."""
        path = util.ensure_path(path)
        serializers = {"cfg.json": lambda p: srsly.write_json(p, self._cfg()),
                       "ruler": lambda p: self.ruler.to_disk(p)}
        util.to_disk(path, serializers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> "EntityRules":
        """Load what ``to_disk`` wrote; a missing file is an error (never the packaged rules)."""
        path = required(util.ensure_path(path), f"{self.name}.from_disk")
        what = f"{self.name}.from_disk"
        deserializers = {"cfg.json": lambda p: self._load_cfg(srsly.read_json(required(p, what))),
                         "ruler": lambda p: self.ruler.from_disk(required(p, what))}
        util.from_disk(path, deserializers, exclude)
        return self


def _checked(name: str, data: Any, source: str) -> dict[str, Any]:
    """A saved or given copy of a rule file, checked against its model ({} stays {}: not loaded)."""
    return {} if data is None or data == {} else check_rules(name, data, source)


#: A token of a personal name: a capitalised word (hyphenated parts allowed) or an initial "P.".
_NAME_TOKEN = re.compile(r"^(?:[A-ZÆØÅ][a-zæøåäöüéèáíóú]+(?:-[A-ZÆØÅ][a-zæøåäöüéèáíóú]+)*|[A-ZÆØÅ]\.)$")
#: Words that make a capitalised phrase a place or an organisation, not a person.
#: A word right before a name that makes it the name of an organisation, not a person
#: ("foreningen Midtbyfest Randers", "fonden Kaj Holms Minde").
_ORGANISATION_BEFORE = frozenset({
    "foreningen", "forening", "foreningerne", "klubben", "klub", "fonden", "fond", "selskabet", "firmaet",
    "virksomheden", "organisationen", "sammenslutningen", "netværket", "lauget", "kooperativet",
    "initiativet", "projektet", "festivalen", "institutionen", "stiftelsen", "legatet",
})
_NOT_NAME_WORDS = frozenset({
    "kommune", "kommunes", "region", "regions", "vej", "vejs", "gade", "allé", "plads", "torv", "center",
    "centret", "centeret", "hus", "huset", "skole", "skolen", "hallen", "hal", "park", "parken", "strand",
    "havn", "havnen", "politi", "fonden", "fond", "forening", "foreningen", "klub", "klubben", "boulevard",
    "kirke", "kirken", "gård", "gården", "sø", "skov", "skoven", "by", "byen", "danmark", "erhverv",
})


def _extend_by_model(rule_spans: list[Span], model_spans: list[Span]) -> list[Span]:
    """Rule spans, each replaced by a vetted model span of the same label that strictly contains it.

    The rules find a committee's head word ("Fritidsudvalget") but miss irregular coordinations and
    owners before it ("Kultur og Fritidsudvalget", "Greve Seniorråd"); where the trained NER marks
    the longer name, its boundary wins. A model span that touches any other rule span is not used.
    ``rule_spans`` are sorted and non-overlapping (:meth:`EntityRules.find_spans`), so the rule spans a
    model span touches are one run, found by bisection.
    """
    out = list(rule_spans)
    starts = [s.start for s in rule_spans]
    ends = [s.end for s in rule_spans]
    for m in model_spans:
        lo, hi = bisect_right(ends, m.start), bisect_left(starts, m.end)  # rule spans overlapping m
        if hi - lo != 1:
            continue
        span = rule_spans[lo]
        if span.label == m.label and m.start <= span.start and span.end <= m.end and len(m) > len(span):
            out[lo] = m
    return out


def _is_unit_heading(span: Span) -> bool:
    """A table's unit note such as "(1.000 kr.)" is not a sum of money."""
    doc = span.doc
    inside = span.start > 0 and doc[span.start - 1].text == "(" and span.end < len(doc) and doc[span.end].text == ")"
    return inside and span[0].text in ("1", "1.000", "1000")


@Language.factory(
    FACTORY,
    assigns=["doc.ents"],
    default_config={"overwrite_ents": True, "case_numbers": True, "vet_model_ents": True},
)
def make_entity_rules(nlp: Language, name: str, overwrite_ents: bool, case_numbers: bool,
                      vet_model_ents: bool = True) -> EntityRules:
    """Factory of ``minutes_entity_rules`` (patterns and rules load in ``initialize()``)."""
    return EntityRules(nlp, name, overwrite_ents=overwrite_ents, case_numbers=case_numbers,
                       vet_model_ents=vet_model_ents)


__all__ = [
    "EntityRules",
    "build_committee_patterns",
    "canonical_committee_name",
    "load_pattern_files",
    "load_rules",
    "make_entity_rules",
    "person_details",
]
