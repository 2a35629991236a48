"""Swappable Danish bases: our rule components on top of an installed transformer pipeline.

``minutes_nlp.load(base="dacy:small")`` (``medium``, ``large``; built by
:func:`minutes_nlp.pipeline.load_with_base`, the one module that assembles pipelines) loads the installed DaCy package
(``da_dacy_small_trf`` …), sources its ``transformer`` and — as an extra PERSON signal — its ``ner``
into our pipeline: tokenizer, segmenter, header parser, entity rules and decision rules stay ours.
DaCy's PER becomes PERSON (name-shaped spans only, never overlapping an entity already found);
its LOC/ORG/MISC are dropped. The rule entities still win where they overlap. Any installed spaCy
pipeline package or folder with a ``transformer`` component works too (``base="trf:NAME_OR_PATH"``).

Nothing is ever downloaded: loading runs with the Hugging Face hub switched off, and a missing
package raises ``OSError`` that says how to install it; missing ``spacy-transformers``/``torch``
raise ``ImportError``.

Optionally, :func:`names_gazetteer` reads the Danish first/last-name table shipped in the ``dacy``
package (``dacy/resources/lookup_tables/names.csv``, read where installed, never copied) for the
``minutes_name_gazetteer`` component (opt-in; see docs/BASES.md for the dev-split measurement).
"""
from __future__ import annotations

import csv
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc, Span

