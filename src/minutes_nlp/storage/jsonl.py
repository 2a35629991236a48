"""JSONL output: one ``source`` + ``Minutes`` JSON line per document, lossless and resumable."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from .layout import StorageError


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
        """Append ``record``; a source already in the file is skipped (no duplicates)."""
        if record["source"] in self._done:
            return
        self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._out.flush()
        self._done.add(record["source"])

    def close(self) -> None:
        self._out.close()


