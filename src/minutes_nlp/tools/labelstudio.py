"""Round trip of corpus records through Label Studio (https://labelstud.io).

- :func:`labeling_config` — the project's labeling interface (XML): entity ``Labels`` named
  ``label``, agenda items as ``ITEM`` regions of a second ``Labels`` named ``item``, and per item a
  ``decision`` choice and a ``number`` text field (both ``perRegion``).
- :func:`records_to_tasks` — corpus records → Label Studio tasks (as predictions, or as annotations).
  ``data.meta`` carries every record field except the annotations, so that the import can restore
  the record, stand-off source included; ``data.record_items`` keeps the items as stored (titles,
  case numbers) for the items whose offsets come back unchanged.
- :func:`minutes_to_task` — a pipeline result for a new text → a pre-labelled task.
- :func:`tasks_to_records` — a Label Studio JSON export → corpus records, verified: offsets inside
  the text, region text equal to the text at its offsets, known labels, one label per region, no
  overlapping entity spans, and for stand-off records the sha256 of the re-read source.

Results of one region share its ``id``; that is how Label Studio links the per-region ``decision``
and ``number`` results to their ``ITEM`` region.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional
from xml.sax.saxutils import quoteattr

from .corpus import CorpusError, resolve_text, sha256, stored_title
from ..labels import DECISION_LABELS, ENTITY_LABELS, ITEM_LABEL
from ..schema import Minutes

if TYPE_CHECKING:
    from spacy.language import Language

LABEL_CONTROL = "label"
ITEM_CONTROL = "item"
DECISION_CONTROL = "decision"
NUMBER_CONTROL = "number"
TEXT_OBJECT = "text"
CORPUS_MODEL_VERSION = "minutes_nlp-corpus"
#: Record fields held by the Label Studio regions; every other field travels in ``data.meta``.
ANNOTATION_FIELDS = ("spans", "items")
#: Item fields that Label Studio does not edit (title, title_span, case_numbers …): kept in
#: ``data.record_items`` and restored on import for an item whose offsets did not change.
_ITEM_LS_FIELDS = {"start", "end", "number", "decision"}
_NUMBER_RE = re.compile(r"^\W*(?:(?:punkt|pkt|sag(?:\s+nr)?)\.?:?\s*)?(\d+(?:\.\d+)*)", re.IGNORECASE)


class LabelStudioError(CorpusError):
    """A Label Studio task cannot be turned into a valid corpus record."""


# --- labeling config ------------------------------------------------------------------------------


def labeling_config() -> str:
    """The Label Studio labeling config (XML) for entities, agenda items, decisions and item numbers.

    The ``decision`` choices show when an ``ITEM`` region is selected; ``decision`` and ``number``
    are per-region, so their results carry the id of the item region they belong to.
    """
    entity_labels = "\n".join(f"    <Label value={quoteattr(label)}/>" for label in ENTITY_LABELS)
    decisions = "\n".join(f"    <Choice value={quoteattr(label)}/>" for label in DECISION_LABELS)
    return f"""<View>
  <Labels name="{LABEL_CONTROL}" toName="{TEXT_OBJECT}">
{entity_labels}
  </Labels>
  <Labels name="{ITEM_CONTROL}" toName="{TEXT_OBJECT}">
    <Label value="{ITEM_LABEL}" background="#bfbfbf"/>
  </Labels>
  <Text name="{TEXT_OBJECT}" value="$text"/>
  <Choices name="{DECISION_CONTROL}" toName="{TEXT_OBJECT}" perRegion="true" choice="single"
           visibleWhen="region-selected" whenLabelValue="{ITEM_LABEL}">
{decisions}
  </Choices>
  <TextArea name="{NUMBER_CONTROL}" toName="{TEXT_OBJECT}" perRegion="true" maxSubmissions="1" editable="true"
            placeholder="Item number as printed (3, 3.1); empty: read from the heading"/>
