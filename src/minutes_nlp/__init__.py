"""minutes_nlp: typed data from Danish municipal meeting minutes.

>>> from minutes_nlp import extract
>>> m = extract(text)            # doctest: +SKIP
>>> [(i.number, i.title, i.decision.label if i.decision else None) for i in m.items]  # doctest: +SKIP
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

from .schema import (  # noqa: E402
    AgendaItem, Amount, CaseNumber, Committee, DateMention, Decision, Meeting, Mention, Minutes, Person,
)

if TYPE_CHECKING:  # pragma: no cover
    from .api import extract, extract_many
    from .pipeline import load
    from .cases import link_cases
    from .storage import to_frames

_LAZY = {"extract": "api", "extract_many": "api", "load": "pipeline", "to_frames": "storage",
         "link_cases": "cases"}


def __getattr__(name: str) -> Any:
    """Import the spaCy-heavy parts on first use, so `import minutes_nlp` stays cheap."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'minutes_nlp' has no attribute {name!r}")


__all__ = [
    "extract", "extract_many", "load", "link_cases", "to_frames", "Minutes", "Meeting", "AgendaItem", "Decision", "Mention",
    "Committee", "Person", "Amount", "DateMention", "CaseNumber", "__version__",
]