DACY_PACKAGES: dict[str, str] = {
    "small": "da_dacy_small_trf",
    "medium": "da_dacy_medium_trf",
    "large": "da_dacy_large_trf",
}
BASE_NER = "base_ner"
STASH_FACTORY = "minutes_base_stash"
PERSONS_FACTORY = "minutes_base_persons"
GAZETTEER_FACTORY = "minutes_name_gazetteer"
STASH_KEY = "_minutes_base_stash"
_OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
_INSTALL_TRF = 'pip install "minutes-nlp[transformers]"  (spacy-transformers and torch; CPU torch: see docs/BASES.md)'
_DACY_HELP = (
    "DaCy pipelines are pip packages that minutes_nlp never downloads. Install one once, with a network:\n"
    "    pip install \"minutes-nlp[dacy]\"\n"
    "    pip install \"{pkg} @ https://huggingface.co/chcaa/{pkg}/resolve/main/{pkg}-any-py3-none-any.whl\"\n"
    "or copy a built wheel of {pkg} to the offline machine and pip-install it there (docs/BASES.md)."
)
_PARTICLES = {"von", "van", "de", "la", "le", "af", "der", "den", "du", "da", "di"}
_NAME_TOKEN = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][\w'’.-]*|[A-ZÆØÅ]\.)$")


@dataclass(frozen=True)
class BaseSpec:
    """A resolved ``base=`` argument: what to spacy.load, and how to describe it."""

    target: str
    kind: str  # "dacy" or "trf"

    @property
    def display(self) -> str:
        return f"{self.kind}:{self.target}"


def parse_base(base: str) -> BaseSpec:
    """``"dacy:small"`` → ``da_dacy_small_trf``; ``"trf:NAME_OR_PATH"`` → that pipeline.

    A bare DaCy package name (``da_dacy_medium_trf``) is accepted as ``dacy``; anything else raises
    ``ValueError`` naming the accepted forms.
    """
    if not isinstance(base, str) or not base.strip():
        raise ValueError(f"base must be a non-empty string such as 'dacy:small', got {base!r}")
    kind, _, rest = base.strip().partition(":")
    kind = kind.lower()
    if kind == "dacy" and rest:
        size = rest.lower()
        if size in DACY_PACKAGES:
            return BaseSpec(DACY_PACKAGES[size], "dacy")
        if size in DACY_PACKAGES.values():
            return BaseSpec(size, "dacy")
        raise ValueError(f"unknown DaCy size {rest!r}; use one of: "
                         + ", ".join(f"dacy:{s}" for s in DACY_PACKAGES))
    if kind == "trf" and rest:
        return BaseSpec(rest, "trf")
    if base.strip() in DACY_PACKAGES.values():
        return BaseSpec(base.strip(), "dacy")
    raise ValueError(f"unknown base {base!r}; use 'dacy:small|medium|large' or 'trf:<pipeline package or path>'")


def require_transformers() -> None:
    """Import spacy-transformers and torch, or raise ImportError saying how to install them."""
    try:
        import spacy_transformers  # noqa: F401
        import torch  # noqa: F401
    except ImportError as err:
        raise ImportError(f"a transformer base needs spacy-transformers and torch ({err}). Install: "
                          f"{_INSTALL_TRF}") from err


@contextmanager
def offline() -> Iterator[None]:
    """Switch the Hugging Face hub off for the duration (loading must never download)."""
    saved = {k: os.environ.get(k) for k in _OFFLINE_ENV}
    os.environ.update(_OFFLINE_ENV)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _is_installed(package: str) -> bool:
    from importlib.util import find_spec

    try:
        return find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def load_base(base: Union[str, BaseSpec]) -> Language:
    """spacy.load the base pipeline offline; OSError with install instructions when it is missing."""
    spec = parse_base(base) if isinstance(base, str) else base
    require_transformers()
    import spacy

    is_path = Path(spec.target).exists()
    if not is_path and not _is_installed(spec.target):
        hint = _DACY_HELP.format(pkg=spec.target) if spec.kind == "dacy" else (
            "give the path of a spaCy pipeline folder or the name of an installed pipeline package")
        raise OSError(f"base {spec.display!r}: the pipeline package {spec.target!r} is not installed.\n{hint}")
    try:
        with offline():
            nlp = spacy.load(spec.target)
    except OSError as err:
        raise OSError(f"base {spec.display!r}: cannot load {spec.target!r} offline ({err}). "
                      + (_DACY_HELP.format(pkg=spec.target) if spec.kind == "dacy" else "")) from err
    if "transformer" not in nlp.pipe_names:
        raise ValueError(f"base {spec.display!r} has no 'transformer' component (pipes: {nlp.pipe_names})")
    return nlp


def attach_base(nlp: Language, base_nlp: Language, *, person_signal: bool = True) -> Language:
    """Source ``transformer`` (and ``ner`` as a PERSON signal) from ``base_nlp`` into ``nlp``.

    The sourced pipes go before ``minutes_entity_rules`` (or at the end): transformer, then stash,
    base NER and persons, so entities found earlier (a trained ``ner``) are kept as they were.
    """
    if "transformer" in nlp.pipe_names:
        raise ValueError("the pipeline already has a 'transformer'; a base adds its own")
    anchor = {"before": "minutes_entity_rules"} if "minutes_entity_rules" in nlp.pipe_names else {"last": True}
    nlp.add_pipe("transformer", source=base_nlp, **anchor)
    if person_signal and "ner" in base_nlp.pipe_names and "PER" in base_nlp.get_pipe("ner").labels:
        nlp.add_pipe(STASH_FACTORY, **anchor)
        nlp.add_pipe("ner", name=BASE_NER, source=base_nlp, **anchor)
        nlp.add_pipe(PERSONS_FACTORY, **anchor)
    return nlp


# --- PERSON signal from the base NER ------------------------------------------------------------
def name_shaped(span: Span) -> bool:
    """One line, 1–5 tokens, capitalised words (lower-case particles inside), no digits."""
    if not 1 <= len(span) <= 5 or "\n" in span.text or any(ch.isdigit() for ch in span.text):
        return False
    words = [t.text for t in span]
    if not _NAME_TOKEN.match(words[0]) or not _NAME_TOKEN.match(words[-1]):
        return False
    return all(_NAME_TOKEN.match(w) or w.lower() in _PARTICLES or w in ("-",) for w in words)


def _free(span: Span, taken: set[int]) -> bool:
    return taken.isdisjoint(range(span.start, span.end))


@Language.factory(STASH_FACTORY, assigns=["doc.spans"])
def make_base_stash(nlp: Language, name: str) -> "BaseStash":
    """Keeps ``doc.ents`` aside while the base NER runs (``minutes_base_persons`` restores them)."""
    return BaseStash()


class BaseStash:
    """Copy doc.ents into doc.spans[STASH_KEY]."""

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[STASH_KEY] = list(doc.ents)
        return doc


@Language.factory(PERSONS_FACTORY, assigns=["doc.ents"], requires=["doc.ents"])
def make_base_persons(nlp: Language, name: str) -> "BasePersons":
    """Restores the stashed entities and adds the base NER's name-shaped PER spans as PERSON."""
    return BasePersons()


class BasePersons:
    """Stashed entities + base PER → PERSON where nothing was found before."""

    def __call__(self, doc: Doc) -> Doc:
        kept = list(doc.spans[STASH_KEY]) if STASH_KEY in doc.spans else []
        if STASH_KEY in doc.spans:
            del doc.spans[STASH_KEY]
        taken: set[int] = set()
        for span in kept:
            taken.update(range(span.start, span.end))
        persons = [Span(doc, e.start, e.end, label="PERSON") for e in doc.ents
                   if e.label_ in ("PER", "PERSON") and name_shaped(e) and _free(e, taken)]
        doc.ents = sorted(kept + persons, key=lambda s: s.start)
        return doc


# --- names gazetteer (from the installed dacy package) ------------------------------------------
@lru_cache(maxsize=1)
def names_gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names) from the installed ``dacy`` package's names.csv; empty without it."""
    try:
        table = resources.files("dacy").joinpath("resources", "lookup_tables", "names.csv")
        text = table.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError, TypeError):
        return frozenset(), frozenset()
    first: set[str] = set()
    last: set[str] = set()
    for row in csv.DictReader(text.splitlines()):
        name = (row.get("name") or "").strip()
        if name:
            (first if str(row.get("first_name", "")).strip().lower() == "true" else last).add(name)
    return frozenset(first), frozenset(last)


