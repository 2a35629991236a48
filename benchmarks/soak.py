"""Soak benchmark (issue 14): many documents through ``extract_many`` and through the CLI with 2
workers, with a ``kill -9`` and a resume in the middle; reports throughput, memory over time and
lost/duplicated documents as a markdown table.

    python benchmarks/soak.py [--docs 20000] [--model rules] [--workers 2]

Documents are generated (varied synthetic referater, plus a few hostile ones that must fail cleanly).
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BAD_EVERY = 500  # one hostile document (binary, empty) per this many


def make_docs(folder: Path, n: int) -> int:
    """Write ``n`` documents; returns how many are hostile (must fail)."""
    rng = random.Random(20_000)
    bodies = ["Økonomiudvalget", "Børne- og Skoleudvalget", "Teknik- og Miljøudvalget", "Byrådet"]
    bad = 0
    for k in range(n):
        path = folder / f"d{k // 1000:03d}" / f"m{k:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        if k % BAD_EVERY == BAD_EVERY - 1:
            path.write_bytes(b"" if k % 2 else bytes(rng.randrange(256) for _ in range(3000)))
            bad += 1
            continue
        items = []
        for i in range(1, rng.randint(2, 12)):
            items.append(f"{i}. Sag {k}-{i} om bevilling\nSagsnr. 27.00.00-A00-{i}-23\n\nIndstilling\n"
                         f"Direktionen indstiller, at der bevilges {rng.randint(1, 999)}.000 kr.\n\n"
                         f"Beslutning\n{rng.choice(['Godkendt.', 'Anbefales.', 'Udsat.', 'Taget til efterretning.'])}\n")
        path.write_text(f"{rng.choice(bodies)}\n\nReferat af mødet den {rng.randint(1, 28)}. maj 2023 kl. 16.00\n\n"
                        + "\n".join(items), encoding="utf-8")
    return bad


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            pass
    return total / 2**20


def tree(pid: int) -> list[int]:
    out, frontier = [pid], {pid}
    while frontier:
        nxt = set()
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                if ppid in frontier and int(d.name) not in out:
                    nxt.add(int(d.name))
        out.extend(nxt)
        frontier = nxt
    return out


def soak_api(folder: Path, model: str) -> dict:
    from minutes_nlp import extract_many
    from minutes_nlp.io.readers import ReadError, read_path
    from minutes_nlp.pipeline import load

    nlp = load(model)
    paths = sorted(folder.rglob("*.txt"))
    texts, failed = [], 0
    for p in paths:
        try:
            texts.append(read_path(p).text)
        except ReadError:
            failed += 1
    samples = []
    started = time.perf_counter()
    out = 0
    for m in extract_many(texts, nlp=nlp):
        out += 1
        if out % 1000 == 0:
            samples.append(rss_mb([os.getpid()]))
    elapsed = time.perf_counter() - started
    return {"run": "extract_many", "in": len(paths), "out": out, "failed": failed, "duplicated": 0,
            "docs_s": out / elapsed, "peak_mb": max(samples or [rss_mb([os.getpid()])]),
            "mem_first_last": (samples[0], samples[-1]) if samples else None}


def soak_cli(folder: Path, model: str, workers: int) -> dict:
    n = len(list(folder.rglob("*.txt")))
    db = folder.parent / "soak.db"
    cmd = [sys.executable, "-c", "from minutes_nlp.cli import main; main()", "extract", str(folder), "--model", model,
           "--workers", str(workers), "--output", str(db), "--no-progress"]
    started = time.perf_counter()
    peak = 0.0
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while proc.poll() is None:  # kill -9 half way
        time.sleep(0.5)
        peak = max(peak, rss_mb(tree(proc.pid)))
        try:
            with sqlite3.connect(db) as con:
                stored = con.execute("SELECT count(*) FROM meetings").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored >= n // 2:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    time.sleep(2)
    orphans = [p for p in tree(proc.pid)[1:]]
    killed_at = stored
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while proc.poll() is None:
        time.sleep(0.5)
        peak = max(peak, rss_mb(tree(proc.pid)))
    err = proc.stderr.read() if proc.stderr else ""
    elapsed = time.perf_counter() - started
    failed = sum(1 for line in err.splitlines() if line.startswith("error:"))
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT count(*), count(DISTINCT source) FROM meetings").fetchone()
    return {"run": f"CLI --workers {workers}, kill -9 at {killed_at}, resume", "in": n, "out": rows[1],
            "failed": failed, "duplicated": rows[0] - rows[1], "docs_s": rows[1] / elapsed, "peak_mb": peak,
            "orphans": len(orphans)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--model", default="rules")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        bad = make_docs(folder, args.docs)
        results = [soak_api(folder, args.model), soak_cli(folder, args.model, args.workers)]
    print(f"{args.docs} documents ({bad} hostile, which must fail), model {args.model!r}\n")
    print("| run | documents in | out | failed | duplicated | lost | docs/s | peak memory (MB) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        lost = r["in"] - r["out"] - r["failed"]
        print(f"| {r['run']} | {r['in']} | {r['out']} | {r['failed']} | {r['duplicated']} | {lost} | "
              f"{r['docs_s']:.0f} | {r['peak_mb']:.0f} |")
    api = results[0]
    if api.get("mem_first_last"):
        print(f"\nextract_many RSS after the first 1,000 documents: {api['mem_first_last'][0]:.0f} MB, "
              f"at the end: {api['mem_first_last'][1]:.0f} MB")
    print(f"worker processes alive 2 s after the kill: {results[1].get('orphans', 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
