"""Rule-based entities: COMMITTEE, PERSON, AMOUNT, DATE, CASE_NUMBER (ANNOTATION.md §3).

One component, ``minutes_entity_rules``, wraps spaCy's ``SpanRuler`` (token patterns from
``resources/patterns/*.jsonl`` plus patterns generated from ``resources/committees.json``), adds
case numbers from the regex recogniser in ``minutes_nlp.normalize.case_numbers``, and persons from
the meeting's participant lists (``doc.spans[HEADER_KEY]``). Rule spans win over ``doc.ents`` set
by an earlier NER where they overlap (``overwrite_ents=True``).
"""
from __future__ import annotations

import datetime as dt

import importlib
import json
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

import srsly
from spacy import util
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Pipe, SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList, filter_spans

from ..labels import ENTITY_LABELS, HEADER_KEY, ITEM_ABSENT_KEY, HeaderField

FACTORY = "minutes_entity_rules"
_RESOURCES = "minutes_nlp.resources"
_PERSON_HEADER_LABELS = (HeaderField.ATTENDEE.value, HeaderField.ABSENT.value)
#: Order decides ties between equally long spans (first wins).
_LABEL_PRIORITY = ("CASE_NUMBER", "PERSON", "COMMITTEE", "AMOUNT", "DATE")
#: Text right before a number that makes it a document or agenda-item number, not a case number.
_DOC_NUMBER_CUE = re.compile(r"(dok\.?\s*nr|dokument\s*nr|dokumentnr|dok\.?\s*id)\.?\s*:?\s*$", re.I)
_ITEM_NUMBER_CUE = re.compile(r"(sag|punkt|pkt)\.?\s*(nr\.?)?\s*:?\s*$", re.I)
_GENITIVE = re.compile(r"(['’]s|s)$")


# --- resources -----------------------------------------------------------------------------------
def load_pattern_files() -> list[dict[str, Any]]:
    """All span-ruler patterns shipped in ``resources/patterns/*.jsonl`` (sorted by file name)."""
    folder = resources.files(_RESOURCES).joinpath("patterns")
    patterns: list[dict[str, Any]] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".jsonl"):
            for line in entry.read_text(encoding="utf8").splitlines():
                if line.strip():
                    patterns.append(json.loads(line))
    return patterns


def load_rules(name: str) -> dict[str, Any]:
    """A JSON rule file from ``resources/`` (``committees.json``, ``person_rules.json``)."""
    return json.loads(resources.files(_RESOURCES).joinpath(name).read_text(encoding="utf8"))


@lru_cache(maxsize=1)
def _package_committee_rules() -> dict[str, Any]:
    return load_rules("committees.json")


# --- committees ----------------------------------------------------------------------------------
def _known_committees(rules: dict[str, Any]) -> dict[str, str]:
    """Lower-cased name → canonical name, including 'KKR <Region>'."""
    known: dict[str, str] = {}
    for name in rules.get("names", []):
        known.setdefault(name.lower(), name)  # the first spelling listed is the canonical one
    for region in rules.get("regions", []):
        known.setdefault(f"kkr {region}".lower(), f"KKR {region}")
    return known


def canonical_committee_name(text: str, rules: Optional[dict[str, Any]] = None) -> str:
    """Canonical body name: whitespace collapsed, genitive dropped, known spelling and case.

    "Økonomiudvalgets" → "Økonomiudvalget", "byrådet" → "Byrådet", "KKR NORDJYLLAND" → "KKR Nordjylland".
    """
    if not isinstance(text, str):
        raise TypeError(f"canonical_committee_name expects str, got {type(text).__name__}")
    rules = rules if rules is not None else _package_committee_rules()
    name = " ".join(text.split())
    if not name:
        return ""
    known = _known_committees(rules)
    abbreviations = set(rules.get("abbreviations", []))
    endings = tuple(s.lower() for s in rules.get("suffixes", [])) + tuple(
        n.lower() for n in rules.get("names", [])
    ) + tuple(r.lower() for r in rules.get("regions", []))
    lowered = name.lower()
    if lowered in known:
        return known[lowered]
    match = _GENITIVE.search(name)
    if match is not None:
        base = name[: match.start()]
        base_lower = base.lower()
        if base_lower in known:
            return known[base_lower]
        if base and (base_lower.endswith(endings) or base.split(" ")[-1] in abbreviations):
            name = base
    words = name.split(" ")
    if all(not c.isalpha() or c.isupper() for c in name):  # an all-caps heading
        words = [w if w in abbreviations else (w.lower() if w.lower() in ("og", "for", "i") else w.capitalize())
                 for w in words]
    name = " ".join(words)
    return name[0].upper() + name[1:]


