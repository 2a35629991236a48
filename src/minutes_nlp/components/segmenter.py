"""The agenda segmenter component: items and their sections as span groups.

>>> nlp = spacy.blank("da"); nlp.add_pipe("minutes_agenda_segmenter"); nlp.initialize()   # doctest: +SKIP
>>> [s.text.split("\\n")[0] for s in nlp(text).spans["minutes_items"]]   # doctest: +SKIP
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Optional

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from ..labels import ITEM_LABEL, ITEMS_KEY, SECTIONS_KEY, TITLE_LABEL, TITLES_KEY
from ..segmentation import Segmentation, SegmentRules, load_rules, rules_from_dict, segment
from ..spans import align, doc_text
from .rule_store import RuleComponent, SrslyRuleFiles

_RULES_FILE = "headings.json"
#: ``doc.user_data`` key of a :class:`Segmentation` computed before the Doc was made (the API cuts long
#: texts into pieces at items and hands each piece its share of the whole text's segmentation)
SEGMENTATION_KEY = "minutes_nlp.segmentation"


class AgendaSegmenter(SrslyRuleFiles, RuleComponent, Pipe):
    """Split minutes into agenda items (``doc.spans["minutes_items"]``) and sections.

    Rules: ``resources/headings.json`` (loaded by ``initialize``; see :mod:`.rule_store`)."""

    RULES_FILE = _RULES_FILE
    DISK_NAME = _RULES_FILE

    def __init__(self, nlp: Language, name: str = "minutes_agenda_segmenter", *,
                 scorer: Optional[Callable[..., dict[str, Any]]] = None) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.cfg: dict[str, Any] = {}
        self.scorer = scorer
        self._rules: Optional[SegmentRules] = None

    def compile_rules(self, data: dict[str, Any], source: str) -> SegmentRules:
        """Check and compile a headings rule object."""
        return rules_from_dict(data)

    def packaged_rules(self) -> SegmentRules:
        """The packaged headings rules (compiled once per process)."""
        return load_rules()

    def segment(self, text: str) -> Segmentation:
        """Segment ``text`` with this component's rules (what ``__call__`` would find)."""
        return segment(text, self.rules)

    def __call__(self, doc: Doc) -> Doc:
        given = doc.user_data.pop(SEGMENTATION_KEY, None)  # a piece of a longer text, segmented whole
        seg = given if isinstance(given, Segmentation) else segment(doc_text(doc), self.rules)
        items, titles, sections = [], [], []
        for item in seg.items:
            items.append(align(doc, item.start, item.end, ITEM_LABEL))
            titles.append(align(doc, item.title_start, item.title_end, TITLE_LABEL))
            for sec in item.sections:
                sections.append(align(doc, sec.start, sec.end, sec.label))
        doc.spans[ITEMS_KEY] = items
        doc.spans[ITEMS_KEY].attrs["numbers"] = [i.number for i in seg.items]
        doc.spans[ITEMS_KEY].attrs["titles"] = [i.title for i in seg.items]
        doc.spans[ITEMS_KEY].attrs["style"] = seg.style or ""
        doc.spans[TITLES_KEY] = titles
        doc.spans[SECTIONS_KEY] = sections
        return doc


@Language.factory(
    "minutes_agenda_segmenter",
    assigns=["doc.spans"],
    default_config={"scorer": {"@scorers": "spacy.overlapping_labeled_spans_scorer.v1", "spans_key": ITEMS_KEY}},
    default_score_weights={f"spans_{ITEMS_KEY}_f": 1.0, f"spans_{ITEMS_KEY}_p": 0.0, f"spans_{ITEMS_KEY}_r": 0.0,
                           f"spans_{ITEMS_KEY}_per_type": None},
)
def make_agenda_segmenter(nlp: Language, name: str,
                          scorer: Optional[Callable[..., dict[str, Any]]] = None) -> AgendaSegmenter:
    """Factory for :class:`AgendaSegmenter` (rules load in ``initialize``); ``scorer`` scores the items."""
    return AgendaSegmenter(nlp, name, scorer=scorer)


def segmenter_of(nlp: Optional[Language] = None) -> Optional[AgendaSegmenter]:
    """The agenda segmenter of a loaded pipeline (None when it has none); without ``nlp``, a rules-only
    segmenter (packaged headings rules, built once). Callers that cut or label text by items use this,
    so they agree with the items the pipeline itself finds."""
    if nlp is None:
        return _rules_segmenter()
    return next((pipe for _, pipe in nlp.pipeline if isinstance(pipe, AgendaSegmenter)), None)


@lru_cache(maxsize=1)
def _rules_segmenter() -> AgendaSegmenter:
    import spacy

    nlp = spacy.blank("da")
    pipe = nlp.add_pipe("minutes_agenda_segmenter")
    pipe.initialize(nlp=nlp)
    return pipe
