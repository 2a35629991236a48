"""minutes-nlp export --format ocd (issue 11): extract JSONL → Open Civic Data style files.

The minutes are invented (tests/fixtures/ocd/byraad_invented.txt, written by the team).
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutes_nlp.cli import app
from minutes_nlp.ocd import OPTION_MAP, OcdEvent, OcdVoteEvent, ocd_json_schema

ROOT = Path(__file__).resolve().parents[1]
MINUTES = ROOT / "tests" / "fixtures" / "ocd" / "byraad_invented.txt"
SCHEMA = ROOT / "docs" / "ocd.schema.json"
runner = CliRunner()


def _run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """(records, {file name: JSON}) of one extract → export round trip through the command line."""
    tmp = tmp_path_factory.mktemp("ocd")
    jsonl = tmp / "minutes.jsonl"
    res = _run("extract", str(MINUTES), "--jsonl", "--model", "rules", "-o", str(jsonl))
    assert res.exit_code == 0, res.output
    res = _run("export", "--format", "ocd", str(jsonl), str(tmp / "out"))
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    files = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((tmp / "out").iterdir())}
    return records, files, tmp


def test_one_event_per_meeting_and_one_vote_event_per_vote(exported):
    records, files, _ = exported
    events = [d for n, d in files.items() if n.startswith("event_")]
    votes = [d for n, d in files.items() if n.startswith("vote_event_")]
    assert len(events) == 1 and len(votes) == sum(len(i["votes"]) for i in records[0]["items"]) == 4
    (event,) = events
    assert event["_type"] == "event" and event["name"] == "Byrådet 2025-03-12"
    assert event["start_date"] == "2025-03-12T17:00" and event["location"]["name"] == "Rådhuset, mødesal 2"
    assert [a["order"] for a in event["agenda"]] == ["1", "2", "3"]
    ids = {d["id"] for d in votes}
    linked = [r["id"] for a in event["agenda"] for r in a["related_entities"]]
    assert sorted(linked) == sorted(ids) == sorted(event["extras"]["vote_event_ids"])
    for name, d in files.items():
        assert name == f"{d['_type']}_{d['id'].split('/', 1)[1]}.json"


def test_files_validate_against_the_committed_schema(exported):
    _, files, _ = exported
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for name, d in files.items():
        assert not list(validator.iter_errors(d)), name
    bad = dict(next(d for n, d in files.items() if n.startswith("vote_event_")))
    bad["votes"] = [{"option": "maybe", "voter_name": "Ø", "voter_id": None, "note": "party"}]
    assert list(validator.iter_errors(bad))


def test_files_validate_against_the_models(exported):
    _, files, _ = exported
    for name, d in files.items():
        model = OcdEvent if d["_type"] == "event" else OcdVoteEvent
        assert model.model_validate(d).model_dump(mode="json", by_alias=True) == d, name


def test_committed_schema_is_the_models_schema():
    """Regenerate after changing the models: python -c "import json; from minutes_nlp.ocd import
    ocd_json_schema as s; print(json.dumps(s(), ensure_ascii=False, indent=1))" > docs/ocd.schema.json"""
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == ocd_json_schema(), "docs/ocd.schema.json is stale"


def test_votes_and_counts_agree_with_the_positions(exported):
    records, files, _ = exported
    by_id = {(d["extras"]["agenda_item"], d["identifier"]): d for d in files.values() if d["_type"] == "vote_event"}
    for item in records[0]["items"]:
        for k, vote in enumerate(item["votes"], 1):
            d = by_id[(item["number"], f"{item['number']}-{k}")]
            assert [(v["voter_name"], v["option"]) for v in d["votes"]] == [
                (p["voter"], OPTION_MAP[p["option"]]) for p in vote["positions"]]
            assert d["result"] == vote["result"]
            counts = {c["option"]: c["value"] for c in d["counts"]}
            if vote["counts"]:
                assert d["extras"]["counts_source"] == "printed"
                assert counts == {OPTION_MAP[c["option"]]: c["value"] for c in vote["counts"]}
            elif vote["positions"]:
                assert d["extras"]["counts_source"] == "positions"
                assert counts == dict(Counter(v["option"] for v in d["votes"]))
            else:
                assert d["extras"]["counts_source"] == "none" and counts == {}
    texts = {d["identifier"]: d for d in by_id.values()}
    assert {c["option"]: c["value"] for c in texts["1-1"]["counts"]} == {"yes": 15, "no": 6}
    assert texts["2-1"]["motion_classification"] == ["amendment"] and texts["2-1"]["result"] == "fail"
    assert texts["2-1"]["motion_text"].startswith("Ændringsforslag fra V")
    assert [(v["voter_name"], v["option"], v["note"]) for v in texts["2-2"]["votes"]] == [
        ("Ø", "abstain", "party Ø"), ("Lars Holm", "other", "person O")]
    assert texts["3-1"]["extras"]["unanimous"] and texts["3-1"]["votes"] == []


def test_remarks_and_conflicts_go_to_the_agenda_item_extras(exported):
    _, files, _ = exported
    (event,) = [d for d in files.values() if d["_type"] == "event"]
    extras = {a["order"]: a["extras"] for a in event["agenda"]}
    assert [(r["kind"], r["by"]) for r in extras["1"]["remarks"]] == [("other", ["Ø", "F"])]
    assert extras["1"]["remarks"][0]["text"].endswith("banevej”.")
    assert [(c["name"], c["party"]) for c in extras["2"]["conflicts"]] == [("Mette Dahl", "C")]
    assert extras["3"]["conflicts"] == []  # "for ikke inhabil" declares no one


def test_export_again_rewrites_the_same_files(exported):
    _, files, tmp = exported
    res = _run("export", "--format", "ocd", str(tmp / "minutes.jsonl"), str(tmp / "out"))
    assert res.exit_code == 0
    again = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((tmp / "out").iterdir())}
    assert again == files


def test_bad_lines_are_reported_and_skipped(exported, tmp_path):
    _, files, tmp = exported
    good = (tmp / "minutes.jsonl").read_text(encoding="utf-8")
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('not json\n{"items": []}\n' + good, encoding="utf-8")
    res = runner.invoke(app, ["export", "--format", "ocd", str(mixed), str(tmp_path / "out")])
    assert res.exit_code == 1
    assert "mixed.jsonl:1: not JSON" in res.output and "mixed.jsonl:2: not an extract record" in res.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(files)


def test_stdin_and_usage_errors(exported, tmp_path):
    _, files, tmp = exported
    res = _run("export", "--format", "ocd", "-", str(tmp_path / "out"), stdin=(tmp / "minutes.jsonl").read_text(encoding="utf-8"))
    assert res.exit_code == 0 and len(list((tmp_path / "out").iterdir())) == len(files)
    res = runner.invoke(app, ["export", "--format", "popolo", str(tmp / "minutes.jsonl"), str(tmp_path / "x")])
    assert res.exit_code == 2 and "unknown format" in res.output
    res = runner.invoke(app, ["export", "--format", "ocd", str(tmp_path / "missing.jsonl"), str(tmp_path / "x")])
    assert res.exit_code == 2 and "no such file" in res.output
