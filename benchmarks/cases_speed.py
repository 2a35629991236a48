"""Case-linking speed (issue 12): synthetic meetings made from the Greve ones, linked on one core.

    python benchmarks/cases_speed.py --jsonl greve.jsonl [--meetings 10000]

Copy k of the 285 Greve meetings (extract output) gets its own case numbers (prefix ``S<k>-``), a
municipality shared by five copies ("Syntetisk <k // 5> Kommune"), and its dates moved on by
3 years × (k mod 5); every 4th copy also has its titles' words in a shuffled order, so the blocks by
title stems are not just repeats. Linking runs in this process (one core), with case numbers and
with them removed (the title path). "cpu s" is the process's CPU time (one core: linking is
single-threaded), "wall s" the elapsed time, which also counts other programs on a busy machine.
Not a timed test: it prints a table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases import DATA, extract_all, strip_numbers  # noqa: E402


def _shift(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def synthetic(documents, n: int, seed: int = 12):
    """``n`` (source, Minutes) pairs made from ``documents`` (see the module docstring)."""
    rng = random.Random(seed)
    out = []
    k = 0
    while len(out) < n:
        town, years = f"Syntetisk {k // 5} Kommune", 3 * (k % 5)
        for source, m in documents:
            if len(out) >= n:
                break
            items = []
            for it in m.items:
                numbers = [c.model_copy(update={"value": f"S{k}-{c.value}"}) for c in it.case_numbers]
                title = it.title
                if k % 4 == 3:
                    words = title.split()
                    rng.shuffle(words)
                    title = " ".join(words)
                items.append(it.model_copy(update={"case_numbers": numbers, "title": title}))
            meeting = m.meeting.model_copy(update={"municipality": town, "date": _shift(m.meeting.date, years)})
            out.append((f"synthetic/{k}/{Path(source).name}", m.model_copy(update={"meeting": meeting, "items": items})))
        k += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jsonl", type=Path, help="extract --jsonl output of the Greve meetings")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--meetings", type=int, nargs="+", default=[1000, 10000])
    args = ap.parse_args()
    from minutes_nlp.cases import link_cases
    from minutes_nlp.cases.inputs import read_jsonl

    base = [(s, m) for s, m in read_jsonl(args.jsonl or extract_all(args.data)) if s.endswith(".json")]
    print(f"{'meetings':>8} {'items':>7} {'case numbers':<12} {'cases':>7} {'cpu s':>7} {'wall s':>7}")
    for n in args.meetings:
        docs = synthetic(base, n)
        items = sum(len(m.items) for _, m in docs)
        for label, strip in (("with", False), ("removed", True)):
            run = [(s, strip_numbers(m)) for s, m in docs] if strip else docs
            started, cpu = time.perf_counter(), time.process_time()
            cases = link_cases(run)
            took, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"{n:>8} {items:>7} {label:<12} {len(cases):>7} {cpu:>7.1f} {took:>7.1f}", flush=True)


if __name__ == "__main__":
    main()