</View>
"""


# --- export ---------------------------------------------------------------------------------------


def _region(rid: str, control: str, text: str, start: int, end: int, label: str) -> dict[str, Any]:
    return {"id": rid, "from_name": control, "to_name": TEXT_OBJECT, "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}


def regions(text: str, spans: Iterable[tuple[int, int, str]],
            items: Iterable[tuple[int, int, str, Optional[str]]]) -> list[dict[str, Any]]:
    """Label Studio results for entity ``spans`` (start, end, label) and ``items`` (start, end,
    number, decision): one region per span/item, plus the item's decision and number results."""
    results: list[dict[str, Any]] = []
    for k, (start, end, label) in enumerate(spans):
        results.append(_region(f"e{k}", LABEL_CONTROL, text, start, end, label))
    for k, (start, end, number, decision) in enumerate(items):
        rid = f"i{k}"
        results.append(_region(rid, ITEM_CONTROL, text, start, end, ITEM_LABEL))
        if decision is not None:
            results.append({"id": rid, "from_name": DECISION_CONTROL, "to_name": TEXT_OBJECT, "type": "choices",
                            "value": {"start": start, "end": end, "choices": [decision]}})
        if number:
            results.append({"id": rid, "from_name": NUMBER_CONTROL, "to_name": TEXT_OBJECT, "type": "textarea",
                            "value": {"start": start, "end": end, "text": [number]}})
    return results


def _task(text: str, doc_id: str, meta: dict[str, Any], results: list[dict[str, Any]], model_version: str,
          as_annotations: bool, record_items: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    data: dict[str, Any] = {"text": text, "doc_id": doc_id, "meta": meta}
    if record_items:
        data["record_items"] = record_items
    if as_annotations:
        return {"data": data, "annotations": [{"result": results, "ground_truth": False}]}
    return {"data": data, "predictions": [{"model_version": model_version, "result": results}]}


def record_to_task(record: dict[str, Any], origin: Path, *, as_annotations: bool = False) -> dict[str, Any]:
    """One corpus record as a Label Studio task (text resolved and verified against its sha256)."""
    text = resolve_text(record, origin)
    meta = {k: v for k, v in record.items() if k not in ANNOTATION_FIELDS and not k.startswith("_")}
    if "text" in (meta.get("source") or {}):
        del meta["source"]  # the text travels as data.text; the import stores it inline again
    spans = [(int(s["start"]), int(s["end"]), str(s["label"])) for s in record.get("spans", [])]
    items = [(int(i["start"]), int(i["end"]), str(i["number"]), i.get("decision")) for i in record.get("items", [])]
    return _task(text, str(record.get("doc_id", "")), meta, regions(text, spans, items), CORPUS_MODEL_VERSION,
                 as_annotations, [dict(i) for i in record.get("items", [])])


def records_to_tasks(records: Iterable[dict[str, Any]], *, as_annotations: bool = False,
                     skip_missing: bool = False) -> list[dict[str, Any]]:
    """Tasks for records from :func:`minutes_nlp.corpus.iter_records` (which adds ``_origin``).

    With ``skip_missing`` records whose data file is absent are left out instead of failing.
    """
    tasks = []
    for record in records:
        origin = Path(record.get("_origin", "."))
        try:
            tasks.append(record_to_task(record, origin, as_annotations=as_annotations))
        except CorpusError as err:
            if skip_missing and "not found" in str(err):
                continue
            raise
    return tasks


def minutes_to_task(text: str, minutes: Minutes, doc_id: str, *, as_annotations: bool = False) -> dict[str, Any]:
    """A task pre-labelled with a pipeline's result for ``text`` (a new document: no stand-off source)."""
    spans = [(e.start_char, e.end_char, e.label) for e in minutes.entities]
    items = [(i.start_char, i.end_char, i.number, i.decision.label if i.decision else None) for i in minutes.items]
    meeting = minutes.meeting
    meta: dict[str, Any] = {"doc_id": doc_id, "meta": {
        "body": meeting.body.name if meeting.body else None,
        "municipality": meeting.municipality,
        "date": meeting.date.isoformat() if meeting.date else None,
        "start_time": meeting.start_time, "end_time": meeting.end_time, "location": meeting.location,
    }}
    return _task(text, doc_id, meta, regions(text, spans, items), minutes.pipeline or "minutes_nlp", as_annotations)


# --- import ---------------------------------------------------------------------------------------


@dataclass
class _Region:
    rid: str
    start: int
    end: int
    labels: list[tuple[str, str]] = field(default_factory=list)  # (control, label)
    decision: Optional[str] = None
    number: Optional[str] = None


@dataclass
class ImportResult:
    """Records built from an export, and the tasks left out (no usable annotation)."""

    records: list[dict[str, Any]]
    skipped: list[str]


def _timestamp(entry: dict[str, Any]) -> tuple[float, float]:
    """Sort key of an annotation or prediction: ``updated_at`` (else ``created_at``), then numeric ``id``."""
    stamp = entry.get("updated_at") or entry.get("created_at")
    try:
        when = datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).timestamp() if stamp else 0.0
    except ValueError:
        when = 0.0
    ident = str(entry.get("id", ""))
    return when, float(ident) if ident.isdigit() else 0.0


