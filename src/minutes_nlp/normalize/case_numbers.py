"""Case numbers (ANNOTATION.md §3, CASE_NUMBER): regexes per scheme plus pure validators.

Presidio-style recogniser: each scheme is a regex for the shape, a validator rejects shapes that are
really something else (a month/year "11/2024"), and the label printed before a number decides the
ambiguous cases: a document number ("Dok.nr.: 330-2018-500301") is not a case number, and a bare KLE
subject number ("00.01.10") counts only after a case-number label ("Sagsnr.: 00.01.10").

Schemes:

- ``kle``          KLE journal number ``NN.NN.NN-XNN[-serial-YY]``: "00.01.10-P35-13-20"
- ``year_serial``  ``YYYY-NNNNN(N)`` / ``YY-NNNNNN``, optional letter: "2023-035532", "21-014420", "20-010677K"
- ``prefixed``     letters + year + serial: "SAG-2020-03136", "EMN-2025-010561"
- ``slash``        ``NN/NNNN(NN)``: "20/8545", "15/34881" (not ending in a year: "11/2024", "39/2014")
- ``other``        ``NNN-YYYY-NNNN…`` ("330-2018-3619") and letter+year forms ("S2023-12345")
"""
from __future__ import annotations

import re
from typing import Literal

Scheme = Literal["kle", "year_serial", "prefixed", "slash", "other"]
LabelKind = Literal["case", "document"]

_YEAR4 = r"(?:19|20)\d{2}"

#: Bare shape of each scheme (no context, no anchors): the single source of truth for the shapes,
#: used for running text (with context guards), for spans (fullmatch) and by the tokenizer.
SCHEME_SHAPES: dict[str, str] = {
    "kle": r"\d{2}\.\d{2}\.\d{2}-[A-Z]\d{2}(?:-\d{1,5}-\d{2})?",
    "prefixed": rf"[A-ZÆØÅ]{{2,5}}-{_YEAR4}-\d{{2,7}}",
    "other": rf"(?:\d{{3}}-{_YEAR4}-\d{{3,7}}|[A-Z]{{1,2}}{_YEAR4}-\d{{4,7}})",
    "year_serial": rf"(?:{_YEAR4}-\d{{5,6}}|\d{{2}}-\d{{6}})[A-Z]?",
    "slash": r"\d{2}/\d{4,6}",
}

#: A KLE subject number without facet ("00.01.10"): a case number only after a case-number label.
BARE_KLE_SHAPE = r"\d{2}\.\d{2}\.\d{2}"

# Context guards for running text: not glued to a longer word/number, not continued by one.
_BEFORE = r"(?<![\w.\-/])"
_AFTER = r"(?![\w\-/]|[.,:]\d)"

#: Compiled running-text regex per scheme (a match still has to pass `is_valid`).
CASE_NUMBER_PATTERNS: dict[str, re.Pattern[str]] = {
    scheme: re.compile(_BEFORE + f"(?:{shape})" + _AFTER) for scheme, shape in SCHEME_SHAPES.items()
}
_BARE_KLE_RE = re.compile(_BEFORE + BARE_KLE_SHAPE + r"(?![\w\-/]|[.,:]\d)")
_FULL = {scheme: re.compile(shape) for scheme, shape in SCHEME_SHAPES.items()}
_BARE_KLE_FULL = re.compile(BARE_KLE_SHAPE)

#: One anchored pattern for a whole token (all schemes): what the tokenizer keeps as one token.
CASE_NUMBER_TOKEN_PATTERN = r"^(?:" + "|".join(f"(?:{s})" for s in SCHEME_SHAPES.values()) + r")\Z"

_CASE_LABEL = (
    r"sags?\.?\s?nr\.?|sagsnummer|j\.?\s?nr\.?|jnr\.?|journal\s?nr\.?|journalnummer|jour\.\s?nr\.?"
)
_DOC_LABEL = r"dok(?:ument)?\.?\s?nr\.?|dokumentnummer|dok\.?\s?id"
_CASE_LABEL_RE = re.compile(rf"(?:{_CASE_LABEL})\Z", re.IGNORECASE)
_DOC_LABEL_RE = re.compile(rf"(?:{_DOC_LABEL})\Z", re.IGNORECASE)
_LABEL_BEFORE_RE = re.compile(
    rf"(?<!\w)(?P<label>{_DOC_LABEL}|{_CASE_LABEL})[ \t]*[:.]?[ \t]*\Z", re.IGNORECASE
)
_LABEL_WINDOW = 32
_WS_RE = re.compile("[\\s\\x00-\\x08\\x0e-\\x1f\\x7f\\u00ad\\u200b-\\u200d\\u2060\\ufeff]+")  # whitespace and invisibles


