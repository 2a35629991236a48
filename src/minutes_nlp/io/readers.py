"""Pick a reader by content (magic bytes), not only by extension, and return the document text."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

#: File name endings the directory walk picks up.
KNOWN_SUFFIXES = (".txt", ".md", ".json", ".pdf", ".html", ".htm")


class ReadError(ValueError):
    """A document could not be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Document:
    """A document's text and where it came from."""

    source: str
    text: str
    kind: str  # "text" | "firstagenda" | "html" | "pdf"
    page_starts: tuple[int, ...] = ()  # PDF only: offset in ``text`` where each page begins


def sniff(data: bytes) -> str:
    """The kind of a file from its first bytes: pdf, json, html or text."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(b"%PDF"):
        return "pdf"
    if head[:1] in (b"{", b"["):
        return "json"
    low = head[:200].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in data[:4096].lower():
        return "html"
    return "text"


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(f"{source}: not UTF-8 or Windows-1252 text")  # pragma: no cover - cp1252 decodes almost all


def read_bytes(data: bytes, source: str) -> Document:
    """Turn the raw bytes of one input into text, choosing the reader by content."""
    kind = sniff(data)
    if kind == "pdf":
        try:
            from .pdf import pdf_to_document
        except ImportError as err:
            raise ReadError(f"{source}: PDF input needs the pdf extra: pip install 'minutes-nlp[pdf]' ({err})") from err
        pdf = pdf_to_document(data, source=source)
        return Document(source, pdf.text, "pdf", pdf.page_starts)
    text = _decode(data, source)
    if kind == "json":
        from .firstagenda import is_firstagenda, read_firstagenda

        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as err:
            raise ReadError(f"{source}: invalid JSON ({err})") from err
        if not is_firstagenda(parsed):
            raise ReadError(f"{source}: JSON is not a FirstAgenda meeting (no 'Dagsordenpunkter')")
        return Document(source, read_firstagenda(parsed).text, "firstagenda")
    if kind == "html":
        from .html import html_page_to_text

        return Document(source, html_page_to_text(text), "html")
    return Document(source, text, "text")


def read_path(path: str | Path) -> Document:
    """Read one file; ``ReadError`` names the file when it is missing or unreadable."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise ReadError(f"{p}: cannot read ({err.strerror or err})") from err
    return read_bytes(data, str(p))


def iter_paths(paths: list[str]) -> Iterator[str]:
    """Expand directories recursively (known suffixes only, sorted); '-' stands for stdin."""
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in KNOWN_SUFFIXES and child.name != "MANIFEST.jsonl":
                    yield str(child)
        else:
            yield raw


def read_any(path: str, stdin: Optional[bytes] = None) -> Document:
    """Read a path, or stdin bytes when ``path`` is '-'."""
    if path == "-":
        return read_bytes(stdin or b"", "<stdin>")
    return read_path(path)