def gazetteer_persons(doc: Doc, first: frozenset[str], last: frozenset[str]) -> list[Span]:
    """"First [Middle…] Last" on one line: a listed first name, 0–2 capitalised middle words, a
    listed last name (or a capitalised word ending in -sen)."""
    out: list[Span] = []
    i, n = 0, len(doc)
    while i < n:
        if doc[i].text in first:
            best = None
            for j in range(i + 1, min(i + 4, n)):
                tok = doc[j]
                if not _NAME_TOKEN.match(tok.text) or "\n" in doc[j - 1].whitespace_:
                    break
                if tok.text in last or tok.text.endswith("sen") or tok.text in first and j > i + 1:
                    best = j + 1
            if best is not None:
                out.append(Span(doc, i, best, label="PERSON"))
                i = best
                continue
        i += 1
    return out


@Language.factory(GAZETTEER_FACTORY, assigns=["doc.ents"], requires=["doc.ents"])
def make_name_gazetteer(nlp: Language, name: str) -> "NameGazetteer":
    """Adds PERSON spans found with the dacy names table where no entity was found (opt-in)."""
    return NameGazetteer()


class NameGazetteer:
    """PERSON from first + last name lists, never over an existing entity."""

    def __call__(self, doc: Doc) -> Doc:
        first, last = names_gazetteer()
        if not first:
            return doc
        existing = list(doc.ents)
        taken: set[int] = set()
        for span in existing:
            taken.update(range(span.start, span.end))
        new = [s for s in gazetteer_persons(doc, first, last) if _free(s, taken)]
        doc.ents = sorted(existing + new, key=lambda s: s.start)
        return doc


__all__ = [
    "DACY_PACKAGES", "BaseSpec", "parse_base", "require_transformers", "offline", "load_base",
    "attach_base", "name_shaped", "names_gazetteer",
    "gazetteer_persons",
]
