"""Pages per second of the PDF reader: text PDFs (one and two columns) and scanned PDFs through OCR.

Run: .venv/bin/python benchmarks/pdf_speed.py [--ocr-pages N]. The PDFs are generated from the
test fixtures (minutes we wrote), so no data is needed. Each PDF is parsed in its own sandboxed
subprocess, as in production; the timing includes that start-up.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pdf_fixtures import Layout, make_pdf, scan  # noqa: E402

from minutes_nlp.io.ocr import ocr_status  # noqa: E402
from minutes_nlp.io.pdf import pdf_to_document  # noqa: E402


def sources() -> list[str]:
    files = [ROOT / "examples" / "referat_eksempel.txt", *sorted((ROOT / "tests" / "fixtures" / "minutes").glob("*.txt"))]
    return [f.read_text(encoding="utf-8") for f in files]


def rate(pdfs: list[bytes], **options: object) -> tuple[int, float]:
    pages, start = 0, time.perf_counter()
    for pdf in pdfs:
        pages += pdf_to_document(pdf, "bench.pdf", **options).pages
    return pages, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocr-pages", type=int, default=3, help="pages to OCR (0: skip OCR)")
    args = parser.parse_args()
    texts = sources()
    big = "\n\n".join(texts * 3)
    for name, layout in [("one column", Layout(header="Benchmark", footer=True, hyphenate=True)),
                         ("two columns", Layout(columns=2, font_size=9, header="Benchmark", footer=True))]:
        per_doc = [make_pdf(t, layout) for t in texts]
        pages, seconds = rate(per_doc)
        print(f"text PDF, {name}, {len(per_doc)} files: {pages} pages in {seconds:.2f} s = {pages / seconds:.1f} pages/s")
        pages, seconds = rate([make_pdf(big, layout)])
        print(f"text PDF, {name}, 1 file: {pages} pages in {seconds:.2f} s = {pages / seconds:.1f} pages/s")
    if args.ocr_pages:
        missing = ocr_status("dan")
        if missing:
            print(f"OCR skipped: {missing}")
            return
        layout = Layout(header="Benchmark", footer=True, font_size=11, lines_per_page=48)
        scanned = scan(make_pdf("\n\n".join(texts[:3]), layout), dpi=200)
        from pypdf import PdfReader, PdfWriter
        import io

        writer = PdfWriter()
        for page in PdfReader(io.BytesIO(scanned)).pages[: args.ocr_pages]:
            writer.add_page(page)
        buf = io.BytesIO()
        writer.write(buf)
        pages, seconds = rate([buf.getvalue()])
        print(f"scanned PDF, OCR (tesseract -l dan, 1 job, 200 dpi): {pages} pages in {seconds:.1f} s = "
              f"{pages / seconds:.2f} pages/s")


if __name__ == "__main__":
    main()
