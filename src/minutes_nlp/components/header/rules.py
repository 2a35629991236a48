"""Header rules (`resources/header_rules.json`) and the result types of the header parser."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from ...rule_models import CommitteeRules, HeaderRulesFile
from ...rules_contract import load, validate

__all__ = ["RULES_FILE", "DECOR", "HeaderRules", "load_rules", "known_bodies", "PersonEntry", "HeaderMatch",
           "HeaderResult", "known_regions"]

RULES_FILE = "header_rules.json"
#: markdown/HTML emphasis around labels and values
DECOR = r"(?:\*\*|__|<b>|</b>|<strong>|</strong>)"


@dataclass(frozen=True)
class HeaderRules:
    """The data the parser runs on; `data` is the JSON object of `header_rules.json`."""

    data: dict[str, Any]
    label_kind: dict[str, str] = field(init=False, repr=False)
    line_label_re: re.Pattern[str] = field(init=False, repr=False)
    inline_label_re: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        kinds: dict[str, str] = {}
        for kind, words in self.data.get("labels", {}).items():
            for word in words:
                kinds.setdefault(word.lower(), kind)
        object.__setattr__(self, "label_kind", kinds)
        alt = "|".join(re.escape(w) for w in sorted(kinds, key=len, reverse=True)) or "(?!)"
        line_re = re.compile(
            rf"^[ \t]*(?:#{{1,6}}[ \t]*)?(?:[-•][ \t]+)?{DECOR}?[ \t]*(?P<label>{alt})(?![\wæøåÆØÅ-])"
            rf"(?:(?:[ \t]+[a-zæøå.]+){{1,4}}(?=[ \t]*:))?[ \t]*{DECOR}?[ \t]*(?P<colon>:)?[ \t]*{DECOR}?(?P<tab>\t)?[ \t]*",
            re.IGNORECASE,
        )
        inline_re = re.compile(
            rf"(?<=\s)(?P<label>{alt})[ \t]*{DECOR}?[ \t]*:(?!\d)[ \t]*{DECOR}?[ \t]*", re.IGNORECASE
        )
        object.__setattr__(self, "line_label_re", line_re)
        object.__setattr__(self, "inline_label_re", inline_re)

    def words(self, key: str) -> list[str]:
        """A word list of the rules (empty when missing)."""
        value = self.data.get(key, [])
        return list(value) if isinstance(value, list) else []

    def pattern(self, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        """A regex of the rules, compiled (cached)."""
        return _compile(self.data.get(key, "(?!)"), flags)

    def weight(self, key: str, default: float) -> float:
        """An evidence weight of the rules (`evidence_weights`)."""
        value = self.data.get("evidence_weights", {}).get(key, default)
        return float(value) if isinstance(value, (int, float)) else default


@lru_cache(maxsize=512)
def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_DEFAULT_RULES: Optional[HeaderRules] = None


def load_rules(data: Optional[dict[str, Any]] = None, source: str = "header rules") -> HeaderRules:
    """Rules from `data` (checked by ``rule_models.HeaderRulesFile``: a bad key raises RuleFileError,
    a ValueError), or the packaged `header_rules.json` (cached) when None."""
    global _DEFAULT_RULES
    if data is not None:
        return HeaderRules(validate(data, HeaderRulesFile, source).data)
    if _DEFAULT_RULES is None:
        _DEFAULT_RULES = HeaderRules(load(RULES_FILE, HeaderRulesFile).data)
    return _DEFAULT_RULES


@lru_cache(maxsize=1)
def known_bodies() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """(known body names, words that are never a body alone, endings that are never a body), lower-cased,
    from the COMMITTEE gazetteer `resources/committees.json` (shared with the entity rules)."""
    data = load("committees.json", CommitteeRules).data
    names = frozenset(n.lower() for n in data.get("names", []))
    return names, frozenset(data.get("exclude_words", [])), tuple(data.get("exclude_suffixes", []))


def known_regions() -> tuple[str, ...]:
    """The five regions, from the COMMITTEE gazetteer `resources/committees.json` (a header rule file
    may still carry its own `regions`, which then win)."""
    return tuple(load("committees.json", CommitteeRules).regions)


# --- result types --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonEntry:
    """A person in a list: `name` is text[start:end]; party/role when printed; absent if marked so."""

    start: int
    end: int
    name: str
    party: Optional[str] = None
    role: Optional[str] = None
    absent: bool = False


@dataclass(frozen=True)
class HeaderMatch:
    """One header field: `label` is a `HeaderField` value; text == source[start:end]."""

    label: str
    start: int
    end: int
    text: str
    party: Optional[str] = None
    role: Optional[str] = None


@dataclass(frozen=True)
class HeaderResult:
    """What `parse_header` found. `labelled`: at least one labelled field was read; `titled`: a title line
    gave a validated body name and the meeting date; `date_value`: the meeting date as "YYYY-MM-DD", with
    a missing year taken from the meeting's other dates (None when the DATE field cannot be read)."""

    fields: tuple[HeaderMatch, ...] = ()
    labelled: bool = False
    titled: bool = False
    date_value: Optional[str] = None

    def first(self, label: str) -> Optional[HeaderMatch]:
        """The first field with `label`, or None."""
        return next((f for f in self.fields if f.label == label), None)
