"""Meeting-header parser: body, date, times, location, attendees/absent, and item-level absence.

The pure functions (`parse_person_list`, `find_date`, `find_times`, `parse_header`,
`find_municipality`, `find_item_absences`) work on plain strings and return character offsets;
`HeaderParser` is the spaCy component that turns them into `doc.spans[labels.HEADER_KEY]` and
`doc.spans[labels.ITEM_ABSENT_KEY]`. All label words and word lists come from
`resources/header_rules.json` (`HeaderRules`).

Header region: the text before the first item span in `doc.spans[labels.ITEMS_KEY]`; without
items, the first `max_scan_chars` characters, and only when a labelled field is found there.

Municipality heuristic (documented): a KKR body gives "KL"; a regionsråd gives "Region X"
(printed in the header, else the region named most often); otherwise "<Name> Kommune" from a
"<Name> Kommune/Byråd/Kommunalbestyrelse" printed in the header, or a body with a fixed
municipality (Borgerrepræsentationen); else the "<Name> Kommune" named most often in the text.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, Callable, Iterable, Optional

from ..labels import HEADER_KEY, ITEM_ABSENT_KEY, ITEMS_KEY, HeaderField

__all__ = [
    "HeaderRules", "PersonEntry", "HeaderMatch", "HeaderResult", "load_rules", "parse_person_list",
    "find_date", "find_times", "parse_header", "find_municipality", "find_item_absences",
    "header_region", "HeaderParser", "make_header_parser",
]

RULES_FILE = "header_rules.json"
ABSENT_LABEL = "ABSENT"

# --- format patterns (not word lists) ------------------------------------------------------------
_MONTHS = (
    "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
    "jan\\.|feb\\.|febr\\.|mar\\.|apr\\.|jun\\.|jul\\.|aug\\.|sep\\.|sept\\.|okt\\.|nov\\.|dec\\."
)
_DATE_RE = re.compile(
    r"(?<![\d.\-/])(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<num>(?P<d1>\d{1,2})[./-](?P<m1>\d{1,2})[./-](?:\d{4}|\d{2}))"
    rf"|(?P<txt>(?P<d2>\d{{1,2}})\.?\s*(?:{_MONTHS})(?:\s+\d{{4}})?)"
    r")(?![\d])",
    re.IGNORECASE,
)
_TIME = r"(?:[01]?\d|2[0-3])[.:][0-5]\d"
_TIME_RE = re.compile(
    rf"(?<![\d.:/-])(?:kl\.?\s*)?(?P<t1>{_TIME}|(?<=kl\.)\s*\d{{1,2}}|(?<=kl)\s*\d{{1,2}})(?![\d]|[.:]\d)"
    rf"(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?(?P<t2>{_TIME})(?![\d]|[.:]\d))?",
    re.IGNORECASE,
)
_KL_HOUR_RE = re.compile(r"\bkl\.?\s*(?P<t1>\d{1,2})(?![\d.:])", re.IGNORECASE)
_TOC_RE = re.compile(r"(?:\.{3,}|…+|\t)\s*(?:<[^>]+>\s*)*\d{1,3}\s*(?:<[^>]+>\s*)*$")
_DECOR = r"(?:\*\*|__|<b>|</b>|<strong>|</strong>)"
_NAME_TOKEN_RE = re.compile(
    r"[A-ZÆØÅÉÜÖÄ](?:\.|[a-zæøåéüöäáèíóúñç'’]+(?:[A-ZÆØÅ][a-zæøåéüöä]+)?"
    r"(?:-[A-ZÆØÅa-zæøå][a-zæøåéüöäáèíóú'’]+)*)?"
)
_OG_RE = re.compile(r"\s+(?:og|samt|&)\s+(?=[A-ZÆØÅ])")
_PARTICLE_RE = re.compile(r"([a-zæøå]+)[ \t]+")
_WS_RE = re.compile(r"[ \t]+")
_PAREN_RE = re.compile(r"[ \t]*\(([^()\n]*)\)")
_LOOKBACK = 400  # item absence: how far before the verb a list of names may start
_SENTENCE_END_RE = re.compile(r"(?<=[a-zæøå0-9)\]])[.!?](?=\s|$)|\n")


# --- rules ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HeaderRules:
    """The data the parser runs on; `data` is the JSON object of `header_rules.json`."""

    data: dict[str, Any]
    label_kind: dict[str, str] = field(init=False, repr=False)
    line_label_re: re.Pattern[str] = field(init=False, repr=False)
    inline_label_re: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        kinds: dict[str, str] = {}
        for kind, words in self.data.get("labels", {}).items():
            for word in words:
                kinds.setdefault(word.lower(), kind)
        object.__setattr__(self, "label_kind", kinds)
        alt = "|".join(re.escape(w) for w in sorted(kinds, key=len, reverse=True)) or "(?!)"
        line_re = re.compile(
            rf"^[ \t]*(?:#{{1,6}}[ \t]*)?(?:[-•][ \t]+)?{_DECOR}?[ \t]*(?P<label>{alt})(?![\wæøåÆØÅ-])"
            rf"(?:(?:[ \t]+[a-zæøå.]+){{1,4}}(?=[ \t]*:))?[ \t]*{_DECOR}?[ \t]*(?P<colon>:)?[ \t]*{_DECOR}?(?P<tab>\t)?[ \t]*",
            re.IGNORECASE,
        )
        inline_re = re.compile(
            rf"(?<=\s)(?P<label>{alt})[ \t]*{_DECOR}?[ \t]*:(?!\d)[ \t]*{_DECOR}?[ \t]*", re.IGNORECASE
        )
        object.__setattr__(self, "line_label_re", line_re)
        object.__setattr__(self, "inline_label_re", inline_re)

    def words(self, key: str) -> list[str]:
        """A word list of the rules (empty when missing)."""
        value = self.data.get(key, [])
        return list(value) if isinstance(value, list) else []

    def pattern(self, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        """A regex of the rules, compiled (cached)."""
        return _compile(self.data.get(key, "(?!)"), flags)


_PATTERN_CACHE: dict[tuple[str, int], re.Pattern[str]] = {}


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    key = (pattern, flags)
    if key not in _PATTERN_CACHE:
        _PATTERN_CACHE[key] = re.compile(pattern, flags)
    return _PATTERN_CACHE[key]


_DEFAULT_RULES: Optional[HeaderRules] = None


def load_rules(data: Optional[dict[str, Any]] = None) -> HeaderRules:
    """Rules from `data`, or the packaged `header_rules.json` (cached) when None."""
    global _DEFAULT_RULES
    if data is not None:
        if not isinstance(data, dict) or not isinstance(data.get("labels"), dict):
            raise ValueError("header rules must be a JSON object with a 'labels' mapping")
        return HeaderRules(data)
    if _DEFAULT_RULES is None:
        raw = resources.files("minutes_nlp.resources").joinpath(RULES_FILE).read_text(encoding="utf-8")
        _DEFAULT_RULES = HeaderRules(json.loads(raw))
    return _DEFAULT_RULES


# --- result types --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonEntry:
    """A person in a list: `name` is text[start:end]; party/role when printed; absent if marked so."""

    start: int
    end: int
    name: str
    party: Optional[str] = None
    role: Optional[str] = None
    absent: bool = False


@dataclass(frozen=True)
class HeaderMatch:
    """One header field: `label` is a `HeaderField` value; text == source[start:end]."""

    label: str
    start: int
    end: int
    text: str
    party: Optional[str] = None
    role: Optional[str] = None


@dataclass(frozen=True)
class HeaderResult:
    """What `parse_header` found; `labelled` is True when at least one labelled field was read."""

    fields: tuple[HeaderMatch, ...] = ()
    labelled: bool = False

    def first(self, label: str) -> Optional[HeaderMatch]:
        """The first field with `label`, or None."""
        return next((f for f in self.fields if f.label == label), None)


# --- dates and times -----------------------------------------------------------------------------
def find_date(text: str, offset: int = 0) -> Optional[tuple[int, int]]:
    """The first valid date in `text` as (start, end) + offset, without weekday or "d."/"den"."""
    for m in _DATE_RE.finditer(text):
        if m.group("num"):
            if not (1 <= int(m.group("d1")) <= 31 and 1 <= int(m.group("m1")) <= 12):
                continue
        elif m.group("txt") and not 1 <= int(m.group("d2")) <= 31:
            continue
        return m.start() + offset, m.end() + offset
    return None


def find_times(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Time tokens in `text` ("09.30", "13:00", "16" after "kl."): [start] or [start, end] of the first."""
    for m in _TIME_RE.finditer(text):
        spans = [m.span("t1")]
        if m.group("t2"):
            spans.append(m.span("t2"))
        out = []
        for s, e in spans:
            seg = text[s:e]
            s += len(seg) - len(seg.lstrip())
            out.append((s + offset, e + offset))
        return out
    return []


