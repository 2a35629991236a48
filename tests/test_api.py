"""extract / extract_many end to end: results users rely on, and bad input that must not crash."""
from __future__ import annotations

import re
import time

import pytest

from conftest import GREVE, ROOT, SEEDS, needs_data, seed
from minutes_nlp import Minutes, extract, extract_many

EXAMPLE = (ROOT / "examples" / "referat_eksempel.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def example(rules_nlp) -> Minutes:
    return extract(EXAMPLE, nlp=rules_nlp)


def test_example_items_and_decisions(example: Minutes) -> None:
    assert [i.number for i in example.items] == ["1", "2", "3", "4", "5"]
    assert [i.decision.label for i in example.items if i.decision] == [
        "Godkendt", "Godkendt", "Til orientering", "Anbefales", "Ingen beslutning"]
    assert example.items[1].case_numbers[0].value == "2023-049911"
    assert example.items[1].case_numbers[0].scheme == "year_serial"


def test_example_meeting(example: Minutes) -> None:
    meeting = example.meeting
    assert meeting.body is not None and meeting.body.name == "Kultur- og Fritidsudvalget"
    assert meeting.date is not None and meeting.date.isoformat() == "2024-02-06"
    assert meeting.attendees, "attendees from the header"


def test_example_entities_normalised(example: Minutes) -> None:
    values = {e.text: e for e in example.entities}
    assert str(values["1,1 mio. kr."].value) == "1100000"
    assert str(values["kr. 80.000"].value) == "80000"
    assert str(values["40 t.kr."].value) == "40000"
    assert values["14. juni"].value.isoformat() == "2024-06-14"  # year from the meeting date
    assert values["Kultur- og Fritidsudvalgets"].name == "Kultur- og Fritidsudvalget"


def test_offsets_point_into_the_input(example: Minutes) -> None:
    example.check_offsets(EXAMPLE)
    for item in example.items:
        assert EXAMPLE[item.start_char:].startswith(f"Punkt {item.number}.")
        for mention in item.entities:
            assert item.start_char <= mention.start_char < mention.end_char <= item.end_char


def test_json_roundtrip(example: Minutes) -> None:
    data = example.model_dump(mode="json")
    assert Minutes.model_validate(data) == example
    assert data["items"][1]["decision"]["label"] == "Godkendt"


def test_offsets_survive_cleaning(rules_nlp) -> None:
    dirty = "\ufeff" + EXAMPLE.replace("Punkt 2.", "Punkt\u00a02.").replace("150.000 kr.", "150.000\u200b kr.").replace("\n", "\r\n")
    m = extract(dirty, nlp=rules_nlp)
    m.check_offsets(dirty)
    assert len(m.items) == 5
    assert any(e.label == "AMOUNT" and e.text.startswith("150.000") for e in m.entities)


def test_extract_many_same_as_extract(rules_nlp, example: Minutes) -> None:
    out = list(extract_many(["", EXAMPLE, "Intet her."], batch_size=2, nlp=rules_nlp))
    assert len(out) == 3
    assert out[0].items == [] and out[1] == example and out[2].items == []


@pytest.mark.parametrize("text", ["", "   \n\t  ", "\x00\x00", "\ud800 hej \udfff"])
def test_empty_or_junk_gives_valid_empty_result(rules_nlp, text: str) -> None:
    m = extract(text, nlp=rules_nlp)
    assert m.items == []
    m.check_offsets(text)


@pytest.mark.parametrize("bad", [b"Punkt 1. Godkendelse", None, 42, ["tekst"]])
def test_non_str_raises_type_error(rules_nlp, bad) -> None:
    with pytest.raises(TypeError):
        extract(bad, nlp=rules_nlp)


def test_nul_bytes_and_surrogates_inside_minutes(rules_nlp) -> None:
    text = EXAMPLE.replace("Godkendt.", "God\x00kendt.", 1).replace("Eventuelt", "Eventuelt \udc80", 1)
    m = extract(text, nlp=rules_nlp)
    m.check_offsets(text)
    assert len(m.items) == 5


def test_runaway_punctuation_is_fast(rules_nlp) -> None:
    text = "(" * 2_000_000
    t0 = time.perf_counter()
    m = extract(text, nlp=rules_nlp)
    assert time.perf_counter() - t0 < 60  # loose bound: without cleaning spaCy needs hours
    assert m.items == []


def _long_minutes(min_chars: int) -> tuple[str, int]:
    """One meeting with as many numbered items (copies of the example's items) as needed."""
    head, body = EXAMPLE.split("Punkt 1.", 1)
    blocks = [b for b in re.split(r"(?m)^(?=Punkt \d+\.)", "Punkt 1." + body) if b]
    parts, n = [head], 0
    while sum(map(len, parts)) < min_chars:
        for block in blocks:
            n += 1
            parts.append(re.sub(r"^Punkt \d+\.", f"Punkt {n}.", block))
    return "".join(parts), n


def test_three_million_characters_in_pieces(rules_nlp) -> None:
    text, n = _long_minutes(3_000_000)
    assert len(text) > 3_000_000 > rules_nlp.max_length
    m = extract(text, nlp=rules_nlp)
    assert [i.number for i in m.items] == [str(k) for k in range(1, n + 1)]
    assert m.meeting.body is not None and m.meeting.date is not None
    assert all(i.decision is not None for i in m.items)
    m.check_offsets(text)


def test_non_danish_text(rules_nlp) -> None:
    m = extract("The council met on Monday. Nothing was decided. 1. Item one\n2. Item two\n", nlp=rules_nlp)
    assert m.items == [] and m.meeting.attendees == []


@needs_data(SEEDS)
def test_seed_without_items(rules_nlp) -> None:
    text = seed("004")
    m = extract(text, nlp=rules_nlp)
    assert m.items == []
    m.check_offsets(text)


@needs_data(SEEDS)
def test_offsets_hold_on_every_seed(rules_nlp) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        extract(text, nlp=rules_nlp).check_offsets(text)


@needs_data(GREVE)
def test_offsets_hold_on_every_greve_meeting(rules_nlp) -> None:
    from minutes_nlp.io.firstagenda import iter_meetings

    paths, texts = zip(*((p, m.text) for p, m in iter_meetings(GREVE)))
    assert len(texts) == 285
    for path, text, minutes in zip(paths, texts, extract_many(texts, nlp=rules_nlp)):
        minutes.check_offsets(text)
        assert minutes.items, path.name


@pytest.mark.slow
@needs_data(GREVE)
def test_shipped_pipeline_runs_on_every_greve_meeting() -> None:
    """The trained pipeline (NER + rules merge + decision model) on all 285 meetings: no crash
    (a NER span running into a second rule span once broke doc.ents), offsets hold."""
    from minutes_nlp.io.firstagenda import iter_meetings
    from minutes_nlp.pipeline import load

    nlp = load()
    paths, texts = zip(*((p, m.text) for p, m in iter_meetings(GREVE)))
    for path, text, minutes in zip(paths, texts, extract_many(texts, nlp=nlp)):
        minutes.check_offsets(text)
        assert minutes.items, path.name


def test_pieces_give_the_same_result_as_one_doc(rules_nlp, monkeypatch) -> None:
    import minutes_nlp.api as api

    text, n = _long_minutes(60_000)
    whole = extract(text, nlp=rules_nlp)
    monkeypatch.setattr(api, "PIECE_CHARS", 15_000)  # several pieces, each after the first with the header
    pieces = extract(text, nlp=rules_nlp)
    pieces.check_offsets(text)
    assert [(i.number, i.start_char, i.decision.label if i.decision else None) for i in pieces.items] == \
        [(i.number, i.start_char, i.decision.label if i.decision else None) for i in whole.items]
    assert [(e.label, e.start_char, e.end_char) for e in pieces.entities] == \
        [(e.label, e.start_char, e.end_char) for e in whole.entities]
    assert pieces.meeting == whole.meeting
