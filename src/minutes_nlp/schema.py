"""Typed results (SPEC.md): frozen pydantic models with offsets into the caller's text.

No spaCy import here: these models are the public contract other tools read.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Annotated, Literal, Optional, Union

import re

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, ValidationInfo, field_validator, model_validator

from .labels import DecisionLabel

EntityLabelStr = Literal["COMMITTEE", "PERSON", "AMOUNT", "DATE", "CASE_NUMBER"]
DecisionLabelStr = Literal[
    "Godkendt", "Anbefales", "Til orientering", "Ikke godkendt", "Udsat", "Drøftet", "Ingen beslutning"
]
Scheme = Literal["kle", "year_serial", "prefixed", "slash", "other"]
DecimalStr = Annotated[Decimal, PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json")]
TimeStr = Annotated[str, Field(pattern=r"^\d{2}:\d{2}$")]


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (one for one: offsets keep their meaning).

    A lone surrogate cannot be written as UTF-8, so a result holding one could not be serialised."""
    return _SURROGATE_RE.sub("\ufffd", text) if _SURROGATE_RE.search(text) else text


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _serialisable(cls, value: object) -> object:
        if isinstance(value, str):
            return _no_surrogates(value)
        if isinstance(value, list) and value and isinstance(value[0], str):
            return [_no_surrogates(v) if isinstance(v, str) else v for v in value]
        return value


def _check_offsets(start: int, end: int, text: str, info: ValidationInfo) -> None:
    if start < 0 or end < start:
        raise ValueError(f"bad offsets [{start}:{end}]")
    source = (info.context or {}).get("source") if info is not None else None
    if source is not None and _no_surrogates(source[start:end]) != text:
        raise ValueError(
            f"offset invariant broken: source[{start}:{end}] == {source[start:end]!r}, not {text!r}"
        )


class Mention(_Frozen):
    """An entity mention; `source[start_char:end_char] == text` always holds."""

    label: EntityLabelStr = Field(description="Entity label (ANNOTATION.md §3).")
    text: str = Field(description="The mention exactly as it stands in the input.")
    start_char: int = Field(description="Offset of the first character in the input.")
    end_char: int = Field(description="Offset after the last character in the input.")

    @model_validator(mode="after")
    def _offsets(self, info: ValidationInfo) -> "Mention":
        _check_offsets(self.start_char, self.end_char, self.text, info)
        if len(self.text) != self.end_char - self.start_char:
            raise ValueError("text length does not match offsets")
        return self


class Committee(Mention):
    """A political or advisory body."""

    label: Literal["COMMITTEE"] = "COMMITTEE"
    name: str = Field(description='Canonical name, e.g. "Økonomiudvalget" for "Økonomiudvalgets".')


class Person(Mention):
    """A named person, with party letter and role when printed next to the name."""

    label: Literal["PERSON"] = "PERSON"
    party: Optional[str] = Field(default=None, description='Party letter ("A", "V", "Ø"…) when printed.')
    role: Optional[str] = Field(default=None, description='Role ("borgmester", "direktør"…) when printed.')


class Amount(Mention):
    """A sum of money."""

    label: Literal["AMOUNT"] = "AMOUNT"
    value: Optional[DecimalStr] = Field(default=None, description="Value in currency units; None if unparsable.")
    currency: str = Field(default="DKK", description='ISO currency code, "DKK" unless stated.')


class DateMention(Mention):
    """A calendar day."""

    label: Literal["DATE"] = "DATE"
    value: Optional[dt.date] = Field(default=None, description="ISO date; None if it cannot be resolved.")


class CaseNumber(Mention):
    """A case/journal number of the municipality's case system."""

    label: Literal["CASE_NUMBER"] = "CASE_NUMBER"
    value: str = Field(description="The identifier with whitespace removed.")
    scheme: Scheme = Field(description="kle | year_serial | prefixed | slash | other.")


AnyMention = Annotated[Union[Committee, Person, Amount, DateMention, CaseNumber], Field(discriminator="label")]


class Decision(_Frozen):
    """An item's decision: the Beslutning section and its label."""

    label: DecisionLabelStr = Field(description="One of the seven decision labels.")
    text: str = Field(description="The decision section's text.")
    start_char: int = Field(description="Start of the decision text in the input.")
    end_char: int = Field(description="End of the decision text in the input.")
    score: float = Field(ge=0.0, le=1.0, description="Confidence in label, 0..1.")

    @model_validator(mode="after")
    def _offsets(self, info: ValidationInfo) -> "Decision":
        _check_offsets(self.start_char, self.end_char, self.text, info)
        return self


VoteOption = Literal["yes", "no", "abstain", "reservation", "absent"]


class Count(_Frozen):
    """A printed tally ("For stemte 17")."""

    option: VoteOption = Field(description="yes | no | abstain | reservation | absent.")
    value: int = Field(ge=0, description="The number printed.")


