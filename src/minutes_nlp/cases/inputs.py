"""Documents for linking: ``(source, Minutes)`` from extract's JSONL, or from files extracted now.

A ``.jsonl`` path is read as records written by ``minutes-nlp extract --jsonl`` (``source`` plus the
``Minutes`` fields); any other path (file or folder) is extracted as ``minutes-nlp extract`` would.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

from pydantic import ValidationError

from ..schema import Minutes
from ..errors import MinutesNLPError

__all__ = ["InputError", "Loaded", "read_jsonl", "load_documents"]


class InputError(MinutesNLPError, ValueError):
    """An input that is not a minutes file nor an extract JSONL (the message names file and line)."""


@dataclass
class Loaded:
    """The documents read, and one message per input that failed."""

    documents: list[tuple[str, Minutes]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def record_minutes(record: object, where: str) -> tuple[str, Minutes]:
    """(source, Minutes) of one JSONL record; InputError naming ``where`` when it is not one."""
    if not isinstance(record, dict) or not isinstance(record.get("source"), str):
        raise InputError(f"{where}: not a minutes-nlp extract record (no \"source\")")
    body = {k: v for k, v in record.items() if k != "source"}
    try:
        return record["source"], Minutes.model_validate(body)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{where}: not a minutes-nlp extract record ({loc}: {first['msg']})") from err


def read_jsonl(path: Path) -> Iterator[tuple[str, Minutes]]:
    """The records of an extract JSONL file; InputError names the file and line of a bad one."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err})") from err
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{n}: not JSON ({err.msg})") from err
            yield record_minutes(record, f"{path}:{n}")


def _is_jsonl(path: str) -> bool:
    return path.lower().endswith(".jsonl") and Path(path).is_file()


def load_documents(paths: Sequence[str], model: Optional[str] = None) -> Loaded:
    """Every document of ``paths`` (JSONL records first-class, other files extracted with ``model``).
    A JSONL with a bad line, or a file that cannot be extracted, is one error; the rest go on."""
    loaded = Loaded()
    others: list[str] = []
    for raw in paths:
        if _is_jsonl(raw):
            try:
                loaded.documents.extend(read_jsonl(Path(raw)))
            except InputError as err:
                loaded.errors.append(str(err))
        elif not Path(raw).exists():
            loaded.errors.append(f"{raw}: no such file or folder")
        else:
            others.append(raw)
    if others:
        _extract(others, model, loaded)
    return loaded


def _extract(paths: list[str], model: Optional[str], loaded: Loaded) -> None:
    from ..batch import extract_paths
    from ..io.readers import iter_paths

    files = list(dict.fromkeys(iter_paths(paths)))
    for outcome in extract_paths(files, model=model):
        if outcome.ok and outcome.record is not None:
            loaded.documents.append(record_minutes(outcome.record, outcome.source))
        else:
            loaded.errors.append(f"{outcome.source}: {outcome.error}")