def chosen_result(task: dict[str, Any], use_predictions: bool = False) -> Optional[list[dict[str, Any]]]:
    """The latest non-cancelled annotation's result (by ``updated_at``, then ``id``); else, with
    ``use_predictions``, the latest prediction's; ``None`` when the task has neither."""
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if annotations:
        return list(max(annotations, key=_timestamp).get("result") or [])
    predictions = task.get("predictions") or []
    if use_predictions and predictions:
        return list(max(predictions, key=_timestamp).get("result") or [])
    return None


def _where(task: dict[str, Any]) -> str:
    data = task.get("data") or {}
    doc_id = data.get("doc_id") or (data.get("meta") or {}).get("doc_id") or "?"
    return f"task {task.get('id', '?')} ({doc_id})"


def _offset(raw: Any) -> int:
    """A character offset: an int, or a float/str holding a whole number; 26.7 is an error, not 26."""
    if isinstance(raw, bool):
        raise TypeError("a boolean is not an offset")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(f"offset {raw} is not a whole number")
        return int(raw)
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw)
    raise ValueError(f"offset {raw!r} is not a whole number")


def _group(results: list[dict[str, Any]], text: str, where: str) -> list[_Region]:
    """Results grouped by region id, each region checked against the text."""
    by_id: dict[str, _Region] = {}
    for n, result in enumerate(results):
        control, kind, value = result.get("from_name"), result.get("type"), result.get("value") or {}
        if kind == "relation":
            continue
        rid = str(result.get("id") or f"#{n}")
        if control not in (LABEL_CONTROL, ITEM_CONTROL, DECISION_CONTROL, NUMBER_CONTROL):
            raise LabelStudioError(f"{where}: region {rid}: unknown control {control!r} (expected the config "
                                   f"of `minutes-nlp labelstudio config`)")
        try:
            start, end = _offset(value["start"]), _offset(value["end"])
        except (KeyError, TypeError, ValueError) as err:
            raise LabelStudioError(f"{where}: region {rid}: no whole-number start/end offsets in its value "
                                   f"({_short(value.get('start'))}, {_short(value.get('end'))})") from err
        if not (0 <= start < end <= len(text)):
            raise LabelStudioError(f"{where}: region {rid}: offsets {start}:{end} outside the text "
                                   f"(length {len(text)})")
        region = by_id.setdefault(rid, _Region(rid, start, end))
        if (start, end) != (region.start, region.end):
            raise LabelStudioError(f"{where}: region {rid}: results disagree on its offsets "
                                   f"({region.start}:{region.end} and {start}:{end})")
        if control in (LABEL_CONTROL, ITEM_CONTROL):
            _check_region_text(value, text, start, end, where, rid)
            region.labels.extend((control, str(label)) for label in value.get("labels") or [])
        elif control == DECISION_CONTROL:
            choices = [str(c) for c in value.get("choices") or []]
            if len(choices) > 1:
                raise LabelStudioError(f"{where}: region {rid}: several decisions {choices}; choose one")
            if choices and choices[0] not in DECISION_LABELS:
                raise LabelStudioError(f"{where}: region {rid}: unknown decision {choices[0]!r} "
                                       f"(one of {', '.join(DECISION_LABELS)})")
            region.decision = choices[0] if choices else None
        else:
            raw = value.get("text")
            entries = [raw] if isinstance(raw, str) else list(raw or [])
            numbers = [str(e).strip() for e in entries if str(e).strip()]
            region.number = _clean_number(numbers[-1]) if numbers else None
    return list(by_id.values())


