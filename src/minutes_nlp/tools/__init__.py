"""Tooling around the library: the gold corpus (:mod:`.corpus`), Label Studio export and import
(:mod:`.labelstudio`), evaluation (:mod:`.evaluate`) and the spaCy training project (:mod:`.train`).

The runtime (``extract``, the pipeline and its components, readers, storage, review, cases) never
imports this package; the CLI and the training scripts do (tests/test_boundaries.py). The old module
names (``minutes_nlp.corpus`` …) remain as aliases.
"""