def _blank(text: str, span: Optional[tuple[int, int]], offset: int) -> str:
    """`text` with the (absolute) span replaced by spaces, so times are not read inside dates."""
    if span is None:
        return text
    s, e = span[0] - offset, span[1] - offset
    return text[:s] + " " * (e - s) + text[e:]


# --- persons -------------------------------------------------------------------------------------
def _split_top_level(text: str) -> list[tuple[int, int]]:
    """Split at , ; newline tab and " og "/" samt " (before a capital) outside parentheses."""
    parts: list[tuple[int, int]] = []
    depth, start, i, n = 0, 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            if ch in ",;\n\t":
                parts.append((start, i))
                start = i + 1
            else:
                m = _OG_RE.match(text, i) if ch.isspace() else None
                if m and (i == 0 or text[i - 1] != "-"):
                    parts.append((start, i))
                    start = i = m.end()
                    continue
        i += 1
    parts.append((start, n))
    return parts


def _norm_role(text: str, rules: HeaderRules) -> Optional[str]:
    role = " ".join(text.split()).strip(" ,.;:-–")
    if not role:
        return None
    if role.lower() in rules.words("roles"):
        return role.lower()
    return role


def _is_absent_marker(text: str, rules: HeaderRules) -> bool:
    return " ".join(text.lower().split()).strip(" .,;:-–") in rules.words("absent_markers")


