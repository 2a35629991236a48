"""Parquet outputs (pyarrow): a folder of parts per table, or one file per table.

- ``results.parquet`` (:class:`ParquetWriter`): ``results.parquet/<table>/part-00000.parquet`` …,
  one part per table per flush, written by atomic rename; a run can stop at any time and a later
  run appends new parts. DuckDB: ``SELECT * FROM 'results.parquet/items/*.parquet'``.
- ``results/`` (:class:`TablesWriter`, any folder): ``results/<table>.parquet``, one plain file per
  table that ``pandas.read_parquet`` and DuckDB read directly. While the run goes on, parts are
  staged in ``results/.minutes_nlp_parts/`` (the same part layout, so an interrupted run resumes);
  closing the writer merges them into the table files (old rows first) and removes them.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

from .layout import LAYOUT_VERSION, TABLES, Rows, StorageError, empty_rows
from .sqlite import TableWriter, write_order

_PART = re.compile(r"^part-(\d{5,})\.parquet$")
_LAYOUT_KEY = b"minutes_nlp_layout"


def _require_pyarrow(path: Path) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as err:
        raise StorageError(f"{path}: Parquet output needs pyarrow: pip install 'minutes-nlp[parquet]'") from err


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of one table of :data:`TABLES`."""
    import pyarrow as pa

    types = {"TEXT": pa.string(), "INTEGER": pa.int64(), "REAL": pa.float64(), "DATE": pa.date32()}
    meta = {_LAYOUT_KEY: str(LAYOUT_VERSION).encode()}
    return pa.schema([(c, types[t]) for c, t in TABLES[table]], metadata=meta)


def arrow_table(table: str, rows: list[dict[str, Any]]) -> Any:
    """Rows of one table as a pyarrow Table with the fixed schema (ISO dates become dates)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    columns = {}
    for c, t in TABLES[table]:
        values = [r.get(c) for r in rows]
        if t == "DATE":
            values = [dt.date.fromisoformat(v) if isinstance(v, str) and v else (v or None) for v in values]
        columns[c] = values
    return pa.table(columns, schema=schema)


def _check_schema(path: Path, table: str) -> None:
    """``path`` must be a table file of this layout (else resuming would mix layouts)."""
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception as err:  # pyarrow raises ArrowInvalid/OSError on a file that is not Parquet
        raise StorageError(f"{path}: not a Parquet file ({err})") from err
    version = (schema.metadata or {}).get(_LAYOUT_KEY, b"?").decode()
    if version != str(LAYOUT_VERSION) or not schema.equals(arrow_schema(table), check_metadata=False):
        raise StorageError(f"{path}: written with table layout {version}; this version writes layout "
                           f"{LAYOUT_VERSION} (votes, positions, remarks): write to a new output")


class ParquetWriter(TableWriter):
    """The tables as a Parquet folder, one part file per table per flush (atomic renames)."""

    def __init__(self, path: Path, flush_every: int = 500) -> None:
        _require_pyarrow(path)
        if path.exists() and not path.is_dir():
            raise StorageError(f"{path}: exists and is not a folder (Parquet output is a folder of tables)")
        self.path = path
        self.flush_every = flush_every
        for table in TABLES:
            (path / table).mkdir(parents=True, exist_ok=True)
        self._drop_orphans()
        parts = self._parts("meetings")
        if parts:
            _check_schema(path / "meetings" / f"part-{parts[0]:05d}.parquet", "meetings")
        self._next = 1 + max(parts, default=-1)
        self._done = self._scan()
        self._buffer: Rows = empty_rows()
        self._pending = 0

    def _parts(self, table: str) -> list[int]:
        found = (_PART.match(p.name) for p in (self.path / table).iterdir())
        return sorted(int(m.group(1)) for m in found if m)

    def part_files(self, table: str) -> list[Path]:
        """The complete parts of ``table``, in the order they were written."""
        return [self.path / table / f"part-{n:05d}.parquet" for n in self._parts(table)]

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
        for part in self.part_files("meetings"):
            done.update(pq.read_table(part, columns=["source"]).column("source").to_pylist())
        return done

    def flush(self) -> None:
        """Write one part per table; the meetings part last, so it marks the flush complete."""
        if not self._pending:
            return
        import pyarrow.parquet as pq

        for table in write_order():
            final = self.path / table / f"part-{self._next:05d}.parquet"
            tmp = final.with_name(final.name + ".tmp")
            pq.write_table(arrow_table(table, self._buffer[table]), tmp)
            os.replace(tmp, final)
        self._next += 1
        self._buffer = empty_rows()
        self._pending = 0

    def close(self) -> None:
        self.flush()


class TablesWriter:
    """A folder with one Parquet file per table (``meetings.parquet``, ``items.parquet`` …), resumable.

    Documents are staged as parts (:class:`ParquetWriter` in ``.minutes_nlp_parts/``) and merged
    into the table files on :meth:`close`. Every file is replaced by atomic rename, ``meetings``
    last; a merge that stops half-way is finished by the next run without duplicates (a staged
    source replaces its rows in the table files).
    """

    STAGING = ".minutes_nlp_parts"

    def __init__(self, path: Path, flush_every: int = 500) -> None:
        _require_pyarrow(path)
        if path.exists() and not path.is_dir():
            raise StorageError(f"{path}: exists and is not a folder (a table output is a folder)")
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        for table in TABLES:
            if self.table_file(table).exists():
                _check_schema(self.table_file(table), table)
        self._stored = self._scan()
        self._staged = ParquetWriter(path / self.STAGING, flush_every)

    def table_file(self, table: str) -> Path:
        """Where ``table`` is (or will be) written."""
        return self.path / f"{table}.parquet"

    def _scan(self) -> set[str]:
        import pyarrow.parquet as pq

        meetings = self.table_file("meetings")
        if not meetings.exists():
            return set()
        return set(pq.read_table(meetings, columns=["source"]).column("source").to_pylist())

    def done_sources(self) -> set[str]:
        return self._stored | self._staged.done_sources()

    def write(self, record: dict[str, Any]) -> None:
        """Stage ``record``'s rows; a source already stored or staged is skipped (no duplicates)."""
        if record["source"] not in self._stored:
            self._staged.write(record)

    def flush(self) -> None:
        self._staged.flush()

    def close(self) -> None:
        """Flush, then merge the staged parts into the table files."""
        self._staged.close()
        self._merge()

    def _merge(self) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        staged = self._staged.done_sources()
        if not staged and all(self.table_file(t).exists() for t in TABLES):
            shutil.rmtree(self._staged.path, ignore_errors=True)
            return
        replace = pa.array(sorted(staged), pa.string())
        written = []
        for table in write_order():
            schema = arrow_schema(table)
            final = self.table_file(table)
            tmp = final.with_name(final.name + ".tmp")
            with pq.ParquetWriter(tmp, schema) as out:
                if final.exists():
                    for batch in pq.ParquetFile(final).iter_batches(batch_size=65_536):
                        keep = pc.invert(pc.is_in(batch.column("source"), value_set=replace))
                        out.write_batch(batch.filter(keep))
                for part in self._staged.part_files(table):
                    out.write_table(pq.read_table(part, schema=schema))
            written.append((tmp, final))
        for tmp, final in written:  # meetings last: it is what marks a document as stored
            os.replace(tmp, final)
        shutil.rmtree(self._staged.path, ignore_errors=True)
        self._stored |= staged
