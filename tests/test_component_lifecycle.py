"""One lifecycle for every rule component (spaCy's SpanRuler shape): no rules before ``initialize``,
``initialize`` from ``[initialize.components.X]`` through the registered loader, bytes and disk round
trips that keep a changed rule, a missing saved file is an error, and ``nlp.evaluate`` scores."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

import pytest
import spacy
from spacy.tokens import Span
from spacy.training import Example

from minutes_nlp.errors import ComponentError
from minutes_nlp.labels import DECISIONS_KEY, ITEMS_KEY
from minutes_nlp.pipeline import register_components, blank

register_components()


def _headings(d: dict[str, Any]) -> None:
    d["toc_titles"].append("Oversigt over punkter")


def _header(d: dict[str, Any]) -> None:
    d["labels"]["attendees"].append("Tilmeldte")


def _decisions(d: dict[str, Any]) -> None:
    d["decision_cues"].insert(0, {"label": "Udsat", "weight": 0.9, "pattern": r"\bparkeret\b"})


def _votes(d: dict[str, Any]) -> None:
    d["groups"].append("en lille gruppe")


#: factory → (file name of the rules in resources/, the saved file in its folder, a change to the rules)
COMPONENTS: dict[str, tuple[str, str, Callable[[dict[str, Any]], None]]] = {
    "minutes_agenda_segmenter": ("headings.json", "headings.json", _headings),
    "minutes_header": ("header_rules.json", "header_rules.json", _header),
    "minutes_decisions": ("decision_rules.json", "rules.json", _decisions),
    "minutes_votes": ("vote_rules.json", "rules.json", _votes),
}


def _rounded(obj: Any) -> Any:
    """``obj`` with floats rounded: the segmenter and header read saved rules with srsly (ujson), as they
    always did, whose float parsing may differ from ``json`` in the last digit."""
    if isinstance(obj, float):
        return round(obj, 9)
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rounded(v) for v in obj]
    return obj


def _changed(factory: str) -> dict[str, Any]:
    name, _disk, change = COMPONENTS[factory]
    data = copy.deepcopy(spacy.registry.misc.get("minutes_nlp.rules.v1")(name=name))
    change(data)
    return data


@pytest.mark.parametrize("factory", sorted(COMPONENTS))
def test_no_rules_before_initialize(factory: str) -> None:
    nlp = spacy.blank("da")
    pipe = nlp.add_pipe(factory)
    assert not pipe.is_initialized
    with pytest.raises(ComponentError, match="nlp.initialize"):
        pipe.rules
    nlp.initialize()
    assert pipe.is_initialized


@pytest.mark.parametrize("factory", sorted(COMPONENTS))
def test_initialize_from_config_and_round_trips(factory: str, tmp_path: Path) -> None:
    changed = _changed(factory)
    rules_file = tmp_path / COMPONENTS[factory][0]
    rules_file.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    nlp = spacy.blank("da")
    nlp.add_pipe(factory)
    nlp.config["initialize"]["components"][factory] = {"rules": {"@misc": "minutes_nlp.rules.v1",
                                                                 "path": str(rules_file)}}
    nlp.initialize()
    assert nlp.get_pipe(factory).rules.data == changed
    # bytes
    fresh = spacy.blank("da").add_pipe(factory)
    assert fresh.from_bytes(nlp.get_pipe(factory).to_bytes()) is fresh
    assert fresh.rules.data == changed
    # disk, through a whole pipeline
    nlp.to_disk(tmp_path / "pipe")
    assert _rounded(spacy.load(tmp_path / "pipe").get_pipe(factory).rules.data) == _rounded(changed)
    # initialize clears and loads: back to the packaged rules
    nlp.get_pipe(factory).initialize()
    assert nlp.get_pipe(factory).rules.data != changed


@pytest.mark.parametrize("factory", sorted(COMPONENTS))
def test_missing_saved_file_is_an_error(factory: str, tmp_path: Path) -> None:
    nlp = spacy.blank("da")
    pipe = nlp.add_pipe(factory)
    nlp.initialize()
    pipe.to_disk(tmp_path / "c")
    (tmp_path / "c" / COMPONENTS[factory][1]).unlink()
    with pytest.raises(ComponentError, match="missing"):
        spacy.blank("da").add_pipe(factory).from_disk(tmp_path / "c")
    with pytest.raises(ComponentError, match="missing"):
        spacy.blank("da").add_pipe(factory).from_disk(tmp_path / "nowhere")


@pytest.mark.parametrize("factory", sorted(COMPONENTS))
def test_misspelt_key_in_initialize_is_named(factory: str) -> None:
    data = _changed(factory)
    key = next(k for k in data if not k.startswith("_") and k not in ("description", "version"))
    data[key + "x"] = data.pop(key)
    nlp = spacy.blank("da")
    pipe = nlp.add_pipe(factory)
    with pytest.raises(ValueError, match=f"'{key}x'"):
        pipe.initialize(rules=data)


def test_registered_loader_reads_packaged_rules_by_name() -> None:
    loader = spacy.registry.misc.get("minutes_nlp.rules.v1")
    assert "decision_cues" in loader(name="decision_rules.json")
    with pytest.raises(ComponentError, match="exactly one"):
        loader()


def test_entity_rules_from_config_and_missing_files(tmp_path: Path) -> None:
    committees = copy.deepcopy(spacy.registry.misc.get("minutes_nlp.rules.v1")(name="committees.json"))
    committees["names"].append("Skovrådet")
    path = tmp_path / "committees.json"
    path.write_text(json.dumps(committees, ensure_ascii=False), encoding="utf-8")
    nlp = spacy.blank("da", config={"nlp": {"tokenizer": {"@tokenizers": "minutes_nlp.Tokenizer.v1"}}})
    nlp.add_pipe("minutes_entity_rules")
    nlp.config["initialize"]["components"]["minutes_entity_rules"] = {
        "committee_rules": {"@misc": "minutes_nlp.rules.v1", "path": str(path)}}
    nlp.initialize()
    assert ("Skovrådet", "COMMITTEE") in [(e.text, e.label_) for e in nlp("Skovrådet mødtes.").ents]
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe("minutes_entity_rules").committee_rules == committees
    (tmp_path / "pipe" / "minutes_entity_rules" / "cfg.json").unlink()
    with pytest.raises(ComponentError, match="missing"):
        spacy.load(tmp_path / "pipe")


def test_evaluate_reports_items_and_decisions() -> None:
    nlp = blank()
    text = ("Referat\nØkonomiudvalget\nDato: 3. maj 2023\n\n1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n\n"
            "2. Budget 2024\nBeslutning\nUdsat.\n")
    pred = nlp(text)
    ref = nlp.make_doc(text)
    for key in (ITEMS_KEY, DECISIONS_KEY):
        ref.spans[key] = [Span(ref, s.start, s.end, label=s.label_) for s in pred.spans[key]]
    scores = nlp.evaluate([Example(nlp.make_doc(text), ref)])
    assert scores[f"spans_{ITEMS_KEY}_f"] == 1.0
    assert scores[f"spans_{DECISIONS_KEY}_f"] == 1.0
    assert set(scores[f"spans_{DECISIONS_KEY}_per_type"]) == {"Godkendt", "Udsat"}
    weights = nlp.config["training"]["score_weights"]
    assert weights[f"spans_{ITEMS_KEY}_f"] and weights[f"spans_{DECISIONS_KEY}_f"]


def test_decision_model_folder_without_cfg_is_an_error(tmp_path: Path) -> None:
    nlp = spacy.blank("da")
    pipe = nlp.add_pipe("minutes_decision_model", config={"rule_threshold": 0.7})
    pipe.to_disk(tmp_path / "m")
    assert spacy.blank("da").add_pipe("minutes_decision_model").from_disk(tmp_path / "m").rule_threshold == 0.7
    (tmp_path / "m" / "cfg.json").unlink()
    with pytest.raises(ComponentError, match="cfg.json"):
        spacy.blank("da").add_pipe("minutes_decision_model").from_disk(tmp_path / "m")
