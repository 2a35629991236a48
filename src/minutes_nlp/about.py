"""What is installed: the library's version, the shipped pipeline's and spaCy's (``minutes-nlp --version``)."""
from __future__ import annotations

import json
from importlib import metadata

from .version import __version__


def shipped_pipeline() -> str:
    """'name version' of the trained pipeline shipped as da_minutes_nlp, or 'none' (rules only)."""
    try:
        from da_minutes_nlp import data_path
    except ImportError:
        return "none (rules only)"
    meta = data_path() / "meta.json"
    if not meta.exists():
        return "none (rules only)"
    m = json.loads(meta.read_text(encoding="utf-8"))
    return f"{m.get('name', '?')} {m.get('version', '?')} (spaCy package da_minutes_nlp)"


def version_text() -> str:
    """The lines ``minutes-nlp --version`` prints: the library first, then what it runs on."""
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        spacy_version = "not installed"
    return f"minutes-nlp {__version__}\npipeline: {shipped_pipeline()}\nspaCy: {spacy_version}"
