"""Normalise DATE spans and times of day from Danish minutes (pure functions).

Accepted date forms (case-insensitive, surrounding whitespace ignored):

* numeric day-month-year: ``22.05.2023``, ``09-03-2021``, ``22/05/2023``, ``22/5 2023``,
  ``22/5-2023``, ``24/1-22``, ``28.05.18`` (two-digit year: 00-68 → 20xx, 69-99 → 19xx, as POSIX ``%y``);
* ISO ``2023-05-22``;
* day + month name: ``22. maj 2023``, ``3. sept. 2022``, ``22. MAJ 2023``, ``1. januar``;
* an optional leading weekday and/or ``d.``/``den``: ``mandag den 22. maj 2023``, ``d. 15. februar``.

Without a year (``1. januar``, ``22/5``, ``22.05``) the year comes from ``reference``: the year among
``reference.year - 1 … + 1`` that puts the date nearest to the reference (ties: the reference year,
then the earlier). Without a reference such a text gives ``None``. Years outside 1800-2199,
impossible days (``31. februar``) and texts that are not a single calendar day give ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..rule_models import month_words

__all__ = ["parse_date", "parse_time", "parse_time_range"]

_MAX_LEN = 80
_MIN_YEAR, _MAX_YEAR = 1800, 2199


@lru_cache(maxsize=1)
def _calendar_words() -> tuple[dict[str, int], frozenset[str]]:
    """Month names → month number, and weekday words, from resources/months.json."""
    data = month_words().data
    months = {str(k).lower(): int(v) for k, v in data["months"].items()}
    weekdays = frozenset(str(w).lower() for w in data["weekdays"])
    return months, weekdays


#: NUL, other C0 controls, zero-width characters, soft hyphen and BOM (deleted by the cleaner before
#: spaCy, but still inside a mention's original text).
_INVISIBLE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")


def _clean(text: str) -> str:
    """Lower-case, unify spaces and dashes, trim surrounding punctuation."""
    s = _INVISIBLE_RE.sub("", text).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"\s+", " ", s).strip().lower()
    return s.strip(" ,;:()")


def _strip_prefix(s: str) -> str:
    """Drop a leading weekday (``mandag``, ``tirs.``) and ``d.``/``den``."""
    _, weekdays = _calendar_words()
    m = re.match(r"([a-zæøå]+)\.?,?\s+", s)
    if m and m.group(1) in weekdays:
        s = s[m.end():]
    m = re.match(r"(?:d\.|den)\s*", s)
    if m and re.match(r"\d", s[m.end():]):
        s = s[m.end():]
    return s


def _year(raw: str | None) -> int | None:
    """Four-digit year as is; two-digit year by the POSIX ``%y`` pivot; None when absent."""
    if raw is None:
        return None
    raw = raw.lstrip("'")
    value = int(raw)
    if len(raw) == 2:
        return 2000 + value if value < 69 else 1900 + value
    return value


def _build(day: int, month: int, year: int | None, reference: dt.date | None) -> dt.date | None:
    """A valid date, resolving a missing year from ``reference``."""
    if year is not None:
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            return None
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    if reference is None:
        return None
    best: dt.date | None = None
    best_key: tuple[int, int, int] | None = None
    for offset in (0, -1, 1):  # order = tie-break preference
        try:
            cand = dt.date(reference.year + offset, month, day)
        except ValueError:
            continue
        key = (abs((cand - reference).days), 0 if offset == 0 else 1, offset)
        if best_key is None or key < best_key:
            best, best_key = cand, key
    return best


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# day SEP month [SEP year]; "." and "-" must repeat; after "/" the year may follow "/", "-" or a space.
_NUMERIC = re.compile(
    r"(\d{1,2})(?:"
    r"\.\s?(\d{1,2})(?:\.\s?(\d{4}|\d{2}))?"
    r"|-(\d{1,2})(?:-(\d{4}|\d{2}))?"
    r"|/(\d{1,2})(?:\s?[/ -]\s?(\d{4}|\d{2}))?"
    r")"
)
_NAMED = re.compile(r"(\d{1,2})\.?\s?([a-zæøå]+)\.?(?:,?\s?('?\d{2}|\d{4}))?")


def parse_date(text: str, reference: dt.date | None = None) -> dt.date | None:
    """Parse a DATE span (``"22. maj 2023"``, ``"22.05.2023"``, ``"1. januar"`` …) to a date, else None."""
    if not isinstance(text, str) or len(text) > _MAX_LEN:
        return None
    s = _strip_prefix(_clean(text)).rstrip(". ")
    if not s:
        return None
    if m := _ISO.fullmatch(s):
        return _build(int(m.group(3)), int(m.group(2)), int(m.group(1)), reference)
    if m := _NUMERIC.fullmatch(s):
        g = m.groups()
        for month, year in ((g[1], g[2]), (g[3], g[4]), (g[5], g[6])):
            if month is not None:
                return _build(int(g[0]), int(month), _year(year), reference)
    if m := _NAMED.fullmatch(s):
        months, _ = _calendar_words()
        month_no = months.get(m.group(2))
        if month_no is None:
            return None
        return _build(int(m.group(1)), month_no, _year(m.group(3)), reference)
    return None


_TIME = re.compile(r"(\d{1,2})(?:[.:](\d{2}))?")
_KL = re.compile(r"\b(?:klokken|kl\.?)\s*")


def _hhmm(part: str) -> str | None:
    """``"9.30"``/``"13"`` → ``"09:30"``/``"13:00"``; None unless 00:00-23:59."""
    m = _TIME.fullmatch(part.strip(" ."))
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_time(text: str) -> str | None:
    """Parse a time of day (``"09.30"``, ``"9:30"``, ``"kl. 13.00"``, ``"13"``) to ``"HH:MM"``, else None."""
    if not isinstance(text, str) or len(text) > _MAX_LEN:
        return None
    s = _KL.sub("", _clean(text))
    return _hhmm(s)


_RANGE_SEP = re.compile(r"\s*-+\s*|\s+til\s+")


def parse_time_range(text: str) -> tuple[str | None, str | None]:
    """Parse ``"kl. 09.30 - 10.30"``/``"13:00-15:30"``/``"kl. 16.00"`` to ``(start, end)``.

    A single time gives ``(start, None)``; an unreadable side is None; ``"fra"`` and ``"ca."`` are ignored.
    """
    if not isinstance(text, str) or len(text) > _MAX_LEN:
        return None, None
    s = _KL.sub("", _clean(text))
    s = re.sub(r"^fra\s+", "", s)
    s = re.sub(r"\bca\.?\s*", "", s).strip()
    parts = _RANGE_SEP.split(s)
    if len(parts) == 1:
        return _hhmm(parts[0]), None
    if len(parts) == 2:
        return _hhmm(parts[0]), _hhmm(parts[1])
    return None, None
