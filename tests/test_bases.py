"""Transformer bases: the transformer config trained on a tiny local BERT, a DaCy-named pipeline
package installed at test time, the PERSON signal and gazetteer components, and the error paths.

The tests that need torch / transformers / spacy-transformers / tokenizers skip when those are
missing (they are the ``transformers`` extra); nothing here touches a model hub.
"""
from __future__ import annotations

import importlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin, Span
from spacy.util import filter_spans

from minutes_nlp import bases, pipeline
from minutes_nlp.labels import ENTITY_LABELS

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "training" / "configs" / "transformer.cfg"
WRITTEN = ROOT / "corpus" / "annotated" / "written.jsonl"
TEXT = ("Referat af Økonomiudvalget den 3. marts 2024\n\n"
        "Udvalget hørte Lars Nielsen om sagen. Der bevilges 250.000 kr.\n")


def _needs_trf() -> None:
    for mod in ("torch", "transformers", "tokenizers", "spacy_transformers"):
        pytest.importorskip(mod)


# --- no torch needed ----------------------------------------------------------------------------
@pytest.mark.parametrize("base,target,kind", [
    ("dacy:small", "da_dacy_small_trf", "dacy"), ("DaCy:Large", "da_dacy_large_trf", "dacy"),
    ("dacy:da_dacy_medium_trf", "da_dacy_medium_trf", "dacy"), ("da_dacy_medium_trf", "da_dacy_medium_trf", "dacy"),
    ("trf:/models/my_pipeline", "/models/my_pipeline", "trf"),
])
def test_parse_base(base: str, target: str, kind: str) -> None:
    spec = bases.parse_base(base)
    assert (spec.target, spec.kind) == (target, kind)


@pytest.mark.parametrize("base", ["dacy:huge", "", "bert", "dacy:", None])
def test_parse_base_rejects(base: object) -> None:
    with pytest.raises(ValueError, match="dacy:small"):
        bases.parse_base(base)  # type: ignore[arg-type]


def test_missing_spacy_transformers_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy_transformers", None)  # import fails as if not installed
    import minutes_nlp

    with pytest.raises(ImportError, match=r"pip install \"minutes-nlp\[transformers\]\""):
        minutes_nlp.load(base="dacy:small")


def test_offline_restores_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
    import os

    with bases.offline():
        assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert "HF_HUB_OFFLINE" not in os.environ and os.environ["TRANSFORMERS_OFFLINE"] == "0"


def test_base_persons_keeps_earlier_entities_and_maps_per(rules_nlp: spacy.Language) -> None:
    doc = rules_nlp.make_doc("Økonomiudvalget hørte Lars Nielsen i Greve og 42 borgere om sagen.")
    committee = Span(doc, 0, 1, label="COMMITTEE")
    doc.ents = [committee]
    bases.BaseStash()(doc)
    # what a base NER writes: it may overwrite, and it has labels we do not use
    doc.ents = [Span(doc, 0, 1, label="ORG"), Span(doc, 2, 4, label="PER"), Span(doc, 5, 6, label="LOC"),
                Span(doc, 7, 9, label="PER")]
    bases.BasePersons()(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Økonomiudvalget", "COMMITTEE"), ("Lars Nielsen", "PERSON")]
    assert bases.STASH_KEY not in doc.spans


@pytest.mark.parametrize("text,shaped", [
    ("Lars Nielsen", True), ("Anne-Mette de la Cour", True), ("Lasse P. N. Olsen", True), ("Boelt", True),
    ("42 borgere", False), ("lars nielsen", False), ("Lars\nNielsen", False), ("Byrådet i Greve og Solrød", False),
])
def test_name_shaped(rules_nlp: spacy.Language, text: str, shaped: bool) -> None:
    doc = rules_nlp.make_doc(text)
    assert bases.name_shaped(doc[:]) is shaped


def test_gazetteer_persons(rules_nlp: spacy.Language) -> None:
    doc = rules_nlp.make_doc("Punktet blev behandlet af Karen Marie Bak og Jens Olesen.\nLone\nHansen deltog ikke.")
    found = bases.gazetteer_persons(doc, frozenset({"Karen", "Marie", "Jens", "Lone"}), frozenset({"Bak"}))
    assert [s.text for s in found] == ["Karen Marie Bak", "Jens Olesen"]  # never across a line break


def test_names_gazetteer_reads_the_installed_dacy_table() -> None:
    if importlib.util.find_spec("dacy") is None:
        assert bases.names_gazetteer() == (frozenset(), frozenset())
        pytest.skip("dacy not installed")
    first, last = bases.names_gazetteer()
    assert len(first) > 500 and len(last) > 500
    assert "Anna" in first and "Nielsen" in last


def test_gazetteer_component_adds_names_not_found_by_rules(rules_nlp: spacy.Language) -> None:
    if not bases.names_gazetteer()[0]:
        pytest.skip("dacy (names table) not installed")
    text = "Sagen blev forelagt af Mette Sørensen, og Økonomiudvalget godkendte indstillingen."
    before = {(e.text, e.label_) for e in rules_nlp(text).ents}
    doc = bases.NameGazetteer()(rules_nlp(text))
    after = {(e.text, e.label_) for e in doc.ents}
    assert ("Mette Sørensen", "PERSON") in after - before
    assert before <= after


# --- tiny transformer: train the transformer config, run extract() -----------------------------
def _docbins(out: Path, chars: int = 1200) -> tuple[Path, Path]:
    from minutes_nlp.corpus import load_corpus
    from minutes_nlp.tokenizer import blank_danish

    nlp = blank_danish()
    docs = []
    for gold in load_corpus(WRITTEN, skip_missing=True)[:4]:
        doc = nlp.make_doc(gold.text[:chars])
        spans = [doc.char_span(s, e, label=lab, alignment_mode="expand")
                 for s, e, lab in gold.spans if e <= chars and lab in ENTITY_LABELS]
        doc.ents = filter_spans([s for s in spans if s is not None])
        docs.append(doc)
    assert len(docs) == 4 and all(d.ents for d in docs)
    out.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs[:3]).to_disk(out / "train.spacy")
    DocBin(docs=docs[3:]).to_disk(out / "dev.spacy")
    return out / "train.spacy", out / "dev.spacy"