def _is_affiliation(text: str, rules: HeaderRules) -> bool:
    words = rules.words("municipality_words") + ["KL", "Regionen", "Region"]
    alt = "|".join(re.escape(w) for w in words)
    return bool(re.fullmatch(rf"(?:[A-ZÆØÅ][\w-]*\s+)*(?:{alt})(?:\s+[A-ZÆØÅ]\w+)?", text.strip()))


def _scan_name(text: str, pos: int, end: int, rules: HeaderRules) -> list[tuple[int, int]]:
    """Name tokens starting at `pos`: capitalised words, initials, inner particles; stops at stop words."""
    stop = set(rules.words("name_stop"))
    particles = set(rules.words("name_particles"))
    tokens: list[tuple[int, int]] = []
    i = pos
    while True:
        j = i
        while True:  # particles ("von", "de") only between capitalised tokens
            pm = _PARTICLE_RE.match(text, j, end) if tokens else None
            if pm and pm.group(1) in particles:
                j = pm.end()
            else:
                break
        m = _NAME_TOKEN_RE.match(text, j, end)
        if not m or text[m.start():m.end()].rstrip(".") in stop or len(tokens) >= 6:
            break
        if m.end() < end and (text[m.end()].isalnum() or text[m.end()] in "_"):
            break  # "KKR", "SF2": not a name token
        tokens.append(m.span())
        ws = _WS_RE.match(text, m.end(), end)
        if not ws:
            break
        i = ws.end()
    return tokens


def _parse_entry(text: str, start: int, end: int, rules: HeaderRules) -> Optional[PersonEntry]:
    """One list entry text[start:end] → a person, or None when it is not "[role] Name [(…)] [rest]"."""
    seg = text[start:end]
    lead = re.match(rf"\s*(?:[-*•–·][ \t]+)?{_DECOR}?\s*", seg)
    pos = start + (lead.end() if lead else 0)
    role: Optional[str] = None
    roles = rules.words("roles")
    rm = re.match(
        r"(" + "|".join(re.escape(r) for r in sorted(roles, key=len, reverse=True)) + r")[ \t]*:?[ \t]+",
        text[pos:end], re.IGNORECASE,
    ) if roles else None
    if rm and text[pos].isupper():
        role = rm.group(1).lower()
        pos += rm.end()
    tokens = _scan_name(text, pos, end, rules)
    if not tokens:
        return None
    name_start, name_end = tokens[0][0], tokens[-1][1]
    party: Optional[str] = None
    absent = False
    i = name_end
    party_re = rules.pattern("party_pattern", 0)
    while True:
        pm = _PAREN_RE.match(text, i, end)
        if not pm:
            break
        inner = pm.group(1).strip()
        if party is None and party_re.match(inner):
            party = inner
        elif _is_absent_marker(inner, rules):
            absent = True
        elif inner and not re.search(r"\d|\bkl\b|\bpkt\b|\bpunkt", inner, re.IGNORECASE):
            role = role or _norm_role(inner, rules)
        i = pm.end()
    rest = text[i:end].strip().strip("*").strip()
    rest = rest.rstrip(".;:,").strip()
    if rest:
        if re.match(r"(?:Kommune|KOMMUNE|Kommunes)\b", rest) and len(tokens) >= 3 and party is None:
            tokens = tokens[:-1]
            name_end = tokens[-1][1]
        elif _is_affiliation(rest, rules):
            pass
        else:
            dm = re.match(r"[-–:][ \t]*(.*)$", rest)
            tail = dm.group(1) if dm else rest
            if _is_absent_marker(tail, rules):
                absent = True
            elif dm or tail.lower().split()[0] in roles or tail.split()[0] in ("for", "som", "i"):
                role = role or _norm_role(tail, rules)
            else:
                return None
    if len(tokens) > 6 or (len(tokens) < 2 and party is None):
        return None
    return PersonEntry(name_start, name_end, text[name_start:name_end], party, role, absent)


