"""Dates and times in header text: where they are (offsets), whether a date has a year, date lines."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Iterable, Optional

from ...normalize.dates import parse_date
from ...rule_models import month_words
from .rules import HeaderRules, load_rules

__all__ = ["find_date", "find_dates", "find_times", "find_kl_hour", "blank_span", "has_year", "is_date_line",
           "resolve_date", "parse_header_date"]



def _month_alternatives() -> str:
    """Month names of ``resources/months.json`` as a regex alternation: each month's full name (its
    longest key), then the abbreviations with their dot ("sept\\.")."""
    months = month_words().months
    full = {n: max((k for k, v in months.items() if v == n), key=len) for n in range(1, 13)}
    names = [re.escape(full[n]) for n in range(1, 13)]
    abbreviations = [re.escape(k) + r"\." for k in months if k not in full.values()]
    return "|".join(names + abbreviations)


_MONTHS = _month_alternatives()


def _month_aliases() -> dict[str, str]:
    """Foreign month names of the rules (`month_aliases`: "october" → "oktober"), lower-cased."""
    return {str(k).lower(): str(v).lower() for k, v in load_rules().data.get("month_aliases", {}).items()}


def _build_date_re() -> re.Pattern[str]:
    aliases = "|".join(re.escape(a) for a in sorted(_month_aliases(), key=len, reverse=True))
    months = f"{_MONTHS}|{aliases}" if aliases else _MONTHS
    return re.compile(
        r"(?<![\d.\-/])(?:"
        r"(?P<iso>\d{4}-\d{2}-\d{2})"
        r"|(?P<num>(?P<d1>\d{1,2})[./-](?P<m1>\d{1,2})[./-](?:\d{4}|\d{2}))"
        rf"|(?P<dash>(?P<d3>\d{{1,2}})-(?P<mon3>{months})-(?P<y3>\d{{4}}))"  # "15-maj-2002"
        rf"|(?P<txt>(?P<d2>\d{{1,2}})\.?\s*(?P<mon2>{months})(?![\wæøå])(?:\s+\d{{4}})?)"
        r")(?![\d])"
        # "Oktober 3, 2019" (Drupal sites: month first, Danish or English month name)
        rf"|(?<![\wæøå])(?P<mdy>(?P<mon4>{months})\s+(?P<d4>\d{{1,2}}),?\s+(?P<y4>\d{{4}}))(?![\d])",
        re.IGNORECASE,
    )


_DATE_RE = _build_date_re()
_TIME = r"(?:[01]?\d|2[0-3])[.:][0-5]\d"
_TIME_RE = re.compile(
    rf"(?<![\d.:/-])(?:kl\.?\s*)?(?P<t1>{_TIME}|(?<=kl\.)\s*\d{{1,2}}|(?<=kl)\s*\d{{1,2}})(?![\d]|[.:]\d)"
    rf"(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?(?P<t2>{_TIME})(?![\d]|[.:]\d))?",
    re.IGNORECASE,
)
_KL_HOUR_RE = re.compile(r"\bkl\.?\s*(?P<t1>\d{1,2})(?![\d.:])", re.IGNORECASE)
_YEAR_RE = re.compile(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
_BARE_YEAR_RE = re.compile(r"(?<![\d./-])(19[89]\d|20\d\d)(?![\d])")
_WORD_RE = re.compile(r"[\wæøåÆØÅ.]+|[-–,]")


def _dates(text: str) -> Iterable[re.Match[str]]:
    for m in _DATE_RE.finditer(text):
        if m.group("num"):
            if not (1 <= int(m.group("d1")) <= 31 and 1 <= int(m.group("m1")) <= 12):
                continue
        else:
            day = m.group("d2") or m.group("d3") or m.group("d4")
            if day and not 1 <= int(day) <= 31:
                continue
        yield m


def parse_header_date(raw: str, reference: Optional[dt.date] = None) -> Optional[dt.date]:
    """`parse_date` of a header date, after rewriting the forms it does not read into "3. oktober 2019":
    month first ("Oktober 3, 2019"), foreign month names ("October"), dashes ("15-maj-2002")."""
    value = parse_date(raw, reference)
    if value is not None:
        return value
    m = _DATE_RE.search(raw)
    if m is None or not (m.group("mdy") or m.group("dash") or m.group("txt")):
        return None
    aliases = _month_aliases()
    if m.group("mdy"):
        day, month, year = m.group("d4"), m.group("mon4"), m.group("y4")
    elif m.group("dash"):
        day, month, year = m.group("d3"), m.group("mon3"), m.group("y3")
    else:
        day, month = m.group("d2"), m.group("mon2")
        year = raw[m.end("mon2"):m.end("txt")].strip()
    month = aliases.get(month.lower(), month)
    return parse_date(f"{int(day)}. {month} {year}".strip(), reference)


def find_date(text: str, offset: int = 0) -> Optional[tuple[int, int]]:
    """The first valid date in `text` as (start, end) + offset, without weekday or "d."/"den"."""
    for m in _dates(text):
        return m.start() + offset, m.end() + offset
    return None


def find_dates(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Every valid date in `text` as (start, end) + offset."""
    return [(m.start() + offset, m.end() + offset) for m in _dates(text)]


