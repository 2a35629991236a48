"""Property-based fuzzing (hypothesis) of the cleaner, the normalisers, the segmenter and ``extract``:
no exception, the offset invariant, bounded time per character.

The budget is fixed: derandomized (the same examples on every run, so CI is reproducible) and a set
number of examples per property, about a minute in all on 2 cores. ``MINUTES_NLP_FUZZ_SCALE=10``
runs ten times as many (and random ones) for a longer local session.
"""
from __future__ import annotations

import os
import time

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from minutes_nlp.clean import clean  # noqa: E402
from minutes_nlp.normalize.amounts import parse_amount, parse_number  # noqa: E402
from minutes_nlp.normalize.case_numbers import find_case_numbers, parse_case_number  # noqa: E402
from minutes_nlp.normalize.dates import parse_date, parse_time, parse_time_range  # noqa: E402

SCALE = max(1, int(os.environ.get("MINUTES_NLP_FUZZ_SCALE", "1")))


def budget(examples: int) -> settings:
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=SCALE == 1, database=None,
                    suppress_health_check=list(HealthCheck), print_blob=True)


#: Pieces of real minutes, so that the generated texts reach the interesting code paths.
FRAGMENTS = [
    "Økonomiudvalget", "Referat", "\n", "\n\n", " ", "1. ", "2. ", "10000. ", "Punkt 3. ", "Beslutning\n",
    "Indstilling\n", "Godkendt.", "Sagsnr. ", "27.00.00-A00-1-23", "2023-001234", "1.250.000 kr.",
    "35 mio. kr.", "kr. 366,00", "12. maj 2023", "den 1.2.2024", "kl. 16.00-18.30", "Anders Hansen (A)",
    "Fraværende: ", "Bilag", "(" * 30, "." * 40, "|---|---|", "\x00", "\u200b", "\u00ad", "\ufeff", "\r\n",
    "\ud800", "\u0301", "A\u030a", "\u2028", "\x0c", "\ufffd", "ﬁ", "Ǆ", "𝟙", "æøå ÆØÅ",
]
_chars = st.characters(codec=None, exclude_categories=())
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(_chars, max_size=12)), max_size=200).map("".join)


def _bounded(started: float, text: str, per_char: float = 2e-4, base: float = 2.0) -> None:
    elapsed = time.perf_counter() - started
    assert elapsed < base + per_char * len(text), f"{elapsed:.2f} s for {len(text)} characters"


@budget(2000)
@given(texts)
def test_clean_maps_every_offset_back(text: str) -> None:
    started = time.perf_counter()
    c = clean(text)
    _bounded(started, text)
    previous = 0
    for k in range(0, len(c.text) + 1, max(1, len(c.text) // 50)):
        o = c.to_original(k)
        assert 0 <= o <= len(text)
        assert o >= previous
        previous = o
    a, b = c.span_to_original(0, len(c.text))
    assert 0 <= a <= b <= len(text)


@budget(2000)
@given(st.one_of(texts, st.none(), st.integers(), st.binary(max_size=20)))
def test_normalisers_never_raise(value) -> None:
    started = time.perf_counter()
    for parse in (parse_amount, parse_number, parse_date, parse_time, parse_case_number):
        parse(value)
    parse_time_range(value) if isinstance(value, str) else None
    if isinstance(value, str):
        for a, b, _value, _scheme in find_case_numbers(value):
            assert 0 <= a < b <= len(value)
    _bounded(started, value if isinstance(value, str) else "")


@budget(1000)
@given(texts)
def test_segmenter_items_ordered_and_inside(text: str) -> None:
    from minutes_nlp.segment import segment

    started = time.perf_counter()
    seg = segment(text)
    _bounded(started, text, per_char=1e-3)
    last = 0
    for item in seg.items:
        assert 0 <= item.start <= item.end <= len(text)
        assert item.start >= last
        last = item.start


@pytest.fixture(scope="module")
def rules():
    from minutes_nlp.pipeline import load

    return load("rules")


@budget(600)
@given(text=texts)
def test_extract_keeps_the_offset_invariant(rules, text: str) -> None:
    from minutes_nlp import extract

    started = time.perf_counter()
    minutes = extract(text, nlp=rules)
    _bounded(started, text, per_char=2e-3)
    minutes.check_offsets(text)
    for e in minutes.entities:
        assert text[e.start_char:e.end_char] == e.text or "\ufffd" in e.text
    minutes.model_dump_json()  # always serialisable


long_texts = st.lists(st.sampled_from(FRAGMENTS), min_size=200, max_size=3000).map("".join)


@budget(40)
@given(text=long_texts)
def test_extract_long_texts_in_bounded_time(rules, text: str) -> None:
    from minutes_nlp import extract

    started = time.perf_counter()
    minutes = extract(text, nlp=rules)
    _bounded(started, text, per_char=2e-3)
    minutes.check_offsets(text)