def _is_excluded_committee(span: Span, rules: dict[str, Any]) -> bool:
    """True for generic words and non-bodies ("udvalget", "Indsatsområdet", "KL")."""
    words = {w.lower() for w in rules.get("exclude_words", [])}
    suffixes = tuple(s.lower() for s in rules.get("exclude_suffixes", []))
    text = span.text.lower()
    last = span[-1].lower_
    return text in words or last in words or last.endswith(suffixes)


def build_committee_patterns(nlp: Language, rules: dict[str, Any]) -> list[dict[str, Any]]:
    """Token patterns for the gazetteer names and the single-word name shape of committees.json."""
    patterns: list[dict[str, Any]] = []
    abbreviations = set(rules.get("abbreviations", []))
    for name in rules.get("names", []):
        if name in abbreviations:
            forms = [name, f"{name}'s", f"{name}’s", f"{name}s"]
            patterns.append({"label": "COMMITTEE", "id": "gazetteer", "pattern": [{"TEXT": {"IN": forms}}]})
            continue
        tokens = [t.lower_ for t in nlp.make_doc(name)]
        if not tokens:
            continue
        pattern: list[dict[str, Any]] = [{"LOWER": t} for t in tokens[:-1]]
        pattern.append({"LOWER": {"IN": [tokens[-1], tokens[-1] + "s"]}})
        patterns.append({"label": "COMMITTEE", "id": "gazetteer", "pattern": pattern})
    regions = [r.lower() for r in rules.get("regions", [])]
    if regions:
        patterns.append({"label": "COMMITTEE", "id": "kkr_region", "pattern": [
            {"TEXT": "KKR"}, {"LOWER": {"IN": regions + [r + "s" for r in regions]}}]})
    suffixes = [re.escape(s) for s in rules.get("suffixes", [])]
    if suffixes:
        lower_alt = "|".join(suffixes)
        upper_alt = "|".join(s.upper() for s in suffixes)
        patterns.append({"label": "COMMITTEE", "id": "shape", "pattern": [
            {"TEXT": {"REGEX": rf"^[A-ZÆØÅ][a-zæøå]+({lower_alt})s?$"}}]})
        patterns.append({"label": "COMMITTEE", "id": "shape", "pattern": [
            {"TEXT": {"REGEX": rf"^[A-ZÆØÅ]{{2,}}({upper_alt})S?$"}}]})
    return patterns


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
    text = doc.text  # Doc.text joins every token: read it once
    for start, end, _value, _scheme in finder(text):
        span = doc.char_span(start, end, label="CASE_NUMBER")
        if span is None:
            span = doc.char_span(start, end, label="CASE_NUMBER", alignment_mode="contract")
        if span is None or len(span) == 0:
            continue
        line_start = text.rfind("\n", 0, span.start_char) + 1
        before = text[line_start:span.start_char]
        if _DOC_NUMBER_CUE.search(before):
            continue
        if _ITEM_NUMBER_CUE.search(before) and span.text.strip().isdigit():
            continue
        spans.append(span)
    return spans


# --- persons -------------------------------------------------------------------------------------
class _PersonRules:
    """person_rules.json in lookup form."""

    def __init__(self, rules: dict[str, Any], committee_rules: dict[str, Any]) -> None:
        self.roles = {r.lower() for r in rules.get("roles", [])}
        self.parties = set(rules.get("party_letters", []))
        self.absence_heads = {w.lower() for w in rules.get("absence_heads", [])}
        self.absence_tails = [tuple(w.lower() for w in tail) for tail in rules.get("absence_tails", [])]
        self.stopwords = {w.lower() for w in rules.get("stopwords", [])}
        suffixes = "|".join(re.escape(s) for s in committee_rules.get("suffixes", [])) or "(?!)"
        self.committee_shape = re.compile(rf"({suffixes})s?$", re.I)

    def valid_name(self, span: Span) -> bool:
        """A name candidate: no stop-word, no committee-like word, on one line."""
        if "\n" in span.text or "\r" in span.text:
            return False
        return not any(t.lower_ in self.stopwords or self.committee_shape.search(t.text) for t in span)


def _party_at(doc: Doc, i: int, parties: set[str]) -> bool:
    """True when tokens i.. read "( X )" with X a party letter."""
    return i + 2 < len(doc) and doc[i].text == "(" and doc[i + 1].text in parties and doc[i + 2].text == ")"


def _role_note_at(doc: Doc, i: int, roles: set[str]) -> bool:
    """True when tokens i.. read "( role …" ("(erhvervschef)", "(centerchef for …)")."""
    return i + 1 < len(doc) and doc[i].text == "(" and doc[i + 1].lower_ in roles


def _skip_notes(doc: Doc, i: int) -> int:
    """Index after any parenthesised notes starting at i ("(A)", "(Afbud)", "(direktør)")."""
    while i < len(doc) and doc[i].text == "(":
        j = i + 1
        while j < len(doc) and j - i <= 8 and doc[j].text != ")" and "\n" not in doc[j].text:
            j += 1
        if j >= len(doc) or doc[j].text != ")":
            return i
        i = j + 1
    return i


