"""Render a source meeting in a style; the gold (items, title and decision spans, labels, body,
date) is recorded while writing, so it is exact by construction."""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from dataclasses import dataclass

from . import noise
from .headers import HEADERS
from .source import Earlier, SourceItem, SourceMeeting
from .styles import Style

#: Routing codes of the bodies an item passes (our abbreviations).
ROUTE_CODES = {
    "Økonomiudvalget": "ØU", "Byrådet": "BY", "Klima-, Teknik- og Miljøudvalget": "KTM",
    "Kultur- og Fritidsudvalget": "KFU", "Skole-, Børne- og Ungeudvalget": "SBU",
    "Plan- og Tryghedsudvalget": "PTU", "Beskæftigelses- og Erhvervsudvalget": "BEU",
    "Sundheds- og Omsorgsudvalget": "SOU", "Social- og Handicapudvalget": "SHU",
}
_BODY_RE = re.compile("|".join(re.escape(b) for b in sorted(ROUTE_CODES, key=len, reverse=True))
                      + r"|Byråd\b")
#: An earlier body's decision when the portal kept none (our wording; never this meeting's label).
EARLIER_PHRASES = ("Anbefales.", "Indstilles godkendt.", "Anbefales over for {next}.",
                   "Udvalget anbefaler indstillingen.")
SHORT_SECTIONS = ("Resume", "Indstilling", "Beslutning")
_ORIENT = re.compile(r"orientering|efterretning", re.IGNORECASE)


@dataclass
class Document:
    doc_id: str
    text: str
    gold: dict


class Writer:
    """Text under construction with offsets, PDF wrapping and page furniture."""

    def __init__(self, style: Style, rng: random.Random, head: str, total_pages: int) -> None:
        self.style, self.rng, self.head, self.total = style, rng, head, total_pages
        self.parts: list[str] = []
        self.pos = 0
        self.on_page = 0
        self.page = 1

    def write(self, s: str) -> int:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        self.on_page += s.count("\n")
        return start

    def tail(self, n: int) -> str:
        return "".join(self.parts[-4:])[-n:]

    def end_line(self) -> None:
        if self.pos and not self.tail(1) == "\n":
            self.write("\n")

    def blank(self) -> None:
        self.end_line()
        if self.pos and self.tail(2) != "\n\n":
            self.write("\n")

    def content_end(self) -> int:
        return self.pos - (len(self.tail(8)) - len(self.tail(8).rstrip("\n")))

    def page_break(self) -> None:
        if not self.style.page_lines or self.on_page < self.style.page_lines:
            return
        self.end_line()
        self.write("\n" + self.style.footer.format(p=self.page, t=self.total) + "\n\n")
        self.page += 1
        self.on_page = 0
        if self.head:
            self.write(self.head + "\n\n")

    def lines(self, text: str, *, protect: bool = False, indent: str = "") -> None:
        """Body lines (each ended), wrapped like PDF text when the style says so. With ``indent``
        (margin layouts) every line but the first is indented; the first continues the label's line."""
        width = self.style.wrap - len(indent) if self.style.wrap and indent else self.style.wrap
        first = True
        for raw in text.split("\n"):
            for line in noise.wrap(raw, width, self.rng, self.style.hyphen):
                if not protect:
                    self.page_break()
                self.write((indent if indent and not first and line else "") + line + "\n")
                first = False


def _fields(meeting: SourceMeeting, body: str, date: dt.date, n: str) -> dict[str, str]:
    return {"body": body, "BODY": body.upper(), "printed": meeting.body_printed, "n": n,
            "lower": body[:1].lower() + body[1:],
            "moede": "byrådsmødet" if body == "Byrådet" else f"mødet i {body}",
            "absent": ", ".join(meeting.absent) or "Ingen",
            **{k: noise.fmt_date(date, k) for k in ("dmy", "dot", "long")}}


