"""Decision rules as data: the compiled form of ``resources/decision_rules.json`` and its loaders.

The rules are ordered, case-insensitive regexes (see the JSON's "description");
``decision_classify`` applies them, ``decisions`` is the spaCy component that carries them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..labels import DECISION_LABELS, DecisionLabel
from ..rule_models import DecisionRulesFile, expand_top_body
from ..rules_contract import load, read, validate

RULES_RESOURCE = "decision_rules.json"
BARE = "BARE"
REC_KINDS = ("recommend", "note", "discuss", "approve", "none")
KIND_LABEL = {
    "note": DecisionLabel.NOTED.value,
    "discuss": DecisionLabel.DISCUSSED.value,
    "recommend": DecisionLabel.RECOMMENDED.value,
    "approve": DecisionLabel.APPROVED.value,
}
_FLAGS = re.IGNORECASE | re.MULTILINE


def _rx(pattern: str) -> re.Pattern[str]:
    """A rule pattern compiled, ``{top_body}`` expanded (``rule_models.expand_top_body``)."""
    return re.compile(expand_top_body(pattern), _FLAGS)



@dataclass(frozen=True)
class Cue:
    """One ordered rule: a regex that carries a label (or BARE, or a recommendation kind)."""

    label: str
    weight: float
    pattern: re.Pattern[str]
    yields_to: tuple[str, ...] = ()  # labels that win over this cue's label when both occur


@dataclass(frozen=True)
class DecisionRules:
    """Compiled decision rules; `data` is the JSON object they came from."""

    data: dict[str, Any]
    strip: tuple[re.Pattern[str], ...]
    noise: tuple[re.Pattern[str], ...]
    no_decision: tuple[re.Pattern[str], ...]
    cues: tuple[Cue, ...]
    weak_cues: tuple[Cue, ...]
    rec_cues: tuple[Cue, ...]
    stopwords: re.Pattern[str]
    top_bodies: re.Pattern[str]
    preamble: re.Pattern[str]
    at_clause: re.Pattern[str]
    #: lines naming the deciding body ("Kompetence: Byrådet"); group "who" holds the bodies
    competence: tuple[re.Pattern[str], ...] = ()
    #: whole-word, case-sensitive abbreviations of bodies ("KB", "ØU", "BY") → their names
    body_abbreviations: tuple[tuple[re.Pattern[str], str], ...] = ()
    #: a reference to an agenda item by number (group "num"); a sentence that names another item
    #: before its cue of one of ``other_item_labels`` speaks of that item ("punkt 38 tages af dagsordenen")
    other_item: Optional[re.Pattern[str]] = None
    other_item_labels: frozenset[str] = frozenset()
    #: the first line of an item with no decision section that records its outcome ("Foretoges.",
    #: "Beslutningsforslaget blev oversendt til Magistraten.")
    outcome_lines: tuple[tuple[re.Pattern[str], Optional[str]], ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "decision rules") -> "DecisionRules":
        """Validate (``rule_models.DecisionRulesFile``) and compile a rules object; a bad key, label,
        kind or regex raises :class:`~minutes_nlp.errors.RuleFileError` (a ValueError)."""
        validate(data, DecisionRulesFile, source)
        try:
            allowed = set(DECISION_LABELS) | {BARE}

            def cues(key: str, field: str, ok: set[str]) -> tuple[Cue, ...]:
                out = []
                for entry in data[key]:
                    if entry[field] not in ok:
                        raise ValueError(f"{key}: unknown {field} {entry[field]!r}")
                    out.append(Cue(entry[field], float(entry.get("weight", 1.0)), _rx(entry["pattern"]),
                                   tuple(entry.get("yields_to", ()))))
                return tuple(out)

            competence = tuple(_rx(p) for p in data.get("competence_lines", ()))
            if any("who" not in p.groupindex for p in competence):
                raise ValueError("competence_lines: every pattern needs a group named 'who'")
            return cls(
                data=data,
                strip=tuple(_rx(p) for p in data["strip"]),
                noise=tuple(_rx(p) for p in data["noise"]),
                no_decision=tuple(_rx(p) for p in data["no_decision"]),
                cues=cues("decision_cues", "label", allowed),
                weak_cues=cues("weak_cues", "label", set(DECISION_LABELS)),
                rec_cues=cues("recommendation_cues", "kind", set(REC_KINDS)),
                stopwords=_rx(data["bare_stopwords"]),
                top_bodies=_rx(data["top_bodies"]),
                preamble=_rx(data["recommendation_preamble"]),
                at_clause=_rx(data["at_clause"]),
                competence=competence,
                body_abbreviations=tuple(
                    (re.compile(r"(?<![\wæøåÆØÅ])" + re.escape(k) + r"(?![\wæøåÆØÅ])"), str(v))
                    for k, v in dict(data.get("body_abbreviations", {})).items()),
                other_item=_rx(data["other_item"]["pattern"]) if data.get("other_item") else None,
                other_item_labels=frozenset(data["other_item"]["labels"]) if data.get("other_item") else frozenset(),
                outcome_lines=tuple((_rx(o["pattern"]), o.get("label")) for o in data.get("outcome_lines", ())),
            )
        except (KeyError, TypeError) as err:
            raise ValueError(f"malformed decision rules: {err!r}") from err
        except re.error as err:
            raise ValueError(f"bad regex in decision rules: {err}") from err


@lru_cache(maxsize=1)
def default_rules() -> DecisionRules:
    """The packaged rules (resources/decision_rules.json), compiled once."""
    return DecisionRules.from_dict(load(RULES_RESOURCE, DecisionRulesFile).data, RULES_RESOURCE)


def load_rules(path: str | Path | None = None) -> DecisionRules:
    """Rules from a JSON file, or the packaged default when `path` is None."""
    if path is None:
        return default_rules()
    return DecisionRules.from_dict(read(path, DecisionRulesFile).data, str(path))
