"""`parse_header`: the meeting header of a first page, from labelled fields, title lines and first lines.

Evidence is weighed rather than forms tried in order: a labelled field ("Dato:", "UDVALG" + value line,
"| Dato: | … |") wins; else the best title line (a line that names the document kind or carries the
date: "Referat af mødet i Byrådet den …", "Økonomiudvalget - Referat", "Skoleudvalget den 3. marts 2021
kl. 16.00"); else a first line that is a body name. Among body lines of equal weight the later one wins
("HOLSTEBRO BYRÅD" / "Teknik- og Miljøudvalget"), among dates the earlier one.
"""
from __future__ import annotations

import re
from typing import Optional

from ...labels import HeaderField
from .datetimes import find_date, is_date_line, resolve_date
from .fields import FieldState, read_datetime, read_label_line, read_table_row
from .lines import Line, is_toc, label_at, next_content_line, plain_text, split_lines, strip_value, value_end
from .rules import HeaderResult, HeaderRules, load_rules
from .titles import body_in, has_title_marker, is_nav_line, title_start

__all__ = ["parse_header"]

_SINGLE = (HeaderField.BODY.value, HeaderField.DATE.value, HeaderField.START_TIME.value, HeaderField.END_TIME.value)


def _read_title_line(text: str, lines: list[Line], i: int, rules: HeaderRules, st: FieldState,
                     end: Optional[int] = None) -> bool:
    """Propose body, date and times of an unlabelled line (title line or first line), read up to `end`
    (the first inline label of a flattened line); True when it is a title line (a document-kind marker or
    a body name)."""
    line = lines[i]
    end = line.end if end is None else end
    start = title_start(text, line.start, end, rules)
    plain = plain_text(text[start:end])
    if not plain or is_nav_line(plain, rules) or rules.pattern("dated_heading").match(plain):
        return False
    marker = has_title_marker(plain, rules)
    date = find_date(text[start:end], start)
    date_line = date is not None and is_date_line(text, start, end, rules)
    body = body_in(text, start, end, rules)
    title = marker or date is not None
    if body is not None:
        score = rules.weight("title_line", 2) if title else rules.weight("first_line", 1)
        j = next_content_line(lines, i)
        if not title and j is not None and (is_date_line(text, lines[j].start, lines[j].end, rules)
                                            or rules.pattern("meeting_line").match(plain_text(lines[j].text))):
            score += rules.weight("before_date_line", 0.5)
        st.propose(HeaderField.BODY.value, body, score)
    elif not title and _named_before_date(text, lines, i, plain, rules):
        s, e = strip_value(text, start, end)  # "Forebyggelse og Idræt" above "Mandag den 30-04-2018 kl. 16:30"
        st.propose(HeaderField.BODY.value, (s, e), rules.weight("before_date_line", 0.5))
    if date is not None and (body is not None or marker or date_line):
        read_datetime(text, date[0], end, "meeting", st, rules.weight("title_line", 2))
    return bool(marker or body is not None)


#: a committee's name that lacks a body word: capitalised words joined by "og", "for", "i", ","
_BARE_NAME = re.compile(r"^[A-ZÆØÅ][\wæøå-]+(?:,?\s+(?:og|for|i|[A-ZÆØÅ][\wæøå-]+))*,?\s+(?:og|for|i)\s+[A-ZÆØÅ][\wæøå-]+$")


def _named_before_date(text: str, lines: list[Line], i: int, plain: str, rules: HeaderRules) -> bool:
    """A bare name ("Forebyggelse og Idræt", "Kultur, Fritid og Idræt") standing right above the
    meeting's date line is the body that met."""
    j = next_content_line(lines, i)
    return (len(plain.split()) <= 7 and bool(_BARE_NAME.match(plain)) and j is not None and j <= i + 2
            and is_date_line(text, lines[j].start, lines[j].end, rules))


def _date_under_title(text: str, line: Line, rules: HeaderRules, st: FieldState) -> bool:
    """A line right under a title line that opens with the meeting date ("Den 09.01.2020 kl. 13:00 i
    Tapperiet"): date and times proposed as a title line's."""
    plain = plain_text(line.text)
    m = rules.pattern("date_lead").match(plain)
    if m is None:
        return False
    date = find_date(line.text, line.start)
    if date is None:
        return False
    read_datetime(text, date[0], line.end, "meeting", st, rules.weight("title_line", 2))
    return True


