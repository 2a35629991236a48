"""Open Civic Data style export of extracted minutes: events with agenda items, and vote events.

``export_ocd(records, out_dir)`` turns ``extract --jsonl`` records (the ``Minutes`` JSON plus
``source``) into one ``event_<uuid>.json`` per meeting and one ``vote_event_<uuid>.json`` per vote
event, in the shape Open Civic Data (OCD) scrapers write: an event has ``agenda`` items, a vote
event has ``motion_text``, ``result``, ``counts`` and ``votes`` ``{option, voter_name}``. What OCD
has no field for (remarks, conflicts of interest, offsets into the minutes) goes into ``extras``.

The models below are the contract: :func:`ocd_json_schema` is their JSON schema, committed as
``docs/ocd.schema.json``; ``docs/ocd.md`` documents the mapping. Identifiers are UUID 5 of the
source and the item, so exporting the same records again writes the same files.
"""
from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from .components.vote_rules import default_rules
from .schema import AgendaItem, Minutes, VoteEvent
from .errors import MinutesNLPError

__all__ = ["OcdEvent", "OcdVoteEvent", "OPTION_MAP", "ExportResult", "event_documents", "export_ocd",
           "ocd_json_schema", "read_records"]

#: our vote option → the OCD option ("reservation", tog forbehold, has no OCD option of its own)
OPTION_MAP: dict[str, str] = {"yes": "yes", "no": "no", "abstain": "abstain", "absent": "absent", "reservation": "other"}
OcdOption = Literal["yes", "no", "abstain", "absent", "not voting", "paired", "excused", "other"]
_OPTION_ORDER = ("yes", "no", "abstain", "absent", "not voting", "paired", "excused", "other")
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/minutes-nlp/ocd-export")
_DATE = r"^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?)?$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Source(_Model):
    """Where the data came from."""

    url: str = Field(description="The input the minutes were extracted from (a path or URL, as given to extract).")
    note: str = Field(default="", description="What the source is.")


class Location(_Model):
    """Where the meeting was held, as printed."""

    name: str = Field(description="The meeting place as printed.")
    note: str = Field(default="", description="Always empty.")
    coordinates: None = Field(default=None, description="Always null: the minutes give no coordinates.")


class Participant(_Model):
    """The body that met, or a person listed as present or absent."""

    name: str = Field(description="Body name (canonical) or person name as printed.")
    entity_type: Literal["organization", "person"] = Field(description="organization | person.")
    note: Literal["host", "attendee", "absent"] = Field(description="host (the body) | attendee | absent.")
    party: Optional[str] = Field(default=None, description="Party letter printed with a person.")


class RelatedEntity(_Model):
    """A vote event held under this agenda item."""

    entity_type: Literal["vote_event"] = Field(description="Always vote_event.")
    id: str = Field(description="The vote event's id (its file is vote_event_<uuid>.json).")
    name: str = Field(description="The vote event's motion_text.")
    note: str = Field(default="", description="The vote event's result, when known.")


class RemarkOut(_Model):
    """A protocol remark, minority statement or other remark (extras: OCD has no field for it)."""

    kind: Literal["protocol", "minority", "other"] = Field(description="protocol | minority | other.")
    by: list[str] = Field(description="Who asked for it, as printed.")
    text: str = Field(description="The remark's text.")
    start_char: int = Field(ge=0, description="Start in the extracted text.")
    end_char: int = Field(ge=0, description="End in the extracted text.")


class ConflictOut(_Model):
    """A member declared inhabil under this item (extras: OCD has no field for it)."""

    name: str = Field(description="The person as printed.")
    party: Optional[str] = Field(default=None, description="Party letter printed with the name.")
    start_char: int = Field(ge=0, description="Start in the extracted text.")
    end_char: int = Field(ge=0, description="End in the extracted text.")


class AgendaItemExtras(_Model):
    """What the minutes say about an item beyond OCD's agenda fields."""

    number: str = Field(description="Item number as printed.")
    decision_label: Optional[str] = Field(default=None, description="The decision label (one of seven).")
    decision_text: Optional[str] = Field(default=None, description="The decision section's text.")
    remarks: list[RemarkOut] = Field(default_factory=list, description="Protocol remarks and minority statements.")
    conflicts: list[ConflictOut] = Field(default_factory=list, description="Members declared inhabil.")
    start_char: int = Field(ge=0, description="Start of the item in the extracted text.")
    end_char: int = Field(ge=0, description="End of the item in the extracted text.")


