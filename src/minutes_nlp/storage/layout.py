"""The table layout shared by the Parquet, SQLite and DataFrame outputs, and the record → rows split.

A record is one document's result: the ``Minutes`` JSON (SPEC.md) plus ``source``, as written to
JSONL. :func:`record_rows` splits it into rows of :data:`TABLES`; every table carries ``source``, and
the per-item tables carry ``item_index`` (the item's 0-based position in the document), so they
join on (``source``, ``item_index``); ``positions`` joins ``votes`` on (``source``, ``item_index``,
``vote_index``). docs/BATCH.md lists every column.
"""
from __future__ import annotations

import json
from typing import Any, Optional, Protocol

from ..errors import MinutesNLPError

#: Version of the table layout; stored in Parquet metadata and SQLite ``user_version``.
#: 2 added the ``votes``, ``positions`` and ``remarks`` tables and ``item.conflicts`` mentions.
LAYOUT_VERSION = 2

#: The vote options of SPEC.md, in the order of the ``count_*`` columns of ``votes``.
VOTE_OPTIONS = ("yes", "no", "abstain", "reservation", "absent")

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
    "votes": [
        ("source", "TEXT"), ("item_index", "INTEGER"), ("vote_index", "INTEGER"), ("motion", "TEXT"),
        ("result", "TEXT"), *((f"count_{o}", "INTEGER") for o in VOTE_OPTIONS), ("n_positions", "INTEGER"),
        ("text", "TEXT"), ("start_char", "INTEGER"), ("end_char", "INTEGER"),
    ],
    "positions": [
        ("source", "TEXT"), ("item_index", "INTEGER"), ("vote_index", "INTEGER"), ("position_index", "INTEGER"),
        ("option", "TEXT"), ("voter", "TEXT"), ("voter_type", "TEXT"), ("party", "TEXT"),
        ("start_char", "INTEGER"), ("end_char", "INTEGER"),
    ],
    "remarks": [
        ("source", "TEXT"), ("item_index", "INTEGER"), ("remark_index", "INTEGER"), ("kind", "TEXT"),
        ("by", "TEXT"), ("text", "TEXT"), ("start_char", "INTEGER"), ("end_char", "INTEGER"),
    ],
}
Rows = dict[str, list[dict[str, Any]]]


class StorageError(MinutesNLPError, ValueError):
    """The output cannot be opened or is not a minutes_nlp output."""


class Writer(Protocol):
    """A batch output: sources already written (for resuming), then records, then close."""

    def done_sources(self) -> set[str]: ...
    def write(self, record: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


def empty_rows() -> Rows:
    """An empty row buffer: every table, no rows."""
    return {name: [] for name in TABLES}


def _mention_row(source: str, field: str, item_index: Optional[int], m: dict[str, Any]) -> dict[str, Any]:
    value = m.get("value")  # amount (decimal string), date (ISO) or case number, as in the JSON
    return {
        "source": source, "field": field, "item_index": item_index, "label": m["label"], "text": m["text"],
        "start_char": m["start_char"], "end_char": m["end_char"], "name": m.get("name"),
        "party": m.get("party"), "role": m.get("role"), "value": None if value is None else str(value),
        "currency": m.get("currency"), "scheme": m.get("scheme"),
    }


def _vote_rows(source: str, k: int, item: dict[str, Any], rows: Rows) -> None:
    """The item's votes, their positions and its remarks as rows of ``votes``, ``positions``, ``remarks``."""
    for v, vote in enumerate(item.get("votes") or []):
        counts: dict[str, Optional[int]] = {o: None for o in VOTE_OPTIONS}
        for c in vote.get("counts") or []:  # the same option printed twice: the numbers add up
            counts[c["option"]] = (counts[c["option"]] or 0) + int(c["value"])
        positions = vote.get("positions") or []
        rows["votes"].append({
            "source": source, "item_index": k, "vote_index": v, "motion": vote.get("motion"),
            "result": vote.get("result"), **{f"count_{o}": n for o, n in counts.items()},
            "n_positions": len(positions), "text": vote["text"], "start_char": vote["start_char"],
            "end_char": vote["end_char"],
        })
        rows["positions"].extend({
            "source": source, "item_index": k, "vote_index": v, "position_index": p, "option": pos["option"],
            "voter": pos["voter"], "voter_type": pos["voter_type"], "party": pos.get("party"),
            "start_char": pos["start_char"], "end_char": pos["end_char"],
        } for p, pos in enumerate(positions))
    rows["remarks"].extend({
        "source": source, "item_index": k, "remark_index": r, "kind": remark["kind"],
        "by": json.dumps(list(remark.get("by") or []), ensure_ascii=False), "text": remark["text"],
        "start_char": remark["start_char"], "end_char": remark["end_char"],
    } for r, remark in enumerate(item.get("remarks") or []))


def record_rows(record: dict[str, Any]) -> Rows:
    """Split one JSONL record (``source`` + ``Minutes`` JSON) into rows of :data:`TABLES`."""
    source = record["source"]
    meeting = record.get("meeting") or {}
    body = meeting.get("body") or {}
    items = record.get("items") or []
    entities = record.get("entities") or []
    rows = empty_rows()
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
        mentions.extend(_mention_row(source, "item.conflicts", k, p) for p in item.get("conflicts") or [])
        _vote_rows(source, k, item, rows)
        for e in item.get("entities") or []:
            owner.setdefault((e["start_char"], e["end_char"], e["label"]), k)
    for e in entities:
        mentions.append(_mention_row(source, "entities", owner.get((e["start_char"], e["end_char"], e["label"])), e))
    return rows
