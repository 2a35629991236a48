"""Decisions per body per month as an inline SVG: one row of stacked bars per body, months along a
shared axis, one colour per decision label (the badge colours). No script or external asset needed;
each bar segment carries a ``<title>`` for hover and each row a ``data-body`` for the page's filter."""
from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from typing import Iterable, Optional

from ..labels import DECISION_LABELS

#: Badge and chart colour of each decision label (and of an item without a decision).
LABEL_COLOURS: dict[str, str] = {
    "Godkendt": "#2e7d32",
    "Anbefales": "#00897b",
    "Til orientering": "#1e88e5",
    "Ikke godkendt": "#c62828",
    "Udsat": "#ef6c00",
    "Drøftet": "#8e24aa",
    "Ingen beslutning": "#757575",
}
NO_DECISION = "(no decision)"
NO_BODY = "(unknown body)"
NO_DATE = "(no date)"

_MAX_CONTIGUOUS_MONTHS = 48
_LEFT = 240      # room for the body names
_ROW = 70        # height of one body's row
_TOP = 34        # room for the legend


def _month_range(months: list[str]) -> list[str]:
    """Every month from the first to the last (YYYY-MM), when that is not too many; else the months given."""
    dated = sorted(m for m in months if m != NO_DATE)
    if not dated:
        return sorted(set(months))
    (y0, m0), (y1, m1) = (map(int, dated[0].split("-")), map(int, dated[-1].split("-")))
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span > _MAX_CONTIGUOUS_MONTHS:
        out = sorted(set(dated))
    else:
        out = [f"{y0 + (m0 - 1 + k) // 12:04d}-{(m0 - 1 + k) % 12 + 1:02d}" for k in range(span)]
    return out + ([NO_DATE] if NO_DATE in months else [])


def decision_counts(rows: Iterable[tuple[Optional[str], Optional[str], Optional[str]]]
                    ) -> dict[str, dict[str, Counter]]:
    """body → month → Counter of labels, from (body, "YYYY-MM-DD" date, label) per item."""
    table: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for body, date, label in rows:
        month = date[:7] if date else NO_DATE
        table[body or NO_BODY][month][label or NO_DECISION] += 1
    return table


def decisions_chart(rows: Iterable[tuple[Optional[str], Optional[str], Optional[str]]]) -> str:
    """The SVG (as markup) of decisions per body per month; "" when there is nothing to draw."""
    table = decision_counts(rows)
    if not table:
        return ""
    bodies = sorted(table)
    months = _month_range(sorted({m for per in table.values() for m in per}))
    labels = [label for label in (*DECISION_LABELS, NO_DECISION)
              if any(per[m][label] for per in table.values() for m in per)]
    peak = max(sum(c.values()) for per in table.values() for c in per.values())
    bar = max(8, min(28, 720 // max(len(months), 1)))
    gap = max(2, bar // 4)
    legend_width = sum(26 + int(6.2 * len(label)) for label in labels)
    width = max(_LEFT + len(months) * (bar + gap) + 20, _LEFT + legend_width + 10)
    height = _TOP + len(bodies) * _ROW + 46
    out = [f'<svg class="chart" role="img" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" aria-label="Decisions per body per month">']
    x = _LEFT
    for label in labels:  # legend
        colour = LABEL_COLOURS.get(label, "#bdbdbd")
        out.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="18" class="legend">{escape(label)}</text>')
        x += 26 + int(6.2 * len(label))
    for row, body in enumerate(bodies):
        y0 = _TOP + row * _ROW
        base = y0 + _ROW - 10
        out.append(f'<g class="chart-row" data-body="{escape(body)}">')
        out.append(f'<text x="{_LEFT - 8}" y="{base - 4}" text-anchor="end" class="body-name">'
                   f'{escape(body if len(body) <= 32 else body[:31] + "…")}<title>{escape(body)}</title></text>')
        out.append(f'<line x1="{_LEFT}" y1="{base}" x2="{_LEFT + len(months) * (bar + gap)}" y2="{base}" '
                   f'class="axis"/>')
        for k, month in enumerate(months):
            counts = table[body].get(month)
            if not counts:
                continue
            x = _LEFT + k * (bar + gap)
            top = base
            for label in labels:
                n = counts[label]
                if not n:
                    continue
                h = n * (_ROW - 16) / peak
                top -= h
                out.append(f'<rect x="{x}" y="{top:.1f}" width="{bar}" height="{h:.1f}" '
                           f'fill="{LABEL_COLOURS.get(label, "#bdbdbd")}" data-label="{escape(label)}">'
                           f'<title>{escape(body)} · {month} · {escape(label)}: {n}</title></rect>')
            out.append(f'<text x="{x + bar / 2:.1f}" y="{top - 2:.1f}" text-anchor="middle" class="count">'
                       f'{sum(counts.values())}</text>')
        out.append("</g>")
    axis_y = _TOP + len(bodies) * _ROW + 4
    step = max(1, len(months) // 12)
    for k, month in enumerate(months):
        if k % step == 0 or month == NO_DATE:
            x = _LEFT + k * (bar + gap) + bar / 2
            out.append(f'<text x="{x:.1f}" y="{axis_y + 12}" text-anchor="end" class="month" '
                       f'transform="rotate(-40 {x:.1f} {axis_y + 12})">{escape(month)}</text>')
    out.append("</svg>")
    return "".join(out)
