"""The rule contract: every rule file loads through its model, and a misspelt key is a clear error."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from minutes_nlp.errors import MinutesNLPError, RuleFileError
from minutes_nlp.rule_models import RULE_FILES, month_words, top_body_names
from minutes_nlp.rules_contract import DIGESTS, checked_digests, digest, load, read, validate

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "src" / "minutes_nlp" / "resources"
MODEL = ROOT / "models" / "minutes_da"


def test_every_resource_file_has_a_model() -> None:
    on_disk = {p.name for p in RESOURCES.glob("*.json")} - {DIGESTS}
    assert on_disk == set(RULE_FILES)


def test_digest_list_is_current_and_every_packaged_regex_compiles() -> None:
    """The list of checked rule files names exactly today's files, each checked in full (every regex
    compiled) by ``current_digests``; a stale list fails here, not at a user's start-up."""
    from minutes_nlp.tools.rule_digests import current_digests

    listed = json.loads((RESOURCES / DIGESTS).read_text(encoding="utf-8"))["digests"]
    assert listed == current_digests(), "run: python -m minutes_nlp.tools.rule_digests"


def test_a_file_not_on_the_digest_list_gets_its_regexes_compiled() -> None:
    """Only contents on the list skip the compile: a bad regex in an edited file is an error naming it."""
    data = copy.deepcopy(load("vote_rules.json", RULE_FILES["vote_rules.json"]).data)
    assert digest(data) in checked_digests()
    data["conflicts"] = [*data["conflicts"], "inhabil(("]
    assert digest(data) not in checked_digests()
    with pytest.raises(RuleFileError, match="conflicts.*does not compile"):
        validate(data, RULE_FILES["vote_rules.json"], "vote_rules.json")


@pytest.mark.parametrize("name", sorted(RULE_FILES))
def test_packaged_file_validates(name: str) -> None:
    obj = load(name, RULE_FILES[name])
    assert obj.data == json.loads((RESOURCES / name).read_text(encoding="utf-8"))
    assert load(name, RULE_FILES[name]) is obj  # cached


@pytest.mark.parametrize("name", sorted(RULE_FILES))
def test_misspelt_key_names_file_and_key(name: str) -> None:
    data = copy.deepcopy(load(name, RULE_FILES[name]).data)
    key = next(k for k in data if not k.startswith("_") and k not in ("description", "version"))
    data[key + "s"] = data.pop(key)
    with pytest.raises(RuleFileError) as err:
        validate(data, RULE_FILES[name], name)
    message = str(err.value)
    assert message.startswith(f"{name}:") and repr(key + "s") in message and "unknown key" in message
    assert isinstance(err.value, ValueError) and isinstance(err.value, MinutesNLPError)


def test_bad_regex_and_type_are_named() -> None:
    data = copy.deepcopy(load("pdf_rules.json", RULE_FILES["pdf_rules.json"]).data)
    data["page_number"] = "(unclosed"
    data["gap_spaces"] = "four"
    with pytest.raises(RuleFileError, match=r"'page_number': Value error, regex does not compile.*'gap_spaces'"):
        validate(data, RULE_FILES["pdf_rules.json"], "pdf_rules.json")


def test_nested_key_is_named() -> None:
    data = copy.deepcopy(load("vote_rules.json", RULE_FILES["vote_rules.json"]).data)
    data["cues"][0]["optoin"] = data["cues"][0].pop("option")
    with pytest.raises(RuleFileError, match=r"'cues\.0\.optoin': unknown key \(did you mean 'option'\?\)"):
        validate(data, RULE_FILES["vote_rules.json"], "vote_rules.json")


def test_read_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="missing.json"):
        read(tmp_path / "missing.json", RULE_FILES["pdf_rules.json"])
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(RuleFileError, match="bad.json: not JSON"):
        read(bad, RULE_FILES["pdf_rules.json"])


