"""``to_frames``: results as pandas DataFrames, one per table, with keys to join on.

The frames have the columns of the Parquet/SQLite tables (:data:`~.layout.TABLES`, docs/BATCH.md),
so code written against ``to_frames`` runs unchanged on ``pandas.read_parquet("results/items.parquet")``.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from .layout import TABLES, Rows, empty_rows, record_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..schema import Minutes

Result = Union["Minutes", dict, tuple]


def _records(results: Union[Iterable[Result], str, Path], sources: Optional[Iterable[str]]) -> Iterable[dict]:
    """``results`` as JSONL records (``source`` + Minutes JSON)."""
    if isinstance(results, (str, Path)):  # a JSONL file written by `minutes-nlp extract --jsonl`
        with Path(results).open(encoding="utf-8") as f:
            yield from (json.loads(line) for line in f if line.strip())
        return
    names = iter(sources) if sources is not None else None
    for k, result in enumerate(results):
        source: Optional[str] = next(names, None) if names is not None else None
        if isinstance(result, tuple):  # (source, Minutes) as link_cases takes them
            source, result = result
        if isinstance(result, dict):
            record = result
        elif hasattr(result, "model_dump"):
            record = result.model_dump(mode="json")
        else:
            raise TypeError(f"to_frames: expected Minutes, a (source, Minutes) pair or a record dict, "
                            f"got {type(result).__name__}")
        if source is None:
            source = record.get("source")
        yield {**record, "source": str(k) if source is None else str(source)}


def to_frames(results: Union[Iterable[Result], str, Path], *,
              sources: Optional[Iterable[str]] = None) -> dict[str, "pd.DataFrame"]:
    """One pandas DataFrame per table: meetings, items, decisions, mentions, votes, positions, remarks.

    ``results``: ``Minutes`` objects (from ``extract``/``extract_many``), ``(source, Minutes)``
    pairs, records as written by ``minutes-nlp extract --jsonl`` (dicts with ``source``), or the
    path of such a JSONL file. Every frame has ``source``; a ``Minutes`` given alone is named by
    ``sources`` (in order) or else by its position ("0", "1", …). Item-level frames join on
    (``source``, ``item_index``), ``positions`` joins ``votes`` on (``source``, ``item_index``,
    ``vote_index``). Integer columns are nullable (``Int64``), ``meetings.date`` is a datetime.

    Needs pandas: ``pip install 'minutes-nlp[tables]'``.
    """
    try:
        import pandas as pd
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("to_frames needs pandas: pip install 'minutes-nlp[tables]'") from err

    rows: Rows = empty_rows()
    for record in _records(results, sources):
        for table, table_rows in record_rows(record).items():
            rows[table].extend(table_rows)
    frames: dict[str, pd.DataFrame] = {}
    for table, columns in TABLES.items():
        frame = pd.DataFrame.from_records(rows[table], columns=[c for c, _ in columns])
        for column, kind in columns:
            if kind == "INTEGER":
                frame[column] = frame[column].astype("Int64")
            elif kind == "REAL":
                frame[column] = frame[column].astype("float64")
            elif kind == "DATE":
                frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        frames[table] = frame
    return frames
