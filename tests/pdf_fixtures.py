"""Generate PDFs at test time from minutes texts we wrote ourselves (reportlab, Pillow, pdftoppm).

Every source line is a paragraph, wrapped to the column width with Helvetica (its WinAnsi encoding
covers æøå); a blank line is vertical space; a tab is a tab stop. Options: one or two columns (with
the first ``full_width`` lines across the page), a running header and a "Side N af M" footer on every
page, hyphenated line ends, and a scanned variant (pages rendered to images, back to an image-only
PDF). Broken inputs: truncated, encrypted and zero-page PDFs.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

FONT = "Helvetica"
PAGE_W, PAGE_H = A4
MARGIN = 56.0
GUTTER = 24.0
HEADER_Y = PAGE_H - 34.0
FOOTER_Y = 30.0
TAB_STOP = 36.0
SPLIT = "-\x00"  # how wrap() ends a line whose last word it broke (the NUL is not drawn)


@dataclass
class Layout:
    """How to typeset a minutes text."""

    columns: int = 1
    font_size: float = 10.0
    full_width: int = 0  # the first N source lines run across the whole page
    header: Optional[str] = None  # running header on every page
    footer: bool = False  # "Side N af M" on every page
    hyphenate: bool = False  # break long words at line ends with a hyphen
    lines_per_page: Optional[int] = None  # force shorter pages (more page breaks)


@dataclass
class _Page:
    ops: list[tuple[float, float, str, float]] = field(default_factory=list)  # x, y, text, size


def _width(text: str, size: float) -> float:
    return stringWidth(text, FONT, size)


def _split_word(word: str, room: float, size: float) -> Optional[tuple[str, str]]:
    """Split a long lowercase word so that ``head + '-'`` fits in ``room``; None if it cannot."""
    if len(word) < 10 or not word.isalpha() or not word.islower():
        return None
    for cut in range(len(word) - 4, 3, -1):
        if _width(word[:cut] + "-", size) <= room:
            return word[:cut] + SPLIT, word[cut:]
    return None


def wrap(text: str, width: float, size: float, hyphenate: bool) -> list[str]:
    """Greedy word wrap of one paragraph to ``width`` points (a broken word's line ends in '-')."""
    lines: list[str] = []
    current = ""
    words = text.split(" ")
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{current} {word}" if current else word
        if _width(candidate, size) <= width or not current and not hyphenate:
            current = candidate
            i += 1
            continue
        if hyphenate:
            room = width - _width(current + " ", size) if current else width
            parts = _split_word(word, room, size)
            if parts:
                lines.append(f"{current} {parts[0]}" if current else parts[0])
                words[i] = parts[1]
                current = ""
                continue
            if not current:
                current = word
                i += 1
                continue
        lines.append(current)
        current = ""
    if current:
        lines.append(current)
    return lines


def _typeset(text: str, layout: Layout, lines_out: Optional[list[str]] = None) -> list[_Page]:
    size = layout.font_size
    leading = size * 1.35
    inner_w = PAGE_W - 2 * MARGIN
    col_w = (inner_w - GUTTER * (layout.columns - 1)) / layout.columns
    top, bottom = PAGE_H - 60.0, 50.0
    pages = [_Page()]
    state = {"col": 0, "y": top, "lines": 0, "band_top": top}

    def new_page() -> None:
        pages.append(_Page())
        state.update(col=0, y=top, lines=0, band_top=top)

    def advance() -> None:
        full = state["y"] - leading < bottom or (
            layout.lines_per_page is not None and state["lines"] >= layout.lines_per_page)
        if not full:
            return
        if state["col"] + 1 < layout.columns:
            state.update(col=state["col"] + 1, y=state["band_top"], lines=0)
        else:
            new_page()

    def emit(line: str, across: bool) -> None:
        advance()
        line = line.replace("\x00", "")
        x0 = MARGIN if across else MARGIN + state["col"] * (col_w + GUTTER)
        width = inner_w if across else col_w
        x = x0
        for k, piece in enumerate(line.split("\t")):
            if k:
                stop = x0 + TAB_STOP * (int((x - x0) / TAB_STOP) + 1)
                x = max(stop, x + size)
                if k == len(line.split("\t")) - 1 and piece.strip().isdigit():
                    x = x0 + width - _width(piece, size)  # right-aligned page number
            pages[-1].ops.append((x, state["y"], piece, size))
            x += _width(piece, size)
        state["y"] -= leading
        state["lines"] += 1

    for n, raw in enumerate(text.splitlines()):
        across = n < layout.full_width
        if n == layout.full_width and layout.full_width and layout.columns > 1:
            state["y"] -= leading
            state["band_top"] = state["y"]  # columns start below the full-width block
        width = inner_w if across else col_w
        if not raw.strip():
            state["y"] -= leading * 0.6
            if lines_out is not None:
                lines_out.append("")
            continue
        if "\t" in raw:
            emit(raw, across)
            if lines_out is not None:
                lines_out.append(raw)
            continue
        for line in wrap(raw.strip(), width, size, layout.hyphenate):
            if lines_out is not None:
                lines_out.append(line)
            emit(line, across)
    return pages


def expected_text(text: str, layout: Layout = Layout()) -> str:
    """``text`` with the line breaks the PDF has (wrapped lines), hyphen-broken words rejoined.

    This is what a perfect reader returns (less blank lines and page furniture), so entities found in
    it are the ones a PDF reader can be held to.
    """
    lines: list[str] = []
    _typeset(text, layout, lines)
    for i in range(len(lines) - 1):
        if lines[i].endswith(SPLIT):
            head, _, rest = lines[i + 1].partition(" ")
            lines[i] = lines[i][: -len(SPLIT)] + head
            lines[i + 1] = rest
    return "\n".join(lines)


def make_pdf(text: str, layout: Layout = Layout()) -> bytes:
    """Typeset ``text`` as a text PDF and return its bytes."""
    pages = _typeset(text, layout)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        if layout.header:
            c.setFont(FONT, 8)
            c.drawString(MARGIN, HEADER_Y, layout.header)
        for x, y, piece, size in page.ops:
            c.setFont(FONT, size)
            c.drawString(x, y, piece)
        if layout.footer:
            c.setFont(FONT, 8)
            c.drawRightString(PAGE_W - MARGIN, FOOTER_Y, f"Side {number} af {total}")
        c.showPage()
    c.save()
    return buf.getvalue()


def have_pdftoppm() -> bool:
    return shutil.which("pdftoppm") is not None


def scan(pdf: bytes, dpi: int = 200) -> bytes:
    """Render every page to a grey image (pdftoppm) and return an image-only PDF (Pillow)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(src), str(Path(tmp) / "p")],
                       check=True, capture_output=True, timeout=120)
        images = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p-*.png"))]
        out = io.BytesIO()
        images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
        return out.getvalue()


def encrypted(pdf: bytes, password: str = "hemmelig") -> bytes:
    """The same PDF, encrypted with a user password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-ejer", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_pages() -> bytes:
    """A well-formed PDF with no pages."""
    from pypdf import PdfWriter

    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def truncated(pdf: bytes, keep: float = 0.35) -> bytes:
    """The first ``keep`` fraction of a PDF's bytes (cross-reference table and most objects lost)."""
    return pdf[: max(16, int(len(pdf) * keep))]


def page_of(text: str, layout: Layout, needle: str) -> int:
    """The 1-based page on which a typeset line starting with ``needle`` is drawn (0 if none)."""
    for number, page in enumerate(_typeset(text, layout), start=1):
        if any(piece.startswith(needle) for _, _, piece, _ in page.ops):
            return number
    return 0


def broken_words(text: str, layout: Layout) -> list[str]:
    """The words ``wrap`` broke with a hyphen, as whole words (what a reader must rejoin)."""
    lines: list[str] = []
    _typeset(text, layout, lines)
    return [lines[i][: -len(SPLIT)].split(" ")[-1] + lines[i + 1].split(" ")[0]
            for i in range(len(lines) - 1) if lines[i].endswith(SPLIT)]

