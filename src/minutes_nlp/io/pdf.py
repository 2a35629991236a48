"""PDF minutes → text with page offsets, parsed in a sandboxed subprocess.

``pdf_to_document(data)`` runs this file as a script (``python -I pdf.py --worker``) with a wall-clock
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
import json
import re
import subprocess
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Sequence

if __package__:
    import importlib.util

    if importlib.util.find_spec("pypdf") is None:
        raise ImportError("pypdf is not installed")
    from .readers import ReadError
else:  # pragma: no cover - run as the worker script, outside the package
    ReadError = ValueError  # type: ignore[misc,assignment]

__all__ = [
    "PDF_MEMORY_MB", "PDF_TIMEOUT_S", "PdfDocument", "RawPdf", "assemble", "extract_pages",
    "join_hyphens", "order_columns", "pdf_to_document", "pdf_to_text", "read_pdf", "strip_furniture",
]

#: Default wall-clock limit for parsing one PDF (seconds).
PDF_TIMEOUT_S = 120.0
#: Default address-space limit of the parsing subprocess (MiB).
PDF_MEMORY_MB = 1536
_WORKER = str(Path(__file__).resolve())


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


@dataclass(frozen=True)
class _Rules:
    page_number: re.Pattern[str]
    keep_words: frozenset[str]
    zone: int
    min_share: float
    inner_share: float
    gap: re.Pattern[str]
    column_min_lines: int
    column_left_fill: float
    column_min_right: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    from importlib import resources

    data = json.loads(resources.files("minutes_nlp").joinpath("resources/pdf_rules.json").read_text("utf-8"))
    return _Rules(
        page_number=re.compile(data["page_number"], re.IGNORECASE),
        keep_words=frozenset(w.lower() for w in data["hyphen_keep_words"]),
        zone=int(data["furniture_zone"]),
        min_share=float(data["furniture_min_share"]),
        inner_share=float(data["furniture_inner_share"]),
        gap=re.compile(" {%d,}" % int(data["gap_spaces"])),
        column_min_lines=int(data["column_min_lines"]),
        column_left_fill=float(data["column_left_fill"]),
        column_min_right=int(data["column_min_right_chars"]),
    )


# -- running headers and footers ----------------------------------------------------------------
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def _collapse(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _zone(lines: Sequence[str], size: int) -> list[tuple[int, tuple[str, int]]]:
    """The first and last ``size`` non-empty lines as (index, (side, position from that edge))."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    top = [(i, ("top", j)) for j, i in enumerate(filled[:size])]
    bottom = [(i, ("bottom", j)) for j, i in enumerate(reversed(filled[-size:]))]
    return top + bottom


