#!/usr/bin/env python3
"""Build stand-off gold records of real (third-party) minutes from hand-written specs.

Every ``corpus/annotated/gathered/*.spec.json`` names a text under the data folder
(``$MINUTES_NLP_DATA``, default ``<repo>/../shared/data``) and lists entity surfaces, agenda items
and meeting metadata in the format of ``build_written_corpus.py`` (read its docstring). This script
computes and verifies every offset, lints the annotated stretches for mentions the spec forgot, and
writes ``corpus/annotated/gathered.jsonl`` (ALL specs, sorted by doc_id). Records never contain the
text: doc_id, source, layout, sha256 (of the UTF-8 text), spans, items, meta and, for partially
annotated documents, ranges.

Differences from written specs::

    "source": {"data_path": "minutes/seeds/000_….txt"}                              # plain text
    "source": {"data_path": "minutes/greve_firstagenda/<file>.json", "reader": "firstagenda"}
    "annotated_items": ["4", "9"]     # optional: only these items are annotated

With ``annotated_items`` (FirstAgenda sources only) the spec's ``items`` are exactly those items, in
order, each ``heading`` being the printed "Punkt N: Caption" line; an item's stretch is the reader's
item (heading line up to the next item of the meeting). Entity occurrence indexes
(``occurrences``/``skip``) count only occurrences inside those stretches, spans outside them are
never made, the lint looks only inside them, ``decision`` may be null (no Beslutning section), and
``meta`` is optional (body/municipality/date/times/location only; attendees need a PERSON span).
The record then carries ``"ranges": [[start, end], …]``: training and evaluation use only these.

Item records also carry ``title_span`` (offsets of the title in the text). Titles longer than 11
words are stored as "first five … last five" words, and a spec may write any ``title`` or
``heading`` as "prefix … suffix" (resolved against the text): the repository never holds a 12-word
run of the minutes (``copycheck.py``); the full title is ``text[title_span]`` whitespace-collapsed.

Extra lint for gathered texts (beyond the written lint): short day/month dates ("5/3", "1. jan."),
and names of listed attendees (full name or surname) left without a PERSON span.

doc_id convention: ``seed_NNN_<body>`` for seeds, ``greve_<file stem>`` for Greve meetings.

usage: build_gathered_corpus.py [--root REPO] [--data DIR] [--check] [--show DOC_ID]
    --check: verify that gathered.jsonl is up to date; write nothing.
    --show:  print every span of one document with context plus its lint problems (a review aid;
             the spec need not pass the lint); writes nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_written_corpus import (  # noqa: E402  (sibling script)
    DECISION_LABELS, ENTITY_LABELS, LINT_IGNORE, LINT_PATTERNS, SpecError, _items, _meta,
    _resolve_overlaps, find_word,
)
from minutes_nlp.corpus import ELLIPSIS, stored_title  # noqa: E402  (shared with the Label Studio import)

GATHERED_DIR = Path("corpus/annotated/gathered")
JSONL_PATH = Path("corpus/annotated/gathered.jsonl")
DATA_ENV = "MINUTES_NLP_DATA"
READERS = ("firstagenda",)

_MONTH_ABBR = r"jan|feb|febr|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec"
#: Extra lint patterns for real minutes (see module docstring).
GATHERED_LINT: dict[str, tuple[re.Pattern[str], ...]] = {
    "DATE": (
        re.compile(r"(?<![\w./-])\d{1,2}/\d{1,2}(?:[/-]\d{2,4})?(?![\w/-])"),
        re.compile(rf"(?<!\w)\d{{1,2}}\.\s*(?:{_MONTH_ABBR})\.?(?!\w)", re.I),
    ),
}

#: Lint hits that are never mentions in real minutes: generic body words, times of day ("16.30-17").
GATHERED_IGNORE = re.compile(r"(?:fagudvalg(?:et|ets|ene|enes)|rådets?)|(?:[01]?\d|2[0-3])\.[0-5]\d-\d{1,2}")
_YEAR_PERIOD = re.compile(r"((?:19|20)\d\d)-((?:19|20)\d\d)")  # "2022-2025" is no case number
_SLASH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})(?:[/-]\d{2,4})?")  # "50/50" is no date

Range = tuple[int, int]
# Titles longer than TITLE_MAX_WORDS are stored abbreviated (minutes_nlp.corpus.stored_title) plus their
# offsets, and specs may abbreviate long titles/headings with " … ": no 12-word run of the minutes in the repo.
_TITLE_WINDOW = 600  # characters after an item start in which its title must begin and end


def data_dir(root: Path, override: Optional[Path] = None) -> Path:
    """The data folder: ``--data``, else ``$MINUTES_NLP_DATA``, else ``<root>/../shared/data``."""
    if override is not None:
        return override
    env = os.environ.get(DATA_ENV)
    return Path(env) if env else root.parent / "shared" / "data"


def load_source(source: dict[str, Any], data: Path) -> tuple[str, Any]:
    """The text a spec's ``source`` names, plus the reader's meeting object (or None)."""
    rel = source.get("data_path")
    if not rel or Path(rel).is_absolute() or ".." in Path(rel).parts:
        raise SpecError(f"source.data_path must be a relative path under the data folder: {rel!r}")
    path = data / rel
    if not path.is_file():
        raise SpecError(f"{path} not found (set {DATA_ENV} to the data folder)")
    reader = source.get("reader")
    if reader is None:
        text = path.read_text(encoding="utf-8")
        if "\r" in text:
            raise SpecError(f"{rel}: text has \\r line ends")
        return text, None
    if reader not in READERS:
        raise SpecError(f"unknown reader {reader!r} (known: {', '.join(READERS)})")
    from minutes_nlp.io.firstagenda import read_firstagenda

    meeting = read_firstagenda(path)
    return meeting.text, meeting


def _inside(start: int, end: int, ranges: list[Range]) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def entity_spans(text: str, entries: list[dict[str, Any]], ranges: list[Range]) -> list[dict[str, Any]]:
    """Spans of the spec's entity entries; occurrences are counted only inside ``ranges``."""
    spans: list[dict[str, Any]] = []
    for entry in entries:
        surface, label = entry["text"], entry["label"]
        if label not in ENTITY_LABELS:
            raise SpecError(f"unknown label {label!r} for {surface!r}")
        if surface != surface.strip():
            raise SpecError(f"surface {surface!r} is not minimal")
        starts = [s for s in find_word(text, surface) if _inside(s, s + len(surface), ranges)]
        if not starts:
            raise SpecError(f"{label} {surface!r} does not occur in the annotated text")
        chosen = list(range(len(starts))) if "occurrences" not in entry else list(entry["occurrences"])
        skip = set(entry.get("skip", []))
        for i in chosen + sorted(skip):
            if not isinstance(i, int) or not 0 <= i < len(starts):
                raise SpecError(f"{surface!r} has {len(starts)} occurrences, no index {i!r}")
        if "occurrences" in entry and len(set(chosen)) != len(chosen):
            raise SpecError(f"{surface!r}: repeated occurrence index")
        spans += [{"start": starts[i], "end": starts[i] + len(surface), "label": label}
                  for i in chosen if i not in skip]
    return _resolve_overlaps(text, spans)


