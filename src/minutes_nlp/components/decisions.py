"""Rule-based decision labels (ANNOTATION.md §2): rules as data, a pure function, a spaCy component.

`classify_decision(decision, recommendation)` reads an item's Beslutning text in the light of its
Indstilling and returns one of the seven `labels.DecisionLabel` strings with a score in 0..1.
The rules live in `resources/decision_rules.json` (ordered, case-insensitive regexes).

Algorithm
    1. Split the decision into parts (lines, then sentences). Strip vote prefixes ("Med stemmerne
       19 for og 1 imod …") and item enumerators ("Ad 1:", "1.-3."). Drop `noise` parts: absence,
       attendance, votes, party positions, protokol/mindretal lines, rejected amendments
       (reading rule 4). Parts matching `no_decision` ("-", "Intet.", "Ingen orienteringer") are dropped.
       Nothing left → Ingen beslutning.
    2. Match `decision_cues` in order inside each part; each match is masked (blanked) before the
       next cue is tried, so "ikke godkendt" never also counts as "godkendt", and "besluttede at
       sende sagen til behandling i …" is a referral (Udsat), not a decision of its own.
    3. A BARE cue ("Godkendt", "Indstillingen godkendt", "Tiltrådt", "Byrådet godkendte
       Økonomiudvalgets indstilling") is resolved by reading rule 1. If the sentence carrying it, or a
       sentence with no cue, leaves content words outside `bare_stopwords` ("Godkendt, idet næste
       møde holdes på rådhuset"), the decision adds its own act → Godkendt. Otherwise the label is
       what the recommendation asks for (`recommendation_kinds`): note → Til orientering, discuss →
       Drøftet, recommend upward → Anbefales (Godkendt when the deciding body is the top body:
       "Byrådet godkendte …" or `body` names a byråd/kommunalbestyrelse), approve → Godkendt;
       several kinds → precedence; no recommendation → Godkendt.
    4. Several labels → `labels.DECISION_PRECEDENCE` (mixed decisions).
    5. No cue but real content → `weak_cues` ("Formanden orienterede om …" → Til orientering;
       "Udvalget ønsker en sag …" → Godkendt); else a recommendation that says no decision is to be
       made → Ingen beslutning ("Dialogmødet blev holdt"); else its note/discuss/recommend kinds;
       else Godkendt.

Score
    score = w × f_bare × f_conflict, where w is the JSON weight of the strongest cue carrying the
    winning label (0.95 explicit phrases, 0.8–0.9 looser ones); f_bare is 1.0 (one recommendation
    kind), 0.85 (several kinds), 0.9 (own act / top body), 0.8 (no recommendation kind) for a
    label that came from a bare approval, else 1; f_conflict is 0.85 when the parts carry more than one
    label. Fallbacks: weak cue weight (0.4–0.45), recommendation kinds 0.35, bare default 0.3.
    Empty text → 1.0; only "-"/"Intet."/noise → 0.95/0.8.

Hard cases (decided here)
    - "Udvalget ønsker en sag på et kommende møde" (alone): the body decided an act of its own →
      Godkendt, low score (weak cue). Next to "Taget til efterretning" it stays Til orientering:
      a wish attached to a note is not an approval.
    - "KKR … drøftede sagen og besluttede, at videresende bekymringsbrevet til KL" → Godkendt
      (besluttede outranks drøftede; forwarding a letter is an act, not a referral of the matter).
    - "Byrådet besluttede at sende sagen til realitetsbehandling i udvalget" → Udsat (rule 2).
    - "Temamødet blev holdt", "Byrådet besvarede spørgsmålene": no cue; the recommendation's kind
      decides (a theme meeting "til drøftelse" → Drøftet), else Godkendt with score 0.3.
    - Budget votes where party amendments are rejected and the budget adopted → Godkendt: rejected
      amendments are vote lines, not the item's decision.
    - "… anbefaler indstillingen med bemærkning om at aftalen for X ikke godkendes" → Ikke godkendt
      by precedence (a part is rejected), with a conflict-lowered score.
    - Without `body`, a bare "Godkendt." by the byråd itself on a recommendation addressed "over for
      udvalget, Økonomiudvalget og Byrådet" reads as Anbefales; the component passes the meeting body
      from the header span group when it is there.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import ensure_path, from_bytes, from_disk, to_bytes, to_disk

from ..labels import (
    DECISION_LABELS,
    DECISION_PRECEDENCE,
    DECISIONS_KEY,
    HEADER_KEY,
    ITEMS_KEY,
    SECTIONS_KEY,
    DecisionLabel,
    HeaderField,
    Section,
)

RULES_RESOURCE = "decision_rules.json"
BARE = "BARE"
REC_KINDS = ("recommend", "note", "discuss", "approve", "none")
KIND_LABEL = {
    "note": DecisionLabel.NOTED.value,
    "discuss": DecisionLabel.DISCUSSED.value,
    "recommend": DecisionLabel.RECOMMENDED.value,
    "approve": DecisionLabel.APPROVED.value,
}
_FLAGS = re.IGNORECASE | re.MULTILINE
_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÆØÅ(\d])")
_CLAUSE_SPLIT = re.compile(r"\n|(?<=[.;])\s+(?=[A-ZÆØÅ])|,?\s+og\s+(?=at\s)|,\s*(?=at\s)")
#: a line break inside a sentence (not before an enumerator or an "at"-clause) is a space
_SOFT_BREAK = re.compile(r"\n(?!\s*(?:\d+[a-z]?[.)]|[a-zæøå][.)]\s|[-•–]|at\s|\n))", re.IGNORECASE)
_TOP_BODY_NAME = re.compile(r"byråd|kommunalbestyrelse|regionsråd|borgerrepræsentation", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """One ordered rule: a regex that carries a label (or BARE, or a recommendation kind)."""

    label: str
    weight: float
    pattern: re.Pattern[str]
    yields_to: tuple[str, ...] = ()  # labels that win over this cue's label when both occur


@dataclass(frozen=True)
class DecisionRules:
    """Compiled decision rules; `data` is the JSON object they came from."""

    data: dict[str, Any]
    strip: tuple[re.Pattern[str], ...]
    noise: tuple[re.Pattern[str], ...]
    no_decision: tuple[re.Pattern[str], ...]
    cues: tuple[Cue, ...]
    weak_cues: tuple[Cue, ...]
    rec_cues: tuple[Cue, ...]
    stopwords: re.Pattern[str]
    top_bodies: re.Pattern[str]
    preamble: re.Pattern[str]
    at_clause: re.Pattern[str]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DecisionRules":
        """Validate and compile a rules object; raise ValueError on a bad label, kind or regex."""
        try:
            allowed = set(DECISION_LABELS) | {BARE}

            def cues(key: str, field: str, ok: set[str]) -> tuple[Cue, ...]:
                out = []
                for entry in data[key]:
                    if entry[field] not in ok:
                        raise ValueError(f"{key}: unknown {field} {entry[field]!r}")
                    out.append(Cue(entry[field], float(entry.get("weight", 1.0)), re.compile(entry["pattern"], _FLAGS),
                                   tuple(entry.get("yields_to", ()))))
                return tuple(out)

            return cls(
                data=data,
                strip=tuple(re.compile(p, _FLAGS) for p in data["strip"]),
                noise=tuple(re.compile(p, _FLAGS) for p in data["noise"]),
                no_decision=tuple(re.compile(p, _FLAGS) for p in data["no_decision"]),
                cues=cues("decision_cues", "label", allowed),
                weak_cues=cues("weak_cues", "label", set(DECISION_LABELS)),
                rec_cues=cues("recommendation_cues", "kind", set(REC_KINDS)),
                stopwords=re.compile(data["bare_stopwords"], _FLAGS),
                top_bodies=re.compile(data["top_bodies"], _FLAGS),
                preamble=re.compile(data["recommendation_preamble"], _FLAGS),
                at_clause=re.compile(data["at_clause"], _FLAGS),
            )
        except (KeyError, TypeError) as err:
            raise ValueError(f"malformed decision rules: {err!r}") from err
        except re.error as err:
            raise ValueError(f"bad regex in decision rules: {err}") from err


@lru_cache(maxsize=1)
def default_rules() -> DecisionRules:
    """The packaged rules (resources/decision_rules.json), loaded once."""
    text = resources.files("minutes_nlp.resources").joinpath(RULES_RESOURCE).read_text(encoding="utf-8")
    return DecisionRules.from_dict(json.loads(text))


def load_rules(path: str | Path | None = None) -> DecisionRules:
    """Rules from a JSON file, or the packaged default when `path` is None."""
    if path is None:
        return default_rules()
    return DecisionRules.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


# --- pure functions ---------------------------------------------------------------------------


def _parts(text: str) -> list[str]:
    """Lines, then sentences."""
    out: list[str] = []
    for line in text.splitlines():
        out.extend(s for s in _SENTENCE_SPLIT.split(line) if s.strip())
    return out


def _strip(part: str, rules: DecisionRules) -> str:
    changed = True
    while changed:
        changed = False
        for pattern in rules.strip:
            new = pattern.sub("", part, count=1)
            if new != part:
                part, changed = new, True
    return part.strip()


def _is_no_decision(text: str, rules: DecisionRules) -> bool:
    return any(p.fullmatch(text.strip()) for p in rules.no_decision)


def _clean_parts(text: str, rules: DecisionRules) -> list[str]:
    """Decision parts with enumerators and vote prefixes stripped and noise/empty parts dropped."""
    kept = []
    for raw in _parts(text):
        if any(p.search(raw) for p in rules.noise):
            continue
        part = _strip(raw, rules)
        if part and not _is_no_decision(part, rules):
            kept.append(part)
    return kept


def _match(part: str, cues: Iterable[Cue]) -> tuple[list[Cue], str]:
    """Cues found in `part` (in rule order, each match masked before the next cue) and the masked text."""
    found: list[Cue] = []
    for cue in cues:
        def blank(m: re.Match[str], cue: Cue = cue) -> str:
            found.append(cue)
            return " " * len(m.group(0))

        part = cue.pattern.sub(blank, part)
    return found, part


def _has_content(masked: str, rules: DecisionRules) -> bool:
    return any(not rules.stopwords.fullmatch(w) for w in _WORD.findall(masked))


def _precedence(labels: Iterable[str]) -> str:
    present = set(labels)
    return next(lab for lab in DECISION_PRECEDENCE if lab in present)


def recommendation_kinds(recommendation: Optional[str], rules: Optional[DecisionRules] = None) -> set[str]:
    """What the Indstilling asks for: a subset of {"recommend", "note", "discuss", "approve", "none"}.

    "none" marks an explicit "der skal ikke træffes beslutning" (theme and dialogue meetings).

    Clauses are cut at lines, sentences and "…, at"/"og at". A clause's cues give its kinds; an
    "at"-clause with no cue asks for approval, except after a recommend-upward clause, whose
    following approval clauses belong to it (until a new "… indstiller" preamble).
    """
    rules = rules or default_rules()
    kinds: set[str] = set()
    upward = False
    for clause in _CLAUSE_SPLIT.split(_SOFT_BREAK.sub(" ", recommendation or "")):
        if not clause or not clause.strip():
            continue
        if re.search(r"\bindstill(?:er|ede)\b", clause, re.IGNORECASE):
            upward = False
        found, _ = _match(clause, rules.rec_cues)
        clause_kinds = {c.label for c in found}
        if not found and rules.at_clause.match(clause):
            clause_kinds = {"approve"}
        if "recommend" in clause_kinds:
            upward = True
        elif upward and clause_kinds == {"approve"}:
            clause_kinds = {"recommend"}
        kinds |= clause_kinds
    return kinds


def goes_upward(procedure: Optional[str], body: Optional[str]) -> bool:
    """Whether the item's case procedure ("Sagsprocedure: Fagudvalget, Økonomiudvalget og Byrådet",
    "Beslutningen træffes af: Byrådet") sends the matter on to a higher body than the meeting's."""
    if not procedure or not body or _TOP_BODY_NAME.search(body):
        return False
    named = [m.group(0).lower() for m in _PROCEDURE_BODY.finditer(procedure)]
    if not named:
        return False
    own = re.sub(r"\s+\d{4}(?:-\d{4})?$", "", body.strip()).lower()
    last = named[-1]
    return own not in last and last != own and (_TOP_BODY_NAME.search(last) is not None or "økonomiudvalg" in last)


