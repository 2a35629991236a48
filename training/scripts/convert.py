"""Convert the gold corpus into spaCy DocBins for training (the project's ``convert`` step).

Writes, under ``--out``:

- ``ner/{train,dev,test}/minutes.spacy``: annotated minutes, tokenised with the minutes tokenizer,
  gold spans as ``doc.ents``. Documents with ``ranges`` (sampled items) give one Doc per range, so
  text nobody annotated is never taught as O. Long documents are cut at blank lines (never inside
  a span) into pieces of about ``--chunk-chars``; the split is still by document.
- ``ner/train/ddt.spacy``: DDT Danish NER sentences (PER → PERSON; ORG/LOC/MISC tokens and tokens
  with digits → missing, so news text does not teach that amounts, dates or committees are O),
  capped at ``--ddt-chars`` characters so the minutes dominate.
- ``textcat/{train,dev,test}.spacy``: one Doc per agenda item decision, text = decision section +
  the recommendation it answers, ``doc.cats`` one-hot over the seven decision labels.
- ``gold_{train,dev,test}.jsonl`` and ``gold_heldout.jsonl``: the corpus records with their split
  set, for ``minutes-nlp evaluate`` (stand-off records only; no third-party text); dev and test also
  get one record per Greve meeting of that split with its hand-read decision labels.
- textcat inputs start with the rules' label and score (the decision model is stacked on the rules).
- ``stats.json``: counts (docs, spans, skipped spans, decision examples per source).

It also (re)writes ``corpus/annotated/greve_decisions.jsonl`` (``--greve-records``): one record per
Greve item with a Beslutning section — key, label, source ("gold" = read by hand, "silver" = the
rules' label), split — so the decision training data is fixed and reviewable without the text.

usage: python training/scripts/convert.py --corpus corpus/annotated --splits corpus/annotated/splits.json
       --out training/corpus [--smoke] [--no-ddt] [--no-greve]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from minutes_nlp.corpus import GoldDoc, data_dir, find_up, iter_records, sha256, load_corpus, read_decision_labels
from minutes_nlp.labels import DECISION_LABELS, ENTITY_LABELS
from minutes_nlp.tokenizer import blank_danish

SPLITS = ("train", "dev", "test")
CORPUS_FILES = ("written.jsonl", "gathered.jsonl")
REC_CHARS = 700
DEC_CHARS = 1500


# --- splits -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Splits:
    """The fixed split table (corpus/annotated/splits.json)."""

    test: frozenset[str]
    dev: frozenset[str]
    heldout_layouts: frozenset[str]
    greve_dev: float
    greve_test: float

    @classmethod
    def read(cls, path: Path) -> "Splits":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(frozenset(data["test"]), frozenset(data["dev"]), frozenset(data.get("heldout_layouts", [])),
                   float(data.get("greve_dev_fraction", 0.1)), float(data.get("greve_test_fraction", 0.1)))

    def of_doc(self, doc_id: str, layout: str = "") -> str:
        """Split of a corpus document; a held-out layout is always test."""
        if layout in self.heldout_layouts or doc_id in self.test:
            return "test"
        return "dev" if doc_id in self.dev else "train"

    def of_greve(self, meeting_file: str) -> str:
        """Split of a Greve meeting (by file name): listed corpus docs first, else a stable hash."""
        doc_id = "greve_" + Path(meeting_file).stem
        if doc_id in self.test or doc_id in self.dev:
            return self.of_doc(doc_id)
        h = int(hashlib.sha1(meeting_file.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
        if h < self.greve_test:
            return "test"
        return "dev" if h < self.greve_test + self.greve_dev else "train"


# --- NER docs ------------------------------------------------------------------------------------


@dataclass
class Stats:
    """Counts written to stats.json."""

    counts: Counter[str]

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


def _pieces(text: str, spans: list[tuple[int, int, str]], chunk: int) -> list[tuple[int, int]]:
    """Cut [0, len(text)) at blank lines (outside spans) into pieces of about ``chunk`` characters."""
    cuts = [m.end() for m in re.finditer(r"\n\s*\n", text)]
    inside = lambda c: any(s < c < e for s, e, _ in spans)  # noqa: E731
    out, start = [], 0
    for c in cuts:
        if c - start >= chunk and not inside(c):
            out.append((start, c))
            start = c
    if start < len(text):
        out.append((start, len(text)))
    return out


def gold_docs(nlp: spacy.Language, gold: GoldDoc, chunk: int, stats: Stats) -> Iterator[Doc]:
    """Docs with gold ``ents`` for one corpus document (one or more per range)."""
    ranges = gold.ranges if gold.ranges is not None else ((0, len(gold.text)),)
    for a, b in ranges:
        spans = [(s - a, e - a, lab) for s, e, lab in gold.spans if a <= s and e <= b]
        stats.add("spans_outside_ranges", sum(1 for s, e, _ in gold.spans if gold.ranges and not any(
            x <= s and e <= y for x, y in gold.ranges)) if (a, b) == ranges[0] else 0)
        text = gold.text[a:b]
        for pa, pb in _pieces(text, spans, chunk):
            piece = text[pa:pb]
            if not piece.strip():
                continue
            doc = nlp.make_doc(piece)
            ents = []
            for s, e, lab in spans:
                if pa <= s and e <= pb and lab in ENTITY_LABELS:
                    span = doc.char_span(s - pa, e - pa, label=lab, alignment_mode="expand")
                    if span is None:
                        stats.add("spans_misaligned")
                        continue
                    if (span.start_char, span.end_char) != (s - pa, e - pa):
                        stats.add("spans_expanded")
                    ents.append(span)
            kept = filter_spans(ents)
            stats.add("spans_overlapping_dropped", len(ents) - len(kept))
            stats.add("spans", len(kept))
            doc.set_ents(kept, default="outside")
            stats.add("ner_docs")
            stats.add("ner_chars", len(piece))
            yield doc


#: line-start markers of other publishing systems (markdown headings, bullets, quotes, table bars)
MARKERS = ("# ", "## ", "### ", "#### ", "* ", "- ", "• ", "> ", "| ", "**", "< ", "= ")


def symbol_variant(gold: GoldDoc, rng: random.Random, rate: float = 0.5) -> GoldDoc:
    """A copy of ``gold`` with markers inserted at line starts (never inside a span), offsets shifted.

    Teaches that symbol-only tokens are not entities, whatever layout puts them before a line.
    """
    text = gold.text
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    inserts: list[tuple[int, str]] = []
    for pos in starts:
        if pos < len(text) and text[pos] not in "\n " and rng.random() < rate \
                and not any(s < pos < e for s, e, _ in gold.spans):
            inserts.append((pos, rng.choice(MARKERS)))
    if not inserts:
        return gold
    positions = [p for p, _ in inserts]
    from bisect import bisect_right

    def shift(offset: int, end: bool = False) -> int:
        # an insertion AT a start offset goes before it; at an end offset it is after the span
        k = bisect_right(positions, offset - 1 if end else offset)
        return offset + sum(len(m) for _, m in inserts[:k])

    pieces, last = [], 0
    for pos, marker in inserts:
        pieces += [text[last:pos], marker]
        last = pos
    pieces.append(text[last:])
    spans = tuple((shift(a), shift(b, end=True), lab) for a, b, lab in gold.spans)
    ranges = tuple((shift(a, end=True), shift(b, end=True)) for a, b in gold.ranges) if gold.ranges is not None else None
    return replace(gold, doc_id=gold.doc_id + "#symbols", text="".join(pieces), spans=spans, ranges=ranges,
                   items=())


def read_iob2(path: Path) -> Iterator[tuple[list[str], list[str], Optional[str]]]:
    """(words, tags, text) per sentence of a CoNLL-style IOB2 file (token in col 2, tag in col 3)."""
    words: list[str] = []
    tags: list[str] = []
    text: Optional[str] = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# text = "):
                text = line[len("# text = "):]
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if words:
                    yield words, tags, text
                words, tags, text = [], [], None
            else:
                cols = line.split("\t")
                if len(cols) >= 3:
                    words.append(cols[1])
                    tags.append(cols[2])
    if words:
        yield words, tags, text


#: DDT ORG names that may be a committee/body in minutes terms: left missing, not O
_BODY_WORDS = re.compile(r"udvalg|råd|bestyrelse|forvaltning|kommune|region|KKR|KL\b|styrelse|ministeri",
                         re.IGNORECASE)


def ddt_tags(tags: list[str], words: list[str]) -> list[Optional[str]]:
    """PER → PERSON; tokens with digits and ORG names that look like bodies → missing (None).

    LOC, MISC and other ORG names become O: they teach the model that place and organisation
    names are not persons (capitalised non-persons were the main false positives on dev).
    """
    out: list[Optional[str]] = []
    k = 0
    while k < len(tags):
        tag = tags[k]
        kind = tag.split("-", 1)[1] if "-" in tag else ""
        if kind and kind != "PER":
            end = k + 1
            while end < len(tags) and tags[end] == f"I-{kind}":
                end += 1
            name = " ".join(words[k:end])
            missing = kind == "ORG" and bool(_BODY_WORDS.search(name))
            out.extend([None if missing else "O"] * (end - k))
            k = end
            continue
        if kind == "PER":
            out.append(tag.split("-", 1)[0] + "-PERSON")
        else:
            out.append("O")
        k += 1
    for i, word in enumerate(words):
        if any(ch.isdigit() for ch in word) and out[i] == "O":
            out[i] = None
    # an I- after a missing/O token would be invalid IOB: make it B-
    for i, t in enumerate(out):
        if t == "I-PERSON" and (i == 0 or out[i - 1] not in ("B-PERSON", "I-PERSON")):
            out[i] = "B-PERSON"
    return out


def _spaces(words: list[str], text: Optional[str]) -> list[bool]:
    """Whitespace after each word, from the sentence text when it lines up."""
    if text:
        spaces, pos = [], 0
        for w in words:
            i = text.find(w, pos)
            if i < 0:
                break
            pos = i + len(w)
            spaces.append(pos < len(text) and text[pos] == " ")
        else:
            return spaces
    return [True] * len(words)


def ddt_docs(nlp: spacy.Language, path: Path, max_chars: int, seed: int, stats: Stats,
             sents_per_doc: int = 10) -> list[Doc]:
    """DDT sentences as Docs (sentences with a person first, then others), capped at ``max_chars``."""
    sents = list(read_iob2(path))
    rng = random.Random(seed)
    rng.shuffle(sents)
    with_per = [s for s in sents if any(t.endswith("PER") for t in s[1])]
    without = [s for s in sents if not any(t.endswith("PER") for t in s[1])]
    chosen, total = [], 0
    # two thirds of the budget for sentences naming persons, the rest for plain sentences
    for pool, budget in ((with_per, max_chars * 2 // 3), (without, max_chars)):
        for s in pool:
            if total >= budget:
                break
            chosen.append(s)
            total += sum(len(w) + 1 for w in s[0])
    rng.shuffle(chosen)
    docs = []
    for i in range(0, len(chosen), sents_per_doc):
        group = chosen[i:i + sents_per_doc]
        words = [w for s in group for w in s[0]]
        spaces = [sp for s in group for sp in _spaces(s[0], s[2])]
        ents = [t for s in group for t in ddt_tags(s[1], s[0])]
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces, ents=ents))
    stats.add("ddt_sentences", len(chosen))
    stats.add("ddt_chars", total)
    stats.add("ddt_person_tokens", sum(1 for d in docs for t in d if t.ent_type_ == "PERSON"))
    return docs


# --- decision examples ---------------------------------------------------------------------------


def decision_text(decision: str, recommendation: Optional[str], rule: tuple[str, float]) -> str:
    """The text the decision model reads: the rules' verdict, the decision, the recommendation.

    Shared with the ``minutes_decision_model`` component so training and use see the same input.
    """
    from minutes_nlp.components.decision_model import model_input

    return model_input(decision, recommendation, rule)


@dataclass(frozen=True)
class Example:
    """One decision example: split, model text, gold label, source, and the rules' label and score."""

    split: str
    text: str
    label: str
    source: str  # "gold" (read by hand), "silver" (rules' label), "corpus" (annotated document)
    rule_label: str
    rule_score: float


