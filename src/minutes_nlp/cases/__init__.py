"""Case histories across meetings: follow one matter from fagudvalg to Økonomiudvalget to byråd.

>>> from minutes_nlp.cases import link_cases
>>> cases = link_cases(documents)       # documents: iterable of (source, Minutes)  # doctest: +SKIP
>>> cases[0].outcome.final_decision     # doctest: +SKIP

Modules: ``config`` (rules in resources/cases.json), ``normalise``, ``entries``, ``similarity``,
``blocking``, ``scoring``, ``cluster``, ``link`` (``link_cases``), ``outcome``, ``models``,
``inputs`` (files and extract JSONL → documents), ``tables`` (``cases``/``case_steps`` rows,
Parquet/SQLite).
"""
from __future__ import annotations

from .config import CaseRules, CaseRulesError, load_rules
from .link import link_cases
from .models import Case, CaseStep, StepLink
from .outcome import Outcome

__all__ = ["link_cases", "Case", "CaseStep", "StepLink", "Outcome", "CaseRules", "CaseRulesError", "load_rules"]