def _check_region_text(value: dict[str, Any], text: str, start: int, end: int, where: str, rid: str) -> None:
    shown = value.get("text")
    if shown is None or shown == text[start:end]:
        return
    if isinstance(shown, str) and shown.strip() == text[start:end].strip():
        return  # Label Studio trimmed (or padded) whitespace; the offsets are trimmed below
    raise LabelStudioError(f"{where}: region {rid}: its text {_short(shown)} is not the text at "
                           f"{start}:{end} ({_short(text[start:end])}); the offsets do not fit this text")


def _short(s: Any, limit: int = 60) -> str:
    s = str(s)
    return repr(s if len(s) <= limit else s[:limit] + "…")


def _single_label(region: _Region, where: str) -> tuple[str, str]:
    if not region.labels:
        raise LabelStudioError(f"{where}: region {region.rid} at {region.start}:{region.end} has no label")
    if len(region.labels) > 1:
        names = ", ".join(label for _c, label in region.labels)
        raise LabelStudioError(f"{where}: region {region.rid} at {region.start}:{region.end} has several labels "
                               f"({names}); give each region one label")
    control, label = region.labels[0]
    allowed = ENTITY_LABELS if control == LABEL_CONTROL else (ITEM_LABEL,)
    if label not in allowed:
        raise LabelStudioError(f"{where}: region {region.rid}: unknown label {label!r} (one of {', '.join(allowed)})")
    return control, label


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _check_overlaps(spans: list[tuple[int, int, str]], where: str) -> list[tuple[int, int, str]]:
    unique = sorted(set(spans))
    for (a0, a1, al), (b0, b1, bl) in zip(unique, unique[1:]):
        if b0 < a1:
            kind = "of different labels" if al != bl else "of the same label"
            raise LabelStudioError(f"{where}: overlapping entity spans {kind}: {al} {a0}:{a1} and {bl} {b0}:{b1} "
                                   f"(annotate the longest valid span only)")
    return unique


def _clean_number(typed: str) -> str:
    """A typed item number as the corpus stores it: "Punkt 3." → "3" (other input kept as typed)."""
    m = _NUMBER_RE.match(typed)
    return m.group(1) if m and not typed[m.end():].strip(" .:") else typed


def _heading(text: str, start: int, end: int, segmenter: Any) -> Any:
    """The segmenter's item for an item region when the region starts with its heading, else None."""
    found = segmenter.segment(text[start:end]).items
    return found[0] if found and found[0].start == 0 else None


def _number_from_text(item_text: str, head: Any) -> Optional[str]:
    if head is not None:
        return head.number
    m = _NUMBER_RE.match(item_text)
    return m.group(1) if m else None


