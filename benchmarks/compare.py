"""One table, same texts: words/s and peak memory of the bare Danish tokenizer, the rules-only
pipeline, our default pipeline, a stock spaCy NER pipeline trained on our corpus, and dateparser.

    python benchmarks/compare.py --limit 10 --train-steps 300

Each engine runs in its own process (so the peak memory is its own) on the same Greve meetings.
The stock pipeline is ``spacy init config -l da -p ner`` trained for ``--train-steps`` steps on a
DocBin built from ``corpus/annotated/*.jsonl`` (a speed baseline, not a tuned model); it is
cached under ``--workdir`` and reused. dateparser is ``search.search_dates(languages=["da"])``,
dates only.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import greve_paths, peak_mb, read_texts, words  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("tokenizer", "rules", "default", "stock_ner", "dateparser")


def pieces(text: str, start: int, end: int, max_words: int = 150) -> list[tuple[int, int]]:
    """Cut text[start:end] at line breaks into stretches of at most ~``max_words`` words."""
    out, a, size = [], start, 0
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        pos += len(line)
        size += len(line.split())
        if size >= max_words:
            out.append((a, pos))
            a, size = pos, 0
    if pos > a:
        out.append((a, end))
    return out


def build_docbins(workdir: Path) -> tuple[Path, Path, int]:
    """train.spacy / dev.spacy from the annotated corpus (annotated stretches only)."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    from minutes_nlp.corpus import CorpusError, load_corpus

    nlp = spacy.blank("da")
    train, dev = DocBin(), DocBin()
    n = 0
    for path in sorted((ROOT / "corpus" / "annotated").glob("*.jsonl")):
        try:
            golds = load_corpus(path, skip_missing=True)
        except CorpusError as err:  # e.g. a labels-only file in another format
            print(f"skipping {path.name}: {err}", file=sys.stderr)
            continue
        for gold in golds:
            regions = gold.ranges or ((0, len(gold.text)),)
            for r0, r1 in regions:
                for a, b in pieces(gold.text, r0, r1):
                    doc = nlp.make_doc(gold.text[a:b])
                    spans = [doc.char_span(s - a, e - a, label=lab, alignment_mode="contract")
                             for s, e, lab in gold.spans if a <= s and e <= b]
                    doc.ents = filter_spans([s for s in spans if s is not None])
                    (dev if gold.split in ("dev", "test") or n % 10 == 9 else train).add(doc)
                    n += 1
    workdir.mkdir(parents=True, exist_ok=True)
    train.to_disk(workdir / "train.spacy")
    dev.to_disk(workdir / "dev.spacy")
    return workdir / "train.spacy", workdir / "dev.spacy", n


def train_stock(workdir: Path, steps: int) -> Path:
    """Train (or reuse) the stock ``spacy init config -l da -p ner`` pipeline; its model-last path."""
    out = workdir / f"stock_ner_{steps}"
    if (out / "model-last" / "config.cfg").exists():
        return out / "model-last"
    train, dev, n = build_docbins(workdir)
    cfg = workdir / "stock_ner.cfg"
    spacy_cli = [sys.executable, "-m", "spacy"]
    subprocess.run([*spacy_cli, "init", "config", "-l", "da", "-p", "ner", "-F", str(cfg)], check=True)
    print(f"training stock NER for {steps} steps on {n} pieces …", file=sys.stderr)
    subprocess.run([*spacy_cli, "train", str(cfg), "--output", str(out), "--paths.train", str(train),
                    "--paths.dev", str(dev), "--training.max_steps", str(steps),
                    "--training.eval_frequency", str(max(1, steps // 2))], check=True,
                   stdout=subprocess.DEVNULL)
    return out / "model-last"


def runner(engine: str, texts: list[str], stock: Optional[str]) -> Callable[[], object]:
    """The work of one engine over ``texts`` (loading happens here, outside the timing)."""
    import spacy

    if engine == "tokenizer":
        tok = spacy.blank("da").tokenizer
        return lambda: [len(d) for d in tok.pipe(texts)]
    if engine in ("rules", "default"):
        from minutes_nlp.api import extract_many
        from minutes_nlp.pipeline import load

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nlp = load("rules" if engine == "rules" else None)
        runner.name = nlp.meta.get("name", "")  # type: ignore[attr-defined]
        return lambda: [len(m.items) for m in extract_many(texts, nlp=nlp)]
    if engine == "stock_ner":
        nlp = spacy.load(stock)
        nlp.max_length = max(nlp.max_length, max(map(len, texts)) + 1)
        return lambda: [len(d.ents) for d in nlp.pipe(texts, batch_size=8)]
    if engine == "dateparser":
        from dateparser.search import search_dates

        search_dates("møde den 3. marts 2024", languages=["da"])  # load its data before timing
        return lambda: [len(search_dates(t, languages=["da"]) or []) for t in texts]
    raise SystemExit(f"unknown engine {engine!r}")


def child(engine: str, limit: Optional[int], stock: Optional[str]) -> None:
    """Measure one engine in this process and print one JSON line."""
    texts = read_texts(greve_paths(limit=limit))
    work = runner(engine, texts, stock)
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    n = words(texts)
    print(json.dumps({"engine": engine, "words": n, "seconds": round(seconds, 2),
                      "words_per_s": round(n / seconds), "peak_mb": round(peak_mb()),
                      "name": getattr(runner, "name", "")}))


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=10, help="Greve meetings, spread evenly (default 10).")
    ap.add_argument("--train-steps", type=int, default=300, help="Training steps of the stock NER pipeline.")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "minutes_nlp_bench")
    ap.add_argument("--engines", default=",".join(ENGINES), help="Comma-separated subset of " + ", ".join(ENGINES))
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    ap.add_argument("--stock", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.engine:
        child(args.engine, args.limit, args.stock)
        return
    engines = [e for e in args.engines.split(",") if e]
    stock = str(train_stock(args.workdir, args.train_steps)) if "stock_ner" in engines else None
    rows = []
    for engine in engines:
        cmd = [sys.executable, __file__, "--engine", engine, "--limit", str(args.limit)]
        if stock:
            cmd += ["--stock", stock]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            print(f"{engine}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    if not rows:
        raise SystemExit("no engine ran")
    labels = {"tokenizer": "bare Danish tokenizer (spacy.blank('da'))", "rules": "minutes_nlp rules-only",
              "default": "minutes_nlp default (load())", "stock_ner": f"stock spaCy ner ({args.train_steps} steps)",
              "dateparser": "dateparser search_dates (dates only)"}
    print(f"{args.limit} Greve meetings, {rows[0]['words']:,} words, one process each")
    print(f"| {'engine':<44} | {'words/s':>9} | {'seconds':>7} | {'peak MB':>7} |")
    print(f"|{'-' * 46}|{'-' * 11}|{'-' * 9}|{'-' * 9}|")
    for r in rows:
        label = labels[r["engine"]] + (f" [{r['name']}]" if r.get("name") and r["engine"] == "default" else "")
        print(f"| {label:<44} | {r['words_per_s']:>9,} | {r['seconds']:>7} | {r['peak_mb']:>7} |")


if __name__ == "__main__":
    main()
