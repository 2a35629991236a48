"""One exception hierarchy: every exception class the package defines is a MinutesNLPError and keeps
the built-in base it had, so ``except ValueError`` (or OSError, RuntimeError) still catches it."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from minutes_nlp.errors import MinutesNLPError

ROOT = Path(__file__).resolve().parents[1] / "src" / "minutes_nlp"


def _exception_classes() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.name.endswith("Error") and node.name != "MinutesNLPError":
                found.append((".".join(parts), node.name))
    return found


@pytest.mark.parametrize("module, name", _exception_classes())
def test_every_exception_is_a_minutes_nlp_error(module: str, name: str) -> None:
    try:
        cls = getattr(importlib.import_module(module), name)
    except ImportError as err:  # an optional dependency is missing
        pytest.skip(str(err))
    assert issubclass(cls, MinutesNLPError)
    assert any(issubclass(cls, b) for b in (ValueError, OSError, RuntimeError)), cls.__mro__


def test_the_known_classes_are_found() -> None:
    names = {name for _, name in _exception_classes()}
    assert {"ReadError", "CorpusError", "LabelStudioError", "OcrError", "TrainingError", "RuleFileError",
            "RulesError", "ComponentError"} <= names
