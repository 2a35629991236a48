"""A trained decision classifier that second-guesses the rules where they are unsure.

Factory ``minutes_decision_model``, placed after ``minutes_decisions``. It holds a small separate
spaCy pipeline (a ``textcat`` over the decision text + the recommendation it answers, see
:func:`model_input`) and, for every span of ``doc.spans[DECISIONS_KEY]`` whose rule score is below
``rule_threshold``, replaces the label with the model's when the model's probability is at least
``min_prob``. The model is stacked on the rules: its input starts with the rules' label and score
(:func:`rule_tokens`). The group's ``scores`` then hold the model's probability for those spans.

The inner pipeline is stored inside the main pipeline folder (``<component>/model``), so a
published pipeline is self-contained. Give it at initialisation::

    nlp.add_pipe("minutes_decision_model", after="minutes_decisions",
                 config={"rule_threshold": 0.6}).initialize(model_path="training/decision-model/model-best")

Without a model the component passes documents through unchanged.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import spacy
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import ensure_path

from ..tokenizer import load_pipeline
from ..labels import DECISION_LABELS, DECISIONS_KEY, ITEMS_KEY, SECTIONS_KEY, Section
from ..spans import sections_of
from .rule_store import required

FACTORY = "minutes_decision_model"
REC_MARK = "INDSTILLING:"
DEC_CHARS = 1500
REC_CHARS = 700


def rule_tokens(label: str, score: float) -> str:
    """The rules' verdict as two plain words the model reads first ("regelgodkendt sikkerhedmellem").

    The decision model is stacked on the rules: it learns from hand-read labels where, and for which
    phrasing, the rules' label is wrong, instead of relearning what they already get right.
    """
    bucket = "hoej" if score >= 0.85 else "mellem" if score >= 0.6 else "lav"
    return f"regel{''.join(c for c in label.lower() if c.isalpha())} sikkerhed{bucket}"


def model_input(decision: str, recommendation: Optional[str],
                rule: Optional[tuple[str, float]] = None) -> str:
    """The text the model reads: the rules' verdict (when given), the decision (≤1500 chars), a
    marker, the recommendation (≤700)."""
    decision = " ".join((decision or "").split())[:DEC_CHARS]
    recommendation = " ".join((recommendation or "").split())[:REC_CHARS]
    text = f"{decision}\n\n{REC_MARK} {recommendation}" if recommendation else decision
    return f"{rule_tokens(*rule)}\n\n{text}" if rule is not None else text


def _recommendation_of(doc: Doc, item: Span, sections: list[Span], starts: list[int]) -> Optional[str]:
    from .decisions import recommendation_of

    return recommendation_of(item.doc, item, sections_of(item, sections, starts))


class DecisionModel(Pipe):
    """Overrides low-scored rule decision labels with a trained text classifier's."""

    def __init__(self, nlp: Language, name: str = FACTORY, *, rule_threshold: float = 0.6,
                 min_prob: float = 0.5, rule_features: bool = True) -> None:
        self.name = name
        self.vocab = nlp.vocab  # the inner pipeline reads with the same vocab (and so tokenizer)
        self.rule_threshold = float(rule_threshold)
        self.min_prob = float(min_prob)
        self.rule_features = bool(rule_features)
        self.model_nlp: Optional[Language] = None

    def predict_texts(self, texts: list[str]) -> list[tuple[str, float]]:
        """(label, probability) of the inner model for each :func:`model_input` text."""
        if self.model_nlp is None or not texts:
            return []
        out = []
        for doc in self.model_nlp.pipe(texts):
            cats = {k: v for k, v in doc.cats.items() if k in DECISION_LABELS}
            label = max(cats, key=cats.get) if cats else DECISION_LABELS[0]
            out.append((label, float(cats.get(label, 0.0))))
        return out

    def __call__(self, doc: Doc) -> Doc:
        if self.model_nlp is None or DECISIONS_KEY not in doc.spans or ITEMS_KEY not in doc.spans:
            return doc
        group = doc.spans[DECISIONS_KEY]
        scores = list(group.attrs.get("scores", [1.0] * len(group)))
        items = list(group.attrs.get("items", []))
        todo = [k for k, s in enumerate(scores) if s < self.rule_threshold and k < len(items)]
        if not todo:
            return doc
        sections = sorted(doc.spans[SECTIONS_KEY], key=lambda s: (s.start_char, s.end_char)) \
            if SECTIONS_KEY in doc.spans else []
        starts = [s.start_char for s in sections]
        item_spans = doc.spans[ITEMS_KEY]
        texts = [model_input(group[k].text, _recommendation_of(doc, item_spans[items[k]], sections, starts),
                             (group[k].label_, scores[k]) if self.rule_features else None)
                 for k in todo]
        spans = list(group)
        for k, (label, prob) in zip(todo, self.predict_texts(texts)):
            if prob >= self.min_prob:
                old = spans[k]
                spans[k] = Span(doc, old.start, old.end, label=label)
                scores[k] = round(prob, 3)
        doc.spans[DECISIONS_KEY] = SpanGroup(doc, name=DECISIONS_KEY, spans=spans,
                                             attrs={**group.attrs, "scores": scores, "items": items})
        return doc

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *,
                   nlp: Optional[Language] = None, model_path: Optional[str] = None) -> None:
        """Load the inner text-classification pipeline from ``model_path`` (if given)."""
        if model_path:
            path = Path(model_path)
            if not (path / "config.cfg").exists():
                raise ValueError(f"{FACTORY}: no spaCy pipeline at {path}")
            self.model_nlp = spacy.load(path)

    def _cfg(self) -> dict[str, Any]:
        return {"rule_threshold": self.rule_threshold, "min_prob": self.min_prob,
                "rule_features": self.rule_features}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        """Write cfg.json and the inner pipeline to <path>/model."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps(self._cfg()), encoding="utf-8")
        if self.model_nlp is not None:
            self.model_nlp.to_disk(path / "model")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> "DecisionModel":
        """Read what to_disk wrote: ``cfg.json`` must be there (a missing file is an error); a folder
        without an inner ``model`` leaves the component pass-through."""
        path = ensure_path(path)
        cfg = json.loads(required(path / "cfg.json", f"{self.name}.from_disk").read_text(encoding="utf-8"))
        self.rule_threshold = float(cfg.get("rule_threshold", self.rule_threshold))
        self.min_prob = float(cfg.get("min_prob", self.min_prob))
        self.rule_features = bool(cfg.get("rule_features", False))  # models before 0.2 read no rule words
        if (path / "model" / "config.cfg").exists():
            self.model_nlp = load_pipeline(path / "model", vocab=self.vocab)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        """Serialise cfg and the inner pipeline's config + weights."""
        import srsly

        data: dict[str, Any] = {"cfg": self._cfg()}
        if self.model_nlp is not None:
            data["config"] = self.model_nlp.config.to_str()
            data["model"] = self.model_nlp.to_bytes()
        return srsly.msgpack_dumps(data)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()) -> "DecisionModel":
        """Load what to_bytes wrote."""
        import srsly
        from thinc.api import Config

        data = srsly.msgpack_loads(bytes_data)
        self.rule_threshold = float(data["cfg"]["rule_threshold"])
        self.min_prob = float(data["cfg"]["min_prob"])
        self.rule_features = bool(data["cfg"].get("rule_features", False))
        if "config" in data:
            config = Config().from_str(data["config"])
            inner = spacy.util.load_model_from_config(config, auto_fill=True, validate=False)
            self.model_nlp = inner.from_bytes(data["model"])
        return self


@Language.factory(FACTORY, assigns=["doc.spans"], requires=["doc.spans"],
                  default_config={"rule_threshold": 0.6, "min_prob": 0.5, "rule_features": True})
def make_decision_model(nlp: Language, name: str, rule_threshold: float, min_prob: float,
                        rule_features: bool = True) -> DecisionModel:
    """Factory ``minutes_decision_model``: rule_threshold (override below it), min_prob (model
    confidence), rule_features (the model reads the rules' label and score, see :func:`rule_tokens`)."""
    return DecisionModel(nlp, name, rule_threshold=rule_threshold, min_prob=min_prob, rule_features=rule_features)