def _one_hot(label: str) -> dict[str, float]:
    return {lab: float(lab == label) for lab in DECISION_LABELS}


def greve_examples(splits: Splits, labels: dict[str, str], stats: Stats, limit: Optional[int] = None,
                   sampled: frozenset[str] = frozenset()
                   ) -> tuple[list[dict[str, Any]], list["Example"], list[dict[str, Any]]]:
    """Greve records + (split, text, label, source) examples; rules label where no hand label exists.

    Also returns one stand-off evaluation record per dev/test meeting with hand-read labels
    (:func:`meeting_record`), leaving out the items in ``sampled`` (already gold corpus documents).
    """
    from minutes_nlp.components.decisions import classify_decision
    from minutes_nlp.io.firstagenda import iter_meetings

    folder = data_dir() / "minutes" / "greve_firstagenda"
    records, examples, meetings = [], [], []
    for n, (path, meeting) in enumerate(iter_meetings(folder, skip_invalid=True)):
        if limit is not None and n >= limit:
            break
        split = splits.of_greve(path.name)
        if split != "train":
            record = meeting_record(path.name, meeting, labels, split, sampled)
            if record is not None:
                meetings.append(record)
        for item in meeting.items:
            texts = item.decision_texts(meeting.text)
            if texts is None:
                continue
            decision, recommendation = texts
            key = f"{path.name}#{item.number}"
            procedure = item.section_text(meeting.text, "sagsprocedure")
            rule = classify_decision(decision, recommendation, body=meeting.body, procedure=procedure)
            label, source = (labels[key], "gold") if key in labels else (rule[0], "silver")
            records.append({"key": key, "label": label, "source": source, "split": split})
            examples.append(Example(split, decision_text(decision, recommendation, rule), label, source, *rule))
            stats.add(f"decisions_greve_{source}_{split}")
    return records, examples, meetings