class AgendaItemOut(_Model):
    """One agenda item of the event."""

    description: str = Field(description="The item's title.")
    order: str = Field(description="Item number as printed (OCD orders agenda items by this string).")
    classification: list[str] = Field(description="The decision label, when the item has a decision.")
    subjects: list[str] = Field(default_factory=list, description="Case numbers of the item.")
    notes: list[str] = Field(default_factory=list, description="The recommendation (Indstilling), when printed.")
    related_entities: list[RelatedEntity] = Field(default_factory=list, description="Vote events of this item.")
    extras: AgendaItemExtras


class EventExtras(_Model):
    """Meeting facts OCD has no field for."""

    municipality: Optional[str] = Field(default=None, description="Municipality or region, when printed.")
    pipeline: str = Field(default="", description="The minutes_nlp pipeline that extracted the record.")
    vote_event_ids: list[str] = Field(default_factory=list, description="Every vote event of the meeting, in order.")


class OcdEvent(_Model):
    """A meeting: Open Civic Data event with its agenda."""

    type_: Literal["event"] = Field(default="event", alias="_type", description="Always event.")
    id: str = Field(pattern=r"^ocd-event/[0-9a-f-]{36}$", description="ocd-event/<uuid5 of the source>.")
    name: str = Field(min_length=1, description="Body and date ('Byrådet 2024-04-17'), or the source's file name.")
    description: str = Field(default="", description="Always empty.")
    classification: Literal["committee-meeting"] = Field(description="Always committee-meeting (a council counts).")
    start_date: str = Field(pattern=_DATE, description="YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time); '' if unknown.")
    end_date: str = Field(pattern=_DATE, description="As start_date, when the end time is printed; else ''.")
    timezone: Literal["Europe/Copenhagen"] = Field(default="Europe/Copenhagen", description="Danish time.")
    all_day: bool = Field(default=False, description="Always false.")
    status: Literal["passed"] = Field(default="passed", description="Minutes record meetings held: passed.")
    location: Optional[Location] = Field(default=None, description="The meeting place, when printed.")
    participants: list[Participant] = Field(default_factory=list, description="The body, then attendees and absentees.")
    agenda: list[AgendaItemOut] = Field(default_factory=list, description="Agenda items in document order.")
    sources: list[Source] = Field(description="The input document.")
    extras: EventExtras


class Count(_Model):
    """A count per option."""

    option: OcdOption = Field(description="An OCD vote option.")
    value: int = Field(ge=0, description="Printed number of votes, or the number of votes listed (see counts_source).")


class Vote(_Model):
    """One stated position."""

    option: OcdOption = Field(description="yes | no | abstain | absent | other (= tog forbehold).")
    voter_name: str = Field(min_length=1, description="As printed: a party letter, a party or group name, or a person.")
    voter_id: None = Field(default=None, description="Always null: the minutes carry no person ids.")
    note: str = Field(description="party | person | group, then the party letter when known ('person A').")


class VoteEventExtras(_Model):
    """Vote facts OCD has no field for."""

    event_id: str = Field(description="The meeting's event id.")
    agenda_item: str = Field(description="Number of the agenda item the vote belongs to.")
    motion: Optional[str] = Field(default=None, description="The motion as printed; null = the item's recommendation.")
    counts_source: Literal["printed", "positions", "none"] = Field(
        description="printed: counts are the printed tallies; positions: counted from votes (one per voter listed, "
                    "a party counts once); none: neither (a unanimous decision without numbers).")
    unanimous: bool = Field(description="True when the text says the decision was unanimous.")
    evidence: str = Field(description="The text the vote was read from.")
    start_char: int = Field(ge=0, description="Start of the evidence in the extracted text.")
    end_char: int = Field(ge=0, description="End of the evidence in the extracted text.")


