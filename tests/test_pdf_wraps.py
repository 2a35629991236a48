"""Mentions cut by a PDF line wrap (components/line_wraps.py): found, with offsets into the
original text (the line break kept) and normalised values read as if the break were a space.

Every text here is written for these tests. Running text is wrapped the way PDF extraction wraps
it: lines filled towards ~80 columns, so the line before a wrap is long.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import minutes_nlp
from minutes_nlp.components.line_wraps import MIN_WRAPPED_LINE, is_wrap, unwrap, wrap_breaks

#: A filler that makes the line before the wrap a full line of running text.
LEAD = "Sagen blev drøftet på mødet, og efter en længere debat besluttede udvalget "

CASES = [
    # (text, mention, label, normalised value (None: not checked))
    (LEAD + "at Kultur- og\nFritidsudvalget skal høres.", "Kultur- og\nFritidsudvalget", "COMMITTEE",
     "Kultur- og Fritidsudvalget"),
    (LEAD + "at Udvalget for Teknik\nog Miljø skal høres.", "Udvalget for Teknik\nog Miljø", "COMMITTEE",
     "Udvalget for Teknik og Miljø"),
    (LEAD + "at bevilge 1,5\nmio. kr. til projektet.", "1,5\nmio. kr.", "AMOUNT", Decimal("1500000")),
    (LEAD + "at give kr.\n80.000 til foreningens arbejde.", "kr.\n80.000", "AMOUNT", Decimal("80000")),
    (LEAD + "at sende sagen i høring til den 12.\nmarts 2024 hos alle parter.", "12.\nmarts 2024", "DATE",
     dt.date(2024, 3, 12)),
    ("Mødet blev ledet af borgmester Jens Nielsen, og sagen blev forelagt af direktør Anna\n"
     "Hansen på vegne af forvaltningen.", "Anna\nHansen", "PERSON", None),
]


def _value(mention):
    return mention.name if mention.label == "COMMITTEE" else getattr(mention, "value", None)


@pytest.mark.parametrize("text, mention, label, value", CASES, ids=[c[2] + str(i) for i, c in enumerate(CASES)])
def test_wrapped_mention_found(rules_nlp, text: str, mention: str, label: str, value) -> None:
    start = text.index(mention)
    result = minutes_nlp.extract(text, nlp=rules_nlp)
    found = [(e.start_char, e.end_char, e.label) for e in result.entities]
    assert (start, start + len(mention), label) in found, found
    entity = next(e for e in result.entities if e.start_char == start)
    assert text[entity.start_char:entity.end_char] == entity.text == mention
    if value is not None:
        assert _value(entity) == value


def test_doc_ents_keep_the_line_break(rules_nlp) -> None:
    text = CASES[2][0]
    doc = rules_nlp(text)
    assert [(e.text, e.label_) for e in doc.ents] == [("1,5\nmio. kr.", "AMOUNT")]
    assert all(text[e.start_char:e.end_char] == e.text for e in doc.ents)


@pytest.mark.parametrize("text, not_found", [
    # a blank line is a paragraph break, never inside a mention
    (LEAD + "at bevilge 1,5\n\nmio. kr. til projektet.", "1,5\n\nmio. kr."),
    (LEAD + "at Kultur- og\n\nFritidsudvalget skal høres.", "Kultur- og\n\nFritidsudvalget"),
    # a section heading line is not part of a mention after it
    ("Punkt 1. Nyt kunstgræsanlæg\n\nBeslutning\nAnna Hansen (A) stemte imod forslaget om et nyt anlæg.",
     "Beslutning\nAnna Hansen"),
    # short list lines are not wrapped text
    ("Deltagere:\nAnna Hansen (A)\nPeter Jensen (V)\n", "Hansen (A)\nPeter"),
    # a field line ("Fraværende:") starts a new line even after a long one
    (LEAD + "at godkende sagen med 5\nFraværende: Anna Hansen (A)", "5\nFraværende"),
])
def test_no_mention_across_hard_breaks(rules_nlp, text: str, not_found: str) -> None:
    doc = rules_nlp(text)
    assert all("\n\n" not in e.text for e in doc.ents)
    assert not any(not_found in e.text or e.text in not_found and "\n" in e.text for e in doc.ents), \
        [(e.text, e.label_) for e in doc.ents]


def test_heading_line_keeps_person_apart(rules_nlp) -> None:
    text = "Punkt 1. Nyt kunstgræsanlæg\n\nBeslutning\nAnna Hansen (A) stemte imod forslaget om et nyt anlæg."
    persons = [e.text for e in rules_nlp(text).ents if e.label_ == "PERSON"]
    assert persons == ["Anna Hansen"]


def test_participant_list_one_per_line_unchanged(rules_nlp) -> None:
    text = ("Udvalget for Sundhed og Ældre\n\nDeltagere:\nAnna Hansen (A), formand\nPeter Jensen (V)\n"
            "Karen Holm (F)\n\nFraværende: Ole Berg (C)\n")
    persons = [e.text for e in rules_nlp(text).ents if e.label_ == "PERSON"]
    assert all("\n" not in p for p in persons)


@pytest.mark.parametrize("text, expected", [
    ("x" * MIN_WRAPPED_LINE + "\nnæste linje", [MIN_WRAPPED_LINE]),
    ("kort linje\nnæste linje", []),  # the line before is too short to have been wrapped
    ("x" * MIN_WRAPPED_LINE + "\n\nnæste afsnit", []),  # paragraph break
    ("x" * MIN_WRAPPED_LINE + "  \nnæste linje", []),  # Markdown's explicit line break
    ("x" * MIN_WRAPPED_LINE + "\nSagsnr.: 12/345", []),  # a field line
    ("x" * MIN_WRAPPED_LINE + " 2\nDecember\tOpstart", []),  # a table row
    ("x" * MIN_WRAPPED_LINE + "\n", []),  # nothing after
])
def test_wrap_breaks(text: str, expected: list[int]) -> None:
    assert wrap_breaks(text) == expected
    assert all(is_wrap(text, i) for i in expected)


def test_unwrap_keeps_length() -> None:
    text = "a" * 50 + "\nb\n\nc"
    view = unwrap(text, wrap_breaks(text))
    assert len(view) == len(text) and view == "a" * 50 + " b\n\nc"


def test_loaded_model_agrees_with_rules_pipeline(rules_nlp) -> None:
    """The shipped model's entity rules (their own copy of the patterns) find the same wrapped mentions."""
    from minutes_nlp.pipeline import default_model_path, load

    if default_model_path() is None:
        pytest.skip("the default model is not installed")
    nlp = load()
    for text, mention, label, _ in CASES:
        start = text.index(mention)
        ents = {(e.start_char, e.end_char, e.label_) for e in nlp(text).ents}
        assert (start, start + len(mention), label) in ents
