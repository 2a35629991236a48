"""BLIS against numpy's BLAS for the pipeline's matrix products: words/s and identical output.

Loads the pipeline twice in one process, once as ``pipeline.load()`` does (numpy's BLAS,
:func:`minutes_nlp.pipeline.numpy_blas`) and once with thinc's BLIS kernels (``MINUTES_NLP_BLIS=1``),
runs ``extract_many`` over the same Greve meetings with each (alternating, ``--rounds`` times) and
compares every output field by field (``model_dump``).

    python benchmarks/ops_ab.py --limit 285 --rounds 1
"""
from __future__ import annotations

from minutes_nlp.startup import single_blas_thread

single_blas_thread()  # as the command line runs, before numpy is imported

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=40, help="Greve meetings, spread evenly (default 40).")
    ap.add_argument("--rounds", type=int, default=2, help="Alternating timed rounds per engine (default 2).")
    args = ap.parse_args(argv)

    from speed import greve_paths, read_texts, words

    from minutes_nlp.api import extract_many
    from minutes_nlp.pipeline import BLIS_ENV_VAR, load

    texts = read_texts(greve_paths(None, args.limit))
    n = words(texts)
    engines = {}
    for name, blis in (("numpy BLAS (default)", "0"), ("thinc BLIS", "1")):
        os.environ[BLIS_ENV_VAR] = blis
        engines[name] = load()
    os.environ.pop(BLIS_ENV_VAR, None)
    best: dict[str, float] = {}
    outputs: dict[str, list[dict]] = {}
    for _ in range(args.rounds):
        for name, nlp in engines.items():
            started = time.perf_counter()
            out = [m.model_dump(mode="json") for m in extract_many(texts, nlp=nlp)]
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - started)
            outputs.setdefault(name, out)
    first, second = outputs.values()
    differ = [k for k, (a, b) in enumerate(zip(first, second)) if a != b]
    print(f"{len(texts)} Greve meetings, {n:,} words; best of {args.rounds} rounds")
    print(f"{'ops':<24} {'words/s':>10} {'seconds':>8}")
    for name, seconds in best.items():
        print(f"{name:<24} {int(n / seconds):>10,} {seconds:>8.2f}")
    print(f"documents whose output differs: {len(differ)} of {len(texts)}" + (f" (indices {differ[:10]})" if differ else ""))


if __name__ == "__main__":
    main()