def _title(text: str, start: int, end: int, number: str, head: Any) -> tuple[str, Optional[list[int]]]:
    """Item title and its offsets: the segmenter's title of the item, else its first line after the number."""
    if head is not None and head.title_end > head.title_start:
        return head.title, [start + head.title_start, start + head.title_end]
    line_end = text.find("\n", start, end)
    line = text[start:line_end if line_end >= 0 else end]
    at = line.find(number) if number else -1
    rest_start = start + (at + len(number) if at >= 0 else 0)
    rest = text[rest_start:start + len(line)]
    lead = len(rest) - len(rest.lstrip(" .:\t-–"))
    title = " ".join(rest.split()).lstrip(".:-– ").strip()
    return title, ([rest_start + lead, start + len(line.rstrip())] if title else None)


def _item(region: _Region, text: str, spans: list[tuple[int, int, str]], previous: dict[tuple[int, int], dict[str, Any]],
          third_party: bool, where: str, segmenter: Any) -> dict[str, Any]:
    old = previous.get((region.start, region.end))
    # the item's heading, segmented once, and only when a number, title or case number must be read
    head = _heading(text, region.start, region.end, segmenter) if old is None or not region.number else None
    number = region.number or _number_from_text(text[region.start:region.end], head)
    if not number:
        raise LabelStudioError(f"{where}: item region {region.rid} at {region.start}:{region.end}: no item number "
                               f"(fill in its number field)")
    item: dict[str, Any] = {"start": region.start, "end": region.end, "number": number}
    if old is not None:  # unchanged item: keep title, title_span, case_numbers … as they were
        item.update({k: v for k, v in old.items() if k not in _ITEM_LS_FIELDS})
    else:
        title, title_span = _title(text, region.start, region.end, number, head)
        item["title"] = stored_title(title) if third_party else title
        if title_span and third_party:
            item["title_span"] = title_span
        item["case_numbers"] = _head_case_numbers(text, region.start, region.end, spans, head)
    item["decision"] = region.decision
    first = [k for k in ("start", "end", "number", "title", "title_span", "decision") if k in item]
    return {**{k: item[k] for k in first}, **{k: v for k, v in item.items() if k not in first}}


def _head_case_numbers(text: str, start: int, end: int, spans: list[tuple[int, int, str]], head: Any) -> list[str]:
    """Case numbers printed in an item's head (before its first section heading)."""
    from ..labels import Section

    head_end = end
    if head is not None:
        body = [s.heading_start for s in head.sections if s.label != Section.HEAD.value]
        head_end = start + min(body) if body else end
    # spans are sorted (``_check_overlaps``): bisect to the item instead of scanning every span per item
    # (which made importing a long document quadratic)
    from bisect import bisect_left

    found = []
    for a, b, label in spans[bisect_left(spans, (start, -1, "")):]:
        if a >= head_end:
            break
        if label == "CASE_NUMBER" and b <= head_end:
            found.append("".join(text[a:b].split()))
    return found


def _text_and_source(task: dict[str, Any], where: str, origin: Path) -> tuple[str, dict[str, Any]]:
    """The task's text and the record fields naming it: a re-read, sha256-verified stand-off
    source, or the text inline for a document with no source of ours."""
    data = task.get("data") or {}
    text = data.get("text")
    if not isinstance(text, str):
        raise LabelStudioError(f"{where}: the task has no data.text")
    meta = dict(data.get("meta") or {})
    source = meta.get("source") or {}
    if not ({"data_path", "text_file"} & set(source)):
        return text, {"source": {"text": text}, "sha256": sha256(text)}
    if meta.get("sha256") and sha256(text) != meta["sha256"]:
        raise LabelStudioError(f"{where}: sha256 mismatch — the task's text is not the text its record "
                               f"annotates (was data.text edited?)")
    probe = {"doc_id": meta.get("doc_id") or data.get("doc_id") or "?", "source": source, "sha256": meta.get("sha256")}
    try:
        resolved = resolve_text(probe, origin)
    except CorpusError as err:
        raise LabelStudioError(f"{where}: {err}") from err
    if resolved != text:
        raise LabelStudioError(f"{where}: sha256 mismatch — the task's text differs from its source {source}")
    return text, {"source": source, "sha256": sha256(text)}


