"""The gathered-corpus build script: data_path sources, partial (annotated_items) documents, lint, output."""
from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from minutes_nlp.corpus import load_corpus
from minutes_nlp.io.firstagenda import read_firstagenda

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "training" / "scripts"
FIXTURE = REPO / "tests" / "fixtures" / "firstagenda" / "teknik_2024-03-11.json"


def _load_script():
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("build_gathered_corpus", SCRIPTS / "build_gathered_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bgc = _load_script()

PLAIN = """Referat
Byrådet i Nørre Vedby
Mødet den 03.04.2023 kl. 17.00

Til stede: Ole Harbo, Mette Skov

1. Godkendelse af dagsorden
Sagsnr.: 23-004411
Beslutning
Godkendt. Harbo bemærkede, at mødet den 12. juni flyttes.

2. Tilskud til spejderhytte
Sagsnr.: 23-004500
Indstilling: der gives tilskud på 85.000 kr.
Beslutning
Anbefales over for Økonomiudvalget.
"""

PARTIAL_SPEC = {
    "doc_id": "greve_test_teknik",
    "layout": "firstagenda",
    "source": {"data_path": "minutes/greve_firstagenda/teknik.json", "reader": "firstagenda"},
    "annotated_items": ["2"],
    "meta": {"body": "Teknik- og Miljøudvalget", "municipality": "Greve Kommune", "date": "2024-03-11"},
    "entities": [
        {"text": "Teknik- og Miljøudvalget", "label": "COMMITTEE"},
        {"text": "Klima- og Miljøudvalget", "label": "COMMITTEE"},
        {"text": "Økonomiudvalget", "label": "COMMITTEE"},
        {"text": "Byrådet", "label": "COMMITTEE"},
        {"text": "2,35 mio. kr.", "label": "AMOUNT"},
        {"text": "26.02.2024", "label": "DATE"},
        {"text": "04.03.2024", "label": "DATE"},
        {"text": "23-019876", "label": "CASE_NUMBER"},
    ],
    "items": [{"heading": "Punkt 2: Renovering af cykelsti langs Fjordvej", "number": "2",
               "title": "Renovering af cykelsti langs Fjordvej", "decision": "Anbefales",
               "case_numbers": ["23-019876"]}],
}

PLAIN_SPEC = {
    "doc_id": "seed_test_plain",
    "layout": "plain",
    "source": {"data_path": "minutes/seeds/plain.txt"},
    "meta": {"body": "Byrådet", "municipality": None, "date": "2023-04-03", "start_time": "17:00",
             "attendees": [{"name": "Ole Harbo", "party": None, "role": None},
                           {"name": "Mette Skov", "party": None, "role": None}]},
    "entities": [
        {"text": "Byrådet", "label": "COMMITTEE"},
        {"text": "Økonomiudvalget", "label": "COMMITTEE"},
        {"text": "Ole Harbo", "label": "PERSON"},
        {"text": "Mette Skov", "label": "PERSON"},
        {"text": "Harbo", "label": "PERSON"},
        {"text": "03.04.2023", "label": "DATE"},
        {"text": "12. juni", "label": "DATE"},
        {"text": "85.000 kr.", "label": "AMOUNT"},
        {"text": "23-004411", "label": "CASE_NUMBER"},
        {"text": "23-004500", "label": "CASE_NUMBER"},
    ],
    "items": [
        {"heading": "1. Godkendelse af dagsorden", "number": "1", "title": "Godkendelse af dagsorden",
         "decision": "Godkendt", "case_numbers": ["23-004411"]},
        {"heading": "2. Tilskud til spejderhytte", "number": "2", "title": "Tilskud til spejderhytte",
         "decision": "Anbefales", "case_numbers": ["23-004500"]},
    ],
}


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "minutes" / "greve_firstagenda").mkdir(parents=True)
    (folder / "minutes" / "seeds").mkdir(parents=True)
    shutil.copy(FIXTURE, folder / "minutes" / "greve_firstagenda" / "teknik.json")
    (folder / "minutes" / "seeds" / "plain.txt").write_text(PLAIN, encoding="utf-8")
    return folder


