"""Writers for batch results: JSONL, Parquet (pyarrow) and SQLite (stdlib), all resumable.

JSONL keeps each record whole (the ``Minutes`` JSON plus ``source``). Parquet and SQLite store the
same data as four tables (see docs/BATCH.md and :data:`TABLES`), joined on ``source``:

- ``meetings``: one row per document, with the ``pipeline`` name and version that produced it;
- ``items``: one row per agenda item (``item_index`` in document order), with its offsets;
- ``decisions``: one row per item that has a decision section: label, score, text, offsets;
- ``mentions``: every mention with offsets into the input; ``field`` says where it sits in the
  record (``entities``, ``meeting.body``, ``meeting.attendees``, ``meeting.absent``,
  ``item.absent``, ``item.case_numbers``); ``item_index`` is the containing item or null.

A Parquet output is a folder: ``results.parquet/<table>/part-00000.parquet`` …, one part per
flush, so a run can stop at any time and a later run appends new parts; DuckDB reads it with
``SELECT * FROM 'results.parquet/meetings/*.parquet'``.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any, Optional, Protocol, TextIO

#: Version of the table layout below; stored in Parquet metadata and SQLite ``user_version``.
LAYOUT_VERSION = 1

#: Table layout: table → [(column, type)], types TEXT | INTEGER | REAL | DATE (ISO text in SQLite).
TABLES: dict[str, list[tuple[str, str]]] = {
    "meetings": [
        ("source", "TEXT"), ("pipeline", "TEXT"), ("body", "TEXT"), ("body_text", "TEXT"),
        ("body_start", "INTEGER"), ("body_end", "INTEGER"), ("municipality", "TEXT"), ("date", "DATE"),
        ("start_time", "TEXT"), ("end_time", "TEXT"), ("location", "TEXT"),
        ("n_items", "INTEGER"), ("n_entities", "INTEGER"),
    ],
    "items": [
        ("source", "TEXT"), ("item_index", "INTEGER"), ("number", "TEXT"), ("title", "TEXT"),
        ("start_char", "INTEGER"), ("end_char", "INTEGER"), ("recommendation", "TEXT"),
    ],
    "decisions": [
        ("source", "TEXT"), ("item_index", "INTEGER"), ("label", "TEXT"), ("score", "REAL"),
        ("text", "TEXT"), ("start_char", "INTEGER"), ("end_char", "INTEGER"),
    ],
    "mentions": [
        ("source", "TEXT"), ("field", "TEXT"), ("item_index", "INTEGER"), ("label", "TEXT"),
        ("text", "TEXT"), ("start_char", "INTEGER"), ("end_char", "INTEGER"), ("name", "TEXT"),
        ("party", "TEXT"), ("role", "TEXT"), ("value", "TEXT"), ("currency", "TEXT"), ("scheme", "TEXT"),
    ],
}
Rows = dict[str, list[dict[str, Any]]]


class StorageError(ValueError):
    """The output cannot be opened or is not a minutes_nlp output."""


def _mention_row(source: str, field: str, item_index: Optional[int], m: dict[str, Any]) -> dict[str, Any]:
    value = m.get("value")  # amount (decimal string), date (ISO) or case number, as in the JSON
    return {
        "source": source, "field": field, "item_index": item_index, "label": m["label"], "text": m["text"],
        "start_char": m["start_char"], "end_char": m["end_char"], "name": m.get("name"),
        "party": m.get("party"), "role": m.get("role"), "value": None if value is None else str(value),
        "currency": m.get("currency"), "scheme": m.get("scheme"),
    }


def record_rows(record: dict[str, Any]) -> Rows:
    """Split one JSONL record (``source`` + ``Minutes`` JSON) into rows of the four tables."""
    source = record["source"]
    meeting = record.get("meeting") or {}
    body = meeting.get("body") or {}
    items = record.get("items") or []
    entities = record.get("entities") or []
    rows: Rows = {name: [] for name in TABLES}
    rows["meetings"].append({
        "source": source, "pipeline": record.get("pipeline", ""), "body": body.get("name"),
        "body_text": body.get("text"), "body_start": body.get("start_char"), "body_end": body.get("end_char"),
        "municipality": meeting.get("municipality"), "date": meeting.get("date"),
        "start_time": meeting.get("start_time"), "end_time": meeting.get("end_time"),
        "location": meeting.get("location"), "n_items": len(items), "n_entities": len(entities),
    })
    mentions = rows["mentions"]
    if body:
        mentions.append(_mention_row(source, "meeting.body", None, body))
    for key in ("attendees", "absent"):
        mentions.extend(_mention_row(source, f"meeting.{key}", None, p) for p in meeting.get(key) or [])
    owner: dict[tuple[int, int, str], int] = {}
    for k, item in enumerate(items):
        rows["items"].append({
            "source": source, "item_index": k, "number": item["number"], "title": item["title"],
            "start_char": item["start_char"], "end_char": item["end_char"],
            "recommendation": item.get("recommendation"),
        })
        decision = item.get("decision")
        if decision:
            rows["decisions"].append({
                "source": source, "item_index": k, "label": decision["label"], "score": decision["score"],
                "text": decision["text"], "start_char": decision["start_char"], "end_char": decision["end_char"],
            })
        mentions.extend(_mention_row(source, "item.absent", k, p) for p in item.get("absent") or [])
        mentions.extend(_mention_row(source, "item.case_numbers", k, c) for c in item.get("case_numbers") or [])
        for e in item.get("entities") or []:
            owner.setdefault((e["start_char"], e["end_char"], e["label"]), k)
    for e in entities:
        mentions.append(_mention_row(source, "entities", owner.get((e["start_char"], e["end_char"], e["label"])), e))
    return rows


class Writer(Protocol):
    """A batch output: sources already written (for resuming), then records, then close."""

    def done_sources(self) -> set[str]: ...
    def write(self, record: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


class JsonlWriter:
    """One JSON line per document, appended; a half-written last line is cut off on reopening."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._done = self._scan()
        self._out: TextIO = path.open("a", encoding="utf-8")

    def _scan(self) -> set[str]:
        if not self.path.exists():
            return set()
        data = self.path.read_bytes()
        keep = data.rfind(b"\n") + 1
        if keep < len(data):  # interrupted run: drop the incomplete line
            with self.path.open("r+b") as f:
                f.truncate(keep)
        done = set()
        for n, line in enumerate(data[:keep].splitlines(), 1):
            if not line.strip():
                continue
            try:
                done.add(json.loads(line)["source"])
            except (ValueError, KeyError, TypeError) as err:
                raise StorageError(f"{self.path}:{n}: not a minutes-nlp JSONL record ({err})") from err
        return done

    def done_sources(self) -> set[str]:
        return set(self._done)

    def write(self, record: dict[str, Any]) -> None:
        self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._out.flush()

    def close(self) -> None:
        self._out.close()


