"""Thin wrappers around the spaCy training project (``training/project.yml``) and ``spacy train``.

The library holds no training loop: ``run_project`` runs a workflow or command of the project
(``all`` reproduces the shipped model, ``smoke`` is the CI check), ``train_ner`` runs ``spacy train``
with the project's config for users who converted their own annotated minutes.

    >>> from minutes_nlp.tools.train import run_project
    >>> run_project("smoke")                            # doctest: +SKIP
    >>> run_project("all", overrides={"max_steps": 1000})  # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Union

from ..errors import MinutesNLPError

PathLike = Union[str, Path]
PROJECT_FILE = "project.yml"
DEFAULT_CONFIG = "configs/default.cfg"


class TrainingError(MinutesNLPError, RuntimeError):
    """The training project or a config cannot be found or run."""


def project_dir(path: Optional[PathLike] = None) -> Path:
    """The training project folder: ``path`` or the ``training/`` folder of this checkout."""
    candidate = Path(path) if path is not None else Path(__file__).resolve().parents[3] / "training"
    if not (candidate / PROJECT_FILE).exists():
        raise TrainingError(f"no spaCy project ({PROJECT_FILE}) in {candidate}; pass the training folder "
                            f"of a minutes_nlp checkout")
    return candidate


def run_project(workflow: str = "all", project: Optional[PathLike] = None, *,
                overrides: Optional[dict[str, Any]] = None, force: bool = False, dry: bool = False) -> None:
    """Run a workflow or command of the training project (``overrides`` set ``vars``)."""
    from spacy.cli.project.run import project_run

    root = project_dir(project)
    project_run(root, workflow, overrides={f"vars.{k}": v for k, v in (overrides or {}).items()},
                force=force, dry=dry)


def train_ner(train: PathLike, dev: PathLike, output: PathLike, *, config: Optional[PathLike] = None,
              max_steps: Optional[int] = None, overrides: Optional[dict[str, Any]] = None) -> Path:
    """``spacy train`` with our config on converted DocBins (folders or .spacy files); returns model-best."""
    from spacy.cli.train import train as spacy_train

    from ..pipeline import register_components

    register_components()
    cfg = Path(config) if config is not None else project_dir() / DEFAULT_CONFIG
    for p in (cfg, Path(train), Path(dev)):
        if not p.exists():
            raise TrainingError(f"{p} not found")
    extra = {"paths.train": str(train), "paths.dev": str(dev), **(overrides or {})}
    if max_steps is not None:
        extra["training.max_steps"] = int(max_steps)
    spacy_train(cfg, Path(output), overrides=extra)
    return Path(output) / "model-best"


__all__ = ["TrainingError", "project_dir", "run_project", "train_ner"]