class Position(_Frozen):
    """Who took which position, as printed; the offsets point at the voter's mention."""

    option: VoteOption = Field(description='"reservation" = tog forbehold (Open Civic Data "other").')
    voter: str = Field(description='As printed: a party letter ("Ø"), a party or group name, or a person.')
    voter_type: Literal["party", "person", "group"] = Field(description="party | person | group.")
    party: Optional[str] = Field(default=None, description="The party letter printed with a person "
                                 "(for a party name, the letter it stands for).")
    start_char: int = Field(description="Start of the voter's mention in the input.")
    end_char: int = Field(description="End of the voter's mention in the input.")

    @model_validator(mode="after")
    def _offsets(self, info: ValidationInfo) -> "Position":
        _check_offsets(self.start_char, self.end_char, self.voter, info)
        return self


class VoteEvent(_Frozen):
    """One vote, or one set of positions stated on one question, at this meeting."""

    motion: Optional[str] = Field(default=None, description="What was voted on when the text says so; "
                                  "None = the item's recommendation itself.")
    result: Optional[Literal["pass", "fail"]] = Field(default=None, description="When stated or shown by tallies.")
    counts: list[Count] = Field(default_factory=list, description="Printed tallies.")
    positions: list[Position] = Field(default_factory=list, description="Positions as printed, in order.")
    text: str = Field(description="The evidence.")
    start_char: int = Field(description="Start of the evidence in the input.")
    end_char: int = Field(description="End of the evidence in the input.")

    @model_validator(mode="after")
    def _offsets(self, info: ValidationInfo) -> "VoteEvent":
        _check_offsets(self.start_char, self.end_char, self.text, info)
        return self


class Remark(_Frozen):
    """A protokolbemærkning, a minority statement, or another remark attached to a position."""

    kind: Literal["protocol", "minority", "other"] = Field(description="protocol | minority | other.")
    by: list[str] = Field(default_factory=list, description="Who asked for it, as printed.")
    text: str = Field(description="The remark's text.")
    start_char: int = Field(description="Start of the remark in the input.")
    end_char: int = Field(description="End of the remark in the input.")

    @model_validator(mode="after")
    def _offsets(self, info: ValidationInfo) -> "Remark":
        _check_offsets(self.start_char, self.end_char, self.text, info)
        return self


class AgendaItem(_Frozen):
    """One agenda item: from its heading to the next item's heading."""

    number: str = Field(description='Item number as printed, e.g. "3" or "3.1".')
    title: str = Field(description="Heading text, whitespace collapsed, without the number.")
    start_char: int = Field(description="Start of the item in the input.")
    end_char: int = Field(description="End of the item in the input.")
    case_numbers: list[CaseNumber] = Field(default_factory=list, description="Case numbers in the item's head.")
    recommendation: Optional[str] = Field(default=None, description="The Indstilling text, if any.")
    decision: Optional[Decision] = Field(default=None, description="None only when there is no decision section.")
    absent: list[Person] = Field(default_factory=list, description="Persons recorded absent under this item.")
    entities: list[AnyMention] = Field(default_factory=list, description="Mentions inside this item.")
    votes: list[VoteEvent] = Field(default_factory=list, description="Votes and stated positions at this meeting.")
    remarks: list[Remark] = Field(default_factory=list, description="Protocol remarks and minority statements.")
    conflicts: list[Person] = Field(default_factory=list, description="Members who declared themselves inhabil.")


class Meeting(_Frozen):
    """Meeting-level metadata from the header."""

    body: Optional[Committee] = Field(default=None, description="The body that held the meeting.")
    municipality: Optional[str] = Field(default=None, description='"Aalborg Kommune", "Region Midtjylland", "KL"…')
    date: Optional[dt.date] = Field(default=None, description="The meeting day.")
    start_time: Optional[TimeStr] = Field(default=None, description='"HH:MM".')
    end_time: Optional[TimeStr] = Field(default=None, description='"HH:MM".')
    location: Optional[str] = Field(default=None, description="As printed.")
    attendees: list[Person] = Field(default_factory=list, description="Persons listed as present.")
    absent: list[Person] = Field(default_factory=list, description="Persons listed as absent.")


class Minutes(_Frozen):
    """The typed result of one minutes document."""

    meeting: Meeting = Field(default_factory=Meeting, description="Meeting metadata.")
    items: list[AgendaItem] = Field(default_factory=list, description="Agenda items in document order.")
    entities: list[AnyMention] = Field(default_factory=list, description="Every mention, in document order.")
    pipeline: str = Field(default="", description="Name and version of the pipeline that produced this.")
    source_encoding: Optional[str] = Field(
        default=None, description='Encoding a text, HTML or JSON input was decoded with ("utf-8", "utf-16-le", '
                                  '"cp1252"…); None for PDFs and for text given as str.')
    warnings: list[str] = Field(
        default_factory=list, description="What reading the input had to guess or leave out: an encoding "
                                          "guess, replacement characters, skipped parts. Empty when nothing.")

    def check_offsets(self, source: str) -> None:
        """Raise ValueError if any mention, item or decision does not point into `source` exactly."""
        Minutes.model_validate(self.model_dump(), context={"source": source})


def json_schema() -> str:
    """The JSON schema of `Minutes`, as pretty-printed JSON."""
    return json.dumps(Minutes.model_json_schema(), indent=2, ensure_ascii=False)


__all__ = [
    "Mention", "Committee", "Person", "Amount", "DateMention", "CaseNumber", "Decision",
    "AgendaItem", "Meeting", "VoteEvent", "Position", "Remark", "Count", "Minutes", "DecisionLabel", "json_schema",
]
