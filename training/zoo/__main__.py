"""python -m zoo render --out ../corpus/zoo/out [--styles a,b] [--meetings N] [--seed S]  (from training/)

Writes <out>/<style>/<meeting>.txt and <out>/gold.jsonl (one record per document, the stand-off
format of corpus/real_pages/README.md). The texts hold Greve's text: never commit them.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import STYLE_BY_NAME, STYLES, documents
from .source import MEASURE_SPLITS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m zoo", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("render", help="render the zoo to a folder")
    r.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "corpus" / "zoo" / "out"))
    r.add_argument("--styles", default="", help="comma-separated style names (default: all)")
    r.add_argument("--meetings", type=int, default=6, help="meetings per style (0 = all)")
    r.add_argument("--seed", type=int, default=0)
    sub.add_parser("list", help="list the styles")
    args = ap.parse_args(argv)
    if args.cmd == "list":
        for s in STYLES:
            print(f"{s.name:<24} {s.source}")
        return 0
    names = [n for n in args.styles.split(",") if n]
    unknown = [n for n in names if n not in STYLE_BY_NAME]
    if unknown:
        ap.error(f"unknown styles: {', '.join(unknown)}")
    styles = [STYLE_BY_NAME[n] for n in names] if names else list(STYLES)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    with (out / "gold.jsonl").open("w", encoding="utf-8") as gold:
        for doc in documents(styles, args.meetings, args.seed):
            path = out / f"{doc.doc_id}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(doc.text, encoding="utf-8")
            gold.write(json.dumps(doc.gold, ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} documents in {len(styles)} styles -> {out} (Greve meetings of the "
          f"{'/'.join(MEASURE_SPLITS)} splits only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