_PROCEDURE_BODY = re.compile(
    r"\b[\wæøåÆØÅ,\- ]{0,60}?(?:udvalg(?:et)?|byråd(?:et)?|kommunalbestyrelsen?|regionsråd(?:et)?|"
    r"borgerrepræsentationen|magistraten)\b", re.IGNORECASE)


def _resolve_bare(
    own_act: bool, top_body: bool, recommendation: Optional[str], rules: DecisionRules, upward: bool = False
) -> tuple[str, float]:
    """Reading rule 1: the label and factor of a bare approval (rule 3: ``upward`` when a higher
    body decides the case, so the meeting body's approval forwards it)."""
    if own_act:
        return DecisionLabel.APPROVED.value, 0.9
    labels = {KIND_LABEL[k] for k in recommendation_kinds(recommendation, rules) if k in KIND_LABEL}
    if top_body and DecisionLabel.RECOMMENDED.value in labels:
        labels.discard(DecisionLabel.RECOMMENDED.value)
        labels.add(DecisionLabel.APPROVED.value)
        return _precedence(labels), 0.9
    if upward and labels <= {DecisionLabel.APPROVED.value, DecisionLabel.RECOMMENDED.value}:
        return DecisionLabel.RECOMMENDED.value, 0.85
    if not labels:
        return DecisionLabel.APPROVED.value, 0.8
    return _precedence(labels), 1.0 if len(labels) == 1 else 0.85


