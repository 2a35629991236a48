"""Text cleaning before spaCy sees a text, with an exact map back to the caller's offsets.

`clean(text)` returns a `CleanText`: `.text` is what the pipeline tokenises, `.to_original()` and
`.span_to_original()` map offsets in `.text` back into the input. Steps, in this order:

1. one-to-one replacements (no offset change): lone surrogates -> U+FFFD; control characters -> space
   (form feed, vertical tab, U+0085, U+2028/U+2029 -> newline); non-breaking spaces (U+00A0, U+2007,
   U+202F) -> space;
2. deletions: NUL, zero-width characters (U+200B-U+200D, U+2060, U+FEFF), soft hyphen (U+00AD), and
   the CR of every CRLF; then a lone CR -> newline (one-to-one);
3. NFC normalisation (may join or split characters);
4. runs of one punctuation character longer than `MAX_PUNCT_RUN` are cut to `MAX_PUNCT_RUN`
   (spaCy's tokenizer is quadratic in the number of prefixes/suffixes it strips from one
   whitespace-free chunk: 2,000 "()" take 0.5 s, 10,000 take 25 s); table-of-contents leaders keep
   working ("....." stays, a longer leader becomes ten dots);
5. a longer run of mixed punctuation ("|---|---|…", "().,()…") gets a space inserted after every
   `MAX_PUNCT_RUN` characters (nothing is removed);
6. a whitespace-free chunk longer than `MAX_CHUNK` (1,000: no word or URL is that long; a 1 MB blob
   without spaces costs the tokenizer seconds) gets a space after every `MAX_CHUNK` characters.

Every step that changes lengths records its edits as (clean start, clean length, original start,
original length) in int arrays; between edits offsets shift linearly, so a stretch that no step
altered maps back to exactly the same characters. Cost: one pass per step in C-level string
operations plus O(number of edits) Python work; a 3,000,000-character text takes well under a second.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

#: Longest run of one punctuation character that survives cleaning.
MAX_PUNCT_RUN = 10
#: Longest whitespace-free chunk that survives cleaning (longer ones get a space every MAX_CHUNK).
MAX_CHUNK = 1000

_SPACE, _NEWLINE, _REPLACEMENT = " ", "\n", "\ufffd"


def _one_to_one_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in [*range(0x01, 0x20), *range(0x7F, 0xA0)]:
        if chr(code) not in "\t\n\r":
            table[code] = _SPACE
    for ch in "\x0b\x0c\x85\u2028\u2029":
        table[ord(ch)] = _NEWLINE
    for ch in "\u00a0\u2007\u202f":
        table[ord(ch)] = _SPACE
    for code in range(0xD800, 0xE000):
        table[code] = _REPLACEMENT
    return table


_ONE_TO_ONE = _one_to_one_table()
_ONE_TO_ONE_RE = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in sorted(_ONE_TO_ONE) if code < 0xD800)
    + "\ud800-\udfff]"
)
_DELETE_RE = re.compile("(?:[\x00\u200b\u200c\u200d\u2060\ufeff\u00ad]|\r(?=\n))+")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_RUN_RE = re.compile(r"([^\w\s]|_)\1{%d,}" % MAX_PUNCT_RUN)
_MIXED_RUN_RE = re.compile(r"[^\w\s]{%d,}" % (MAX_PUNCT_RUN + 1))
_LONG_CHUNK_RE = re.compile(r"\S{%d,}" % (MAX_CHUNK + 1))


class _Edits:
    """Length-changing edits of one cleaning step, in text order (parallel int arrays)."""

    __slots__ = ("clean_start", "clean_len", "orig_start", "orig_len")

    def __init__(self) -> None:
        self.clean_start = array("q")
        self.clean_len = array("q")
        self.orig_start = array("q")
        self.orig_len = array("q")

    def add(self, clean_start: int, clean_len: int, orig_start: int, orig_len: int) -> None:
        self.clean_start.append(clean_start)
        self.clean_len.append(clean_len)
        self.orig_start.append(orig_start)
        self.orig_len.append(orig_len)

    def __len__(self) -> int:
        return len(self.clean_start)

    def map(self, offset: int, end_side: bool) -> int:
        """Map an offset of this step's output to its input.

        At an edit's edge a start offset goes right of a deletion, an end offset left of it."""
        if end_side:
            i = bisect_left(self.clean_start, offset) - 1
        else:
            i = bisect_right(self.clean_start, offset) - 1
        if i < 0:
            return offset
        inside = offset - self.clean_start[i]
        clean_len, orig_start, orig_len = self.clean_len[i], self.orig_start[i], self.orig_len[i]
        if inside >= clean_len:
            return orig_start + orig_len + (inside - clean_len)
        return orig_start + min(inside, orig_len)


