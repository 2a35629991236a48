"""Labelled header fields: "Dato: …", "Mødested" with the value on the next line, inline "Afbud: …",
pipe-table rows "| Dato: | … |", and the evidence state that title lines add to."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from ...labels import HeaderField
from .datetimes import blank_span, find_date, find_kl_hour, find_times
from .lines import Line, is_toc, label_at, next_content_line, strip_value, table_cells, value_end
from .persons import parse_list
from .rules import HeaderMatch, HeaderRules, PersonEntry
from .titles import body_in, is_body_name, trim_body

__all__ = ["Candidate", "FieldState", "read_datetime", "read_label_line", "read_table_row"]

_PERSON_KINDS = ("attendees", "absent", "substitutes")
_SINGLE_KINDS = ("date", "time", "start_time", "end_time", "meeting", "location", "body")


@dataclass(frozen=True)
class Candidate:
    """Evidence for a single-valued field from an unlabelled line, weighed by `score`."""

    label: str
    start: int
    end: int
    score: float
    order: int


@dataclass
class FieldState:
    """Fields read so far: labelled ones in `fields` (the first value of a single field wins) and the
    weighed `candidates` of title and first lines."""

    fields: list[HeaderMatch] = field(default_factory=list)
    labelled: bool = False
    candidates: list[Candidate] = field(default_factory=list)

    def has(self, label: str) -> bool:
        return any(f.label == label for f in self.fields)

    def add(self, text: str, label: str, span: Optional[tuple[int, int]], **kw: Any) -> bool:
        """Add a labelled field; False when the span is empty, a duplicate, or the single field is set."""
        if span is None or span[0] >= span[1]:
            return False
        if label not in (HeaderField.ATTENDEE.value, HeaderField.ABSENT.value) and self.has(label):
            return False
        if any(f.start == span[0] and f.end == span[1] for f in self.fields):
            return False
        self.fields.append(HeaderMatch(label, span[0], span[1], text[span[0]:span[1]], **kw))
        return True

    def propose(self, label: str, span: Optional[tuple[int, int]], score: float) -> None:
        """Add evidence for a single field from an unlabelled line."""
        if span is not None and span[0] < span[1]:
            self.candidates.append(Candidate(label, span[0], span[1], score, len(self.candidates)))


def read_datetime(text: str, s: int, e: int, kind: str, st: FieldState, score: Optional[float] = None) -> bool:
    """Date and/or times in text[s:e] by label kind; True if something was read. `score` None adds
    labelled fields, else proposes candidates with that score."""
    value = text[s:e]
    date = find_date(value, s)
    times = find_times(blank_span(value, date, s), s) or find_kl_hour(value, s)
    got = date is not None or bool(times)

    def put(label: str, span: Optional[tuple[int, int]]) -> None:
        if score is None:
            st.add(text, label, span)
        else:
            st.propose(label, span, score)

    put(HeaderField.DATE.value, date)
    if kind == "end_time":
        put(HeaderField.END_TIME.value, times[0] if times else None)
    elif times:
        put(HeaderField.START_TIME.value, times[0])
        if len(times) > 1:
            put(HeaderField.END_TIME.value, times[1])
    return got


def _add_persons(text: str, persons: Iterable[PersonEntry], kind: str, st: FieldState) -> None:
    for p in persons:
        absent = p.absent or kind == "absent"
        role = p.role
        if kind == "substitutes":
            role = f"stedfortræder {role}" if role and role.startswith("for ") else role or "stedfortræder"
        label = HeaderField.ABSENT.value if absent else HeaderField.ATTENDEE.value
        st.add(text, label, (p.start, p.end), party=p.party, role=role)


def _collect_lines(text: str, lines: list[Line], i: int, rules: HeaderRules) -> tuple[list[PersonEntry], int]:
    """Persons on the lines after a label line i with no inline value; returns (persons, last line)."""
    persons: list[PersonEntry] = []
    j, last = i + 1, i
    while j < len(lines) and j <= i + 60:
        line = lines[j]
        if not line.text.strip():
            j += 1
            continue
        if label_at(rules, line.text) or line.text.lstrip().startswith("#") or is_toc(line.text):
            break
        found, _ = parse_list(text, line.start, line.end, rules)
        if not found:
            break
        persons.extend(found)
        last = j
        j += 1
    return persons, last


def _read_single(text: str, kind: str, s: int, e: int, strict: bool, st: FieldState, rules: HeaderRules) -> bool:
    """One single-valued field in text[s:e]; True when something was read."""
    if s >= e:
        return False
    if kind in ("date", "time", "start_time", "end_time", "meeting"):
        got = read_datetime(text, s, e, kind, st)
        if kind == "meeting":  # "Møde i Økonomiudvalget den 3. marts 2021"
            body = body_in(text, s, e, rules)
            if body is not None:
                st.propose(HeaderField.BODY.value, body, rules.weight("title_line", 2))
        return got
    if kind == "location":
        if strict or text[s].isupper() or text[s].isdigit():
            return st.add(text, HeaderField.LOCATION.value, (s, e))
        return False
    if kind == "body" and (strict or text[s].isupper()):
        bs, be = trim_body(text, s, e, rules)
        if bs < be and (strict or is_body_name(text[bs:be], rules)):
            st.add(text, HeaderField.BODY.value, (bs, be))
            return True
    return False


def read_label_line(text: str, lines: list[Line], i: int, m: re.Match[str], rules: HeaderRules,
                    st: FieldState) -> int:
    """Read the field(s) of label line i (value inline or on the next lines); returns the next line."""
    line = lines[i]
    next_i = i + 1
    pos, strict = line.start + m.end(), bool(m.group("colon") or m.group("tab"))
    kind = rules.label_kind[m.group("label").lower()]
    while True:
        vend = value_end(text, pos, line.end, rules)
        s, e = strip_value(text, pos, vend)
        if kind in _PERSON_KINDS:
            if s >= e and vend == line.end:
                persons, last = _collect_lines(text, lines, i, rules)
                next_i = last + 1
            else:
                persons, _ = parse_list(text, s, e, rules)
                j = i
                while re.search(r"(?:,|\bog)\s*$", text[s:e]) and j + 1 < len(lines) and vend == line.end:
                    j += 1  # a list wrapped over the next line
                    more, _ = parse_list(text, lines[j].start, lines[j].end, rules)
                    persons.extend(more)
                    s, e = strip_value(text, lines[j].start, lines[j].end)
                    next_i = j + 1
            _add_persons(text, persons, kind, st)
            st.labelled = st.labelled or bool(persons) or strict
        elif kind in _SINGLE_KINDS:
            j = next_content_line(lines, i) if s >= e and vend == line.end else None
            if j is not None and not label_at(rules, lines[j].text) and table_cells(lines[j]) is None:
                s, e = strip_value(text, lines[j].start, lines[j].end)  # block layout: value on the next line
                if _read_single(text, kind, s, e, True, st, rules):
                    st.labelled = True
                    next_i = j + 1
            elif _read_single(text, kind, s, e, strict, st, rules) and kind != "body":
                st.labelled = True
        if vend >= line.end:
            return next_i
        nm = rules.inline_label_re.match(text, vend)
        if nm is None:
            return next_i
        kind, pos, strict = rules.label_kind[nm.group("label").lower()], nm.end(), True


def read_table_row(text: str, line: Line, rules: HeaderRules, st: FieldState) -> bool:
    """Label/value cells of a pipe-table row ("| Dato: | 28-03-2022 |", "| Udvalg: | Byrådet |");
    True when the line is a table row (read or not)."""
    cells = table_cells(line)
    if cells is None:
        return False
    k = 0
    while k < len(cells):
        cs, ce = strip_value(text, *cells[k])
        m = label_at(rules, text[cs:ce]) if cs < ce else None
        if m is None:
            k += 1
            continue
        kind = rules.label_kind[m.group("label").lower()]
        vs, ve = strip_value(text, cs + m.end(), ce)
        if vs >= ve and k + 1 < len(cells):
            k += 1
            vs, ve = strip_value(text, *cells[k])
        if kind in _PERSON_KINDS:
            persons, _ = parse_list(text, vs, ve, rules)
            _add_persons(text, persons, kind, st)
            st.labelled = st.labelled or bool(persons)
        elif kind in _SINGLE_KINDS and _read_single(text, kind, vs, ve, True, st, rules):
            st.labelled = True
        k += 1
    return True
