"""Text cleaning: each step, exact offset mapping back to the input, and hostile input."""
from __future__ import annotations

import random
import time
import unicodedata

import pytest

from minutes_nlp.clean import MAX_CHUNK, MAX_PUNCT_RUN, CleanText, clean

# --- type and empty input ---------------------------------------------------------------------


def test_bytes_raise_type_error_saying_decode() -> None:
    with pytest.raises(TypeError, match="decode"):
        clean(b"Punkt 1. Godkendelse")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, 42, ["tekst"], bytearray(b"x")])
def test_non_str_raise_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        clean(bad)  # type: ignore[arg-type]


def test_empty() -> None:
    cleaned = clean("")
    assert cleaned.text == ""
    assert cleaned.to_original(0) == 0
    assert cleaned.span_to_original(0, 0) == (0, 0)


def test_clean_text_is_frozen() -> None:
    cleaned = clean("abc")
    assert isinstance(cleaned, CleanText)
    with pytest.raises(AttributeError):
        cleaned.text = "x"  # type: ignore[misc]


def test_untouched_text_is_identity() -> None:
    text = "Punkt 2. Økonomiudvalget godkendte 223.530 kr. den 22.05.2023.\nBeslutning: Godkendt."
    cleaned = clean(text)
    assert cleaned.text == text
    assert all(cleaned.to_original(i) == i for i in range(len(text) + 1))


# --- the steps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\n\r\nb", "a\n\nb"),
        ("kommune\u00adplan", "kommuneplan"),
        ("Byr\u200bådet\u200c\u200d\u2060\ufeff", "Byrådet"),
        ("\ufeffPunkt 1", "Punkt 1"),
        ("a\x00b", "ab"),
        ("a\x07b\x1bc\x7fd\x9ce", "a b c d e"),
        ("side 1\x0cside 2", "side 1\nside 2"),
        ("a\u2028b\u2029c\x85d", "a\nb\nc\nd"),
        ("tab\tstays", "tab\tstays"),
        ("500\u00a0kr. og 5\u202f000\u2007kr.", "500 kr. og 5 000 kr."),
        ("e\u0301n", "\u00e9n"),  # NFC joins
        ("A\u030angstr\u00f8m", "\u00c5ngstr\u00f8m"),
        ("\u212b", "\u00c5"),  # Angstrom sign -> A with ring
        ("a\ud800b\udfffc", "a\ufffdb\ufffdc"),  # lone surrogates
        ("Indhold.....\t17", "Indhold.....\t17"),  # ordinary leaders are kept
        ("Indhold" + "." * 60 + "17", "Indhold" + "." * MAX_PUNCT_RUN + "17"),
        ("(" * 25, "(" * MAX_PUNCT_RUN),
        ("_" * 40, "_" * MAX_PUNCT_RUN),
        ("Slut!?!", "Slut!?!"),
        ("()" * 8, "()()()()() ()()()"),  # mixed run: a space every MAX_PUNCT_RUN characters
    ],
)
def test_steps(raw: str, expected: str) -> None:
    assert clean(raw).text == expected


def test_long_chunk_is_broken() -> None:
    blob = "x" * (2 * MAX_CHUNK + 5)
    cleaned = clean(blob)
    assert cleaned.text.split(" ") == ["x" * MAX_CHUNK, "x" * MAX_CHUNK, "x" * 5]
    assert cleaned.span_to_original(0, len(cleaned.text)) == (0, len(blob))


def test_result_is_nfc_and_clean() -> None:
    text = "Mo\u0308de i Aarhus\u00a0\u200bkl. 9\r\n" + unicodedata.normalize("NFD", "Økonomi og Sundhed")
    out = clean(text).text
    assert unicodedata.is_normalized("NFC", out)
    assert not any(ch in out for ch in "\r\u00a0\u200b\x00")


# --- offset mapping ----------------------------------------------------------------------------


def test_mapping_around_edits() -> None:
    text = "Kr\u200bone\r\nBy\u00adrådet e\u0301n (((((((((((((((( slut"
    cleaned = clean(text)
    for word in ["one", "By", "rådet", "n", "slut", "((((("]:
        start = cleaned.text.index(word)
        o_start, o_end = cleaned.span_to_original(start, start + len(word))
        assert text[o_start:o_end] == word
    # a span over an altered stretch covers the whole original stretch
    start = cleaned.text.index("Byrådet")
    o_start, o_end = cleaned.span_to_original(start, start + len("Byrådet"))
    assert text[o_start:o_end] == "By\u00adrådet"
    start = cleaned.text.index("\u00e9n")
    assert text[slice(*cleaned.span_to_original(start, start + 2))] == "e\u0301n"
    # a start offset goes after a deletion, an end offset before it
    assert text[cleaned.to_original(cleaned.text.index("one"))] == "o"
    assert cleaned.span_to_original(0, len(cleaned.text)) == (0, len(text))


