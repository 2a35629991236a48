"""HTML of one meeting: its header, and each agenda item with its badge, highlighted text, votes and
remarks. Every element the page's filters act on carries ``data-label`` and ``data-body``."""
from __future__ import annotations

from html import escape
from typing import Any, Iterable, Optional

from .chart import LABEL_COLOURS, NO_BODY, NO_DECISION
from .markup import Region, entity_mark, find_recommendation, render_text
from .sources import ReviewDoc

_OPTIONS = {"yes": "For", "no": "Against", "abstain": "Abstained", "reservation": "Reservation", "absent": "Absent"}
_REMARK_KINDS = {"protocol": "Protocol remark", "minority": "Minority statement", "other": "Remark"}


def body_name(doc: ReviewDoc) -> str:
    """The canonical name of the meeting's body, or the placeholder for none."""
    body = doc.minutes.meeting.body
    return body.name if body is not None and body.name else NO_BODY


def item_label(item: Any) -> str:
    """The item's decision label, or the placeholder when it has no decision section."""
    return item.decision.label if item.decision is not None else NO_DECISION


def badge(label: str, score: Optional[float] = None) -> str:
    """A decision label as a coloured badge (with the score when given)."""
    colour = LABEL_COLOURS.get(label, "#bdbdbd")
    score_html = f' <span class="score">{score:.2f}</span>' if score is not None else ""
    return (f'<span class="badge" data-label="{escape(label)}" style="background:{colour}">'
            f'{escape(label)}{score_html}</span>')


def item_id(doc_index: int, item_index: int) -> str:
    """The HTML id of an item (the review list links to it)."""
    return f"m{doc_index}-i{item_index}"


def _people(persons: Iterable[Any]) -> str:
    return " ".join(entity_mark(p) for p in persons) or '<span class="none">none listed</span>'


def meeting_header(doc: ReviewDoc) -> str:
    """The meeting's header fields as a definition list."""
    m = doc.minutes.meeting
    time = " – ".join(t for t in (m.start_time, m.end_time) if t)
    rows = [
        ("Body", entity_mark(m.body) if m.body is not None else f'<span class="none">{NO_BODY}</span>'),
        ("Municipality", escape(m.municipality or "—")),
        ("Date", escape(m.date.isoformat() if m.date else "—") + (f", {escape(time)}" if time else "")),
        ("Location", escape(m.location or "—")),
        ("Present", _people(m.attendees)),
        ("Absent", _people(m.absent)),
        ("Source", f'<code>{escape(doc.source)}</code>'
                   + (" (read from extract results)" if doc.from_results else "")),
        ("Pipeline", escape(doc.minutes.pipeline or "—")),
    ]
    warnings = doc.minutes.warnings
    if warnings:
        rows.append(("Warnings", "<br>".join(escape(w) for w in warnings)))
    return '<dl class="meeting-header">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _vote(vote: Any) -> str:
    motion = escape(vote.motion) if vote.motion else "the recommendation"
    result = {"pass": "passed", "fail": "failed"}.get(vote.result or "", "result not stated")
    parts = [f"<b>Vote on {motion}</b>: {result}"]
    if vote.counts:
        parts.append(", ".join(f"{_OPTIONS.get(c.option, c.option)} {c.value}" for c in vote.counts))
    by_option: dict[str, list[str]] = {}
    for p in vote.positions:
        who = p.voter + (f" ({p.party})" if p.party and p.voter_type == "person" else "")
        by_option.setdefault(p.option, []).append(escape(who))
    for option, voters in by_option.items():
        parts.append(f"{_OPTIONS.get(option, option)}: {', '.join(voters)}")
    return (f'<li class="vote" title="{escape(vote.text)}">' + " · ".join(parts)
            + f'<blockquote>{escape(vote.text)}</blockquote></li>')


def _remark(remark: Any) -> str:
    by = f" ({escape(', '.join(remark.by))})" if remark.by else ""
    return (f'<li class="remark" data-kind="{remark.kind}"><b>{_REMARK_KINDS.get(remark.kind, "Remark")}</b>'
            f'{by}: {escape(remark.text)}</li>')


def _decision_title(decision: Any) -> str:
    return f"Decision: {decision.label} (score {decision.score:.2f})"