def find_times(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Time tokens in `text` ("09.30", "13:00", "16" after "kl."): [start] or [start, end] of the first."""
    for m in _TIME_RE.finditer(text):
        spans = [m.span("t1")]
        if m.group("t2"):
            spans.append(m.span("t2"))
        out = []
        for s, e in spans:
            seg = text[s:e]
            s += len(seg) - len(seg.lstrip())
            out.append((s + offset, e + offset))
        return out
    return []


def find_kl_hour(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """A whole hour after "kl." ("kl. 16"), as [(start, end)] + offset, or []."""
    return [(m.start("t1") + offset, m.end("t1") + offset) for m in _KL_HOUR_RE.finditer(text)][:1]


def blank_span(text: str, span: Optional[tuple[int, int]], offset: int) -> str:
    """`text` with the (absolute) span replaced by spaces, so times are not read inside dates."""
    if span is None:
        return text
    s, e = span[0] - offset, span[1] - offset
    return text[:s] + " " * (e - s) + text[e:]


def has_year(date_text: str) -> bool:
    """True when a date as printed carries its year ("3. marts 2021", "03-03-21"), False for "3. marts"."""
    return bool(_YEAR_RE.search(date_text))


def is_date_line(text: str, start: int, end: int, rules: HeaderRules) -> bool:
    """A line that holds the meeting's date and nothing else but weekday, "den", times and filler words
    ("tirsdag den 16. april 2024 kl. 16.30")."""
    value = text[start:end]
    date = find_date(value)
    if date is None:
        return False
    rest = blank_span(value, date, 0)
    for s, e in find_times(rest):
        rest = rest[:s] + " " * (e - s) + rest[e:]
    filler = {w.lower() for w in rules.words("date_line_words")}
    words = [w.lower().strip(".") or w for w in _WORD_RE.findall(rest.strip(" \t#*_"))]
    return all(w in filler or w.strip(".") in filler for w in words)


def resolve_date(text: str, date: tuple[int, int], header: tuple[int, int], rules: HeaderRules) -> Optional[str]:
    """The meeting date text[date[0]:date[1]] as "YYYY-MM-DD". A date printed without a year takes it from
    (1) another dated date in the header, (2) the dated decision headings of the text ("Beslutning Byrådet
    den 03-04-2019"), (3) a year printed in the header ("Møde nr. 10/2019"): the year that puts the date
    nearest such a reference date (an exact day-and-month match wins)."""
    raw = text[date[0]:date[1]]
    if has_year(raw):
        value = parse_header_date(raw)
        return value.isoformat() if value else None
    bare = parse_header_date(raw, dt.date(2000, 6, 30))
    if bare is None:
        return None
    refs: list[dt.date] = []
    hs, he = header
    for s, e in find_dates(text[hs:he], hs):
        if (s, e) != date and has_year(text[s:e]):
            value = parse_header_date(text[s:e])
            if value is not None:
                refs.append(value)
    if not refs:
        for m in rules.pattern("dated_heading", re.IGNORECASE | re.MULTILINE).finditer(text):
            value = parse_date(m.group("date"))
            if value is not None:
                refs.append(value)
    for ref in refs:
        if (ref.month, ref.day) == (bare.month, bare.day):
            return ref.isoformat()
    if refs:
        ref = Counter(refs).most_common(1)[0][0]
    else:
        years = Counter(int(y) for y in _BARE_YEAR_RE.findall(text[hs:he]))
        if not years:
            return None
        ref = dt.date(years.most_common(1)[0][0], 6, 30)
    value = parse_header_date(raw, ref)
    return value.isoformat() if value else None