def meeting_record(name: str, meeting: Any, labels: dict[str, str], split: str,
                   sampled: frozenset[str]) -> Optional[dict[str, Any]]:
    """A Greve meeting as a stand-off gold record for ``minutes-nlp evaluate``: every item (for item
    F) with its hand-read decision label (None where it was not read); entity spans not gold."""
    items = [{"start": it.start, "end": it.end, "number": it.number, "title": "",
              "decision": labels.get(f"{name}#{it.number}")}
             for it in meeting.items if f"{name}#{it.number}" not in sampled]
    if not any(i["decision"] for i in items):
        return None
    return {"doc_id": "greve_meeting_" + Path(name).stem,
            "source": {"data_path": f"minutes/greve_firstagenda/{name}", "reader": "firstagenda"},
            "sha256": sha256(meeting.text), "layout": "greve_firstagenda", "split": split,
            "partial_spans": True, "items": items, "meta": {"body": meeting.body}}


def corpus_decision_examples(golds: Iterable[GoldDoc], splits: Splits, stats: Stats
                             ) -> list["Example"]:
    """Decision examples from the corpus documents (decision + recommendation found by the segmenter)."""
    from minutes_nlp.components.decisions import classify_decision, meeting_body, recommendation_of
    from minutes_nlp.spans import inside
    from minutes_nlp.labels import ITEMS_KEY, SECTIONS_KEY, Section
    from minutes_nlp.pipeline import blank

    nlp = blank()
    out = []
    for gold in golds:
        if gold.doc_id.startswith("greve_"):
            continue  # Greve items come from the portal structure (greve_examples)
        wanted = {(i.number, i.start): i.decision for i in gold.items if i.decision}
        if not wanted:
            continue
        doc = nlp(gold.text)
        sections = list(doc.spans.get(SECTIONS_KEY, []))
        for item in doc.spans.get(ITEMS_KEY, []):
            inner = [s for s in sections if inside(s, item)]
            dec = next((s for s in inner if s.label_ == Section.DECISION.value), None)
            num = next((n for (n, st), _ in wanted.items() if st == item.start_char), None)
            if dec is None or num is None:
                continue
            label = wanted[(num, item.start_char)]
            split = splits.of_doc(gold.doc_id, gold.layout)
            rec = recommendation_of(doc, item, inner, dec)
            rule = classify_decision(dec.text, rec, body=meeting_body(doc))
            out.append(Example(split, decision_text(dec.text, rec, rule), label, "corpus", *rule))
            stats.add(f"decisions_corpus_{split}")
    return out


