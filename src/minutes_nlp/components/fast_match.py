"""The spans of a ``SpanRuler``'s patterns, found faster: the same spans as ``SpanRuler.match``.

spaCy's ``Matcher`` walks every token through every token pattern; for phrase lists (the committee
gazetteer: 21 names, each a fixed run of words) and one-token regex shapes (dates, committee-name
shape) that walk is most of the entity rules' time. Here

* a pattern whose every token is one fixed word or a list of words (``LOWER``, ``ORTH``/``TEXT``, no
  operators) goes to a ``PhraseMatcher`` on that attribute, one phrase per spelling;
* a one-token pattern ``{"TEXT": {"REGEX": …}}`` is tested once per distinct word (cached by ORTH)
  and looked up per token;
* every other pattern stays in a ``Matcher``; where one of its tokens is ``{"TEXT": {"REGEX": …}}``,
  the regex is tested once per distinct word and the token becomes ``{"ORTH": {"IN": [the words of
  this doc it matches]}}`` (the Matcher tests set membership per token instead of calling the regex).

The result is the ruler's: each match as a Span with the pattern's label and id, duplicates removed,
sorted. Patterns stay stored (and serialised) in the ruler; this is only how they are run.
"""
from __future__ import annotations

import itertools
import re
from typing import Any, Optional

from spacy.attrs import ORTH
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

__all__ = ["RulerMatch"]

_PHRASE_ATTRS = {"LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH"}
_MAX_SPELLINGS = 256
_MAX_CACHED_WORDS = 200_000


