"""The segmentation rules (``resources/headings.json``) compiled once, with clear errors.

The JSON holds the heading shapes (regexes with named groups ``number``, ``title``, ``prefix``,
``closed``), the section heading words, the evidence weights of the heading scorer and the
patterns for page furniture and contents lists. Nothing in the Python code names a layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from ..errors import RuleFileError
from ..rule_models import HeadingRules
from ..rules_contract import load, read, validate

RULES_FILE = "headings.json"
#: Keys every headings rule file must hold (the contract is ``rule_models.HeadingRules``).
REQUIRED_KEYS = tuple(a.alias or k for k, a in HeadingRules.model_fields.items() if a.is_required())


class RulesError(RuleFileError):
    """A heading rule file breaks its contract: a missing, unknown or misspelt key, a wrong type, or a
    pattern that does not compile (the message names the key)."""


@dataclass(frozen=True)
class Shape:
    """One heading shape: a regex over a markup-free line and its prior weight."""

    name: str
    pattern: re.Pattern[str]
    markdown_only: bool
    exclude_years: bool
    in_lists: bool = False


@dataclass(frozen=True)
class SegmentRules:
    """Compiled heading rules; ``data`` is the JSON object they came from."""

    data: dict[str, Any]
    markup: re.Pattern[str]
    shapes: tuple[Shape, ...]
    weights: dict[str, float]
    section_words: dict[str, str]
    decision_heading: tuple[re.Pattern[str], ...]
    inline_sections: frozenset[str]
    toc_titles: frozenset[str]
    toc_line: re.Pattern[str]
    toc_glued: re.Pattern[str]
    list_glued_heading: re.Pattern[str]
    page_line: re.Pattern[str]
    navigation_line: re.Pattern[str]
    repeat_keep: re.Pattern[str]
    repeated_min: int
    section_inline_re: re.Pattern[str]
    fuzzy_words: tuple[str, ...]
    title_reject: re.Pattern[str]
    title_sentence: re.Pattern[str]
    case_line: re.Pattern[str]
    list_intro: re.Pattern[str]
    numeric_row: re.Pattern[str]
    not_decision_heading: re.Pattern[str]
    section_glued_re: re.Pattern[str]
    title_stop: re.Pattern[str]
    title_furniture: re.Pattern[str]
    title_person: re.Pattern[str]
    recommendation_heading: re.Pattern[str]
    flattened_min: int
    flattened_breaks: tuple[re.Pattern[str], ...]
    line_breaks: tuple[re.Pattern[str], ...]
    history_entry: re.Pattern[str]

    @property
    def list_shapes(self) -> frozenset[str]:
        """Shapes whose headings may stand on adjacent lines without being a list."""
        return frozenset(s.name for s in self.shapes if s.in_lists)

    def weight(self, name: str) -> float:
        """The evidence weight ``name`` (a missing weight is an error, not 0)."""
        try:
            return self.weights[name]
        except KeyError:
            raise RulesError(f"headings rules: evidence weight {name!r} is not defined") from None


def norm_word(s: str) -> str:
    """A heading word for lookup: whitespace collapsed, trailing colon dropped, lower case."""
    return re.sub(r"\s+", " ", s).strip().rstrip(":").strip().lower()


def _compile(data: dict[str, Any], key: str, flags: int = 0, value: Optional[str] = None) -> re.Pattern[str]:
    pattern = data[key] if value is None else value
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise RulesError(f"headings rules: {key!r} does not compile: {exc}") from None


def rules_from_dict(data: dict[str, Any]) -> SegmentRules:
    """Compile a headings rule dict (the JSON's content); errors name the missing or bad key."""
    try:
        validate(data, HeadingRules, "headings rules")
    except RuleFileError as err:
        raise RulesError(str(err)) from None
    shapes = []
    for shape in data["heading_shapes"]:
        flags = re.IGNORECASE if shape.get("ignore_case") else 0
        shapes.append(Shape(shape["name"], _compile(data, f"heading_shapes.{shape['name']}", flags, shape["regex"]),
                            bool(shape.get("markdown_only")), bool(shape.get("exclude_years")),
                            bool(shape.get("in_lists"))))
    words: dict[str, str] = {}
    for label, names in data["sections"].items():
        for name in names:
            words[norm_word(name)] = label
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    weights = {k: float(v) for k, v in data["evidence"].items() if not k.startswith("_")}
    return SegmentRules(
        data=data,
        markup=_compile(data, "markup_strip"),
        shapes=tuple(shapes),
        weights=weights,
        section_words=words,
        decision_heading=tuple(_compile(data, "decision_heading_patterns", re.IGNORECASE, p)
                               for p in data["decision_heading_patterns"]),
        inline_sections=frozenset(data["inline_sections"]),
        toc_titles=frozenset(norm_word(t) for t in data["toc_titles"]),
        toc_line=_compile(data, "toc_line"),
        toc_glued=_compile(data, "toc_glued", re.IGNORECASE),
        list_glued_heading=_compile(data, "list_glued_heading"),
        page_line=_compile(data, "page_line", re.IGNORECASE),
        navigation_line=_compile(data, "navigation_line", re.IGNORECASE),
        repeat_keep=_compile(data, "repeat_keep", re.IGNORECASE, data.get("repeat_keep", "(?!)")),
        repeated_min=int(data["repeated_line_min"]),
        section_inline_re=re.compile(rf"^({alternatives})\s*:\s*(\S.*)$", re.IGNORECASE),
        fuzzy_words=tuple(w for w in words if len(w) >= 10 and " " not in w),
        title_reject=_compile(data, "title_reject", re.IGNORECASE),
        title_sentence=_compile(data, "title_sentence", re.IGNORECASE),
        case_line=_compile(data, "case_line", re.IGNORECASE),
        list_intro=_compile(data, "list_intro", re.IGNORECASE),
        numeric_row=_compile(data, "numeric_row"),
        not_decision_heading=_compile(data, "not_decision_heading", re.IGNORECASE,
                                      data.get("not_decision_heading", "(?!)")),
        section_glued_re=re.compile(rf"^({alternatives})(?=(?-i:[A-ZÆØÅ])(?-i:[a-zæøå])|\d{{1,2}}[.)]\s)(\S.*)$", re.IGNORECASE),
        title_stop=_compile(data, "title_stop"),
        title_furniture=_compile(data, "title_furniture"),
        title_person=_compile(data, "title_person"),
        recommendation_heading=_compile(data, "recommendation_heading", re.IGNORECASE),
        flattened_min=int(data["flattened_line_min"]),
        flattened_breaks=tuple(_compile(data, "flattened_breaks", 0, p) for p in data["flattened_breaks"]),
        history_entry=_compile(data, "history_entry", re.IGNORECASE),
        line_breaks=tuple(_compile(data, "line_breaks", 0, p) for p in data["line_breaks"]),
    )


def packaged_rules_data() -> dict[str, Any]:
    """The packaged ``headings.json`` as a dict (validated; shared, do not mutate)."""
    try:
        return load(RULES_FILE, HeadingRules).data
    except RuleFileError as err:
        raise RulesError(str(err)) from None


@lru_cache(maxsize=4)
def load_rules(path: Optional[str] = None) -> SegmentRules:
    """Read heading rules (the packaged ``headings.json`` unless ``path`` is given)."""
    if path is None:
        return rules_from_dict(packaged_rules_data())
    try:
        data = read(path, HeadingRules).data
    except RuleFileError as err:
        raise RulesError(str(err)) from None
    return rules_from_dict(data)
