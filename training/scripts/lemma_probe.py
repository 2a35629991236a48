"""Do lookup lemmas help the decision model? A measurement, not part of the project workflow.

Rewrites the textcat DocBins (``training/corpus/textcat``, from the ``convert`` step) with every word
replaced by its lemma from spaCy's Danish lookup table (``pip install spacy-lookups-data``; the rule
words "regel…"/"sikkerhed…" are kept), trains ``configs/decisions.cfg`` on them, and prints dev
macro-F1 of the model alone and combined with the rules at the best dev threshold, beside the same
figures for the plain-text model in ``--baseline``.

usage: python training/scripts/lemma_probe.py [--steps 2000] [--work /tmp/lemma_probe]
       [--baseline training/output/decisions/model-best]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Optional

import spacy
from spacy.tokens import Doc, DocBin

from tune_decisions import MIN_PROBS, THRESHOLDS, combine, macro_f1  # same folder

from minutes_nlp.labels import DECISION_LABELS

HERE = Path(__file__).resolve().parent
TEXTCAT = HERE.parent / "corpus" / "textcat"


def lemmatize(src: Path, dst: Path, table: dict[str, str], nlp: spacy.Language) -> None:
    """Copy a textcat DocBin with each token replaced by its lower-cased lookup lemma."""
    out = DocBin()
    for doc in DocBin().from_disk(src).get_docs(nlp.vocab):
        words = [t.text if t.text.startswith(("regel", "sikkerhed")) else table.get(t.lower_, t.lower_) for t in doc]
        new = Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
        new.cats = doc.cats
        out.add(new)
    out.to_disk(dst)


def dev_scores(model: Path, docbin: Path) -> tuple[float, float]:
    """(model-only macro-F1, best combined macro-F1 over the tuning grid) on a dev DocBin."""
    nlp = spacy.load(model)
    docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    meta = [json.loads(x) for x in (TEXTCAT / "dev.meta.jsonl").read_text(encoding="utf-8").splitlines() if x]
    preds = []
    for doc in nlp.pipe(d.text for d in docs):
        cats = {k: v for k, v in doc.cats.items() if k in DECISION_LABELS}
        best = max(cats, key=cats.get)
        preds.append((best, cats[best]))
    gold = [m["label"] for m in meta]
    rules = [(m["rule_label"], float(m["rule_score"])) for m in meta]
    alone = macro_f1(list(zip(gold, [p[0] for p in preds])))
    combined = max(macro_f1(list(zip(gold, [combine(r, q, t, p) for r, q in zip(rules, preds)])))
                   for t in THRESHOLDS for p in MIN_PROBS)
    return alone, combined


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/lemma_probe"))
    ap.add_argument("--baseline", type=Path, default=HERE.parent / "output" / "decisions" / "model-best")
    args = ap.parse_args(argv)
    try:
        from spacy.lookups import load_lookups

        table = dict(load_lookups("da", ["lemma_lookup"]).get_table("lemma_lookup").items())
    except (ValueError, ImportError) as err:
        raise SystemExit(f"needs spacy-lookups-data ({err})")
    nlp = spacy.blank("da")
    args.work.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        lemmatize(TEXTCAT / f"{split}.spacy", args.work / f"{split}.spacy", table, nlp)
    subprocess.run([sys.executable, "-m", "spacy", "train", str(HERE.parent / "configs" / "decisions.cfg"),
                    "--output", str(args.work / "model"), "--paths.train", str(args.work / "train.spacy"),
                    "--paths.dev", str(args.work / "dev.spacy"), "--training.max_steps", str(args.steps)],
                   check=True, stdout=subprocess.DEVNULL)
    print(f"{'decision model (dev)':<28}{'alone':>8}{'combined':>10}")
    if (args.baseline / "config.cfg").exists():
        print(f"{'words':<28}" + "".join(f"{x:>9.3f}" for x in dev_scores(args.baseline, TEXTCAT / "dev.spacy")))
    print(f"{'lookup lemmas':<28}" + "".join(f"{x:>9.3f}" for x in dev_scores(args.work / "model" / "model-best",
                                                                          args.work / "dev.spacy")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