class OcdVoteEvent(_Model):
    """A vote, or a set of positions stated on one question: Open Civic Data vote event."""

    type_: Literal["vote_event"] = Field(default="vote_event", alias="_type", description="Always vote_event.")
    id: str = Field(pattern=r"^ocd-vote/[0-9a-f-]{36}$", description="ocd-vote/<uuid5 of source, item and index>.")
    identifier: str = Field(description="<item number>-<index of the vote within the item, from 1>.")
    motion_text: str = Field(min_length=1, description="The motion as printed, else the item's title.")
    motion_classification: list[Literal["amendment", "passage"]] = Field(
        description="amendment when the motion is an ændringsforslag, else passage.")
    start_date: str = Field(pattern=_DATE, description="The meeting's date (and start time).")
    end_date: str = Field(default="", pattern=_DATE, description="Always ''.")
    result: Optional[Literal["pass", "fail"]] = Field(description="pass | fail; null when the text does not say.")
    organization: Optional[str] = Field(description="The body that voted (canonical name), when known.")
    legislative_session: str = Field(default="", description="Always '' (minutes have no session).")
    bill: None = Field(default=None, description="Always null.")
    counts: list[Count] = Field(description="See extras.counts_source.")
    votes: list[Vote] = Field(description="Stated positions, in text order.")
    sources: list[Source] = Field(description="The input document.")
    extras: VoteEventExtras


