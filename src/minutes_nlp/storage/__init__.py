"""Writers for batch results: JSONL, Parquet (pyarrow), SQLite (stdlib), all resumable; DataFrames.

JSONL keeps each record whole (the ``Minutes`` JSON plus ``source``). The table outputs store the
same data as the tables of :data:`TABLES` (docs/BATCH.md), joined on ``source`` and ``item_index``:

- ``meetings``: one row per document, with the ``pipeline`` name and version that produced it;
- ``items``: one row per agenda item (``item_index`` in document order), with its offsets;
- ``decisions``: one row per item that has a decision section: label, score, text, offsets;
- ``mentions``: every mention with offsets into the input; ``field`` says where it sits in the
  record (``entities``, ``meeting.body``, ``meeting.attendees``, ``meeting.absent``,
  ``item.absent``, ``item.case_numbers``, ``item.conflicts``); ``item_index`` is the containing item;
- ``votes``: one row per vote event of an item (``vote_index``), its motion, result and printed counts;
- ``positions``: who took which position in a vote (joins ``votes`` on ``vote_index``);
- ``remarks``: protocol remarks and minority statements, ``by`` as a JSON list.

Outputs by name (:func:`output_format`): ``x.jsonl``; ``x.parquet`` (a folder of parts per table);
``x.db``/``x.sqlite``; a folder (``out/`` with a trailing slash, or an existing folder) gets one
Parquet file per table. :func:`to_frames` gives the same tables as pandas DataFrames.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from .frames import to_frames
from .jsonl import JsonlWriter
from .layout import LAYOUT_VERSION, TABLES, VOTE_OPTIONS, Rows, StorageError, Writer, record_rows
from .parquet import ParquetWriter, TablesWriter, arrow_schema, arrow_table
from .sqlite import SqliteWriter

#: The output formats: a JSONL file, a Parquet folder of parts, a SQLite file, a folder of table files.
FORMATS = ("jsonl", "parquet", "sqlite", "tables")


def output_format(path: Union[str, Path]) -> str:
    """'jsonl', 'parquet', 'sqlite' or 'tables' from the output name.

    ``.parquet`` → a folder of parts per table; ``.db``/``.sqlite``/``.sqlite3`` → SQLite; a name
    ending in ``/`` or an existing folder → 'tables' (one Parquet file per table); else JSONL.
    """
    text = os.fspath(path)
    p = Path(text)
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".db", ".sqlite", ".sqlite3"):
        return "sqlite"
    if text.endswith(("/", os.sep)) or p.is_dir():
        return "tables"
    return "jsonl"


def open_writer(path: Union[str, Path], fmt: Optional[str] = None) -> Writer:
    """A resumable writer for ``path``; the format comes from its name unless ``fmt`` is given."""
    kind = fmt or output_format(path)
    target = Path(path)
    if kind == "parquet":
        return ParquetWriter(target)
    if kind == "sqlite":
        return SqliteWriter(target)
    if kind == "jsonl":
        if target.is_dir():
            raise StorageError(f"{target}: is a folder, not a JSONL file")
        return JsonlWriter(target)
    if kind == "tables":
        return TablesWriter(target)
    raise StorageError(f"unknown output format {kind!r} ({', '.join(FORMATS)})")


__all__ = [
    "FORMATS", "LAYOUT_VERSION", "TABLES", "VOTE_OPTIONS", "Rows", "StorageError", "Writer", "record_rows",
    "JsonlWriter", "ParquetWriter", "SqliteWriter", "TablesWriter", "arrow_schema", "arrow_table",
    "output_format", "open_writer", "to_frames",
]
