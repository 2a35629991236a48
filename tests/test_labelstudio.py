"""Label Studio round trip: config, export of corpus records and new minutes, import of an export."""
from __future__ import annotations

import copy
import itertools
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, GREVE, ROOT, needs_data
from minutes_nlp.cli import app
from minutes_nlp.corpus import CorpusError, iter_records, sha256
from minutes_nlp.labels import DECISION_LABELS, ENTITY_LABELS
from minutes_nlp.labelstudio import (chosen_result, labeling_config, records_to_tasks, tasks_to_records)

WRITTEN = ROOT / "corpus" / "annotated" / "written.jsonl"
GATHERED = ROOT / "corpus" / "annotated" / "gathered.jsonl"
ORIGIN = ROOT / "corpus" / "annotated" / "labelstudio_export.json"  # where an export would lie
runner = CliRunner()

# Short minutes written for this test (not from any municipality).
TEXT = """Referat af mødet i Teknik- og Miljøudvalget
Mødedato: 12. marts 2024
Til stede: Hanne Bech (A), formand, Ole Kragh (V)
Afbud: Sara Lind (F)

Punkt 1: Godkendelse af dagsorden
Sagsnr.: 24/1187
Beslutning:
Godkendt.

Punkt 2: Ny cykelsti langs Møllevej
Sagsnr.: 24/0932
Indstilling:
Forvaltningen indstiller, at der afsættes 2,4 mio. kr. til cykelstien.
Beslutning:
Udsat til næste møde.
"""


def _at(surface: str, extra: int = 0) -> tuple[int, int]:
    start = TEXT.index(surface)
    return start, start + len(surface) + extra


ITEM1 = (TEXT.index("Punkt 1"), TEXT.index("Punkt 2"))
ITEM2 = (TEXT.index("Punkt 2"), len(TEXT))


def _label(rid: str, start: int, end: int, label: str, control: str = "label", **extra: Any) -> dict[str, Any]:
    return {"value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]}, "id": rid,
            "from_name": control, "to_name": "text", "type": "labels", **extra}


def _decision(rid: str, span: tuple[int, int], label: str) -> dict[str, Any]:
    return {"value": {"start": span[0], "end": span[1], "choices": [label]}, "id": rid, "from_name": "decision",
            "to_name": "text", "type": "choices", "origin": "manual"}


def _predicted() -> list[dict[str, Any]]:
    """What the pipeline proposed: one wrong COMMITTEE ("Forvaltningen"), "Sara Lind" missed, item 2 Anbefales."""
    spans = [("Teknik- og Miljøudvalget", "COMMITTEE"), ("12. marts 2024", "DATE"), ("Hanne Bech", "PERSON"),
             ("Ole Kragh", "PERSON"), ("24/1187", "CASE_NUMBER"), ("24/0932", "CASE_NUMBER"),
             ("Forvaltningen", "COMMITTEE"), ("2,4 mio. kr.", "AMOUNT")]
    result = [_label(f"Xq{k}a8Lm{k}", *_at(s), label, origin="prediction") for k, (s, label) in enumerate(spans)]
    result += [_label("It1pQ9zKw", *ITEM1, "ITEM", "item"), _decision("It1pQ9zKw", ITEM1, "Godkendt"),
               {"value": {"start": ITEM1[0], "end": ITEM1[1], "text": ["1"]}, "id": "It1pQ9zKw",
                "from_name": "number", "to_name": "text", "type": "textarea"},
               _label("It2Vb3nRe", *ITEM2, "ITEM", "item"), _decision("It2Vb3nRe", ITEM2, "Anbefales")]
    return result


