"""Pure normalisers for linking: case numbers, titles (words and stems) and body names.

>>> normalise_case_number(" sag-2020-03136 ")
'SAG-2020-03136'
>>> title_stems("Lukket: Godkendelse af udbudsbetingelser - nyt plejehjem", load_rules())
('godkend', 'udbudsb', 'nyt', 'plejehj')
"""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from typing import Optional

from .config import CaseRules, Role, load_rules

__all__ = ["normalise_case_number", "clean_title", "title_stems", "is_standing", "body_key", "body_role",
           "load_rules"]

_INVISIBLE = re.compile("[\\s\\u00ad\\u200b-\\u200d\\u2060\\ufeff]+")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})
_WORD = re.compile(r"[0-9a-zæøåäöüé]+(?:[./][0-9]+)*")
_YEARS = re.compile(r"\b(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?\b")
_BODY_SUFFIX = re.compile(r"(?:ets|et|ens|en|s)$")


def normalise_case_number(value: Optional[str]) -> Optional[str]:
    """Upper case, no whitespace or invisibles, uniform dashes; None for an empty value."""
    if not isinstance(value, str):
        return None
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", value)).translate(_DASHES).strip(".,;:")
    return text.upper() or None


def clean_title(title: str, rules: CaseRules) -> str:
    """Lower case, NFC, whitespace collapsed, a closed-item prefix ("Lukket:") and end dots removed."""
    text = " ".join(unicodedata.normalize("NFC", title or "").translate(_DASHES).lower().split())
    for prefix in sorted(rules.closed_prefixes, key=len, reverse=True):
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
            break
    return text.strip(" .:;-")


def title_words(title: str, rules: CaseRules) -> list[str]:
    """The title's words without stopwords (numbers and years kept: they tell 2023 from 2024)."""
    stop = _stopwords(rules)
    return [w for w in _WORD.findall(clean_title(title, rules)) if w not in stop]


def title_stems(title: str, rules: CaseRules) -> tuple[str, ...]:
    """The title's words cut to ``rules.stem_length`` characters (a crude stem that joins Danish
    inflections and most compounds' heads: "udbudsbetingelser"/"udbudsbetingelserne")."""
    n = rules.stem_length
    return tuple(dict.fromkeys(w[:n] for w in title_words(title, rules)))


def is_standing(title: str, rules: CaseRules) -> bool:
    """A standing agenda item ("Godkendelse af dagsorden", "Underskriftsark", …) that never links."""
    return bool(rules.standing_regex().search(clean_title(title, rules)))


@lru_cache(maxsize=4096)
def body_key(name: Optional[str]) -> Optional[str]:
    """A body name reduced for comparison: lower case, no years or brackets, no definite or
    genitive ending ("Byråd 2022-2025", "Byrådet", "Byrådets" → "byråd")."""
    if not name:
        return None
    text = re.sub(r"\([^)]*\)", " ", unicodedata.normalize("NFC", name).lower())
    text = _YEARS.sub(" ", text)
    words = [_BODY_SUFFIX.sub("", w) if w.endswith(("udvalget", "udvalgets", "rådet", "rådets", "udvalgs",
                                                      "bestyrelsen", "bestyrelsens", "magistraten"))
             else w for w in re.findall(r"[\wæøå]+", text)]
    key = " ".join(w for w in words if w not in ("greve", "kommune", "kommunes")) or " ".join(words)
    return key or None


def body_role(name: Optional[str], rules: CaseRules) -> Role:
    """'top' (byråd), 'finance' (Økonomiudvalget) or 'committee' (any other body, or unknown)."""
    return rules.role_of((name or "").lower())


_STOP_CACHE: dict[int, frozenset[str]] = {}


def _stopwords(rules: CaseRules) -> frozenset[str]:
    key = id(rules)
    if key not in _STOP_CACHE:
        _STOP_CACHE[key] = frozenset(rules.stopwords)
    return _STOP_CACHE[key]