def test_partial_record_is_stand_off_and_limited_to_the_item(data: Path) -> None:
    record = bgc.build_record(copy.deepcopy(PARTIAL_SPEC), REPO, data)
    meeting = read_firstagenda(FIXTURE)
    item = next(i for i in meeting.items if i.number == "2")
    assert record["ranges"] == [[item.start, item.end]]
    assert "text" not in record["source"] and "text" not in record
    text = meeting.text
    assert all(item.start <= s["start"] < s["end"] <= item.end for s in record["spans"])
    # the committee is also printed in the header and in items 1 and 4, but only item 2 counts
    committee = [text[s["start"]:s["end"]] for s in record["spans"] if s["label"] == "COMMITTEE"]
    assert committee.count("Teknik- og Miljøudvalget") == 1
    assert record["items"][0]["start"] == item.start and record["items"][0]["decision"] == "Anbefales"
    assert record["meta"]["body"] == "Teknik- og Miljøudvalget"


def test_occurrence_indexes_count_inside_ranges_only(data: Path) -> None:
    spec = copy.deepcopy(PARTIAL_SPEC)
    spec["entities"][2] = {"text": "Økonomiudvalget", "label": "COMMITTEE", "occurrences": [0, 1, 2]}
    record = bgc.build_record(spec, REPO, data)
    assert sum(s["label"] == "COMMITTEE" for s in record["spans"]) == 6
    spec["entities"][2]["occurrences"] = [3]  # item 2 prints it three times
    with pytest.raises(bgc.SpecError, match="no index 3"):
        bgc.build_record(spec, REPO, data)


def test_lint_flags_a_missing_amount_inside_but_not_outside(data: Path) -> None:
    spec = copy.deepcopy(PARTIAL_SPEC)
    spec["entities"] = [e for e in spec["entities"] if e["label"] != "AMOUNT"]
    with pytest.raises(bgc.SpecError, match="2,35 mio."):
        bgc.build_record(spec, REPO, data)
    spec = copy.deepcopy(PARTIAL_SPEC)
    spec["annotated_items"] = ["1"]
    spec["entities"] = [{"text": "Teknik- og Miljøudvalget", "label": "COMMITTEE"},
                        {"text": "24-001234", "label": "CASE_NUMBER"}]
    spec["items"] = [{"heading": "Punkt 1: Godkendelse af dagsorden", "number": "1",
                      "title": "Godkendelse af dagsorden", "decision": "Godkendt", "case_numbers": []}]
    record = bgc.build_record(spec, REPO, data)  # item 2's amount is outside the range: no lint
    assert [s["label"] for s in record["spans"]] == ["CASE_NUMBER", "COMMITTEE"]


def test_partial_spec_errors_are_clear(data: Path) -> None:
    spec = copy.deepcopy(PARTIAL_SPEC)
    spec["items"][0]["heading"] = "Punkt 2: Renovering af cykelsti"
    with pytest.raises(bgc.SpecError, match="heading is"):
        bgc.build_record(spec, REPO, data)
    spec = copy.deepcopy(PARTIAL_SPEC)
    spec["annotated_items"] = ["2", "3"]
    with pytest.raises(bgc.SpecError, match="exactly annotated_items"):
        bgc.build_record(spec, REPO, data)
    spec = copy.deepcopy(PARTIAL_SPEC)
    spec["annotated_items"] = ["9"]
    with pytest.raises(bgc.SpecError, match="no item"):
        bgc.build_record(spec, REPO, data)
    spec = copy.deepcopy(PARTIAL_SPEC)
    spec["source"]["data_path"] = "minutes/greve_firstagenda/missing.json"
    with pytest.raises(bgc.SpecError, match="not found"):
        bgc.build_record(spec, REPO, data)
    spec["source"]["data_path"] = "../outside.json"
    with pytest.raises(bgc.SpecError, match="relative path"):
        bgc.build_record(spec, REPO, data)