def classify_decision(
    decision_text: Optional[str],
    recommendation: Optional[str] = None,
    *,
    body: Optional[str] = None,
    rules: Optional[DecisionRules] = None,
    procedure: Optional[str] = None,
) -> tuple[str, float]:
    """Label an item's decision text (ANNOTATION.md §2); returns (label, score in 0..1).

    `recommendation` is the item's Indstilling text; `body` the deciding body's name when known
    (a byråd/kommunalbestyrelse cannot recommend upward). Non-str input counts as empty.
    """
    rules = rules or default_rules()
    text = decision_text if isinstance(decision_text, str) else ""
    text = text.replace("\xa0", " ").replace("\u200b", "")
    recommendation = recommendation if isinstance(recommendation, str) else None
    if not text.strip():
        return DecisionLabel.NO_DECISION.value, 1.0
    parts = _clean_parts(text, rules)
    if not parts:
        nothing_but_dashes = _is_no_decision(text, rules) or all(_is_no_decision(p, rules) for p in _parts(text))
        return DecisionLabel.NO_DECISION.value, 0.95 if nothing_but_dashes else 0.8

    weights: dict[str, float] = {}
    bare_weight = 0.0
    own_act = False
    yielding: dict[str, set[str]] = {}  # label -> labels it yields to (only if all its cues yield)
    for part in parts:
        found, masked = _match(part, rules.cues)
        for cue in found:
            if cue.label == BARE:
                bare_weight = max(bare_weight, cue.weight)
            else:
                weights[cue.label] = max(weights.get(cue.label, 0.0), cue.weight)
                if cue.yields_to and yielding.get(cue.label, True) is not None:
                    yielding[cue.label] = set(cue.yields_to) | (yielding.get(cue.label) or set())
                else:
                    yielding[cue.label] = None  # type: ignore[assignment]
        labelled = any(c.label != BARE for c in found)
        if (not labelled or any(c.label == BARE for c in found)) and _has_content(masked, rules):
            own_act = True

    factors: dict[str, float] = {}
    if bare_weight:
        top_body = bool(rules.top_bodies.search(text)) or bool(body and _TOP_BODY_NAME.search(body))
        label, factor = _resolve_bare(own_act, top_body, recommendation, rules, goes_upward(procedure, body))
        if label not in weights or weights[label] < bare_weight * factor:
            weights[label] = bare_weight
            factors[label] = factor
    for label, stronger in yielding.items():
        # e.g. a request for a new case is an own act next to "taget til efterretning" (Godkendt),
        # but stays part of the recommendation next to "Anbefales"
        if stronger and label in weights and stronger & set(weights):
            del weights[label]
    if weights:
        label = _precedence(weights)
        conflict = 0.85 if len(weights) > 1 else 1.0
        return label, round(weights[label] * factors.get(label, 1.0) * conflict, 3)

    # no strong cue: weak cues, then the recommendation's kinds, then "the body did something"
    weak: dict[str, float] = {}
    for part in parts:
        for cue in _match(part, rules.weak_cues)[0]:
            weak[cue.label] = max(weak.get(cue.label, 0.0), cue.weight)
    if weak:
        label = _precedence(weak)
        return label, weak[label]
    kinds = recommendation_kinds(recommendation, rules)
    if "none" in kinds:
        return DecisionLabel.NO_DECISION.value, 0.4
    kinds.discard("approve")
    if kinds:
        return _precedence(KIND_LABEL[k] for k in kinds), 0.35
    return DecisionLabel.APPROVED.value, 0.3


