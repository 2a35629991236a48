"""line_wraps.unwrapped_doc builds the wrapped view from the doc's tokens exactly as the tokenizer
would tokenize the unwrapped text (issue 15: the view no longer tokenizes the whole text again)."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from minutes_nlp.components.line_wraps import unwrap, unwrapped_doc, wrap_breaks
from minutes_nlp.pipeline import blank

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "minutes"


@pytest.fixture(scope="module")
def nlp():
    return blank()


def _key(doc):
    return [(t.text, t.whitespace_, t.norm_, t.idx) for t in doc]


def test_same_tokens_as_the_tokenizer(nlp) -> None:
    rng = random.Random(0)
    texts = [p.read_text("utf8") for p in sorted(FIXTURES.glob("*.txt"))]
    texts.append("Sagsnr.\n2023-035532 kl.\n09.30  \n\n Udvalget for\nTeknik og\xa0Miljø\n\n  kr. 1,2\nmia. kr.\t(A)\nslut")
    checked = 0
    for text in texts:
        doc = nlp.make_doc(text)
        spaces = [m.start() for m in re.finditer(r"\s", text)]
        for breaks in (wrap_breaks(text), spaces, rng.sample(spaces, len(spaces) // 3)):
            view_text = unwrap(text, breaks)
            view = unwrapped_doc(doc, view_text, nlp.tokenizer)
            if view is not None:
                checked += 1
                assert _key(view) == _key(nlp.make_doc(view_text))
    assert checked >= len(texts)


def test_a_changed_run_at_either_end_is_left_to_the_tokenizer(nlp) -> None:
    assert unwrapped_doc(nlp.make_doc("\nGreve Byråd"), " Greve Byråd", nlp.tokenizer) is None
    assert unwrapped_doc(nlp.make_doc("Greve Byråd\n"), "Greve Byråd ", nlp.tokenizer) is None
