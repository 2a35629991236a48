"""Label strings and span-group keys shared by every module (the strings of SPEC.md)."""
from __future__ import annotations

from enum import Enum


class EntityLabel(str, Enum):
    """The five entity labels of ANNOTATION.md §3."""

    COMMITTEE = "COMMITTEE"
    PERSON = "PERSON"
    AMOUNT = "AMOUNT"
    DATE = "DATE"
    CASE_NUMBER = "CASE_NUMBER"


class DecisionLabel(str, Enum):
    """The seven decision labels of ANNOTATION.md §2 (values are the Danish strings users read)."""

    APPROVED = "Godkendt"
    RECOMMENDED = "Anbefales"
    NOTED = "Til orientering"
    REJECTED = "Ikke godkendt"
    POSTPONED = "Udsat"
    DISCUSSED = "Drøftet"
    NO_DECISION = "Ingen beslutning"


ENTITY_LABELS: tuple[str, ...] = tuple(label.value for label in EntityLabel)
DECISION_LABELS: tuple[str, ...] = tuple(label.value for label in DecisionLabel)

#: Mixed decisions take the first label in this order that any part carries (ANNOTATION.md §2).
DECISION_PRECEDENCE: tuple[str, ...] = (
    DecisionLabel.REJECTED.value,
    DecisionLabel.APPROVED.value,
    DecisionLabel.RECOMMENDED.value,
    DecisionLabel.POSTPONED.value,
    DecisionLabel.NOTED.value,
    DecisionLabel.DISCUSSED.value,
    DecisionLabel.NO_DECISION.value,
)

# --- span groups (doc.spans[KEY]) written by the components -------------------------------------
#: One span per agenda item (heading to next heading). Label "ITEM".
#: The group's attrs hold "numbers" and "titles": lists parallel to the spans.
ITEMS_KEY = "minutes_items"
#: Item title spans (label "TITLE"), parallel to ITEMS_KEY.
TITLES_KEY = "minutes_titles"
#: Sections inside items; label is one of SECTION_LABELS. The span covers the section body
#: (the text after its heading line up to the next section or item).
SECTIONS_KEY = "minutes_sections"
#: Meeting header fields; label is one of HEADER_LABELS.
#: attrs["persons"]: list parallel to the spans: {"party": str|None, "role": str|None} (None for non-persons).
HEADER_KEY = "minutes_header"
#: Persons recorded absent under a single item ("X var fraværende"); label "ABSENT".
ITEM_ABSENT_KEY = "minutes_item_absent"
#: One span per item with a decision section; label is the decision label string.
#: attrs["scores"]: list of floats parallel to the spans; attrs["items"]: index into ITEMS_KEY.
DECISIONS_KEY = "minutes_decisions"

ITEM_LABEL = "ITEM"
TITLE_LABEL = "TITLE"


class Section(str, Enum):
    """Section kinds inside an agenda item."""

    HEAD = "HEAD"  # lines between the heading and the first section (case numbers live here)
    RESUME = "RESUME"
    CASE = "SAGSFREMSTILLING"
    RECOMMENDATION = "INDSTILLING"
    DECISION = "BESLUTNING"
    EARLIER_DECISION = "TIDLIGERE_BESLUTNING"  # another body's / an earlier meeting's decision quoted in the item
    ECONOMY = "OEKONOMI"
    ATTACHMENTS = "BILAG"
    PROCEDURE = "SAGSPROCEDURE"  # which bodies treat the case ("Sagsprocedure", "Beslutningen træffes af")
    OTHER = "OTHER"


SECTION_LABELS: tuple[str, ...] = tuple(s.value for s in Section)


class HeaderField(str, Enum):
    """Meeting-level fields found in the header."""

    BODY = "BODY"
    MUNICIPALITY = "MUNICIPALITY"
    DATE = "DATE"
    START_TIME = "START_TIME"
    END_TIME = "END_TIME"
    LOCATION = "LOCATION"
    ATTENDEE = "ATTENDEE"
    ABSENT = "ABSENT"


HEADER_LABELS: tuple[str, ...] = tuple(h.value for h in HeaderField)
#: Vote events, remarks and conflicts found in the items' own decision sections (minutes_votes).
#: Spans are the evidence (label "VOTE", "REMARK" or "CONFLICT"); attrs["records"] is a parallel list
#: of dicts (offsets in doc characters), attrs["items"] the index into ITEMS_KEY.
VOTES_KEY = "minutes_votes"
