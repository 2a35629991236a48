"""The Danish tokenizer for minutes: spaCy's Danish rules plus minutes abbreviations and case numbers.

- Abbreviations ("kl.", "t.kr.", "Sagsnr.", "Dok.nr.", …) come from
  ``resources/tokenizer_exceptions.json`` on top of spaCy's Danish exceptions.
- A ``token_match`` keeps case numbers whole ("00.01.10-P35-13-20", "SAG-2020-03136", "2023-035532",
  "20-010677K", "20/8545"); it is combined with the base tokenizer's token_match, and URLs still go
  through the base ``url_match``.
- Amounts: "223.530 kr." -> ["223.530", "kr."], "1,2 mia. kr." -> ["1,2", "mia.", "kr."],
  "45 t.kr." -> ["45", "t.kr."], "kr. 500.000" -> ["kr.", "500.000"].
- A sentence-final "kr." stays ONE token "kr." (the abbreviation's dot doubles as the full stop, as in
  print): an AMOUNT span then keeps its "kr." with the dot (ANNOTATION.md §3), and the sentence ends
  after it. The same holds for every abbreviation in the exceptions.

Use it by name in a config (``[nlp.tokenizer] @tokenizers = "minutes_nlp.Tokenizer.v1"``), with
``blank_danish()``, or by ``nlp.tokenizer = minutes_tokenizer(nlp)``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import spacy
from spacy.attrs import NORM, ORTH
from spacy.lang.da import Danish
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .normalize.case_numbers import CASE_NUMBER_TOKEN_PATTERN
from .rule_models import TokenizerExceptions
from .rules_contract import load

TOKENIZER_NAME = "minutes_nlp.Tokenizer.v1"
_EXCEPTIONS_FILE = "tokenizer_exceptions.json"
#: Extra suffix: a full stop after digit + capital ("20-010677K." at a sentence end); spaCy keeps
#: "K." whole to protect initials.
_EXTRA_SUFFIXES = (r"(?<=[0-9][A-ZÆØÅ])\.",)
#: Extra infixes: an abbreviation glued to a number ("kl.09.30" -> "kl.", "09.30"; "pkt.3") and a
#: label's colon before a number ("Sagsnr.:2023-035532").
_EXTRA_INFIXES = (r"(?<=[a-zæøå]\.)(?=[0-9])", r"(?<=[a-zæøå]\.):(?=[0-9])")


def _capitalised(orth: str) -> str | None:
    """'kl.' -> 'Kl.'; None for one-letter abbreviations ('d.' -> 'D.' is an initial in names)."""
    if len(orth.rstrip(".")) < 2 or not orth[0].islower():
        return None
    return orth[0].upper() + orth[1:]


@lru_cache(maxsize=1)
def _load_exception_data() -> dict[str, Any]:
    return load(_EXCEPTIONS_FILE, TokenizerExceptions).data


def minutes_exceptions() -> dict[str, list[dict[int, str]]]:
    """The minutes' tokenizer exceptions (spaCy special-case format), read from the JSON data file."""
    data = _load_exception_data()
    rules: dict[str, list[dict[int, str]]] = {}
    for orth, norm in data.get("abbreviations", {}).items():
        for form in filter(None, (orth, _capitalised(orth))):
            rules[form] = [{ORTH: form, NORM: norm or form.lower()}]
    for orth, pieces in data.get("splits", {}).items():
        if "".join(pieces) != orth:
            raise ValueError(f"{_EXCEPTIONS_FILE}: split pieces {pieces!r} do not join to {orth!r}")
        rules[orth] = [{ORTH: piece} for piece in pieces]
    return rules


def _token_match(base: Callable[[str], Any] | None) -> Callable[[str], Any]:
    """One compiled pattern (so the tokenizer serialises): case numbers, or the base token_match."""
    pattern = CASE_NUMBER_TOKEN_PATTERN
    base_pattern = getattr(getattr(base, "__self__", None), "pattern", None)
    if base_pattern:
        try:
            return re.compile(f"(?:{pattern})|(?:{base_pattern})").match
        except re.error:  # a base pattern with global flags cannot be embedded: keep ours only
            pass
    return re.compile(pattern).match


def minutes_tokenizer(nlp: Language) -> Tokenizer:
    """The minutes tokenizer over ``nlp.vocab`` from spaCy's Danish defaults. Pipelines that share a
    vocab (the decision model inside the shipped pipeline) share one tokenizer: building it adds
    every special case, which is most of a pipeline's start-up."""
    hit = _BUILT.get(id(nlp.vocab))
    if hit is not None and hit[0] is nlp.vocab:
        return hit[1]
    tokenizer = _build_tokenizer(nlp)
    if len(_BUILT) >= 4:
        _BUILT.pop(next(iter(_BUILT)))
    _BUILT[id(nlp.vocab)] = (nlp.vocab, tokenizer)
    return tokenizer


_BUILT: dict[int, tuple[Any, Tokenizer]] = {}  # id(vocab) -> (vocab, its tokenizer), the last few


def _build_tokenizer(nlp: Language) -> Tokenizer:
    defaults = Danish.Defaults
    suffixes = [*(defaults.suffixes or ()), *_EXTRA_SUFFIXES]
    infixes = [*(defaults.infixes or ()), *_EXTRA_INFIXES]
    rules = dict(defaults.tokenizer_exceptions)
    rules.update(minutes_exceptions())
    return Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=_token_match(defaults.token_match),
        url_match=defaults.url_match,
    )


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_minutes_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered tokenizer factory ``minutes_nlp.Tokenizer.v1`` (for ``[nlp.tokenizer]`` in a config)."""
    return minutes_tokenizer


def tokenizer_from_code(path: "str | Path") -> bool:
    """Whether the pipeline folder at ``path`` names our registered tokenizer: it is then rebuilt in
    full from the packaged exceptions when the pipeline is made, and reading its saved copy as well
    (every special case added a second time) only costs start-up time."""
    cfg = Path(path) / "config.cfg"
    if not cfg.is_file():
        return False
    try:
        config = spacy.util.load_config(cfg, interpolate=False)
        return config["nlp"]["tokenizer"].get("@tokenizers") == TOKENIZER_NAME
    except Exception:  # noqa: BLE001 - an unreadable config: load it the ordinary way
        return False


def load_pipeline(path: "str | Path", **kwargs: Any) -> Language:
    """``spacy.load(path)``, leaving out the saved tokenizer when :func:`tokenizer_from_code`."""
    if isinstance(path, (str, Path)) and tokenizer_from_code(path):
        kwargs["exclude"] = [*kwargs.get("exclude", ()), "tokenizer"]
    return spacy.load(path, **kwargs)


def blank_danish() -> Language:
    """``spacy.blank("da")`` with the minutes tokenizer named in its config (so it saves and reloads)."""
    return spacy.blank("da", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})


__all__ = ["TOKENIZER_NAME", "blank_danish", "create_minutes_tokenizer", "load_pipeline", "minutes_exceptions",
           "minutes_tokenizer", "tokenizer_from_code"]
