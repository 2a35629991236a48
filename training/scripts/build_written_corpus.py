#!/usr/bin/env python3
"""Build the gold records of the team-written minutes from their hand-written specs.

Every ``corpus/annotated/written/*.spec.json`` names a text file and lists entity surfaces, agenda
items and meeting metadata. This script computes all offsets (never typed by hand), verifies them,
lints the text for mentions the spec forgot, and writes ``corpus/annotated/written/<doc_id>.json``
plus ``corpus/annotated/written.jsonl`` (rebuilt from ALL specs present, sorted by doc_id).

Spec format (JSON object)::

    {
      "doc_id": "acadre_silkeborg_byraad",
      "layout": "acadre",
      "text_file": "tests/fixtures/minutes/acadre_silkeborg_byraad.txt",   # optional, this default
      "meta": {"body": "Byrådet", "municipality": "Silkeborg Kommune", "date": "2023-03-14",
               "start_time": "16:00", "end_time": "18:15", "location": "Byrådssalen",
               "attendees": [{"name": "Anne Holm", "party": "A", "role": "borgmester"}, ...],
               "absent": [{"name": "...", "party": null, "role": null}]},
      "entities": [
        {"text": "Byrådet", "label": "COMMITTEE"},                   # every whole-word occurrence
        {"text": "Holm", "label": "PERSON", "occurrences": [0, 3]},  # only these occurrences (0-based)
        {"text": "Marts", "label": "PERSON", "skip": [1]}            # all occurrences except these
      ],
      "not_entities": ["Ældrerådets formandskab"],   # surfaces the lint may flag but are no mention
      "items": [
        {"heading": "1. Godkendelse af dagsorden", "occurrence": 0, "number": "1",
         "title": "Godkendelse af dagsorden", "decision": "Godkendt", "case_numbers": ["23/4512"]}
      ]
    }

``heading`` is the item's first heading line exactly as printed (whole line, trailing blanks
ignored); ``occurrence`` picks among equal lines (a table of contents or a repeated page heading).
An item runs from the start of its heading line to the next item's heading line (or end of text).
Occurrences are whole-word matches: a surface never matches inside a longer word. A span wholly
inside a longer span is dropped (ANNOTATION.md: pick the longest); crossing spans are an error.

usage: build_written_corpus.py [--root REPO] [--check]
    --check: verify that the written .json/.jsonl files are up to date; write nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any, Iterator

ENTITY_LABELS = ("COMMITTEE", "PERSON", "AMOUNT", "DATE", "CASE_NUMBER")
DECISION_LABELS = (
    "Godkendt", "Anbefales", "Til orientering", "Ikke godkendt", "Udsat", "Drøftet", "Ingen beslutning",
)
WRITTEN_DIR = Path("corpus/annotated/written")
JSONL_PATH = Path("corpus/annotated/written.jsonl")

_MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
#: Patterns that almost always signal a mention; each match must overlap a span of that label.
LINT_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "AMOUNT": (
        re.compile(r"\d[\d.,]*\s*(?:mio\.|mia\.|t\.kr\.|kr\.|kroner|mio|mia)(?!\w)", re.I),
        re.compile(r"(?<!\w)(?:kr\.|DKK)\s*\d", re.I),
    ),
    "DATE": (
        re.compile(rf"(?<!\w)\d{{1,2}}\.\s*(?:{_MONTHS})(?!\w)", re.I),
        re.compile(r"(?<![\w./-])\d{1,2}[-.]\d{1,2}[-.]\d{2,4}(?![\w-])"),
    ),
    "CASE_NUMBER": (
        re.compile(r"(?<![\w./-])\d{2,4}-\d{4,7}(?![\w-])"),
        re.compile(r"(?<![\w./-])\d{2}/\d{3,6}(?![\w/])"),
        re.compile(r"(?<!\w)[A-Z]{2,5}-\d{4}-\d{3,7}(?!\w)"),
        re.compile(r"(?<!\w)\d{2}\.\d{2}\.\d{2}-[A-Z]\d{2}-\d+-\d+(?!\w)"),
    ),
    "COMMITTEE": (
        re.compile(
            r"(?<!\w)\w*(?:udvalget|udvalgets|rådet|rådets|byråd|byrådet|byrådets|bestyrelsen|"
            r"bestyrelsens|repræsentationen|repræsentationens|Magistraten|Magistratens)(?!\w)",
            re.I,
        ),
    ),
}
#: Lint hits that are never mentions (generic words, ANNOTATION.md §3).
LINT_IGNORE = re.compile(r"(?i)udvalgets?|\w*områdets?|\w*forrådet")


class SpecError(ValueError):
    """A spec does not fit its text."""


def find_word(text: str, surface: str) -> list[int]:
    """Start offsets of every whole-word occurrence of ``surface`` in ``text``."""
    if not surface:
        raise SpecError("empty surface")
    pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
    return [m.start() for m in pattern.finditer(text)]


def _entity_spans(text: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    spans: list[dict[str, Any]] = []
    for entry in entries:
        surface, label = entry["text"], entry["label"]
        if label not in ENTITY_LABELS:
            raise SpecError(f"unknown label {label!r} for {surface!r}")
        starts = find_word(text, surface)
        if not starts:
            raise SpecError(f"{label} {surface!r} does not occur in the text")
        chosen = range(len(starts)) if "occurrences" not in entry else entry["occurrences"]
        skip = set(entry.get("skip", []))
        for i in list(chosen) + sorted(skip):
            if not 0 <= i < len(starts):
                raise SpecError(f"{surface!r} has {len(starts)} occurrences, no index {i}")
        for i in chosen:
            if i not in skip:
                spans.append({"start": starts[i], "end": starts[i] + len(surface), "label": label})
                if text[spans[-1]["start"]:spans[-1]["end"]] != surface:
                    raise SpecError(f"offset check failed for {surface!r} at {starts[i]}")
    return _resolve_overlaps(text, spans)


def _resolve_overlaps(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    spans = sorted(spans, key=lambda s: (s["start"], -(s["end"] - s["start"])))
    kept: list[dict[str, Any]] = []
    for span in spans:
        if kept and span["start"] < kept[-1]["end"]:
            prev = kept[-1]
            if span["end"] <= prev["end"]:
                if (span["start"], span["end"]) == (prev["start"], prev["end"]) and span["label"] != prev["label"]:
                    raise SpecError(f"{text[span['start']:span['end']]!r} has two labels")
                continue  # nested inside a longer span: drop it
            raise SpecError(
                f"crossing spans {text[prev['start']:prev['end']]!r} and {text[span['start']:span['end']]!r}"
            )
        kept.append(span)
    return kept


def _lint(text: str, spans: list[dict[str, Any]], not_entities: list[str]) -> list[str]:
    ignored: set[tuple[int, int]] = set()
    for surface in not_entities:
        for start in find_word(text, surface):
            ignored.add((start, start + len(surface)))
    problems = []
    for label, patterns in LINT_PATTERNS.items():
        own = [(s["start"], s["end"]) for s in spans if s["label"] == label]
        for pattern in patterns:
            for m in pattern.finditer(text):
                if LINT_IGNORE.fullmatch(m.group(0)):
                    continue
                a, b = m.start(), m.end()
                if any(a < e and s < b for s, e in own) or any(s <= a and b <= e for s, e in ignored):
                    continue
                line = text.count("\n", 0, a) + 1
                problems.append(f"line {line}: {m.group(0)!r} looks like {label} but has no span")
    return problems


def _heading_starts(text: str, heading: str) -> list[int]:
    starts, pos = [], 0
    for line in text.split("\n"):
        if line.rstrip() == heading:
            starts.append(pos)
        pos += len(line) + 1
    return starts


def _items(text: str, entries: list[dict[str, Any]], spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    starts = []
    for entry in entries:
        found = _heading_starts(text, entry["heading"])
        occ = entry.get("occurrence", 0)
        if not 0 <= occ < len(found):
            raise SpecError(f"heading line {entry['heading']!r}: {len(found)} matches, no occurrence {occ}")
        starts.append(found[occ])
    if starts != sorted(starts) or len(set(starts)) != len(starts):
        raise SpecError("item headings are not in document order")
    cases = {(s["start"], s["end"]) for s in spans if s["label"] == "CASE_NUMBER"}
    items = []
    for i, entry in enumerate(entries):
        start = starts[i]
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        number, title, decision = entry["number"], entry["title"], entry["decision"]
        if decision not in DECISION_LABELS:
            raise SpecError(f"item {number}: unknown decision {decision!r}")
        if " ".join(title.split()) != title or not title:
            raise SpecError(f"item {number}: title must be whitespace-collapsed: {title!r}")
        head = " ".join(text[start:start + 3 * len(title) + 200].split())
        if title not in head or number not in entry["heading"]:
            raise SpecError(f"item {number}: title/number not found at its heading: {title!r}")
        for case in entry.get("case_numbers", []):
            hits = [p for p in find_word(text[start:end], case) if (start + p, start + p + len(case)) in cases]
            if not hits:
                raise SpecError(f"item {number}: case number {case!r} is not a CASE_NUMBER span in the item")
        items.append({
            "start": start, "end": end, "number": number, "title": title,
            "decision": decision, "case_numbers": list(entry.get("case_numbers", [])),
        })
    return items


def _person_refs(text: str, limit: int, people: list[dict[str, Any]], spans: list[dict[str, Any]]) -> list[dict]:
    persons = {(s["start"], s["end"]) for s in spans if s["label"] == "PERSON"}
    out = []
    for person in people:
        name = person["name"]
        hits = [p for p in find_word(text[:limit], name) if (p, p + len(name)) in persons]
        if not hits:
            raise SpecError(f"header person {name!r} is not a PERSON span before the first item")
        out.append({"name": name, "party": person.get("party"), "role": person.get("role"),
                    "start": hits[0], "end": hits[0] + len(name)})
    return out


def _meta(text: str, meta: dict[str, Any], first_item: int, spans: list[dict[str, Any]]) -> dict[str, Any]:
    dt.date.fromisoformat(meta["date"])
    for key in ("start_time", "end_time"):
        if meta.get(key) is not None and not re.fullmatch(r"\d{2}:\d{2}", meta[key]):
            raise SpecError(f"meta.{key} must be HH:MM: {meta[key]!r}")
    if meta.get("location") and meta["location"] not in text:
        raise SpecError(f"meta.location {meta['location']!r} is not printed in the text")
    body = meta["body"]
    if not find_word(text[:first_item], body):
        raise SpecError(f"meta.body {body!r} is not printed before the first item")
    return {
        "body": body, "municipality": meta.get("municipality"), "date": meta["date"],
        "start_time": meta.get("start_time"), "end_time": meta.get("end_time"),
        "location": meta.get("location"),
        "attendees": _person_refs(text, first_item, meta.get("attendees", []), spans),
        "absent": _person_refs(text, first_item, meta.get("absent", []), spans),
    }


def build_record(spec: dict[str, Any], root: Path) -> dict[str, Any]:
    """The gold record of one spec; raises SpecError when the spec does not fit its text."""
    doc_id = spec["doc_id"]
    text_file = spec.get("text_file", f"tests/fixtures/minutes/{doc_id}.txt")
    raw = (root / text_file).read_bytes()
    text = raw.decode("utf-8")
    if "\r" in text:
        raise SpecError(f"{text_file}: use \\n line ends")
    spans = _entity_spans(text, spec["entities"])
    problems = _lint(text, spans, spec.get("not_entities", []))
    if problems:
        raise SpecError("possible missing spans:\n  " + "\n  ".join(problems))
    items = _items(text, spec["items"], spans)
    if not items:
        raise SpecError("a document needs at least one item")
    for span in spans:
        surface = text[span["start"]:span["end"]]
        if surface != surface.strip() or not surface:
            raise SpecError(f"span {surface!r} is not minimal")
    for item in items:
        if item["start"] and text[item["start"] - 1] != "\n":
            raise SpecError(f"item {item['number']} does not start at a line start")
    return {
        "doc_id": doc_id,
        "source": {"text_file": text_file},
        "layout": spec["layout"],
        "sha256": hashlib.sha256(raw).hexdigest(),
        "spans": spans,
        "items": items,
        "meta": _meta(text, spec["meta"], items[0]["start"], spans),
    }


def iter_specs(root: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every spec under corpus/annotated/written, sorted by file name."""
    for path in sorted((root / WRITTEN_DIR).glob("*.spec.json")):
        yield path, json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--check", action="store_true", help="verify outputs are up to date; write nothing")
    args = parser.parse_args(argv)
    root: Path = args.root
    records, failed = [], 0
    for path, spec in iter_specs(root):
        try:
            record = build_record(spec, root)
        except (SpecError, KeyError, OSError, ValueError) as exc:
            failed += 1
            print(f"{path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        records.append(record)
        counts = {label: sum(s["label"] == label for s in record["spans"]) for label in ENTITY_LABELS}
        print(f"{record['doc_id']}: {len(record['items'])} items, {len(record['spans'])} spans {counts}")
    if failed:
        print(f"{failed} spec(s) failed; nothing written", file=sys.stderr)
        return 1
    records.sort(key=lambda r: r["doc_id"])
    outputs = {root / WRITTEN_DIR / f"{r['doc_id']}.json": json.dumps(r, ensure_ascii=False, indent=1) + "\n"
               for r in records}
    outputs[root / JSONL_PATH] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    stale = [p for p, content in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != content]
    if args.check:
        for p in stale:
            print(f"stale: {p.relative_to(root)}", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(outputs[p], encoding="utf-8")
    print(f"{len(records)} records -> {JSONL_PATH} ({len(stale)} file(s) updated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
