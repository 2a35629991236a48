"""Vote rules as data: the compiled form of ``resources/vote_rules.json`` and its loaders.

The JSON holds the Danish party table (letters, names, historic names, abbreviations), group words
("et flertal", "mindretallet", "1 medlem"), the vote cues with their option and direction, tally
patterns, motion markers, result words, remark and conflict cues; ``vote_parse`` applies them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..rule_models import VOTE_OPTIONS, VoteRulesFile
from ..rules_contract import load, read, validate

RULES_RESOURCE = "vote_rules.json"
OPTIONS = VOTE_OPTIONS
_I = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True)
class VoteCue:
    """A phrase that states a position: its option and where its voters stand (pre/post/both)."""

    option: str
    direction: str


@dataclass(frozen=True)
class VoteRules:
    """Compiled vote rules; ``data`` is the JSON object they came from."""

    data: dict[str, Any]
    cue: re.Pattern[str]  # one alternation; group "c<k>" names cue k
    cues: tuple[VoteCue, ...]
    tallies: tuple[re.Pattern[str], ...]
    count_after: re.Pattern[str]
    count_before: re.Pattern[str]
    count_total: re.Pattern[str]
    unanimity: re.Pattern[str]
    motions: tuple[tuple[str, re.Pattern[str]], ...]
    result_fail: re.Pattern[str]
    result_pass: re.Pattern[str]
    remarks: tuple[tuple[str, re.Pattern[str]], ...]
    remark_other_needs_vote: bool
    conflict: re.Pattern[str]
    attendance: re.Pattern[str]
    voter: re.Pattern[str]  # groups: group/plist, party, pparty, person, pperson, plist2, letter
    party_by_name: dict[str, str]  # casefolded name/abbreviation → letter
    letters: frozenset[str]
    roles: frozenset[str]
    not_names: frozenset[str]
    not_name_suffixes: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "vote rules") -> "VoteRules":
        """Validate (``rule_models.VoteRulesFile``) and compile the JSON object (see its "description")."""
        validate(data, VoteRulesFile, source)
        cues = tuple(VoteCue(c["option"], c.get("direction", "both")) for c in data["cues"])
        for c in cues:
            if c.option not in OPTIONS or c.direction not in ("pre", "post", "both"):
                raise ValueError(f"bad vote cue {c}")
        cue = re.compile("|".join(f"(?P<c{k}>\\b(?:{c['pattern']}))" for k, c in enumerate(data["cues"])), _I)
        party_by_name: dict[str, str] = {}
        for p in data["parties"]:
            for name in [*p.get("names", []), *p.get("historic", []), *p.get("abbreviations", [])]:
                party_by_name[name.casefold()] = p["letter"]
        letters = {p["letter"] for p in data["parties"]}
        printed = {n for p in data["parties"] for n in [*p.get("names", []), *p.get("historic", []),
                                                         *p.get("abbreviations", [])] if n not in letters}
        names = sorted(printed, key=len, reverse=True)
        party_alt = "|".join(re.escape(n) for n in names)
        groups = "|".join(data["groups"])
        word = r"(?:[A-ZÆØÅ][a-zæøåéüöäA-ZÆØÅ'’-]*[a-zæøåéüöä]|[A-ZÆØÅ]\.)"
        letter = data.get("party_letters_case_sensitive", "[A-ZÆØÅ]")
        voter = re.compile(
            rf"(?P<group>(?i:\b(?:{groups})\b))(?:\s*\((?P<plist>[^()\n]{{1,80}})\))?"
            rf"|(?P<party>\b(?:{party_alt})\b)(?:\s*\((?P<pparty>{letter}{{1,2}})\))?"
            rf"|(?P<person>\b{word}(?:\s+{word}){{1,4}})(?:\s*\((?P<pperson>{letter}{{1,2}})\))?"
            rf"|\((?P<plist2>[^()\n]{{1,60}})\)"
            rf"|(?<![\w.\-])(?P<letter>{letter})(?![\w\-]|\.\w)"
        )
        return cls(
            data=data, cue=cue, cues=cues,
            tallies=tuple(re.compile(t, _I) for t in data["tallies"]),
            count_after=re.compile(data["count_after_cue"], _I),
            count_before=re.compile(data["count_before_cue"], _I),
            count_total=re.compile(data["count_total"], _I),
            unanimity=re.compile(r"\b(?:" + "|".join(data["unanimity"]) + r")\b", _I),
            motions=tuple((m["kind"], re.compile(m["pattern"], _I)) for m in data["motions"]),
            result_fail=re.compile(r"\b(?:" + "|".join(data["result_fail"]) + r")\b", _I),
            result_pass=re.compile(r"\b(?:" + "|".join(data["result_pass"]) + r")\b", _I),
            remarks=tuple((r["kind"], re.compile(r["pattern"], _I)) for r in data["remarks"]),
            remark_other_needs_vote=bool(data.get("remark_other_needs_vote", True)),
            conflict=re.compile(r"\b(?:" + "|".join(data["conflicts"]) + r")", _I),
            attendance=re.compile("|".join(data["attendance"]), _I),
            voter=voter, party_by_name=party_by_name,
            letters=frozenset(p["letter"] for p in data["parties"]),
            roles=frozenset(r.casefold() for r in data["roles"]),
            not_names=frozenset(w.casefold() for w in data["not_names"]),
            not_name_suffixes=tuple(s.casefold() for s in data["not_name_suffixes"]),
        )

    def option_of(self, match: re.Match[str]) -> VoteCue:
        """The cue a match of :attr:`cue` came from."""
        return self.cues[int(str(match.lastgroup)[1:])]


def load_rules(path: Optional[str | Path] = None) -> VoteRules:
    """The packaged rules, or the JSON file at ``path``."""
    if path is None:
        return default_rules()
    return VoteRules.from_dict(read(path, VoteRulesFile).data, str(path))


@lru_cache(maxsize=1)
def default_rules() -> VoteRules:
    """The packaged ``resources/vote_rules.json``, compiled once."""
    return VoteRules.from_dict(load(RULES_RESOURCE, VoteRulesFile).data, RULES_RESOURCE)
