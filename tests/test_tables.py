"""Tables: ``to_frames`` DataFrames and the folder output (one Parquet file per table), votes included.

What a data team does next with the results: load them as DataFrames, join items to decisions and
votes on their keys, or point pandas/DuckDB at ``extract --output DIR/`` and query the files.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import minutes_nlp
from minutes_nlp.cli import app
from minutes_nlp.schema import Minutes
from minutes_nlp.storage import LAYOUT_VERSION, TABLES, StorageError, open_writer, output_format

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

runner = CliRunner()

#: Minutes with votes, positions, a remark and a conflict of interest (written for this test).
VOTES_TEXT = """Referat af Byrådets møde
Mødedato: 12. marts 2024, kl. 17:00

Punkt 1. Budget for svømmehallen
Indstilling
Forvaltningen indstiller, at der bevilges 2,5 mio. kr. til renovering.
Beslutning
For stemte 17, imod stemte 8, undlod at stemme 2.
Imod stemte: O og Ø.
Enhedslisten ønskede følgende ført til protokol: Pengene bør gå til skolerne.

Punkt 2. Orientering om trafik
Indstilling
Direktionen indstiller, at orienteringen tages til efterretning.
Beslutning
Taget til efterretning.
"""


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _minutes() -> Minutes:
    """A result built by hand, so the table test does not depend on how well votes are read."""
    t = VOTES_TEXT
    vote_s, vote_e = _span(t, "For stemte 17, imod stemte 8, undlod at stemme 2.\nImod stemte: O og Ø.")
    o_s = t.index("O og Ø", vote_s)
    rem_s, rem_e = _span(t, "Enhedslisten ønskede følgende ført til protokol: Pengene bør gå til skolerne.")
    dec_s, dec_e = _span(t, "Taget til efterretning.")
    one_end = t.index("Punkt 2.")
    return Minutes.model_validate({
        "meeting": {"date": "2024-03-12"},
        "items": [
            {"number": "1", "title": "Budget for svømmehallen", "start_char": t.index("Punkt 1."),
             "end_char": one_end, "recommendation": "Forvaltningen indstiller, at der bevilges 2,5 mio. kr.",
             "decision": {"label": "Godkendt", "text": t[vote_s:rem_e], "start_char": vote_s, "end_char": rem_e,
                          "score": 0.7},
             "votes": [{"result": "pass", "counts": [{"option": "yes", "value": 17}, {"option": "no", "value": 8},
                                                     {"option": "abstain", "value": 2}],
                        "positions": [{"option": "no", "voter": "O", "voter_type": "party", "party": "O",
                                       "start_char": o_s, "end_char": o_s + 1},
                                      {"option": "no", "voter": "Ø", "voter_type": "party", "party": "Ø",
                                       "start_char": o_s + 5, "end_char": o_s + 6}],
                        "text": t[vote_s:vote_e], "start_char": vote_s, "end_char": vote_e}],
             "remarks": [{"kind": "protocol", "by": ["Enhedslisten"], "text": t[rem_s:rem_e],
                          "start_char": rem_s, "end_char": rem_e}],
             "conflicts": [{"label": "PERSON", "text": "Enhedslisten", "start_char": rem_s,
                            "end_char": rem_s + len("Enhedslisten")}]},
            {"number": "2", "title": "Orientering om trafik", "start_char": one_end, "end_char": len(t),
             "decision": {"label": "Til orientering", "text": t[dec_s:dec_e], "start_char": dec_s,
                          "end_char": dec_e, "score": 0.95}},
        ],
        "pipeline": "test 1",
    }, context={"source": t})


def test_to_frames_gives_joinable_tables_with_votes() -> None:
    frames = minutes_nlp.to_frames([_minutes(), _minutes()], sources=["a.txt", "b.txt"])
    assert list(frames) == list(TABLES)
    for table, columns in TABLES.items():
        assert list(frames[table].columns) == [c for c, _ in columns]
    assert frames["meetings"]["source"].tolist() == ["a.txt", "b.txt"]
    assert frames["meetings"]["date"].dt.month.tolist() == [3, 3]  # a datetime, ready for resampling
    votes = frames["votes"]
    assert len(votes) == 2 and votes["count_yes"].tolist() == [17, 17]
    assert votes["count_reservation"].isna().all()  # not printed: null, not 0
    # a vote's item title, and who voted against, by joining on the keys
    joined = (frames["positions"].merge(votes, on=["source", "item_index", "vote_index"], suffixes=("", "_vote"))
              .merge(frames["items"], on=["source", "item_index"], suffixes=("", "_item")))
    against = joined[(joined["source"] == "a.txt") & (joined["option"] == "no")]
    assert against["voter"].tolist() == ["O", "Ø"] and set(against["title"]) == {"Budget for svømmehallen"}
    assert frames["positions"]["start_char"].dtype == "Int64"
    remark = frames["remarks"].iloc[0]
    assert json.loads(remark["by"]) == ["Enhedslisten"] and remark["kind"] == "protocol"
    conflicts = frames["mentions"][frames["mentions"]["field"] == "item.conflicts"]
    assert conflicts["item_index"].tolist() == [0, 0]
    decided = frames["items"].merge(frames["decisions"], on=["source", "item_index"])
    assert decided.groupby("label").size().to_dict() == {"Godkendt": 2, "Til orientering": 2}


def test_to_frames_takes_pairs_records_and_a_jsonl_file(tmp_path: Path) -> None:
    m = _minutes()
    by_pair = minutes_nlp.to_frames([("x.txt", m)])
    record = {"source": "x.txt", **m.model_dump(mode="json")}
    by_record = minutes_nlp.to_frames([record])
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    by_file = minutes_nlp.to_frames(path)
    for table in TABLES:
        pd.testing.assert_frame_equal(by_pair[table], by_record[table])
        pd.testing.assert_frame_equal(by_pair[table], by_file[table])
    assert minutes_nlp.to_frames([m])["items"]["source"].tolist() == ["0", "0"]  # unnamed: by position
    empty = minutes_nlp.to_frames([])
    assert all(len(f) == 0 for f in empty.values()) and list(empty["votes"].columns)[:3] == [
        "source", "item_index", "vote_index"]
    with pytest.raises(TypeError, match="Minutes"):
        minutes_nlp.to_frames(["just a string"])


def test_output_format_of_a_folder(tmp_path: Path) -> None:
    assert output_format("out/") == "tables"
    assert output_format(str(tmp_path)) == "tables"  # an existing folder, no slash
    assert output_format(tmp_path / "new") == "jsonl"
    assert output_format("r.parquet") == "parquet" and output_format("r.parquet/") == "parquet"
    assert output_format("r.db") == "sqlite"


def _plain(frame: "pd.DataFrame") -> list[dict]:
    """Rows as plain values (missing → None, whole floats → int, timestamps → ISO dates) to compare."""
    def value(v: object) -> object:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v is pd.NaT:
            return None
        if hasattr(v, "isoformat"):
            return v.isoformat()[:10]
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v.item() if hasattr(v, "item") else v

    return [{k: value(v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")]


def _extract(*args: str) -> object:
    return runner.invoke(app, ["extract", *args, "--model", "rules", "--no-progress"])


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "votes.txt").write_text(VOTES_TEXT, encoding="utf-8")
    (folder / "other.txt").write_text(VOTES_TEXT.replace("12. marts", "9. april").replace("17", "20"),
                                      encoding="utf-8")
    return folder


def test_folder_output_is_one_parquet_file_per_table(inputs: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "r.jsonl"
    assert _extract(str(inputs), "--output", str(jsonl)).exit_code == 0
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    out = tmp_path / "tables"
    result = _extract(str(inputs / "votes.txt"), "--output", f"{out}/")  # a trailing slash: a folder
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
    assert len(pd.read_parquet(out / "meetings.parquet")) == 1
    result = _extract(str(inputs), "--output", str(out))  # resumed: an existing folder, no slash needed
    assert result.exit_code == 0 and "1 of 2 document(s) already there" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)  # staging gone

    frames = {t: pd.read_parquet(out / f"{t}.parquet") for t in TABLES}
    assert sorted(frames["meetings"]["source"]) == sorted(r["source"] for r in records)
    n_votes = sum(len(i["votes"]) for r in records for i in r["items"])
    n_positions = sum(len(v["positions"]) for r in records for i in r["items"] for v in i["votes"])
    assert n_votes >= 2 and len(frames["votes"]) == n_votes and len(frames["positions"]) == n_positions
    expected = minutes_nlp.to_frames(records)
    for table in TABLES:  # the files hold what to_frames gives, row for row
        got = frames[table].sort_values([c for c, _ in TABLES[table][:3]]).reset_index(drop=True)
        want = expected[table].sort_values([c for c, _ in TABLES[table][:3]]).reset_index(drop=True)
        assert _plain(got) == _plain(want), table
    texts = {str(p): p.read_text(encoding="utf-8") for p in inputs.iterdir()}
    for v in frames["votes"].to_dict("records"):
        assert texts[v["source"]][v["start_char"]:v["end_char"]] == v["text"]

    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.sql(f"""
        SELECT i.title, p.voter FROM '{out}/positions.parquet' p
        JOIN '{out}/items.parquet' i USING (source, item_index)
        WHERE p.option = 'no' ORDER BY source, p.position_index""").fetchall()
    assert ("Budget for svømmehallen", "Ø") in rows


def test_folder_output_finishes_an_interrupted_run_without_duplicates(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    writer = open_writer(f"{out}/")
    from minutes_nlp.batch import extract_paths

    outcomes = [o.record for o in extract_paths(sorted(str(p) for p in inputs.iterdir()), model="rules")]
    writer.write(outcomes[0])
    writer.flush()  # staged, then the process dies before close()
    del writer
    assert not (out / "meetings.parquet").exists()
    again = open_writer(out)
    assert again.done_sources() == {outcomes[0]["source"]}
    for record in outcomes:
        again.write(record)
    again.close()
    assert sorted(pd.read_parquet(out / "meetings.parquet")["source"]) == sorted(r["source"] for r in outcomes)


def test_sqlite_output_has_the_vote_tables_with_item_keys(inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert _extract(str(inputs), "--output", str(db)).exit_code == 0
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == LAYOUT_VERSION
        rows = con.execute("""
            SELECT i.title, v.count_yes, v.count_no, p.voter FROM votes v
            JOIN items i USING (source, item_index)
            JOIN positions p USING (source, item_index, vote_index)
            WHERE p.option = 'no' ORDER BY v.source, p.position_index""").fetchall()
        assert ("Budget for svømmehallen", 17, 8, "O") in rows
        assert con.execute("SELECT count(*) FROM remarks WHERE kind = 'protocol'").fetchone()[0] == 2


def test_an_output_of_the_old_layout_is_not_resumed(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as con:  # a layout 1 file with one document: it has no vote tables
        con.execute("CREATE TABLE meetings (source TEXT PRIMARY KEY)")
        con.execute("INSERT INTO meetings VALUES ('a.txt')")
        con.execute("PRAGMA user_version = 1")
    with pytest.raises(StorageError, match="layout 1"):
        open_writer(db)
    result = _extract("-", "--output", str(db))
    assert result.exit_code == 2 and "new output" in result.output


def test_dask_extract_to_a_folder_of_tables(inputs: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    from minutes_nlp.dask import extract_to

    out = tmp_path / "tables"
    written, errors = extract_to(sorted(str(p) for p in inputs.iterdir()), f"{out}/", model="rules")
    assert (written, errors) == (2, [])
    assert len(pd.read_parquet(out / "meetings.parquet")) == 2 and len(pd.read_parquet(out / "votes.parquet")) >= 2
