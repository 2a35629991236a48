"""Agenda segmentation as pure functions over text (see :mod:`minutes_nlp.segmentation`).

Kept as the stable import path: ``from minutes_nlp.segment import segment``.
"""
from __future__ import annotations

from .segmentation import (  # noqa: F401
    ItemSpan,
    RulesError,
    SectionSpan,
    SegmentRules,
    Segmentation,
    load_rules,
    number_key,
    rules_from_dict,
    section_label,
    segment,
)

_Rules = SegmentRules  # former private name, still imported by older code

__all__ = ["ItemSpan", "RulesError", "SectionSpan", "SegmentRules", "Segmentation", "load_rules",
           "number_key", "rules_from_dict", "section_label", "segment"]