def _parse_list(text: str, start: int, end: int, rules: HeaderRules) -> tuple[list[PersonEntry], int]:
    """Persons in text[start:end] and the number of entries that were neither person nor note."""
    persons: list[PersonEntry] = []
    rejected = 0
    roles = rules.words("roles")
    for s, e in _split_top_level(text[start:end]):
        s, e = s + start, e + start
        piece = text[s:e].strip().strip("*").strip().rstrip(".")
        if not piece:
            continue
        entry = _parse_entry(text, s, e, rules)
        if entry is not None:
            persons.append(entry)
            continue
        if persons and _is_absent_marker(piece, rules):
            persons[-1] = replace(persons[-1], absent=True)
        elif persons and piece.split()[0].lower() in roles and piece[0].islower():
            if persons[-1].role is None:
                persons[-1] = replace(persons[-1], role=_norm_role(piece, rules))
        elif persons and _is_affiliation(piece, rules):
            pass
        else:
            rejected += 1
    return persons, rejected


def parse_person_list(text: str, offset: int = 0, rules: Optional[HeaderRules] = None) -> list[PersonEntry]:
    """Persons in a list such as "Anna Berg (A), formand, Bo Lund (V) (Afbud)"; offsets + `offset`."""
    if not isinstance(text, str) or not text.strip():
        return []
    rules = rules or load_rules()
    persons, _ = _parse_list(text, 0, len(text), rules)
    return [replace(p, start=p.start + offset, end=p.end + offset) for p in persons]


# --- header lines --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str, start: int, end: int) -> list[_Line]:
    out, pos = [], start
    for raw in text[start:end].split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _is_toc(line: str) -> bool:
    stripped = line.strip()
    return bool(_TOC_RE.search(stripped)) or stripped.lower().strip("#* ") in ("indholdsfortegnelse",)


