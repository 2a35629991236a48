"""Reader for meeting JSON from the FirstAgenda/Prepare portal (``Dagsordenpunkter`` + ``Moede``).

The portal serves one JSON object per meeting: the body (``Udvalg``), the meeting (``Moede``:
date, place, participants) and the agenda items (``Dagsordenpunkter``), whose text is HTML in
``Felter[].Html``. :func:`read_firstagenda` renders that into plain minutes text in the shape our
agenda segmenter reads ("Punkt N: Title", section headings on their own line) and keeps the
structure the JSON already knows (numbers, case numbers, sections, absences) with offsets into it.

>>> m = read_firstagenda({"Udvalg": {"Navn": "Miljøudvalget"}, "Moede": {}, "Dagsordenpunkter": []})
>>> m.text
'Referat\\nMiljøudvalget'
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .htmltext import INVISIBLE_CHARS, HtmlLine, html_to_lines

__all__ = [
    "FirstAgendaMeeting", "FirstAgendaItem", "FirstAgendaSection",
    "is_firstagenda", "read_firstagenda", "iter_meetings",
]

# --- rules as data ------------------------------------------------------------------------
#: Section headings the portal uses (canonical spelling). Other <hN> texts stay body text.
SECTION_HEADINGS: tuple[str, ...] = (
    "Beslutning", "Fremstilling", "Sagsfremstilling", "Supplerende sagsfremstilling",
    "Sagens forløb", "Sagsprocedure", "Beslutningstema", "Resume", "Indstilling",
    "Sagsbeskrivelse", "Lovgrundlag", "Økonomiske konsekvenser", "Øvrige konsekvenser",
    "Øvrige forhold", "Tidsplan", "Kommunikation", "Høring", "Bilag",
)
#: Misspellings seen in headings → canonical heading.
HEADING_VARIANTS: dict[str, str] = {"lovgrunlag": "Lovgrundlag"}
#: Headings that may only wrap sub-headings; dropped when they have no text of their own.
WRAPPER_HEADINGS = frozenset({"Fremstilling", "Sagsfremstilling"})
#: Headings that may carry a dated suffix ("Supplerende sagsfremstilling den 17. maj 2022").
DATED_HEADINGS = frozenset({"Supplerende sagsfremstilling"})
DECISION_HEADING = "Beslutning"
HISTORY_HEADING = "Sagens forløb"
#: CSS class of the portal's earlier-treatment block.
HISTORY_CLASS = "sagsforloeb"
#: Closed items ("Lukket: …") are published with their decision only and no headings.
CLOSED_PREFIXES: tuple[str, ...] = ("lukket:", "lukket punkt")
#: Portal hosts whose municipality is known.
PORTAL_HOSTS: dict[str, str] = {"dagsordener.greve.dk": "Greve Kommune"}
ABSENT_LABEL = "Fraværende"

_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)", re.IGNORECASE)
_KOMMUNE = re.compile(r"\b([A-ZÆØÅ][a-zæøåé]+(?:[- ][A-ZÆØÅ][a-zæøåé]+)?) Kommune\b")
_HISTORY_ENTRY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s+(\S.*)$")
#: A body name as printed in a history entry ("Byråd 2022", "Økonomiudvalget (slettet …)").
_BODY_NAME = re.compile(r"^[A-ZÆØÅ][\w ,.&-]{0,80}?(?:udvalg(?:et)?|[Bb]yråd(?:et)?|[Rr]åd(?:et)?)"
                        r"(?: \d{4}(?:-\d{4})?)?(?: \([^)]{0,40}\))?$")
_DELETE_INVISIBLE = str.maketrans("", "", INVISIBLE_CHARS)
_MAX_HEADING = 80  # longer lines are never section headings
_HEADING_KEYS: dict[str, str] = {h.casefold(): h for h in SECTION_HEADINGS} | HEADING_VARIANTS


@dataclass(frozen=True)
class FirstAgendaSection:
    """A section of an item; ``text[start:end]`` is its body (after the heading line)."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class FirstAgendaItem:
    """An agenda item; ``text[start:end]`` runs from its "Punkt N: Title" line to the next item."""

    number: str
    title: str
    case_number: str | None
    start: int
    end: int
    sections: list[FirstAgendaSection] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    def section_text(self, text: str, *names: str) -> str | None:
        """The stripped body of the item's first section named one of ``names`` (lower case), read
        from the meeting ``text``; None when there is none."""
        sec = next((s for s in self.sections if s.name.lower() in names), None)
        return text[sec.start:sec.end].strip() if sec is not None else None

    def decision_texts(self, text: str) -> tuple[str, str | None] | None:
        """(decision, recommendation) read from the meeting ``text``: the Beslutning section and the
        Indstilling (else Resume) section, stripped; None when the item has no Beslutning section."""
        decision = self.section_text(text, "beslutning")
        if decision is None:
            return None
        recommendation = self.section_text(text, "indstilling")
        if recommendation is None:
            recommendation = self.section_text(text, "resume", "resumé")
        return decision, recommendation