def _sql_type(kind: str) -> str:
    return "TEXT" if kind == "DATE" else kind


class _TableWriter:
    """Shared part of the table writers: buffer a document's rows, flush every ``flush_every`` documents."""

    _done: set[str]
    _buffer: dict[str, list[Any]]
    _pending: int
    flush_every: int

    def done_sources(self) -> set[str]:
        return set(self._done)

    def write(self, record: dict[str, Any]) -> None:
        for table, rows in record_rows(record).items():
            self._buffer[table].extend(rows)
        self._pending += 1
        if self._pending >= self.flush_every:
            self.flush()

    def flush(self) -> None:  # pragma: no cover - implemented by the writers
        raise NotImplementedError


class SqliteWriter(_TableWriter):
    """The four tables in one SQLite file; every ``flush_every`` documents one transaction."""

    def __init__(self, path: Path, flush_every: int = 100) -> None:
        self.path = path
        self.flush_every = flush_every
        try:
            self.db = sqlite3.connect(str(path))
            self._create()
            self._done = {r[0] for r in self.db.execute("SELECT source FROM meetings")}
        except sqlite3.DatabaseError as err:
            raise StorageError(f"{path}: not a usable SQLite database ({err})") from err
        self._buffer: Rows = {name: [] for name in TABLES}
        self._pending = 0

    def _create(self) -> None:
        with self.db:
            for table, columns in TABLES.items():
                cols = ", ".join(f"{c} {_sql_type(t)}" for c, t in columns)
                if table == "meetings":
                    cols = cols.replace("source TEXT", "source TEXT PRIMARY KEY", 1)
                self.db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
                if table != "meetings":
                    self.db.execute(f"CREATE INDEX IF NOT EXISTS {table}_source ON {table}(source)")
            self.db.execute("CREATE INDEX IF NOT EXISTS mentions_label ON mentions(label)")
            self.db.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")

    def flush(self) -> None:
        """Write the buffered documents in one transaction (meetings last, all or nothing)."""
        with self.db:
            for table in ("items", "decisions", "mentions", "meetings"):
                columns = [c for c, _ in TABLES[table]]
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                self.db.executemany(sql, [tuple(r[c] for c in columns) for r in self._buffer[table]])
        self._buffer = {name: [] for name in TABLES}
        self._pending = 0

    def close(self) -> None:
        self.flush()
        self.db.close()


