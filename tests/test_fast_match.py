"""components.fast_match.RulerMatch finds exactly the spans SpanRuler.match finds (issue 15)."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.pipeline import SpanRuler

from minutes_nlp.components.fast_match import RulerMatch, one_token_regex, phrase_forms
from minutes_nlp.pipeline import blank

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "minutes"


@pytest.fixture(scope="module")
def nlp():
    return blank()


def _key(spans):
    return [(s.start, s.end, s.label_, s.id_) for s in spans]


def test_same_spans_as_the_span_ruler_on_the_fixture_minutes(nlp) -> None:
    ruler = nlp.get_pipe("minutes_entity_rules").ruler
    fast = RulerMatch(nlp.vocab, ruler.patterns)
    texts = [p.read_text("utf8") for p in sorted(FIXTURES.glob("*.txt"))]
    texts.append("Økonomiudvalgets og ØKONOMIUDVALGET, KKR Sjælland, KKR SJÆLLANDS; Teknik- og Miljøudvalget "
                 "den 3. marts 2024, 01.02.2023, 2023-02-01, 1/2 2023 kr. 2,5 mio. kr. Greve Byråd")
    assert texts and len(fast.phrases) >= 1 and fast.regexes and fast.token_regexes  # the fast paths are used
    for text in texts:
        doc = nlp.make_doc(text)
        assert _key(fast.match(doc)) == _key(ruler.match(doc))


def test_mixed_pattern_kinds_match_as_the_span_ruler(nlp) -> None:
    patterns = [
        {"label": "A", "id": "lower", "pattern": [{"LOWER": "teknik"}, {"LOWER": {"IN": ["udvalg", "udvalgs"]}}]},
        {"label": "A", "id": "caps", "pattern": [{"LOWER": "Teknik"}]},  # never matches: capitals in LOWER
        {"label": "B", "id": "orth", "pattern": [{"TEXT": {"IN": ["KL", "KL's"]}}]},
        {"label": "B", "id": "orth", "pattern": [{"ORTH": "KL"}]},  # same label/id twice: one span
        {"label": "C", "id": "", "pattern": [{"TEXT": {"REGEX": r"^\d{4}$"}}]},
        {"label": "C", "id": "op", "pattern": [{"IS_DIGIT": True}, {"ORTH": "kr.", "OP": "?"}]},
        {"label": "D", "id": "regex_in_longer", "pattern": [{"TEXT": {"REGEX": r"^\d+$"}}, {"LOWER": "kr."}]},
        {"label": "D", "id": "regex_op", "pattern": [{"TEXT": {"REGEX": "^[A-Z]"}, "OP": "+"}, {"LOWER": "udvalg"}]},
        {"label": "D", "id": "regex_none", "pattern": [{"TEXT": {"REGEX": "^zzz$"}}, {"LOWER": "kr."}]},
    ]
    ruler = SpanRuler(nlp, name="test_ruler", spans_key=None, annotate_ents=False)
    ruler.add_patterns(patterns)
    fast = RulerMatch(nlp.vocab, patterns)
    doc = nlp.make_doc("Teknik udvalgs møde 2024: KL og KL's svar, 12 kr. TEKNIK UDVALG teknik Udvalg 2024")
    assert _key(fast.match(doc)) == _key(ruler.match(doc))


def test_what_goes_where() -> None:
    assert phrase_forms([{"LOWER": "a"}, {"LOWER": {"IN": ["b", "bs"]}}]) == ("LOWER", [["a", "b"], ["a", "bs"]])
    assert phrase_forms([{"TEXT": {"IN": ["KL", "KL's"]}}]) == ("ORTH", [["KL"], ["KL's"]])
    assert phrase_forms([{"LOWER": "Byråd"}]) is None
    assert phrase_forms([{"LOWER": "a", "OP": "?"}]) is None
    assert phrase_forms([{"LOWER": "a"}, {"ORTH": "B"}]) is None  # two attributes: stays a token pattern
    assert phrase_forms([{"IS_TITLE": True}]) is None
    assert one_token_regex([{"TEXT": {"REGEX": "^x$"}}]) is not None
    assert one_token_regex([{"TEXT": {"REGEX": "^x$"}, "OP": "?"}]) is None
    assert one_token_regex([{"TEXT": {"REGEX": "^x$"}}, {"ORTH": "y"}]) is None
