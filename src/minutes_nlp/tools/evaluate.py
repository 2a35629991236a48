"""Score a pipeline against gold documents: entities P/R/F per label, item segmentation F,
decision accuracy and macro-F1 — the numbers ``minutes-nlp evaluate`` prints."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .corpus import GoldDoc
from ..labels import DECISION_LABELS, ENTITY_LABELS
from ..schema import Minutes


@dataclass
class PRF:
    """Counts for precision / recall / F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class DocScore:
    """Per-document figures for the acceptance tables."""

    doc_id: str
    items_found: int
    items_expected: int
    decisions_right: int
    decisions_expected: int
    errors: list[str] = field(default_factory=list)


@dataclass
class Scores:
    """Corpus-level scores."""

    entities: dict[str, PRF] = field(default_factory=lambda: {label: PRF() for label in ENTITY_LABELS})
    items: PRF = field(default_factory=PRF)
    decisions: list[tuple[str, str]] = field(default_factory=list)  # (gold, predicted)
    docs: list[DocScore] = field(default_factory=list)

    @property
    def decision_accuracy(self) -> float:
        return sum(g == p for g, p in self.decisions) / len(self.decisions) if self.decisions else 0.0

    @property
    def decision_macro_f1(self) -> float:
        labels = sorted({g for g, _ in self.decisions})
        if not labels:
            return 0.0
        total = 0.0
        for label in labels:
            prf = PRF(
                tp=sum(g == p == label for g, p in self.decisions),
                fp=sum(p == label != g for g, p in self.decisions),
                fn=sum(g == label != p for g, p in self.decisions),
            )
            total += prf.f
        return total / len(labels)

    def confusion(self) -> Counter[tuple[str, str]]:
        """Counts of (gold, predicted) decision pairs that disagree."""
        return Counter((g, p) for g, p in self.decisions if g != p)


def score_doc(gold: GoldDoc, pred: Minutes, scores: Scores) -> DocScore:
    """Add one document's comparison to ``scores``."""
    if not gold.partial_spans:
        gold_spans = set(gold.spans)
        pred_spans = {(m.start_char, m.end_char, m.label) for m in pred.entities
                      if gold.in_ranges(m.start_char, m.end_char)}
        for label in ENTITY_LABELS:
            g = {s for s in gold_spans if s[2] == label}
            p = {s for s in pred_spans if s[2] == label}
            scores.entities[label].tp += len(g & p)
            scores.entities[label].fp += len(p - g)
            scores.entities[label].fn += len(g - p)
    gold_items = {(i.number, i.start): i for i in gold.items}
    pred_items = {(i.number, i.start_char): i for i in pred.items if gold.in_ranges(i.start_char, i.start_char + 1)}
    matched = set(gold_items) & set(pred_items)
    scores.items.tp += len(matched)
    scores.items.fp += len(set(pred_items) - matched)
    scores.items.fn += len(set(gold_items) - matched)
    doc = DocScore(gold.doc_id, len(matched), len(gold_items), 0, 0)
    for key, item in gold_items.items():
        if item.decision is None:
            continue
        doc.decisions_expected += 1
        predicted = pred_items.get(key)
        if predicted is None:
            label = "(item not found)"
        elif predicted.decision is None:
            # SPEC: decision is null when the item has no decision section; the guideline calls
            # that "Ingen beslutning" (a signature page, an empty closed item), so they score equal
            label = "Ingen beslutning"
        else:
            label = predicted.decision.label
        scores.decisions.append((item.decision, label))
        if label == item.decision:
            doc.decisions_right += 1
        else:
            doc.errors.append(f"item {item.number}: gold {item.decision!r}, got {label!r}")
    for key in set(gold_items) - matched:
        doc.errors.append(f"item {key[0]} at {key[1]} not found")
    scores.docs.append(doc)
    return doc


def evaluate(golds: list[GoldDoc], predictions: Iterable[Minutes]) -> Scores:
    """Score predictions (same order as ``golds``)."""
    scores = Scores()
    for gold, pred in zip(golds, predictions):
        score_doc(gold, pred, scores)
    return scores


def format_table(columns: dict[str, Scores], title: Optional[str] = None) -> str:
    """Side-by-side text table of several pipelines' scores (e.g. rules vs trained)."""
    names = list(columns)
    lines = [title] if title else []
    header = f"{'metric':<26}" + "".join(f"{n:>21}" for n in names)
    lines += [header, "-" * len(header)]
    for label in ENTITY_LABELS:
        row = f"{label + ' P/R/F':<26}"
        for n in names:
            e = columns[n].entities[label]
            row += f"{e.p:>7.3f}{e.r:>7.3f}{e.f:>7.3f}"
        lines.append(row)
    lines.append(f"{'items F':<26}" + "".join(f"{columns[n].items.f:>21.3f}" for n in names))
    lines.append(f"{'decision accuracy':<26}" + "".join(f"{columns[n].decision_accuracy:>21.3f}" for n in names))
    lines.append(f"{'decision macro-F1':<26}" + "".join(f"{columns[n].decision_macro_f1:>21.3f}" for n in names))
    lines.append(f"{'decisions (n)':<26}" + "".join(f"{len(columns[n].decisions):>21d}" for n in names))
    return "\n".join(lines)


__all__ = ["PRF", "Scores", "DocScore", "score_doc", "evaluate", "format_table", "DECISION_LABELS"]
