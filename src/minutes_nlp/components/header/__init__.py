"""Meeting-header parser: body, date, times, location, attendees/absent, and item-level absence.

The package is split by concern:

* `rules`        – `HeaderRules` (`resources/header_rules.json`), `load_rules`, the result types
* `lines`        – lines of the header region, label and table-cell helpers
* `datetimes`    – `find_date`, `find_times`, date lines, the year of a date printed without one,
                   month-first and foreign month names (`month_aliases`)
* `persons`      – `parse_person_list` ("Anna Berg (A), formand, Bo Lund (V) (Afbud)")
* `titles`       – body names in title lines and their validation (`is_body_name`)
* `fields`       – labelled fields, pipe-table rows, the evidence state
* `parse`        – `parse_header`: weighs labelled fields > title lines > first lines
* `headings`     – body and date from the items' dated decision headings (header without them)
* `municipality` – `find_municipality`
* `absence`      – `find_item_absences`
* `pipe`         – the `minutes_header` spaCy component (`HeaderParser`, `make_header_parser`)

The pure functions work on plain strings and return character offsets; every word list and cue
pattern comes from `resources/header_rules.json`.
"""
from __future__ import annotations

from .absence import find_item_absences
from .datetimes import find_date, find_times
from .municipality import find_municipality
from .parse import parse_header
from .persons import parse_person_list
from .pipe import ABSENT_LABEL, HeaderParser, header_region, make_header_parser
from .rules import RULES_FILE, HeaderMatch, HeaderResult, HeaderRules, PersonEntry, load_rules
from .titles import is_body_name

__all__ = [
    "HeaderRules", "PersonEntry", "HeaderMatch", "HeaderResult", "load_rules", "parse_person_list",
    "find_date", "find_times", "parse_header", "find_municipality", "find_item_absences",
    "header_region", "HeaderParser", "make_header_parser", "is_body_name", "RULES_FILE", "ABSENT_LABEL",
]
