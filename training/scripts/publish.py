"""Assemble and publish the default pipeline (project steps ``assemble`` and ``publish``).

``assemble``: the trained NER pipeline (model-best) + the ``minutes_decision_model`` component
holding the trained decision classifier, combined as tuned on dev → ``--out`` (a complete,
self-contained pipeline folder).

``publish``: copy the assembled pipeline to ``models/minutes_da`` and stamp meta.json with the
version, the training data, the CC BY-SA 4.0 terms inherited from DDT and the measured metrics.

usage: python training/scripts/publish.py assemble --ner training/output/ner/model-best
           --decisions training/output/decisions/model-best --tuning training/metrics/decision_tuning.json
           --out training/output/minutes_da
       python training/scripts/publish.py publish --model training/output/minutes_da
           --metrics training/metrics/evaluation.json --stats training/corpus/stats.json
           --out models/minutes_da --version 0.1.0
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any, Optional

import spacy

import minutes_nlp.components.decision_model  # noqa: F401  (registers the factory)
from minutes_nlp.pipeline import register_components

LICENSE = "CC BY-SA 4.0"
MAX_MB = 50


def assemble(ner: Path, decisions: Path, tuning: Optional[Path], out: Path) -> Path:
    """NER pipeline (any component its training config disabled switched on) + decision model → ``out``."""
    register_components()
    nlp = spacy.load(ner)
    for name in list(nlp.disabled):  # a training config may disable rule components; the published pipeline runs them
        nlp.enable_pipe(name)
    cfg = {"rule_threshold": 0.6, "min_prob": 0.5}
    if tuning and tuning.exists():
        best = json.loads(tuning.read_text(encoding="utf-8"))["best"]
        cfg = {"rule_threshold": float(best["rule_threshold"]), "min_prob": float(best["min_prob"])}
    if "minutes_decision_model" in nlp.pipe_names:
        nlp.remove_pipe("minutes_decision_model")
    after = "minutes_decisions" if "minutes_decisions" in nlp.pipe_names else None
    pipe = nlp.add_pipe("minutes_decision_model", after=after, config=cfg)
    pipe.initialize(model_path=str(decisions))
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    return out


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def publish(model: Path, metrics: Optional[Path], stats: Optional[Path], tuning: Optional[Path],
            out: Path, version: str) -> Path:
    """Copy ``model`` to ``out`` and stamp its meta.json."""
    if not (model / "config.cfg").exists():
        raise SystemExit(f"no pipeline at {model}")
    size = _size_mb(model)
    if size > MAX_MB:
        raise SystemExit(f"{model} is {size:.1f} MB > {MAX_MB} MB")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(model, out)
    meta_path = out / "meta.json"
    meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({
        "name": "minutes_da",
        "version": version,
        "description": "minutes_nlp default pipeline for Danish municipal minutes: rule segmenter, header "
                       "parser, CNN tok2vec + NER (COMMITTEE, PERSON, AMOUNT, DATE, CASE_NUMBER), entity "
                       "rules, rule decision classifier + trained decision model for low-confidence items.",
        "license": LICENSE,
        "license_note": "Trained in part on the Danish Dependency Treebank NER annotations (DaNE / UNER "
                        "Danish DDT, CC BY-SA 4.0); the trained weights are shared under the same terms.",
        "sources": [
            {"name": "minutes_nlp annotated corpus", "url": "corpus/annotated",
             "description": "team-written minutes in 8+ layouts (full entity spans), public seed minutes "
                            "and Greve Kommune meetings (sampled items, decision labels read by hand "
                            "plus rule labels for the rest)"},
            {"name": "UNER Danish DDT", "license": LICENSE,
             "description": "PER → PERSON; ORG/LOC/MISC and digit tokens left unannotated (missing)"},
        ],
        "training_data": json.loads(stats.read_text(encoding="utf-8")) if stats and stats.exists() else {},
        "splits": "corpus/annotated/splits.json (by meeting; layout kkr_markdown held out for test)",
    })
    if tuning and tuning.exists():
        t = json.loads(tuning.read_text(encoding="utf-8"))
        meta["decision_tuning_dev"] = {k: t[k] for k in ("n_dev", "rules_only", "model_only", "best")}
        if "eval" in t:
            meta["decision_test_greve_and_corpus"] = t["eval"]
    if metrics and metrics.exists():
        meta["minutes_nlp_metrics"] = json.loads(metrics.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"published {out} ({_size_mb(out):.1f} MB), version {version}")
    return out


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="step", required=True)
    a = sub.add_parser("assemble")
    a.add_argument("--ner", type=Path, required=True)
    a.add_argument("--decisions", type=Path, required=True)
    a.add_argument("--tuning", type=Path)
    a.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("publish")
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--metrics", type=Path)
    p.add_argument("--stats", type=Path)
    p.add_argument("--tuning", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--version", required=True)
    args = ap.parse_args(argv)
    if args.step == "assemble":
        print(f"assembled {assemble(args.ner, args.decisions, args.tuning, args.out)}")
    else:
        publish(args.model, args.metrics, args.stats, args.tuning, args.out, args.version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