def _edited(result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A reviewer's edit: "Forvaltningen" deleted, "Sara Lind" added (selected with a trailing space),
    item 2's decision changed to Udsat."""
    kept = [copy.deepcopy(r) for r in result if r["value"].get("text") != "Forvaltningen"]
    for r in kept:
        if r["from_name"] == "decision" and r["id"] == "It2Vb3nRe":
            r["value"]["choices"] = ["Udsat"]
    kept.append(_label("nEw7PeRs0n", *_at("Sara Lind ", 0), "PERSON", origin="manual"))
    return kept


def _human_export() -> list[dict[str, Any]]:
    """A Label Studio JSON export of one task after review: the reviewer's annotation (created first,
    updated last), a colleague's earlier one, and a skipped (cancelled) one that is newest of all."""
    predicted = _predicted()
    reviewer = {"id": 5, "completed_by": 1, "result": _edited(predicted), "was_cancelled": False,
                "ground_truth": False, "created_at": "2024-04-02T09:00:11.512034Z",
                "updated_at": "2024-04-02T10:05:40.118273Z", "lead_time": 412.3, "task": 12, "project": 3,
                "prediction": {"id": 20}}
    colleague = {"id": 8, "completed_by": 2, "result": predicted[:3], "was_cancelled": False,
                 "ground_truth": False, "created_at": "2024-04-02T09:30:02.000000Z",
                 "updated_at": "2024-04-02T09:31:00.000000Z", "task": 12, "project": 3}
    skipped = {"id": 9, "completed_by": 3, "result": [], "was_cancelled": True, "ground_truth": False,
               "created_at": "2024-04-02T11:00:00.000000Z", "updated_at": "2024-04-02T11:00:00.000000Z",
               "task": 12, "project": 3}
    return [{"id": 12, "data": {"text": TEXT, "doc_id": "tmu_2024_03"},
             "annotations": [colleague, reviewer, skipped],
             "predictions": [{"id": 20, "model_version": "minutes_rules 0.4.0", "result": predicted,
                              "score": None, "created_ago": "2 days", "task": 12, "project": 3}],
             "meta": {}, "created_at": "2024-03-31T08:00:00.000000Z", "updated_at": "2024-04-02T11:00:00.000000Z",
             "inner_id": 12, "total_annotations": 2, "cancelled_annotations": 1, "total_predictions": 1,
             "project": 3, "updated_by": 1, "file_upload": "tasks.json"}]


def _core(record: dict[str, Any]) -> dict[str, Any]:
    """What must survive the round trip: spans, items (start, end, number, decision), everything else."""
    items = [{k: i.get(k) for k in ("start", "end", "number", "decision")} for i in record["items"]]
    rest = {k: v for k, v in record.items() if k not in ("spans", "items", "_origin")}
    return {"spans": record["spans"], "items": items, **rest}


def _via_json(data: Any) -> Any:
    return json.loads(json.dumps(data, ensure_ascii=False))


# --- config ----------------------------------------------------------------------------------------


def test_config_names_every_label_and_links_decisions_to_item_regions() -> None:
    root = ET.fromstring(labeling_config())
    controls = {el.get("name"): el for el in root.iter() if el.get("toName")}
    assert [l.get("value") for l in controls["label"]] == list(ENTITY_LABELS)
    assert [l.get("value") for l in controls["item"]] == ["ITEM"]
    assert controls["decision"].tag == "Choices" and controls["decision"].get("perRegion") == "true"
    assert [c.get("value") for c in controls["decision"]] == list(DECISION_LABELS)
    assert controls["decision"].get("whenLabelValue") == "ITEM"
    assert controls["number"].tag == "TextArea" and controls["number"].get("perRegion") == "true"
    assert root.find("Text").get("value") == "$text"


# --- round trip --------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_annotations", [False, True])
def test_written_corpus_round_trip_is_identical(as_annotations: bool) -> None:
    records = list(iter_records(WRITTEN))
    tasks = _via_json(records_to_tasks(records, as_annotations=as_annotations))
    assert all("text" in t["data"] and ("annotations" if as_annotations else "predictions") in t for t in tasks)
    imported = tasks_to_records(tasks, ORIGIN, use_predictions=not as_annotations)
    assert not imported.skipped
    assert [_core(r) for r in imported.records] == [_core(r) for r in records]
    # titles and case numbers of unchanged items come back too, and nothing turns into inline text
    assert [r["items"] for r in imported.records] == [r["items"] for r in records]
    assert all("text" not in r["source"] for r in imported.records)


def test_predictions_are_ignored_without_the_flag() -> None:
    tasks = _via_json(records_to_tasks(list(iter_records(WRITTEN))[:2]))
    result = tasks_to_records(tasks, ORIGIN)
    assert result.records == [] and len(result.skipped) == 2
    assert "aabendagsorden_stevns_kb" in result.skipped[0]


def test_region_results_share_the_item_region_id() -> None:
    record = next(iter_records(WRITTEN))
    result = records_to_tasks([record])[0]["predictions"][0]["result"]
    assert len({r["id"] for r in result if r["from_name"] in ("label", "item")}) == len(record["spans"]) + len(record["items"])
    first = next(r for r in result if r["from_name"] == "item")
    linked = {r["from_name"]: r["value"] for r in result if r["id"] == first["id"]}
    item = record["items"][0]
    assert linked["decision"]["choices"] == [item["decision"]] and linked["number"]["text"] == [item["number"]]
    assert linked["item"]["labels"] == ["ITEM"]
    text = (ROOT / record["source"]["text_file"]).read_text(encoding="utf-8")
    assert all(r["value"]["text"] == text[r["value"]["start"]:r["value"]["end"]]
               for r in result if r["type"] == "labels")


# --- a reviewer's edit ---------------------------------------------------------------------------------


def test_human_edit_imports_to_the_expected_record() -> None:
    record = tasks_to_records(_human_export(), ORIGIN).records[0]
    expected_spans = sorted(
        [(*_at(s), label) for s, label in [
            ("Teknik- og Miljøudvalget", "COMMITTEE"), ("12. marts 2024", "DATE"), ("Hanne Bech", "PERSON"),
            ("Ole Kragh", "PERSON"), ("Sara Lind", "PERSON"), ("24/1187", "CASE_NUMBER"),
            ("24/0932", "CASE_NUMBER"), ("2,4 mio. kr.", "AMOUNT")]])
    assert record == {
        "doc_id": "tmu_2024_03",
        "source": {"text": TEXT}, "sha256": sha256(TEXT),
        "spans": [{"start": a, "end": b, "label": label} for a, b, label in expected_spans],
        "items": [
            {"start": ITEM1[0], "end": ITEM1[1], "number": "1", "title": "Godkendelse af dagsorden",
             "decision": "Godkendt", "case_numbers": ["24/1187"]},
            {"start": ITEM2[0], "end": ITEM2[1], "number": "2", "title": "Ny cykelsti langs Møllevej",
             "decision": "Udsat", "case_numbers": ["24/0932"]},
        ],
    }


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_latest_non_cancelled_annotation_wins_in_any_order(order: tuple[int, ...]) -> None:
    task = _human_export()[0]
    task["annotations"] = [task["annotations"][k] for k in order]
    assert chosen_result(task) == task["annotations"][order.index(1)]["result"]


def test_only_cancelled_annotations_fall_back_to_predictions_with_the_flag() -> None:
    task = _human_export()[0]
    task["annotations"] = [a for a in task["annotations"] if a["was_cancelled"]]
    assert tasks_to_records([task], ORIGIN).skipped == ["task 12 (tmu_2024_03)"]
    record = tasks_to_records([task], ORIGIN, use_predictions=True).records[0]
    assert [i["decision"] for i in record["items"]] == ["Godkendt", "Anbefales"]
    assert any(TEXT[s["start"]:s["end"]] == "Forvaltningen" for s in record["spans"])


# --- stand-off ----------------------------------------------------------------------------------------


def _written_task() -> dict[str, Any]:
    return _via_json(records_to_tasks(list(iter_records(WRITTEN))[:1], as_annotations=True))[0]


def test_standoff_record_stays_standoff_after_an_edit() -> None:
    task = _written_task()
    result = task["annotations"][0]["result"]
    dropped = next(r for r in result if r["value"].get("labels") == ["PERSON"])
    task["annotations"][0]["result"] = [r for r in result if r is not dropped]
    record = tasks_to_records([task], ORIGIN).records[0]
    original = next(iter_records(WRITTEN))
    assert record["source"] == original["source"] and "text" not in record["source"]
    assert record["sha256"] == original["sha256"]
    assert len(record["spans"]) == len(original["spans"]) - 1
    assert task["data"]["text"][:80] not in json.dumps(record, ensure_ascii=False)


def test_tampered_task_text_is_a_sha256_error() -> None:
    task = _written_task()
    task["data"]["text"] = task["data"]["text"].replace("Kommunalbestyrelsen", "Kommunalbestyrelsem", 1)
    with pytest.raises(CorpusError, match=r"task \? \(aabendagsorden_stevns_kb\).*sha256"):
        tasks_to_records([task], ORIGIN)


def test_source_no_longer_matching_the_recorded_sha256_is_an_error() -> None:
    task = _written_task()
    task["id"] = 4
    task["data"]["meta"]["sha256"] = sha256(task["data"]["text"] + "x")
    task["data"]["text"] += "x"
    with pytest.raises(CorpusError, match=r"task 4 \(aabendagsorden_stevns_kb\).*sha256 mismatch"):
        tasks_to_records([task], ORIGIN)


@needs_data(GREVE)
def test_gathered_record_round_trip_stays_standoff() -> None:
    record = next(r for r in iter_records(GATHERED) if r["source"].get("reader") == "firstagenda")
    task = _via_json(records_to_tasks([record], as_annotations=True))[0]
    back = tasks_to_records([task], ORIGIN).records[0]
    assert _core(back) == _core(record) and back["items"] == record["items"]
    assert "text" not in back["source"] and back["ranges"] == record["ranges"]


# --- errors ---------------------------------------------------------------------------------------------


def _task_with(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    task = _human_export()[0]
    task["annotations"] = [{"id": 1, "result": results, "was_cancelled": False,
                            "updated_at": "2024-04-02T10:00:00Z"}]
    return [task]


def _committee() -> dict[str, Any]:
    return _label("c1", *_at("Teknik- og Miljøudvalget"), "COMMITTEE")


def _bad(mutate: str) -> list[dict[str, Any]]:
    r = _committee()
    if mutate == "outside":
        r["value"].update(start=len(TEXT) - 3, end=len(TEXT) + 5)
        return [r]
    if mutate == "text":
        r["value"]["end"] -= 1  # offsets shifted against the text Label Studio showed
        return [r]
    if mutate == "label":
        r["value"]["labels"] = ["ORGANISATION"]
        return [r]
    if mutate == "two_labels":
        r["value"]["labels"] = ["COMMITTEE", "PERSON"]
        return [r]
    if mutate == "entity_and_item":
        return [r, _label("c1", *_at("Teknik- og Miljøudvalget"), "ITEM", "item")]
    if mutate == "overlap":
        a, b = _at("Teknik- og Miljøudvalget")
        return [r, _label("p1", a + 11, b + 5, "PERSON")]
    if mutate == "decision":
        return [_label("i1", *ITEM1, "ITEM", "item"), _decision("i1", ITEM1, "Vedtaget")]
    if mutate == "decision_on_entity":
        return [r, _decision("c1", _at("Teknik- og Miljøudvalget"), "Godkendt")]
    if mutate == "control":
        return [{**r, "from_name": "sentiment"}]
    raise AssertionError(mutate)


@pytest.mark.parametrize("mutate, message", [
    ("outside", "outside the text"),
    ("text", "is not the text at"),
    ("label", "unknown label 'ORGANISATION'"),
    ("two_labels", "several labels"),
    ("entity_and_item", "several labels"),
    ("overlap", "overlapping entity spans of different labels"),
    ("decision", "unknown decision 'Vedtaget'"),
    ("decision_on_entity", "decision on a COMMITTEE span"),
    ("control", "unknown control 'sentiment'"),
])
def test_invalid_regions_are_clear_errors(mutate: str, message: str) -> None:
    with pytest.raises(CorpusError) as info:
        tasks_to_records(_task_with(_bad(mutate)), ORIGIN)
    assert "task 12 (tmu_2024_03)" in str(info.value)
    assert message in str(info.value)


def test_whitespace_around_a_span_is_trimmed() -> None:
    a, b = _at("Hanne Bech")
    padded = _label("p1", a - 1, b + 1, "PERSON")
    record = tasks_to_records(_task_with([padded]), ORIGIN).records[0]
    assert record["spans"] == [{"start": a, "end": b, "label": "PERSON"}]


def test_item_without_a_number_anywhere_is_an_error() -> None:
    start = TEXT.index("Til stede")
    with pytest.raises(CorpusError, match="no item number"):
        tasks_to_records(_task_with([_label("i1", start, start + 20, "ITEM", "item")]), ORIGIN)


# --- command line ----------------------------------------------------------------------------------------


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository, where the records' text_file paths are relative to."""
    monkeypatch.chdir(ROOT)


def test_cli_config() -> None:
    result = runner.invoke(app, ["labelstudio", "config"])
    assert result.exit_code == 0
    assert ET.fromstring(result.stdout).tag == "View"


@pytest.mark.parametrize("as_annotations", [False, True])
def test_cli_export_then_import_round_trip(tmp_path: Path, at_root: None, as_annotations: bool) -> None:
    tasks, out = tmp_path / "tasks.json", tmp_path / "records.jsonl"
    args = ["labelstudio", "export", str(WRITTEN), "-o", str(tasks)] + (["--as-annotations"] if as_annotations else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(json.loads(tasks.read_text(encoding="utf-8"))) == 11
    args = ["labelstudio", "import", str(tasks), "-o", str(out)] + ([] if as_annotations else ["--use-predictions"])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [_core(r) for r in back] == [_core(r) for r in iter_records(WRITTEN)]


def test_cli_import_error_exits_1_without_traceback(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(_task_with(_bad("overlap"))), encoding="utf-8")
    result = runner.invoke(app, ["labelstudio", "import", str(export)])
    assert result.exit_code == 1
    assert "error: task 12 (tmu_2024_03): overlapping entity spans" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_cli_import_reports_unannotated_tasks(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    task = _human_export()[0]
    task["annotations"] = []
    export.write_text(json.dumps([task]), encoding="utf-8")
    result = runner.invoke(app, ["labelstudio", "import", str(export)])
    assert result.exit_code == 0
    assert result.stdout == "" and "skipped 1 task(s) with no annotation: task 12 (tmu_2024_03)" in result.stderr


def test_cli_import_rejects_a_non_list(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text('{"data": {}}', encoding="utf-8")
    result = runner.invoke(app, ["labelstudio", "import", str(export)])
    assert result.exit_code == 1 and "list of tasks" in result.output


def test_cli_export_needs_corpus_or_texts() -> None:
    result = runner.invoke(app, ["labelstudio", "export"])
    assert result.exit_code == 2 and "--from-text" in result.output


def test_cli_from_text_prelabels_new_minutes(tmp_path: Path) -> None:
    minutes = FIXTURES / "minutes" / "punkt_aarhus_magistraten.txt"
    tasks_file = tmp_path / "tasks.json"
    result = runner.invoke(app, ["labelstudio", "export", "--from-text", str(minutes), "--model", "rules",
                                 "-o", str(tasks_file)])
    assert result.exit_code == 0, result.output
    [task] = json.loads(tasks_file.read_text(encoding="utf-8"))
    text = minutes.read_text(encoding="utf-8")
    assert task["data"]["text"] == text and task["data"]["doc_id"] == "punkt_aarhus_magistraten"
    [prediction] = task["predictions"]
    kinds = {(r["from_name"], (r["value"].get("labels") or [""])[0]) for r in prediction["result"]}
    assert {("item", "ITEM"), ("label", "COMMITTEE"), ("label", "PERSON"), ("label", "DATE")} <= kinds
    assert any(r["from_name"] == "decision" for r in prediction["result"])
    # the pre-labels import as a (new, inline) record whose items match the hand-made gold closely
    record = tasks_to_records([task], ORIGIN, use_predictions=True).records[0]
    gold = next(r for r in iter_records(WRITTEN) if r["doc_id"] == "punkt_aarhus_magistraten")
    assert record["source"] == {"text": text} and record["sha256"] == gold["sha256"]
    assert [i["number"] for i in record["items"]] == [i["number"] for i in gold["items"]]
    assert record["meta"]["body"] == gold["meta"]["body"]


def test_cli_from_text_missing_file_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["labelstudio", "export", "--from-text", str(tmp_path / "nope.txt"),
                                 "--model", "rules"])
    assert result.exit_code == 1 and "nope.txt" in result.output


def test_typed_item_number_is_stored_as_printed_number() -> None:
    typed = {"value": {"start": ITEM2[0], "end": ITEM2[1], "text": ["Punkt 2."]}, "id": "i2",
             "from_name": "number", "to_name": "text", "type": "textarea"}
    record = tasks_to_records(_task_with([_label("i2", *ITEM2, "ITEM", "item"), typed]), ORIGIN).records[0]
    assert [(i["number"], i["decision"]) for i in record["items"]] == [("2", None)]