def ocd_json_schema() -> dict[str, Any]:
    """The JSON schema of an exported file: an event or a vote event (committed as docs/ocd.schema.json)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Union[OcdEvent, OcdVoteEvent]).json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "minutes_nlp Open Civic Data style export"
    schema["description"] = ("One file written by `minutes-nlp export --format ocd`: an event (event_<uuid>.json) "
                             "or a vote event (vote_event_<uuid>.json). See docs/ocd.md.")
    return schema


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def _date(minutes: Minutes, time: Optional[str]) -> str:
    if minutes.meeting.date is None:
        return ""
    return minutes.meeting.date.isoformat() + (f"T{time}" if time else "")


def _note(voter_type: str, party: Optional[str]) -> str:
    return f"{voter_type} {party}" if party else voter_type


def _counts(vote: VoteEvent, votes: list[Vote]) -> tuple[list[Count], str]:
    if vote.counts:
        total: Counter[str] = Counter()
        for c in vote.counts:
            total[OPTION_MAP[c.option]] += c.value
        return [Count(option=o, value=total[o]) for o in _OPTION_ORDER if o in total], "printed"  # type: ignore[arg-type]
    if votes:
        listed = Counter(v.option for v in votes)
        return [Count(option=o, value=listed[o]) for o in _OPTION_ORDER if o in listed], "positions"  # type: ignore[arg-type]
    return [], "none"


def _vote_event(minutes: Minutes, source: str, event_id: str, item: AgendaItem, k: int, vote: VoteEvent) -> OcdVoteEvent:
    votes = [Vote(option=OPTION_MAP[p.option], voter_name=p.voter, note=_note(p.voter_type, p.party))  # type: ignore[arg-type]
             for p in vote.positions]
    counts, counts_source = _counts(vote, votes)
    motion_text = vote.motion or item.title or f"Punkt {item.number}"
    amendment = "ændringsforslag" in (vote.motion or "").casefold()
    body = minutes.meeting.body
    return OcdVoteEvent(
        id=f"ocd-vote/{_uuid(source, item.number, str(item.start_char), str(k))}",
        identifier=f"{item.number}-{k}", motion_text=motion_text,
        motion_classification=["amendment" if amendment else "passage"],
        start_date=_date(minutes, minutes.meeting.start_time), result=vote.result,
        organization=body.name if body else None, counts=counts, votes=votes,
        sources=[Source(url=source, note="minutes")],
        extras=VoteEventExtras(event_id=event_id, agenda_item=item.number, motion=vote.motion,
                               counts_source=counts_source,  # type: ignore[arg-type]
                               unanimous=bool(default_rules().unanimity.search(vote.text)),
                               evidence=vote.text, start_char=vote.start_char, end_char=vote.end_char),
    )


def event_documents(minutes: Minutes, source: str) -> tuple[OcdEvent, list[OcdVoteEvent]]:
    """The OCD event of one meeting and its vote events."""
    event_id = f"ocd-event/{_uuid(source)}"
    meeting = minutes.meeting
    participants: list[Participant] = []
    if meeting.body is not None:
        participants.append(Participant(name=meeting.body.name, entity_type="organization", note="host"))
    participants += [Participant(name=p.text, entity_type="person", note="attendee", party=p.party) for p in meeting.attendees]
    participants += [Participant(name=p.text, entity_type="person", note="absent", party=p.party) for p in meeting.absent]
    agenda: list[AgendaItemOut] = []
    vote_events: list[OcdVoteEvent] = []
    for item in minutes.items:
        mine = [_vote_event(minutes, source, event_id, item, k, v) for k, v in enumerate(item.votes, 1)]
        vote_events += mine
        decision = item.decision
        agenda.append(AgendaItemOut(
            description=item.title, order=item.number,
            classification=[decision.label] if decision else [],
            subjects=[c.value for c in item.case_numbers],
            notes=[item.recommendation] if item.recommendation else [],
            related_entities=[RelatedEntity(entity_type="vote_event", id=v.id, name=v.motion_text, note=v.result or "")
                              for v in mine],
            extras=AgendaItemExtras(
                number=item.number, decision_label=decision.label if decision else None,
                decision_text=decision.text if decision else None,
                remarks=[RemarkOut(kind=r.kind, by=list(r.by), text=r.text, start_char=r.start_char, end_char=r.end_char)
                         for r in item.remarks],
                conflicts=[ConflictOut(name=c.text, party=c.party, start_char=c.start_char, end_char=c.end_char)
                           for c in item.conflicts],
                start_char=item.start_char, end_char=item.end_char),
        ))
    body_name = meeting.body.name if meeting.body else None
    date = meeting.date.isoformat() if meeting.date else None
    name = " ".join(x for x in (body_name, date) if x) or Path(source).name or source
    event = OcdEvent(
        id=event_id, name=name, classification="committee-meeting",
        start_date=_date(minutes, meeting.start_time),
        end_date=_date(minutes, meeting.end_time) if meeting.end_time else "",
        location=Location(name=meeting.location) if meeting.location else None,
        participants=participants, agenda=agenda, sources=[Source(url=source, note="minutes")],
        extras=EventExtras(municipality=meeting.municipality, pipeline=minutes.pipeline,
                           vote_event_ids=[v.id for v in vote_events]),
    )
    return event, vote_events


class RecordError(MinutesNLPError, ValueError):
    """A JSONL line that is not an extract record."""


def _record(line: str, where: str) -> tuple[str, Minutes]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise RecordError(f"{where}: not JSON ({err.msg})") from None
    if not isinstance(record, dict) or "source" not in record:
        raise RecordError(f"{where}: not an extract record (no 'source'; write it with extract --jsonl)")
    source = str(record.pop("source"))
    try:
        return source, Minutes.model_validate(record)
    except ValueError as err:
        raise RecordError(f"{where}: not a Minutes record ({' '.join(str(err).splitlines()[:3])})") from None


def read_records(lines: Iterable[str], name: str = "<input>", errors: Optional[list[str]] = None
                 ) -> Iterable[tuple[str, Minutes]]:
    """(source, Minutes) per non-empty line of ``extract --jsonl`` output. A bad line raises
    RecordError naming it, or, when ``errors`` is a list, is reported there and skipped."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield _record(line, f"{name}:{n}")
        except RecordError as err:
            if errors is None:
                raise
            errors.append(str(err))


class ExportResult(BaseModel):
    """What an export wrote."""

    events: int = 0
    vote_events: int = 0
    files: list[str] = Field(default_factory=list)


def _write(path: Path, model: BaseModel) -> None:
    data = model.model_dump(mode="json", by_alias=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def export_ocd(records: Iterable[tuple[str, Minutes]], out_dir: str | Path) -> ExportResult:
    """Write event_<uuid>.json and vote_event_<uuid>.json files for ``records`` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    for source, minutes in records:
        event, vote_events = event_documents(minutes, source)
        path = out / f"event_{event.id.split('/', 1)[1]}.json"
        _write(path, event)
        result.events += 1
        result.files.append(path.name)
        for v in vote_events:
            path = out / f"vote_event_{v.id.split('/', 1)[1]}.json"
            _write(path, v)
            result.vote_events += 1
            result.files.append(path.name)
    return result