def task_to_record(task: dict[str, Any], result: list[dict[str, Any]], origin: Path,
                   nlp: Optional["Language"] = None) -> dict[str, Any]:
    """One task's chosen result as a verified corpus record (stand-off when the task names a source).
    Item numbers and titles the annotator left out are read by the agenda segmenter of ``nlp`` (a
    loaded pipeline; default: the rules-only segmenter)."""
    from ..components.segmenter import segmenter_of

    segmenter = segmenter_of(nlp)
    if segmenter is None:
        raise LabelStudioError("the pipeline has no minutes_agenda_segmenter to read item headings with")
    where = _where(task)
    text, located = _text_and_source(task, where, origin)
    data = task.get("data") or {}
    meta = {k: v for k, v in dict(data.get("meta") or {}).items() if k not in ("source", "sha256")}
    doc_id = str(meta.pop("doc_id", None) or data.get("doc_id") or f"labelstudio_task_{task.get('id', '?')}")
    spans: list[tuple[int, int, str]] = []
    item_regions: list[_Region] = []
    for region in _group(result, text, where):
        if not region.labels and (region.decision is not None or region.number is not None):
            raise LabelStudioError(f"{where}: region {region.rid}: a decision/number on a region without the "
                                   f"{ITEM_LABEL} label")
        control, label = _single_label(region, where)
        if control == ITEM_CONTROL:
            item_regions.append(region)
            continue
        if region.decision is not None:
            raise LabelStudioError(f"{where}: region {region.rid}: a decision on a {label} span; decisions belong "
                                   f"to {ITEM_LABEL} regions")
        start, end = _trim(text, region.start, region.end)
        if start == end:
            raise LabelStudioError(f"{where}: region {region.rid} at {region.start}:{region.end} holds only whitespace")
        spans.append((start, end, label))
    spans = _check_overlaps(spans, where)
    item_regions.sort(key=lambda r: (r.start, r.end))
    for a, b in zip(item_regions, item_regions[1:]):
        if b.start < a.end:
            raise LabelStudioError(f"{where}: agenda items {a.rid} ({a.start}:{a.end}) and {b.rid} "
                                   f"({b.start}:{b.end}) overlap")
    previous = {(int(i["start"]), int(i["end"])): i for i in data.get("record_items") or []}
    third_party = "data_path" in located["source"]
    items = [_item(r, text, spans, previous, third_party, where, segmenter) for r in item_regions]
    record: dict[str, Any] = {"doc_id": doc_id, **located}
    for key in ("layout", "split"):
        if key in meta:
            record[key] = meta.pop(key)
    record["spans"] = [{"start": a, "end": b, "label": label} for a, b, label in spans]
    record["items"] = items
    record.update(meta)
    return record


def tasks_to_records(tasks: Any, origin: Path = Path("."), *, use_predictions: bool = False,
                     nlp: Optional["Language"] = None) -> ImportResult:
    """Records from a Label Studio JSON export (a list of tasks); ``origin`` is where the export
    lies (``text_file`` sources are looked up from there and from the working directory); ``nlp``: the
    pipeline whose segmenter reads item headings (see :func:`task_to_record`)."""
    if not isinstance(tasks, list):
        raise LabelStudioError("a Label Studio JSON export is a list of tasks (export as JSON, not JSON-MIN or CSV)")
    records, skipped = [], []
    for n, task in enumerate(tasks):
        if not isinstance(task, dict):
            raise LabelStudioError(f"task #{n}: not a JSON object")
        result = chosen_result(task, use_predictions)
        if result is None:
            skipped.append(_where(task))
            continue
        records.append(task_to_record(task, result, origin, nlp))
    return ImportResult(records, skipped)
