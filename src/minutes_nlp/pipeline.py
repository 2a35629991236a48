"""Build or load the pipeline: ``load()`` for the default, ``blank()`` for rules only.

Resolution order of ``load(model=None)``: the argument (a path or an installed package name) →
``$MINUTES_NLP_MODEL`` → the trained pipeline shipped with the package → the rules-only pipeline
(with a warning), so the library works even when no trained model is installed.
"""
from __future__ import annotations

import os
import warnings
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import spacy
from spacy.language import Language

from .tokenizer import load_pipeline
from .version import __version__
from .startup import default_model_path, factories_named  # noqa: F401  (default_model_path: public here too)

#: Components of the rules-only pipeline, in order.
RULE_COMPONENTS: tuple[str, ...] = (
    "minutes_agenda_segmenter",
    "minutes_header",
    "minutes_entity_rules",
    "minutes_decisions",
    "minutes_votes",
)
ENV_VAR = "MINUTES_NLP_MODEL"


def _register_components() -> None:
    """Import the component modules so their factories exist even without entry points."""
    from .components import decision_model, decisions, entity_rules, header, segmenter, votes  # noqa: F401
    from . import bases, tokenizer  # noqa: F401


register_components = _register_components


@contextmanager
def factory_entry_points(needed: Optional[set[str]]) -> Iterator[None]:
    """While constructing pipelines, import only the entry-point factories in ``needed``.

    ``Language()`` imports every installed package that offers spaCy factories through entry points,
    needed or not; with spacy-transformers installed that imports torch and transformers (about 1.5 s
    of a one-file ``minutes-nlp extract``). spaCy looks factories up by name only among those already
    imported, so the ones a pipeline names are imported here. ``None``: all of them, as spaCy does.
    """
    eps = getattr(spacy.util.registry, "_entry_point_factories", None)
    if needed is None or eps is None or not hasattr(eps, "_get_entry_points"):
        yield
        return
    previous = eps.__dict__.get("get_all")

    def get_all() -> dict:
        return {ep.name: ep.load() for ep in eps._get_entry_points() if ep.name in needed}

    eps.get_all = get_all  # shadows Registry.get_all on this one registry only
    try:
        yield
    finally:
        if previous is None:
            del eps.get_all
        else:
            eps.get_all = previous


def blank(max_length: int = 1_000_000) -> Language:
    """The rules-only pipeline: Danish minutes tokenizer + segmenter, header, entity rules, decisions, votes."""
    _register_components()
    with factory_entry_points(set(RULE_COMPONENTS)):
        nlp = spacy.blank("da", config={"nlp": {"tokenizer": {"@tokenizers": "minutes_nlp.Tokenizer.v1"}}})
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    nlp.initialize()
    nlp.max_length = max_length
    nlp.meta["name"] = "minutes_rules"
    nlp.meta["version"] = __version__
    return nlp


def complete_pipeline(nlp: Language, leave_out: Iterable[str] = ()) -> Language:
    """A loaded minutes pipeline made whole: rule components a training config disabled are switched on,
    and ``minutes_votes`` is added to a pipeline saved before it existed (names in ``leave_out`` excepted)."""
    skip = set(leave_out)
    for name in RULE_COMPONENTS:
        if name in nlp.disabled and name not in skip:
            nlp.enable_pipe(name)
    if ("minutes_votes" not in nlp.pipe_names and "minutes_votes" not in skip
            and "minutes_decisions" in nlp.pipe_names):
        nlp.add_pipe("minutes_votes", last=True).initialize(nlp=nlp)
    return nlp


def load(model: Union[str, Path, None] = None, *, base: Optional[str] = None) -> Language:
    """Load a pipeline: ``model`` (path or package name), else $MINUTES_NLP_MODEL, else the default.

    ``base="dacy:small"`` (medium, large; or "trf:<pipeline>") puts ``model`` — the rules-only
    pipeline when None — on an installed transformer pipeline (see :mod:`minutes_nlp.bases`).
    """
    _register_components()
    if base is not None:
        return load_with_base(base, model)
    target = model if model is not None else os.environ.get(ENV_VAR) or default_model_path()
    if target is None:
        warnings.warn("no trained minutes_nlp model installed; using the rules-only pipeline", stacklevel=2)
        return blank()
    if isinstance(target, str) and target == "rules":
        return blank()
    try:
        with factory_entry_points(factories_named(target)):
            nlp = numpy_blas(load_pipeline(target))
    except OSError as err:
        raise OSError(
            f"cannot load minutes_nlp pipeline {str(target)!r}: {err}. Give a path to a pipeline folder "
            f"(nlp.to_disk output), an installed pipeline package name, or 'rules'."
        ) from err
    return complete_pipeline(nlp)