def test_null_decision_only_for_partial_items(data: Path) -> None:
    spec = copy.deepcopy(PARTIAL_SPEC)
    spec["items"][0]["decision"] = None
    assert bgc.build_record(spec, REPO, data)["items"][0]["decision"] is None
    spec["items"][0]["decision"] = "Vedtaget"
    with pytest.raises(bgc.SpecError, match="unknown decision"):
        bgc.build_record(spec, REPO, data)


def test_plain_text_source_with_items_meta_and_attendee_lint(data: Path) -> None:
    record = bgc.build_record(copy.deepcopy(PLAIN_SPEC), REPO, data)
    assert "ranges" not in record
    assert [i["number"] for i in record["items"]] == ["1", "2"]
    assert record["meta"]["attendees"][0]["name"] == "Ole Harbo"
    spec = copy.deepcopy(PLAIN_SPEC)
    spec["entities"] = [e for e in spec["entities"] if e["text"] != "Harbo"]
    with pytest.raises(bgc.SpecError, match="'Harbo' looks like PERSON"):
        bgc.build_record(spec, REPO, data)


def test_main_writes_jsonl_that_load_corpus_resolves(data: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    (root / bgc.GATHERED_DIR).mkdir(parents=True)
    for spec in (PARTIAL_SPEC, PLAIN_SPEC):
        (root / bgc.GATHERED_DIR / f"{spec['doc_id']}.spec.json").write_text(json.dumps(spec), encoding="utf-8")
    args = ["--root", str(root), "--data", str(data)]
    assert bgc.main(args + ["--check"]) == 1
    assert bgc.main(args) == 0
    assert bgc.main(args + ["--check"]) == 0
    out = root / bgc.JSONL_PATH
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["greve_test_teknik", "seed_test_plain"]
    assert "spejderhytte" not in out.read_text(encoding="utf-8").replace('"title": "Tilskud til spejderhytte"', "")
    monkeypatch.setenv("MINUTES_NLP_DATA", str(data))
    docs = load_corpus(out)
    plain = next(d for d in docs if d.doc_id == "seed_test_plain")
    assert {plain.text[s:e] for s, e, label in plain.spans if label == "PERSON"} == {"Ole Harbo", "Mette Skov", "Harbo"}
    (root / bgc.GATHERED_DIR / "bad.spec.json").write_text(json.dumps({**PLAIN_SPEC, "doc_id": "Bad Id"}),
                                                           encoding="utf-8")
    assert bgc.main(args) == 1


def test_real_gathered_corpus_is_up_to_date() -> None:
    data = bgc.data_dir(REPO)
    if not data.is_dir() or not (REPO / bgc.JSONL_PATH).exists():
        pytest.skip("shared data folder or gathered.jsonl absent")
    assert bgc.main(["--root", str(REPO), "--data", str(data), "--check"]) == 0


def test_long_titles_are_abbreviated_in_specs_and_records() -> None:
    text = ("Punkt 3.\n\n**Plan for nye cykelstier langs havnen og stranden\nsamt ved skolerne i hele den "
            "nordlige bydel**\n\n23-000123\n\nBeslutning:\n\nGodkendt.\n")
    spans = [{"start": text.index("23-000123"), "end": text.index("23-000123") + 9, "label": "CASE_NUMBER"}]
    entry = {"heading": "Punkt 3.", "number": "3", "title": "Plan for nye … den nordlige bydel",
             "decision": "Godkendt", "case_numbers": ["23-000123"]}
    [item] = bgc.full_items(text, [entry], spans)
    a, b = item["title_span"]
    full = " ".join(text[a:b].split())
    assert full.startswith("Plan for nye cykelstier") and full.endswith("nordlige bydel")
    assert item["title"] == "Plan for nye cykelstier langs … i hele den nordlige bydel"
    assert bgc.stored_title("Kort titel") == "Kort titel"
    with pytest.raises(bgc.SpecError, match="not found"):
        bgc.full_items(text, [{**entry, "title": "Plan for gamle … bydel"}], spans)