@pytest.mark.parametrize("path, name", [
    ("minutes_agenda_segmenter/headings.json", "headings.json"),
    ("minutes_decisions/rules.json", "decision_rules.json"),
    ("minutes_votes/rules.json", "vote_rules.json"),
    ("minutes_header/header_rules.json", "header_rules.json"),
])
def test_shipped_model_rule_files_validate(path: str, name: str) -> None:
    if not (MODEL / path).exists():
        pytest.skip("no shipped model")
    read(MODEL / path, RULE_FILES[name])


def test_shipped_entity_rules_validate() -> None:
    cfg_path = MODEL / "minutes_entity_rules" / "cfg.json"
    if not cfg_path.exists():
        pytest.skip("no shipped model")
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    validate(cfg["committee_rules"], RULE_FILES["committees.json"], "committee_rules")
    validate(cfg["person_rules"], RULE_FILES["person_rules.json"], "person_rules")


def test_shipped_headings_copy_is_identical() -> None:
    copy_path = MODEL / "minutes_agenda_segmenter" / "headings.json"
    if not copy_path.exists():
        pytest.skip("no shipped model")
    assert copy_path.read_bytes() == (RESOURCES / "headings.json").read_bytes()


def test_shared_facts_have_one_home() -> None:
    months = month_words().months
    assert set(months.values()) == set(range(1, 13))
    assert "byråd" in top_body_names()
    header = load("header_rules.json", RULE_FILES["header_rules.json"])
    assert header.regions is None  # the regions live in committees.json
    assert header.weekdays is None  # the weekday names live in months.json


def test_components_reject_misspelt_keys() -> None:
    from minutes_nlp.components.decision_rules import DecisionRules
    from minutes_nlp.components.header.rules import load_rules as header_rules
    from minutes_nlp.segmentation import RulesError, rules_from_dict

    data = copy.deepcopy(load("headings.json", RULE_FILES["headings.json"]).data)
    data["toc_lines"] = data.pop("toc_line")
    with pytest.raises(RulesError, match="'toc_lines': unknown key"):
        rules_from_dict(data)
    data = copy.deepcopy(load("decision_rules.json", RULE_FILES["decision_rules.json"]).data)
    data["decision_cues"][0]["lable"] = data["decision_cues"][0].pop("label")
    with pytest.raises(ValueError, match="lable"):
        DecisionRules.from_dict(data)
    data = copy.deepcopy(load("header_rules.json", RULE_FILES["header_rules.json"]).data)
    data["lables"] = data.pop("labels")
    with pytest.raises(ValueError, match="lables"):
        header_rules(data)


def test_top_bodies_are_written_once_and_expanded_in_patterns() -> None:
    import re

    from minutes_nlp.rule_models import expand_top_body

    rx = re.compile(expand_top_body(r"\b{top_body}\s+godkendte\b"), re.IGNORECASE)
    for body in ("Byrådet", "Kommunalbestyrelsen", "Regionsrådet", "Borgerrepræsentationen"):
        assert rx.search(f"{body} godkendte indstillingen"), body
    assert not rx.search("Byrådsmedlemmet godkendte")
    assert {s for s in top_body_names()} == {"byråd", "kommunalbestyrelse", "regionsråd", "borgerrepræsentation"}
    for name in ("decision_rules.json", "cases.json"):  # no rule file spells the list out again
        text = (RESOURCES / name).read_text(encoding="utf-8")
        assert "byrådet|kommunalbestyrelsen" not in text and "{top_body}" in text


def test_case_rules_roles_read_the_one_top_body_list() -> None:
    from minutes_nlp.cases import load_rules

    rules = load_rules()
    assert rules.role_of("regionsrådet") == "top" and rules.role_of("økonomiudvalget") == "finance"
    assert rules.role_of("børne- og skoleudvalget") == "committee"


def test_party_marks_come_from_the_one_party_table() -> None:
    from minutes_nlp.rule_models import party_marks

    marks = party_marks()
    assert {"A", "V", "Ø", "S", "SF", "DF"} <= marks
    persons = json.loads((RESOURCES / "person_rules.json").read_text(encoding="utf-8"))
    assert not set(persons["party_marks"]) & marks  # only what the party table lacks