# --- spaCy component --------------------------------------------------------------------------

_INDSTILLER = re.compile(r"[^.\n]*\bindstiller\b.*?(?=\n\s*\n|\Z)", re.IGNORECASE | re.DOTALL)


def _inside(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end and outer.start_char <= span.start_char


def _trim(span: Span) -> Span:
    """The span without leading/trailing whitespace tokens (may become empty)."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return Span(span.doc, start, end, label=span.label_)


def _recommendation(sections: list[Span]) -> Optional[str]:
    """The first INDSTILLING section's text, else a "… indstiller, at …" passage of RESUME/HEAD."""
    for sec in sections:
        if sec.label_ == Section.RECOMMENDATION.value:
            return sec.text
    for sec in sections:
        if sec.label_ in (Section.RESUME.value, Section.HEAD.value):
            m = _INDSTILLER.search(sec.text)
            if m:
                return m.group(0).strip()
    return None


def _body(doc: Doc) -> Optional[str]:
    if HEADER_KEY not in doc.spans:
        return None
    return next((s.text for s in doc.spans[HEADER_KEY] if s.label_ == HeaderField.BODY.value), None)


class DecisionClassifier(Pipe):
    """Writes one span per item with a Beslutning section to doc.spans[DECISIONS_KEY].

    Reads doc.spans[ITEMS_KEY] and doc.spans[SECTIONS_KEY] (from the agenda segmenter); does
    nothing when they are absent. Group attrs: "scores" (floats) and "items" (item indices),
    parallel to the spans.
    """

    def __init__(self, nlp: Language, name: str = "minutes_decisions", *, rules: Optional[DecisionRules] = None) -> None:
        self.name = name
        self.rules = rules or default_rules()

    def __call__(self, doc: Doc) -> Doc:
        if ITEMS_KEY not in doc.spans or SECTIONS_KEY not in doc.spans:
            return doc
        sections = sorted(doc.spans[SECTIONS_KEY], key=lambda s: (s.start_char, s.end_char))
        starts = [s.start_char for s in sections]
        body = _body(doc)
        spans: list[Span] = []
        scores: list[float] = []
        items: list[int] = []
        for index, item in enumerate(doc.spans[ITEMS_KEY]):
            lo, hi = bisect_left(starts, item.start_char), bisect_right(starts, item.end_char)
            inner = [s for s in sections[lo:hi] if _inside(s, item)]
            decision = next((s for s in inner if s.label_ == Section.DECISION.value), None)
            if decision is None:
                continue
            procedure = next((s.text for s in inner if s.label_ == Section.PROCEDURE.value), None)
            label, score = classify_decision(decision.text, _recommendation(inner), body=body, rules=self.rules,
                                             procedure=procedure)
            trimmed = _trim(decision)
            spans.append(Span(doc, trimmed.start, trimmed.end, label=label))
            scores.append(score)
            items.append(index)
        doc.spans[DECISIONS_KEY] = SpanGroup(doc, name=DECISIONS_KEY, spans=spans, attrs={"scores": scores, "items": items})
        return doc

    def initialize(
        self,
        get_examples: Optional[Callable[[], Iterable[Any]]] = None,
        *,
        nlp: Optional[Language] = None,
        rules: Optional[dict[str, Any]] = None,
    ) -> None:
        """Replace the rules with a JSON object (e.g. from [initialize.components] config)."""
        if rules is not None:
            self.rules = DecisionRules.from_dict(rules)

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        """Serialise the rules."""
        return to_bytes({"rules": lambda: json.dumps(self.rules.data, ensure_ascii=False)}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()) -> "DecisionClassifier":
        """Load rules written by to_bytes."""
        def load(b: str | bytes) -> None:
            self.rules = DecisionRules.from_dict(json.loads(b))

        from_bytes(bytes_data, {"rules": load}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        """Write the rules to <path>/rules.json."""
        def save(p: Path) -> None:
            p.write_text(json.dumps(self.rules.data, ensure_ascii=False, indent=1), encoding="utf-8")

        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        to_disk(path, {"rules.json": save}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> "DecisionClassifier":
        """Read the rules written by to_disk."""
        def load(p: Path) -> None:
            if p.exists():
                self.rules = DecisionRules.from_dict(json.loads(p.read_text(encoding="utf-8")))

        from_disk(ensure_path(path), {"rules.json": load}, exclude)
        return self


@Language.factory(
    "minutes_decisions",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"rules_path": None},
)
def make_decision_classifier(nlp: Language, name: str, rules_path: Optional[str]) -> DecisionClassifier:
    """Factory "minutes_decisions": packaged rules, or the JSON file at `rules_path`."""
    return DecisionClassifier(nlp, name, rules=load_rules(rules_path))
