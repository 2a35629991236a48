"""Per-document acceptance table: items found / expected and decisions right / expected.

Expected values come from reading, not from our extractor:
- seeds 000–004: the gold records in corpus/annotated/gathered.jsonl (items and decisions as read);
- Greve: the meetings of corpus/annotated/greve_decisions/read_meetings.json, whose every decision was
  read by hand (corpus/annotated/greve_decisions/*.labels.jsonl); expected items are the portal's own
  agenda structure (the JSON's Dagsordenpunkter), not our segmentation.

usage: python benchmarks/acceptance.py [--model rules|PATH] [--greve-limit N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from minutes_nlp.api import extract_many
from minutes_nlp.corpus import GoldDoc, GoldItem, data_dir, load_corpus, read_decision_labels
from minutes_nlp.evaluate import Scores, score_doc
from minutes_nlp.io.firstagenda import read_firstagenda
from minutes_nlp.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "corpus" / "annotated" / "greve_decisions"


def read_labels() -> dict[str, str]:
    """Hand-read decision labels by "<file>#<number>" (adjudicated labels override the first reading)."""
    return read_decision_labels(LABELS)


def greve_golds(limit: int) -> list[GoldDoc]:
    """Gold documents for the fully read Greve meetings (items from the portal structure)."""
    meetings = json.loads((LABELS / "read_meetings.json").read_text(encoding="utf-8"))[:limit]
    labels = read_labels()
    folder = data_dir() / "minutes" / "greve_firstagenda"
    golds = []
    for name in meetings:
        meeting = read_firstagenda(folder / name)
        items = []
        for item in meeting.items:
            has_decision = any(s.name == "Beslutning" for s in item.sections)
            key = f"{name}#{item.number}"
            if has_decision and key not in labels:
                raise SystemExit(f"{key}: no hand-read label yet")
            decision = labels[key] if has_decision else "Ingen beslutning"
            items.append(GoldItem(item.start, item.end, item.number, item.title, decision))
        golds.append(GoldDoc(name.removesuffix(".json"), meeting.text, (), tuple(items), partial_spans=True))
    return golds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default="rules")
    ap.add_argument("--greve-limit", type=int, default=54)
    args = ap.parse_args()
    seeds = [d for d in load_corpus(ROOT / "corpus" / "annotated" / "gathered.jsonl", skip_missing=True)
             if d.doc_id.startswith("seed_")]
    golds = seeds + greve_golds(args.greve_limit)
    nlp = load(args.model)
    scores = Scores()
    t0 = time.perf_counter()
    for gold, pred in zip(golds, extract_many((g.text for g in golds), nlp=nlp)):
        score_doc(gold, pred, scores)
    seconds = time.perf_counter() - t0
    print(f"pipeline: {nlp.meta.get('name')} {nlp.meta.get('version')}   documents: {len(golds)}   {seconds:.1f} s")
    print(f"{'document':<62} {'items':>9} {'decisions':>11}")
    for d in scores.docs:
        print(f"{d.doc_id:<62} {d.items_found:>4}/{d.items_expected:<4} {d.decisions_right:>5}/{d.decisions_expected:<5}")
    found = sum(d.items_found for d in scores.docs)
    expected = sum(d.items_expected for d in scores.docs)
    right = sum(d.decisions_right for d in scores.docs)
    total = sum(d.decisions_expected for d in scores.docs)
    print(f"{'TOTAL':<62} {found:>4}/{expected:<4} {right:>5}/{total:<5}"
          f"   items {found / max(expected, 1):.1%}   decisions {right / max(total, 1):.1%}")
    print("\ndecision confusions (gold -> predicted: count)")
    for (g, p), n in scores.confusion().most_common(12):
        print(f"  {g:>16} -> {p:<18} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
