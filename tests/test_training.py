"""Training project: converter pieces, splits, the decision model component, the smoke run, the shipped model."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from minutes_nlp.components.decision_model import DecisionModel, model_input
from minutes_nlp.corpus import data_dir, iter_records
from minutes_nlp.labels import DECISION_LABELS, DECISIONS_KEY
from minutes_nlp.pipeline import blank
from minutes_nlp.tokenizer import blank_danish

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training"
MODEL = ROOT / "models" / "minutes_da"


def _convert_module():
    spec = importlib.util.spec_from_file_location("convert", TRAINING / "scripts" / "convert.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["convert"] = module
    spec.loader.exec_module(module)
    return module


convert = _convert_module()


def test_ddt_tags_keep_persons_and_leave_bodies_and_numbers_missing():
    words = ["Mette", "Frederiksen", "fra", "Aarhus", "Kommune", "i", "Vejle", "hos", "Danfoss", "fik", "12", "mio."]
    tags = ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O", "B-ORG", "O", "O", "O"]
    assert convert.ddt_tags(tags, words) == [
        "B-PERSON", "I-PERSON", "O", None, None, "O", "O", "O", "O", "O", None, "O"]


def test_ddt_tags_repair_an_inside_tag_without_a_beginning():
    assert convert.ddt_tags(["B-LOC", "I-PER"], ["x", "Hansen"]) == ["O", "B-PERSON"]


def test_pieces_never_cut_inside_a_span():
    text = "Punkt 1\n\nAnne Holm\n\nmere tekst\n\nslut"
    spans = [(9, 20, "PERSON")]  # "Anne Holm\n\n" is not a real span; it straddles the cut at 20
    pieces = convert._pieces(text, spans, chunk=1)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(not (s < b < e) for a, b in pieces for s, e, _ in spans)
    assert all(pieces[k][1] == pieces[k + 1][0] for k in range(len(pieces) - 1))


def test_gold_docs_one_doc_per_range_and_spans_as_ents():
    from minutes_nlp.corpus import GoldDoc

    text = "Ukendt tekst. Udvalget: Ib Lund deltog. Mere ukendt tekst med Bo Berg."
    a = text.index("Udvalget")
    b = text.index(" Mere")
    gold = GoldDoc("x", text, ((text.index("Ib"), text.index(" deltog"), "PERSON"),), (), ranges=((a, b),))
    stats = convert.Stats(convert.Counter())
    docs = list(convert.gold_docs(blank_danish(), gold, 3000, stats))
    assert len(docs) == 1 and docs[0].text == text[a:b]
    assert [(e.text, e.label_) for e in docs[0].ents] == [("Ib Lund", "PERSON")]
    assert "Bo" not in docs[0].text  # text outside the range is never taught as O


def test_splits_file_is_consistent_with_the_corpus():
    splits = convert.Splits.read(ROOT / "corpus" / "annotated" / "splits.json")
    assert not splits.test & splits.dev
    ids = {r["doc_id"]: r.get("layout", "") for f in ("written.jsonl", "gathered.jsonl")
           for r in iter_records(ROOT / "corpus" / "annotated" / f)}
    assert (splits.test | splits.dev) <= set(ids)
    heldout = [d for d, lay in ids.items() if lay in splits.heldout_layouts]
    assert heldout and all(splits.of_doc(d, ids[d]) == "test" for d in heldout)
    # every layout but the held-out one is seen in training
    train_layouts = {lay for d, lay in ids.items() if splits.of_doc(d, lay) == "train"}
    assert splits.heldout_layouts.isdisjoint(train_layouts) and len(train_layouts) >= 6
    # Greve meetings: one split each, stable
    assert splits.of_greve("2022-03-07_x.json") == splits.of_greve("2022-03-07_x.json")
    listed = next(iter(d for d in splits.test if d.startswith("greve_")))
    assert splits.of_greve(listed[len("greve_"):] + ".json") == "test"


def _tiny_textcat() -> spacy.Language:
    """A textcat that learns 'skrinlagt' (a word the rules do not know) → Ikke godkendt, else Godkendt (trained in the test)."""
    from spacy.training import Example

    nlp = blank_danish()
    tc = nlp.add_pipe("textcat", config={"model": {"@architectures": "spacy.TextCatBOW.v3",
                                                   "exclusive_classes": True, "ngram_size": 1,
                                                   "no_output_layer": False}})
    for lab in DECISION_LABELS:
        tc.add_label(lab)
    data = [("Forslaget er skrinlagt.", "Ikke godkendt"), ("Forslaget godkendt.", "Godkendt")] * 4
    examples = [Example.from_dict(nlp.make_doc(t), {"cats": {l: float(l == g) for l in DECISION_LABELS}})
                for t, g in data]
    opt = nlp.initialize(lambda: examples)
    for _ in range(30):
        nlp.update(examples, sgd=opt)
    return nlp


MINUTES = ("Referat\n\n1. Ansøgning om tilskud\n\nIndstilling\nForvaltningen indstiller, at ansøgningen godkendes.\n\n"
           "Beslutning\nForslaget er skrinlagt.\n")


def test_decision_model_overrides_only_low_rule_scores(tmp_path):
    nlp = blank()
    rule_doc = nlp(MINUTES)
    rule = rule_doc.spans[DECISIONS_KEY]
    assert len(rule) == 1
    pipe = nlp.add_pipe("minutes_decision_model", config={"rule_threshold": 1.01, "min_prob": 0.0})
    pipe.model_nlp = _tiny_textcat()
    doc = nlp(MINUTES)
    assert doc.spans[DECISIONS_KEY][0].label_ == "Ikke godkendt"
    assert doc.spans[DECISIONS_KEY].attrs["items"] == rule.attrs["items"]
    pipe.rule_threshold = 0.0  # rules always win
    kept = nlp(MINUTES)
    assert kept.spans[DECISIONS_KEY][0].label_ == rule[0].label_ != "Ikke godkendt"
    # round trips keep the inner model and the settings
    pipe.rule_threshold = 1.01
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    assert again.get_pipe("minutes_decision_model").rule_threshold == 1.01
    loaded = again(MINUTES)
    assert loaded.spans[DECISIONS_KEY][0].label_ == "Ikke godkendt"
    other = DecisionModel(nlp).from_bytes(pipe.to_bytes())
    assert other.predict_texts([model_input("Forslaget er skrinlagt.", None)])[0][0] == "Ikke godkendt"


def test_decision_model_without_a_model_passes_through():
    nlp = blank()
    nlp.add_pipe("minutes_decision_model")
    empty = nlp("")
    assert DECISIONS_KEY not in empty.spans or len(empty.spans[DECISIONS_KEY]) == 0
    ours, rules = nlp(MINUTES), blank()(MINUTES)
    assert ours.spans[DECISIONS_KEY][0].label_ == rules.spans[DECISIONS_KEY][0].label_


def test_model_input_marks_the_recommendation():
    assert model_input("Godkendt.", "Forvaltningen indstiller, at sagen godkendes") \
        == "Godkendt.\n\nINDSTILLING: Forvaltningen indstiller, at sagen godkendes"
    assert model_input("  Godkendt.\n", None) == "Godkendt."


@pytest.mark.slow
def test_smoke_project_runs_end_to_end(tmp_path):
    """The whole project on a tiny corpus (CI): convert → train → tune → assemble → evaluate → publish."""
    from minutes_nlp.train import run_project

    out = tmp_path / "smoke"
    run_project("smoke", TRAINING, overrides={"smoke_dir": str(out), "smoke_steps": 10}, force=True)
    assert len(list(DocBin().from_disk(out / "corpus" / "ner" / "train" / "minutes.spacy").get_docs(
        spacy.blank("da").vocab))) > 0
    meta = json.loads((out / "published" / "meta.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY-SA 4.0" and meta["version"] == "0.0.0-smoke"
    assert "test" in meta["minutes_nlp_metrics"]
    nlp = spacy.load(out / "published")
    assert "ner" in nlp.pipe_names and "minutes_decision_model" in nlp.pipe_names
    assert nlp(MINUTES).spans[DECISIONS_KEY]


@pytest.mark.skipif(not (MODEL / "config.cfg").exists(), reason="no published model")
def test_published_model_loads_and_is_documented():
    size = sum(f.stat().st_size for f in MODEL.rglob("*") if f.is_file())
    assert size <= 50e6
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY-SA 4.0" and meta["minutes_nlp_metrics"]["test"]
    nlp = spacy.load(MODEL)
    doc = nlp("Referat\n\n1. Budget\n\nBeslutning\nGodkendt. Borgmester Jens Holm deltog ikke.\n")
    assert doc.spans[DECISIONS_KEY]
    assert any(e.label_ == "PERSON" for e in doc.ents)


@pytest.mark.data
@pytest.mark.skipif(not data_dir().exists(), reason="needs ../shared/data")
def test_ddt_file_reads_with_persons():
    path = data_dir() / "uner_danish_ddt" / "da_ddt-ud-dev.iob2"
    stats = convert.Stats(convert.Counter())
    docs = convert.ddt_docs(blank_danish(), path, 20_000, 0, stats)
    assert docs and stats.counts["ddt_person_tokens"] > 0
    assert any(t.ent_iob_ == "" for d in docs for t in d)  # ORG/LOC/MISC/digits left missing


def test_symbol_variant_shifts_spans_onto_the_same_text():
    from minutes_nlp.corpus import GoldDoc

    text = "Deltagere\nAnne Holm (A)\nBo Berg\n\n1. Budget 2025\nKr. 4.000 bevilges."
    spans = ((10, 19, "PERSON"), (24, 31, "PERSON"), (43, 47, "DATE"))
    gold = GoldDoc("x", text, spans, (), ranges=((0, len(text)),))
    out = convert.symbol_variant(gold, convert.random.Random(1), rate=1.0)
    assert out.text != text and out.text.count("\n") == text.count("\n")
    assert [out.text[a:b] for a, b, _ in out.spans] == [text[a:b] for a, b, _ in spans]
    assert out.ranges == ((0, len(out.text)),)


def test_model_input_starts_with_the_rules_verdict():
    text = model_input("Taget til efterretning.", None, ("Til orientering", 0.9))
    assert text.startswith("regeltilorientering sikkerhedhoej\n\n")
    assert text.endswith("Taget til efterretning.")
    assert model_input("x", None, ("Godkendt", 0.3)).startswith("regelgodkendt sikkerhedlav")
    assert model_input("x", None, ("Ikke godkendt", 0.7)).startswith("regelikkegodkendt sikkerhedmellem")


def test_decision_model_feeds_the_rule_label_to_the_model():
    nlp = blank()
    pipe = nlp.add_pipe("minutes_decision_model", config={"rule_threshold": 1.01, "min_prob": 0.0})
    seen: list[str] = []
    pipe.model_nlp = _tiny_textcat()
    pipe.predict_texts = lambda texts: seen.extend(texts) or [("Udsat", 0.9) for _ in texts]  # type: ignore[method-assign]
    doc = nlp(MINUTES)
    rule_doc = blank()(MINUTES)
    rule_label = rule_doc.spans[DECISIONS_KEY][0].label_
    assert seen and seen[0].startswith("regel" + rule_label.lower().replace(" ", ""))
    assert doc.spans[DECISIONS_KEY][0].label_ == "Udsat"
    pipe.rule_features = False  # a pre-0.2 model reads the decision text alone
    seen.clear()
    nlp(MINUTES)
    assert not seen[0].startswith("regel")


def test_load_switches_on_rule_components_a_training_config_disabled(tmp_path):
    from minutes_nlp.pipeline import load

    nlp = blank()
    nlp.disable_pipe("minutes_entity_rules")
    nlp.to_disk(tmp_path / "p")
    loaded = load(tmp_path / "p")
    assert "minutes_entity_rules" in loaded.pipe_names and not loaded.disabled
    doc = loaded("Økonomiudvalget bevilgede 2 mio. kr.")
    assert {e.label_ for e in doc.ents} == {"COMMITTEE", "AMOUNT"}
