"""Pick a reader by content (magic bytes), not only by extension, and return the document text."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from ..errors import ReadError
from .limits import DEFAULT_LIMITS, Limits

#: File name endings the directory walk picks up (a ``.json`` only when it is a FirstAgenda export).
#: A file named on the command line is read whatever its name (a ``.md`` is read as text).
KNOWN_SUFFIXES = (".txt", ".json", ".pdf", ".html", ".htm")
#: A JSON file in a folder is taken for a meeting when its start holds this key (FirstAgenda's agenda items).
FIRSTAGENDA_KEY = b'"Dagsordenpunkter"'
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Document:
    """A document's text and where it came from."""

    source: str
    text: str
    kind: str  # "text" | "firstagenda" | "html" | "pdf"
    page_starts: tuple[int, ...] = ()  # PDF only: offset in ``text`` where each page begins
    encoding: Optional[str] = None  # text, HTML and JSON inputs: the encoding they were decoded with
    warnings: tuple[str, ...] = ()  # what the reader had to guess, replace or leave out


def sniff(data: bytes) -> str:
    """The kind of a file from its first bytes: pdf, json, html or text."""
    for bom, codec in _BOMS:  # look at UTF-16/32 files through their decoded start
        if data.startswith(bom) and codec not in ("utf-8-sig",):
            data = data[len(bom):len(bom) + 8192].decode(codec.replace("-sig", ""), "ignore").encode("utf-8")
            break
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(b"%PDF"):
        return "pdf"
    if head[:1] in (b"{", b"["):
        return "json"
    low = head[:200].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in data[:4096].lower():
        return "html"
    return "text"


#: Byte-order marks, longest first (a UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
)
#: Characters that do not occur in real text: C0/C1 controls other than tab and line breaks,
#: replacement characters, private-use and unassigned code points are counted by :func:`_junk_share`.
_JUNK_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
#: A text with more than this share of junk characters is binary data, not minutes.
MAX_JUNK_SHARE = 0.02
#: Strict UTF-8 that fails on at most this share of its characters (and shows real multi-byte
#: characters) is UTF-8 with a few bad bytes: decoded as UTF-8 with replacement characters.
MAX_BAD_UTF8_SHARE = 0.01


_BAD_RUN_RE = re.compile("\ufffd+")
#: charset-normalizer's names of the encodings Danish text comes in when it is not UTF-8.
WESTERN_ENCODINGS = frozenset({
    "cp1252", "latin_1", "iso8859_15", "cp850", "cp865", "mac_roman", "cp437", "ascii", "iso8859_1",
    "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
})


def _junk_share(text: str) -> float:
    if not text:
        return 0.0
    junk = len(_JUNK_RE.findall(text))
    return junk / len(text)


def _binary(text: str, source: str, encoding: str) -> ReadError:
    return ReadError(f"{source}: binary data, not text (decoded as {encoding}, "
                     f"{_junk_share(text):.0%} control or unprintable characters)")


def decode(data: bytes, source: str = "<bytes>") -> tuple[str, str, tuple[str, ...]]:
    """Decode the bytes of a text, HTML or JSON input: ``(text, encoding, warnings)``.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); else strict UTF-8; else UTF-8 with a few bad
    bytes (replacement characters, with a warning); else charset-normalizer's guess (with a
    warning). Binary data raises :class:`ReadError`: nothing is garbled silently."""
    warnings: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            name = codec.replace("-sig", "")
            try:
                text = body.decode(name)
            except UnicodeDecodeError:
                text = body.decode(name, "replace")
                warnings.append(f"{source}: invalid {name} bytes replaced by U+FFFD")
            if _junk_share(text) > MAX_JUNK_SHARE:
                raise _binary(text, source, name)
            return text, name, tuple(warnings)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _junk_share(text) > MAX_JUNK_SHARE:
            raise _binary(text, source, "utf-8")
        return text, "utf-8", ()
    replaced = data.decode("utf-8", "replace")
    bad = len(_BAD_RUN_RE.findall(replaced))  # one bad byte sequence may give several U+FFFD
    multibyte = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte >= bad and bad <= max(3, MAX_BAD_UTF8_SHARE * len(replaced)):
        if _junk_share(replaced) > MAX_JUNK_SHARE:
            raise _binary(replaced, source, "utf-8")
        return replaced, "utf-8", (f"{source}: {bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD",)
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ReadError(f"{source}: binary data or an unknown text encoding (not UTF-8, no byte-order mark, "
                        "and no encoding fits)")
    # Danish minutes that are not UTF-8 are in a Western code page: prefer those guesses
    best = next((m for m in matches if m.encoding in WESTERN_ENCODINGS), None)
    if best is None:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = str(matches[0]), matches[0].encoding
    else:
        text, encoding = str(best), best.encoding
    encoding = encoding.replace("_", "-")
    if _junk_share(text) > MAX_JUNK_SHARE or not _latin_enough(text):
        raise _binary(text, source, encoding)
    return text, encoding, (f"{source}: not UTF-8; encoding guessed as {encoding}",)


def _latin_enough(text: str) -> bool:
    """Minutes are Danish: most letters of a guessed decoding are Latin (ASCII, Latin-1, Latin Extended)."""
    letters = [ch for ch in text[:100_000] if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if ord(ch) < 0x250)
    return latin >= 0.8 * len(letters)


