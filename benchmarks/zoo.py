"""Layout-zoo benchmark: Greve meetings printed in the publishing styles of LAYOUTS.md
(training/zoo), scored per style against the gold the renderer records.

Only Greve meetings whose items are in the dev or test split of corpus/annotated/greve_decisions.jsonl
are rendered (the shipped decision model trained on the train split).

Scores per style: items P/R/F (a predicted item matches a gold item when their title spans overlap),
decision accuracy over gold items that carry a label (a missing item or decision is wrong), meeting
body and date accuracy.

Two groups of styles are reported apart, each with its own TOTAL line: the 30 development styles (the
rules were written while looking at their errors: a development figure) and the 8 held-out styles
(`heldout=True` in training/zoo/styles.py, written later from LAYOUTS.md conventions the development
styles do not render: the held-out figure). --heldout scores the held-out styles only.

usage: python benchmarks/zoo.py [--model rules|default|PATH] [--styles a,b | --heldout] [--exclude-style S]
                                [--meetings N] [--seed S] [--json PATH] [--from-dir corpus/zoo/out]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))  # the zoo package (before benchmarks/, whose zoo.py is this file)

from zoo import STYLE_BY_NAME, STYLES, documents  # noqa: E402
sys.path.insert(0, str(ROOT / "benchmarks"))
from scoring import Row, score  # noqa: E402
from zoo.source import MEASURE_SPLITS, measurement_meetings  # noqa: E402

#: Reporting groups: the rules were developed on the first; the second is held out.
GROUPS = (("development", "DEVELOPMENT styles (the rules were written looking at these: a development figure)"),
          ("heldout", "HELD-OUT styles (never looked at by the rule writers)"))


def _from_dir(folder: Path, wanted: set[str]):
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        if gold["style"] in wanted:
            yield (folder / f"{gold['id']}.txt").read_text(encoding="utf-8"), gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="rules", help="rules | default | path or package name")
    ap.add_argument("--styles", default="", help="comma-separated style names (default: all)")
    ap.add_argument("--heldout", action="store_true", help="only the held-out styles")
    ap.add_argument("--exclude-style", action="append", default=[], help="style to leave out (repeatable)")
    ap.add_argument("--meetings", type=int, default=6, help="meetings per style, rotated (0 = all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--from-dir", default="", help="read a rendered folder (python -m zoo render) instead")
    ap.add_argument("--json", default="", help="write the results as JSON here")
    args = ap.parse_args(argv)

    if args.heldout and args.styles:
        ap.error("--heldout and --styles exclude each other")
    names = [n for n in args.styles.split(",") if n] or [s.name for s in STYLES if s.heldout or not args.heldout]
    excluded = {n for arg in args.exclude_style for n in arg.split(",") if n}
    unknown = [n for n in [*names, *excluded] if n not in STYLE_BY_NAME]
    if unknown:
        ap.error(f"unknown styles: {', '.join(unknown)}")
    styles = [STYLE_BY_NAME[n] for n in names if n not in excluded]

    from minutes_nlp.api import extract_many
    from minutes_nlp.pipeline import load

    nlp = load(None if args.model == "default" else args.model)
    if args.from_dir:
        pairs = list(_from_dir(Path(args.from_dir), {s.name for s in styles}))
        n_meetings = len({g["source"] for _, g in pairs})
    else:
        meetings = measurement_meetings()
        n_meetings = len(meetings)
        pairs = [(d.text, d.gold) for d in documents(styles, args.meetings, args.seed, meetings)]
    print(f"pipeline: {nlp.meta.get('name')} {nlp.meta.get('version')} ({args.model})   "
          f"styles: {len(styles)}   documents: {len(pairs)}   seed: {args.seed}")
    print(f"source: Greve meetings of the {'/'.join(MEASURE_SPLITS)} splits only ({n_meetings} meetings; "
          f"the decision model trained on the train split); gold decisions = hand-read labels")

    rows: dict[str, Row] = defaultdict(Row)
    t0 = time.perf_counter()
    last = t0
    for (text, gold), pred in zip(pairs, extract_many((t for t, _ in pairs), nlp=nlp)):
        row = score(text, gold, pred)
        now = time.perf_counter()
        row.seconds = now - last
        last = now
        rows[gold["style"]].add(row)
    seconds = time.perf_counter() - t0

    total = Row()
    totals: dict[str, Row] = {}
    head = f"{'style':<28} {'docs':>4} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F':>6} {'dec':>5} {'acc':>6} {'body':>6} {'date':>6}"
    for group, title in GROUPS:
        members = [s for s in styles if s.heldout == (group == "heldout") and s.name in rows]
        if not members:
            continue
        sub = totals[group] = Row()
        print(f"\n{title} ({len(members)} styles)")
        print(head)
        print("-" * len(head))
        for style in members:
            sub.add(rows[style.name])
            _print(style.name, rows[style.name])
        print("-" * len(head))
        _print(f"TOTAL {group}", sub)
        total.add(sub)
    print(f"\n{seconds:.1f} s extraction")
    for group, sub in totals.items():
        print(f"\ndecision confusions, {group} styles (gold -> predicted: count)")
        for (g, p), n in sub.confusion.most_common(10):
            print(f"  {g:>16} -> {p:<18} {n}")
    if args.json:
        out = {"model": args.model, "seed": args.seed, "meetings_per_style": args.meetings,
               "splits": list(MEASURE_SPLITS), "documents": len(pairs),
               "styles": {n: _json(r) for n, r in rows.items()},
               "groups": {g: _json(r) for g, r in totals.items()}, "total": _json(total)}
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _json(row: Row) -> dict:
    d = {k: v for k, v in asdict(row).items() if k != "confusion"}
    d.update({k: round(v, 4) for k, v in row.scores().items()})
    d["confusion"] = {f"{g} -> {p}": n for (g, p), n in row.confusion.most_common()}
    return d


def _print(name: str, row: Row) -> None:
    s = row.scores()
    print(f"{name:<28} {row.docs:>4} {row.gold_items:>5} {row.pred_items:>5} {s['items_p']:>6.1%} "
          f"{s['items_r']:>6.1%} {s['items_f']:>6.1%} {row.decisions:>5} {s['decision_acc']:>6.1%} "
          f"{s['body_acc']:>6.1%} {s['date_acc']:>6.1%}")


if __name__ == "__main__":
    sys.exit(main())
