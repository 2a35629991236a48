"""The layout zoo (training/zoo): every style renders, and the gold it records is self-consistent.

No pipeline accuracy is asserted here (benchmarks/zoo.py measures that)."""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import pytest

from conftest import GREVE, needs_data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from zoo import STYLES, documents, render  # noqa: E402
from zoo.styles import DEVELOPMENT, HELDOUT  # noqa: E402
from zoo.source import MEASURE_SPLITS, measurement_meetings  # noqa: E402

LABELS = {"Godkendt", "Anbefales", "Til orientering", "Ikke godkendt", "Udsat", "Drøftet", "Ingen beslutning"}

pytestmark = needs_data(GREVE)


def _collapse(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def meetings():
    return measurement_meetings()


def test_enough_styles_with_distinct_names():
    assert len(STYLES) >= 25
    assert len({s.name for s in STYLES}) == len(STYLES)


def test_development_and_heldout_groups():
    assert len(DEVELOPMENT) == 33 and len(HELDOUT) == 8
    assert all(s.heldout for s in HELDOUT) and not any(s.heldout for s in DEVELOPMENT)
    assert sorted(s.name for s in STYLES) == sorted(s.name for s in DEVELOPMENT + HELDOUT)


def test_only_dev_and_test_meetings(meetings):
    assert meetings and {m.split for m in meetings} <= set(MEASURE_SPLITS)


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_gold_is_self_consistent(style, meetings):
    for doc in documents([style], per_style=2, meetings=meetings):
        text, gold = doc.text, doc.gold
        source = next(m for m in meetings if m.name + ".json" == gold["source"])
        assert gold["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert gold["meeting"]["body"] == source.body
        assert dt.date.fromisoformat(gold["meeting"]["date"]) == source.date
        assert gold["items"], f"{doc.doc_id}: no items"
        by_number = {it.number: it for it in source.items}
        last = -1
        for g in gold["items"]:
            assert last < g["heading_start"] <= g["title_start"] < g["title_end"] <= len(text)
            last = g["title_end"]
            title = _collapse(text[g["title_start"]:g["title_end"]])
            if style.caps_titles:  # printed in upper case: find the source caption it stands for
                title = next((_collapse(it.title) for it in source.items if _collapse(it.title).upper() == title),
                             title)
            assert title in {_collapse(it.title) for it in source.items}, (doc.doc_id, title)
            if not style.running and not style.groups:  # grouped styles number again in printed order
                assert by_number[g["number"]].title == title
            assert text[g["heading_start"]].strip(), "heading starts on a visible character"
            if g["decision_start"] is None:
                assert g["decision"] is None
                continue
            assert g["title_end"] <= g["decision_start"] <= g["decision_end"] <= len(text)
            assert g["decision"] is None or g["decision"] in LABELS
            decision = _collapse(text[g["decision_start"]:g["decision_end"]])
            item = next(it for it in source.items if _collapse(it.title) == title)
            if not style.wrap and not style.page_lines:  # wrapping may hyphenate words
                assert decision == _collapse(item.decision or "")
            assert g["decision"] == item.label


def test_deterministic(meetings):
    style = STYLES[0]
    a = render(meetings[0], style, seed=3)
    b = render(meetings[0], style, seed=3)
    assert a.text == b.text and a.gold == b.gold


def test_history_style_keeps_this_meetings_decision_last(meetings):
    style = next(s for s in STYLES if s.name == "prepare_history")
    for doc in documents([style], per_style=3, meetings=meetings):
        for g in doc.gold["items"]:
            if g["decision_end"] is not None:
                # the decision is the item's last section: nothing but the next item follows
                following = [h["heading_start"] for h in doc.gold["items"] if h["heading_start"] > g["title_end"]]
                end = min(following) if following else len(doc.text)
                assert not doc.text[g["decision_end"]:end].strip()


@pytest.mark.parametrize("style", HELDOUT, ids=lambda s: s.name)
def test_heldout_furniture_stays_outside_the_gold_spans(style, meetings):
    """Group headings, per-item absence lines, margin padding, page numbers and trailers are
    furniture: never inside a title or decision span; grouped items are numbered in printed order."""
    for doc in documents([style], per_style=3, meetings=meetings):
        text, items = doc.text, doc.gold["items"]
        if style.groups and not style.toc:
            numbers = [int(g["number"]) for g in items]
            assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
        for g in items:
            title = text[g["title_start"]:g["title_end"]]
            assert title == title.strip() and "|" not in title and "\t" not in title
            line_end = text.find("\n", g["title_end"])
            rest = text[g["title_end"]:line_end]
            if style.page_right:
                assert rest.strip().isdigit() and len(text[text.rfind("\n", 0, line_end) + 1:line_end]) == style.page_right
            if g["decision_start"] is None:
                continue
            decision = text[g["decision_start"]:g["decision_end"]]
            if style.absent_line:
                assert not decision.startswith("Fraværende:")
                before = text[g["title_end"]:g["decision_start"]]
                assert "Fraværende: " in before.rsplit("\n\n", 2)[-2 if style.absent_pos == "before_head" else -1]
            if style.margin and text[g["decision_start"] - 1] == " ":
                label = text[text.rfind("\n", 0, g["decision_start"]) + 1:g["decision_start"]]
                assert len(label) == style.margin and label.strip()
            for head in ("Sager til afgørelse i", "Sager til orientering", "Beslutningssager", "Orienteringssager",
                         "for åbne døre", "Lukket sag:", "Mødet blev hævet kl."):
                assert head not in decision, (doc.doc_id, g["number"], head)