def _inline_labels(text: str, line: Line, rules: HeaderRules) -> Optional[int]:
    """Start of the first date/time label inside a flattened line that does not open with a label
    ("1 Referat fra Økonomiudvalget Mødedato: Mandag den 6. oktober 2014 Mødetidspunkt: …"), or None."""
    kinds = set(rules.words("inline_label_kinds"))
    for m in rules.inline_label_re.finditer(text, line.start, line.end):
        if m.group("label")[0].isupper() and rules.label_kind[m.group("label").lower()] in kinds:
            return m.start()
    return None


def _read_inline_datetimes(text: str, line: Line, start: int, rules: HeaderRules, st: FieldState) -> None:
    """The date and time fields of a flattened line from `start` on; its other labels (persons, place)
    are left alone, as their values are often printed apart from them ("Medlemmer: Afbud: <place> …")."""
    kinds = set(rules.words("inline_label_kinds")) | {"end_time"}
    for m in rules.inline_label_re.finditer(text, start, line.end):
        kind = rules.label_kind[m.group("label").lower()]
        if not m.group("label")[0].isupper() or kind not in kinds:
            continue
        s, e = strip_value(text, m.end(), value_end(text, m.end(), line.end, rules))
        if s < e and read_datetime(text, s, e, kind, st):
            st.labelled = True


def _separated_date(text: str, line: Line, rules: HeaderRules, st: FieldState) -> None:
    """A date label whose value lies further on in a flattened line ("Dato: Starttidspunkt for møde: Kl
    … Afbud fra: Onsdag den 15-maj-2002 …"): the first date after the label, proposed."""
    if st.has(HeaderField.DATE.value):
        return
    for m in rules.inline_label_re.finditer(text, line.start, line.end):
        if rules.label_kind[m.group("label").lower()] == "date":
            date = find_date(text[m.end():line.end], m.end())
            if date is not None:
                st.propose(HeaderField.DATE.value, date, rules.weight("separated_label_date", 1.5))
            return


def _resolve(text: str, st: FieldState) -> None:
    """Fill each single field not labelled from its best candidate."""
    for label in _SINGLE:
        if st.has(label):
            continue
        cands = [c for c in st.candidates if c.label == label]
        if not cands:
            continue
        later = label == HeaderField.BODY.value
        best = max(cands, key=lambda c: (c.score, c.order if later else -c.order))
        st.add(text, label, (best.start, best.end))


def parse_header(text: str, start: int = 0, end: Optional[int] = None,
                 rules: Optional[HeaderRules] = None) -> HeaderResult:
    """Header fields in text[start:end] (offsets into `text`; the rest of `text` is read only for the year
    of a date printed without one); see the module docstring for how evidence is weighed."""
    if not isinstance(text, str) or not text:
        return HeaderResult()
    rules = rules or load_rules()
    start = max(0, start)
    end = len(text) if end is None else min(end, len(text))
    lines = split_lines(text, start, end)
    st = FieldState()
    meeting_re = rules.pattern("meeting_line")
    title_at = -10
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.text.strip() or is_toc(line.text):
            i += 1
            continue
        if read_table_row(text, line, rules, st):
            i += 1
            continue
        m = label_at(rules, line.text)
        if m is not None and rules.label_kind[m.group("label").lower()] == "ignore" \
                and not (m.group("colon") or m.group("tab")):
            m = None  # "Dagsorden med beslutninger – Byrådet": a title line, not the ignored label "Dagsorden:"
        if m is not None:
            nxt = read_label_line(text, lines, i, m, rules, st)
            _separated_date(text, line, rules, st)
            i = nxt
            continue
        plain = plain_text(line.text)
        inline = _inline_labels(text, line, rules)
        if inline is not None:  # a flattened PDF line: title text, then "Label: value" pairs
            if not st.labelled:
                _read_title_line(text, lines, i, rules, st, inline)
            _read_inline_datetimes(text, line, inline, rules, st)
            _separated_date(text, line, rules, st)
        elif meeting_re.match(plain) and find_date(plain) is not None:
            st.labelled = read_datetime(text, line.start, line.end, "meeting", st) or st.labelled
        elif i - title_at <= 2 and _date_under_title(text, line, rules, st):
            pass
        elif not st.labelled:
            if _read_title_line(text, lines, i, rules, st):
                title_at = i
        i += 1
    _resolve(text, st)
    date = next((f for f in st.fields if f.label == HeaderField.DATE.value), None)
    date_value = resolve_date(text, (date.start, date.end), (start, end), rules) if date else None
    titled = date is not None and st.has(HeaderField.BODY.value)
    fields = tuple(sorted(st.fields, key=lambda f: (f.start, f.end)))
    return HeaderResult(fields, st.labelled, titled, date_value)
