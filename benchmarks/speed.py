"""Words per second of ``extract_many`` and of the bare Danish tokenizer over the Greve meetings,
in one run on the same texts, with the peak memory of the process, their ratio, and optionally
``--workers N`` against one worker, memory growth, and ``--pdfs N`` the PDF reader against
``pdftotext`` (:mod:`pdf_speed`).

    python benchmarks/speed.py                      # all Greve meetings, default pipeline
    python benchmarks/speed.py --limit 50 --workers 2
    python benchmarks/speed.py --limit 40 --model rules --growth-docs 1000

spaCy is imported as the command line imports it (without torch for a pipeline of numpy layers,
:func:`minutes_nlp.startup.import_spacy_for`). ``--workers N`` runs ``batch.extract_paths`` over the
meeting files (reading included) with 1 and with N worker processes (no memory figure for the
workers: a spawned child's peak counts this process's pages at the fork). ``--growth-docs N`` then runs ``extract_many`` over N item-sized documents cut
from the meetings, with their digits shuffled (new case numbers, amounts and dates: new strings for
the vocabulary, as in a real stream of different minutes), and reports the resident memory after
the first tenth and at the end. The load average is printed with the figures (a shared machine).
"""
from __future__ import annotations

from minutes_nlp.startup import single_blas_thread

single_blas_thread()  # as the command line runs, before numpy is imported

import argparse
import json
import random
import re
import resource
import sys
import time
import warnings
from pathlib import Path
from typing import Iterator, Optional

from minutes_nlp.corpus import data_dir

GREVE = "minutes/greve_firstagenda"


def greve_paths(folder: Optional[Path] = None, limit: Optional[int] = None) -> list[Path]:
    """Greve meeting files, sorted; with ``limit``, that many spread evenly over the years/bodies."""
    root = folder or data_dir() / GREVE
    paths = sorted(root.glob("*.json"))
    if not paths:
        sys.exit(f"no Greve meetings under {root} (set MINUTES_NLP_DATA)")
    if limit and limit < len(paths):
        step = len(paths) / limit
        paths = [paths[int(k * step)] for k in range(limit)]
    return paths


def read_texts(paths: list[Path]) -> list[str]:
    """Document texts through the package's readers (FirstAgenda JSON → text)."""
    from minutes_nlp.io.readers import read_path

    return [read_path(p).text for p in paths]


def words(texts: list[str]) -> int:
    """Whitespace-separated words: the unit of every words/s figure."""
    return sum(len(t.split()) for t in texts)


def rss_mb() -> float:
    """Current resident memory of this process in MB (Linux /proc)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_mb() -> float:
    """Peak resident memory of this process so far in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, n_words: int, run) -> dict:
    """Run ``run()`` once; words/s, seconds and the peak memory after it."""
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    return {"engine": label, "words": n_words, "seconds": round(seconds, 2),
            "words_per_s": round(n_words / seconds), "peak_mb": round(peak_mb())}


def workers_rows(paths: list[Path], n_words: int, model: Optional[str], batch_size: int, workers: int) -> list[dict]:
    """``extract_paths`` over ``paths`` with one worker (in this process) and with ``workers``;
    ``batch_size`` is also the chunk of files a worker takes (the CLI's default is 2)."""
    import os

    from minutes_nlp.batch import extract_paths

    rows = []
    for k in (1, workers):
        def run(k: int = k) -> None:
            failed = [o.error for o in extract_paths([str(p) for p in paths], workers=k, model=model,
                                                     batch_size=batch_size) if not o.ok]
            if failed:
                sys.exit(f"extract_paths failed on {len(failed)} file(s): {failed[:3]}")

        row = timed(f"extract_paths, {k} worker{'s' if k > 1 else ''} ({os.cpu_count()} cores)", n_words, run)
        if k > 1:
            row["peak_mb"] = None  # a spawned worker's ru_maxrss counts this process's pages at fork
        rows.append(row)
    return rows


def item_pieces(texts: list[str], n: int, seed: int = 0) -> Iterator[str]:
    """``n`` documents of ~300-800 words cut from ``texts`` at line breaks, digits shuffled."""
    rng = random.Random(seed)
    chunks = []
    for text in texts:
        lines, size = [], 0
        for line in text.splitlines(keepends=True):
            lines.append(line)
            size += len(line.split())
            if size >= rng.randint(300, 800):
                chunks.append("".join(lines))
                lines, size = [], 0
    digit = re.compile(r"\d")
    for k in range(n):
        yield digit.sub(lambda _m: str(rng.randint(0, 9)), chunks[k % len(chunks)])


