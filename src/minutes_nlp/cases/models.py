"""Result models of case linking (SPEC.md § Cases across meetings): Case, CaseStep, Outcome.

The SPEC fields are fixed; each step also says why it was joined (``link``), and ``Case.outcome``
reads the history: the final decision, the days it took, and whether the deciding body followed
the committee's recommendation.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from ..schema import DecisionLabelStr
from .outcome import Outcome, case_outcome

__all__ = ["Case", "CaseStep", "StepLink", "Outcome"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StepLink(_Frozen):
    """Why a step was joined to its case: the best link to an earlier-joined step."""

    to_step: int = Field(description="Index (in ``Case.steps``) of the step this one was joined to.")
    score: float = Field(description="The link's score; it reached ``threshold``.")
    threshold: float = Field(description="The score a link needs (cases.json thresholds.link).")
    evidence: list[str] = Field(default_factory=list, description='What the score is made of, e.g. '
                                '"case number 22-000025", "title 0.91", "history: Økonomiudvalget 2022-01-24".')


class CaseStep(_Frozen):
    """One agenda item of a case."""

    source: str = Field(description='The input path (as given) or the JSONL record\'s "source".')
    body: Optional[str] = Field(default=None, description="The meeting's body (canonical name).")
    date: Optional[dt.date] = Field(default=None, description="The meeting day.")
    item_number: str = Field(description="The item's number as printed.")
    item_title: str = Field(description="The item's title.")
    decision: Optional[DecisionLabelStr] = Field(default=None, description="The item's decision label.")
    endorses: Optional[str] = Field(default=None, description='The body whose recommendation the decision '
                                    'says it approved ("Økonomiudvalget"), when it says so.')
    link: Optional[StepLink] = Field(default=None, description="Why this step joined the case; None "
                                     "for the step the case grew from.")


class Case(_Frozen):
    """One matter followed across meetings."""

    key: str = Field(description="Stable id: the normalised case number when there is one.")
    case_numbers: list[str] = Field(default_factory=list, description="Normalised values seen on the items.")
    title: str = Field(description="The fullest title seen.")
    steps: list[CaseStep] = Field(default_factory=list, description="In date order.")

    @property
    def outcome(self) -> Outcome:
        """Final decision, days first → last, and whether the committee's advice was followed."""
        return case_outcome(self)
