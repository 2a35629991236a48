"""PDF minutes → text with page offsets, parsed in a sandboxed subprocess.

``pdf_to_document(data)`` hands the PDF to this file run as a script (``python -I pdf.py --serve``,
a persistent worker from :mod:`.pdf_pool`) with a wall-clock
time limit and an address-space/CPU limit (``resource.setrlimit``), so a hostile or broken PDF costs
one :class:`ReadError`, never the calling process. The worker reads every page with pypdf in layout
mode (a fixed-width character grid that keeps horizontal positions); the rest is pure Python here:

1. running headers/footers: from the top and bottom edge inward (at most ``furniture_zone`` lines),
   lines that repeat at the same position on enough pages (exactly, or with the page's own number
   in them) and bare page numbers ("Side 3 af 14", "- 3 -", "3") are removed;
2. two-column pages: a vertical gutter of spaces crossed by many lines with text on its right is
   found in the grid; each band between full-width lines is read left column first, then right;
3. gaps of ``gap_spaces`` or more become a tab (tables of contents keep "1<TAB>Title<TAB>1"), other
   runs of spaces one space;
4. hyphenation: "budget-" + "opfølgning…" → "budgetopfølgning" (a suspended compound such as
   "Kultur-" + "og …" stays; "SF-" + "forslag" keeps its hyphen).

Pages without a text layer but with images are scanned: with ``ocr="auto"`` they go through
:mod:`minutes_nlp.io.ocr` (ocrmypdf + tesseract ``-l dan``) when it is installed.
Rules live in ``resources/pdf_rules.json``.
"""
from __future__ import annotations

import errno
import importlib.util
import json
import sys
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

if __package__:
    if importlib.util.find_spec("pypdf") is None:
        raise ImportError("pypdf is not installed")
    from ..errors import ReadError
    from . import pdf_pool as _pool
    from .pdf_layout import assemble, find_gutter, join_hyphens, order_columns, strip_furniture
    from .sandbox import cpu_allowance as _cpu_allowance
    from .sandbox import limit_memory as _limit_memory
else:  # pragma: no cover - run as the worker script, outside the package
    # the sibling sandbox.py by path: putting this folder on sys.path would let io/html.py shadow html
    _spec = importlib.util.spec_from_file_location("_minutes_sandbox", Path(__file__).with_name("sandbox.py"))
    _sandbox = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
    _spec.loader.exec_module(_sandbox)  # type: ignore[union-attr]
    _limit_memory, _cpu_allowance = _sandbox.limit_memory, _sandbox.cpu_allowance
    ReadError = ValueError  # type: ignore[misc,assignment]

__all__ = [
    "PDF_MEMORY_MB", "PDF_TIMEOUT_S", "PdfDocument", "RawPdf", "assemble", "extract_pages",
    "join_hyphens", "order_columns", "pdf_to_document", "pdf_to_text", "read_pdf", "strip_furniture",
]

#: Default wall-clock limit for parsing one PDF (seconds).
PDF_TIMEOUT_S = 120.0
#: Default address-space limit of the parsing subprocess (MiB).
PDF_MEMORY_MB = 1536
#: Default most pages of one PDF (a 500-page referat passes; 20,000 page references do not).
PDF_MAX_PAGES = 5000


@dataclass(frozen=True)
class PdfDocument:
    """The text of a PDF and where each page starts in it.

    ``page_starts[k]`` is the offset in ``text`` where page ``k + 1`` begins (non-decreasing; a page
    that contributed no text starts where the next one does). ``ocr`` is True when the text came from
    OCR.
    """

    source: str
    text: str
    page_starts: tuple[int, ...]
    ocr: bool = False

    @property
    def pages(self) -> int:
        """Number of pages in the PDF."""
        return len(self.page_starts)

    def page_at(self, offset: int) -> int:
        """The 1-based page number that holds character ``offset`` of :attr:`text`."""
        if not self.page_starts:
            return 0
        return max(1, bisect_right(self.page_starts, max(0, offset)))


@dataclass(frozen=True)
class RawPdf:
    """What the worker returns: the layout text of every page and which pages look scanned."""

    pages: tuple[str, ...]
    image_pages: tuple[int, ...]  # 0-based indices of pages with images and no text


