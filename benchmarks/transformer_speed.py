"""Words/s and peak memory of the transformer variant vs the rules and default pipelines (CPU or GPU).

Each pipeline runs in its own subprocess (peak RSS = VmHWM of that process, so pipelines do not
share a high-water mark) over our fixture minutes (tests/fixtures/minutes/*.txt), repeated to
``--words`` words, through ``minutes_nlp.extract_many``.

The transformer variant is training/configs/transformer.cfg initialised on an encoder folder
(``--encoder``); without one a BERT-base-shaped encoder (12 layers, 768 wide, random weights,
WordPiece vocabulary trained on the fixtures) is built offline: same compute as a Danish BERT,
meaningless predictions. ``--base dacy:small`` measures ``load(base=...)`` on an installed DaCy.

usage: python benchmarks/transformer_speed.py [--words 20000] [--encoder DIR] [--base dacy:small]
       [--gpu 0] [--threads 2] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "minutes"
CONFIG = ROOT / "training" / "configs" / "transformer.cfg"


def corpus(words: int) -> list[str]:
    """Fixture minutes repeated until they hold at least ``words`` whitespace-separated words."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    out: list[str] = []
    while sum(len(t.split()) for t in out) < words:
        out.extend(texts)
    return out


def build_encoder(out: Path, size: str) -> Path:
    """A random-weight BERT folder: 'base' (12×768, like a Danish BERT) or 'tiny' (2×32)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_transformer import build_tiny_bert

    if size == "base":
        return build_tiny_bert(out, hidden_size=768, layers=12, heads=12, max_positions=512)
    return build_tiny_bert(out)


def transformer_pipeline(encoder: Path) -> Any:
    """training/configs/transformer.cfg on ``encoder``, initialised (NER untrained: speed only)."""
    from spacy.util import load_config, load_model_from_config

    from minutes_nlp.pipeline import register_components

    register_components()
    config = load_config(CONFIG, overrides={"paths.transformer": str(encoder)}, interpolate=True)
    nlp = load_model_from_config(config, auto_fill=True)
    ner = nlp.get_pipe("ner")
    from minutes_nlp.labels import ENTITY_LABELS

    for label in ENTITY_LABELS:
        ner.add_label(label)
    nlp.initialize()
    nlp.meta["name"] = "minutes_trf"
    return nlp


def peak_rss_kb() -> int:
    """Peak resident memory of this process: VmHWM (Linux; reset at exec, unlike ru_maxrss, which
    keeps the parent's high-water mark across fork+exec), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(name: str, words: int, encoder: Optional[str], base: Optional[str], gpu: int,
            threads: int) -> dict[str, Any]:
    """Load one pipeline and time ``extract_many`` over the corpus (called in a subprocess)."""
    import spacy

    if gpu >= 0:
        spacy.require_gpu(gpu)
    if name in ("transformer", "base"):  # torch only where it is used: it alone adds ~400 MB RSS
        import torch

        torch.set_num_threads(threads)
    import minutes_nlp
    from minutes_nlp.pipeline import load

    t0 = time.perf_counter()
    if name == "rules":
        nlp = load("rules")
    elif name == "default":
        nlp = load()
    elif name == "base":
        nlp = load(base=base)
    else:
        nlp = transformer_pipeline(Path(encoder)) if encoder else None
    load_s = time.perf_counter() - t0
    texts = corpus(words)
    n_words = sum(len(t.split()) for t in texts)
    list(minutes_nlp.extract_many(texts[:2], nlp=nlp))  # warm-up
    t0 = time.perf_counter()
    results = list(minutes_nlp.extract_many(texts, nlp=nlp))
    secs = time.perf_counter() - t0
    peak_kb = peak_rss_kb()
    out = {"pipeline": name, "pipes": nlp.pipe_names, "words": n_words, "seconds": round(secs, 2),
           "words_per_s": round(n_words / secs), "peak_rss_mb": round(peak_kb / 1024),
           "load_s": round(load_s, 2), "entities": sum(len(r.entities) for r in results),
           "device": f"gpu:{gpu}" if gpu >= 0 else f"cpu ({threads} threads)"}
    if gpu >= 0:
        import torch

        out["peak_gpu_mb"] = round(torch.cuda.max_memory_allocated() / 2**20)
    return out


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=20_000)
    ap.add_argument("--encoder", help="Hugging Face model folder for the transformer variant")
    ap.add_argument("--encoder-size", choices=["base", "tiny"], default="base",
                    help="shape of the random encoder built when --encoder is not given")
    ap.add_argument("--base", help="also measure load(base=...), e.g. dacy:small (must be installed)")
    ap.add_argument("--pipelines", default="rules,default,transformer")
    ap.add_argument("--gpu", type=int, default=-1, help="GPU id for the transformer runs (-1: CPU)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.words, args.encoder, args.base, args.gpu, args.threads)))
        return 0
    names = args.pipelines.split(",") + (["base"] if args.base else [])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        encoder = args.encoder
        if "transformer" in names and not encoder:
            encoder = str(build_encoder(Path(tmp) / "encoder", args.encoder_size))
        for name in names:
            gpu = args.gpu if name in ("transformer", "base") else -1
            cmd = [sys.executable, __file__, "--one", name, "--words", str(args.words), "--gpu", str(gpu),
                   "--threads", str(args.threads)] + (["--encoder", encoder] if encoder else []) + (
                   ["--base", args.base] if args.base else [])
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"{name}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
                continue
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            if name == "transformer":
                row["encoder"] = args.encoder or f"random BERT-{args.encoder_size} shape"
            rows.append(row)
            print(f"{name:<12} {row['words_per_s']:>8} words/s  peak {row['peak_rss_mb']:>6} MB RSS"
                  + (f"  {row['peak_gpu_mb']} MB GPU" if "peak_gpu_mb" in row else "")
                  + f"  ({row['words']} words, {row['seconds']} s, {row['device']})", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
