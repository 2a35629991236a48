"""One contract for rule files: a pydantic model per ``resources/*.json`` and one ``load(name, Model)``.

Every rule file, packaged or saved with a pipeline, is checked against its model
(:mod:`minutes_nlp.rule_models`) before a component compiles it: unknown or misspelt keys, wrong
types and regexes that do not compile raise :class:`~minutes_nlp.errors.RuleFileError` naming the
file and the key. The validated object keeps the JSON object it came from (``.data``), so the
components compile and serialise exactly what the file holds.

>>> from minutes_nlp.rules_contract import load
>>> from minutes_nlp.rule_models import PdfRules
>>> load("pdf_rules.json", PdfRules).gap_spaces
4
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo

from .errors import RuleFileError

__all__ = ["RuleFile", "RuleEntry", "Regex", "RuleFileError", "checked_digests", "digest", "load", "load_data",
           "read", "validate"]

RESOURCES = "minutes_nlp.resources"


#: sha256 digests of rule-file contents whose regexes all compiled (``resources/rule_digests.json``,
#: written by ``python -m minutes_nlp.tools.rule_digests`` and kept current by a test): such a file
#: skips compiling each regex once more for the check (about 50 ms of a cold start); every other
#: check still runs.
DIGESTS = "rule_digests.json"
_CHECKED = "regexes_checked"


def digest(data: Any) -> str:
    """The sha256 of a rule file's parsed contents (key order and layout do not count)."""
    canon = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def checked_digests() -> frozenset[str]:
    """Digests of the contents whose regexes are known to compile (empty when the list is missing)."""
    try:
        text = resources.files(RESOURCES).joinpath(DIGESTS).read_text(encoding="utf-8")
        return frozenset(json.loads(text)["digests"])
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset()


def _compiles(pattern: str, info: ValidationInfo) -> str:
    if info.context and info.context.get(_CHECKED):
        return pattern
    try:
        re.compile(pattern)
    except re.error as err:
        raise ValueError(f"regex does not compile: {err}") from None
    return pattern


#: A string that must compile as a Python regex.
Regex = Annotated[str, AfterValidator(_compiles)]


class RuleEntry(BaseModel):
    """An object inside a rule file (a cue, a heading shape, a party): unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    doc: Optional[str] = Field(None, alias="_doc", description="Free-text note for readers; ignored.")


class RuleFile(RuleEntry):
    """A whole rule file. ``data`` is the JSON object it was validated from."""

    comment: Optional[str] = Field(None, alias="_comment", description="Free-text note for readers; ignored.")
    _data: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def data(self) -> dict[str, Any]:
        """The JSON object as read (what components compile and serialise)."""
        return self._data


M = TypeVar("M", bound=RuleFile)


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "(top level)"


def _fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at ``loc`` (for a near-miss hint), when the path leads through models."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        ann = field.annotation
        args = getattr(ann, "__args__", ())
        current = next((a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _message(source: str, model: type[BaseModel], err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        loc = tuple(e["loc"])
        if e["type"] == "extra_forbidden":
            hint = difflib.get_close_matches(str(loc[-1]), _fields(model, loc), n=1)
            text = "unknown key" + (f" (did you mean {hint[0]!r}?)" if hint else "")
        elif e["type"] == "missing":
            text = "missing (required)"
        else:
            text = e["msg"]
        lines.append(f"key {_where(loc)!r}: {text}")
    return f"{source}: " + "; ".join(lines)


def validate(data: Any, model: type[M], source: str, *, recheck: bool = False) -> M:
    """``data`` (a parsed JSON object) checked against ``model``; errors name ``source`` and the key.
    Regexes are compiled unless the contents are among :func:`checked_digests` (or ``recheck``)."""
    if not isinstance(data, dict):
        raise RuleFileError(f"{source}: a rule file holds a JSON object, not {type(data).__name__}")
    checked = not recheck and digest(data) in checked_digests()
    try:
        obj = model.model_validate(data, context={_CHECKED: checked})
    except ValidationError as err:
        raise RuleFileError(_message(source, model, err)) from None
    obj._data = data
    return obj


def _parse(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise RuleFileError(f"{source}: not JSON: {err}") from None


@lru_cache(maxsize=None)
def load(name: str, model: type[M]) -> M:
    """The packaged ``resources/<name>`` validated by ``model`` (read once per process)."""
    source = f"minutes_nlp/resources/{name}"
    try:
        text = resources.files(RESOURCES).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as err:
        raise RuleFileError(f"{source}: cannot read the packaged rule file: {err}") from None
    return validate(_parse(text, source), model, source)


def load_data(name: str, model: type[RuleFile]) -> dict[str, Any]:
    """The JSON object of the packaged ``resources/<name>``, validated (shared: do not mutate)."""
    return load(name, model).data


def read(path: str | Path, model: type[M]) -> M:
    """A rule file at ``path`` validated by ``model`` (not cached: the file may change)."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise RuleFileError(f"{source}: cannot read the rule file: {err}") from None
    return validate(_parse(text, source), model, source)