def pages_to_document(raw_pages: Sequence[str], source: str = "<pdf>", ocr: bool = False) -> PdfDocument:
    """Layout text per page (as the worker returns it) → :class:`PdfDocument`."""
    pages = strip_furniture([page.splitlines() for page in raw_pages])
    gutters = [find_gutter(page) for page in pages]
    found = [g for g in gutters if g is not None]
    if found:  # a page whose right column holds only a line or two uses the document's gutter
        common = max(set(found), key=found.count)
        gutters = [common if g is None else g for g in gutters]
    text, starts = assemble([order_columns(page, g) for page, g in zip(pages, gutters)])
    return PdfDocument(source=source, text=text, page_starts=starts, ocr=ocr)


# -- the sandboxed worker ------------------------------------------------------------------------
def extract_pages(data: bytes, source: str = "<pdf>", timeout: float = PDF_TIMEOUT_S,
                  memory_mb: int = PDF_MEMORY_MB, max_pages: Optional[int] = PDF_MAX_PAGES) -> RawPdf:
    """Parse ``data`` in a sandboxed parser process (a pooled one, :mod:`.pdf_pool`) under a time
    and memory limit; ReadError on any failure."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    result = _pool.parse(bytes(data), source, timeout=timeout, memory_mb=int(memory_mb), max_pages=max_pages)
    if "error" in result:
        raise ReadError(f"{source}: {result['error']}")
    return RawPdf(pages=tuple(result["pages"]), image_pages=tuple(result["image_pages"]))


def pdf_to_document(data: bytes, source: str = "<pdf>", *, ocr: str = "auto", language: str = "dan",
                    timeout: float = PDF_TIMEOUT_S, memory_mb: int = PDF_MEMORY_MB,
                    max_pages: Optional[int] = PDF_MAX_PAGES) -> PdfDocument:
    """Text of a PDF with page start offsets.

    ``ocr``: "auto" runs OCR when pages have images but no text (a scanned PDF) and OCR is installed;
    "never" skips it; "always" OCRs every page. A corrupt, truncated, encrypted or zero-page PDF,
    a timeout or memory overrun raises :class:`ReadError` naming ``source``.
    """
    if ocr not in ("auto", "never", "always"):
        raise ValueError(f"ocr must be 'auto', 'never' or 'always', not {ocr!r}")
    raw = extract_pages(data, source, timeout=timeout, memory_mb=memory_mb, max_pages=max_pages)
    has_text = any(p.strip() for p in raw.pages)
    if ocr == "always" or (ocr == "auto" and raw.image_pages):
        from .ocr import OcrError, ocr_pdf, ocr_status

        missing = ocr_status(language)
        if missing is None:
            try:
                scanned = ocr_pdf(data, language=language, force=ocr == "always")
            except OcrError as err:
                raise ReadError(f"{source}: {err}") from err
            raw = extract_pages(scanned, source, timeout=timeout, memory_mb=memory_mb, max_pages=max_pages)
            return pages_to_document(raw.pages, source, ocr=True)
        if ocr == "always" or not has_text:
            raise ReadError(f"{source}: scanned PDF without a text layer; {missing}")
    if not has_text:
        raise ReadError(f"{source}: PDF has no extractable text")
    return pages_to_document(raw.pages, source)


def pdf_to_text(data: bytes, source: str = "<pdf>", **options: Any) -> str:
    """Just the text of :func:`pdf_to_document`."""
    return pdf_to_document(data, source, **options).text


def read_pdf(path: str | Path, **options: Any) -> PdfDocument:
    """:func:`pdf_to_document` for a file; ReadError when it cannot be read."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise ReadError(f"{p}: cannot read ({err.strerror or err})") from err
    return pdf_to_document(data, str(p), **options)


def _has_images(page: Any) -> bool:
    try:
        xobjects = page["/Resources"]["/XObject"]
        return any(xobjects[name].get_object().get("/Subtype") == "/Image" for name in xobjects)
    except Exception:  # noqa: BLE001 - no resources or an odd dictionary: treat as no images
        return False