#: Group headings by item kind (held-out styles): (decision items, orientation items, closed items).
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
GROUP_TEXT = {"letter": ("Sager til afgørelse i {lower}", "Sager til orientering", "Lukkede sager"),
              "roman": ("Beslutningssager", "Orienteringssager", "Lukkede sager"),
              "doors": ("Til behandling - for åbne døre", "Til efterretning - for åbne døre", "Lukket sag:")}


def _group(item: SourceItem) -> int:
    return 2 if item.closed else (1 if _kind(item) == "O" else 0)


def _group_heads(style: Style, meeting: SourceMeeting, items: list[SourceItem]) -> list[str | None]:
    """The group heading printed before each item (None: same group as the item before)."""
    out: list[str | None] = []
    last, k = None, -1
    for item in items:
        g = _group(item)
        if g == last:
            out.append(None)
            continue
        last, k = g, k + 1
        text = GROUP_TEXT[style.groups][g].format(lower=_fields(meeting, meeting.body, meeting.date, "")["lower"])
        mark = {"letter": f"{chr(65 + k % 26)}. ", "roman": f"{ROMAN[k % len(ROMAN)]}. "}.get(style.groups, "")
        out.append(mark + text)
    return out


def _route(item: SourceItem, meeting: SourceMeeting) -> tuple[list[str], str]:
    """(bodies named in the Sagsprocedure in order, routing code)."""
    proc = next((t for name, t in item.sections if name == "Sagsprocedure"), "")
    bodies: list[str] = []
    for m in _BODY_RE.finditer(proc):
        b = "Byrådet" if m.group(0).startswith("Byråd") else m.group(0)
        if b not in bodies:
            bodies.append(b)
    bodies = bodies or [meeting.body]
    return bodies, "/".join(ROUTE_CODES.get(b, b[:3].upper()) for b in bodies)


def _kind(item: SourceItem) -> str:
    rec = next((t for name, t in item.sections if name in ("Indstilling", "Resume")), "")
    return "O" if _ORIENT.search(rec) else "B"


def _earlier(item: SourceItem, meeting: SourceMeeting, rng: random.Random) -> list[Earlier]:
    real = [e for e in item.history if e.date < meeting.date and e.body != meeting.body]
    if real:
        return real[-2:]
    bodies, _ = _route(item, meeting)
    if meeting.body in bodies and bodies.index(meeting.body) > 0:
        prev = bodies[bodies.index(meeting.body) - 1]
        phrase = rng.choice(EARLIER_PHRASES).format(next=meeting.body)
        return [Earlier(prev, meeting.date - dt.timedelta(days=rng.choice((6, 7, 13, 14))), phrase)]
    return []


def _section_head(style: Style, name: str) -> str:
    name = style.rename.get(name, name)
    return {"caps": name.upper(), "bullet": f"• {name}", "colon": f"{name}:"}.get(style.sec_head, name)


def _section(w: Writer, style: Style, head: str, text: str, *, protect: bool = False,
             pre_text: str = "") -> tuple[int, int]:
    """Heading and text; returns the text's span. ``pre_text``: a line between heading and text."""
    if style.flatten:
        text = " ".join(text.split())
    if style.word_spacing:
        text = re.sub(r"\. (?=[A-ZÆØÅ])", ".\u00a0 ", text)
    w.blank()
    head = style.sec_indent + head
    if style.margin and text and not pre_text and len(head) < style.margin - 1:
        w.write(head.ljust(style.margin))
        start = w.pos
        w.lines(text, protect=protect, indent=" " * style.margin)
        return start, max(start, w.content_end())
    if pre_text:
        w.write(head + "\n" + pre_text + "\n")
    elif style.sec_head == "glued":
        w.write(head)
    elif style.sec_head == "inline":
        w.write(head.rstrip(":") + ": ")
    else:
        w.write(head + "\n")
    start = w.pos
    if text:
        w.lines(text, protect=protect)
    return start, max(start, w.content_end())