def test_mapping_offset_errors() -> None:
    cleaned = clean("abc\r\n")
    with pytest.raises(ValueError):
        cleaned.to_original(-1)
    with pytest.raises(ValueError):
        cleaned.to_original(len(cleaned.text) + 1)
    with pytest.raises(ValueError):
        cleaned.span_to_original(3, 1)
    with pytest.raises(TypeError):
        cleaned.to_original(1.5)  # type: ignore[arg-type]


_PIECES = [
    "Punkt", " ", "kr.", "Økonomiudvalget", "2023-035532", "\n", "\t", "....", "(", ")",
    "\r\n", "\r", "\u00a0", "\u200b", "\u00ad", "\x00", "\x07", "\ufeff", "\ud83d",
    "e\u0301", "a\u030a", "\u212b", "\u0958", "o\u0308\u0323", "(" * 14, "-" * 30, "()" * 9,
    "x" * 30,
]
_SAFE = set("Punktr.Økonomiudvalget2023-035(x)")  # characters no step creates or changes


@pytest.mark.parametrize("seed", range(25))
def test_mapping_is_exact_on_unaltered_stretches(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 120)))
    cleaned = clean(text)
    out = cleaned.text
    previous = 0
    for offset in range(len(out) + 1):  # monotone, inside the original
        mapped = cleaned.to_original(offset)
        assert previous <= mapped <= len(text)
        previous = mapped
    checked = 0
    for _ in range(200):
        start = rng.randint(0, len(out))
        end = rng.randint(start, len(out))
        o_start, o_end = cleaned.span_to_original(start, end)
        assert 0 <= o_start <= o_end <= len(text)
        # unaltered: only characters no step touches, and no deletion at an inner boundary
        # (there the end-side and start-side images of the boundary differ)
        inner_gap = any(
            cleaned.span_to_original(start, i)[1] != cleaned.to_original(i) for i in range(start + 1, end)
        )
        if set(out[start:end]) <= _SAFE and not inner_gap:
            assert text[o_start:o_end] == out[start:end], (text, start, end)
            checked += 1
    assert checked > 0


# --- hostile input and speed (generous upper bounds) ---------------------------------------------


def _realistic(size: int) -> str:
    block = (
        "Punkt 7. Anlægsbevilling til renovering af Søndergårdsskolen\r\n"
        "Sagsnr.: 2024-118205\r\n\r\nResumé\r\nBørne- og Ungeudvalget anbefaler en bevilling på "
        "2,6 mio.\u00a0kr. fordelt over 2024-2026. Indholdsfortegnelse..........\t12\r\n"
        "Beslutning i Økonomiudvalget den 14. marts 2024: Anbefales.\u200b\r\n"
    )
    return (block * (size // len(block) + 1))[:size]


def test_three_million_characters_clean_fast() -> None:
    text = _realistic(3_000_000)
    started = time.perf_counter()
    cleaned = clean(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0
    assert "\r" not in cleaned.text and len(cleaned.text) < len(text)
    started = time.perf_counter()
    for offset in range(0, len(cleaned.text), 1000):
        cleaned.to_original(offset)
    assert time.perf_counter() - started < 2.0
    start = cleaned.text.rindex("2024-118205")
    o_start, o_end = cleaned.span_to_original(start, start + 11)
    assert text[o_start:o_end] == "2024-118205"


def test_decomposed_three_million_characters_clean_fast() -> None:
    text = unicodedata.normalize("NFD", _realistic(3_000_000))
    started = time.perf_counter()
    cleaned = clean(text)
    assert time.perf_counter() - started < 5.0
    assert unicodedata.is_normalized("NFC", cleaned.text)


def test_two_megabytes_of_parentheses_tokenise_fast() -> None:
    from minutes_nlp.tokenizer import blank_danish

    nlp = blank_danish()
    started = time.perf_counter()
    cleaned = clean("(" * 2_000_000)
    doc = nlp(cleaned.text)
    assert time.perf_counter() - started < 5.0
    assert len(doc) == MAX_PUNCT_RUN
    assert cleaned.span_to_original(0, len(cleaned.text)) == (0, MAX_PUNCT_RUN)


def test_mixed_punctuation_and_blobs_tokenise_fast() -> None:
    from minutes_nlp.tokenizer import blank_danish

    nlp = blank_danish()
    for hostile in ["()" * 400_000, ".," * 400_000, "(((((x)))))" * 70_000, "a." * 400_000]:
        started = time.perf_counter()
        doc = nlp.tokenizer(clean(hostile).text)
        assert time.perf_counter() - started < 5.0, hostile[:20]
        assert len(doc) > 0


def test_lone_surrogates_and_nul_survive_the_tokenizer() -> None:
    from minutes_nlp.tokenizer import blank_danish

    text = "Byrådet\x00 godkendte\ud800 sagen\udc00 den 3. maj."
    cleaned = clean(text)
    doc = blank_danish()(cleaned.text)
    words = [t.text for t in doc]
    assert words[:5] == ["Byrådet", "godkendte", "\ufffd", "sagen", "\ufffd"]
    cleaned.text.encode("utf-8")  # encodable now
    start = cleaned.text.index("sagen")
    assert text[slice(*cleaned.span_to_original(start, start + 5))] == "sagen"