def _parse(data: bytes, max_pages: int = 0) -> dict[str, Any]:
    import io
    import logging

    logging.disable(logging.WARNING)  # pypdf logs every recoverable oddity
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        from pypdf.errors import LimitReachedError
    except ImportError:  # pragma: no cover - older pypdf
        LimitReachedError = PdfReadError  # type: ignore[misc,assignment]  # noqa: N806

    if not data.lstrip()[:5] == b"%PDF-":
        return {"error": "not a PDF (no %PDF- header)"}
    if b"%%EOF" not in data[-4096:]:
        return {"error": "truncated or corrupt PDF (no %%EOF marker at the end)"}
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError as err:
                return {"error": f"encrypted PDF; decrypting needs the 'cryptography' package ({err})"}
            if not opened:
                return {"error": "encrypted PDF (a password is needed to open it)"}
        count = len(reader.pages)
    except LimitReachedError as err:
        return {"error": f"PDF exceeds pypdf's decompression limit (a decompression bomb?): {err}"}
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as err:
        return {"error": f"corrupt PDF ({type(err).__name__}: {err})"}
    if count == 0:
        return {"error": "PDF has no pages"}
    if max_pages and count > max_pages:
        return {"error": f"PDF has {count:,} pages, over the {max_pages:,} page limit (--max-pages)"}
    pages: list[str] = []
    image_pages: list[int] = []
    for index in range(count):
        try:
            page = reader.pages[index]
        except Exception as err:  # noqa: BLE001 - a broken page tree
            return {"error": f"corrupt PDF (page {index + 1}: {type(err).__name__}: {err})"}
        try:
            text = page.extract_text(extraction_mode="layout")
        except LimitReachedError as err:
            return {"error": f"PDF exceeds pypdf's decompression limit on page {index + 1} "
                             f"(a decompression bomb?): {err}"}
        except Exception:  # noqa: BLE001 - layout mode is stricter; fall back to plain order
            text = ""
        if not text.strip():  # layout mode skips invisible text, e.g. an OCR text layer
            try:
                text = page.extract_text()
            except LimitReachedError as err:
                return {"error": f"PDF exceeds pypdf's decompression limit on page {index + 1} "
                                 f"(a decompression bomb?): {err}"}
            except Exception:  # noqa: BLE001 - an unreadable page contributes nothing
                text = ""
        if not text.strip() and _has_images(page):
            image_pages.append(index)
        pages.append(text)
    return {"pages": pages, "image_pages": image_pages}


def _parse_guarded(data: bytes, max_pages: int, memory_mb: int) -> dict[str, Any]:
    """:func:`_parse` with every failure turned into an ``error`` reply."""
    out_of_memory = {"error": f"PDF parsing exceeded the {memory_mb} MiB memory limit"}
    try:
        return _parse(data, max_pages)
    except MemoryError:
        return out_of_memory
    except RecursionError:
        return {"error": "corrupt PDF (nested too deeply)"}
    except Exception as err:  # noqa: BLE001 - every failure becomes a per-file error
        # under the address-space limit an import or mmap fails with ENOMEM instead of MemoryError
        enomem = isinstance(err, OSError) and err.errno == errno.ENOMEM
        return out_of_memory if enomem else {"error": f"corrupt PDF ({type(err).__name__}: {err})"}


def _read_frame(stream: Any) -> Optional[bytes]:
    line = stream.readline(32)
    if not line.strip():
        return None
    return stream.read(int(line))


def _serve(argv: list[str]) -> int:
    """Script entry: ``--serve MEM_MB`` answers framed requests on stdin until it ends (the
    protocol of :mod:`.pdf_pool`), each file with its own CPU allowance."""
    import os

    memory_mb = int(argv[1])
    _limit_memory(memory_mb)
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print from a library cannot corrupt the replies
    sys.stdout = sys.stderr
    try:
        import pypdf  # noqa: F401 - imported once, before the first file
    except Exception:  # noqa: BLE001 - reported per file by _parse
        pass
    requests = sys.stdin.buffer
    while True:
        header = _read_frame(requests)
        data = _read_frame(requests) if header else None
        if header is None or data is None:
            return 0
        options = json.loads(header)
        _cpu_allowance(int(options["cpu_s"]))
        result = _parse_guarded(data, int(options["max_pages"]), memory_mb)
        reply = json.dumps(result, ensure_ascii=False).encode("utf-8")
        replies.write(b"%d\n" % len(reply) + reply)
        replies.flush()


if __name__ == "__main__":  # pragma: no cover - the subprocess
    sys.exit(_serve(sys.argv[1:]))