def _strip_value(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, markdown/HTML emphasis and trailing punctuation from text[start:end]."""
    while True:
        old = (start, end)
        while start < end and text[start] in " \t\r*_":
            start += 1
        while end > start and text[end - 1] in " \t\r*_.,;:":
            end -= 1
        for tag in ("<b>", "<strong>"):
            if text.startswith(tag, start):
                start += len(tag)
        for tag in ("</b>", "</strong>"):
            if text[start:end].endswith(tag):
                end -= len(tag)
        if (start, end) == old:
            return start, end


@dataclass
class _State:
    fields: list[HeaderMatch] = field(default_factory=list)
    labelled: bool = False

    def has(self, label: str) -> bool:
        return any(f.label == label for f in self.fields)

    def add(self, text: str, label: str, span: Optional[tuple[int, int]], **kw: Any) -> bool:
        if span is None or span[0] >= span[1]:
            return False
        if label not in (HeaderField.ATTENDEE.value, HeaderField.ABSENT.value) and self.has(label):
            return False
        if any(f.start == span[0] and f.end == span[1] for f in self.fields):
            return False
        self.fields.append(HeaderMatch(label, span[0], span[1], text[span[0]:span[1]], **kw))
        return True


def _read_datetime(text: str, s: int, e: int, kind: str, st: _State) -> bool:
    """Date and/or times in text[s:e] by label kind; True if something was read."""
    value = text[s:e]
    date = find_date(value, s) if kind in ("date", "time", "meeting") else None
    times = find_times(_blank(value, date, s), s)
    if not times:
        times = [m.span("t1") for m in _KL_HOUR_RE.finditer(value)][:1]
        times = [(a + s, b + s) for a, b in times]
    got = date is not None or bool(times)
    st.add(text, HeaderField.DATE.value, date)
    if kind == "end_time":
        st.add(text, HeaderField.END_TIME.value, times[0] if times else None)
    elif times:
        st.add(text, HeaderField.START_TIME.value, times[0])
        if len(times) > 1:
            st.add(text, HeaderField.END_TIME.value, times[1])
    return got


def _add_persons(text: str, persons: Iterable[PersonEntry], kind: str, st: _State) -> None:
    for p in persons:
        absent = p.absent or kind == "absent"
        role = p.role
        if kind == "substitutes":
            role = f"stedfortræder {role}" if role and role.startswith("for ") else role or "stedfortræder"
        label = HeaderField.ABSENT.value if absent else HeaderField.ATTENDEE.value
        st.add(text, label, (p.start, p.end), party=p.party, role=role)


def _label_at(rules: HeaderRules, line: str) -> Optional[re.Match[str]]:
    m = rules.line_label_re.match(line)
    if not m:
        return None
    first = m.group("label")[0]
    return m if first.isupper() or m.group("colon") or m.group("tab") else None


def _value_end(text: str, s: int, e: int, rules: HeaderRules) -> int:
    """End of a field value: the line end, or the start of the next "Label:" inside the line."""
    for m in rules.inline_label_re.finditer(text, s, e):
        if m.group("label")[0].isupper():
            return m.start()
    return e


def _collect_lines(text: str, lines: list[_Line], i: int, rules: HeaderRules) -> tuple[list[PersonEntry], int]:
    """Persons on the lines after a label line i with no inline value; returns (persons, last line)."""
    persons: list[PersonEntry] = []
    j, last = i + 1, i
    while j < len(lines) and j <= i + 60:
        line = lines[j]
        if not line.text.strip():
            j += 1
            continue
        if _label_at(rules, line.text) or line.text.lstrip().startswith("#") or _is_toc(line.text):
            break
        found, _ = _parse_list(text, line.start, line.end, rules)
        if not found:
            break
        persons.extend(found)
        last = j
        j += 1
    return persons, last


def _body_candidate(text: str, line: _Line, rules: HeaderRules) -> Optional[tuple[int, int]]:
    """The body name inside a title line ("REFERAT Økonomiudvalget d. 9. marts 2021", "# KKR X")."""
    s, e = _strip_value(text, line.start, line.end)
    s += len(text[s:e]) - len(text[s:e].lstrip("# \t*"))
    s, e = _strip_value(text, s, e)
    prefix = set(rules.words("body_prefix_words"))
    while s < e:
        m = re.match(r"([^\s]+)\s*", text[s:e])
        if m and m.group(1).lower().strip(":") in prefix:
            s += m.end()
        else:
            break
    d = find_date(text[s:e], s)
    if d is not None:
        cut = re.search(r"[\s,–-]*(?:(?:d\.|den|DEN)\s*)?$", text[s:d[0]])
        e = s + cut.start() if cut else d[0]
    mm = re.search(r"\s+(?:møde|mødet|MØDE)\b", text[s:e])
    if mm:
        e = s + mm.start()
    ym = re.search(r"\s+(?:\d{4}(?:\s*[-–]\s*\d{4})?|\([^()]*\))\s*$", text[s:e])  # "Byråd 2022-2025"
    if ym:
        e = s + ym.start()
    s, e = _strip_value(text, s, e)
    phrase = text[s:e]
    words = phrase.split()
    if not words or len(words) > 8 or not phrase[0].isupper() or re.search(r"\d", phrase):
        return None
    if rules.pattern("body_kkr", 0).match(phrase):
        return s, e
    if re.fullmatch(rules.data.get("body_suffix", "(?!)"), words[-1].split("-")[-1], re.IGNORECASE) or \
            re.search(r"(?:" + rules.data.get("body_suffix", "(?!)") + r")$", words[-1], re.IGNORECASE):
        return s, e
    return None


def parse_header(text: str, start: int = 0, end: Optional[int] = None,
                 rules: Optional[HeaderRules] = None) -> HeaderResult:
    """Header fields in text[start:end] (offsets into `text`); first value of each single field wins."""
    if not isinstance(text, str) or not text:
        return HeaderResult()
    rules = rules or load_rules()
    end = len(text) if end is None else min(end, len(text))
    lines = _lines(text, max(0, start), end)
    st = _State()
    body_candidates: list[tuple[tuple[int, int], Optional[tuple[int, int]]]] = []
    meeting_re = rules.pattern("meeting_line")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.text.strip() or _is_toc(line.text):
            i += 1
            continue
        m = _label_at(rules, line.text)
        if m is not None:
            i = _read_label_line(text, lines, i, m, rules, st)
            continue
        plain = line.text.strip().lstrip("#* \t")
        if meeting_re.match(plain) and find_date(plain) is not None:
            st.labelled = _read_datetime(text, line.start, line.end, "meeting", st) or st.labelled
        if not st.labelled:
            cand = _body_candidate(text, line, rules)
            if cand is not None:
                body_candidates.append((cand, find_date(text[line.start:line.end], line.start)))
        i += 1
    if body_candidates and not st.has(HeaderField.BODY.value):
        body, date = body_candidates[-1]
        st.add(text, HeaderField.BODY.value, body)
        st.add(text, HeaderField.DATE.value, date)
    fields = tuple(sorted(st.fields, key=lambda f: (f.start, f.end)))
    return HeaderResult(fields, st.labelled)


def _read_label_line(text: str, lines: list[_Line], i: int, m: re.Match[str], rules: HeaderRules,
                     st: _State) -> int:
    """Read the field(s) of label line i (value inline or on the next lines); returns the next line."""
    line = lines[i]
    next_i = i + 1
    pos, strict = line.start + m.end(), bool(m.group("colon") or m.group("tab"))
    kind = rules.label_kind[m.group("label").lower()]
    while True:
        vend = _value_end(text, pos, line.end, rules)
        s, e = _strip_value(text, pos, vend)
        if kind in ("attendees", "absent", "substitutes"):
            if s >= e and vend == line.end:
                persons, last = _collect_lines(text, lines, i, rules)
                next_i = last + 1
            else:
                persons, _ = _parse_list(text, s, e, rules)
                j = i
                while re.search(r"(?:,|\bog)\s*$", text[s:e]) and j + 1 < len(lines) and vend == line.end:
                    j += 1  # a list wrapped over the next line
                    more, _ = _parse_list(text, lines[j].start, lines[j].end, rules)
                    persons.extend(more)
                    s, e = _strip_value(text, lines[j].start, lines[j].end)
                    next_i = j + 1
            _add_persons(text, persons, kind, st)
            st.labelled = st.labelled or bool(persons) or strict
        elif kind in ("date", "time", "start_time", "end_time"):
            st.labelled = _read_datetime(text, s, e, kind, st) or st.labelled
        elif kind == "location":
            if s >= e and vend == line.end:
                j = i + 1
                while j < len(lines) and not lines[j].text.strip():
                    j += 1
                if j < len(lines) and j <= i + 2 and not _label_at(rules, lines[j].text):
                    s, e = _strip_value(text, lines[j].start, lines[j].end)
                    next_i = j + 1
            if s < e and (strict or text[s].isupper() or text[s].isdigit()):
                st.labelled = st.add(text, HeaderField.LOCATION.value, (s, e)) or st.labelled
        elif kind == "body" and s < e and (strict or text[s].isupper()):
            st.add(text, HeaderField.BODY.value, (s, e))
        if vend >= line.end:
            return next_i
        nm = rules.inline_label_re.match(text, vend)
        if nm is None:
            return next_i
        kind, pos, strict = rules.label_kind[nm.group("label").lower()], nm.end(), True


# --- municipality --------------------------------------------------------------------------------
def _title(name: str) -> str:
    return "-".join(p.capitalize() if p.isupper() else p for p in name.split("-"))


def _municipality_mentions(text: str, rules: HeaderRules, words: Optional[list[str]] = None) -> list[str]:
    alt = "|".join(re.escape(w) for w in (words or rules.words("municipality_words")))
    stop = set(rules.words("municipality_stop"))
    out = []
    for m in re.finditer(
        rf"(?<![\wæøåÆØÅ-])([A-ZÆØÅ][A-Za-zÆØÅæøåé]+(?:-[A-ZÆØÅ][A-Za-zÆØÅæøåé]+)*)\s+(?:{alt})(?![\wæøå])", text
    ):
        if m.group(1) not in stop and _title(m.group(1)) not in stop:
            out.append(f"{_title(m.group(1))} Kommune")
    for m in re.finditer(rf"(?:Kommunalbestyrelsen|KOMMUNALBESTYRELSEN)\s+i\s+([A-ZÆØÅ][\wæøå-]+)", text):
        out.append(f"{_title(m.group(1))} Kommune")
    return out


def _region_mentions(text: str, rules: HeaderRules) -> list[str]:
    alt = "|".join(re.escape(r) for r in rules.words("regions")) or "(?!)"
    return [f"Region {_title(m.group(1))}" for m in re.finditer(rf"\bRegion\s+({alt})\b", text, re.IGNORECASE)]


def find_municipality(text: str, header_start: int, header_end: int, body: Optional[str],
                      rules: Optional[HeaderRules] = None) -> Optional[str]:
    """The municipality (or "KL"/"Region X") of the meeting; see the module docstring for the order."""
    rules = rules or load_rules()
    header = text[header_start:header_end]
    body_l = (body or "").lower()
    if body and rules.pattern("body_kkr", 0).match(body.strip()):
        return "KL"
    if body and rules.pattern("regional_body").search(body_l):
        regions = _region_mentions(header, rules) or _region_mentions(text, rules)
        return Counter(regions).most_common(1)[0][0] if regions else None
    fixed = rules.data.get("body_municipality", {}).get(body_l)
    if fixed:
        return str(fixed)
    mentions = _municipality_mentions(header, rules)
    if mentions:
        return mentions[0]
    regions = _region_mentions(header, rules)
    if regions:
        return regions[0]
    counts = Counter(_municipality_mentions(text, rules, ["Kommune", "Kommunes", "KOMMUNE"]))
    return counts.most_common(1)[0][0] if counts else None


# --- item-level absence --------------------------------------------------------------------------
def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence containing pos (not before lo)."""
    best = lo = max(lo, pos - _LOOKBACK)
    for m in _SENTENCE_END_RE.finditer(text, lo, pos):
        best = m.end()
    return best


def _sentence_end(text: str, pos: int, hi: int) -> int:
    m = _SENTENCE_END_RE.search(text, pos, hi)
    return m.start() if m else hi


def _trailing_persons(text: str, lo: int, hi: int, rules: HeaderRules) -> list[PersonEntry]:
    """The longest run of persons that ends at hi and starts at a capitalised word after lo."""
    for m in re.finditer(r"(?<![\wæøåÆØÅ])[A-ZÆØÅ]", text[lo:hi]):
        persons, rejected = _parse_list(text, lo + m.start(), hi, rules)
        if persons and not rejected:
            return persons
    return []


def find_item_absences(text: str, start: int = 0, end: Optional[int] = None,
                       rules: Optional[HeaderRules] = None) -> list[PersonEntry]:
    """Persons recorded absent in text[start:end]: "X og Y var fraværende", "Fraværende: X",
    "Afbud fra X", "X (A) deltog ikke i behandlingen"; offsets into `text`, in text order."""
    if not isinstance(text, str) or not text:
        return []
    rules = rules or load_rules()
    end = len(text) if end is None else min(end, len(text))
    found: dict[tuple[int, int], PersonEntry] = {}
    labels = "|".join(re.escape(w) for w in sorted(rules.words("item_absent_labels"), key=len, reverse=True))
    gap = rules.data.get("item_absent_label_gap", "")
    if labels:
        for m in re.finditer(rf"(?:^|(?<=[\s>]))(?:{labels}){gap}[ \t]*{_DECOR}?[ \t]*:[ \t]*{_DECOR}?",
                             text[start:end], re.IGNORECASE | re.MULTILINE):
            if not m.group(0)[0].isupper():
                continue
            s = start + m.end()
            line_end = text.find("\n", s, end)
            vend = _value_end(text, s, end if line_end < 0 else line_end, rules)
            vs, ve = _strip_value(text, s, vend)
            for p in _parse_list(text, vs, ve, rules)[0]:
                found.setdefault((p.start, p.end), p)
    for m in rules.pattern("item_absent_from", 0).finditer(text, start, end):
        vs, ve = _strip_value(text, m.end(), _sentence_end(text, m.end(), end))
        for p in _parse_list(text, vs, ve, rules)[0]:
            found.setdefault((p.start, p.end), p)
    for m in re.finditer(rf"\s+(?:{rules.data.get('item_absent_verbs', '(?!)')})\b", text[start:end]):
        verb = start + m.start()
        lo = _sentence_start(text, start, verb)
        for p in _trailing_persons(text, lo, verb, rules):
            found.setdefault((p.start, p.end), p)
    return [replace(p, absent=True) for _, p in sorted(found.items())]


# --- region --------------------------------------------------------------------------------------
def header_region(text: str, item_starts: list[int], max_scan_chars: int = 3000,
                  max_header_chars: int = 20000) -> tuple[int, int, bool]:
    """(start, end, from_items): before the first item, else the first max_scan_chars (to a line end)."""
    if item_starts:
        return 0, min(min(item_starts), max_header_chars), True
    end = min(len(text), max_scan_chars)
    nl = text.find("\n", end)
    if 0 <= nl - end < 300:
        end = nl
    return 0, end, False


# --- spaCy component -----------------------------------------------------------------------------
try:  # spaCy is a core dependency; the pure functions above work without importing it.
    import srsly
    from spacy.language import Language
    from spacy.pipeline import Pipe
    from spacy.tokens import Doc, Span
    from spacy.util import ensure_path
except ImportError:  # pragma: no cover
    Pipe = object  # type: ignore[assignment,misc]
    Language = None  # type: ignore[assignment]


def _exact_span(doc: "Doc", start: int, end: int, label: str, text: Optional[str] = None) -> Optional["Span"]:
    """A token-aligned span whose text is exactly doc.text[start:end], or None (pass ``text`` = doc.text
    when calling in a loop: Doc.text is rebuilt from every token on each access)."""
    want = (doc.text if text is None else text)[start:end]
    for mode in ("strict", "contract", "expand"):
        span = doc.char_span(start, end, label=label, alignment_mode=mode)
        if span is not None and span.text == want:
            return span
    return None


class HeaderParser(Pipe):  # type: ignore[misc,valid-type]
    """Writes `doc.spans[HEADER_KEY]` (header fields) and `doc.spans[ITEM_ABSENT_KEY]`."""

    def __init__(self, nlp: "Language", name: str = "minutes_header", *, max_scan_chars: int = 3000,
                 max_header_chars: int = 20000, item_absence: bool = True) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.cfg = {"max_scan_chars": int(max_scan_chars), "max_header_chars": int(max_header_chars),
                    "item_absence": bool(item_absence)}
        self._rules: Optional[HeaderRules] = None

    @property
    def rules(self) -> HeaderRules:
        """The rules in use (the packaged ones until `initialize` or `from_*` sets others)."""
        if self._rules is None:
            self._rules = load_rules()
        return self._rules

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *,
                   nlp: Optional["Language"] = None, rules: Optional[dict[str, Any]] = None) -> None:
        """Load `rules` (a header_rules.json object) or the packaged rules."""
        self._rules = load_rules(rules) if rules is not None else load_rules()

    def __call__(self, doc: "Doc") -> "Doc":
        text = doc.text
        items = list(doc.spans[ITEMS_KEY]) if ITEMS_KEY in doc.spans else []
        start, end, from_items = header_region(text, [sp.start_char for sp in items],
                                               self.cfg["max_scan_chars"], self.cfg["max_header_chars"])
        result = parse_header(text, start, end, self.rules) if text.strip() else HeaderResult()
        looks_like_minutes = from_items or result.labelled
        spans: list[Span] = []
        persons: list[Optional[dict[str, Optional[str]]]] = []
        municipality: Optional[str] = None
        if looks_like_minutes:
            fields = list(result.fields)
            if not any(f.label == HeaderField.END_TIME.value for f in fields):
                m = self.rules.pattern("end_phrase", 0).search(text)
                times = find_times(text[m.end():m.end() + 20], m.end()) if m else []
                if times:
                    fields.append(HeaderMatch(HeaderField.END_TIME.value, *times[0], text[slice(*times[0])]))
            for f in sorted(fields, key=lambda f: (f.start, f.end)):
                span = _exact_span(doc, f.start, f.end, f.label, text)
                if span is None:
                    continue
                spans.append(span)
                is_person = f.label in (HeaderField.ATTENDEE.value, HeaderField.ABSENT.value)
                persons.append({"party": f.party, "role": f.role} if is_person else None)
            body = result.first(HeaderField.BODY.value)
            municipality = find_municipality(text, start, end, body.text if body else None, self.rules)
        doc.spans[HEADER_KEY] = spans
        group = doc.spans[HEADER_KEY]
        group.attrs["persons"] = persons
        group.attrs["municipality"] = municipality
        self._set_item_absence(doc, items)
        return doc

    def _set_item_absence(self, doc: "Doc", items: list["Span"]) -> None:
        spans: list[Span] = []
        index: list[int] = []
        persons: list[dict[str, Optional[str]]] = []
        if self.cfg["item_absence"]:
            text = doc.text
            for k, item in enumerate(items):
                for p in find_item_absences(text, item.start_char, item.end_char, self.rules):
                    span = _exact_span(doc, p.start, p.end, ABSENT_LABEL, text)
                    if span is not None:
                        spans.append(span)
                        index.append(k)
                        persons.append({"party": p.party, "role": p.role})
        doc.spans[ITEM_ABSENT_KEY] = spans
        group = doc.spans[ITEM_ABSENT_KEY]
        group.attrs["items"] = index
        group.attrs["persons"] = persons

    # --- serialisation ---
    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        """Rules and config as msgpack."""
        return srsly.msgpack_dumps({"cfg": self.cfg, "rules": self.rules.data})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()) -> "HeaderParser":
        """Restore rules and config written by `to_bytes`."""
        data = srsly.msgpack_loads(bytes_data)
        self.cfg.update(data.get("cfg", {}))
        self._rules = load_rules(data["rules"])
        return self

    def to_disk(self, path: Any, *, exclude: Iterable[str] = tuple()) -> None:
        """Write `header_rules.json` and `cfg` into the folder `path`."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / RULES_FILE, self.rules.data)
        srsly.write_json(path / "cfg", self.cfg)

    def from_disk(self, path: Any, *, exclude: Iterable[str] = tuple()) -> "HeaderParser":
        """Read what `to_disk` wrote."""
        path = ensure_path(path)
        if (path / "cfg").exists():
            self.cfg.update(srsly.read_json(path / "cfg"))
        self._rules = load_rules(srsly.read_json(path / RULES_FILE))
        return self


if Language is not None:
    @Language.factory(
        "minutes_header",
        assigns=["doc.spans"],
        default_config={"max_scan_chars": 3000, "max_header_chars": 20000, "item_absence": True},
    )
    def make_header_parser(nlp: Language, name: str, max_scan_chars: int, max_header_chars: int,
                           item_absence: bool) -> HeaderParser:
        """Factory of the `minutes_header` component."""
        return HeaderParser(nlp, name, max_scan_chars=max_scan_chars, max_header_chars=max_header_chars,
                            item_absence=item_absence)