def _words(value: Any) -> Optional[list[str]]:
    """The words a token spec value accepts: a string, or ``{"IN": [strings]}``; else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and list(value) == ["IN"] and isinstance(value["IN"], list) and value["IN"] \
            and all(isinstance(v, str) for v in value["IN"]):
        return list(dict.fromkeys(value["IN"]))
    return None


def phrase_forms(pattern: list[dict[str, Any]]) -> Optional[tuple[str, list[list[str]]]]:
    """(PhraseMatcher attribute, every spelling as a word list) when ``pattern`` is a fixed phrase
    list the PhraseMatcher finds exactly as the Matcher does; else None."""
    attr = None
    choices: list[list[str]] = []
    for spec in pattern:
        if not isinstance(spec, dict) or len(spec) != 1:
            return None
        (key, value), = spec.items()
        this = _PHRASE_ATTRS.get(key.upper())
        words = _words(value)
        if this is None or words is None or (attr is not None and this != attr):
            return None
        if this == "LOWER" and any(w != w.lower() or not w for w in words):
            return None  # a LOWER value with capitals never matches: keep the Matcher's answer
        if any(not w or w != w.strip() or " " in w for w in words):
            return None  # one word per token, as the Matcher compares it
        attr = this
        choices.append(words)
    n = 1
    for words in choices:
        n *= len(words)
    if attr is None or n > _MAX_SPELLINGS:
        return None
    return attr, [list(form) for form in itertools.product(*choices)]


def _text_regex(spec: Any) -> Optional[str]:
    """The regex of a token spec ``{"TEXT"|"ORTH": {"REGEX": r}}`` (an "OP" beside it allowed); else None."""
    if not isinstance(spec, dict):
        return None
    keys = [k for k in spec if k.upper() != "OP"]
    if len(keys) != 1 or keys[0].upper() not in ("TEXT", "ORTH"):
        return None
    value = spec[keys[0]]
    if isinstance(value, dict) and list(value) == ["REGEX"] and isinstance(value["REGEX"], str):
        return value["REGEX"]
    return None


def one_token_regex(pattern: list[dict[str, Any]]) -> Optional[re.Pattern[str]]:
    """The regex of a one-token ``{"TEXT"|"ORTH": {"REGEX": …}}`` pattern (no operator); else None."""
    if len(pattern) != 1 or not isinstance(pattern[0], dict) or len(pattern[0]) != 1:
        return None
    (key, value), = pattern[0].items()
    if key.upper() not in ("TEXT", "ORTH") or not isinstance(value, dict) or list(value) != ["REGEX"]:
        return None
    return re.compile(value["REGEX"]) if isinstance(value["REGEX"], str) else None


class RulerMatch:
    """Runs the patterns of a ``SpanRuler`` (see the module docstring); ``match(doc)`` returns what
    ``SpanRuler.match(doc)`` returns."""

    def __init__(self, vocab: Vocab, patterns: list[dict[str, Any]]) -> None:
        self.patterns = list(patterns)
        self.vocab = vocab
        self.matcher = Matcher(vocab)
        self.phrases: dict[str, PhraseMatcher] = {}
        self.regexes: list[tuple[re.Pattern[str], int]] = []  # (regex, key)
        self.names: dict[int, tuple[str, str]] = {}  # match key → (label, id)
        self._words: dict[int, tuple[int, ...]] = {}  # ORTH → keys of the one-token regexes it matches
        self.token_regexes: dict[str, int] = {}  # regex of a token inside a longer pattern → index
        self._compiled: list[re.Pattern[str]] = []
        self._templated: list[tuple[str, list[Any]]] = []  # (key string, pattern with regex indices)
        self._token_words: dict[int, tuple[int, ...]] = {}  # ORTH → indices of the token regexes it matches
        for entry in self.patterns:
            label, pid = str(entry["label"]), str(entry.get("id", ""))
            key = vocab.strings.add(repr((label, pid)))
            self.names[key] = (label, pid)
            pattern = entry["pattern"]
            if not isinstance(pattern, list):
                raise ValueError("RulerMatch runs token patterns only")
            forms = phrase_forms(pattern)
            regex = one_token_regex(pattern) if forms is None else None
            if forms is not None:
                attr, spellings = forms
                if attr not in self.phrases:
                    self.phrases[attr] = PhraseMatcher(vocab, attr=attr)
                self.phrases[attr].add(vocab.strings[key], [Doc(vocab, words=w) for w in spellings])
            elif regex is not None:
                self.regexes.append((regex, key))
            elif any(_text_regex(spec) is not None for spec in pattern):
                self._templated.append((vocab.strings[key], [self._template(spec) for spec in pattern]))
            else:
                self.matcher.add(vocab.strings[key], [pattern])

    def _template(self, spec: dict[str, Any]) -> Any:
        """``spec``, or (regex index, its other keys) for a ``{"TEXT": {"REGEX": …}}`` token."""
        regex = _text_regex(spec)
        if regex is None:
            return spec
        if regex not in self.token_regexes:
            self.token_regexes[regex] = len(self._compiled)
            self._compiled.append(re.compile(regex))
        return (self.token_regexes[regex], {k: v for k, v in spec.items() if k.upper() == "OP"})

    def _token_regex_hits(self, orth: int) -> tuple[int, ...]:
        hits = self._token_words.get(orth)
        if hits is None:
            if len(self._token_words) > _MAX_CACHED_WORDS:
                self._token_words.clear()
            text = self.vocab.strings[orth]
            hits = self._token_words[orth] = tuple(k for k, regex in enumerate(self._compiled) if regex.search(text))
        return hits

    def _doc_matcher(self, orths: list[int]) -> Matcher:
        """The patterns with regex tokens, each regex replaced by the words of this doc it matches."""
        words: list[list[str]] = [[] for _ in self._compiled]
        for orth in set(orths):
            for k in self._token_regex_hits(orth):
                words[k].append(self.vocab.strings[orth])
        matcher = Matcher(self.vocab)
        for key, template in self._templated:
            pattern = [dict(spec[1], ORTH={"IN": words[spec[0]]}) if isinstance(spec, tuple) else spec
                       for spec in template]
            matcher.add(key, [pattern])
        return matcher

    def _regex_keys(self, orth: int) -> tuple[int, ...]:
        keys = self._words.get(orth)
        if keys is None:
            if len(self._words) > _MAX_CACHED_WORDS:
                self._words.clear()
            text = self.vocab.strings[orth]
            keys = self._words[orth] = tuple(key for regex, key in self.regexes if regex.search(text))
        return keys

    def match(self, doc: Doc) -> list[Span]:
        """Every match as a Span (label and id of its pattern), without duplicates, sorted."""
        found: set[tuple[int, int, int]] = set()
        if len(self.matcher):
            found.update(self.matcher(doc))
        for phrases in self.phrases.values():
            found.update(phrases(doc))
        orths = doc.to_array(ORTH).tolist() if self.regexes or self._templated else []
        if self._templated:
            found.update(self._doc_matcher(orths)(doc))
        if self.regexes:
            for i, orth in enumerate(orths):
                for key in self._regex_keys(orth):
                    found.add((key, i, i + 1))
        spans = {Span(doc, start, end, label=self.names[key][0], span_id=self.names[key][1])
                 for key, start, end in found if start != end}
        return sorted(spans)
