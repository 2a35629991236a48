"""Source meetings for the zoo: Greve FirstAgenda JSON read by the project's own reader, with the
hand-read decision labels and the split of ``corpus/annotated/greve_decisions.jsonl``.

Only the structure is kept (numbers, captions, case numbers, section texts, earlier treatments);
the renderer prints it again in other municipalities' shapes.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from minutes_nlp.io.firstagenda import read_firstagenda

REPO = Path(__file__).resolve().parents[2]
LABELS_FILE = REPO / "corpus" / "annotated" / "greve_decisions.jsonl"
#: Splits the shipped decision model did not train on.
MEASURE_SPLITS = ("dev", "test")
#: The section holding earlier treatments ("Beslutning i <Body> den dd.mm.yyyy" + text entries).
HISTORY = "Sagens forløb"
DECISION = "Beslutning"
_ENTRY = re.compile(r"^Beslutning i (.+?) den (\d{2})\.(\d{2})\.(\d{4})\s*$", re.MULTILINE)
_PERIOD = re.compile(r"\s+\d{4}-\d{4}$")


def data_dir() -> Path:
    """``$MINUTES_NLP_DATA`` or ``../shared/data`` beside the repository (as the tests do)."""
    return Path(os.environ.get("MINUTES_NLP_DATA", REPO.parent / "shared" / "data"))


def greve_dir() -> Path:
    return data_dir() / "minutes" / "greve_firstagenda"


def normal_body(name: str) -> str:
    """The body's name as normally written: "Byråd 2022-2025" → "Byrådet"."""
    name = _PERIOD.sub("", name.strip())
    return "Byrådet" if name.casefold() == "byråd" else name


@dataclass(frozen=True)
class Earlier:
    """An earlier body's decision on the item (from "Sagens forløb")."""

    body: str
    date: dt.date
    text: str


@dataclass(frozen=True)
class SourceItem:
    number: str
    title: str
    case_number: str | None
    sections: list[tuple[str, str]]          # (name, text) in the portal's order, history left out
    decision: str | None                      # the Beslutning text (None: no decision section)
    label: str | None                         # hand-read label of this meeting's decision
    history: list[Earlier] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.title.casefold().startswith("lukket")


@dataclass(frozen=True)
class SourceMeeting:
    name: str                                 # file name without .json
    body_printed: str                         # as the portal names it ("Byråd 2022-2025")
    body: str                                 # as normally written ("Byrådet")
    date: dt.date
    start_time: str | None
    location: str | None
    attendees: list[str]
    absent: list[str]
    items: list[SourceItem]
    split: str


def read_labels(path: Path = LABELS_FILE) -> tuple[dict[str, str], dict[str, str]]:
    """(label by "<file>#<number>", split by meeting file name)."""
    labels: dict[str, str] = {}
    splits: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        labels[row["key"]] = row["label"]
        splits.setdefault(row["key"].split("#")[0], row.get("split", ""))
    return labels, splits


def _history(text: str) -> list[Earlier]:
    entries = list(_ENTRY.finditer(text))
    out = []
    for i, m in enumerate(entries):
        end = entries[i + 1].start() if i + 1 < len(entries) else len(text)
        body_text = text[m.end():end].strip()
        day, month, year = int(m.group(2)), int(m.group(3)), int(m.group(4))
        if body_text:
            out.append(Earlier(normal_body(m.group(1)), dt.date(year, month, day), body_text))
    return out


def read_meeting(path: Path, labels: dict[str, str], split: str = "") -> SourceMeeting | None:
    """One portal meeting as a SourceMeeting; None when it has no date, body or items."""
    m = read_firstagenda(path)
    if m.date is None or not m.body or not m.items:
        return None
    items = []
    for it in m.items:
        secs = [(s.name, m.text[s.start:s.end].strip()) for s in it.sections]
        history = next((t for n, t in secs if n == HISTORY), "")
        decision = next((t for n, t in secs if n == DECISION), None)
        label = labels.get(f"{path.name}#{it.number}") if decision is not None else None
        items.append(SourceItem(it.number, " ".join(it.title.split()), it.case_number,
                                [(n, t) for n, t in secs if n != HISTORY and t], decision, label,
                                _history(history)))
    return SourceMeeting(path.stem, m.body, normal_body(m.body), m.date, m.start_time, m.location,
                         list(m.attendees), list(m.absent), items, split)


def measurement_meetings(folder: Path | None = None, splits: tuple[str, ...] = MEASURE_SPLITS
                         ) -> list[SourceMeeting]:
    """The Greve meetings whose items are in ``splits`` (default dev + test), sorted by name."""
    folder = folder or greve_dir()
    labels, split_of = read_labels()
    out = []
    for path in sorted(folder.glob("*.json")):
        split = split_of.get(path.name)
        if split not in splits:
            continue
        meeting = read_meeting(path, labels, split)
        if meeting is not None:
            out.append(meeting)
    return out
