"""``Case.outcome``: what became of a case, read from its steps.

- deciding step: the last step at the highest body of the chain (byråd, else Økonomiudvalget, else
  a fagudvalg) that has a decision; its label is the final decision;
- days: from the first dated step to the last dated step;
- followed recommendation: True when the deciding decision says it approved the recommending
  body's recommendation ("Byrådet godkendte Økonomiudvalgets indstilling", patterns in cases.json
  ``outcome.endorse_patterns``: the recommending body may have advised against the
  administration, so its label alone would mislead). Else the labels: "Anbefales"/"Godkendt" before
  and "Godkendt" at the deciding body is True, "Ikke godkendt" on one side only is False, a
  postponement, a discussion or no decision gives None. The recommending step is the last step
  before the deciding one at another body that has a decision.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..schema import DecisionLabelStr
from .config import CaseRules, load_rules
from .normalise import body_key

if TYPE_CHECKING:  # pragma: no cover
    from .models import Case, CaseStep

__all__ = ["Outcome", "case_outcome", "deciding_index", "followed"]


class Outcome(BaseModel):
    """What became of a case."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    final_decision: Optional[DecisionLabelStr] = Field(description="The deciding step's decision.")
    deciding_body: Optional[str] = Field(description="The deciding step's body (the highest body of the chain).")
    days: Optional[int] = Field(description="Days from the first dated step to the last.")
    recommendation: Optional[DecisionLabelStr] = Field(
        description="The decision of the last step before the deciding body's, at another body.")
    followed_recommendation: Optional[bool] = Field(
        description="True/False when the deciding body's decision agrees/disagrees with that "
                    "recommendation; None when there is none or either label says neither yes nor no.")


def followed(recommendation: Optional[str], decision: Optional[str], rules: CaseRules) -> Optional[bool]:
    """Whether ``decision`` agrees with ``recommendation``; None when either says neither yes nor no."""
    labels = rules.outcome
    rec_for, rec_against = recommendation in labels.recommend_for, recommendation in labels.recommend_against
    dec_for, dec_against = decision in labels.decide_for, decision in labels.decide_against
    if not (rec_for or rec_against) or not (dec_for or dec_against):
        return None
    return rec_for == dec_for


_RANK = {"committee": 0, "finance": 1, "top": 2}


def deciding_index(steps: "list[CaseStep]", rules: CaseRules) -> int:
    """The step that decided: the last one at the highest body of the chain (byråd > Økonomiudvalget
    > fagudvalg) that has a decision; else the last step."""
    ranked = [(_RANK[rules.role_of((s.body or "").lower())], k) for k, s in enumerate(steps) if s.decision]
    return max(ranked)[1] if ranked else len(steps) - 1


def _recommending_step(steps: "list[CaseStep]", decided: int) -> "Optional[CaseStep]":
    last = steps[decided]
    for step in reversed(steps[:decided]):
        if step.body != last.body and step.decision is not None:
            return step
    return None


def _endorses(decider: "CaseStep", recommender: "CaseStep", rules: CaseRules) -> bool:
    """The decision says it approved the recommending body's recommendation."""
    if not decider.endorses or not recommender.body:
        return False
    named = decider.endorses.lower()
    if named.endswith(("fagudvalgene", "udvalgene")):  # "fagudvalgenes indstillinger"
        return rules.role_of(recommender.body.lower()) == "committee"
    return body_key(decider.endorses) == body_key(recommender.body)


def case_outcome(case: "Case", rules: Optional[CaseRules] = None) -> Outcome:
    """The :class:`Outcome` of ``case`` (packaged rules unless ``rules`` is given)."""
    config = rules or load_rules()
    steps = case.steps
    if not steps:
        return Outcome(final_decision=None, deciding_body=None, days=None, recommendation=None,
                       followed_recommendation=None)
    decided = deciding_index(steps, config)
    decider = steps[decided]
    dates = [s.date for s in steps if s.date is not None]
    days = (max(dates) - min(dates)).days if dates else None
    before = _recommending_step(steps, decided)
    rec = before.decision if before else None
    verdict = True if before is not None and _endorses(decider, before, config) else followed(rec, decider.decision, config)
    return Outcome(final_decision=decider.decision, deciding_body=decider.body, days=days, recommendation=rec,
                   followed_recommendation=verdict)