def _json_loads(text: str, source: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ReadError(f"{source}: invalid JSON ({err})") from err
    except RecursionError:
        raise ReadError(f"{source}: JSON nested too deeply to read") from None


def read_bytes(data: bytes, source: str, limits: Optional[Limits] = None) -> Document:
    """Turn the raw bytes of one input into text, choosing the reader by content.

    ``limits`` (default :data:`~minutes_nlp.io.limits.DEFAULT_LIMITS`) bound the input size, the
    text length and a PDF's pages and parsing time; over a limit is a :class:`ReadError`."""
    limits = limits or DEFAULT_LIMITS
    if not data:
        raise ReadError(f"{source}: empty input (0 bytes)")
    kind = sniff(data)
    if kind != "pdf" and source.lower().endswith(".pdf"):
        raise ReadError(f"{source}: not a PDF (no %PDF header) though named .pdf")
    limits.check_size(len(data), kind, source)
    if kind == "pdf":
        try:
            from .pdf import PDF_TIMEOUT_S, pdf_to_document
        except ImportError as err:
            raise ReadError(f"{source}: PDF input needs the pdf extra: pip install 'minutes-nlp[pdf]' ({err})") from err
        timeout = min(PDF_TIMEOUT_S, limits.timeout_s) if limits.timeout_s else PDF_TIMEOUT_S
        pdf = pdf_to_document(data, source=source, timeout=timeout, max_pages=limits.max_pages)
        limits.check_text(pdf.text, source)
        return Document(source, pdf.text, "pdf", pdf.page_starts)
    text, encoding, warnings = decode(data, source)
    if kind == "json":
        from .firstagenda import is_firstagenda, read_firstagenda

        parsed = _json_loads(text, source)
        if not is_firstagenda(parsed):
            raise ReadError(f"{source}: JSON is not a FirstAgenda meeting (no 'Dagsordenpunkter')")
        items = parsed.get("Dagsordenpunkter")  # type: ignore[union-attr]
        if isinstance(items, list):
            wrong = [k for k, it in enumerate(items) if not isinstance(it, dict)]
            if wrong:
                shown = ", ".join(str(k) for k in wrong[:10]) + (" …" if len(wrong) > 10 else "")
                warnings += (f"{source}: {len(wrong)} FirstAgenda agenda item(s) are not objects and were "
                             f"left out (positions {shown})",)
        try:
            meeting_text = read_firstagenda(parsed).text
        except RecursionError:
            raise ReadError(f"{source}: FirstAgenda JSON nested too deeply to read") from None
        limits.check_text(meeting_text, source)
        return Document(source, meeting_text, "firstagenda", encoding=encoding, warnings=warnings)
    if kind == "html":
        from .html import html_page_to_text

        limits.check_text(text, source)
        return Document(source, html_page_to_text(text), "html", encoding=encoding, warnings=warnings)
    limits.check_text(text, source)
    return Document(source, text, "text", encoding=encoding, warnings=warnings)


def read_path(path: str | Path, limits: Optional[Limits] = None) -> Document:
    """Read one file; ``ReadError`` names the file when it is missing or unreadable."""
    if _URL_RE.match(str(path)):
        raise ReadError(f"{path}: a URL, not a file: minutes-nlp reads local files and folders; "
                        f"download it first (for example: curl -LO '{path}') and give the file")
    p = Path(path)
    limits = limits or DEFAULT_LIMITS
    try:
        if p.is_file():  # refuse a huge file before reading it into memory (the kind's limit comes later)
            limits.check_size(p.stat().st_size, "pdf", str(p))
        data = p.read_bytes()
    except OSError as err:
        raise ReadError(f"{p}: cannot read ({err.strerror or err})") from err
    return read_bytes(data, str(p), limits)


def _skip_reason(path: Path) -> Optional[str]:
    """Why a file found in a folder is not taken for a meeting, or None when it is."""
    suffix = path.suffix.lower()
    if suffix not in KNOWN_SUFFIXES:
        return f"not a minutes file type ({suffix or 'no suffix'})"
    if suffix == ".json":
        try:
            with path.open("rb") as f:
                head = f.read(65_536)
        except OSError:
            return None  # unreadable: reading it reports the problem
        if FIRSTAGENDA_KEY not in head:
            return "JSON without FirstAgenda agenda items (Dagsordenpunkter)"
    return None


def iter_paths(paths: list[str], skipped: Optional[list[tuple[str, str]]] = None) -> Iterator[str]:
    """Expand folders recursively, sorted; '-' stands for stdin; files named directly are kept.

    In a folder only minutes types are taken: .txt, .pdf, .html/.htm, and .json files that are
    FirstAgenda exports. The other files are appended to ``skipped`` as (path, reason) when given."""
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            for child in sorted(p.rglob("*")):
                if not child.is_file():
                    continue
                reason = _skip_reason(child)
                if reason is None:
                    yield str(child)
                elif skipped is not None:
                    skipped.append((str(child), reason))
        else:
            yield raw


def skipped_note(skipped: list[tuple[str, str]], show: int = 5) -> str:
    """One line for the files :func:`iter_paths` left out of folders: how many, the first few and why."""
    shown = "; ".join(f"{path} ({reason})" for path, reason in skipped[:show])
    more = f"; and {len(skipped) - show} more" if len(skipped) > show else ""
    return f"skipped {len(skipped)} file(s) in the folder(s) that are not minutes: {shown}{more}"


def stdin_source(data: bytes) -> str:
    """The source name of stdin input: ``<stdin:`` + the first 16 hex digits of its SHA-256 + ``>``."""
    import hashlib

    return f"<stdin:{hashlib.sha256(data).hexdigest()[:16]}>"


def read_any(path: str, stdin: Optional[bytes] = None, limits: Optional[Limits] = None) -> Document:
    """Read a path, or stdin bytes when ``path`` is '-' (its source names its content hash,
    :func:`stdin_source`, so two different stdin runs into one output are two documents)."""
    if path == "-":
        return read_bytes(stdin or b"", stdin_source(stdin or b""), limits)
    return read_path(path, limits)