@pytest.fixture(scope="module")
def trained_trf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _needs_trf()
    from tiny_transformer import build_tiny_bert

    from minutes_nlp.train import train_ner

    tmp = tmp_path_factory.mktemp("trf")
    bert = build_tiny_bert(tmp / "tiny-bert")
    train, dev = _docbins(tmp / "corpus")
    best = train_ner(train, dev, tmp / "out", config=CONFIG, max_steps=4, overrides={
        "paths.transformer": str(bert), "training.eval_frequency": 2,
        "training.optimizer.learn_rate.warmup_steps": 1, "training.batcher.size": 800})
    shutil.rmtree(bert)  # the trained pipeline must not need the encoder folder any more
    return best


@pytest.mark.slow
def test_transformer_config_trains_and_extracts(trained_trf: Path) -> None:
    import minutes_nlp

    nlp = minutes_nlp.load(trained_trf)
    assert nlp.pipe_names == ["minutes_agenda_segmenter", "minutes_header", "transformer", "ner",
                              "minutes_entity_rules", "minutes_decisions", "minutes_votes"]
    assert set(nlp.get_pipe("ner").labels) == set(ENTITY_LABELS)
    text = (ROOT / "tests" / "fixtures" / "minutes" / "acadre_odder_byraad.txt").read_text(encoding="utf-8")
    result = minutes_nlp.extract(text, nlp=nlp)
    rules = minutes_nlp.extract(text, nlp="rules")
    assert len(result.items) == len(rules.items) > 0
    assert {e.label for e in result.entities} <= set(ENTITY_LABELS)
    assert {(e.start_char, e.end_char, e.label) for e in result.entities} >= \
        {(e.start_char, e.end_char, e.label) for e in rules.entities}  # rule entities win
    doc = nlp(text)
    assert doc._.trf_data.model_output.last_hidden_state.shape[-1] == 32  # the tiny encoder ran


def test_transformer_config_shares_the_default_components() -> None:
    from thinc.api import Config

    default = Config().from_disk(ROOT / "training" / "configs" / "default.cfg", interpolate=False)
    trf = Config().from_disk(CONFIG, interpolate=False)
    shared = [p for p in default["nlp"]["pipeline"] if p not in ("tok2vec",)]
    assert [p for p in trf["nlp"]["pipeline"] if p != "transformer"] == shared
    for name in ("minutes_agenda_segmenter", "minutes_header", "minutes_entity_rules", "minutes_decisions"):
        assert trf["components"][name] == default["components"][name]
    assert trf["components"]["transformer"]["model"]["@architectures"] == "spacy-transformers.TransformerModel.v3"
    assert trf["components"]["transformer"]["model"]["name"] == "${paths.transformer}"


