"""The line between the library and its tooling: the runtime (extract, the pipeline, its components,
readers, storage, review, cases) never imports minutes_nlp.tools (corpus, Label Studio, training,
evaluation) or the Dask runner; only the CLI and the tooling itself do. Uses the import graph of
tests/test_imports.py."""
from __future__ import annotations

from test_imports import import_graph

#: the tooling package, the aliases kept at the old module names, and Dask batch runs
TOOLING = {"minutes_nlp.tools", "minutes_nlp.tools.corpus", "minutes_nlp.tools.labelstudio", "minutes_nlp.tools.train",
           "minutes_nlp.tools.evaluate", "minutes_nlp.corpus", "minutes_nlp.labelstudio", "minutes_nlp.train",
           "minutes_nlp.evaluate", "minutes_nlp.dask"}


def _may_import_tooling(module: str) -> bool:
    return module in TOOLING or module.rpartition(".")[2].startswith("cli")


def test_old_names_are_the_tools_modules() -> None:
    import minutes_nlp.corpus
    import minutes_nlp.tools.corpus

    assert minutes_nlp.corpus is minutes_nlp.tools.corpus


def test_runtime_never_imports_tooling() -> None:
    graph = import_graph()
    assert TOOLING <= set(graph), TOOLING - set(graph)
    offenders = {m: sorted(targets & TOOLING) for m, targets in graph.items()
                 if targets & TOOLING and not _may_import_tooling(m)}
    assert offenders == {}