_PART = re.compile(r"^part-(\d{5,})\.parquet$")


class ParquetWriter(_TableWriter):
    """The four tables as a Parquet folder, one part file per table per flush (atomic renames)."""

    def __init__(self, path: Path, flush_every: int = 500) -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError as err:
            raise StorageError(f"{path}: Parquet output needs pyarrow: pip install 'minutes-nlp[parquet]'") from err
        if path.exists() and not path.is_dir():
            raise StorageError(f"{path}: exists and is not a folder (Parquet output is a folder of tables)")
        self.path = path
        self.flush_every = flush_every
        for table in TABLES:
            (path / table).mkdir(parents=True, exist_ok=True)
        self._drop_orphans()
        self._next = 1 + max(self._parts("meetings"), default=-1)
        self._done = self._scan()
        self._buffer: Rows = {name: [] for name in TABLES}
        self._pending = 0

    def _parts(self, table: str) -> list[int]:
        found = (_PART.match(p.name) for p in (self.path / table).iterdir())
        return sorted(int(m.group(1)) for m in found if m)

    def _drop_orphans(self) -> None:
        """Remove parts of an interrupted flush (written before their meetings part existed)."""
        complete = set(self._parts("meetings"))
        for table in TABLES:
            for p in (self.path / table).iterdir():
                m = _PART.match(p.name)
                if p.name.endswith(".tmp") or (m and int(m.group(1)) not in complete):
                    p.unlink()

    def _scan(self) -> set[str]:
        import pyarrow.parquet as pq

        done: set[str] = set()
        for n in self._parts("meetings"):
            done.update(pq.read_table(self.path / "meetings" / f"part-{n:05d}.parquet", columns=["source"])
                        .column("source").to_pylist())
        return done

    def flush(self) -> None:
        """Write one part per table; the meetings part last, so it marks the flush complete."""
        if not self._pending:
            return
        import pyarrow.parquet as pq

        for table in ("items", "decisions", "mentions", "meetings"):
            final = self.path / table / f"part-{self._next:05d}.parquet"
            tmp = final.with_name(final.name + ".tmp")
            pq.write_table(arrow_table(table, self._buffer[table]), tmp)
            os.replace(tmp, final)
        self._next += 1
        self._buffer = {name: [] for name in TABLES}
        self._pending = 0

    def close(self) -> None:
        self.flush()


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of one table of :data:`TABLES`."""
    import pyarrow as pa

    types = {"TEXT": pa.string(), "INTEGER": pa.int64(), "REAL": pa.float64(), "DATE": pa.date32()}
    meta = {b"minutes_nlp_layout": str(LAYOUT_VERSION).encode()}
    return pa.schema([(c, types[t]) for c, t in TABLES[table]], metadata=meta)


def arrow_table(table: str, rows: list[dict[str, Any]]) -> Any:
    """Rows of one table as a pyarrow Table with the fixed schema (ISO dates become dates)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    columns = {}
    for c, t in TABLES[table]:
        values = [r.get(c) for r in rows]
        if t == "DATE":
            values = [dt.date.fromisoformat(v) if v else None for v in values]
        columns[c] = values
    return pa.table(columns, schema=schema)


def output_format(path: Path) -> str:
    """'jsonl', 'parquet' or 'sqlite' from the output name (.jsonl/.json, .parquet, .db/.sqlite)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".db", ".sqlite", ".sqlite3"):
        return "sqlite"
    return "jsonl"


def open_writer(path: Path, fmt: Optional[str] = None) -> Writer:
    """A resumable writer for ``path``; the format comes from its suffix unless ``fmt`` is given."""
    kind = fmt or output_format(path)
    if kind == "parquet":
        return ParquetWriter(path)
    if kind == "sqlite":
        return SqliteWriter(path)
    if kind == "jsonl":
        return JsonlWriter(path)
    raise StorageError(f"unknown output format {kind!r} (jsonl, parquet, sqlite)")