@dataclass(frozen=True)
class CleanText:
    """A cleaned text and the map from its offsets back to the original string."""

    text: str
    original_length: int
    _steps: tuple[_Edits, ...] = field(default=(), repr=False, compare=False)

    def _map(self, offset: int, end_side: bool) -> int:
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise TypeError(f"offset must be an int, not {type(offset).__name__}")
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside the cleaned text [0, {len(self.text)}]")
        for step in reversed(self._steps):
            offset = step.map(offset, end_side)
        return offset

    def to_original(self, offset: int) -> int:
        """Offset in the original string of the character at `offset` of `.text` (a start offset)."""
        return self._map(offset, end_side=False)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the cleaned span [start, end); a span the cleaner did not
        alter maps to the same characters in the original."""
        if isinstance(start, int) and isinstance(end, int) and start > end:
            raise ValueError(f"span start {start} is after its end {end}")
        original_start = self._map(start, end_side=False)
        original_end = self._map(end, end_side=True)
        return original_start, max(original_start, original_end)


def _delete(text: str) -> tuple[str, _Edits]:
    """Remove NUL, zero-width characters, soft hyphens and the CR of CRLF."""
    edits, parts, pos, out = _Edits(), [], 0, 0
    for match in _DELETE_RE.finditer(text):
        start, end = match.span()
        parts.append(text[pos:start])
        out += start - pos
        edits.add(out, 0, start, end - start)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), edits


def _nfc(text: str) -> tuple[str, _Edits]:
    """NFC-normalise piece by piece (non-ASCII runs with the character before), recording edits."""
    edits, parts, pos, out = _Edits(), [], 0, 0
    for match in _NON_ASCII_RE.finditer(text):
        start = max(match.start() - 1, pos)
        end = match.end()
        piece = text[start:end]
        if unicodedata.is_normalized("NFC", piece):
            continue
        parts.append(text[pos:start])
        out += start - pos
        orig = start
        for old, new in _nfc_groups(piece):
            if len(old) != len(new):
                edits.add(out, len(new), orig, len(old))
            parts.append(new)
            out += len(new)
            orig += len(old)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), edits


def _nfc_groups(piece: str) -> list[tuple[str, str]]:
    """Split `piece` at starters and normalise each group: (old, new) per group.

    Falls back to one group when groupwise normalisation differs from normalising the whole."""
    groups: list[str] = []
    for ch in piece:
        if groups and unicodedata.combining(ch):
            groups[-1] += ch
        else:
            groups.append(ch)
    whole = unicodedata.normalize("NFC", piece)
    normalised = [unicodedata.normalize("NFC", group) for group in groups]
    if "".join(normalised) != whole:
        return [(piece, whole)]
    return list(zip(groups, normalised))


def _cut_runs(text: str) -> tuple[str, _Edits]:
    """Cut runs of one punctuation character to MAX_PUNCT_RUN characters."""
    edits, parts, pos, out = _Edits(), [], 0, 0
    for match in _RUN_RE.finditer(text):
        keep_end = match.start() + MAX_PUNCT_RUN
        parts.append(text[pos:keep_end])
        out += keep_end - pos
        edits.add(out, 0, keep_end, match.end() - keep_end)
        pos = match.end()
    parts.append(text[pos:])
    return "".join(parts), edits


def _insert_spaces(text: str, pattern: re.Pattern[str], every: int) -> tuple[str, _Edits]:
    """Insert a space after every `every` characters of each match of `pattern`."""
    edits, parts, pos, out = _Edits(), [], 0, 0
    for match in pattern.finditer(text):
        for cut in range(match.start() + every, match.end(), every):
            parts.append(text[pos:cut])
            out += cut - pos
            parts.append(_SPACE)
            edits.add(out, 1, cut, 0)
            out += 1
            pos = cut
    parts.append(text[pos:])
    return "".join(parts), edits


def _break_mixed_runs(text: str) -> tuple[str, _Edits]:
    """Insert a space after every MAX_PUNCT_RUN characters of a longer run of mixed punctuation."""
    return _insert_spaces(text, _MIXED_RUN_RE, MAX_PUNCT_RUN)


def _break_long_chunks(text: str) -> tuple[str, _Edits]:
    """Insert a space after every MAX_CHUNK characters of a longer whitespace-free chunk."""
    return _insert_spaces(text, _LONG_CHUNK_RE, MAX_CHUNK)


def clean(text: str) -> CleanText:
    """Clean `text` for spaCy; see the module docstring for the steps.

    Raises TypeError for anything but str (decode bytes first). Empty text gives an empty CleanText."""
    if not isinstance(text, str):
        hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"clean() needs a str, not {type(text).__name__}{hint}")
    original_length = len(text)
    if _ONE_TO_ONE_RE.search(text):
        text = text.translate(_ONE_TO_ONE)
    steps: list[_Edits] = []
    for step in (_delete, _nfc, _cut_runs, _break_mixed_runs, _break_long_chunks):
        if step is _nfc and unicodedata.is_normalized("NFC", text):
            continue
        text, edits = step(text)
        if len(edits):
            steps.append(edits)
        if step is _delete and "\r" in text:
            text = text.replace("\r", _NEWLINE)  # a lone CR (old Mac line end), one-to-one
    return CleanText(text=text, original_length=original_length, _steps=tuple(steps))


__all__ = ["MAX_CHUNK", "MAX_PUNCT_RUN", "CleanText", "clean"]
