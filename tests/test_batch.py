"""Batch extraction: workers N == 1, per-document errors, resuming, Parquet/SQLite tables, Dask."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutes_nlp.batch import Outcome, extract_documents, extract_paths
from minutes_nlp.cli import app
from minutes_nlp.io.readers import Document, read_path
from minutes_nlp.storage import TABLES, record_rows

from conftest import FIXTURES

runner = CliRunner()


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    """A folder of team-written minutes (text and FirstAgenda JSON) plus one broken JSON file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for src in sorted((FIXTURES / "minutes").glob("*.txt"))[:6]:
        shutil.copy(src, folder / src.name)
    shutil.copy(FIXTURES / "firstagenda" / "teknik_2024-03-11.json", folder / "teknik.json")
    (folder / "m_broken.json").write_text('{"Dagsordenpunkter": [', encoding="utf-8")
    return folder


def _cli(*args: str) -> "object":
    return runner.invoke(app, ["extract", *args, "--model", "rules", "--no-progress"])


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _good(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.iterdir() if p.name != "m_broken.json")


def test_workers_give_identical_output_and_bad_file_is_skipped(inputs: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    r1 = _cli(str(inputs), "--output", str(one))
    r2 = _cli(str(inputs), "--workers", "2", "--batch-size", "2", "--output", str(two))
    for result in (r1, r2):
        assert result.exit_code == 1
        assert "m_broken.json" in result.output and "1 of 8 input(s) failed" in result.output
    assert one.read_bytes() == two.read_bytes()
    records = _lines(one)
    assert [r["source"] for r in records] == _good(inputs)
    assert all(r["items"] for r in records)  # every fixture has agenda items


def test_resume_skips_documents_already_written(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    full = tmp_path / "full.jsonl"
    (inputs / "m_broken.json").unlink()
    assert _cli(str(inputs), "--output", str(full)).exit_code == 0
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    # an interrupted run: three complete lines and half of the fourth
    out.write_text("".join(lines[:3]) + lines[3][:40], encoding="utf-8")
    result = _cli(str(inputs), "--output", str(out))
    assert result.exit_code == 0
    assert "3 of 7 document(s) already there" in result.output
    assert sorted(_lines(out), key=lambda r: r["source"]) == _lines(full)
    again = _cli(str(inputs), "--output", str(out))
    assert again.exit_code == 0 and out.read_text(encoding="utf-8").count("\n") == 7


def test_worker_isolates_the_failing_document(rules_nlp) -> None:
    docs = [Document("a", "Punkt 1. Budget\nBeslutning\nGodkendt.", "text"),
            Document("b", None, "text"),  # type: ignore[arg-type]  # extract raises TypeError
            Document("c", "", "text")]
    outcomes = extract_documents(docs, rules_nlp, batch_size=8)
    assert [o.source for o in outcomes] == ["a", "b", "c"]
    assert [o.ok for o in outcomes] == [True, False, True]
    assert "b: extraction failed (TypeError" in outcomes[1].error
    assert outcomes[0].record["source"] == "a" and outcomes[0].words == 5


def test_missing_file_is_an_outcome_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Punkt 1. Orientering\nBeslutning\nTaget til efterretning.", encoding="utf-8")
    out = list(extract_paths([str(tmp_path / "nope.txt"), str(tmp_path / "ok.txt")], model="rules"))
    assert [o.ok for o in out] == [False, True] and "nope.txt" in out[0].error


def _check_tables(get, inputs: Path, records: list[dict]) -> None:
    """Rows of the four tables match the JSONL records and keep offsets into the input."""
    by_source = {r["source"]: r for r in records}
    meetings = get("meetings")
    assert sorted(m["source"] for m in meetings) == sorted(by_source)
    assert all(m["pipeline"] == by_source[m["source"]]["pipeline"] != "" for m in meetings)
    items, decisions, mentions = get("items"), get("decisions"), get("mentions")
    assert len(items) == sum(len(r["items"]) for r in records)
    assert len(decisions) == sum(1 for r in records for i in r["items"] if i["decision"])
    assert sum(m["field"] == "entities" for m in mentions) == sum(len(r["entities"]) for r in records)
    texts = {s: read_path(s).text for s in by_source}
    for m in mentions:
        assert texts[m["source"]][m["start_char"]:m["end_char"]] == m["text"]
    for d in decisions:
        assert texts[d["source"]][d["start_char"]:d["end_char"]] == d["text"]


def test_sqlite_output_has_the_documented_tables(inputs: Path, tmp_path: Path) -> None:
    jsonl, db = tmp_path / "r.jsonl", tmp_path / "r.db"
    _cli(str(inputs), "--output", str(jsonl))
    assert _cli(str(inputs), "--workers", "2", "--batch-size", "2", "--output", str(db)).exit_code == 1
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    for table, columns in TABLES.items():
        assert [r["name"] for r in con.execute(f"PRAGMA table_info({table})")] == [c for c, _ in columns]
    _check_tables(lambda t: [dict(r) for r in con.execute(f"SELECT * FROM {t}")], inputs, _lines(jsonl))
    assert _cli(str(inputs), "--output", str(db)).exit_code == 1  # only the broken file is retried
    assert con.execute("SELECT count(*) FROM meetings").fetchone()[0] == 7


def test_parquet_output_is_readable_and_resumable(inputs: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.dataset as ds

    jsonl, pq = tmp_path / "r.jsonl", tmp_path / "r.parquet"
    _cli(str(inputs), "--output", str(jsonl))
    broken = inputs / "m_broken.json"
    broken.unlink()
    first = sorted(inputs.iterdir())[:3]
    assert _cli(*map(str, first), "--output", str(pq)).exit_code == 0
    assert _cli(str(inputs), "--output", str(pq)).exit_code == 0  # resumes: adds a second part
    assert len(list((pq / "meetings").glob("part-*.parquet"))) == 2

    def get(table: str) -> list[dict]:
        return ds.dataset(pq / table, format="parquet").to_table().to_pylist()

    _check_tables(get, inputs, _lines(jsonl))
    duckdb = pytest.importorskip("duckdb")
    n = duckdb.sql(f"SELECT count(*) FROM '{pq}/items/*.parquet' JOIN '{pq}/meetings/*.parquet' USING (source)")
    assert n.fetchall()[0][0] == sum(len(r["items"]) for r in _lines(jsonl))


def test_record_rows_assigns_mentions_to_items() -> None:
    person = {"label": "PERSON", "text": "Ida Holm", "start_char": 30, "end_char": 38, "party": "A", "role": None}
    record = {
        "source": "x.txt", "pipeline": "p 1", "meeting": {"body": None, "attendees": [person], "absent": []},
        "items": [{"number": "1", "title": "T", "start_char": 50, "end_char": 90, "case_numbers": [],
                   "recommendation": None, "absent": [], "entities": [
                       {"label": "AMOUNT", "text": "5 kr.", "start_char": 60, "end_char": 65, "value": "5",
                        "currency": "DKK"}],
                   "decision": {"label": "Godkendt", "text": "Godkendt.", "start_char": 80, "end_char": 89,
                                "score": 0.9}}],
        "entities": [person, {"label": "AMOUNT", "text": "5 kr.", "start_char": 60, "end_char": 65,
                              "value": "5", "currency": "DKK"}],
    }
    rows = record_rows(record)
    assert rows["meetings"][0]["n_items"] == 1 and rows["meetings"][0]["pipeline"] == "p 1"
    assert [(m["field"], m["item_index"]) for m in rows["mentions"]] == [
        ("meeting.attendees", None), ("entities", None), ("entities", 0)]
    assert rows["decisions"][0]["label"] == "Godkendt" and rows["decisions"][0]["item_index"] == 0
    assert rows["mentions"][2]["value"] == "5"


def test_dask_local_cluster_matches_serial(inputs: Path) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from minutes_nlp.dask import extract_bag, iter_records

    paths = sorted(str(p) for p in inputs.iterdir())
    serial = [o.record if o.ok else {"source": o.source, "error": o.error}
              for o in extract_paths(paths, model="rules")]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        bag = extract_bag(paths, model="rules", partition_size=2)
        assert bag.npartitions == 4
        assert list(iter_records(bag)) == serial
    assert sum("error" in r for r in serial) == 1
