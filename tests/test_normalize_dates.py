"""Table tests for minutes_nlp.normalize.dates (invented dates, real-shaped forms)."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path

import pytest

from minutes_nlp.normalize.dates import parse_date, parse_time, parse_time_range

REF = dt.date(2023, 6, 14)

DATES: list[tuple[str, dt.date]] = [
    # numeric
    ("14.06.2023", dt.date(2023, 6, 14)),
    ("3.4.2022", dt.date(2022, 4, 3)),
    ("07-11-2021", dt.date(2021, 11, 7)),
    ("30-09-2020", dt.date(2020, 9, 30)),
    ("17/08/2021", dt.date(2021, 8, 17)),
    ("17/8 2021", dt.date(2021, 8, 17)),
    ("17/8-2021", dt.date(2021, 8, 17)),
    ("26/2-22", dt.date(2022, 2, 26)),
    ("11.10.19", dt.date(2019, 10, 11)),
    ("11.10.98", dt.date(1998, 10, 11)),  # two-digit year pivot as POSIX %y
    ("2024-03-05", dt.date(2024, 3, 5)),
    ("14. 06. 2023", dt.date(2023, 6, 14)),
    # month names
    ("14. juni 2023", dt.date(2023, 6, 14)),
    ("4. marts 2020", dt.date(2020, 3, 4)),
    ("28. februar 2024", dt.date(2024, 2, 28)),
    ("29. februar 2024", dt.date(2024, 2, 29)),
    ("1. oktober 2019", dt.date(2019, 10, 1)),
    ("14. JUNI 2023", dt.date(2023, 6, 14)),
    ("14 juni 2023", dt.date(2023, 6, 14)),
    ("31.juli 2020", dt.date(2020, 7, 31)),
    ("19. jan. 2024", dt.date(2024, 1, 19)),
    ("8. sept. 2022", dt.date(2022, 9, 8)),
    ("8. sep. 2022", dt.date(2022, 9, 8)),
    ("12. nov. 2021", dt.date(2021, 11, 12)),
    ("12. dec 2021", dt.date(2021, 12, 12)),
    ("2. aug. 2022", dt.date(2022, 8, 2)),
    ("5. juni 1849", dt.date(1849, 6, 5)),
    # prefixes and punctuation
    ("d. 14. juni 2023", dt.date(2023, 6, 14)),
    ("den 14. juni 2023", dt.date(2023, 6, 14)),
    ("onsdag den 14. juni 2023", dt.date(2023, 6, 14)),
    ("Onsdag d. 14. juni 2023", dt.date(2023, 6, 14)),
    ("Onsdag 14. juni 2023", dt.date(2023, 6, 14)),
    ("ons. d. 14.06.2023", dt.date(2023, 6, 14)),
    ("14. juni 2023.", dt.date(2023, 6, 14)),
    ("(14.06.2023)", dt.date(2023, 6, 14)),
    ("\u00a014.\u00a0juni\u00a02023 ", dt.date(2023, 6, 14)),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_date_with_year(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected
    assert parse_date(text, REF) == expected  # a printed year wins over the reference


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("1. januar", REF, dt.date(2023, 1, 1)),
        ("d. 20. februar", REF, dt.date(2023, 2, 20)),
        ("3. oktober", REF, dt.date(2023, 10, 3)),
        ("1. januar", dt.date(2023, 12, 18), dt.date(2024, 1, 1)),  # nearest: next year
        ("28. december", dt.date(2024, 1, 9), dt.date(2023, 12, 28)),  # nearest: last year
        ("29. februar", dt.date(2023, 11, 30), dt.date(2024, 2, 29)),  # only a leap year fits
        ("tirsdag den 20. juni", REF, dt.date(2023, 6, 20)),
        ("14/6", REF, dt.date(2023, 6, 14)),
        ("14.06", REF, dt.date(2023, 6, 14)),
        ("7. nov.", REF, dt.date(2023, 11, 7)),
    ],
)
def test_parse_date_year_from_reference(text: str, reference: dt.date, expected: dt.date) -> None:
    assert parse_date(text, reference) == expected


@pytest.mark.parametrize("text", ["1. januar", "14/6", "d. 20. februar"])
def test_missing_year_without_reference_is_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "31. februar 2023",
        "29. februar 2023",
        "31. april 2023",
        "32.01.2023",
        "13.13.2023",
        "00.05.2023",
        "august 2023",
        "i 2022",
        "2023",
        "2023-2026",
        "maj",
        "14. juno 2023",
        "14. juni 20233",
        "2023-13-01",
        "14.06.0999",
        "9.30",  # a time, not a date
        "20/8545",  # a case number
        "mandag",
        "x" * 200,
    ],
)
def test_not_a_date(text: str) -> None:
    assert parse_date(text, REF) is None


@pytest.mark.parametrize("bad", [None, 20230614, b"14.06.2023"])
def test_non_string_date_gives_none(bad: object) -> None:
    assert parse_date(bad) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09.30", "09:30"),
        ("9:30", "09:30"),
        ("kl. 13.00", "13:00"),
        ("Kl. 8.15", "08:15"),
        ("klokken 7", "07:00"),
        ("13", "13:00"),
        ("0.00", "00:00"),
        ("23.59", "23:59"),
        ("kl. 16.30.", "16:30"),
        ("25.00", None),
        ("24.00", None),
        ("9.75", None),
        ("9.5", None),
        ("930", None),
        ("", None),
        ("kl.", None),
        ("halv ti", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kl. 09.30 - 10.30", ("09:30", "10:30")),
        ("13:00-15:30", ("13:00", "15:30")),
        ("kl. 16.00", ("16:00", None)),
        ("kl. 16.00\u201318.30", ("16:00", "18:30")),
        ("Kl. 15.00 - kl. 17.00", ("15:00", "17:00")),
        ("fra kl. 9 til kl. 12", ("09:00", "12:00")),
        ("kl. 17.00 - ca. 19.00", ("17:00", "19:00")),
        ("kl. 8.00-25.00", ("08:00", None)),
        ("", (None, None)),
        ("Mødelokale 2", (None, None)),
        ("1-2-3", (None, None)),
    ],
)
def test_parse_time_range(text: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_time_range(text) == expected


def _data_dir() -> Path:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return Path(os.environ.get("MINUTES_NLP_DATA", default))


def _real_texts() -> list[str]:
    """Seed minutes and Greve item texts (tags stripped); skips the test when the data is absent."""
    root = _data_dir() / "minutes"
    if not root.is_dir():
        pytest.skip(f"no minutes data at {root}")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(root.glob("seeds/*.txt"))]
    for path in sorted(root.glob("greve_firstagenda/*.json")):
        try:
            meeting = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        for item in meeting.get("Dagsordenpunkter") or [] if isinstance(meeting, dict) else []:
            for field in item.get("Felter") or []:
                texts.append(html.unescape(re.sub(r"<[^>]+>", " ", field.get("Html") or "")))
    return texts


_MONTH = r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)"
_DATE_LIKE = re.compile(
    r"(?<![\w.,/-])\d{1,2}(?:\. ?" + _MONTH + r"(?: \d{4})?(?!\w)"
    r"|[.-](?:0\d|1[0-2])[.-]20\d\d(?![\w/-]|[.,]\d))",
    re.IGNORECASE,
)


@pytest.mark.data
def test_real_dates_parse() -> None:
    """Nearly every plainly written date in the real minutes parses."""
    found = [m.group(0) for text in _real_texts() for m in _DATE_LIKE.finditer(text)]
    assert len(found) > 100
    failed = [s for s in found if parse_date(s, REF) is None]
    # the only tolerated failures are impossible days printed in the minutes ("31. september")
    assert len(failed) <= 0.005 * len(found), failed[:20]