# --- a pipeline packaged as da_dacy_small_trf: the real load(base="dacy:small") path -----------
def _tiny_dacy(out: Path, bert: Path) -> Path:
    """A transformer + NER (PER/LOC) pipeline on the tiny BERT, trained until it tags its examples."""
    from spacy.training import Example

    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("da")
    nlp.add_pipe("transformer", config={"model": {
        "@architectures": "spacy-transformers.TransformerModel.v3", "name": str(bert),
        "get_spans": {"@span_getters": "spacy-transformers.strided_spans.v1", "window": 64, "stride": 48},
        "tokenizer_config": {"use_fast": True}}})
    nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "hidden_width": 32,
        "maxout_pieces": 2, "use_upper": True, "tok2vec": {
            "@architectures": "spacy-transformers.TransformerListener.v1", "grad_factor": 1.0,
            "pooling": {"@layers": "reduce_mean.v1"}, "upstream": "*"}}})
    lars = TEXT.index("Lars Nielsen")
    data = [("Borgmester Mette Hansen åbnede mødet i Greve.", [(11, 23, "PER"), (39, 44, "LOC")]),
            ("Udvalget hørte Lars Nielsen om sagen.", [(15, 27, "PER")]),
            (TEXT, [(11, 26, "ORG"), (lars, lars + 12, "PER")])]
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in data]
    optimizer = nlp.initialize(lambda: examples)
    optimizer.learn_rate = 0.01
    def learnt() -> bool:
        return all({(d[s:e], lab) for s, e, lab in ents} == {(x.text, x.label_) for x in nlp(d).ents}
                   for d, ents in data)

    for step in range(400):  # train until it tags its examples (a fixed count was flaky across machines)
        nlp.update(examples, sgd=optimizer, drop=0.0)
        if step >= 39 and step % 10 == 9 and learnt():
            break
    nlp.meta.update({"name": "dacy_small_trf", "version": "0.0.1"})
    nlp.to_disk(out)
    return out


@pytest.fixture(scope="module")
def dacy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``spacy package`` a tiny pipeline as da_dacy_small_trf and pip-install it into a tmp folder."""
    _needs_trf()
    if importlib.util.find_spec("pip") is None:
        pytest.skip("pip not available")
    from tiny_transformer import build_tiny_bert

    tmp = tmp_path_factory.mktemp("dacy")
    bert = build_tiny_bert(tmp / "tiny-bert", seed=1)
    model = _tiny_dacy(tmp / "pipeline", bert)
    shutil.rmtree(bert)
    dist = tmp / "dist"
    dist.mkdir()
    subprocess.run([sys.executable, "-m", "spacy", "package", str(model), str(dist), "--name", "dacy_small_trf",
                    "--version", "0.0.1", "--build", "sdist"], check=True, capture_output=True)
    sdist = next(dist.glob("*/dist/da_dacy_small_trf-0.0.1.tar.gz"))
    site = tmp / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
                    "--quiet", "--target", str(site), str(sdist)], check=True, capture_output=True)
    return site


@pytest.fixture()
def installed_dacy(dacy_site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(dacy_site))
    for name in [m for m in sys.modules if m.startswith("da_dacy_small_trf")]:
        monkeypatch.delitem(sys.modules, name)
    importlib.invalidate_caches()
    return dacy_site


@pytest.mark.slow
def test_load_base_dacy_small_from_installed_package(installed_dacy: Path, tmp_path: Path) -> None:
    import minutes_nlp

    assert importlib.util.find_spec("da_dacy_small_trf").origin.startswith(str(installed_dacy))
    base = bases.load_base("dacy:small")
    assert [(e.text, e.label_) for e in base("Udvalget hørte Lars Nielsen om sagen.").ents] == \
        [("Lars Nielsen", "PER")]

    nlp = minutes_nlp.load(base="dacy:small")
    for pipe in ("transformer", bases.BASE_NER, "minutes_base_persons", "minutes_entity_rules",
                 "minutes_decisions"):
        assert pipe in nlp.pipe_names
    assert nlp.pipe_names.index("minutes_base_persons") < nlp.pipe_names.index("minutes_entity_rules")
    assert nlp.meta["base"] == {"spec": "dacy:da_dacy_small_trf", "name": "dacy_small_trf", "version": "0.0.1"}

    plain = pipeline.load_with_base("dacy:small", gazetteer=False)
    result = minutes_nlp.extract(TEXT, nlp=plain)
    rules = minutes_nlp.extract(TEXT, nlp="rules")
    got = {(e.text, e.label) for e in result.entities}
    assert ("Lars Nielsen", "PERSON") in got - {(e.text, e.label) for e in rules.entities}
    assert {(e.text, e.label) for e in rules.entities} <= got
    assert {e.label for e in result.entities} <= set(ENTITY_LABELS)

    # the assembled pipeline saves and loads like any other (factories registered by minutes_nlp)
    plain.to_disk(tmp_path / "saved")
    again = minutes_nlp.extract(TEXT, nlp=minutes_nlp.load(tmp_path / "saved"))
    assert {(e.text, e.label) for e in again.entities} == got


def test_missing_dacy_package_says_how_to_install() -> None:
    _needs_trf()
    import minutes_nlp

    if importlib.util.find_spec("da_dacy_large_trf") is not None:
        pytest.skip("da_dacy_large_trf is installed")
    with pytest.raises(OSError) as info:
        minutes_nlp.load(base="dacy:large")
    message = str(info.value)
    assert "da_dacy_large_trf" in message and "not installed" in message and "pip install" in message


def test_base_without_transformer_is_refused(tmp_path: Path) -> None:
    _needs_trf()
    from minutes_nlp.pipeline import blank

    blank().to_disk(tmp_path / "rules")
    with pytest.raises(ValueError, match="no 'transformer'"):
        bases.load_base(f"trf:{tmp_path / 'rules'}")
