"""Wheel build step for the spaCy pipeline package ``da_minutes_nlp`` (everything else is in pyproject.toml).

The source tree keeps the trained pipeline where the training project publishes it,
``models/minutes_da/``. A spaCy pipeline package (as ``spacy package`` lays it out) instead holds
``meta.json`` beside the pipeline folder ``<lang>_<name>-<version>/``, and spaCy's ``spacy.load(name)``
only treats ``name`` as a package when an installed distribution of that name exists. So, for a
regular (non-editable) build, after the normal ``build_py``:

1. ``da_minutes_nlp/minutes_da`` is renamed to ``da_minutes_nlp/da_<name>-<version>`` (moved, not
   copied: the wheel carries the pipeline once);
2. ``da_minutes_nlp/meta.json`` is written from the pipeline's meta.json;
3. ``da_minutes_nlp-<version>.egg-info/PKG-INFO`` is written at the top of the wheel, so
   ``importlib.metadata.distribution("da_minutes_nlp")`` — what ``spacy.util.is_package`` asks — finds it.

Editable installs skip this: there ``da_minutes_nlp.load()`` reads ``models/minutes_da`` directly.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PACKAGE = "da_minutes_nlp"
SOURCE_FOLDER = "minutes_da"


def spacy_requirement(dependencies: list[str]) -> str:
    """The ``spacy…`` requirement string of the library's dependencies."""
    return next(d for d in dependencies if d.replace(" ", "").lower().startswith(("spacy>", "spacy<", "spacy=")))


class BuildPipelinePackage(build_py):
    """``build_py`` plus the spaCy package layout and distribution metadata of ``da_minutes_nlp``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root = Path(self.build_lib)
        package = root / PACKAGE
        source = package / SOURCE_FOLDER
        if not (source / "meta.json").exists():
            return  # nothing shipped (a build without the model)
        meta = json.loads((source / "meta.json").read_text(encoding="utf-8"))
        target = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
        if target.exists():  # an earlier build in the same build folder
            shutil.rmtree(target)
        source.rename(target)
        library = self.distribution.metadata
        requirement = spacy_requirement(list(self.distribution.install_requires or []))
        meta["requirements"] = [f"{library.get_name()}=={library.get_version()}"]
        (package / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        for old in root.glob(f"{PACKAGE}-*.egg-info"):
            shutil.rmtree(old)
        info = root / f"{PACKAGE}-{meta['version']}.egg-info"
        info.mkdir()
        (info / "PKG-INFO").write_text("\n".join([
            "Metadata-Version: 2.1",
            f"Name: {PACKAGE}",
            f"Version: {meta['version']}",
            f"Summary: {meta.get('description', '')}".splitlines()[0],
            f"License: {meta.get('license', '')}",
            f"Requires-Dist: {library.get_name()}=={library.get_version()}",
            f"Requires-Dist: {requirement}",
            "", "The trained pipeline of minutes_nlp, installed with minutes-nlp as a spaCy pipeline package.", "",
        ]), encoding="utf-8")
        (info / "top_level.txt").write_text(f"{PACKAGE}\n", encoding="utf-8")


setup(cmdclass={"build_py": BuildPipelinePackage})