def _item_body(doc: ReviewDoc, item: Any) -> str:
    """The item's text with highlights, or (text unknown) the decision and recommendation alone."""
    text = doc.text
    decision = item.decision
    if text is not None and 0 <= item.start_char <= item.end_char <= len(text):
        regions = []
        if decision is not None:
            regions.append(Region(decision.start_char, decision.end_char, "decision", _decision_title(decision)))
        found = find_recommendation(text, item.recommendation, item.start_char, item.end_char)
        if found:
            regions.append(Region(found[0], found[1], "recommendation", "Recommendation (indstilling)"))
        body = render_text(text, item.start_char, item.end_char, item.entities, regions)
        missing = ""
        if item.recommendation and not found:
            missing = (f'<p class="recommendation-text"><b>Recommendation:</b> '
                       f'<span class="hl hl-recommendation">{escape(item.recommendation)}</span></p>')
        return f'<div class="item-text">{body}</div>{missing}'
    parts = []
    if item.recommendation:
        parts.append(f'<p class="recommendation-text"><b>Recommendation:</b> '
                     f'<span class="hl hl-recommendation">{escape(item.recommendation)}</span></p>')
    if decision is not None:  # the decision text equals the source there, so mentions inside it can be marked
        inner = render_text(decision.text, decision.start_char, decision.end_char, item.entities,
                            base=decision.start_char)
        parts.append(f'<p class="decision-text"><b>Decision:</b> <span class="hl hl-decision" data-kind="decision" '
                     f'title="{escape(_decision_title(decision))}">{inner}</span></p>')
    parts.append('<p class="none">The source text is not available: only the decision is shown.</p>')
    return "".join(parts)


def render_item(doc: ReviewDoc, doc_index: int, item_index: int, item: Any) -> str:
    """One agenda item as an ``<article>``."""
    label = item_label(item)
    score = item.decision.score if item.decision is not None else None
    head = (f'<h3><span class="item-number">{escape(item.number)}</span> '
            f'<span class="item-title">{escape(item.title)}</span> {badge(label, score)}</h3>')
    extra = []
    if item.case_numbers:
        extra.append('<p class="case-numbers">Case: ' + ", ".join(escape(c.value) for c in item.case_numbers) + "</p>")
    if item.conflicts:
        extra.append('<p class="conflicts">Declared inhabil: ' + " ".join(entity_mark(p) for p in item.conflicts) + "</p>")
    if item.absent:
        extra.append('<p class="item-absent">Absent for this item: '
                     + ", ".join(escape(p.text) for p in item.absent) + "</p>")
    votes = ('<h4>Votes</h4><ul class="votes">' + "".join(_vote(v) for v in item.votes) + "</ul>") if item.votes else ""
    remarks = ('<h4>Remarks</h4><ul class="remarks">' + "".join(_remark(r) for r in item.remarks) + "</ul>"
               if item.remarks else "")
    return (f'<article class="item" id="{item_id(doc_index, item_index)}" data-label="{escape(label)}" '
            f'data-body="{escape(body_name(doc))}" data-score="{"" if score is None else f"{score:.4f}"}">'
            f'{head}{"".join(extra)}{_item_body(doc, item)}{votes}{remarks}</article>')


def meeting_title(doc: ReviewDoc) -> str:
    """"Body, date" of a meeting (placeholders where unknown)."""
    m = doc.minutes.meeting
    return f"{body_name(doc)}, {m.date.isoformat() if m.date else 'no date'}"


def render_meeting(doc: ReviewDoc, doc_index: int) -> str:
    """One meeting as a ``<section>``: header, then its items (or a note that none were found)."""
    items = "".join(render_item(doc, doc_index, k, item) for k, item in enumerate(doc.minutes.items))
    if not items:
        items = '<p class="none">No agenda items found.</p>'
    municipality = doc.minutes.meeting.municipality
    title = escape(meeting_title(doc)) + (f" · {escape(municipality)}" if municipality else "")
    return (f'<section class="meeting" id="m{doc_index}" data-body="{escape(body_name(doc))}">'
            f'<details open><summary><h2>{title}</h2></summary>{meeting_header(doc)}'
            f'<div class="items">{items}</div></details></section>')
