"""Case-number recogniser: table tests for shapes, look-alikes and labels (numbers invented)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from minutes_nlp.normalize.case_numbers import (
    CASE_NUMBER_PATTERNS,
    CASE_NUMBER_TOKEN_PATTERN,
    find_case_numbers,
    label_before,
    label_kind,
    parse_case_number,
)

# (span text, expected (value, scheme) or None)
PARSE_TABLE: list[tuple[str, tuple[str, str] | None]] = [
    ("00.01.10-P35-13-20", ("00.01.10-P35-13-20", "kle")),
    ("24.00.00-G01-4-20", ("24.00.00-G01-4-20", "kle")),
    ("00.01.00-P35-130-15", ("00.01.00-P35-130-15", "kle")),
    ("82.02.00-P19-1-22", ("82.02.00-P19-1-22", "kle")),
    ("27.12.04-A00-2417-23", ("27.12.04-A00-2417-23", "kle")),
    ("13.05.00-K08", ("13.05.00-K08", "kle")),
    ("2023-035532", ("2023-035532", "year_serial")),
    ("2019-07731", ("2019-07731", "year_serial")),
    ("21-014420", ("21-014420", "year_serial")),
    ("22-108842K", ("22-108842K", "year_serial")),
    ("SAG-2020-03136", ("SAG-2020-03136", "prefixed")),
    ("EMN-2025-010561", ("EMN-2025-010561", "prefixed")),
    ("GEO-2021-0123", ("GEO-2021-0123", "prefixed")),
    ("20/8545", ("20/8545", "slash")),
    ("15/34881", ("15/34881", "slash")),
    ("330-2018-3619", ("330-2018-3619", "other")),
    ("S2023-12345", ("S2023-12345", "other")),
    # whitespace inside a span (a PDF line break) is removed from the value
    ("SAG-2020-\n03136", ("SAG-2020-03136", "prefixed")),
    (" 2024-118205 ", ("2024-118205", "year_serial")),
    ("00.01.10-P35-\n13-20", ("00.01.10-P35-13-20", "kle")),
    # look-alikes that are not case numbers
    ("22-05-2023", None),  # date
    ("2023-05-22", None),  # ISO date
    ("09-03-2021", None),  # date
    ("22.05.2023", None),  # date
    ("2023-2026", None),  # period
    ("2018-2021", None),  # period
    ("43 97 97 00", None),  # phone number
    ("+45 43979700", None),  # phone number
    ("29189420", None),  # CVR number
    ("§ 8, stk. 3", None),  # law reference
    ("09.30", None),  # time
    ("223.530", None),  # amount
    ("1.223.530", None),  # amount
    ("2023", None),  # year
    ("12 %", None),  # percentage
    ("74", None),  # item number
    ("11/2024", None),  # month/year
    ("39/2014", None),  # EU act number
    ("00.01.10", None),  # bare KLE subject number without label
    ("91.01.10-P35-1-20", None),  # no KLE main group above 85
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("span", "expected"), PARSE_TABLE)
def test_parse_case_number_table(span: str, expected: tuple[str, str] | None) -> None:
    assert parse_case_number(span) == expected


def test_table_size() -> None:
    assert len(PARSE_TABLE) >= 30
    assert sum(1 for _, expected in PARSE_TABLE if expected is None) >= 8


def test_parse_bare_kle_needs_label() -> None:
    assert parse_case_number("00.01.10") is None
    assert parse_case_number("00.01.10", labelled=True) == ("00.01.10", "kle")
    assert parse_case_number("22.05.2023", labelled=True) is None


def test_parse_non_str_is_none() -> None:
    assert parse_case_number(None) is None  # type: ignore[arg-type]
    assert parse_case_number(b"2023-035532") is None  # type: ignore[arg-type]


RUNNING_TEXT = (
    "Punkt 4. Ansøgning om tilskud til kulturnat\n"
    "Sagsnr.: 2024-118205\n"
    "Dok.nr.: 330-2018-500301\n"
    "Sagen hænger sammen med 00.01.00-P35-130-15 og SAG-2021-04417 hlth (tidligere J.nr. 20/8545).\n"
    "Se også sags nr. 330-2018-3619, Sag nr. 74 og Sagsnr. 00.01.10.\n"
    "Mødet 22-05-2023 kl. 09.30, periode 2023-2026, tlf. 43 97 97 00, beløb 223.530 kr., § 8, stk. 3.\n"
    "Emnet 00.01.10 uden etiket, nr. 11/2024, og 21-014420."
)


def test_find_in_running_text() -> None:
    found = find_case_numbers(RUNNING_TEXT)
    assert [(value, scheme) for _, _, value, scheme in found] == [
        ("2024-118205", "year_serial"),
        ("00.01.00-P35-130-15", "kle"),
        ("SAG-2021-04417", "prefixed"),
        ("20/8545", "slash"),
        ("330-2018-3619", "other"),
        ("00.01.10", "kle"),
        ("21-014420", "year_serial"),
    ]
    for start, end, value, _ in found:
        assert RUNNING_TEXT[start:end] == value


@pytest.mark.parametrize(
    "text",
    [
        "Mødet blev holdt 22-05-2023 og 2023-05-22 samt 09-03-2021.",
        "Budgetperioden 2023-2026 og strategien 2018-2021.",
        "Ring på 43 97 97 00 eller +45 43 97 97 00.",
        "CVR-nr. 29189420.",
        "Jf. § 8, stk. 3, kl. 14.00, i alt 223.530 kr. eller 12 % i 2023.",
        "Dok.nr.: 330-2018-500301",
        "Dokumentnummer 2023-035532",
        "Sag nr. 74 Godkendelse af dagsorden",
        "Regulativ nr. 39/2014 og indsats 11/2024.",
        "Emnet 00.01.10 står alene.",
        "Dato 22.05.2023 og version 1.2.3",
        "x2023-035532 og 2023-0355321 og 2023-035532-7 er ikke hele numre",
    ],
)
def test_not_found(text: str) -> None:
    assert find_case_numbers(text) == []


def test_find_bad_input() -> None:
    assert find_case_numbers("") == []
    assert find_case_numbers(None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Sagsnr.", "case"), ("Sagsnr.:", "case"), ("Sags nr.", "case"), ("Sag nr.", "case"),
        ("sagsnummer", "case"), ("J.nr.", "case"), ("J nr.", "case"), ("jnr.", "case"),
        ("Journalnr.", "case"), ("Journal nr.:", "case"),
        ("Dok.nr.", "document"), ("Dok.nr.:", "document"), ("Dok. nr.", "document"),
        ("Dokumentnummer", "document"), ("Dokument nr.", "document"),
        ("Punkt", None), ("Bilag", None), ("", None),
    ],
)
def test_label_kind(label: str, kind: str | None) -> None:
    assert label_kind(label) == kind


def test_label_before() -> None:
    text = "Sagsnr.: 2024-118205 og Dok.nr. 330-2018-500301 og 2022-004411"
    assert label_before(text, text.index("2024")) == "Sagsnr."
    assert label_before(text, text.index("330-")) == "Dok.nr."
    assert label_before(text, text.index("2022-")) is None
    assert label_before(text, 0) is None


def test_patterns_exposed() -> None:
    assert set(CASE_NUMBER_PATTERNS) == {"kle", "year_serial", "prefixed", "slash", "other"}
    assert CASE_NUMBER_PATTERNS["kle"].search("se 00.01.10-P35-13-20.")
    assert CASE_NUMBER_TOKEN_PATTERN.startswith("^") and CASE_NUMBER_TOKEN_PATTERN.endswith(r"\Z")


def _data_dir() -> Path:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return Path(os.environ.get("MINUTES_NLP_DATA", default))


@pytest.mark.data
def test_greve_case_number_field_parses() -> None:
    folder = _data_dir() / "minutes" / "greve_firstagenda"
    files = sorted(folder.glob("*.json"))
    if not files:
        pytest.skip("shared data not available")
    values = []
    for path in files:
        meeting = json.loads(path.read_text(encoding="utf-8"))
        values += [p.get("CaseNumber") for p in meeting.get("Dagsordenpunkter") or [] if p.get("CaseNumber")]
    assert len(values) > 1000
    failures = [v for v in values if parse_case_number(v) is None]
    assert failures == []
    assert {parse_case_number(v)[1] for v in values} == {"year_serial"}  # type: ignore[index]
