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

import json
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any, Callable

import spacy
from spacy.attrs import NORM, ORTH
from spacy.lang.da import Danish
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .normalize.case_numbers import CASE_NUMBER_TOKEN_PATTERN

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
    raw = files("minutes_nlp").joinpath("resources", _EXCEPTIONS_FILE).read_text(encoding="utf-8")
    return json.loads(raw)


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
    """Build the minutes tokenizer over `nlp.vocab` from spaCy's Danish defaults."""
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


def blank_danish() -> Language:
    """``spacy.blank("da")`` with the minutes tokenizer named in its config (so it saves and reloads)."""
    return spacy.blank("da", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})


__all__ = ["TOKENIZER_NAME", "blank_danish", "create_minutes_tokenizer", "minutes_exceptions", "minutes_tokenizer"]
