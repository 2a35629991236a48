"""The review page as one self-contained HTML document: the template, style sheet and script are
package data (``review/assets``) inlined into the page, so it needs no network and no other file."""
from __future__ import annotations

from collections import Counter
from html import escape
from importlib import resources
from string import Template
from typing import Iterable, Sequence

from ..version import __version__
from ..labels import DECISION_LABELS
from .chart import LABEL_COLOURS, NO_BODY, NO_DECISION, decisions_chart
from .items import badge, body_name, item_id, item_label, meeting_title, render_meeting
from .sources import Loaded, ReviewDoc

#: The package-data files the page is built from.
ASSETS = ("page.html", "review.css", "review.js")


def asset(name: str) -> str:
    """The text of one asset shipped in ``minutes_nlp/review/assets``."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _sorted_docs(docs: Sequence[ReviewDoc]) -> list[ReviewDoc]:
    """Meetings by date (undated last), then body and source."""
    return sorted(docs, key=lambda d: (d.minutes.meeting.date is None, str(d.minutes.meeting.date or ""),
                                       body_name(d), d.source))


def _filters(docs: Sequence[ReviewDoc]) -> str:
    """The label buttons and the body menu (the script makes them work)."""
    counts = Counter(item_label(i) for d in docs for i in d.minutes.items)
    labels = [label for label in (*DECISION_LABELS, NO_DECISION) if counts[label]]
    buttons = "".join(
        f'<button type="button" class="label-filter" data-label="{escape(label)}" aria-pressed="false" '
        f'style="--badge:{LABEL_COLOURS.get(label, "#bdbdbd")}">{escape(label)} <span class="n">{counts[label]}</span>'
        f'</button>' for label in labels)
    bodies = Counter(body_name(d) for d in docs)
    options = "".join(f'<option value="{escape(b)}">{escape(b)} ({n})</option>' for b, n in sorted(bodies.items()))
    return (f'<div class="filter-group" role="group" aria-label="Decision label">'
            f'<span class="filter-name">Label</span>{buttons}</div>'
            f'<div class="filter-group"><label class="filter-name" for="body-filter">Body</label>'
            f'<select id="body-filter"><option value="">All bodies</option>{options}</select>'
            f'<button type="button" id="clear-filters">Clear filters</button></div>'
            f'<p id="shown-count" aria-live="polite"></p>')


def _legend() -> str:
    marks = "".join(f'<mark class="entity ent-{label.lower().replace("_", "-")}">{label}</mark>'
                    for label in ("COMMITTEE", "PERSON", "AMOUNT", "DATE", "CASE_NUMBER"))
    return (f'<p class="legend">Entities: {marks} · hover a mark for its normalised value · '
            f'<span class="hl hl-decision">decision</span> '
            f'<span class="hl hl-recommendation">recommendation</span></p>')


def _review_rows(docs: Sequence[ReviewDoc]) -> list[tuple[float, int, int, ReviewDoc, object]]:
    rows = []
    for k, doc in enumerate(docs):
        for j, item in enumerate(doc.minutes.items):
            score = item.decision.score if item.decision is not None else 2.0  # no decision: last
            rows.append((score, k, j, doc, item))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return rows


def review_list(docs: Sequence[ReviewDoc]) -> str:
    """Every item ordered by its decision's score, lowest first (items without a decision last)."""
    rows = []
    for score, k, j, doc, item in _review_rows(docs):
        label = item_label(item)
        shown = f"{score:.2f}" if score <= 1.0 else "—"
        rows.append(
            f'<tr class="review-row" data-label="{escape(label)}" data-body="{escape(body_name(doc))}">'
            f'<td class="num">{shown}</td><td>{badge(label)}</td>'
            f'<td><a href="#{item_id(k, j)}">{escape(item.number)}. {escape(item.title)}</a></td>'
            f'<td>{escape(meeting_title(doc))}</td></tr>')
    if not rows:
        return ""
    return ('<section id="review-list"><h2>Items by decision score, lowest first</h2>'
            '<div class="scroll"><table class="review"><thead><tr><th>Score</th><th>Label</th><th>Item</th>'
            '<th>Meeting</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div></section>")


def _short(source: str, width: int = 40) -> str:
    """A long source path shortened to its end ("…/folder/file.txt")."""
    return source if len(source) <= width else "…" + source[-(width - 1):]


def meetings_table(docs: Sequence[ReviewDoc]) -> str:
    """One row per meeting: date, body, municipality, items and decisions per label."""
    labels = [label for label in DECISION_LABELS
              if any(item_label(i) == label for d in docs for i in d.minutes.items)]
    head = "".join(f"<th>{badge(label)}</th>" for label in labels)
    rows = []
    for k, doc in enumerate(docs):
        m = doc.minutes.meeting
        counts = Counter(item_label(i) for i in doc.minutes.items)
        cells = "".join(f'<td class="num">{counts[label] or ""}</td>' for label in labels)
        rows.append(
            f'<tr class="meeting-row" data-body="{escape(body_name(doc))}">'
            f'<td><a href="#m{k}">{escape(m.date.isoformat() if m.date else "—")}</a></td>'
            f'<td>{escape(body_name(doc))}</td><td>{escape(m.municipality or "—")}</td>'
            f'<td class="num">{len(doc.minutes.items)}</td>{cells}'
            f'<td><code title="{escape(doc.source)}">{escape(_short(doc.source))}</code></td></tr>')
    return ('<div class="scroll"><table class="meetings"><thead><tr><th>Date</th><th>Body</th><th>Municipality</th>'
            f'<th>Items</th>{head}<th>Source</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>")


def overview(docs: Sequence[ReviewDoc]) -> str:
    """The meetings table and the chart of decisions per body per month."""
    chart = decisions_chart(
        (body_name(d) if body_name(d) != NO_BODY else None,
         d.minutes.meeting.date.isoformat() if d.minutes.meeting.date else None,
         i.decision.label if i.decision is not None else None)
        for d in docs for i in d.minutes.items)
    chart_html = (f'<h3>Decisions per body per month</h3><div class="scroll chart-box">{chart}</div>'
                  if chart else "")
    return (f'<section id="overview"><h2>Meetings ({len(docs)})</h2>{meetings_table(docs)}'
            f'{chart_html}</section>')


def _notes(skipped: Iterable[str], notes: Iterable[str]) -> str:
    parts = []
    skipped, notes = list(skipped), list(notes)
    if skipped:
        parts.append(f'<h3>Not shown ({len(skipped)})</h3><ul>' + "".join(f"<li>{escape(s)}</li>" for s in skipped)
                     + "</ul>")
    if notes:
        parts.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    return f'<section id="notes">{"".join(parts)}</section>' if parts else ""


def page_title(docs: Sequence[ReviewDoc]) -> str:
    """The page's title: the meeting for one, the count for several."""
    if len(docs) == 1:
        return f"Review: {meeting_title(docs[0])}"
    return f"Review: {len(docs)} meetings"


def build_page(loaded: Loaded) -> str:
    """The whole review page for ``loaded`` as one HTML document (no external assets)."""
    docs = _sorted_docs(loaded.docs)
    n_items = sum(len(d.minutes.items) for d in docs)
    show_overview = loaded.folder_input or len(docs) > 1
    content = "".join((
        overview(docs) if show_overview else "",
        review_list(docs),
        '<section id="meetings">' + "".join(render_meeting(d, k) for k, d in enumerate(docs)) + "</section>",
        _notes(loaded.skipped, loaded.notes),
    ))
    return Template(asset("page.html")).substitute(
        title=escape(page_title(docs)),
        css=asset("review.css"),
        js=asset("review.js").replace("</", "<\\/"),
        summary=escape(f"{len(docs)} meeting(s), {n_items} item(s)"),
        version=escape(__version__),
        filters=_filters(docs),
        legend=_legend(),
        content=content,
    )