def label_kind(label: str) -> LabelKind | None:
    """Tell a case-number label ("Sagsnr.", "Sag nr.", "J.nr.", "Journalnr.") from a document label
    ("Dok.nr.", "Dokumentnummer"); anything else gives None. Trailing ":" and spaces are ignored."""
    core = label.strip().rstrip(":").strip()
    if _DOC_LABEL_RE.fullmatch(core):
        return "document"
    if _CASE_LABEL_RE.fullmatch(core):
        return "case"
    return None


def label_before(text: str, start: int) -> str | None:
    """The number label ending right before `start` ("Sagsnr.:", "Dok.nr. "), or None.

    Only spaces, tabs and one ":" or "." may stand between the label and `start`."""
    window = text[max(0, start - _LABEL_WINDOW):start]
    found = _LABEL_BEFORE_RE.search(window)
    return found.group("label") if found else None


def is_valid(value: str, scheme: str) -> bool:
    """Pure validator for a value already shaped like `scheme`: rejects look-alikes."""
    if scheme == "slash":
        # "11/2024" (month/year) and "No 39/2014" (an EU act) end in a year, not a serial.
        second = value.split("/")[1]
        return not (len(second) == 4 and second[:2] in ("19", "20"))
    if scheme == "kle":
        # KLE main groups run 00-85; higher is a date or something else.
        return int(value[:2]) <= 85
    return True


def parse_case_number(text: str, *, labelled: bool = False) -> tuple[str, Scheme] | None:
    """(value with whitespace removed, scheme) if the whole of `text` is a case number, else None.

    `labelled=True` says the span stood after a case-number label, which admits a bare KLE subject
    number ("00.01.10"). Non-str input gives None."""
    if not isinstance(text, str):
        return None
    value = _WS_RE.sub("", text)
    if not value:
        return None
    for scheme, full in _FULL.items():
        if full.fullmatch(value) and is_valid(value, scheme):
            return value, scheme  # type: ignore[return-value]
    if labelled and _BARE_KLE_FULL.fullmatch(value) and is_valid(value, "kle"):
        return value, "kle"
    return None


def find_case_numbers(text: str) -> list[tuple[int, int, str, Scheme]]:
    """Every case number in running text as (start, end, value, scheme), in text order.

    Numbers after a document label ("Dok.nr.") are skipped; bare KLE subject numbers are found only
    after a case-number label. Non-str or empty input gives []."""
    if not isinstance(text, str) or not text:
        return []
    found: dict[int, tuple[int, int, str, Scheme]] = {}
    for scheme, pattern in CASE_NUMBER_PATTERNS.items():
        for match in pattern.finditer(text):
            start, end, value = match.start(), match.end(), match.group()
            if start in found or not is_valid(value, scheme):
                continue
            label = label_before(text, start)
            if label is not None and label_kind(label) == "document":
                continue
            found[start] = (start, end, value, scheme)  # type: ignore[assignment]
    for match in _BARE_KLE_RE.finditer(text):
        start = match.start()
        if start in found or not is_valid(match.group(), "kle"):
            continue
        label = label_before(text, start)
        if label is not None and label_kind(label) == "case":
            found[start] = (start, match.end(), match.group(), "kle")
    result: list[tuple[int, int, str, Scheme]] = []
    for key in sorted(found):
        if result and found[key][0] < result[-1][1]:
            continue  # overlaps a number already taken
        result.append(found[key])
    return result


__all__ = [
    "CASE_NUMBER_PATTERNS", "CASE_NUMBER_TOKEN_PATTERN", "SCHEME_SHAPES", "Scheme", "find_case_numbers",
    "is_valid", "label_before", "label_kind", "parse_case_number",
]
