"""Body names in title lines and first lines ("Referat til mødet i Byrådet den 3. marts 2021",
"Økonomiudvalget - Referat", "REFERAT Skoleudvalget d. 02-11-2021", "Referat. Byrådet. Møde nr.: 10/2019"),
and the check that a phrase is a body name at all (committee/udvalg/råd/bestyrelse words, KKR, the
COMMITTEE gazetteer), so that a random title line is not taken as the body."""
from __future__ import annotations

import re
from typing import Optional

from .datetimes import find_date
from .lines import strip_value
from .rules import HeaderRules, known_bodies

__all__ = ["is_body_name", "body_in", "title_start", "trim_body", "is_nav_line", "has_title_marker"]

_NAV_CHARS_RE = re.compile(r"[>»›|/©@?!=<]")


def is_nav_line(line: str, rules: HeaderRules) -> bool:
    """A navigation, cookie or site line ("Forside > Politik", "Vi bruger cookies")."""
    return bool(rules.pattern("nav_line").search(line))


def has_title_marker(line: str, rules: HeaderRules) -> bool:
    """The line names the document kind ("Referat", "ÅBENT REFERAT", "Beslutningsprotokol")."""
    return bool(rules.pattern("title_marker").search(line))


def is_body_name(phrase: str, rules: HeaderRules) -> bool:
    """True when `phrase` reads as the name of a body: a known body, "KKR <region>", a capitalised name
    ending in a body word (udvalg, råd, bestyrelse, magistrat …), "Udvalget for …"; a lone lower-case
    compound ("regionsrådet") passes, generic words ("udvalget", "Politiske udvalg") do not."""
    phrase = " ".join(phrase.split())
    words = phrase.split()
    if not words or len(words) > 8 or re.search(r"\d", phrase) or _NAV_CHARS_RE.search(phrase):
        return False
    lowered = [w.lower().strip(",.:;") for w in words]
    if set(lowered) & {w.lower() for w in rules.words("body_reject_words")}:
        return False
    names, exclude_words, exclude_suffixes = known_bodies()
    low = phrase.lower()
    if low in names or (low.endswith("s") and low[:-1] in names):
        return phrase[0].isupper() or len(words) == 1
    if rules.pattern("body_kkr", 0).match(phrase):
        return True
    if rules.pattern("body_pattern", 0).match(phrase):
        return True
    if not phrase[0].isupper() and len(words) > 1:
        return False
    last = lowered[-1]
    suffix = rules.data.get("body_suffix", "(?!)")
    tail = last.split("-")[-1]
    if not (re.fullmatch(suffix, tail, re.IGNORECASE) or re.search(rf"(?:{suffix})$", last, re.IGNORECASE)):
        return False
    if last.endswith(exclude_suffixes):
        return False
    if last in exclude_words:  # a generic word: only with a capitalised name before it ("Allerød Byråd" has none)
        return len(words) > 1 and words[-2][:1].isupper()
    if not phrase[0].isupper():  # one lower-case word: a compound body name, not a bare "udvalget"
        return len(words) == 1
    return True


#: an election period printed before the body's name ("14-17 Byrådet", "2018-2021 Økonomiudvalget")
_LEADING_PERIOD = re.compile(r"\s*(?:19|20)?\d{2}\s*[-–/]\s*(?:19|20)?\d{2}\s+(?=[^\W\d_])")


def trim_body(text: str, s: int, e: int, rules: HeaderRules) -> tuple[int, int]:
    """A body value without an election period before or after it ("Allerød Byråd 2018-2021",
    "14-17 Byrådet"), parenthesis or a trailing document word ("Økonomiudvalget - Referat")."""
    lm = _LEADING_PERIOD.match(text, s, e)
    if lm and lm.end() < e:
        s = lm.end()
    tm = rules.pattern("body_trailing").search(text, s, e)
    if tm and tm.start() > s:
        e = tm.start()
    ym = re.search(r"\s+(?:(?:19|20)\d{2}(?:\s*[-–/]\s*(?:19|20)?\d{2,4})?|\([^()]*\))\s*$", text[s:e])
    if ym:
        e = s + ym.start()
    return strip_value(text, s, e)


def title_start(text: str, start: int, end: int, rules: HeaderRules) -> int:
    """Where the title text of text[start:end] begins: after decoration and a `title_prefix` (the
    "Download \"…" line and the page number of a PDF transcript: "1 Referat fra mødet i …")."""
    s, e = strip_value(text, start, end)
    s += len(text[s:e]) - len(text[s:e].lstrip("#> \t*"))
    m = rules.pattern("title_prefix", 0).match(text, s, e)
    return m.end() if m else s


def _body_in(text: str, s: int, e: int, rules: HeaderRules) -> Optional[tuple[int, int]]:
    m = rules.pattern("body_lead_municipality", 0).match(text, s, e)
    if m:
        s = m.end()
    prefix = {w.lower() for w in rules.words("body_prefix_words")}
    while s < e:
        m = re.match(r"(\S+)\s*", text[s:e])
        if m and (m.group(1).lower().strip(":.,") in prefix or not m.group(1).strip(":.,-–|")):
            s += m.end()
        else:
            break
    d = find_date(text[s:e], s)
    if d is not None:
        cut = rules.pattern("before_date").search(text[s:d[0]])
        e = s + cut.start() if cut else d[0]
    cut = rules.pattern("body_end").search(text, s, e)
    if cut and cut.start() > s:
        e = cut.start()
    s, e = trim_body(text, s, e, rules)
    if s >= e or not is_body_name(text[s:e], rules):
        return None
    return s, e


def body_in(text: str, start: int, end: int, rules: HeaderRules) -> Optional[tuple[int, int]]:
    """The body name inside the title text text[start:end], validated by `is_body_name`, or None. A title
    flattened from sentences ("TÅRNBY KOMMUNE. Referat. til Kommunalbestyrelsen") is read sentence by
    sentence when its first sentence names no body."""
    s = title_start(text, start, end, rules)
    _, e = strip_value(text, start, end)
    found = _body_in(text, s, e, rules)
    if found is None:
        for m in re.finditer(r"\.\s+", text[s:e]):
            found = _body_in(text, s + m.end(), e, rules)
            if found is not None:
                break
    return found
