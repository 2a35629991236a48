"""Rule-based decision labels (ANNOTATION.md §2): the spaCy component ``minutes_decisions``.

The rules are data (``resources/decision_rules.json``, loaded by ``decision_rules``), the label comes
from the pure ``decision_classify.classify_decision`` and, where an item carries a decision history,
the meeting's own block is chosen by ``decision_history.choose_decision``. This module re-exports
the public names of those modules.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Optional

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, SpanGroup

from .rule_store import RuleComponent
from ..labels import DECISIONS_KEY, HEADER_KEY, ITEMS_KEY, SECTIONS_KEY, HeaderField, Section
from ..normalize.dates import parse_date
from ..spans import doc_text, inside, sections_of
from .decision_classify import classify_decision, find_competence, goes_upward, recommendation_kinds
from .decision_history import choose_decision, find_heading_date, heading_before, is_false_friend, parse_heading
from .decision_rules import BARE, KIND_LABEL, REC_KINDS, RULES_RESOURCE, Cue, DecisionRules, default_rules, load_rules

__all__ = [
    "BARE", "KIND_LABEL", "REC_KINDS", "RULES_RESOURCE", "Cue", "DecisionClassifier", "DecisionRules",
    "choose_decision", "classify_decision", "default_rules", "find_competence", "goes_upward", "load_rules",
    "make_decision_classifier", "meeting_body", "recommendation_kinds", "recommendation_of", "sections_of",
]

_INDSTILLER = re.compile(r"[^.\n]*\bindstiller\b.*?(?=\n\s*\n|\Z)", re.IGNORECASE | re.DOTALL)


_inside = inside  # the old private name

def _number_of(doc: Doc, index: int) -> Optional[str]:
    """The printed number of item ``index`` (the segmenter's ``numbers`` attr), if any."""
    numbers = doc.spans[ITEMS_KEY].attrs.get("numbers", [])
    return numbers[index] if index < len(numbers) and isinstance(numbers[index], str) else None


def _trim(span: Span) -> Span:
    """The span without leading/trailing whitespace tokens (may become empty)."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return Span(span.doc, start, end, label=span.label_)


#: an Indstilling heading glued to its text or followed by a colon on its line, left inside another
#: section ("IndstillingDer skal ikke træffes beslutning …", "Indstilling: Godkendelse …")
_GLUED_RECOMMENDATION = re.compile(
    r"^[ \t•\-]*(?-i:Indstilling|INDSTILLING)(?:[ \t]*:[ \t]*|(?-i:(?=[A-ZÆØÅ][a-zæøå])))(?P<text>\S.*?)(?=\n[ \t]*\n|\Z)",
    re.MULTILINE | re.DOTALL)
#: a Beslutning heading glued to an enumerator or a capital ("Beslutning1. Udvalget …") that the
#: segmenter left inside another section
_GLUED_DECISION = re.compile(r"^[ \t]*(?-i:Beslutning(?=\d|[A-ZÆØÅ])|BESLUTNING(?=\d))", re.MULTILINE)


def _false_block(doc: Doc, sec: Span, floor: int) -> bool:
    """A decision-labelled section whose heading line is no decision heading (a sentence that
    mentions "beslutning", e.g. "Der skal ikke træffes beslutning på temamødet. Temamødet skal …")."""
    heading = heading_before(doc_text(doc), sec.start_char, floor)
    return parse_heading(heading) is None


def _sentence_heading(doc: Doc, sec: Span, floor: int) -> bool:
    """A section that only starts because a wrapped sentence line ended in a heading word ("…
    anbefaler overfor byrådet at administrationens indstilling" / "godkendes."): a mixed-case line of
    five or more words with no colon, and a body that goes on in lower case."""
    heading = heading_before(doc_text(doc), sec.start_char, floor).strip()
    body = sec.text.lstrip()
    return (len(heading.split()) >= 5 and not heading.endswith(":") and not heading.isupper()
            and bool(body) and body[0].islower())


def recommendation_of(doc: Doc, item: Span, inner: list[Span], decision: Optional[Span] = None) -> Optional[str]:
    """The first INDSTILLING section's text (with the text of any following decision-labelled
    blocks whose heading is a sentence, not a decision heading), else an Indstilling heading glued
    to its text inside another section, else a "… indstiller, at …" passage of RESUME/HEAD."""
    for k, sec in enumerate(inner):
        if sec.label_ == Section.RECOMMENDATION.value:
            end = sec.end_char
            for nxt in inner[k + 1:]:
                if (nxt.label_ not in _DECISION_LABELS or nxt is decision
                        or (decision is not None and nxt.start_char == decision.start_char)
                        or not _false_block(doc, nxt, item.start_char)):
                    break
                end = nxt.end_char
            return doc_text(doc)[sec.start_char:end]
    before = min((s.start_char for s in inner if s.label_ in _DECISION_LABELS), default=item.end_char)
    if decision is not None:
        before = min(before, decision.start_char)
    m = _GLUED_RECOMMENDATION.search(doc_text(doc), item.start_char, before)
    if m:
        return m.group("text")[: before - m.start("text")].strip()
    for sec in inner:
        if sec.label_ in (Section.RESUME.value, Section.HEAD.value):
            m = _INDSTILLER.search(sec.text)
            if m:
                return m.group(0).strip()
    return None


def _glued_decision(doc: Doc, item: Span, inner: list[Span]) -> Optional[Span]:
    """For an item with no decision section: the text after the last "Beslutning" heading glued to
    its text at a line start, to the end of the section holding it (else the item)."""
    last = None
    for m in _GLUED_DECISION.finditer(doc_text(doc), item.start_char, item.end_char):
        last = m
    if last is None:
        return None
    start = last.end()
    holder = [s for s in inner if s.start_char <= start < s.end_char]
    end = max((s.end_char for s in holder), default=item.end_char)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not span.text.strip():
        return None
    return Span(doc, span.start, span.end, label=Section.DECISION.value)


def _outcome_line(doc: Doc, inner: list[Span], rules: DecisionRules) -> tuple[Optional[Span], Optional[str]]:
    """For an item with no decision section: the first line of its first section when that line
    records the outcome (``rules.outcome_lines``: "Foretoges.", "Beslutningsforslaget blev oversendt
    til Magistraten." at the top of a members' question or proposal), and the label the rule fixes
    (None: classify the line)."""
    first = next((s for s in inner if s.label_ != Section.HEAD.value), None)  # after the case numbers
    if first is None:
        return None, None
    body = doc_text(doc)[first.start_char:first.end_char]
    lead = len(body) - len(body.lstrip())
    line = body[lead:].split("\n", 1)[0].rstrip()
    rule = next(((p, label) for p, label in rules.outcome_lines if line and p.fullmatch(line)), None)
    if rule is None:
        return None, None
    start = first.start_char + lead
    span = doc.char_span(start, start + len(line), alignment_mode="expand")
    return (Span(doc, span.start, span.end, label=Section.DECISION.value), rule[1]) if span is not None else (None, None)


def _continued(doc: Doc, item: Span, inner: list[Span], decision: Span) -> tuple[int, int]:
    """The decision's character range, running on over following sections that only start because
    a wrapped sentence line ended in a heading word (:func:`_sentence_heading`)."""
    end = decision.end_char
    after = [s for s in inner if s.start_char >= decision.end_char and s.start_char > decision.start_char]
    for sec in after:
        if sec.label_ in _DECISION_LABELS or not _sentence_heading(doc, sec, item.start_char):
            break
        end = sec.end_char
    return decision.start_char, end


def meeting_body(doc: Doc) -> Optional[str]:
    """The meeting's body as the header printed it (the BODY header field), else None."""
    if HEADER_KEY not in doc.spans:
        return None
    return next((s.text for s in doc.spans[HEADER_KEY] if s.label_ == HeaderField.BODY.value), None)


_recommendation, _body = recommendation_of, meeting_body  # the old private names


def _date(doc: Doc) -> Optional[dt.date]:
    """The meeting date from the header span group: its "date_value" attr, else the DATE span's text
    ("22.05.2023", "mandag den 22. maj 2023 kl. 16")."""
    if HEADER_KEY not in doc.spans:
        return None
    value = doc.spans[HEADER_KEY].attrs.get("date_value")  # "YYYY-MM-DD", year resolved by the header parser
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    text = next((s.text for s in doc.spans[HEADER_KEY] if s.label_ == HeaderField.DATE.value), None)
    return (parse_date(text) or find_heading_date(text)) if text else None


_DECISION_LABELS = (Section.DECISION.value, Section.EARLIER_DECISION.value)


def _own_decision(doc: Doc, item: Span, inner: list[Span], body: Optional[str], date: Optional[dt.date],
                  relabel: dict[tuple[int, int], str]) -> tuple[Optional[Span], Optional[str]]:
    """The item's own decision section and the body its heading names; with several decision
    blocks, :func:`choose_decision` picks by the meeting's body and date and ``relabel`` collects
    the new section labels (the chosen one BESLUTNING, the rest TIDLIGERE_BESLUTNING)."""
    blocks = [s for s in inner if s.label_ in _DECISION_LABELS]
    if len(blocks) < 2:
        own = next((s for s in blocks if s.label_ == Section.DECISION.value), None)
        if own is None:
            return None, None
        heading = heading_before(doc_text(doc), own.start_char, item.start_char)
        if is_false_friend(heading):  # "Beslutningssag: …", "… (Beslutning)", "Beslutning om …"
            return None, None
        head = parse_heading(heading)
        return own, head.body if head else None
    headings = [heading_before(doc_text(doc), s.start_char, item.start_char) for s in blocks]
    k = choose_decision(headings, body, date, [s.text for s in blocks])
    for j, s in enumerate(blocks):
        wanted = Section.DECISION.value if j == k else Section.EARLIER_DECISION.value
        if s.label_ != wanted:
            relabel[(s.start_char, s.end_char)] = wanted
    head = parse_heading(headings[k])
    return blocks[k], head.body if head else None


class DecisionClassifier(RuleComponent, Pipe):
    """Writes one span per item with a Beslutning section to doc.spans[DECISIONS_KEY].

    Reads doc.spans[ITEMS_KEY] and doc.spans[SECTIONS_KEY] (from the agenda segmenter); does
    nothing when they are absent. Group attrs: "scores" (floats) and "items" (item indices),
    parallel to the spans. Where an item holds several decision blocks (BESLUTNING and
    TIDLIGERE_BESLUTNING sections), the meeting's own is chosen by the header's BODY and DATE
    (:func:`choose_decision`) and doc.spans[SECTIONS_KEY] is relabelled to match: the chosen block
    BESLUTNING, the others TIDLIGERE_BESLUTNING.
    """

    RULES_FILE = RULES_RESOURCE
    DEFAULT_NAME = "minutes_decisions"

    def compile_rules(self, data: dict[str, Any], source: str) -> DecisionRules:
        """Check and compile a decision rule object."""
        return DecisionRules.from_dict(data, source)

    def packaged_rules(self) -> DecisionRules:
        """The packaged rules (compiled once per process)."""
        return default_rules()

    def __call__(self, doc: Doc) -> Doc:
        if ITEMS_KEY not in doc.spans or SECTIONS_KEY not in doc.spans:
            return doc
        sections = sorted(doc.spans[SECTIONS_KEY], key=lambda s: (s.start_char, s.end_char))
        starts = [s.start_char for s in sections]
        body, date = meeting_body(doc), _date(doc)
        spans: list[Span] = []
        scores: list[float] = []
        items: list[int] = []
        relabel: dict[tuple[int, int], str] = {}
        for index, item in enumerate(doc.spans[ITEMS_KEY]):
            inner = sections_of(item, sections, starts)
            decision, heading_body = _own_decision(doc, item, inner, body, date, relabel)
            fixed = None
            if decision is None and not any(s.label_ in _DECISION_LABELS for s in inner):
                decision = _glued_decision(doc, item, inner)
                if decision is None:
                    decision, fixed = _outcome_line(doc, inner, self.rules)
            if decision is None:
                continue
            procedure = next((s.text for s in inner if s.label_ == Section.PROCEDURE.value), None)
            if procedure is None:
                first = min([s.start_char for s in inner if s.label_ in _DECISION_LABELS] + [decision.start_char])
                procedure = find_competence(doc_text(doc)[item.start_char:first], self.rules)
            start, end = _continued(doc, item, inner, decision)
            if end > decision.end_char:
                grown = doc.char_span(start, end, alignment_mode="expand")
                if grown is not None:
                    decision = Span(doc, grown.start, grown.end, label=decision.label_)
            label, score = (fixed, 0.85) if fixed else classify_decision(
                doc_text(doc)[start:end], recommendation_of(doc, item, inner, decision), body=body or heading_body,
                rules=self.rules, procedure=procedure, item_number=_number_of(doc, index))
            trimmed = _trim(decision)
            spans.append(Span(doc, trimmed.start, trimmed.end, label=label))
            scores.append(score)
            items.append(index)
        if relabel:
            old = doc.spans[SECTIONS_KEY]
            doc.spans[SECTIONS_KEY] = SpanGroup(
                doc, name=SECTIONS_KEY, attrs=dict(old.attrs),
                spans=[Span(doc, s.start, s.end, label=relabel.get((s.start_char, s.end_char), s.label_)) for s in old])
        doc.spans[DECISIONS_KEY] = SpanGroup(doc, name=DECISIONS_KEY, spans=spans, attrs={"scores": scores, "items": items})
        return doc


@Language.factory(
    "minutes_decisions",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"rules_path": None,
                    "scorer": {"@scorers": "spacy.overlapping_labeled_spans_scorer.v1", "spans_key": DECISIONS_KEY}},
    default_score_weights={f"spans_{DECISIONS_KEY}_f": 1.0, f"spans_{DECISIONS_KEY}_p": 0.0,
                           f"spans_{DECISIONS_KEY}_r": 0.0, f"spans_{DECISIONS_KEY}_per_type": None},
)
def make_decision_classifier(nlp: Language, name: str, rules_path: Optional[str],
                             scorer: Optional[Callable[..., dict[str, Any]]] = None) -> DecisionClassifier:
    """Factory "minutes_decisions": rules load in ``initialize`` (the JSON file at `rules_path`, else the
    packaged ones); ``scorer`` scores the labelled decision spans."""
    return DecisionClassifier(nlp, name, rules_path=rules_path, scorer=scorer)