def _ignored_hit(hit: str) -> bool:
    """True for a lint hit that is never a mention (generic word, time, year period, fraction)."""
    if LINT_IGNORE.fullmatch(hit) or GATHERED_IGNORE.fullmatch(hit):
        return True
    if m := _YEAR_PERIOD.fullmatch(hit):
        return 0 < int(m.group(2)) - int(m.group(1)) <= 12
    if m := _SLASH_DAY.fullmatch(hit):
        return not (1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12)
    return False


def lint(text: str, spans: list[dict[str, Any]], not_entities: list[str], ranges: list[Range],
         people: list[str] = ()) -> list[str]:
    """Pattern hits inside ``ranges`` that overlap no span of their label (possible misses)."""
    ignored = [(s, s + len(n)) for n in not_entities for s in find_word(text, n)]
    patterns: dict[str, list[re.Pattern[str]]] = {k: list(v) for k, v in LINT_PATTERNS.items()}
    for label, extra in GATHERED_LINT.items():
        patterns.setdefault(label, []).extend(extra)
    names = sorted({part for name in people for part in (name, name.split()[-1]) if len(part) > 2})
    if names:
        patterns["PERSON"] = [re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")]
    problems = []
    for label, pats in patterns.items():
        own = [(s["start"], s["end"]) for s in spans if s["label"] == label]
        for pattern in pats:
            for m in pattern.finditer(text):
                a, b = m.start(), m.end()
                if not _inside(a, b, ranges) or _ignored_hit(m.group(0)):
                    continue
                if any(a < e and s < b for s, e in own) or any(s <= a and b <= e for s, e in ignored):
                    continue
                line = text.count("\n", 0, a) + 1
                problems.append(f"line {line} @{a}: {m.group(0)!r} looks like {label} but has no span")
    return sorted(set(problems), key=lambda p: int(p.split("@")[1].split(":")[0]))


def _abbrev_pattern(abbrev: str) -> re.Pattern[str]:
    """Pattern of a (possibly " … "-abbreviated) title: words separated by any whitespace."""
    parts = abbrev.split(ELLIPSIS)
    if len(parts) > 2 or not all(p.strip() for p in parts):
        raise SpecError(f"at most one {ELLIPSIS.strip()!r} between two non-empty parts: {abbrev!r}")
    words = [r"\s+".join(map(re.escape, p.split())) for p in parts]
    return re.compile(r"(?<!\w)" + r"[^\n]*?(?:\n[^\n]*?)?".join(words) + r"(?!\w)")


def title_span(text: str, start: int, end: int, title: str) -> Range:
    """Offsets of an item's title (as written in the spec, possibly abbreviated) in its head."""
    m = _abbrev_pattern(title).search(text, start, min(end, start + _TITLE_WINDOW + len(title)))
    if m is None:
        raise SpecError(f"title {title!r} not found in the head of the item at {start}")
    return m.start(), m.end()


def _resolve_heading(text: str, heading: str) -> str:
    """The printed heading line an (abbreviated) spec heading stands for (first match)."""
    if ELLIPSIS not in heading:
        return heading
    pattern = _abbrev_pattern(heading)
    for line in text.split("\n"):
        if pattern.fullmatch(line.rstrip()):
            return line.rstrip()
    raise SpecError(f"no heading line matches {heading!r}")


def full_items(text: str, entries: list[dict[str, Any]], spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items of a fully annotated text (written-corpus rules), with title offsets, short stored titles."""
    resolved = []
    for entry in entries:
        entry = {**entry, "heading": _resolve_heading(text, entry["heading"])}
        if ELLIPSIS in entry["title"]:
            starts = [m.start() for m in re.finditer(r"(?m)^" + re.escape(entry["heading"]) + r"[ \t]*$", text)]
            occ = entry.get("occurrence", 0)
            if not 0 <= occ < len(starts):
                raise SpecError(f"heading line {entry['heading']!r}: no occurrence {occ}")
            a, b = title_span(text, starts[occ], len(text), entry["title"])
            entry["title"] = " ".join(text[a:b].split())
        resolved.append(entry)
    items = _items(text, resolved, spans)
    for item in items:
        a, b = title_span(text, item["start"], item["end"], item["title"])
        item["title"], item["title_span"] = stored_title(item["title"]), [a, b]
        if item["start"] and text[item["start"] - 1] != "\n":
            raise SpecError(f"item {item['number']} does not start at a line start")
    return items


def partial_items(text: str, meeting: Any, spec: dict[str, Any],
                  spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items of a partially annotated FirstAgenda meeting, located by the reader's item offsets."""
    wanted = [str(n) for n in spec["annotated_items"]]
    entries = spec.get("items", [])
    if [str(e.get("number")) for e in entries] != wanted:
        raise SpecError(f"items must list exactly annotated_items {wanted} in order")
    by_number = {item.number: item for item in meeting.items}
    cases = {(s["start"], s["end"]) for s in spans if s["label"] == "CASE_NUMBER"}
    out = []
    for entry in entries:
        number, title, decision = entry["number"], entry["title"], entry["decision"]
        item = by_number.get(number)
        if item is None:
            raise SpecError(f"the meeting has no item {number!r}")
        first_line = text[item.start:].split("\n", 1)[0].rstrip()
        if not _abbrev_pattern(entry["heading"]).fullmatch(first_line):
            raise SpecError(f"item {number}: heading is {first_line!r}, spec says {entry['heading']!r}")
        if decision is not None and decision not in DECISION_LABELS:
            raise SpecError(f"item {number}: unknown decision {decision!r}")
        if not title or " ".join(title.split()) != title:
            raise SpecError(f"item {number}: title must be whitespace-collapsed: {title!r}")
        a, b = title_span(text, item.start, item.start + len(first_line), title)
        title = " ".join(text[a:b].split())
        for case in entry.get("case_numbers", []):
            if not any((item.start + p, item.start + p + len(case)) in cases
                       for p in find_word(text[item.start:item.end], case)):
                raise SpecError(f"item {number}: case number {case!r} is not a CASE_NUMBER span in the item")
        out.append({"start": item.start, "end": item.end, "number": number, "title": stored_title(title),
                    "title_span": [a, b],
                    "decision": decision, "case_numbers": list(entry.get("case_numbers", []))})
    return out


def partial_meta(text: str, meta: Optional[dict[str, Any]]) -> dict[str, Any]:
    """Document-level facts of a partially annotated meeting (no attendee spans: header unannotated)."""
    if not meta:
        return {}
    if meta.get("attendees") or meta.get("absent"):
        raise SpecError("meta.attendees/absent need PERSON spans; the header of a partial document is not annotated")
    dt.date.fromisoformat(meta["date"])
    for key in ("start_time", "end_time"):
        if meta.get(key) is not None and not re.fullmatch(r"\d{2}:\d{2}", meta[key]):
            raise SpecError(f"meta.{key} must be HH:MM: {meta[key]!r}")
    for key in ("body", "location"):
        if meta.get(key) and meta[key] not in text:
            raise SpecError(f"meta.{key} {meta[key]!r} is not printed in the text")
    return {key: meta.get(key) for key in ("body", "municipality", "date", "start_time", "end_time", "location")}


def _doc_ranges(text: str, meeting: Any, spec: dict[str, Any]) -> Optional[list[Range]]:
    if "annotated_items" not in spec:
        return None
    if meeting is None:
        raise SpecError("annotated_items needs a source with a reader that knows item offsets")
    if not spec["annotated_items"]:
        raise SpecError("annotated_items is empty")
    by_number = {item.number: item for item in meeting.items}
    missing = [n for n in spec["annotated_items"] if str(n) not in by_number]
    if missing:
        raise SpecError(f"the meeting has no item(s) {missing}")
    ranges = sorted((by_number[str(n)].start, by_number[str(n)].end) for n in spec["annotated_items"])
    if any(a[1] > b[0] for a, b in zip(ranges, ranges[1:])):
        raise SpecError("annotated items overlap or repeat")
    return ranges


def _analyse(spec: dict[str, Any], root: Path, data: Path) -> tuple[str, dict[str, Any], list[str]]:
    """Text, record and lint problems of one spec (the record is valid apart from the lint)."""
    doc_id = spec["doc_id"]
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", doc_id):
        raise SpecError(f"doc_id {doc_id!r}: use lower-case letters, digits, _ . -")
    source = dict(spec["source"])
    text, meeting = load_source(source, data)
    ranges = _doc_ranges(text, meeting, spec)
    scope = ranges if ranges is not None else [(0, len(text))]
    spans = entity_spans(text, spec["entities"], scope)
    meta_in = spec.get("meta") or {}
    people = [p["name"] for key in ("attendees", "absent") for p in meta_in.get(key, [])]
    problems = lint(text, spans, spec.get("not_entities", []), scope, people)
    record: dict[str, Any] = {"doc_id": doc_id, "source": source, "layout": spec["layout"],
                              "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "spans": spans}
    if ranges is not None:
        record["items"] = partial_items(text, meeting, spec, spans)
        record["meta"] = partial_meta(text, spec.get("meta"))
        record["ranges"] = [list(r) for r in ranges]
    else:
        items = full_items(text, spec["items"], spans) if spec.get("items") else []
        first = items[0]["start"] if items else len(text)
        record["items"] = items
        record["meta"] = _meta(text, spec["meta"], first, spans) if spec.get("meta") else {}
    return text, record, problems


def build_record(spec: dict[str, Any], root: Path, data: Path) -> dict[str, Any]:
    """The stand-off gold record of one spec; raises SpecError when the spec does not fit its text."""
    _, record, problems = _analyse(spec, root, data)
    if problems:
        raise SpecError("possible missing spans:\n  " + "\n  ".join(problems))
    return record


def show(spec: dict[str, Any], root: Path, data: Path, width: int = 40) -> str:
    """Every span with context and every lint problem of one spec, for reviewing an annotation."""
    text, record, problems = _analyse(spec, root, data)
    flat = text.replace("\n", "⏎")
    lines = [f"{record['doc_id']}: ranges {record.get('ranges', 'whole text')}"]
    for s in record["spans"]:
        a, b = s["start"], s["end"]
        lines.append(f"{s['label']:<11} {a:>6} …{flat[max(0, a - width):a]}[{flat[a:b]}]{flat[b:b + width]}…")
    for item in record["items"]:
        lines.append(f"ITEM {item['number']:>4} {item['start']}-{item['end']} {item['decision']}: {item['title']}")
    lines += [f"LINT {p}" for p in problems]
    return "\n".join(lines)


def iter_specs(root: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every spec under corpus/annotated/gathered, sorted by file name."""
    for path in sorted((root / GATHERED_DIR).glob("*.spec.json")):
        yield path, json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--data", type=Path, default=None, help=f"data folder (default ${DATA_ENV})")
    parser.add_argument("--check", action="store_true", help="verify gathered.jsonl is up to date; write nothing")
    parser.add_argument("--show", metavar="DOC_ID", help="print one document's spans and lint; write nothing")
    args = parser.parse_args(argv)
    root: Path = args.root
    data = data_dir(root, args.data)
    if not data.is_dir():
        print(f"data folder {data} not found (set {DATA_ENV})", file=sys.stderr)
        return 2
    records, failed = [], 0
    for path, spec in iter_specs(root):
        try:
            if args.show:
                if spec.get("doc_id") == args.show:
                    print(show(spec, root, data))
                    return 0
                continue
            record = build_record(spec, root, data)
        except (SpecError, KeyError, OSError, ValueError, TypeError) as exc:
            failed += 1
            print(f"{path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        records.append(record)
        counts = {label: sum(s["label"] == label for s in record["spans"]) for label in ENTITY_LABELS}
        print(f"{record['doc_id']}: {len(record['items'])} items, {len(record['spans'])} spans {counts}")
    if args.show:
        print(f"no spec with doc_id {args.show!r}", file=sys.stderr)
        return 1
    if failed:
        print(f"{failed} spec(s) failed; nothing written", file=sys.stderr)
        return 1
    ids = [r["doc_id"] for r in records]
    if len(set(ids)) != len(ids):
        print("duplicate doc_id in gathered specs; nothing written", file=sys.stderr)
        return 1
    records.sort(key=lambda r: r["doc_id"])
    content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    out = root / JSONL_PATH
    stale = not out.exists() or out.read_text(encoding="utf-8") != content
    if args.check:
        if stale:
            print(f"stale: {JSONL_PATH}", file=sys.stderr)
        return 1 if stale else 0
    if stale:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(content, encoding="utf-8")
    print(f"{len(records)} records -> {JSONL_PATH} ({'updated' if stale else 'unchanged'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
