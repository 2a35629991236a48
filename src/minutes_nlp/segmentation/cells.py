"""Tables and margin columns seen as lines: a same-length view of the text.

Two layouts print one logical line per cell rather than per line:

* table rows: ``| Punkt: 3 | Title |`` or ``| Beslutning: | Godkendt |`` (HTML tables exported as
  pipe tables). In the view every ``|`` of such a row is a space, so the row reads as its cells
  side by side ("Punkt: 3  Title").
* margin labels: two-column PDFs print the section label in a left column and its text beside it
  (``Beslutning      Udvalget godkendte …``). In the view the first whitespace character of the
  gap becomes ``\\n``, so the label stands on its own line as in every other layout.

The view has the length of the text, so offsets found in it are offsets into the text.
"""
from __future__ import annotations

import re

from .rules import SegmentRules
from .sections import section_label

_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
# a short first cell, then a tab or two or more spaces, then text; the cell itself has no such gap
_MARGIN = re.compile(r"^[ \t]{0,8}(?P<label>\S(?:(?! {3}|\t).){0,45}?\S:?)(?P<gap>\t+ *| {2,})(?P<rest>\S.*)$")


def cell_view(text: str, rules: SegmentRules) -> str:
    """``text`` with table pipes blanked and margin section labels broken onto their own line."""
    if "|" not in text and "\t" not in text and "  " not in text:
        return text
    chars: list[str] | None = None
    pos = 0
    for raw in text.split("\n"):
        line = raw
        if "|" in raw and raw.count("|") >= 3 and _ROW.match(raw):
            line = raw.replace("|", " ")
            chars = chars if chars is not None else list(text)
            chars[pos : pos + len(raw)] = line
        m = _MARGIN.match(line) if ("\t" in line or "  " in line) else None
        if m and section_label(m.group("label"), rules) is not None:
            chars = chars if chars is not None else list(text)
            chars[pos + m.start("gap")] = "\n"
        pos += len(raw) + 1
    return text if chars is None else "".join(chars)