def strip_furniture(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """Remove running headers/footers and page-number lines from each page's lines.

    Working inward from the top and from the bottom edge, a line is furniture while it is a bare
    page number or repeats at the same position on enough pages: on ``furniture_min_share`` of them
    (at least two; three in longer documents) for the outermost line, on ``furniture_inner_share``
    (at least three) further in. A repeat may differ in its numbers when one is the page number.
    """
    rules = _rules()
    zones = [_zone(p, rules.zone) for p in pages]
    exact: dict[tuple[tuple[str, int], str], int] = {}
    shaped: dict[tuple[tuple[str, int], str], int] = {}
    for page, zone in zip(pages, zones):
        for key in {(where, _collapse(page[i])) for i, where in zone}:
            exact[key] = exact.get(key, 0) + 1
        for key in {(where, _DIGITS.sub("#", _collapse(page[i]))) for i, where in zone}:
            shaped[key] = shaped.get(key, 0) + 1
    outer = max(2 if len(pages) < 4 else 3, int(len(pages) * rules.min_share + 0.999))
    inner = max(3, int(len(pages) * rules.inner_share + 0.999))
    out: list[list[str]] = []
    for number, (page, zone) in enumerate(zip(pages, zones), start=1):
        drop: set[int] = set()
        stopped: set[str] = set()
        for i, where in zone:  # top lines outward-in, then bottom lines outward-in
            side, depth = where
            if side in stopped:
                continue
            flat = _collapse(page[i])
            need = outer if depth == 0 else inner
            same = exact.get((where, flat), 0) >= need or (
                shaped.get((where, _DIGITS.sub("#", flat)), 0) >= need and str(number) in _DIGITS.findall(flat))
            if rules.page_number.match(flat) or same:
                drop.add(i)
            else:
                stopped.add(side)
        out.append([line for i, line in enumerate(page) if i not in drop])
    return out


# -- two-column reading order -------------------------------------------------------------------
def _gutter(lines: Sequence[str]) -> Optional[int]:
    """The character column of a two-column gutter, or None for a one-column page."""
    rules = _rules()
    filled = [line.rstrip() for line in lines if line.strip()]
    if len(filled) < rules.column_min_lines:
        return None
    width = max(len(line) for line in filled)
    best: list[int] = []
    best_count = 0
    for p in range(max(3, int(width * 0.25)), int(width * 0.75) + 1):
        count = 0
        for line in filled:
            if line[p - 2:p + 1].strip():
                continue
            if len(line[p + 1:].strip()) >= rules.column_min_right:
                count += 1
        if count > best_count:
            best, best_count = [p], count
        elif count == best_count and count:
            best.append(p)
    if best_count < rules.column_min_lines:
        return None
    run = [p for p in best if p - best[0] == best.index(p)]  # first contiguous run of best positions
    gutter = run[-1] + 1  # the right column starts just after the gap
    starts = [len(line) - len(line[gutter:].lstrip()) for line in filled
              if not line[gutter - 3:gutter].strip() and line[gutter:].strip()]
    common = max(set(starts), key=starts.count)
    if starts.count(common) < 0.6 * len(starts):
        return None  # right-hand text does not share a left edge: a table or ragged text
    lefts = sorted(len(line[:common].rstrip()) for line in filled
                   if line[:common].strip() and len(line[common:].strip()) >= rules.column_min_right)
    if not lefts or lefts[(3 * len(lefts)) // 4] < rules.column_left_fill * common:
        return None  # short labels before aligned values (a "Tid / Sted" table), not a column
    return common


def _split_at(line: str, gutter: int) -> Optional[int]:
    """Where ``line`` splits into left and right column text, -1 for left-only, None if it crosses."""
    right = line[gutter - 2:].lstrip()
    if not right:
        return -1
    start = len(line) - len(right)
    if abs(start - gutter) > 2 or line[max(0, start - 2):start].strip():
        return None  # text not at the right column's edge (a TOC page number) or running across
    return start


def order_columns(lines: Sequence[str], gutter: Optional[int] = None) -> list[str]:
    """Reading order of one page's layout lines: each two-column band left column first.

    ``gutter`` (the right column's first character) is found on the page when not given.
    """
    if gutter is None:
        gutter = _gutter(lines)
    if gutter is None:
        return list(lines)
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        cut = _split_at(line, gutter)
        if cut is None:  # a full-width line ends the band above it
            out += left + right + [line]
            left, right = [], []
        elif cut < 0:
            left.append(line.rstrip())
            right.append("")
        else:
            left.append(line[:cut].rstrip())
            right.append(line[cut:].strip())
    return out + left + right


def _tidy(line: str) -> str:
    rules = _rules()
    parts = [p.strip() for p in rules.gap.split(line.expandtabs(8).strip())]
    return "\t".join(" ".join(p.split()) for p in parts if p)


# -- hyphenation ---------------------------------------------------------------------------------
_BROKEN = re.compile(r"(?<![\s-])(\w)-$")
_NEXT_WORD = re.compile(r"^(\S+)\s*(.*)$")


def join_hyphens(lines: list[str]) -> list[str]:
    """Join words broken at a line end with a hyphen (blank lines between are skipped, as at a
    column or page break); returns a new list."""
    keep = _rules().keep_words
    out = list(lines)
    for i in range(len(out) - 1):
        m = _BROKEN.search(out[i])
        if not m:
            continue
        j = i + 1
        while j < len(out) - 1 and not out[j]:
            j += 1
        nxt = _NEXT_WORD.match(out[j])
        if not nxt:
            continue
        word, rest = nxt.group(1), nxt.group(2)
        bare = word.rstrip(".,;:)")
        if bare.lower() in keep or not word[0].isalnum():
            continue
        before = m.group(1)
        if before.islower() and word[0].islower():
            out[i] = out[i][:-1] + word
        elif (before.isupper() or before.isdigit()) and (word[0].islower() or word[0].isdigit()):
            out[i] = out[i] + word
        else:
            continue
        out[j] = rest
    return out


# -- assembly ------------------------------------------------------------------------------------
def assemble(pages: Sequence[Sequence[str]]) -> tuple[str, tuple[int, ...]]:
    """Join cleaned page lines into one text; return it with the offset where each page starts."""
    flat: list[tuple[int, str]] = []
    for number, page in enumerate(pages):
        for line in page:
            flat.append((number, _tidy(line)))
    texts = join_hyphens([t for _, t in flat])
    chunks: list[str] = []
    starts = [-1] * len(pages)
    offset = 0
    blank = True
    for (number, _), line in zip(flat, texts):
        if not line:
            blank = True
            continue
        if chunks:
            sep = "\n\n" if blank else "\n"
            chunks.append(sep)
            offset += len(sep)
        if starts[number] < 0:
            starts[number] = offset
        chunks.append(line)
        offset += len(line)
        blank = False
    text = "".join(chunks)
    following = len(text)
    for k in range(len(starts) - 1, -1, -1):  # empty pages start where the next page does
        if starts[k] < 0:
            starts[k] = following
        following = starts[k]
    return text, tuple(starts)


def pages_to_document(raw_pages: Sequence[str], source: str = "<pdf>", ocr: bool = False) -> PdfDocument:
    """Layout text per page (as the worker returns it) → :class:`PdfDocument`."""
    pages = strip_furniture([page.splitlines() for page in raw_pages])
    gutters = [_gutter(page) for page in pages]
    found = [g for g in gutters if g is not None]
    if found:  # a page whose right column holds only a line or two uses the document's gutter
        common = max(set(found), key=found.count)
        gutters = [common if g is None else g for g in gutters]
    text, starts = assemble([order_columns(page, g) for page, g in zip(pages, gutters)])
    return PdfDocument(source=source, text=text, page_starts=starts, ocr=ocr)


# -- the sandboxed worker ------------------------------------------------------------------------
def extract_pages(data: bytes, source: str = "<pdf>", timeout: float = PDF_TIMEOUT_S,
                  memory_mb: int = PDF_MEMORY_MB) -> RawPdf:
    """Parse ``data`` in a subprocess under a time and memory limit; ReadError on any failure."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    cmd = [sys.executable, "-I", _WORKER, "--worker", str(int(memory_mb)), str(int(timeout) + 1)]
    try:
        proc = subprocess.run(cmd, input=bytes(data), capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ReadError(f"{source}: PDF parsing took longer than the {timeout:g} s limit") from None
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        if "MemoryError" in tail[0] or proc.returncode == -9:
            raise ReadError(f"{source}: PDF parsing exceeded the {memory_mb} MiB memory limit")
        if proc.returncode == -24:  # SIGXCPU
            raise ReadError(f"{source}: PDF parsing exceeded the CPU time limit")
        raise ReadError(f"{source}: PDF parser failed (exit {proc.returncode}) {tail[0]}".rstrip())
    try:
        result: dict[str, Any] = json.loads(proc.stdout)
    except ValueError:
        raise ReadError(f"{source}: PDF parser returned no result") from None
    if "error" in result:
        raise ReadError(f"{source}: {result['error']}")
    return RawPdf(pages=tuple(result["pages"]), image_pages=tuple(result["image_pages"]))


def pdf_to_document(data: bytes, source: str = "<pdf>", *, ocr: str = "auto", language: str = "dan",
                    timeout: float = PDF_TIMEOUT_S, memory_mb: int = PDF_MEMORY_MB) -> PdfDocument:
    """Text of a PDF with page start offsets.

    ``ocr``: "auto" runs OCR when pages have images but no text (a scanned PDF) and OCR is installed;
    "never" skips it; "always" OCRs every page. A corrupt, truncated, encrypted or zero-page PDF,
    a timeout or memory overrun raises :class:`ReadError` naming ``source``.
    """
    if ocr not in ("auto", "never", "always"):
        raise ValueError(f"ocr must be 'auto', 'never' or 'always', not {ocr!r}")
    raw = extract_pages(data, source, timeout=timeout, memory_mb=memory_mb)
    has_text = any(p.strip() for p in raw.pages)
    if ocr == "always" or (ocr == "auto" and raw.image_pages):
        from .ocr import OcrError, ocr_pdf, ocr_status

        missing = ocr_status(language)
        if missing is None:
            try:
                scanned = ocr_pdf(data, language=language, force=ocr == "always")
            except OcrError as err:
                raise ReadError(f"{source}: {err}") from err
            raw = extract_pages(scanned, source, timeout=timeout, memory_mb=memory_mb)
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


def _limit(memory_mb: int, cpu_s: int) -> None:
    import resource

    mem = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 5))


def _has_images(page: Any) -> bool:
    try:
        xobjects = page["/Resources"]["/XObject"]
        return any(xobjects[name].get_object().get("/Subtype") == "/Image" for name in xobjects)
    except Exception:  # noqa: BLE001 - no resources or an odd dictionary: treat as no images
        return False


def _parse(data: bytes) -> dict[str, Any]:
    import io
    import logging

    logging.disable(logging.WARNING)  # pypdf logs every recoverable oddity
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

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
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as err:
        return {"error": f"corrupt PDF ({type(err).__name__}: {err})"}
    if count == 0:
        return {"error": "PDF has no pages"}
    pages: list[str] = []
    image_pages: list[int] = []
    for index in range(count):
        try:
            page = reader.pages[index]
        except Exception as err:  # noqa: BLE001 - a broken page tree
            return {"error": f"corrupt PDF (page {index + 1}: {type(err).__name__}: {err})"}
        try:
            text = page.extract_text(extraction_mode="layout")
        except Exception:  # noqa: BLE001 - layout mode is stricter; fall back to plain order
            text = ""
        if not text.strip():  # layout mode skips invisible text, e.g. an OCR text layer
            try:
                text = page.extract_text()
            except Exception:  # noqa: BLE001 - an unreadable page contributes nothing
                text = ""
        if not text.strip() and _has_images(page):
            image_pages.append(index)
        pages.append(text)
    return {"pages": pages, "image_pages": image_pages}


def _worker(argv: list[str]) -> int:
    """Script entry: ``--worker MEM_MB CPU_S`` parses stdin; ``--exec MEM_MB CPU_S -- CMD…`` runs CMD
    under the same limits."""
    import os

    mode, memory_mb, cpu_s = argv[0], int(argv[1]), int(argv[2])
    _limit(memory_mb, cpu_s)
    if mode == "--exec":
        cmd = argv[4:]
        os.execvp(cmd[0], cmd)
    data = sys.stdin.buffer.read()
    out_of_memory = {"error": f"PDF parsing exceeded the {memory_mb} MiB memory limit"}
    try:
        result = _parse(data)
    except MemoryError:
        result = out_of_memory
    except RecursionError:
        result = {"error": "corrupt PDF (nested too deeply)"}
    except Exception as err:  # noqa: BLE001 - every failure becomes a per-file error
        # under the address-space limit an import or mmap fails with ENOMEM instead of MemoryError
        enomem = isinstance(err, OSError) and err.errno == errno.ENOMEM
        result = out_of_memory if enomem else {"error": f"corrupt PDF ({type(err).__name__}: {err})"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover - the subprocess
    sys.exit(_worker(sys.argv[1:]))
