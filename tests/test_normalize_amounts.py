"""Table tests for minutes_nlp.normalize.amounts.parse_amount (invented values, real-shaped forms)."""

from __future__ import annotations

import html
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from minutes_nlp.normalize.amounts import parse_amount, parse_number

D = Decimal

AMOUNTS: list[tuple[str, Decimal, str]] = [
    # plain sums, "." groups thousands
    ("318.420 kr.", D("318420"), "DKK"),
    ("700.000 kr.", D("700000"), "DKK"),
    ("1.000 kr", D("1000"), "DKK"),
    ("4.215.930 kr.", D("4215930"), "DKK"),
    ("85 kr.", D("85"), "DKK"),
    ("0 kr.", D("0"), "DKK"),
    # currency first
    ("kr. 640.000", D("640000"), "DKK"),
    ("kr. 2.718,25", D("2718.25"), "DKK"),
    ("DKK 3.000.000", D("3000000"), "DKK"),
    ("kr.715.300", D("715300"), "DKK"),
    ("kr. 1,7 mio.", D("1700000"), "DKK"),
    # scale words
    ("42 mio. kr.", D("42000000"), "DKK"),
    ("3,8 mio. kr.", D("3800000"), "DKK"),
    ("0,35 mio. kr.", D("350000"), "DKK"),
    ("0,485 mio.kr.", D("485000"), "DKK"),
    ("1,4 mia. kr.", D("1400000000"), "DKK"),
    ("17 t.kr.", D("17000"), "DKK"),
    ("230 t. kr.", D("230000"), "DKK"),
    ("64 tkr.", D("64000"), "DKK"),
    ("6 mill. kr.", D("6000000"), "DKK"),
    ("2,4 millioner kroner", D("2400000"), "DKK"),
    ("3 milliarder kr.", D("3000000000"), "DKK"),
    ("15 tusind kr.", D("15000"), "DKK"),
    ("2 mrd. kr.", D("2000000000"), "DKK"),
    ("9 mio kr", D("9000000"), "DKK"),
    ("Mio. kr. 14,5", D("14500000"), "DKK"),
    ("DKK 4.5 million", D("4500000"), "DKK"),
    ("7½ mio. kr.", D("7500000"), "DKK"),
    ("½ mio. kr.", D("500000"), "DKK"),
    # other spellings of the number
    ("1 350 000 kr.", D("1350000"), "DKK"),
    ("1\u00a0350\u00a0000\u00a0kr.", D("1350000"), "DKK"),
    ("kr. 4.500,-", D("4500"), "DKK"),
    ("650,- kr.", D("650"), "DKK"),
    ("0.5 mio.kr.", D("500000"), "DKK"),  # dot as decimal point (not followed by 3 digits)
    ("1.05 mio. kr.", D("1050000"), "DKK"),
    ("3.250 mio. kr.", D("3250000000"), "DKK"),  # one dot + 3 digits: thousands, by convention
    ("0.250 mio. kr.", D("250000"), "DKK"),  # ... unless the integer part is 0
    ("2,345.75 kr.", D("2345.75"), "DKK"),  # both marks: the later one is the decimal mark
    ("2,000,000 kr.", D("2000000"), "DKK"),
    ("215.000. kr.", D("215000"), "DKK"),  # stray full stop
    ("kr. 412,00.", D("412"), "DKK"),
    # negative
    ("-75.000 kr.", D("-75000"), "DKK"),
    ("-2,9 mio. kr.", D("-2900000"), "DKK"),
    ("\u2212 4,2 mio. kr.", D("-4200000"), "DKK"),
    ("÷ 120.000 kr.", D("-120000"), "DKK"),
    ("kr. -3.500", D("-3500"), "DKK"),
    # other currencies and case
    ("4 mio. euro", D("4000000"), "EUR"),
    ("€ 250.000", D("250000"), "EUR"),
    ("12.000 EUR", D("12000"), "EUR"),
    ("80.000 svenske kroner", D("80000"), "SEK"),
    ("27 MIO. KR.", D("27000000"), "DKK"),
]


@pytest.mark.parametrize(("text", "value", "currency"), AMOUNTS)
def test_parse_amount(text: str, value: Decimal, currency: str) -> None:
    got = parse_amount(text)
    assert got is not None
    assert got == (value, currency)


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("30-45 mio. kr.", "DKK"),
        ("0,4 \u2013 0,6 mio. kr.", "DKK"),
        ("15.000-25.000 kr.", "DKK"),
        ("3 til 4 mia. kr.", "DKK"),
        ("2 mio. - 3 mio. kr.", "DKK"),
        ("kr. 100-150.000", "DKK"),
        ("1-2 mio. euro", "EUR"),
    ],
)
def test_range_keeps_currency_without_value(text: str, currency: str) -> None:
    assert parse_amount(text) == (None, currency)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "kr.",
        "mio. kr.",
        "35 %",
        "abc",
        "2023",
        "42 mio.",  # no currency: not known to be money
        "1.500 borgere",
        "ca. 5 mio. kr.",  # the span must not include the hedge
        "2024, 3 mio. kr.",  # two numbers
        "412 kr. kr.",
        "1.2.3 kr.",  # malformed grouping
        "12.34.567 kr.",
        "4 ,15 mio. kr.",
        "kr. 5 x 3",
        "x" * 500,
    ],
)
def test_not_an_amount(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize("bad", [None, 42, b"35 mio. kr."])
def test_non_string_input_gives_none(bad: object) -> None:
    assert parse_amount(bad) is None  # type: ignore[arg-type]


def test_integral_values_have_no_exponent() -> None:
    got = parse_amount("1,2 mia. kr.")
    assert got is not None and got[0] is not None
    assert format(got[0], "f") == "1200000000"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1.234,5", D("1234.5")), ("12", D("12")), ("2.5", D("2.5")), ("1.000.000", D("1000000")),
     ("1.00.000", None), ("", None), ("9" * 40, None)],
)
def test_parse_number(raw: str, value: Decimal | None) -> None:
    assert parse_number(raw) == value


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


_AMOUNT_LIKE = re.compile(
    r"(?<![\w.,])-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s?(?:mio\.|mia\.|t\.)?\s?kr\.(?!\w)"
    r"|(?<!\w)kr\.\s?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\d,])"
)


@pytest.mark.data
def test_real_amounts_parse() -> None:
    """Nearly every plainly written amount in the real minutes parses (values are checked above)."""
    lines = [line for text in _real_texts() for line in text.splitlines() if "kr." in line]
    found = [m.group(0) for line in lines for m in _AMOUNT_LIKE.finditer(line)]
    assert len(found) > 100
    failed = [s for s in found if parse_amount(s) is None]
    assert len(failed) <= 0.01 * len(found), failed[:20]