@dataclass(frozen=True)
class FirstAgendaMeeting:
    """A meeting rendered as minutes text, with the structure the portal JSON carries."""

    text: str
    body: str | None
    municipality: str | None
    date: dt.date | None
    start_time: str | None
    location: str | None
    attendees: list[str]
    absent: list[str]
    items: list[FirstAgendaItem]


# --- small helpers ------------------------------------------------------------------------
def _clean(value: object, *, numbers: bool = False) -> str:
    """One-line text: invisible characters removed, whitespace collapsed; other types → ''.

    With ``numbers`` an int is accepted too (item numbers may be served as numbers).
    """
    if isinstance(value, str) or (numbers and isinstance(value, int) and not isinstance(value, bool)):
        return " ".join(str(value).translate(_DELETE_INVISIBLE).split())
    return ""


def _dict(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _heading_name(text: str) -> str | None:
    """Canonical section name for a heading text, or None when it is not a section heading."""
    if len(text) > _MAX_HEADING:
        return None
    written = _clean(text).rstrip(":. ")
    key = written.casefold()
    if key in _HEADING_KEYS:
        return _HEADING_KEYS[key]
    for name in DATED_HEADINGS:
        if re.fullmatch(re.escape(name.casefold()) + r"\s+den\s+\S.{0,40}", key):
            return written
    return None


def _parse_when(moede: Mapping[str, Any]) -> tuple[dt.date | None, str | None]:
    """Meeting date and "HH:MM" start from ``Dato`` (or ``MeetingBeginUtc``), as local time."""
    for key in ("Dato", "MeetingBeginUtc"):
        raw = moede.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            when = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        if when.utcoffset() == dt.timedelta(0):
            try:
                from zoneinfo import ZoneInfo

                when = when.astimezone(ZoneInfo("Europe/Copenhagen"))
            except Exception:  # noqa: BLE001 - no tz database: keep the stated time
                pass
        has_time = "T" in raw or " " in raw.strip()
        return when.date(), (f"{when:%H:%M}" if has_time else None)
    return None, None


def _participants(moede: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(present, absent) names; ``Absent`` or ``ParticipationCancelled`` means absent."""
    present: list[str] = []
    absent: list[str] = []
    for person in _list(moede.get("Moededeltagere")):
        person = _dict(person)
        name = _clean(person.get("Name"))
        if not name:
            continue
        gone = bool(person.get("Absent")) or bool(person.get("ParticipationCancelled"))
        target = absent if gone else present
        if name not in target:
            target.append(name)
    return present, absent


def _item_absent(item: Mapping[str, Any]) -> list[str]:
    """Names recorded as absent from one item (``ExternalAgendaItemAttendees`` with a Reason)."""
    names: list[str] = []
    for entry in _list(item.get("ExternalAgendaItemAttendees")):
        entry = _dict(entry)
        name = _clean(entry.get("Name"))
        if name and _clean(entry.get("Reason")) and name not in names:
            names.append(name)
    return names


def _municipality(data: Mapping[str, Any], htmls: list[str], body: str | None) -> str | None:
    """Municipality from evidence: a known portal host, else a "<Name> Kommune" in the data."""
    links = [_clean(_dict(f).get("Link")) for it in _list(data.get("Dagsordenpunkter"))
             for f in _list(_dict(it).get("Felter"))]
    for text in links + htmls:
        for host in _HOST.findall(text):
            if host.lower() in PORTAL_HOSTS:
                return PORTAL_HOSTS[host.lower()]
    moede = _dict(data.get("Moede"))
    for name in (body, _clean(moede.get("Navn")), _clean(moede.get("Sted"))):
        found = _KOMMUNE.search(name or "")
        if found:
            return found.group(0)
    counts = Counter(m.group(0) for text in htmls for m in _KOMMUNE.finditer(text))
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


# --- item structure -----------------------------------------------------------------------
@dataclass
class _Block:
    """A section under construction; ``name`` is None for text before any heading."""

    name: str | None
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (text, blank line before)


def _item_lines(item: Mapping[str, Any], title: str) -> list[HtmlLine]:
    """The item's HTML fields as lines, with a heading for named fields and closed items."""
    lines: list[HtmlLine] = []
    closed = title.casefold().startswith(CLOSED_PREFIXES)
    for felt in _list(item.get("Felter")):
        felt = _dict(felt)
        html = felt.get("Html")
        felt_lines = html_to_lines(html) if isinstance(html, str) else []
        plain = _clean(felt.get("Tekst"))
        if not felt_lines and plain:
            felt_lines = [HtmlLine(text=plain)]
        if not felt_lines:
            continue
        named = _clean(felt.get("Navn"))
        has_heading = any(ln.level and _heading_name(ln.text) for ln in felt_lines)
        if (not named and title and _clean(felt_lines[0].text) == title and len(felt_lines) > 1
                and not _heading_name(felt_lines[1].text)
                and not any(ln.level and _heading_name(ln.text) == DECISION_HEADING for ln in felt_lines)):
            # a few items head their decision with the caption instead of "Beslutning"
            felt_lines = [HtmlLine(text=DECISION_HEADING, level=3, gap=True)] + felt_lines[1:]
        if named and not (felt_lines[0].level and _clean(felt_lines[0].text) == named):
            lines.append(HtmlLine(text=named, level=3, gap=True))
        elif not named and closed and not has_heading:
            lines.append(HtmlLine(text=DECISION_HEADING, level=3, gap=True))
        lines.extend(felt_lines)
    return lines


def _history_line(line: HtmlLine) -> tuple[str, bool]:
    """Render a line of "Sagens forløb"; returns (text, is_entry).

    An entry heading "dd-mm-yyyy Body" (underlined by the portal) becomes "Beslutning i Body den
    dd.mm.yyyy", and a bare section name gets "(tidligere behandling)", so that an earlier body's
    decision never reads as this meeting's "Beslutning".
    """
    entry = _HISTORY_ENTRY.match(line.text)
    if entry and (line.underlined or _BODY_NAME.match(entry.group(4))):
        day, month, year, body = entry.groups()
        return f"{DECISION_HEADING} i {body} den {int(day):02d}.{int(month):02d}.{year}", True
    name = _heading_name(line.text)
    if name is not None:
        return f"{name} (tidligere behandling)", False
    return line.text, False


def _blocks(lines: list[HtmlLine]) -> list[_Block]:
    """Group lines into sections by recognised headings; drop empty wrapper headings.

    Text before the first heading goes to a block named None (rendered without a heading).
    """
    blocks = [_Block(None)]
    after_entry = False  # previous line was a "Sagens forløb" entry label
    for line in lines:
        in_history = blocks[-1].name == HISTORY_HEADING or HISTORY_CLASS in line.classes
        # Inside history only a real <hN> outside the history block ends it; elsewhere a line
        # that is exactly a section name (often <div><b>Resume</b></div>) is a heading too.
        can_head = HISTORY_CLASS not in line.classes and (line.level > 0 or not in_history)
        name = _heading_name(line.text) if can_head else None
        if name is not None:
            blocks.append(_Block(name))
            after_entry = False
        elif in_history:
            text, is_entry = _history_line(line)
            # a blank line before each entry; its decision text follows directly
            blocks[-1].lines.append((text, is_entry or (line.gap and not after_entry)))
            after_entry = is_entry
        else:
            blocks[-1].lines.append((line.text, line.gap or bool(line.level)))
    return [b for b in blocks if b.lines or (b.name is not None and b.name not in WRAPPER_HEADINGS)]


def _add_absence(blocks: list[_Block], names: list[str]) -> None:
    """Add "Fraværende: …" to the decision (or the item's opening text) for names not yet there."""
    target = next((b for b in blocks if b.name == DECISION_HEADING), None)
    if target is None:
        if not blocks or blocks[0].name is not None:
            blocks.insert(0, _Block(None))
        target = blocks[0]
    present = " ".join(text for text, _ in target.lines).casefold()
    missing = [n for n in names if n.casefold() not in present]
    if missing:
        target.lines.append((f"{ABSENT_LABEL}: {', '.join(missing)}", True))


# --- rendering ----------------------------------------------------------------------------
class _Writer:
    """Accumulates text and reports offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.newlines = 0  # newlines at the end of the text so far

    def write(self, text: str) -> int:
        """Append text; returns its start offset."""
        start = self.length
        if text:
            self.parts.append(text)
            self.length += len(text)
            stripped = text.rstrip("\n")
            self.newlines = len(text) - len(stripped) + (self.newlines if not stripped else 0)
        return start

    def blank_line(self) -> None:
        """End the current line and leave exactly one blank line (never more)."""
        if self.length:
            self.write("\n" * max(0, 2 - self.newlines))

    def text(self) -> str:
        return "".join(self.parts)


def _write_lines(out: _Writer, lines: list[tuple[str, bool]]) -> None:
    for i, (text, gap) in enumerate(lines):
        if i:
            out.write("\n\n" if gap else "\n")
        out.write(text)


def _render_item(out: _Writer, item: Mapping[str, Any], position: int) -> FirstAgendaItem:
    """Write one item ("Punkt N: Title", "Sagsnr.: …", sections) and return its structure."""
    number = (_clean(item.get("Number"), numbers=True) or _clean(item.get("Punktnummer"), numbers=True)
              or str(position))
    title = _clean(item.get("Caption")) or _clean(item.get("Navn"))
    case_number = _clean(item.get("CaseNumber")) or _clean(item.get("SagsNummer")) or None
    absent = _item_absent(item)
    blocks = _blocks(_item_lines(item, title))
    if absent:
        _add_absence(blocks, absent)

    out.blank_line()
    start = out.write(f"Punkt {number}: {title}".rstrip())
    if case_number:
        out.write(f"\nSagsnr.: {case_number}")
    sections: list[FirstAgendaSection] = []
    for block in blocks:
        if block.name is None and not block.lines:
            continue
        out.blank_line()
        if block.name is not None:
            out.write(f"{block.name}\n")
        body_start = out.length
        _write_lines(out, block.lines)
        if block.name is not None:
            sections.append(FirstAgendaSection(block.name, body_start, out.length))
    return FirstAgendaItem(number=number, title=title, case_number=case_number, start=start,
                           end=out.length, sections=sections, absent=absent)


def _header_lines(body: str | None, municipality: str | None, date: dt.date | None,
                  start_time: str | None, location: str | None, attendees: list[str],
                  absent: list[str]) -> tuple[list[str], list[str]]:
    title = [line for line in ("Referat", body, municipality) if line]
    facts: list[str] = []
    if date:
        when = f"{date:%d.%m.%Y}" + (f" kl. {start_time.replace(':', '.')}" if start_time else "")
        facts.append(f"Mødedato: {when}")
    if location:
        facts.append(f"Mødested: {location}")
    if attendees:
        facts.append(f"Deltagere: {', '.join(attendees)}")
    if absent:
        facts.append(f"{ABSENT_LABEL}: {', '.join(absent)}")
    return title, facts


def _build(data: Mapping[str, Any]) -> FirstAgendaMeeting:
    udvalg, moede = _dict(data.get("Udvalg")), _dict(data.get("Moede"))
    body = _clean(udvalg.get("Navn")) or None
    date, start_time = _parse_when(moede)
    location = _clean(moede.get("Sted")) or None
    attendees, absent = _participants(moede)
    raw_items = [_dict(it) for it in _list(data.get("Dagsordenpunkter")) if isinstance(it, Mapping)]
    htmls = [f.get("Html") for it in raw_items for f in map(_dict, _list(it.get("Felter")))
             if isinstance(f.get("Html"), str)]
    municipality = _municipality(data, htmls, body)

    out = _Writer()
    title, facts = _header_lines(body, municipality, date, start_time, location, attendees, absent)
    out.write("\n".join(title))
    if facts:
        out.write("\n\n" + "\n".join(facts))
    items: list[FirstAgendaItem] = []
    for position, raw in enumerate(raw_items, start=1):
        items.append(_render_item(out, raw, position))
    text = out.text()
    # An item runs to the start of the next one (the blank line between belongs to it).
    ends = [nxt.start for nxt in items[1:]] + [len(text)]
    items = [replace(item, end=end) for item, end in zip(items, ends)]
    return FirstAgendaMeeting(text=text, body=body, municipality=municipality, date=date,
                              start_time=start_time, location=location, attendees=attendees,
                              absent=absent, items=items)


# --- public API ---------------------------------------------------------------------------
def is_firstagenda(data: object) -> bool:
    """True when a parsed JSON value looks like a portal meeting (agenda items + meeting/body)."""
    return (isinstance(data, Mapping) and "Dagsordenpunkter" in data
            and ("Moede" in data or "Udvalg" in data))


def _load(source: str | os.PathLike[str] | bytes | Mapping[str, Any]) -> tuple[object, str]:
    """Parse the source into a JSON value; returns (value, name used in error messages)."""
    if isinstance(source, Mapping):
        return source, "<dict>"
    if isinstance(source, (bytes, bytearray)):
        name, raw = "<bytes>", bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            raw = Path(name).read_bytes()
        except OSError as exc:
            raise ValueError(f"{name}: cannot read FirstAgenda JSON: {exc}") from exc
    else:
        raise TypeError(f"source must be a path, bytes or dict, not {type(source).__name__}")
    try:
        return json.loads(raw.decode("utf-8-sig")), name
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"{name}: not valid FirstAgenda JSON: {exc}") from exc


def read_firstagenda(source: str | os.PathLike[str] | bytes | Mapping[str, Any]) -> FirstAgendaMeeting:
    """Read a portal meeting (path, JSON bytes or parsed dict) into minutes text + structure.

    Raises ``ValueError`` (naming the file) for invalid JSON or JSON that is not a meeting.
    """
    data, name = _load(source)
    if not is_firstagenda(data):
        kind = type(data).__name__
        raise ValueError(f"{name}: not a FirstAgenda meeting (expected an object with "
                         f"'Dagsordenpunkter' and 'Moede' or 'Udvalg', got {kind})")
    assert isinstance(data, Mapping)
    items = data.get("Dagsordenpunkter")
    if items is not None and not isinstance(items, list):
        raise ValueError(f"{name}: 'Dagsordenpunkter' must be a list, got {type(items).__name__}")
    return _build(data)


def iter_meetings(folder: str | os.PathLike[str], *, skip_invalid: bool = False
                  ) -> Iterator[tuple[Path, FirstAgendaMeeting]]:
    """Yield (path, meeting) for each ``*.json`` in ``folder`` (sorted; MANIFEST files skipped).

    With ``skip_invalid`` files that are not readable meetings are skipped instead of raising.
    """
    root = Path(folder)
    if not root.is_dir():
        raise ValueError(f"{root}: not a folder")
    for path in sorted(root.glob("*.json")):
        if path.name.upper().startswith("MANIFEST") or not path.is_file():
            continue
        try:
            meeting = read_firstagenda(path)
        except ValueError:
            if skip_invalid:
                continue
            raise
        yield path, meeting