def growth(nlp, texts: list[str], n_docs: int, batch_size: int) -> dict:
    """Resident memory after the first tenth of ``n_docs`` documents and at the end."""
    from minutes_nlp.api import extract_many

    marks = {}
    warm = max(1, n_docs // 10)
    for k, _m in enumerate(extract_many(item_pieces(texts, n_docs), batch_size=batch_size, nlp=nlp), 1):
        if k in (warm, n_docs) or k % max(1, n_docs // 5) == 0:
            marks[k] = round(rss_mb(), 1)
    first, last = marks[warm], marks[n_docs]
    return {"docs": n_docs, "rss_mb": marks, "growth_pct": round(100 * (last - first) / first, 2)}


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="Folder of FirstAgenda meetings (default: Greve).")
    ap.add_argument("--limit", type=int, default=None, help="Use this many meetings, spread evenly.")
    ap.add_argument("--model", default=None, help="Pipeline for extract_many (default: pipeline.load()).")
    ap.add_argument("--batch-size", type=int, default=2,
                    help="Documents per batch for extract_many (default 2, the library's DEFAULT_BATCH_SIZE).")
    ap.add_argument("--workers", type=int, default=0, help="Also time extract_paths with N workers against 1.")
    ap.add_argument("--worker-batch-size", type=int, default=2,
                    help="Files per chunk (and batch) for --workers, as the CLI's --batch-size (default 2).")
    ap.add_argument("--growth-docs", type=int, default=0, help="Also measure memory growth over N documents.")
    ap.add_argument("--pdfs", type=int, default=0,
                    help="Also typeset N meetings as PDFs and time the PDF reader against pdftotext.")
    ap.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    args = ap.parse_args(argv)

    import os

    from minutes_nlp.startup import import_spacy_for

    without_torch = import_spacy_for(args.model)
    import spacy

    from minutes_nlp.api import extract_many
    from minutes_nlp.pipeline import factory_entry_points, load, pipeline_name

    paths = greve_paths(args.data, args.limit)
    texts = read_texts(paths)
    n = words(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = load(args.model)
    with factory_entry_points(set()):  # as pipeline.load: no other package's factories (torch)
        tokenizer = spacy.blank("da").tokenizer
    rows = [
        timed("tokenizer (spacy.blank('da'))", n, lambda: [len(d) for d in tokenizer.pipe(texts)]),
        timed(f"extract_many ({pipeline_name(nlp)})", n,
              lambda: [len(m.items) for m in extract_many(texts, batch_size=args.batch_size, nlp=nlp)]),
    ]
    ratios = {"pipeline_time_vs_tokenizer": round(rows[1]["seconds"] / rows[0]["seconds"], 2)}
    if args.workers > 1:
        worker_rows = workers_rows(paths, n, args.model, args.worker_batch_size, args.workers)
        rows += worker_rows
        ratios[f"workers_{args.workers}_vs_1"] = round(worker_rows[1]["words_per_s"] / worker_rows[0]["words_per_s"], 2)
    report = {"meetings": len(texts), "words": n, "rows": rows, "ratios": ratios,
              "load_average": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count(),
              "torch_imported": not without_torch}
    if args.growth_docs:
        report["growth"] = growth(nlp, texts, args.growth_docs, args.batch_size)
    if args.pdfs:
        from pdf_speed import pdf_rows

        report["pdf"] = pdf_rows(texts[:args.pdfs])
    if args.json:
        print(json.dumps(report, indent=2))
        return
    load1, load5, load15 = report["load_average"]
    print(f"{len(texts)} Greve meetings, {n:,} words; {report['cores']} cores, load average {load1} {load5} {load15}"
          f"{'' if without_torch else '; torch imported'}")
    print(f"{'engine':<44} {'words/s':>10} {'seconds':>8} {'peak MB':>8}")
    for r in rows:
        peak = "-" if r["peak_mb"] is None else r["peak_mb"]
        print(f"{r['engine']:<44} {r['words_per_s']:>10,} {r['seconds']:>8} {peak:>8}")
    print(f"pipeline / tokenizer time: {ratios['pipeline_time_vs_tokenizer']}x", end="")
    for key, value in ratios.items():
        if key.startswith("workers_"):
            print(f"; {args.workers} workers / 1 worker words/s: {value}x", end="")
    print()
    if "growth" in report:
        g = report["growth"]
        print(f"memory over {g['docs']} documents (RSS MB by document): {g['rss_mb']}; "
              f"growth after the first tenth: {g['growth_pct']} %")
    if "pdf" in report:
        from pdf_speed import print_pdf_report

        print_pdf_report(report["pdf"])


if __name__ == "__main__":
    main()
