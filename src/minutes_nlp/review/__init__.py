"""The review page: extraction results as one self-contained HTML page, served on 127.0.0.1 or written
to a file (``minutes-nlp review``).

>>> from minutes_nlp.review import build_page, load_documents
>>> html = build_page(load_documents(["examples/referat_eksempel.txt"]))   # doctest: +SKIP

Modules: ``sources`` (inputs → documents), ``markup`` (highlighted text), ``items`` (meetings and
items), ``chart`` (SVG chart), ``page`` (the page), ``server`` (http.server), ``command`` (the CLI
command). Names are imported on first use, so registering the command stays cheap.
"""
from __future__ import annotations

from typing import Any

_LAZY = {"build_page": "page", "load_documents": "sources", "Loaded": "sources", "ReviewDoc": "sources",
         "ReviewInputError": "sources", "serve": "server", "make_server": "server"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_LAZY)
