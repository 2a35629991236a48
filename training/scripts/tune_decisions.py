"""Choose how the rules and the trained decision model combine, on the DEV split only.

For each rule-score threshold t (and model-probability floor p) the combined label is the rules'
label when its score ≥ t, else the model's when its probability ≥ p, else the rules'. The pair
with the best macro-F1 on dev is written to ``--out`` (JSON), with the table of every pair and the
rules-only and model-only figures, for publish.py to stamp into the model.

With ``--eval`` the chosen pair (never re-chosen) is also scored on another split, e.g. test.

usage: python training/scripts/tune_decisions.py --model training/output/decisions/model-best
       --dev training/corpus/textcat/dev.spacy --out training/metrics/decision_tuning.json
       [--eval training/corpus/textcat/test.spacy]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterable, Optional

import spacy
from spacy.tokens import DocBin

from minutes_nlp.labels import DECISION_LABELS

THRESHOLDS = (0.0, 0.35, 0.45, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)
MIN_PROBS = (0.0, 0.5, 0.7, 0.9)


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Macro-F1 over the gold labels present (as minutes_nlp.evaluate.Scores)."""
    labels = sorted({g for g, _ in pairs})
    total = 0.0
    for lab in labels:
        tp = sum(g == p == lab for g, p in pairs)
        fp = sum(p == lab != g for g, p in pairs)
        fn = sum(g == lab != p for g, p in pairs)
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / len(labels) if labels else 0.0


def accuracy(pairs: list[tuple[str, str]]) -> float:
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def combine(rule: tuple[str, float], model: tuple[str, float], threshold: float, min_prob: float) -> str:
    """The combined label (the same logic as the minutes_decision_model component)."""
    if rule[1] < threshold and model[1] >= min_prob:
        return model[0]
    return rule[0]


def _load(nlp: spacy.Language, path: Path) -> tuple[list[str], list[tuple[str, float]], list[tuple[str, float]]]:
    """Gold labels, rule (label, score) and model (label, prob) for a textcat DocBin + its .meta.jsonl."""
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    meta_path = path.with_suffix(".meta.jsonl")
    meta = [json.loads(x) for x in meta_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    if len(meta) != len(docs) or not docs:
        raise SystemExit(f"{path}: {len(docs)} docs but {len(meta)} meta lines")
    preds = []
    for doc in nlp.pipe(d.text for d in docs):
        cats = {k: v for k, v in doc.cats.items() if k in DECISION_LABELS}
        best = max(cats, key=cats.get)
        preds.append((best, cats[best]))
    return [m["label"] for m in meta], [(m["rule_label"], float(m["rule_score"])) for m in meta], preds


def _figures(gold: list[str], labels: Iterable[str]) -> dict[str, float]:
    pairs = list(zip(gold, labels))
    return {"macro_f1": round(macro_f1(pairs), 4), "accuracy": round(accuracy(pairs), 4)}


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--dev", type=Path, required=True, help="textcat dev DocBin (+ .meta.jsonl beside it)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--eval", type=Path, help="also report the chosen combination on this DocBin (e.g. test)")
    args = ap.parse_args(argv)

    nlp = spacy.load(args.model)
    gold, rules, preds = _load(nlp, args.dev)
    table = []
    for t in THRESHOLDS:
        for p in MIN_PROBS:
            pairs = [(g, combine(r, m, t, p)) for g, r, m in zip(gold, rules, preds)]
            table.append({"rule_threshold": t, "min_prob": p, "macro_f1": round(macro_f1(pairs), 4),
                          "accuracy": round(accuracy(pairs), 4)})
    best = max(table, key=lambda r: (r["macro_f1"], r["accuracy"], -r["rule_threshold"]))
    result = {
        "n_dev": len(gold),
        "rules_only": _figures(gold, (r[0] for r in rules)),
        "model_only": _figures(gold, (m[0] for m in preds)),
        "best": best,
        "table": table,
    }
    if args.eval:
        g, r, m = _load(nlp, args.eval)
        t, p = best["rule_threshold"], best["min_prob"]
        result["eval"] = {"file": str(args.eval), "n": len(g), "rules_only": _figures(g, (x[0] for x in r)),
                          "model_only": _figures(g, (x[0] for x in m)),
                          "combined": _figures(g, (combine(a, b, t, p) for a, b in zip(r, m)))}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "table"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
