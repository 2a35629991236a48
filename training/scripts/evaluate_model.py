"""Evaluate pipelines on gold corpus files and write the figures as JSON (project step ``evaluate``).

Prints the same side-by-side table as ``minutes-nlp evaluate`` for every corpus file given, and
writes ``--out`` = {corpus name: {pipeline: metrics}} for publish.py to stamp into meta.json.

usage: python training/scripts/evaluate_model.py --gold test=training/corpus/gold_test.jsonl
       --gold heldout=training/corpus/gold_heldout.jsonl --model rules --model training/output/minutes_da
       --out training/metrics/evaluation.json
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Optional

from minutes_nlp.api import extract_many
from minutes_nlp.corpus import load_corpus
from minutes_nlp.evaluate import Scores, evaluate, format_table
from minutes_nlp.labels import ENTITY_LABELS
from minutes_nlp.pipeline import load


def as_dict(scores: Scores) -> dict[str, Any]:
    """Scores as plain JSON numbers."""
    return {
        "entities": {lab: {"p": round(scores.entities[lab].p, 4), "r": round(scores.entities[lab].r, 4),
                           "f": round(scores.entities[lab].f, 4),
                           "n_gold": scores.entities[lab].tp + scores.entities[lab].fn}
                     for lab in ENTITY_LABELS},
        "items_f": round(scores.items.f, 4),
        "decision_accuracy": round(scores.decision_accuracy, 4),
        "decision_macro_f1": round(scores.decision_macro_f1, 4),
        "decisions_n": len(scores.decisions),
    }


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", action="append", required=True, help="NAME=PATH of a gold JSONL file")
    ap.add_argument("--model", action="append", required=True, help="'rules' or a pipeline path")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)

    pipelines = {name: load(name) for name in args.model}
    result: dict[str, Any] = {}
    for spec in args.gold:
        name, _, path = spec.partition("=")
        golds = load_corpus(Path(path), skip_missing=True)
        if not golds:
            print(f"{name}: no documents in {path}; skipped")
            continue
        columns = {m: evaluate(golds, extract_many((g.text for g in golds), nlp=nlp))
                   for m, nlp in pipelines.items()}
        print(format_table(columns, title=f"\n[{name}] {len(golds)} documents"))
        result[name] = {"documents": [g.doc_id for g in golds],
                        **{m: as_dict(s) for m, s in columns.items()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