#: Set to 1 to keep thinc's BLIS matrix kernels (thinc's default) instead of numpy's BLAS.
BLIS_ENV_VAR = "MINUTES_NLP_BLIS"


def numpy_blas(nlp: Language) -> Language:
    """Make the thinc models of ``nlp`` (and of a nested decision model) multiply with numpy's BLAS
    instead of thinc's BLIS kernels: 17 % more words/s on this project's CPUs, where BLIS falls back
    to its generic kernel, with the same output (``benchmarks/ops_ab.py``). GPU or other ops are left
    alone, and ``MINUTES_NLP_BLIS=1`` keeps BLIS."""
    from thinc.api import NumpyOps

    if os.environ.get(BLIS_ENV_VAR, "") not in ("", "0"):
        return nlp
    ops = NumpyOps(use_blis=False)
    pipelines = [nlp]
    while pipelines:
        current = pipelines.pop()
        for _, proc in current.components:
            inner = getattr(proc, "model_nlp", None)
            if isinstance(inner, Language):
                pipelines.append(inner)
            model = getattr(proc, "model", None)
            for node in model.walk() if hasattr(model, "walk") else ():
                if type(node.ops) is NumpyOps and getattr(node.ops, "use_blis", False):
                    node.ops = ops
    return nlp


def load_with_base(base: str, model: Optional[Union[str, Path, Language]] = None, *,
                   person_signal: bool = True, gazetteer: bool = True) -> Language:
    """Our pipeline (``model``, or the rules-only pipeline) on the transformer of ``base``.

    With ``model`` (a path, package name or Language), its own components — trained NER, decision
    model — are kept and the base is added; without it the rules pipeline gets the base, plus the
    trained decision classifier of the default pipeline when that is installed.
    ``gazetteer`` adds ``minutes_name_gazetteer`` after the entity rules when the ``dacy`` package
    (its names table) is installed.
    """
    from .bases import GAZETTEER_FACTORY, attach_base, load_base, names_gazetteer, parse_base

    spec = parse_base(base)
    base_nlp = load_base(spec)
    if isinstance(model, Language):
        nlp = model
    elif model is not None:
        nlp = load(model)
    else:
        nlp = blank()
        add_default_decision_model(nlp)
    attach_base(nlp, base_nlp, person_signal=person_signal)
    if gazetteer and names_gazetteer()[0] and GAZETTEER_FACTORY not in nlp.pipe_names:
        after = {"after": "minutes_entity_rules"} if "minutes_entity_rules" in nlp.pipe_names else {"last": True}
        nlp.add_pipe(GAZETTEER_FACTORY, **after)
    name = nlp.meta.get("name", "minutes")
    nlp.meta["name"] = f"{name}+{base_nlp.meta.get('lang', 'da')}_{base_nlp.meta.get('name', spec.target)}"
    nlp.meta["base"] = {"spec": spec.display, "name": base_nlp.meta.get("name"),
                        "version": base_nlp.meta.get("version")}
    return nlp


def add_default_decision_model(nlp: Language) -> bool:
    """Source ``minutes_decision_model`` from the installed default pipeline; False when absent."""
    path = default_model_path()
    if path is None or "minutes_decision_model" in nlp.pipe_names:
        return False
    default = spacy.load(path, exclude=["tok2vec", "ner"])
    if "minutes_decision_model" not in default.pipe_names:
        return False
    where = {"after": "minutes_decisions"} if "minutes_decisions" in nlp.pipe_names else {"last": True}
    nlp.add_pipe("minutes_decision_model", source=default, **where)
    return True


@lru_cache(maxsize=2)
def cached(model: Optional[str] = None) -> Language:
    """A process-wide pipeline for ``extract()`` (loaded once per model name)."""
    return load(model)


def pipeline_name(nlp: Language) -> str:
    """'name version' of a pipeline, recorded in every result."""
    return f"{nlp.meta.get('name', 'pipeline')} {nlp.meta.get('version', '0.0.0')}"