def _shape_persons(doc: Doc, candidates: list[Span], rules: _PersonRules) -> list[Span]:
    """Name-shaped candidates kept only in a person context (role, party letter, absence list)."""
    valid = [c for c in candidates if rules.valid_name(c)]
    by_start: dict[int, Span] = {}
    by_end: dict[int, Span] = {}
    for c in valid:
        if c.start not in by_start or len(c) > len(by_start[c.start]):
            by_start[c.start] = c
        if c.end not in by_end or len(c) > len(by_end[c.end]):
            by_end[c.end] = c
    found: list[Span] = []
    lowers = [t.lower_ for t in doc]  # one pass over the tokens; the loop below only indexes
    tails_by_first: dict[str, list[tuple[str, ...]]] = {}
    for tail in rules.absence_tails:
        tails_by_first.setdefault(tail[0], []).append(tuple(tail))
    for i, low in enumerate(lowers):
        if low in rules.roles and i + 1 in by_start:
            found.extend(_walk_forward(doc, i + 1, by_start))
        if i in by_end and (_party_at(doc, i, rules.parties) or _role_note_at(doc, i, rules.roles)
                            or (low == "," and i + 1 < len(doc) and lowers[i + 1] in rules.roles)):
            found.append(by_end[i])
        if low in rules.absence_heads and (i == 0 or "\n" in doc[i - 1].text_with_ws):
            found.extend(_walk_forward(doc, i + 1, by_start))
        for tail in tails_by_first.get(low, ()):
            if tuple(lowers[i:i + len(tail)]) == tail:
                found.extend(_walk_backward(doc, i, by_end))
    return found


def _walk_forward(doc: Doc, i: int, by_start: dict[int, Span]) -> list[Span]:
    """Names listed after "Fraværende:" on the same line."""
    names: list[Span] = []
    if i < len(doc) and doc[i].text == ":":
        i += 1
    while i in by_start:
        name = by_start[i]
        names.append(name)
        i = _skip_notes(doc, name.end)
        if i < len(doc) and doc[i].text in (",", "og", "&") and "\n" not in doc[i - 1].whitespace_:
            i += 1
        else:
            break
    return names


def _walk_backward(doc: Doc, end: int, by_end: dict[int, Span]) -> list[Span]:
    """Names before "… var fraværende", joined by "," / "og"."""
    names: list[Span] = []
    while end in by_end:
        name = by_end[end]
        names.append(name)
        j = name.start - 1
        if j >= 0 and doc[j].text in (",", "og", "&"):
            end = j
        else:
            break
    return names


def _participant_names(doc: Doc) -> list[Span]:
    """Person-name spans written by the header parser (and item absence lines)."""
    names: list[Span] = []
    if HEADER_KEY in doc.spans:
        names.extend(s for s in doc.spans[HEADER_KEY] if s.label_ in _PERSON_HEADER_LABELS)
    if ITEM_ABSENT_KEY in doc.spans:
        names.extend(doc.spans[ITEM_ABSENT_KEY])
    return [s for s in names if len(s) > 0]


def _repeated_persons(doc: Doc, names: Sequence[Span], rules: _PersonRules) -> list[Span]:
    """Every occurrence of a participant's or found person's full name, and of an unambiguous
    capitalised surname of a participant."""
    participants = _participant_names(doc)
    names = list(participants) + list(names)
    if not names:
        return []
    matcher = PhraseMatcher(doc.vocab, attr="ORTH")
    surnames: dict[str, int] = {}
    for span in names:
        words = [t.text for t in span if not t.is_space]
        if not words:
            continue
        matcher.add("FULL", [Doc(doc.vocab, words=words), Doc(doc.vocab, words=words[:-1] + [words[-1] + "s"])])
        if len(words) > 1 and span in participants:
            surnames[words[-1]] = surnames.get(words[-1], 0) + 1
    lower_words = {t.lower_ for t in doc if t.is_lower}
    for surname, count in surnames.items():
        if (count == 1 and len(surname) >= 3 and surname[0].isupper() and surname.lower() not in rules.stopwords
                and surname.lower() not in lower_words):
            matcher.add("SURNAME", [Doc(doc.vocab, words=[surname])])
    return [Span(doc, start, end, label="PERSON") for _, start, end in matcher(doc)]


