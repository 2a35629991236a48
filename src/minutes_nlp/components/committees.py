"""Committee names for the entity rules: the packaged rule files, canonical body names and the
token patterns generated from ``resources/committees.json`` (ANNOTATION.md §3)."""
from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Span

from ..rule_models import RULE_FILES
from ..rules_contract import load_data, validate

__all__ = ["build_committee_patterns", "canonical_committee_name", "check_rules", "is_excluded_committee",
           "load_pattern_files", "load_rules"]

_RESOURCES = "minutes_nlp.resources"
_GENITIVE = re.compile(r"(['’]s|s)$")


# --- resources -----------------------------------------------------------------------------------
def load_pattern_files() -> list[dict[str, Any]]:
    """All span-ruler patterns shipped in ``resources/patterns/*.jsonl`` (sorted by file name)."""
    folder = resources.files(_RESOURCES).joinpath("patterns")
    patterns: list[dict[str, Any]] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".jsonl"):
            for line in entry.read_text(encoding="utf8").splitlines():
                if line.strip():
                    patterns.append(json.loads(line))
    return patterns


def load_rules(name: str) -> dict[str, Any]:
    """A rule file from ``resources/`` (``committees.json``, ``person_rules.json``), validated by its
    model (``rule_models.RULE_FILES``); a fresh copy the caller may keep."""
    return copy.deepcopy(load_data(name, RULE_FILES[name]))


def check_rules(name: str, data: Any, source: str) -> dict[str, Any]:
    """``data`` (a saved copy of the rule file ``name``) checked against its model."""
    return validate(data, RULE_FILES[name], source).data


@lru_cache(maxsize=1)
def _package_committee_rules() -> dict[str, Any]:
    return load_rules("committees.json")


# --- committees ----------------------------------------------------------------------------------
def _known_committees(rules: dict[str, Any]) -> dict[str, str]:
    """Lower-cased name → canonical name, including 'KKR <Region>'."""
    known: dict[str, str] = {}
    for name in rules.get("names", []):
        known.setdefault(name.lower(), name)  # the first spelling listed is the canonical one
    for region in rules.get("regions", []):
        known.setdefault(f"kkr {region}".lower(), f"KKR {region}")
    return known


def canonical_committee_name(text: str, rules: Optional[dict[str, Any]] = None) -> str:
    """Canonical body name: whitespace collapsed, genitive dropped, known spelling and case.

    "Økonomiudvalgets" → "Økonomiudvalget", "Udvalget for Plan's" → "Udvalget for Plan" (an apostrophe
    genitive always), "byrådet" → "Byrådet", "KKR NORDJYLLAND" → "KKR Nordjylland".
    """
    if not isinstance(text, str):
        raise TypeError(f"canonical_committee_name expects str, got {type(text).__name__}")
    rules = rules if rules is not None else _package_committee_rules()
    name = " ".join(text.split())
    if not name:
        return ""
    known = _known_committees(rules)
    abbreviations = set(rules.get("abbreviations", []))
    endings = tuple(s.lower() for s in rules.get("suffixes", [])) + tuple(
        n.lower() for n in rules.get("names", [])
    ) + tuple(r.lower() for r in rules.get("regions", []))
    lowered = name.lower()
    if lowered in known:
        return known[lowered]
    match = _GENITIVE.search(name)
    if match is not None:
        base = name[: match.start()]
        base_lower = base.lower()
        if base_lower in known:
            return known[base_lower]
        if base and (match.group(1) != "s" or base_lower.endswith(endings) or base.split(" ")[-1] in abbreviations):
            name = base
    words = name.split(" ")
    if all(not c.isalpha() or c.isupper() for c in name):  # an all-caps heading
        words = [w if w in abbreviations else (w.lower() if w.lower() in ("og", "for", "i") else w.capitalize())
                 for w in words]
    name = " ".join(words)
    return name[0].upper() + name[1:]


def is_excluded_committee(span: Span, rules: dict[str, Any]) -> bool:
    """True for generic words and non-bodies ("udvalget", "Indsatsområdet", "KL")."""
    words = {w.lower() for w in rules.get("exclude_words", [])}
    suffixes = tuple(s.lower() for s in rules.get("exclude_suffixes", []))
    text = span.text.lower()
    last = span[-1].lower_
    return text in words or last in words or last.endswith(suffixes)


def build_committee_patterns(nlp: Language, rules: dict[str, Any]) -> list[dict[str, Any]]:
    """Token patterns for the gazetteer names and the single-word name shape of committees.json."""
    patterns: list[dict[str, Any]] = []
    abbreviations = set(rules.get("abbreviations", []))
    for name in rules.get("names", []):
        if name in abbreviations:
            forms = [name, f"{name}'s", f"{name}’s", f"{name}s"]
            patterns.append({"label": "COMMITTEE", "id": "gazetteer", "pattern": [{"TEXT": {"IN": forms}}]})
            continue
        tokens = [t.lower_ for t in nlp.make_doc(name)]
        if not tokens:
            continue
        pattern: list[dict[str, Any]] = [{"LOWER": t} for t in tokens[:-1]]
        pattern.append({"LOWER": {"IN": [tokens[-1], tokens[-1] + "s"]}})
        patterns.append({"label": "COMMITTEE", "id": "gazetteer", "pattern": pattern})
    regions = [r.lower() for r in rules.get("regions", [])]
    if regions:
        patterns.append({"label": "COMMITTEE", "id": "kkr_region", "pattern": [
            {"TEXT": "KKR"}, {"LOWER": {"IN": regions + [r + "s" for r in regions]}}]})
    suffixes = [re.escape(s) for s in rules.get("suffixes", [])]
    if suffixes:
        lower_alt = "|".join(suffixes)
        upper_alt = "|".join(s.upper() for s in suffixes)
        patterns.append({"label": "COMMITTEE", "id": "shape", "pattern": [
            {"TEXT": {"REGEX": rf"^[A-ZÆØÅ][a-zæøå]+({lower_alt})s?$"}}]})
        patterns.append({"label": "COMMITTEE", "id": "shape", "pattern": [
            {"TEXT": {"REGEX": rf"^[A-ZÆØÅ]{{2,}}({upper_alt})S?$"}}]})
    return patterns
