"""Cases as tables: ``cases`` (one row per case) and ``case_steps`` (one row per step), written as
JSONL, Parquet (a folder: ``<out>.parquet/cases/part-00000.parquet`` …, next to extract's tables)
or SQLite (two tables added to the file, replaced on each run). Joined on ``key``; a step's
``source`` joins the ``meetings`` table of an extract output.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Sequence

from .models import Case

__all__ = ["CASE_TABLES", "case_rows", "write_cases", "output_kind"]

#: table → [(column, type)], types as in minutes_nlp.storage (TEXT | INTEGER | REAL | DATE).
CASE_TABLES: dict[str, list[tuple[str, str]]] = {
    "cases": [
        ("key", "TEXT"), ("title", "TEXT"), ("case_numbers", "TEXT"), ("n_steps", "INTEGER"),
        ("first_date", "DATE"), ("last_date", "DATE"), ("days", "INTEGER"), ("final_decision", "TEXT"),
        ("deciding_body", "TEXT"), ("recommendation", "TEXT"), ("followed_recommendation", "INTEGER"),
    ],
    "case_steps": [
        ("key", "TEXT"), ("step", "INTEGER"), ("source", "TEXT"), ("body", "TEXT"), ("date", "DATE"),
        ("item_number", "TEXT"), ("item_title", "TEXT"), ("decision", "TEXT"), ("linked_to", "INTEGER"),
        ("score", "REAL"), ("threshold", "REAL"), ("evidence", "TEXT"),
    ],
}
Rows = dict[str, list[dict[str, Any]]]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def case_rows(cases: Iterable[Case]) -> Rows:
    """Rows of both tables (dates as ISO text, evidence joined with "; ")."""
    rows: Rows = {"cases": [], "case_steps": []}
    for case in cases:
        out = case.outcome
        dates = [s.date for s in case.steps if s.date]
        followed = out.followed_recommendation
        rows["cases"].append({
            "key": case.key, "title": case.title, "case_numbers": " ".join(case.case_numbers),
            "n_steps": len(case.steps), "first_date": _iso(min(dates) if dates else None),
            "last_date": _iso(max(dates) if dates else None), "days": out.days,
            "final_decision": out.final_decision, "deciding_body": out.deciding_body,
            "recommendation": out.recommendation, "followed_recommendation": None if followed is None else int(followed),
        })
        for n, step in enumerate(case.steps):
            link = step.link
            rows["case_steps"].append({
                "key": case.key, "step": n, "source": step.source, "body": step.body, "date": _iso(step.date),
                "item_number": step.item_number, "item_title": step.item_title, "decision": step.decision,
                "linked_to": link.to_step if link else None, "score": link.score if link else None,
                "threshold": link.threshold if link else None, "evidence": "; ".join(link.evidence) if link else None,
            })
    return rows


def output_kind(path: Path) -> str:
    """'parquet', 'sqlite' or 'jsonl' from the output's suffix."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".db", ".sqlite", ".sqlite3"):
        return "sqlite"
    return "jsonl"


def write_cases(cases: Sequence[Case], path: Path) -> str:
    """Write ``cases`` to ``path`` in the format its suffix names; returns that format."""
    kind = output_kind(path)
    if kind == "jsonl":
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for case in cases:
                out.write(json.dumps(case_json(case), ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    elif kind == "sqlite":
        _write_sqlite(case_rows(cases), path)
    else:
        _write_parquet(case_rows(cases), path)
    return kind


def case_json(case: Case) -> dict[str, Any]:
    """One JSONL record: the Case fields plus its outcome."""
    return {**case.model_dump(mode="json"), "outcome": case.outcome.model_dump(mode="json")}


def _write_sqlite(rows: Rows, path: Path) -> None:
    db = sqlite3.connect(str(path))
    try:
        with db:
            for table, columns in CASE_TABLES.items():
                cols = ", ".join(f"{c} {'TEXT' if t == 'DATE' else t}" for c, t in columns)
                db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute(f"CREATE TABLE {table} ({cols})")
                names = [c for c, _ in columns]
                sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
                db.executemany(sql, [tuple(r[c] for c in names) for r in rows[table]])
            db.execute("CREATE INDEX IF NOT EXISTS case_steps_key ON case_steps(key)")
            db.execute("CREATE INDEX IF NOT EXISTS case_steps_source ON case_steps(source)")
    finally:
        db.close()


def _write_parquet(rows: Rows, path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise OSError(f"{path}: Parquet output needs pyarrow: pip install 'minutes-nlp[parquet]'") from err
    if path.exists() and not path.is_dir():
        raise OSError(f"{path}: exists and is not a folder (Parquet output is a folder of tables)")
    types = {"TEXT": pa.string(), "INTEGER": pa.int64(), "REAL": pa.float64(), "DATE": pa.date32()}
    for table, columns in CASE_TABLES.items():
        folder = path / table
        folder.mkdir(parents=True, exist_ok=True)
        data = {}
        for c, t in columns:
            values = [r[c] for r in rows[table]]
            data[c] = [dt.date.fromisoformat(v) if v else None for v in values] if t == "DATE" else values
        schema = pa.schema([(c, types[t]) for c, t in columns])
        for old in folder.glob("part-*.parquet"):
            old.unlink()  # a case table is recomputed whole on every run
        tmp = folder / "part-00000.parquet.tmp"
        pq.write_table(pa.table(data, schema=schema), tmp)
        os.replace(tmp, folder / "part-00000.parquet")
