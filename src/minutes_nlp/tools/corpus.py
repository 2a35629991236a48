"""Stand-off annotated corpus: load records, resolve and verify their texts.

One JSON object per line (``corpus/annotated/*.jsonl``)::

    {"doc_id": "...", "source": {"text_file": "tests/fixtures/minutes/x.txt"}   # or {"text": "..."}
                                 # or {"data_path": "minutes/seeds/000_….txt"} under ../shared/data
                                 # or {"data_path": "minutes/greve_firstagenda/….json", "reader": "firstagenda"}
     "sha256": "<of the text>", "layout": "...", "split": "train|dev|test" (optional),
     "spans": [{"start", "end", "label"}], "items": [{"start", "end", "number", "title", "decision"}],
     "meta": {"body", "municipality", "date", ...}}

The text is never stored for third-party documents; ``load_corpus`` reads it from the data folder
and refuses a record whose text no longer has the recorded sha256.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from ..errors import MinutesNLPError

DATA_ENV = "MINUTES_NLP_DATA"


class CorpusError(MinutesNLPError, ValueError):
    """A corpus record cannot be resolved or does not match its text."""


@dataclass(frozen=True)
class GoldItem:
    """A gold agenda item."""

    start: int
    end: int
    number: str
    title: str
    decision: Optional[str]


@dataclass(frozen=True)
class GoldDoc:
    """A resolved corpus document: text plus gold annotations."""

    doc_id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]
    items: tuple[GoldItem, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    layout: str = ""
    split: str = ""
    partial_spans: bool = False  # True when only items/decisions are gold, not the entity spans
    ranges: Optional[tuple[tuple[int, int], ...]] = None  # gold only inside these stretches (sampled items)

    def in_ranges(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside the annotated stretches (always True without ranges)."""
        return self.ranges is None or any(a <= start and end <= b for a, b in self.ranges)


def data_dir() -> Path:
    """``$MINUTES_NLP_DATA`` or ``../shared/data`` beside the repository."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[4] / "shared" / "data"


def sha256(text: str) -> str:
    """Hex sha256 of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_up(start: Path, rel: str) -> Optional[Path]:
    """``rel`` under the working directory or the nearest folder above ``start`` that holds it."""
    for base in [Path.cwd(), *start.resolve().parents]:
        candidate = base / rel
        if candidate.exists():
            return candidate
    return None


_find_up = find_up  # the old private name


def resolve_text(record: dict[str, Any], origin: Path) -> str:
    """The text a record annotates (inline, a project file, or a file under the data folder)."""
    source = record.get("source") or {}
    doc_id = record.get("doc_id", "?")
    if "text" in source:
        text = source["text"]
    elif "text_file" in source:
        path = find_up(origin, source["text_file"])
        if path is None:
            raise CorpusError(f"{doc_id}: text file {source['text_file']!r} not found")
        text = path.read_text(encoding="utf-8")
    elif "data_path" in source:
        path = data_dir() / source["data_path"]
        if not path.exists():
            raise CorpusError(f"{doc_id}: {path} not found (set {DATA_ENV} to the data folder)")
        if source.get("reader") == "firstagenda":
            from ..io.firstagenda import read_firstagenda

            text = read_firstagenda(path).text
        else:
            text = path.read_text(encoding="utf-8")
    else:
        raise CorpusError(f"{doc_id}: record has no source text")
    expected = record.get("sha256")
    if expected and sha256(text) != expected:
        raise CorpusError(f"{doc_id}: sha256 mismatch — the text changed since it was annotated")
    return text


def to_gold(record: dict[str, Any], text: str) -> GoldDoc:
    """Build a :class:`GoldDoc`, checking every offset against the text."""
    doc_id = record.get("doc_id", "?")
    spans = []
    for s in record.get("spans", []):
        start, end, label = int(s["start"]), int(s["end"]), str(s["label"])
        if not (0 <= start < end <= len(text)):
            raise CorpusError(f"{doc_id}: span {start}:{end} outside the text")
        spans.append((start, end, label))
    items = tuple(
        GoldItem(int(i["start"]), int(i["end"]), str(i["number"]), _title(i, text), i.get("decision"))
        for i in record.get("items", [])
    )
    ranges = record.get("ranges")
    return GoldDoc(doc_id, text, tuple(sorted(spans)), items, dict(record.get("meta") or {}),
                   str(record.get("layout", "")), str(record.get("split", "")),
                   bool(record.get("partial_spans", False)),
                   tuple((int(a), int(b)) for a, b in ranges) if ranges is not None else None)


def _title(item: dict[str, Any], text: str) -> str:
    """The item title: from its stand-off ``title_span`` when present (long titles are stored abbreviated)."""
    span = item.get("title_span")
    if span:
        return " ".join(text[int(span[0]):int(span[1])].split())
    return str(item.get("title", ""))


#: Titles of gathered (third-party) texts longer than this are stored abbreviated, so that no 12-word
#: run of a gathered text stands in the repository.
TITLE_MAX_WORDS = 11
ELLIPSIS = " … "


def stored_title(title: str) -> str:
    """The title as stored in a record: "first five … last five" words when longer than TITLE_MAX_WORDS."""
    words = title.split()
    if len(words) <= TITLE_MAX_WORDS:
        return title
    return " ".join(words[:5]) + ELLIPSIS + " ".join(words[-5:])


def iter_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Raw records of a JSONL file (or of every .jsonl file in a folder)."""
    p = Path(path)
    files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield {**json.loads(line), "_origin": str(f)}
                    except json.JSONDecodeError as err:
                        raise CorpusError(f"{f}:{n}: invalid JSON ({err})") from err


def read_decision_labels(folder: str | Path) -> dict[str, str]:
    """Hand-read decision labels (``"<file>#<item number>"`` → label) from ``*.labels.jsonl`` in ``folder``.

    ``adjudicated*.labels.jsonl`` (disagreements read again) is read last, so it overrides the first
    reading; labels that are not one of the seven decision labels are ignored.
    """
    from ..labels import DECISION_LABELS

    labels: dict[str, str] = {}
    files = sorted(Path(folder).glob("*.labels.jsonl"), key=lambda p: (p.name.startswith("adjudicated"), p.name))
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("label") in DECISION_LABELS:
                    labels[row["key"]] = row["label"]
    return labels


def load_corpus(path: str | Path, *, skip_missing: bool = False) -> list[GoldDoc]:
    """Resolve every record; with ``skip_missing`` records whose data file is absent are dropped."""
    docs = []
    for record in iter_records(path):
        origin = Path(record.pop("_origin"))
        try:
            text = resolve_text(record, origin)
        except CorpusError as err:
            if skip_missing and "not found" in str(err):
                continue
            raise
        docs.append(to_gold(record, text))
    return docs