def _sections(item: SourceItem, style: Style) -> list[tuple[str, str]]:
    secs = list(item.sections)
    if style.sections == "short":
        secs = [s for s in secs if s[0] in SHORT_SECTIONS]
    if style.decision_last:
        secs = [s for s in secs if s[0] != "Beslutning"] + [s for s in secs if s[0] == "Beslutning"]
    return secs


def _heading(w: Writer, style: Style, item: SourceItem, meeting: SourceMeeting, number: str,
             closed: bool) -> tuple[int, int, int]:
    bodies, route = _route(item, meeting)
    vals = {"n": number, "route": route, "kind": _kind(item)}
    pre, post = style.item.split("{title}")
    pre, post = pre.format(**vals), post.format(**vals) + style.heading_suffix
    if closed:
        post += style.closed_suffix
    title = item.title.upper() if style.caps_titles else item.title
    if style.title_wrap and style.wrap and len(pre + title) > style.wrap:
        cut = title.rfind(" ", 0, max(10, style.wrap - len(pre)))
        if cut > 0:
            title = title[:cut] + "\n" + title[cut + 1:]
    start = w.write(pre)
    heading_start = start + len(pre) - len(pre.lstrip()) if pre.strip() else w.pos
    ts = w.write(title)
    te = w.pos
    if style.page_right:
        line = (pre + title + post).split("\n")[-1]
        page = str(w.page)
        post += " " * max(3, style.page_right - len(line) - len(page)) + page
    w.write(post + "\n")
    return heading_start, ts, te


def _item(w: Writer, style: Style, item: SourceItem, meeting: SourceMeeting, number: str) -> dict:
    rng = w.rng
    closed = style.closed_no_text and item.closed
    case = item.case_number
    case_line = style.case_line.format(case=case, case_slash=(case or "").replace("-", "/", 1).replace("/0", "/", 1),
                                       doc=rng.randrange(100000, 999999)) if case and style.case_line else ""
    w.blank()
    if case_line and style.case_before:
        w.lines(case_line)
    hs, ts, te = _heading(w, style, item, meeting, number, closed)
    if case_line and not style.case_before and not closed:
        w.lines(case_line)
    if "after_heading" in style.nav:
        w.write(noise.NAV_AFTER_HEADING[0] + "\n")
    gold = {"number": number, "heading_start": hs, "title_start": ts, "title_end": te,
            "decision": None, "decision_start": None, "decision_end": None, "complete": True}
    if closed:
        return gold
    table_done = not (style.table and rng.random() < 0.6)
    for name, text in _sections(item, style):
        if name != "Beslutning":
            _section(w, style, _section_head(style, name), text)
            if not table_done and name in ("Sagsbeskrivelse", "Økonomiske konsekvenser"):
                w.blank()
                w.lines("\n".join(noise.number_table(rng, meeting.date.year)))
                table_done = True
            continue
        if style.history:
            hist_head = style.history_head or (style.decision_head if "{body}" in style.decision_head
                                               else "Beslutning i {body} den {dmy}")
            for e in _earlier(item, meeting, rng):
                _section(w, style, hist_head.format(**_fields(meeting, e.body, e.date, number)), e.text)
        head = style.decision_head
        head = _section_head(style, head) if head == "Beslutning" else head.format(
            **_fields(meeting, meeting.body, meeting.date, number))
        absent = style.absent_line.format(**_fields(meeting, meeting.body, meeting.date, number))
        if absent and style.absent_pos == "before_head":
            w.blank()
            w.write(absent + "\n")
            absent = ""
        ds, de = _section(w, style, head, text, protect=True, pre_text=absent)
        gold.update(decision=item.label, decision_start=ds, decision_end=de)
    return gold