# --- main ----------------------------------------------------------------------------------------


def _write(docs: list[Doc], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)


def _textcat_docs(nlp: spacy.Language, examples: list[Example], split: str, silver: bool
                  ) -> tuple[list[Doc], list[dict[str, Any]]]:
    """Docs with one-hot cats, and a parallel list of {label, source, rule_label, rule_score}."""
    docs, meta = [], []
    for ex in examples:
        if ex.split != split or (ex.source == "silver" and not silver):
            continue
        doc = nlp.make_doc(ex.text)
        doc.cats = _one_hot(ex.label)
        docs.append(doc)
        meta.append({"label": ex.label, "source": ex.source, "rule_label": ex.rule_label,
                     "rule_score": ex.rule_score})
    return docs, meta


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("corpus/annotated"))
    ap.add_argument("--splits", type=Path, default=Path("corpus/annotated/splits.json"))
    ap.add_argument("--out", type=Path, default=Path("training/corpus"))
    ap.add_argument("--greve-records", type=Path, default=None,
                    help="where to write the Greve decision records (default: <corpus>/greve_decisions.jsonl)")
    ap.add_argument("--ddt", type=Path, default=None, help="DDT IOB2 train file (default: under the data folder)")
    ap.add_argument("--ddt-chars", type=int, default=300_000)
    ap.add_argument("--chunk-chars", type=int, default=3000)
    ap.add_argument("--silver-dev", action="store_true", help="also put silver decisions in dev/test")
    ap.add_argument("--no-ddt", action="store_true")
    ap.add_argument("--no-greve", action="store_true")
    ap.add_argument("--smoke", action="store_true", help="tiny subset: written corpus only, few Greve meetings")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-augment", dest="augment", action="store_false",
                    help="no copies of training documents with line-start markers (#, *, -, >, |)")
    args = ap.parse_args(argv)

    splits = Splits.read(args.splits)
    rng = random.Random(args.seed)
    have_data = data_dir().exists()
    nlp = blank_danish()
    stats = Stats(Counter())

    files = [args.corpus / f for f in CORPUS_FILES if (args.corpus / f).exists()]
    if args.smoke:
        files = [f for f in files if f.name == "written.jsonl"]
    golds = [g for f in files for g in load_corpus(f, skip_missing=True)]
    by_split: dict[str, list[Doc]] = {s: [] for s in SPLITS}
    for gold in golds:
        split = splits.of_doc(gold.doc_id, gold.layout)
        stats.add(f"docs_{split}")
        if gold.partial_spans:
            continue
        by_split[split].extend(gold_docs(nlp, gold, args.chunk_chars, stats))
        if split == "train" and args.augment:
            variant = symbol_variant(gold, rng)
            if variant is not gold:
                stats.add("augmented_docs")
                by_split[split].extend(gold_docs(nlp, variant, args.chunk_chars, stats))
    for split, docs in by_split.items():
        _write(docs, args.out / "ner" / split / "minutes.spacy")

    ddt_path = args.ddt or data_dir() / "uner_danish_ddt" / "da_ddt-ud-train.iob2"
    ddt_file = args.out / "ner" / "train" / "ddt.spacy"
    if not args.no_ddt and ddt_path.exists():
        _write(ddt_docs(nlp, ddt_path, args.ddt_chars // (10 if args.smoke else 1), args.seed, stats), ddt_file)
    elif ddt_file.exists():
        ddt_file.unlink()

    examples = corpus_decision_examples(golds, splits, stats)
    meetings: list[dict[str, Any]] = []
    if not args.no_greve and have_data and (data_dir() / "minutes" / "greve_firstagenda").exists():
        labels = read_decision_labels(args.corpus / "greve_decisions")  # adjudicated labels win
        sampled = frozenset(f"{g.doc_id.removeprefix('greve_')}.json#{i.number}"
                            for g in golds if g.doc_id.startswith("greve_") for i in g.items)
        greve_records, greve_ex, meetings = greve_examples(splits, labels, stats,
                                                           limit=12 if args.smoke else None, sampled=sampled)
        examples += greve_ex
        if not args.smoke:
            target = args.greve_records or args.corpus / "greve_decisions.jsonl"
            target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in greve_records),
                              encoding="utf-8")

    # gold records with their split, for `minutes-nlp evaluate` (+ the Greve dev/test meetings'
    # hand-read decisions)
    records = [r for f in files for r in iter_records(f)]
    gold_ids = {g.doc_id for g in golds}
    heldout = []
    outs: dict[str, list[str]] = {s: [] for s in SPLITS}
    for r in records:
        origin = Path(r.pop("_origin"))
        if r.get("doc_id") not in gold_ids:
            continue
        text_file = (r.get("source") or {}).get("text_file")
        if text_file:  # the split files live elsewhere: point at the text by absolute path
            found = find_up(origin, text_file)
            if found is not None:
                r["source"] = {**r["source"], "text_file": str(found.resolve())}
        r["split"] = splits.of_doc(r["doc_id"], r.get("layout", ""))
        line = json.dumps(r, ensure_ascii=False)
        outs[r["split"]].append(line)
        if r.get("layout") in splits.heldout_layouts:
            heldout.append(line)
    for r in meetings:
        outs[r["split"]].append(json.dumps(r, ensure_ascii=False))
        stats.add(f"greve_meetings_{r['split']}")
    for split, lines in [*outs.items(), ("heldout", heldout)]:
        (args.out / f"gold_{split}.jsonl").write_text("".join(x + "\n" for x in lines), encoding="utf-8")

    for split in SPLITS:
        docs, meta = _textcat_docs(nlp, examples, split, silver=(split == "train" or args.silver_dev))
        stats.add(f"textcat_{split}", len(docs))
        _write(docs, args.out / "textcat" / f"{split}.spacy")
        (args.out / "textcat" / f"{split}.meta.jsonl").write_text(
            "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in meta), encoding="utf-8")

    (args.out / "stats.json").write_text(json.dumps(dict(sorted(stats.counts.items())), indent=1), encoding="utf-8")
    print(json.dumps(dict(sorted(stats.counts.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
