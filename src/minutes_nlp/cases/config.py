"""The linker's rules as data: ``resources/cases.json``, validated on load by the rule contract.

Standing-item titles, stopwords, the finance committee's words, referral cues, thresholds, time
windows and the decision labels the outcome helpers read all live in that file (its model is
:class:`minutes_nlp.rule_models.CaseRulesFile`: unknown keys are an error); the top bodies are
``committees.json``'s ``top_bodies``, the one list the whole library reads. This module compiles
the regular expressions once.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal, Union

from ..errors import RuleFileError
from ..rule_models import CaseRulesFile, expand_top_body, top_body_names
from ..rules_contract import load, read

__all__ = ["CaseRules", "CaseRulesError", "load_rules", "DEFAULT_RULES_NAME"]

DEFAULT_RULES_NAME = "cases.json"
Role = Literal["top", "finance", "committee"]


class CaseRulesError(RuleFileError):
    """``cases.json`` (or a file given in its place) is missing, not JSON, or has a bad key."""


class CaseRules(CaseRulesFile):
    """The whole of ``cases.json``, with its patterns compiled on demand."""

    def standing_regex(self) -> re.Pattern[str]:
        """One compiled pattern for all standing-item titles."""
        return _compiled("|".join(f"(?:{p})" for p in self.standing_titles))

    def cue_regexes(self) -> list[re.Pattern[str]]:
        """The referral cues' patterns, compiled (in the order of ``referral_cues``)."""
        return [_compiled(cue.pattern) for cue in self.referral_cues]

    def endorse_regexes(self) -> list[re.Pattern[str]]:
        """The outcome's endorsement patterns, compiled."""
        return [_compiled(p) for p in self.outcome.endorse_patterns]

    def role_of(self, body_lower: str) -> Role:
        """'top', 'finance' or 'committee' for a lower-cased body name."""
        if any(word in body_lower for word in top_body_names()):
            return "top"
        if any(word in body_lower for word in self.body_roles.get("finance", ())):
            return "finance"
        return "committee"


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(expand_top_body(pattern))


def load_rules(path: Union[str, Path, None] = None) -> CaseRules:
    """The rules from ``path``, or the packaged ``resources/cases.json``; CaseRulesError names the
    file and the offending key."""
    try:
        return load(DEFAULT_RULES_NAME, CaseRules) if path is None else read(path, CaseRules)
    except RuleFileError as err:
        raise CaseRulesError(str(err)) from None