def person_details(span: Span, person_rules: Optional[dict[str, Any]] = None) -> tuple[Optional[str], Optional[str]]:
    """(party, role) printed next to a person span: "(A)" after it, a role word before or "(role)" after."""
    rules = _PersonRules(person_rules if person_rules is not None else load_rules("person_rules.json"), {})
    doc = span.doc
    party: Optional[str] = None
    role: Optional[str] = None
    if span.start > 0 and doc[span.start - 1].lower_ in rules.roles:
        role = doc[span.start - 1].lower_
    i = span.end
    while i < len(doc) and doc[i].text == "(":
        if _party_at(doc, i, rules.parties) and party is None:
            party = doc[i + 1].text
        elif _role_note_at(doc, i, rules.roles) and role is None:
            role = doc[i + 1].lower_
        nxt = _skip_notes(doc, i)
        if nxt == i:
            break
        i = nxt
    return party, role


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
        self._persons: Optional[_PersonRules] = None

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
        """Load patterns and rules (the packaged ones unless given)."""
        self.committee_rules = committee_rules if committee_rules is not None else load_rules("committees.json")
        self.person_rules = person_rules if person_rules is not None else load_rules("person_rules.json")
        all_patterns = list(patterns) if patterns is not None else load_pattern_files()
        all_patterns += build_committee_patterns(self.nlp, self.committee_rules)
        unknown = {p.get("label") for p in all_patterns} - set(ENTITY_LABELS)
        if unknown:
            raise ValueError(f"{self.name}: patterns with unknown labels {sorted(map(str, unknown))}")
        self.ruler.clear()
        self.ruler.add_patterns(all_patterns)
        self._persons = None

    def _rules(self) -> _PersonRules:
        if not self.is_ready:
            self.initialize()
        if self._persons is None:
            self._persons = _PersonRules(self.person_rules, self.committee_rules)
        return self._persons

    def find_spans(self, doc: Doc) -> list[Span]:
        """All rule spans of the doc, non-overlapping (longest wins, ties by label priority)."""
        persons = self._rules()
        matches = self.ruler.match(doc)
        spans: list[Span] = _case_number_spans(doc) if self.case_numbers else []
        shaped = _shape_persons(doc, [m for m in matches if m.label_ == "PERSON"], persons)
        spans += _repeated_persons(doc, shaped, persons) + shaped
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

    def _clean_committee(self, span: Span) -> Optional[Span]:
        """Drop generic/non-body matches; trim a stop-word before "Byråd"."""
        not_place = {w.lower() for w in self.committee_rules.get("not_place_words", [])}
        if span.id_ == "place_council" and len(span) > 1 and span[0].lower_ in not_place:
            span = Span(span.doc, span.start + 1, span.end, label=span.label)
        if _is_excluded_committee(span, self.committee_rules):
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
            return (len(words) >= 2 and persons.valid_name(span)
                    and all(_NAME_TOKEN.match(t.text) for t in words)
                    and not any(t.lower_ in _NOT_NAME_WORDS for t in words))
        if label == "COMMITTEE":
            return (self._rules().committee_shape.search(span[-1].text) is not None
                    and not _is_excluded_committee(span, self.committee_rules))
        if label == "AMOUNT":
            from ..normalize.amounts import parse_amount

            return parse_amount(span.text) is not None
        if label == "DATE":
            from ..normalize.dates import parse_date

            return parse_date(span.text, dt.date(2000, 1, 1)) is not None
        if label == "CASE_NUMBER":
            from ..normalize.case_numbers import label_before, label_kind, parse_case_number

            before = label_before(span.doc.text, span.start_char)
            if before is not None and label_kind(before) == "document":
                return False  # "Dok.nr.: 330-2023-11034" is a document number (ANNOTATION.md)
            return parse_case_number(span.text, labelled=True) is not None
        return True  # labels of other models (ORG, LOC …) pass through untouched

    def __call__(self, doc: Doc) -> Doc:
        """Find rule entities and merge them into ``doc.ents``."""
        rule_spans = self.find_spans(doc)
        existing = [s for s in doc.ents if not self.vet_model_ents or self.vet(s)]
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
        self.committee_rules = cfg.get("committee_rules", {})
        self.person_rules = cfg.get("person_rules", {})
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
        """Load what ``to_disk`` wrote."""
        path = util.ensure_path(path)
        deserializers = {"cfg.json": lambda p: self._load_cfg(srsly.read_json(p)),
                         "ruler": lambda p: self.ruler.from_disk(p)}
        util.from_disk(path, deserializers, exclude)
        return self


#: A token of a personal name: a capitalised word (hyphenated parts allowed) or an initial "P.".
_NAME_TOKEN = re.compile(r"^(?:[A-ZÆØÅ][a-zæøåäöüéèáíóú]+(?:-[A-ZÆØÅ][a-zæøåäöüéèáíóú]+)*|[A-ZÆØÅ]\.)$")
#: Words that make a capitalised phrase a place or an organisation, not a person.
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
    """Factory of ``minutes_entity_rules`` (patterns load in ``initialize()`` or on first use)."""
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
