"""SQLite output (stdlib ``sqlite3``): the tables of :data:`~.layout.TABLES` in one file, resumable."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .layout import LAYOUT_VERSION, TABLES, Rows, StorageError, empty_rows, record_rows


def _sql_type(kind: str) -> str:
    return "TEXT" if kind == "DATE" else kind


def write_order() -> list[str]:
    """Tables in the order a flush writes them: ``meetings`` last, so it marks a document complete."""
    return [t for t in TABLES if t != "meetings"] + ["meetings"]


class TableWriter:
    """Shared part of the table writers: buffer a document's rows, flush every ``flush_every`` documents."""

    _done: set[str]
    _buffer: Rows
    _pending: int
    flush_every: int

    def done_sources(self) -> set[str]:
        return set(self._done)

    def write(self, record: dict[str, Any]) -> None:
        """Buffer ``record``'s rows; a source already stored or buffered is skipped (no duplicates)."""
        if record["source"] in self._done:
            return
        self._done.add(record["source"])
        for table, rows in record_rows(record).items():
            self._buffer[table].extend(rows)
        self._pending += 1
        if self._pending >= self.flush_every:
            self.flush()

    def flush(self) -> None:  # pragma: no cover - implemented by the writers
        raise NotImplementedError


class SqliteWriter(TableWriter):
    """The tables in one SQLite file; every ``flush_every`` documents one transaction."""

    def __init__(self, path: Path, flush_every: int = 100) -> None:
        self.path = path
        self.flush_every = flush_every
        try:
            self.db = sqlite3.connect(str(path))
            self._check_layout()
            self._create()
            self._done = {r[0] for r in self.db.execute("SELECT source FROM meetings")}
        except sqlite3.DatabaseError as err:
            raise StorageError(f"{path}: not a usable SQLite database ({err})") from err
        self._buffer = empty_rows()
        self._pending = 0

    def _check_layout(self) -> None:
        """An output of an older layout that holds documents cannot be resumed: they lack the new tables."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        has_meetings = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meetings'").fetchone()
        if has_meetings and 0 < version < LAYOUT_VERSION and self.db.execute(
                "SELECT 1 FROM meetings LIMIT 1").fetchone():
            self.db.close()
            raise StorageError(f"{self.path}: written with table layout {version}; this version writes layout "
                               f"{LAYOUT_VERSION} (votes, positions, remarks): write to a new output")

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
        """Write the buffered documents in one transaction (meetings last, all or nothing). A source
        already in the database is replaced (an upsert), never a reason to roll the others back."""
        sources = sorted({r["source"] for r in self._buffer["meetings"]})
        with self.db:
            for table in write_order():
                for k in range(0, len(sources), 500):
                    part = sources[k:k + 500]
                    self.db.execute(f"DELETE FROM {table} WHERE source IN ({', '.join('?' * len(part))})", part)
            for table in write_order():
                columns = [c for c, _ in TABLES[table]]
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                self.db.executemany(sql, [tuple(r[c] for c in columns) for r in self._buffer[table]])
        self._buffer = empty_rows()
        self._pending = 0

    def close(self) -> None:
        self.flush()
        self.db.close()
