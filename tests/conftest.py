"""Shared test helpers: the data folder (skips when absent) and the rules pipeline."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
DATA = Path(os.environ.get("MINUTES_NLP_DATA", ROOT.parent / "shared" / "data"))
SEEDS = DATA / "minutes" / "seeds"
GREVE = DATA / "minutes" / "greve_firstagenda"


def needs_data(path: Path = DATA) -> pytest.MarkDecorator:
    """Skip unless the shared data folder (or a part of it) is present."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present")


def seed(prefix: str) -> str:
    """Text of the seed document whose file name starts with ``prefix`` ("000" …)."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def rules_nlp():
    """The rules-only pipeline, built once per test session."""
    from minutes_nlp.pipeline import blank

    return blank()
