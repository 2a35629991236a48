"""Exceptions shared across modules. A leaf: imports nothing from the package, so any module may
raise these without importing the module that catches them (``io/pdf.py`` raises ``ReadError``
without importing ``io/readers.py``, which re-exports it).

Every error minutes_nlp raises on purpose is a :class:`MinutesNLPError`; each class also stays a
subclass of the built-in type it replaced (``ValueError``), so existing ``except`` clauses keep working.
"""
from __future__ import annotations

__all__ = ["MinutesNLPError", "ReadError", "RuleFileError", "ComponentError"]


class MinutesNLPError(Exception):
    """Base class of minutes_nlp's own exceptions."""


class ReadError(MinutesNLPError, ValueError):
    """A document could not be read; the message names the file and the problem."""


class RuleFileError(MinutesNLPError, ValueError):
    """A rule file (``resources/*.json`` or a copy saved with a pipeline) cannot be read, is not JSON, or
    breaks its contract (``rule_models``): an unknown or misspelt key, a wrong type, a regex that does
    not compile. The message names the file and the key."""


class ComponentError(MinutesNLPError, ValueError):
    """A pipeline component used before its rules were loaded, or loaded from a folder that lacks one
    of its files (it never falls back to the packaged rules)."""
