"""pipeline.load() multiplies with numpy's BLAS (same output as BLIS, faster on our CPUs); the
environment variable keeps BLIS."""
from __future__ import annotations

import pytest

from minutes_nlp.pipeline import BLIS_ENV_VAR, default_model_path, load


def _blis_flags(nlp) -> set:
    flags = set()
    pipelines = [nlp]
    while pipelines:
        current = pipelines.pop()
        for _, proc in current.components:
            if getattr(proc, "model_nlp", None) is not None:
                pipelines.append(proc.model_nlp)
            model = getattr(proc, "model", None)
            flags |= {getattr(n.ops, "use_blis", None) for n in model.walk()} if hasattr(model, "walk") else set()
    return flags


@pytest.mark.skipif(default_model_path() is None, reason="no trained default pipeline")
def test_default_pipeline_uses_numpy_blas_and_the_env_var_keeps_blis(monkeypatch):
    monkeypatch.delenv(BLIS_ENV_VAR, raising=False)
    fast = load()
    assert _blis_flags(fast) == {False}
    monkeypatch.setenv(BLIS_ENV_VAR, "1")
    blis = load()
    assert True in _blis_flags(blis)
    from conftest import ROOT
    from minutes_nlp import extract

    text = (ROOT / "examples" / "referat_eksempel.txt").read_text(encoding="utf-8")
    assert extract(text, nlp=fast).model_dump() == extract(text, nlp=blis).model_dump()
