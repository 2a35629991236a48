"""Which of an item's decision blocks is THIS meeting's decision (pure functions).

One agenda item often carries its decision history: a committee's block, the Økonomiudvalg's, then
the Byråd's, each under a heading that names the body and/or the date ("Beslutning Økonomiudvalget
den 02-02-2021", "Beslutning i Byrådet den 6. februar 2014", "Beslutning fra Udvalget for X, 17.
marts 2021, pkt. 32:", "BESLUTNING: Økonomiudvalget den 22-10-2020", "Beslutning Byrådet,
20.09.2016", "Beslutning på byrådsmødet den 22. juni 2022", "Økonomiudvalgets beslutning").

:func:`choose_decision` picks, from the heading lines and the meeting header's body and date:

1. a block whose heading matches the meeting (body and date both > one of them), never one whose
   heading names another body or another date (a mismatch);
2. else a plain heading ("Beslutning", "Udvalgets beslutning"): by convention the meeting's own;
3. else the last block (histories run in time order).

An empty block (a layout that prints this meeting's decision under a plain "Beslutning" and leaves
the dated heading empty) loses to one with text unless that one names another body or date.
Ties go to the later block. Headings that are not decision headings (false friends such as
"Beslutningssag:", "Beslutning om …" titles, "(Beslutning)" suffixes, a sentence that ends in
"… træffes beslutning") only count when no block has a real decision heading.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..normalize.dates import parse_date
from ..rule_models import top_body_names

__all__ = ["DecisionHeading", "body_key", "bodies_match", "choose_decision", "find_heading_date", "heading_before",
           "is_false_friend", "parse_heading"]

_BODY_WORD = r"[\wæøåÆØÅ\-]*(?:udvalg(?:et)?|råd(?:et)?|bestyrelse(?:n)?|magistrat(?:en)?|borgmester(?:en)?|direktion(?:en)?)"
_HEADING = re.compile(
    r"^[\W_]*(?:(?P<prefix>(?:[\wæøåÆØÅ\-]+\s+){0,5}?" + _BODY_WORD + r")s\s+)?beslutning(?:er)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL)
#: the first word after "Beslutning" that may start a body/date part (else: "Beslutning om …" is a title)
_REST_START = re.compile(r"(?:i|fra|på|af|ved|den|d\.|truffet|taget|og\s+bemærkninger)\b|(?-i:[A-ZÆØÅ0-9])",
                         re.IGNORECASE)
_DATE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?!\d)|(?<!\d)\d{1,2}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{2,4}(?!\d)"
    r"|(?<!\d)\d{1,2}\.?\s*[a-zæøå]{3,}\.?\s+\d{4}(?!\d)", re.IGNORECASE)
_NOISE = re.compile(r"\b(?:pkt|punkt|sag)\.?\s*(?:nr\.?\s*)?\d+\b|\b\d{4}\s*[-–]\s*\d{4}\b|\bkl\.?\s*\d{1,2}(?:[.:]\d{2})?",
                    re.IGNORECASE)
_WORDS = re.compile(r"[\wæøåÆØÅ]+")
_STEM = re.compile(r"^([\wæøå]*?(?:udvalg|borgerrepræsentation|kommunalbestyrelse|bestyrelse|regionsråd|byråd|råd|"
                   r"magistrat|borgmester|direktion))[\wæøå]*$")
_TOP = re.compile(r"(?:" + "|".join(map(re.escape, top_body_names())) + r")$")
_ALIASES = {"kb": "top", "br": "top", "rr": "top", "øu": "økonomiudvalg", "øk": "økonomiudvalg"}
_DROP = frozenset("i fra på af ved den d og for samt med mødet møde mødets beslutning beslutninger truffet taget "
                  "ordinære ordinært ekstraordinære ekstraordinært".split())
#: names too generic to tell bodies apart ("Udvalgets beslutning")
_GENERIC = frozenset({"udvalg", "råd", "bestyrelse"})


@dataclass(frozen=True)
class DecisionHeading:
    """What a decision heading line names: the body (as written) and the date, each when present."""

    body: Optional[str]
    date: Optional[dt.date]

    @property
    def plain(self) -> bool:
        """Names neither a body nor a date ("Beslutning", "Udvalgets beslutning")."""
        return self.body is None and self.date is None


def heading_before(text: str, start: int, floor: int = 0) -> str:
    """The heading of a section whose body starts at ``start``: the text before it on its own line
    ("Beslutning" of "BeslutningGodkendt.", the last sentence of a flattened line), else the nearest
    non-empty line above (not above ``floor``)."""
    line_start = max(text.rfind("\n", floor, start) + 1, floor)
    prefix = text[line_start:start].strip()
    if prefix:
        return re.split(r"(?<=[.!?])\s+", prefix)[-1]
    end = line_start - 1
    while end > floor:
        ls = max(text.rfind("\n", floor, end) + 1, floor)
        line = text[ls:end].strip()
        if line:
            return line
        end = ls - 1
    return ""


_CASE_PREFIX = re.compile(r"^(?:[\w./-]*\d[\w./-]*[-./][\w./-]*\s+)+(?=beslutning\b)", re.IGNORECASE)
_BODY_DATE = re.compile(r"^(?!(?i:beslutning))(?P<body>[A-ZÆØÅ][\w\-–]*(?:\s+(?:og|for|[A-ZÆØÅ][\w\-–]*)){0,5}?" + _BODY_WORD + r")"
                        r",\s*(?:den\s+)?(?P<date>\d{1,2}[.\-/]\d{1,2}[.\-/]\d{2,4})\s*:?$")
_FALSE_FRIEND = re.compile(r"^[\W\d_]*beslutning(?:ssag|sforslag|spunkt|stema)\b|\(\s*beslutning\s*\)\s*$"
                           r"|^[\W\d_]*beslutning\s+om\b", re.IGNORECASE)


def is_false_friend(heading: str) -> bool:
    """A line that looks like a decision heading but is not one: an item-type prefix
    ("Beslutningssag: …"), a contents-line suffix ("… (Beslutning)"), a title "Beslutning om …"."""
    return bool(_FALSE_FRIEND.search((heading or "").strip()))


def find_heading_date(text: str) -> Optional[dt.date]:
    """The first calendar date written in ``text`` ("02-02-2021", "6. februar 2014", "20.09.2016")."""
    for m in _DATE.finditer(text or ""):
        value = parse_date(m.group(0)) or parse_date(re.sub(r"\s*([.\-/])\s*", r"\1", m.group(0)))
        if value is not None:
            return value
    return None


def parse_heading(heading: str) -> Optional[DecisionHeading]:
    """The body and date a decision heading names; None when the line is not a decision heading.
    A case number in front ("00.22.02-A26 Beslutning Byrådet, 22.11.2016") is passed over; a history
    entry that prints only body and date ("Økonomiudvalget, 31.10.2016") is a heading too."""
    heading = _CASE_PREFIX.sub("", (heading or "").strip())
    entry = _BODY_DATE.match(heading)
    if entry and body_key(entry.group("body")) is not None:
        return DecisionHeading(entry.group("body"), find_heading_date(entry.group("date")))
    m = _HEADING.match(heading)
    if not m:
        return None
    rest = m.group("rest")
    if rest[:1].isalnum():  # "Beslutningssag", "Beslutningen …"
        return None
    rest = re.sub(r"^[\W_]+|[\W_]+$", "", rest)
    if rest and not _REST_START.match(rest):
        return None  # "Beslutning om at …", "Beslutning ikke frigivet"
    date = find_heading_date(rest)
    body_text = _NOISE.sub(" ", _DATE.sub(" ", rest))
    body_text = re.sub(r"^\s*(?:(?:i|fra|på|af|ved)\s+)?", "", body_text, flags=re.IGNORECASE)
    body_text = re.sub(r"\s*\b(?:den|d\.)?\s*[\W_]*$", "", body_text, flags=re.IGNORECASE).strip(" ,:;-–")
    body = body_text or (m.group("prefix") or "").strip() or None
    if body is not None and body_key(body) is None:
        body = None
    return DecisionHeading(body, date)


def body_key(name: Optional[str]) -> Optional[frozenset[str]]:
    """A body name as a set of canonical words ("Byrådet", "byrådsmødet", "Allerød Byråd 2018-2021"
    → {"top"}, {"top"}, {"allerød", "top"}); None when empty or too generic ("Udvalget")."""
    words: set[str] = set()
    for raw in _WORDS.findall((name or "").lower()):
        if raw.isdigit() or raw in _DROP:
            continue
        word = _ALIASES.get(raw, raw)
        stem = _STEM.match(word)
        if stem:
            word = "top" if _TOP.search(stem.group(1)) else stem.group(1)
        words.add(word)
    if not words or words <= _GENERIC:
        return None
    return frozenset(words)


def bodies_match(a: Optional[str], b: Optional[str]) -> Optional[bool]:
    """Whether two body names name the same body (one's words within the other's); None when
    either is unknown or generic."""
    ka, kb = body_key(a), body_key(b)
    if ka is None or kb is None:
        return None
    return ka <= kb or kb <= ka


def choose_decision(headings: Sequence[str], body: Optional[str] = None,
                    date: Optional[dt.date] = None, texts: Optional[Sequence[str]] = None) -> int:
    """Index of the meeting's own decision among an item's decision blocks, given their heading
    lines and the meeting's body and date (either may be None). With ``texts`` (the blocks' bodies),
    a block with text beats an empty one unless it names another body or date. See the module
    docstring."""
    if not headings:
        raise ValueError("choose_decision needs at least one heading")
    parsed = [parse_heading(h) for h in headings]
    candidates = [k for k, p in enumerate(parsed) if p is not None] or list(range(len(headings)))

    def rank(k: int) -> tuple[bool, bool, int, bool, int]:
        info = parsed[k] or DecisionHeading(None, None)
        matches, mismatch = 0, False
        if info.date is not None and date is not None:
            if info.date == date:
                matches += 1
            else:
                mismatch = True
        same = bodies_match(info.body, body)
        if same is True:
            matches += 1
        elif same is False:
            mismatch = True
        filled = texts is None or bool(texts[k].strip())
        return (not mismatch, filled and not mismatch, 0 if mismatch else matches, info.plain, k)

    return max(candidates, key=rank)