def _toc(w: Writer, style: Style, items: list[tuple[SourceItem, str]], meeting: SourceMeeting) -> None:
    toc = style.toc
    assert toc is not None
    w.blank()
    if toc.head:
        w.write(toc.head + "\n\n")
    page = 2
    groups = _group_heads(style, meeting, [it for it, _ in items]) if style.groups else [None] * len(items)
    for (item, number), group in zip(items, groups):
        if group:
            w.write(group + "\n")
        title = item.title.upper() if style.caps_titles else item.title
        line = toc.line.format(n=number, title=title, route=_route(item, meeting)[1])
        if toc.pages:
            page += w.rng.randint(0, 2)
            line = f"{line} {'.' * max(3, 70 - len(line))} {page}"
        w.write(line + "\n")
    if not toc.glued:
        w.write("\n")


def _numbers(meeting: SourceMeeting, style: Style) -> list[str]:
    offset = 40 + meeting.date.timetuple().tm_yday * 2 if style.running else 0
    return [str(int(it.number) + offset) if offset and it.number.isdigit() else it.number
            for it in meeting.items]


def render(meeting: SourceMeeting, style: Style, seed: int = 0, _pages: int = 0) -> Document:
    """The meeting printed in ``style``; deterministic for (meeting, style, seed)."""
    rng = random.Random(f"{seed}:{style.name}:{meeting.name}")
    fields = _fields(meeting, meeting.body, meeting.date, "")
    head = style.running_head.format(**fields) if style.running_head else ""
    w = Writer(style, rng, head, _pages or 1)
    pairs = list(zip(meeting.items, _numbers(meeting, style)))
    if style.groups:  # items sorted into their groups (stable), numbered again in printed order
        offset = 40 + meeting.date.timetuple().tm_yday * 2 if style.running else 0
        ordered = sorted(meeting.items, key=_group)
        pairs = [(it, str(i + offset)) for i, it in enumerate(ordered, 1)]
    if style.single_item:
        pool = [p for p in pairs if p[0].label and p[0].number != "1"] or pairs
        pairs = [rng.choice(pool)]
    if "cookie" in style.nav:
        w.write("\n".join(noise.COOKIE) + "\n\n")
    if head:
        w.write(head + "\n\n")
    w.lines("\n".join(HEADERS[style.header](meeting, rng)))
    if "top" in style.nav:
        w.blank()
        w.write("\n".join(noise.NAV_TOP) + "\n")
    if style.toc:
        _toc(w, style, pairs, meeting)
    items = []
    groups = _group_heads(style, meeting, [it for it, _ in pairs]) if style.groups else [None] * len(pairs)
    for (item, number), group in zip(pairs, groups):
        if not (style.toc and style.toc.glued and not items):
            w.blank()
        if group:
            w.write(group + "\n\n")
        items.append(_item(w, style, item, meeting, number))
        if "item_end" in style.nav:
            w.blank()
            w.write(noise.NAV_ITEM_END[0] + "\n")
    if style.trailer:
        start = dt.datetime.strptime(meeting.start_time or "16:00", "%H:%M") if re.fullmatch(
            r"\d{1,2}:\d{2}", meeting.start_time or "16:00") else dt.datetime(2000, 1, 1, 16)
        end = start + dt.timedelta(minutes=rng.choice((75, 90, 105, 120, 150)))
        w.blank()
        w.write(style.trailer.format(end=f"{end:%H.%M}") + "\n")
    if "site" in style.nav:
        w.blank()
        w.write("\n".join(noise.FOOTER_SITE) + "\n")
    if style.page_lines:
        w.end_line()
        w.write("\n" + style.footer.format(p=w.page, t=w.total) + "\n")
        if w.page != _pages:  # second pass with the real page count (same seed → same layout)
            return render(meeting, style, seed, w.page)
    text = "".join(w.parts)
    doc_id = f"{style.name}/{meeting.name}"
    gold = {"id": doc_id, "set": "zoo", "style": style.name, "source": meeting.name + ".json",
            "split": meeting.split, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "chars": len(text),
            "meeting": {"body": meeting.body, "body_printed": True, "date": meeting.date.isoformat(),
                        "date_printed": True},
            "items": items}
    return Document(doc_id, text, gold)
