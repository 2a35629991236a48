"""Votes, protocol remarks and conflicts of interest: the spaCy component ``minutes_votes``.

Reads each item's own decision section(s) (doc.spans[SECTIONS_KEY] labelled BESLUTNING, after the
decision reader has relabelled earlier bodies' blocks TIDLIGERE_BESLUTNING) with the pure
``vote_parse.parse_decision`` and writes doc.spans[VOTES_KEY]. A conflict sentence that names agenda
items ("erklærede sig inhabil under punkt 5"), in an item's decision or in the meeting's lines above
the first item, counts for the items it names. The rules are data
(``resources/vote_rules.json``, compiled by ``vote_rules``) and travel with the model folder.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any, Callable, Optional

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, SpanGroup

from .rule_store import RuleComponent
from ..labels import ITEMS_KEY, SECTIONS_KEY, VOTES_KEY, Section
from ..spans import doc_text, sections_of
from .vote_parse import Parsed, parse_decision
from .vote_rules import RULES_RESOURCE, VoteRules, default_rules

__all__ = ["VoteReader", "make_vote_reader", "parse_decision", "records"]


def records(parsed: Parsed) -> list[tuple[str, int, int, dict[str, Any]]]:
    """(label, start, end, record dict) for every vote, remark and conflict, in text order."""
    out: list[tuple[str, int, int, dict[str, Any]]] = []
    for v in parsed.votes:
        d = asdict(v)
        d["counts"] = [{"option": o, "value": n} for o, n in v.counts]
        out.append(("VOTE", v.start, v.end, d))
    out += [("REMARK", r.start, r.end, asdict(r)) for r in parsed.remarks]
    out += [("CONFLICT", c.start, c.end, asdict(c)) for c in parsed.conflicts]
    return sorted(out, key=lambda r: (r[1], r[0] != "VOTE"))


class VoteReader(RuleComponent, Pipe):
    """Writes doc.spans[VOTES_KEY]: one span per vote event, remark and conflict (see labels.py)."""

    RULES_FILE = RULES_RESOURCE
    DEFAULT_NAME = "minutes_votes"

    def compile_rules(self, data: dict[str, Any], source: str) -> VoteRules:
        """Check and compile a vote rule object."""
        return VoteRules.from_dict(data, source)

    def packaged_rules(self) -> VoteRules:
        """The packaged rules (compiled once per process)."""
        return default_rules()

    def __call__(self, doc: Doc) -> Doc:
        if ITEMS_KEY not in doc.spans or SECTIONS_KEY not in doc.spans:
            return doc
        text = doc_text(doc)
        own = sorted((s for s in doc.spans[SECTIONS_KEY] if s.label_ == Section.DECISION.value),
                     key=lambda s: s.start_char)
        starts = [s.start_char for s in own]
        group = doc.spans[ITEMS_KEY]
        numbers = list(group.attrs.get("numbers", []))
        by_number: dict[str, int] = {}
        for index, number in enumerate(numbers):
            by_number.setdefault(str(number), index)
        found: list[tuple[str, int, int, dict[str, Any], int]] = []
        for index, item in enumerate(group):
            for sec in sections_of(item, own, starts):
                found += _placed(parse_decision(text, self.rules, sec.start_char, sec.end_char), index, by_number)
        # the meeting's own lines: "X erklærede sig inhabil under punkt 5"
        if len(group) and self.rules.conflict.search(text, 0, group[0].start_char):
            header = parse_decision(text, self.rules, 0, group[0].start_char)
            found += [f for f in _placed(header, -1, by_number) if f[0] == "CONFLICT" and f[4] >= 0]
        spans, recs, items = [], [], []
        seen: set[tuple[int, str]] = set()
        for label, start, end, rec, index in found:
            if label == "CONFLICT":
                if (index, rec["name"]) in seen:
                    continue
                seen.add((index, rec["name"]))
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None:
                continue
            spans.append(span)
            recs.append(rec)
            items.append(index)
        doc.spans[VOTES_KEY] = SpanGroup(doc, name=VOTES_KEY, spans=spans, attrs={"records": recs, "items": items})
        return doc


def _placed(parsed: Parsed, index: int, by_number: dict[str, int]) -> list[tuple[str, int, int, dict[str, Any], int]]:
    """Records of one parsed text with the item each belongs to: ``index``, except a conflict whose
    sentence names agenda items of this meeting ("inhabil under punkt 5"): those items."""
    out = []
    for label, start, end, rec in records(parsed):
        targets = [by_number[n] for n in rec.get("items", ()) if n in by_number] if label == "CONFLICT" else []
        out += [(label, start, end, rec, t) for t in targets or [index]]
    return out


@Language.factory(
    "minutes_votes", assigns=["doc.spans"], requires=["doc.spans"],
    default_config={"rules_path": None,
                    "scorer": {"@scorers": "spacy.overlapping_labeled_spans_scorer.v1", "spans_key": VOTES_KEY}},
    default_score_weights={f"spans_{VOTES_KEY}_f": 1.0, f"spans_{VOTES_KEY}_p": 0.0, f"spans_{VOTES_KEY}_r": 0.0,
                           f"spans_{VOTES_KEY}_per_type": None},
)
def make_vote_reader(nlp: Language, name: str, rules_path: Optional[str],
                     scorer: Optional[Callable[..., dict[str, Any]]] = None) -> VoteReader:
    """Factory "minutes_votes": rules load in ``initialize`` (the JSON file at `rules_path`, else the
    packaged ones); ``scorer`` scores the vote, remark and conflict spans."""
    return VoteReader(nlp, name, rules_path=rules_path, scorer=scorer)
