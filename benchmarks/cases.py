"""Case-linking benchmark (issue 12): pairwise P/R/F of "these two items are one case" on the stand-off
gold of Greve minutes, with case numbers and with case numbers removed (the title path).

    python benchmarks/cases.py --jsonl greve.jsonl          # extract output of the 285 meetings
    python benchmarks/cases.py                              # extracts them first (a few minutes)

Gold: corpus/cases/gold.jsonl (meeting file, sha256, item number per step; judged by reading, see
corpus/cases/README.md). ``split`` is ``dev`` (matters that start 2022-2023; thresholds were tuned
on these) or ``test`` (matters that start in 2024; held out, the reported figure). The linker runs
over all meetings; pairs are counted among the gold items of each split. Standing items the linker
leaves out count as one-item cases. "Without numbers" removes every item's case numbers (and the
CASE_NUMBER mentions) from the extract output before linking, as if the text had none.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpus" / "cases" / "gold.jsonl"
DATA = ROOT.parent / "shared" / "data" / "minutes" / "greve_firstagenda"

Key = tuple[str, str]  # (meeting file name, item number)


def load_gold(path: Path, data: Path) -> list[dict]:
    """Gold matters; every step's file must be present with the recorded sha256."""
    matters = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    checked: dict[str, str] = {}
    for m in matters:
        for step in m["steps"]:
            name = step["file"]
            if name not in checked:
                checked[name] = hashlib.sha256((data / name).read_bytes()).hexdigest()
            if checked[name] != step["sha256"]:
                raise SystemExit(f"{name}: sha256 differs from the gold's; the gold does not fit this file")
    return matters


def strip_numbers(minutes):
    """``minutes`` without case numbers on items and without CASE_NUMBER mentions."""
    items = [it.model_copy(update={"case_numbers": [],
                                   "entities": [e for e in it.entities if e.label != "CASE_NUMBER"]})
             for it in minutes.items]
    return minutes.model_copy(update={"items": items,
                                      "entities": [e for e in minutes.entities if e.label != "CASE_NUMBER"]})


def predicted_clusters(documents, strip: bool) -> tuple[dict[Key, str], float]:
    """(item key → case key, seconds) from link_cases over all documents."""
    from minutes_nlp.cases import link_cases

    docs = [(src, strip_numbers(m) if strip else m) for src, m in documents]
    started = time.perf_counter()
    cases = link_cases(docs)
    took = time.perf_counter() - started
    found: dict[Key, str] = {}
    for case in cases:
        for step in case.steps:
            found[(Path(step.source).name, step.item_number)] = case.key
    return found, took


def pairs(groups: Iterable[Iterable[Key]]) -> set[frozenset[Key]]:
    return {frozenset(p) for g in groups for p in combinations(sorted(set(g)), 2)}


def score(matters: list[dict], found: dict[Key, str]) -> tuple[float, float, float, int, int]:
    """Pairwise (P, R, F, gold pairs, predicted pairs) among the matters' items."""
    gold_groups = [[(s["file"], s["item"]) for s in m["steps"]] for m in matters]
    items = [k for g in gold_groups for k in g]
    by_case: dict[str, list[Key]] = defaultdict(list)
    for k in items:
        by_case[found.get(k, f"missing:{k}")].append(k)
    gold, pred = pairs(gold_groups), pairs(by_case.values())
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, len(gold), len(pred)


def extract_all(data: Path) -> Path:
    out = Path(tempfile.mkdtemp(prefix="cases_bench_")) / "greve.jsonl"
    print(f"extracting {data} → {out} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "minutes_nlp.cli", "extract", "--jsonl", str(data), "-o", str(out),
                    "--no-progress"], check=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jsonl", type=Path, help="extract --jsonl output of the Greve meetings")
    ap.add_argument("--data", type=Path, default=DATA, help="the greve_firstagenda folder")
    ap.add_argument("--errors", action="store_true", help="list wrong pairs of the dev split")
    args = ap.parse_args()
    from minutes_nlp.cases.inputs import read_jsonl

    matters = load_gold(GOLD, args.data)
    documents = [(src, m) for src, m in read_jsonl(args.jsonl or extract_all(args.data)) if src.endswith(".json")]
    print(f"{len(documents)} meetings; gold: {len(matters)} matters, "
          f"{sum(len(m['steps']) > 1 for m in matters)} with more than one step, "
          f"{sum(len(m['steps']) for m in matters)} items")
    print(f"{'case numbers':<14} {'split':<5} {'matters':>7} {'items':>5} {'P':>6} {'R':>6} {'F':>6} "
          f"{'gold pairs':>10} {'pred pairs':>10} {'link s':>6}")
    for label, strip in (("with", False), ("removed", True)):
        found, took = predicted_clusters(documents, strip)
        for split in ("dev", "test"):
            part = [m for m in matters if m["split"] == split]
            p, r, f, g, n = score(part, found)
            print(f"{label:<14} {split:<5} {len(part):>7} {sum(len(m['steps']) for m in part):>5} "
                  f"{p:>6.3f} {r:>6.3f} {f:>6.3f} {g:>10} {n:>10} {took:>6.2f}")
        if args.errors:
            show_errors([m for m in matters if m["split"] == "dev"], found, label)


def show_errors(matters: list[dict], found: dict[Key, str], label: str) -> None:
    """Print the dev split's missed and wrong pairs (item keys only: the texts stay in the data)."""
    gold_groups = [[(s["file"], s["item"]) for s in m["steps"]] for m in matters]
    of = {k: m["matter"] for m, g in zip(matters, gold_groups) for k in g}
    items = list(of)
    by_case: dict[str, list[Key]] = defaultdict(list)
    for k in items:
        by_case[found.get(k, f"missing:{k}")].append(k)
    gold, pred = pairs(gold_groups), pairs(by_case.values())
    for kind, wrong in (("missed", gold - pred), ("wrong", pred - gold)):
        for pair in sorted(wrong, key=sorted):
            a, b = sorted(pair)
            print(f"  [{label}] {kind}: {of[a]} {a[0][:40]}#{a[1]}  ~  {of[b]} {b[0][:40]}#{b[1]}")


if __name__ == "__main__":
    main()
