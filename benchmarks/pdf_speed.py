"""Pages per second of the PDF reader against ``pdftotext -layout`` on the same PDFs, in one run.

The PDFs are typeset at run time (reportlab, ``tests/pdf_fixtures.py``: running header, page
footer) from Greve meetings into a temporary folder; nothing is written to the repository. Rows:
``pdftotext -layout`` one process per file (as a shell loop runs it), ``read_pdf`` (the pooled,
sandboxed parser: what ``minutes-nlp extract`` does per file) and, for comparison, the same reader
with a new parser process per file (the pool emptied before each file), as before the pool.

    python benchmarks/pdf_speed.py --limit 20
    python benchmarks/speed.py --limit 50 --pdfs 20     # the same rows after the pipeline's
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]


def make_pdfs(texts: list[str], folder: Path) -> list[Path]:
    """Typeset each text as a PDF in ``folder``."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pdf_fixtures import Layout, make_pdf

    paths = []
    for k, text in enumerate(texts):
        path = folder / f"meeting_{k:03d}.pdf"
        path.write_bytes(make_pdf(text, Layout(header="Greve Kommune – referat", footer=True)))
        paths.append(path)
    return paths


def _row(engine: str, pages: int, seconds: float) -> dict:
    return {"engine": engine, "pages_per_s": round(pages / seconds, 1), "seconds": round(seconds, 2)}


def pdf_rows(texts: list[str]) -> dict:
    """Rows and the reader/pdftotext ratio for PDFs typeset from ``texts``."""
    from minutes_nlp.io import pdf_pool
    from minutes_nlp.io.pdf import read_pdf

    with tempfile.TemporaryDirectory() as tmp:
        paths = make_pdfs(texts, Path(tmp))
        started = time.perf_counter()
        pages = sum(read_pdf(p).pages for p in paths)
        reader = time.perf_counter() - started
        rows = [_row("read_pdf (pooled sandboxed parser)", pages, reader)]
        started = time.perf_counter()
        for p in paths:
            pdf_pool.shutdown()  # no idle worker: each file starts a new parser process
            read_pdf(p)
        pdf_pool.shutdown()
        rows.append(_row("one parser process per file (before the pool)", pages, time.perf_counter() - started))
        ratio = None
        if shutil.which("pdftotext"):
            started = time.perf_counter()
            for p in paths:
                subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, check=True)
            poppler = time.perf_counter() - started
            rows.insert(0, _row("pdftotext -layout (poppler)", pages, poppler))
            ratio = round(poppler / reader, 2)
    return {"files": len(paths), "pages": pages, "rows": rows, "reader_vs_pdftotext": ratio}


def print_pdf_report(report: dict) -> None:
    """The rows as a table, then the ratio."""
    print(f"\nPDF reading: {report['files']} PDFs typeset from the meetings, {report['pages']} pages")
    print(f"{'engine':<52} {'pages/s':>8} {'seconds':>8}")
    for r in report["rows"]:
        print(f"{r['engine']:<52} {r['pages_per_s']:>8} {r['seconds']:>8}")
    ratio = report["reader_vs_pdftotext"]
    print("read_pdf / pdftotext pages/s: " + (f"{ratio}x" if ratio is not None else "- (pdftotext not installed)"))


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=20, help="Typeset this many Greve meetings (default 20).")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from speed import greve_paths, read_texts

    print_pdf_report(pdf_rows(read_texts(greve_paths(None, args.limit))))


if __name__ == "__main__":
    main()
