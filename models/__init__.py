"""da_minutes_nlp: the trained default pipeline of minutes_nlp, as a spaCy pipeline package.

Installed with minutes_nlp (``pip install minutes-nlp``), so that ::

    import spacy
    nlp = spacy.load("da_minutes_nlp")       # the same pipeline as minutes_nlp.load()

works like any spaCy pipeline package: this module has ``load(**overrides)`` built on
``spacy.util.load_model_from_init_py``, and the installed package holds ``meta.json`` next to the
pipeline folder ``da_minutes_da-<version>/``, the layout ``spacy package`` writes. In the source
tree (``models/``) the pipeline folder is ``minutes_da/``, where the training project publishes it;
the wheel build (setup.py) renames it, so the wheel carries the pipeline once.

Licence of the pipeline: CC BY-SA 4.0 (see LICENSE in this folder); the library code is MIT.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

PACKAGE_DIR = Path(__file__).parent
#: The pipeline folder in the source tree (models/minutes_da), written by the training project.
SOURCE_FOLDER = "minutes_da"


def data_path() -> Path:
    """The pipeline folder (``nlp.to_disk`` output): ``da_<name>-<version>/`` when installed, else ``minutes_da/``."""
    meta = PACKAGE_DIR / "meta.json"
    if meta.exists():
        m = json.loads(meta.read_text(encoding="utf-8"))
        return PACKAGE_DIR / f"{m['lang']}_{m['name']}-{m['version']}"
    return PACKAGE_DIR / SOURCE_FOLDER


def load(**overrides: Any) -> "Language":
    """The pipeline, as ``spacy.load("da_minutes_nlp", **overrides)`` gives it.

    Equal to ``minutes_nlp.load()``: rule components the training config left disabled are on, and
    ``minutes_votes`` is added when the published pipeline predates it (unless ``overrides``
    exclude or disable them).
    """
    from spacy.util import load_model_from_init_py, load_model_from_path

    from minutes_nlp.pipeline import complete_pipeline, register_components

    register_components()
    if (PACKAGE_DIR / "meta.json").exists():
        nlp = load_model_from_init_py(__file__, **overrides)
    else:  # a source checkout or an editable install: models/minutes_da
        nlp = load_model_from_path(data_path(), **overrides)
    leave_out: set[str] = set()
    for key in ("disable", "exclude"):
        value = overrides.get(key) or ()
        leave_out.update([value] if isinstance(value, str) else value)
    return complete_pipeline(nlp, leave_out=leave_out)


__all__ = ["PACKAGE_DIR", "SOURCE_FOLDER", "data_path", "load"]
