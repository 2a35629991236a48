"""The one lifecycle of the rule components (SpanRuler's shape), written once.

* The constructor holds no rules; ``initialize(get_examples, *, nlp, rules=None)`` clears them and
  loads ``rules`` (a JSON object, e.g. from ``[initialize.components.X]`` through the registered loader
  ``minutes_nlp.rules.v1``), else the component's ``rules_path``, else the packaged file.
* Using a component before its rules are loaded raises :class:`ComponentError` (call
  ``nlp.initialize()`` or load a saved pipeline).
* Serialisation is a dict of named serialisers (``cfg``, ``rules``) passed to ``spacy.util``;
  ``from_disk`` of a folder that lacks a file raises, it never falls back to the packaged rules.
* Every rule object is checked against its model in :mod:`minutes_nlp.rule_models`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import srsly
from spacy.language import Language
from spacy.util import ensure_path, from_bytes, from_disk, registry, to_bytes, to_disk

from ..errors import ComponentError
from ..rule_models import RULE_FILES
from ..rules_contract import load, read

__all__ = ["ComponentError", "RuleComponent", "load_rules_object", "required"]

LOADER = "minutes_nlp.rules.v1"


@registry.misc(LOADER)
def load_rules_object(path: Optional[str] = None, name: Optional[str] = None) -> dict[str, Any]:
    """A rule file for ``[initialize.components.X] rules``: the JSON file at ``path``, or the packaged
    ``resources/<name>``; checked against its model (``name`` or the file name picks it)."""
    if (path is None) == (name is None):
        raise ComponentError(f"{LOADER}: give exactly one of 'path' or 'name'")
    if path is None:
        return dict(load(str(name), RULE_FILES[str(name)]).data)
    model = RULE_FILES.get(Path(path).name)
    if model is None:  # e.g. a saved component's rules.json: the component checks it when it compiles
        try:
            return json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ComponentError(f"{LOADER}: cannot read {path}: {err}") from None
    return read(path, model).data


def required(path: Path, what: str) -> Path:
    """``path`` if it exists, else a ComponentError naming the component folder's missing file."""
    if not path.exists():
        raise ComponentError(f"{what}: {path} is missing (a saved component folder holds it; "
                             "it is not replaced by the packaged rules)")
    return path


class RuleComponent:
    """Mixin for a component whose state is a compiled rule object (``.rules``, with ``.data``) and a
    ``cfg`` dict of settings. Subclasses set ``RULES_FILE`` (the packaged resource), ``DISK_NAME`` (the
    file in a saved folder) and implement :meth:`compile_rules`."""

    name: str
    RULES_FILE: str
    DISK_NAME: str = "rules.json"
    cfg: dict[str, Any]
    rules_path: Optional[str] = None
    _rules: Any = None

    #: The component's name when none is given.
    DEFAULT_NAME: str = "rules"

    def __init__(self, nlp: Any, name: Optional[str] = None, *, rules_path: Optional[str] = None,
                 scorer: Optional[Callable[..., dict[str, Any]]] = None) -> None:
        self.name = name or self.DEFAULT_NAME
        self.cfg = {}
        self.rules_path = rules_path
        self.scorer = scorer
        self._rules = None

    def compile_rules(self, data: dict[str, Any], source: str) -> Any:
        """Check ``data`` against its model and compile it."""
        raise NotImplementedError

    def packaged_rules(self) -> Any:
        """The compiled packaged rules (the subclass may cache them)."""
        return self.compile_rules(load(self.RULES_FILE, RULE_FILES[self.RULES_FILE]).data, self.RULES_FILE)

    @property
    def rules(self) -> Any:
        """The compiled rules; an error before ``initialize`` or ``from_*`` loaded them."""
        if self._rules is None:
            raise ComponentError(f"{self.name}: no rules loaded; call nlp.initialize() (or load a saved pipeline)")
        return self._rules

    @rules.setter
    def rules(self, value: Any) -> None:
        self._rules = value

    @property
    def is_initialized(self) -> bool:
        """Whether rules are loaded."""
        return self._rules is not None

    def clear(self) -> None:
        """Forget the rules."""
        self._rules = None

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *,
                   nlp: Optional[Language] = None, rules: Optional[dict[str, Any]] = None) -> None:
        """Clear, then load ``rules`` (a JSON object), else ``rules_path``, else the packaged rules."""
        self.clear()
        if rules is not None:
            self._rules = self.compile_rules(rules, f"{self.name} rules")
        elif self.rules_path:
            source = str(self.rules_path)
            self._rules = self.compile_rules(read(source, RULE_FILES[self.RULES_FILE]).data, source)
        else:
            self._rules = self.packaged_rules()

    # --- serialisation -------------------------------------------------------------------------
    def _set_cfg(self, cfg: dict[str, Any]) -> None:
        self.cfg.update(cfg)

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        """Serialise cfg and rules."""
        return to_bytes({"cfg": lambda: srsly.json_dumps(self.cfg),
                         "rules": lambda: json.dumps(self.rules.data, ensure_ascii=False)}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()) -> Any:
        """Load what ``to_bytes`` wrote."""
        def rules(b: bytes | str) -> None:
            self.clear()
            self._rules = self.compile_rules(json.loads(b), f"{self.name} rules (bytes)")

        from_bytes(bytes_data, {"cfg": lambda b: self._set_cfg(srsly.json_loads(b)), "rules": rules}, exclude)
        return self

    def read_rules(self, path: Path) -> Any:
        """The JSON object of a saved rules file (``json``: floats read exactly)."""
        return json.loads(path.read_text(encoding="utf-8"))

    def write_rules(self, path: Path) -> None:
        """Write the rules' JSON object to the file ``path``."""
        path.write_text(json.dumps(self.rules.data, ensure_ascii=False, indent=1), encoding="utf-8")

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        """Write the rules (``DISK_NAME``) and, when there are settings, ``cfg`` into the folder ``path``."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        serializers: dict[str, Callable[[Path], None]] = {self.DISK_NAME: self.write_rules}
        if self.cfg:
            serializers["cfg"] = lambda p: srsly.write_json(p, self.cfg)
        to_disk(path, serializers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> Any:
        """Read what ``to_disk`` wrote; a missing rules file is an error. A folder saved before cfg was
        written (no ``cfg``) keeps the configured settings."""
        path = ensure_path(path)
        what = f"{self.name}.from_disk"

        def rules(p: Path) -> None:
            data = self.read_rules(required(p, what))
            self.clear()
            self._rules = self.compile_rules(data, str(p))

        def cfg(p: Path) -> None:
            if p.exists():
                self._set_cfg(srsly.read_json(p))

        from_disk(required(path, what), {"cfg": cfg, self.DISK_NAME: rules}, exclude)
        return self


class SrslyRuleFiles:
    """Rule files read and written with ``srsly`` (ujson), as the segmenter and the header parser
    always did: its float parsing can differ from ``json`` in the last digit, and saved pipelines must
    not change. Put before :class:`RuleComponent` in the bases."""

    rules: Any

    def read_rules(self, path: Path) -> Any:
        """The saved rules object."""
        return srsly.read_json(path)

    def write_rules(self, path: Path) -> None:
        """Write the rules object."""
        srsly.write_json(path, self.rules.data)
