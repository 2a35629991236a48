"""The layout zoo: Greve meetings printed in the publishing styles of LAYOUTS.md, gold for free.

>>> from zoo import STYLES, render, measurement_meetings   # doctest: +SKIP
"""
from __future__ import annotations

from .render import Document, render
from .source import SourceMeeting, measurement_meetings
from .styles import STYLE_BY_NAME, STYLES, Style

__all__ = ["Document", "render", "SourceMeeting", "measurement_meetings", "STYLES", "STYLE_BY_NAME",
           "Style", "select", "documents"]


def select(n_meetings: int, n_styles: int, per_style: int) -> list[list[int]]:
    """Meeting indices for each style: ``per_style`` consecutive meetings, the start rotated by
    style so that styles see different meetings (0 = every meeting for every style)."""
    if per_style <= 0 or per_style >= n_meetings:
        return [list(range(n_meetings)) for _ in range(n_styles)]
    return [[(s * per_style + j) % n_meetings for j in range(per_style)] for s in range(n_styles)]


def documents(styles: list[Style] | None = None, per_style: int = 6, seed: int = 0,
              meetings: list[SourceMeeting] | None = None):
    """Yield rendered Documents: ``per_style`` measurement meetings per style (rotating)."""
    styles = list(STYLES) if styles is None else styles
    meetings = measurement_meetings() if meetings is None else meetings
    picks = select(len(meetings), len(STYLES), per_style)
    index = {s.name: i for i, s in enumerate(STYLES)}
    for style in styles:
        for m in picks[index.get(style.name, 0)]:
            yield render(meetings[m], style, seed)
