"""Start-up helpers that import nothing heavy: where the default pipeline lies, which factories and
architectures a pipeline folder names, and importing spaCy without torch when no layer needs it.

thinc (under spaCy) imports torch whenever it is installed (the ``[transformers]`` extra), about 1 s
of a cold start; a pipeline of spaCy's own numpy layers (the shipped one, rules only) never calls it.
:func:`import_spacy_for` imports spaCy for such a pipeline as if torch were not installed; the
command line uses it before loading the pipeline of ``minutes-nlp extract``.
"""
from __future__ import annotations

import importlib
import os
import re
import sys
import types
from pathlib import Path
from typing import Optional, Union

ENV_VAR = "MINUTES_NLP_MODEL"
_FACTORY_LINE = re.compile(r'^factory\s*=\s*"([^"]+)"', re.M)
_ARCHITECTURE_LINE = re.compile(r'^@architectures\s*=\s*"([^"]+)"', re.M)
#: spaCy's built-in trainable and rule factories: numpy layers only.
_NUMPY_FACTORIES = frozenset({
    "tok2vec", "ner", "textcat", "textcat_multilabel", "tagger", "parser", "morphologizer", "senter",
    "attribute_ruler", "lemmatizer", "trainable_lemmatizer", "entity_ruler", "span_ruler", "spancat",
    "spancat_singlelabel", "sentencizer", "entity_linker", "span_finder", "merge_entities",
    "merge_noun_chunks", "merge_subtokens", "doc_cleaner", "token_splitter", "future_entity_ruler",
})


def default_model_path() -> Optional[Path]:
    """The trained pipeline shipped with the package (the ``da_minutes_nlp`` spaCy package), if installed."""
    for name in ("da_minutes_nlp", "minutes_nlp_models"):  # the second: an editable install made before the rename
        try:
            candidate = importlib.import_module(name).data_path()
        except (ImportError, AttributeError):
            continue
        return candidate if (candidate / "config.cfg").exists() else None
    return None


def _configs(folder: Union[str, Path]) -> Optional[list[str]]:
    """The text of every ``config.cfg`` under ``folder`` (inner pipelines included); None when
    ``folder`` is not a pipeline folder (a package name, say)."""
    root = Path(folder)
    if not (root / "config.cfg").is_file():
        return None
    return [cfg.read_text("utf8") for cfg in sorted(root.rglob("config.cfg"))]


def factories_named(folder: Union[str, Path]) -> Optional[set[str]]:
    """The factory names in every ``config.cfg`` under ``folder``, or None when it is no pipeline folder."""
    texts = _configs(folder)
    return None if texts is None else {name for text in texts for name in _FACTORY_LINE.findall(text)}


def numpy_only(folder: Union[str, Path]) -> bool:
    """Whether the pipeline in ``folder`` is made of minutes_nlp components and spaCy's own numpy
    layers only (no torch, no transformer), judged from its configs."""
    texts = _configs(folder)
    if texts is None:
        return False
    for text in texts:
        if re.search(r"torch|transformer", text, re.I):
            return False
        if any(not (f.startswith("minutes_") or f in _NUMPY_FACTORIES) for f in _FACTORY_LINE.findall(text)):
            return False
        if any(not a.startswith("spacy.") for a in _ARCHITECTURE_LINE.findall(text)):
            return False
    return True


def model_folder(model: Optional[str]) -> Optional[Path]:
    """The folder ``pipeline.load(model)`` reads (None: a package name, or no trained pipeline)."""
    target = model if model is not None else os.environ.get(ENV_VAR) or default_model_path()
    if target is None or target == "rules":
        return None
    return Path(target) if (Path(target) / "config.cfg").is_file() else None


def import_spacy_for(model: Optional[str]) -> bool:
    """Import spaCy, without torch when the pipeline ``model`` (as ``pipeline.load`` resolves it) has
    no layer that needs it; True when torch was left out.

    Only for a process that loads that one pipeline (the command line): thinc then behaves as if
    torch were not installed for the rest of the process. ``import torch`` itself still works later.
    """
    if any(name in sys.modules for name in ("spacy", "thinc", "torch")):
        return False
    rules = model == "rules" or (model is None and not os.environ.get(ENV_VAR) and default_model_path() is None)
    folder = model_folder(model)
    if not rules and (folder is None or not numpy_only(folder)):
        _import_spacy_without_cli()
        return False
    sys.modules["torch"] = None  # type: ignore[assignment]  # thinc.compat: ImportError → has_torch False
    try:
        _import_spacy_without_cli()
        import spacy.language  # noqa: F401
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return True


def _spacy_info(*args: object, **kwargs: object) -> object:
    """``spacy.info`` as spaCy defines it, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _import_spacy_without_cli() -> None:
    """Import spaCy without its command line (typer apps, weasel, the model downloader: about 0.1 s
    of a cold start). ``spacy/__init__`` only takes ``info`` from ``spacy.cli.info``; while it runs,
    placeholders stand in for ``spacy.cli`` and ``spacy.cli.info``, and they are gone when it returns,
    so ``import spacy.cli`` later imports the real one and ``spacy.info`` calls the real ``info``."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy  # noqa: F401

        return
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so "spacy.cli.info" resolves to the placeholder below
    info = types.ModuleType("spacy.cli.info")
    info.info = _spacy_info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy  # noqa: F401,F811
    finally:
        for name, placeholder in (("spacy.cli", cli), ("spacy.cli.info", info)):
            if sys.modules.get(name) is placeholder:
                del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and getattr(parent, "cli", None) is cli:
            delattr(parent, "cli")


#: Thread-count variables of the BLAS libraries numpy may use.
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def single_blas_thread() -> None:
    """One BLAS thread for this process, unless the environment sets its own count. Takes effect
    only before numpy is imported: the pipeline's matrices are small, so threads cost more than
    they give, and worker processes are the way to use more cores."""
    for var in BLAS_THREAD_VARS:
        os.environ.setdefault(var, "1")


def worker_init(model: Optional[str], target: str, *args: object) -> None:
    """Initializer of a spawned worker process: spaCy imported as :func:`import_spacy_for` does, then
    ``target`` ("module:function") called with ``model`` and ``args``. It lives in this light module
    (and names its target) so a new worker imports nothing heavy before spaCy, and its BLAS runs
    one thread (:func:`single_blas_thread`: the workers are the parallelism)."""
    single_blas_thread()
    import_spacy_for(model)
    module, _, name = target.partition(":")
    getattr(importlib.import_module(module), name)(model, *args)
