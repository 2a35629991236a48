"""Rule-based decision labels (ANNOTATION.md §2): the pure classification functions.

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
      Godkendt, low score (weak cue). Next to "Taget til efterretning" or "X orienterede om …" it
      stays Til orientering: a wish attached to a note is not an approval.
    - "KKR … drøftede sagen og besluttede, at videresende bekymringsbrevet til KL" → Godkendt
      (besluttede outranks drøftede; forwarding a letter is an act, not a referral of the matter).
    - "Byrådet besluttede at sende sagen til realitetsbehandling i udvalget" → Udsat (rule 2).
    - "Temamødet blev holdt", "Byrådet besvarede spørgsmålene": no cue; the recommendation's kind
      decides (a theme meeting "til drøftelse" → Drøftet), else Godkendt with score 0.3.
    - Budget votes where party amendments are rejected and the budget adopted → Godkendt: rejected
      amendments are vote lines, not the item's decision. "Faldet." / "Ændringsforslag ikke
      vedtaget." is an Ikke godkendt cue that yields to any other label of the item, so it only
      labels an item that records nothing else (the proposal itself fell).
    - Referral: "Sagen oversendes til ØU/KB uden anbefaling", "Udvalget videresender sagen til
      økonomiudvalget" → Udsat (rule 2); "… oversender sagen til Byrådet med anbefaling …" →
      Anbefales (rule 3, and Anbefales outranks Udsat).
    - "Tiltrådt." by a lower body when a competence line names a higher one ("Kompetence: Byrådet",
      "Forventet sagsgang KF, ØK, BY"; the component passes it as `procedure` when the item has no
      Sagsprocedure section) → Anbefales.
    - "… anbefaler indstillingen med bemærkning om at aftalen for X ikke godkendes" → Ikke godkendt
      by precedence (a part is rejected), with a conflict-lowered score.
    - Without `body`, a bare "Godkendt." by the byråd itself on a recommendation addressed "over for
      udvalget, Økonomiudvalget og Byrådet" reads as Anbefales; the component passes the meeting body
      from the header span group when it is there.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from ..labels import DECISION_PRECEDENCE, DecisionLabel
from ..rule_models import top_body_names
from .decision_rules import BARE, KIND_LABEL, Cue, DecisionRules, default_rules

_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ]+")
#: a sentence ends at . ! ? ; before a capital, "(" or a digit ("1. Godkendt. 2. Anbefales."), but not
#: after an abbreviation that a number follows ("sag nr. 19", "pkt. 4", "kl. 17", "stk. 2")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])(?<!\b(?i:nr)\.)(?<!\b(?i:pkt)\.)(?<!\b(?i:kl)\.)(?<!\b(?i:stk)\.)"
                             r"(?<!\b(?i:ca)\.)(?<!\b(?i:jf)\.)\s+(?=[A-ZÆØÅ(\d])")
_CLAUSE_SPLIT = re.compile(r"\n|(?<=[.;])\s+(?=[A-ZÆØÅ])|,?\s+og\s+(?=at\s)|,\s*(?=at\s)")
#: a line break inside a sentence (not before an enumerator or an "at"-clause) is a space
_SOFT_BREAK = re.compile(r"\n(?!\s*(?:\d+[a-z]?[.)]|[a-zæøå][.)]\s|[-•–]|at\s|\n))", re.IGNORECASE)
_TOP_BODY_NAME = re.compile("|".join(map(re.escape, top_body_names())), re.IGNORECASE)


# --- pure functions ---------------------------------------------------------------------------


#: a hyphenated word broken across lines ("Integrationsud-\nvalgets")
_HYPHEN_BREAK = re.compile(r"(?<=[a-zæøå])-[ \t]*\n[ \t]*(?=[a-zæøå])")
#: a line break inside a sentence of a wrapped (PDF) paragraph: the line ends without a sentence or
#: heading mark and the next line goes on in lower case ("… at administrationens indstilling\ngodkendes.")
_WRAP_BREAK = re.compile(r"(?<=[^\s.!?:;])[ \t]*\n[ \t]*(?=[a-zæøå(])(?!(?:at|og\s+at)\s)")
#: a line that ends in a conjunction or preposition goes on, also before a name ("… og\nErhvervsudvalgets …")
_OPEN_END_BREAK = re.compile(r"(?<![\wæøåÆØÅ\-])(og|eller|samt|til|af|for|med|om|på|fra|ved|overfor|mellem|i|den|det|de|en|et)"
                             r"[ \t]*\n[ \t]*(?=[\wæøåÆØÅ])(?!\d+[.)]|[a-zæøå][.)]\s)")


def unwrap(text: str) -> str:
    """``text`` with the line breaks of wrapped paragraphs undone: hyphenated words joined and a
    break followed by a lower-case continuation read as a space. Blank lines, and lines that end a
    sentence or open with a capital, an enumerator or an "at"-clause, stay apart."""
    return _OPEN_END_BREAK.sub(r"\1 ", _WRAP_BREAK.sub(" ", _HYPHEN_BREAK.sub("", text)))


def _parts(text: str) -> list[str]:
    """Lines (wrapped paragraphs joined), then sentences."""
    out: list[str] = []
    for line in unwrap(text).splitlines():
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


def _own_cues(part: str, found: list[Cue], item_number: Optional[str], rules: DecisionRules) -> list[Cue]:
    """``found`` without the cues that speak of another item: a sentence naming an item whose number
    is not ``item_number`` before its first cue of ``rules.other_item_labels`` ("dagsordenens punkt 38
    … tages af dagsordenen" under the item approving the agenda)."""
    own = "".join(ch for ch in item_number or "" if ch.isdigit()).lstrip("0")
    if not own or rules.other_item is None or not any(c.label in rules.other_item_labels for c in found):
        return found
    cue_at = min((m.start() for c in found if c.label in rules.other_item_labels
                  for m in [c.pattern.search(part)] if m is not None), default=len(part))
    others = [m for m in rules.other_item.finditer(part, 0, cue_at) if m.group("num").lstrip("0") != own]
    if not others:
        return found
    return [c for c in found if c.label not in rules.other_item_labels]


def _has_content(masked: str, rules: DecisionRules) -> bool:
    return any(not rules.stopwords.fullmatch(w) for w in _WORD.findall(masked))


def _add_cue(cue: Cue, weights: dict[str, float], yielding: dict[str, Optional[set[str]]]) -> None:
    """Count ``cue``: its label's weight is the strongest of its cues; the labels it yields to are
    those all its cues yield to (None once one cue of the label yields to nothing)."""
    weights[cue.label] = max(weights.get(cue.label, 0.0), cue.weight)
    if cue.yields_to and yielding.get(cue.label, set()) is not None:
        yielding[cue.label] = set(cue.yields_to) | (yielding.get(cue.label) or set())
    else:
        yielding[cue.label] = None


def _drop_yielding(weights: dict[str, float], yielding: dict[str, Optional[set[str]]]) -> None:
    """Remove from ``weights`` each label whose cues all yield to a label that is present."""
    for label, stronger in yielding.items():
        if stronger and label in weights and stronger & set(weights):
            del weights[label]


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


def expand_body_abbreviations(text: str, rules: Optional[DecisionRules] = None) -> str:
    """``text`` with body abbreviations written out ("KF, ØK, BY" → "KF, Økonomiudvalget, Byrådet")."""
    rules = rules or default_rules()
    for pattern, name in rules.body_abbreviations:
        text = pattern.sub(name, text)
    return text


def find_competence(text: Optional[str], rules: Optional[DecisionRules] = None) -> Optional[str]:
    """The bodies a competence line names ("Kompetence: Byrådet", "Beslutningskompetence: Byrådet",
    "Sagen afgøres i: Byrådet", "Forventet sagsgang KF, ØK, BY"), abbreviations written out; the
    last such line wins; None when there is none."""
    rules = rules or default_rules()
    found: Optional[tuple[int, str]] = None
    for pattern in rules.competence:
        for m in pattern.finditer(text or ""):
            who = (m.group("who") or "").strip()
            if who and (found is None or m.start() >= found[0]):
                found = (m.start(), who)
    return expand_body_abbreviations(found[1], rules) if found else None


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
    item_number: Optional[str] = None,
) -> tuple[str, float]:
    """Label an item's decision text (ANNOTATION.md §2); returns (label, score in 0..1).

    `recommendation` is the item's Indstilling text; `body` the deciding body's name when known
    (a byråd/kommunalbestyrelse cannot recommend upward); `item_number` the item's own number (a
    sentence that postpones another numbered item does not postpone this one). Non-str input
    counts as empty.
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
    yielding: dict[str, Optional[set[str]]] = {}  # label -> labels it yields to (only if all its cues yield)
    for part in parts:
        found, masked = _match(part, rules.cues)
        found = _own_cues(part, found, item_number, rules)
        for cue in found:
            if cue.label == BARE:
                bare_weight = max(bare_weight, cue.weight)
            else:
                _add_cue(cue, weights, yielding)
        labelled = any(c.label != BARE for c in found)
        if (not labelled or any(c.label == BARE for c in found)) and _has_content(masked, rules):
            own_act = True

    factors: dict[str, float] = {}
    if bare_weight:
        top_body = bool(rules.top_bodies.search(text)) or bool(body and _TOP_BODY_NAME.search(body))
        upward = goes_upward(expand_body_abbreviations(procedure, rules) if procedure else None, body)
        label, factor = _resolve_bare(own_act, top_body, recommendation, rules, upward)
        if label not in weights or weights[label] < bare_weight * factor:
            weights[label] = bare_weight
            factors[label] = factor
    # e.g. a request for a new case is an own act next to "taget til efterretning" (Godkendt),
    # but stays part of the recommendation next to "Anbefales"
    _drop_yielding(weights, yielding)
    if weights:
        label = _precedence(weights)
        conflict = 0.85 if len(weights) > 1 else 1.0
        return label, round(weights[label] * factors.get(label, 1.0) * conflict, 3)

    # no strong cue: weak cues, then the recommendation's kinds, then "the body did something"
    weak: dict[str, float] = {}
    weak_yields: dict[str, Optional[set[str]]] = {}
    for part in parts:
        for cue in _match(part, rules.weak_cues)[0]:
            _add_cue(cue, weak, weak_yields)
    # a wish or request beside an orientation is part of it ("Formanden orienterede om …;
    # udvalget bad om …" → Til orientering), as it is beside "taget til efterretning"
    _drop_yielding(weak, weak_yields)
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
