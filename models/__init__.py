"""minutes_nlp_models: the trained default pipeline shipped with minutes_nlp (installed from models/).

``minutes_da/`` is an ``nlp.to_disk`` folder (CC BY-SA 4.0, see its meta.json); ``minutes_nlp.load()``
finds it through ``importlib.resources.files("minutes_nlp_models") / "minutes_da"``.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DEFAULT = "minutes_da"


def model_path(name: str = DEFAULT) -> Path:
    """Folder of a shipped pipeline (raises FileNotFoundError when it is not installed)."""
    path = Path(str(files(__name__))) / name
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"no shipped pipeline {name!r} at {path}")
    return path


__all__ = ["DEFAULT", "model_path"]
