"""Build or load the pipeline: ``load()`` for the default, ``blank()`` for rules only.

Resolution order of ``load(model=None)``: the argument (a path or an installed package name) →
``$MINUTES_NLP_MODEL`` → the trained pipeline shipped with the package → the rules-only pipeline
(with a warning), so the library works even when no trained model is installed.
"""
from __future__ import annotations

import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

import spacy
from spacy.language import Language

from . import __version__

#: Components of the rules-only pipeline, in order.
RULE_COMPONENTS: tuple[str, ...] = (
    "minutes_agenda_segmenter",
    "minutes_header",
    "minutes_entity_rules",
    "minutes_decisions",
)
ENV_VAR = "MINUTES_NLP_MODEL"


def _register_components() -> None:
    """Import the component modules so their factories exist even without entry points."""
    from .components import decision_model, decisions, entity_rules, header, segmenter  # noqa: F401
    from . import bases, tokenizer  # noqa: F401


def blank(max_length: int = 1_000_000) -> Language:
    """The rules-only pipeline: Danish minutes tokenizer + segmenter, header, entity rules, decisions."""
    _register_components()
    nlp = spacy.blank("da", config={"nlp": {"tokenizer": {"@tokenizers": "minutes_nlp.Tokenizer.v1"}}})
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    nlp.initialize()
    nlp.max_length = max_length
    nlp.meta["name"] = "minutes_rules"
    nlp.meta["version"] = __version__
    return nlp


def default_model_path() -> Optional[Path]:
    """The trained pipeline shipped with the package, if it is installed."""
    try:
        from importlib import resources

        root = Path(str(resources.files("minutes_nlp_models")))
    except (ModuleNotFoundError, TypeError):
        return None
    candidate = root / "minutes_da"
    return candidate if (candidate / "config.cfg").exists() else None


def load(model: Union[str, Path, None] = None, *, base: Optional[str] = None) -> Language:
    """Load a pipeline: ``model`` (path or package name), else $MINUTES_NLP_MODEL, else the default.

    ``base="dacy:small"`` (medium, large; or "trf:<pipeline>") puts ``model`` — the rules-only
    pipeline when None — on an installed transformer pipeline (see :mod:`minutes_nlp.bases`).
    """
    _register_components()
    if base is not None:
        from .bases import load_with_base

        return load_with_base(base, model)
    target = model if model is not None else os.environ.get(ENV_VAR) or default_model_path()
    if target is None:
        warnings.warn("no trained minutes_nlp model installed; using the rules-only pipeline", stacklevel=2)
        return blank()
    if isinstance(target, str) and target == "rules":
        return blank()
    try:
        nlp = spacy.load(target)
    except OSError as err:
        raise OSError(
            f"cannot load minutes_nlp pipeline {str(target)!r}: {err}. Give a path to a pipeline folder "
            f"(nlp.to_disk output), an installed pipeline package name, or 'rules'."
        ) from err
    for name in RULE_COMPONENTS:  # a training config may disable a rule component; the pipeline needs it
        if name in nlp.disabled:
            nlp.enable_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def cached(model: Optional[str] = None) -> Language:
    """A process-wide pipeline for ``extract()`` (loaded once per model name)."""
    return load(model)


def pipeline_name(nlp: Language) -> str:
    """'name version' of a pipeline, recorded in every result."""
    return f"{nlp.meta.get('name', 'pipeline')} {nlp.meta.get('version', '0.0.0')}"
