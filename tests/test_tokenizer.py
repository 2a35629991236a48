"""The minutes tokenizer: abbreviations, amounts, dates, case numbers, URLs, serialisation, registry."""
from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
import spacy
from spacy.tokenizer import Tokenizer

from minutes_nlp.tokenizer import (
    TOKENIZER_NAME,
    blank_danish,
    create_minutes_tokenizer,
    minutes_exceptions,
    minutes_tokenizer,
)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return blank_danish()


def words(nlp: spacy.language.Language, text: str) -> list[str]:
    return [token.text for token in nlp.tokenizer(text)]


TABLE: list[tuple[str, list[str]]] = [
    # amounts
    ("223.530 kr.", ["223.530", "kr."]),
    ("1,2 mia. kr.", ["1,2", "mia.", "kr."]),
    ("45 t.kr.", ["45", "t.kr."]),
    ("45 tkr.", ["45", "tkr."]),
    ("kr. 500.000", ["kr.", "500.000"]),
    ("35 mio. kr. i 2024", ["35", "mio.", "kr.", "i", "2024"]),
    ("2,6 mio.kr.", ["2,6", "mio.", "kr."]),
    ("35-50 mio. kr.", ["35-50", "mio.", "kr."]),
    ("DKK 1.000.000", ["DKK", "1.000.000"]),
    ("12.500,50 kr. ekskl. moms", ["12.500,50", "kr.", "ekskl.", "moms"]),
    # a sentence-final "kr." stays one token: the abbreviation's dot ends the sentence too
    ("Prisen er 500 kr.", ["Prisen", "er", "500", "kr."]),
    # dates and times
    ("22.05.2023", ["22.05.2023"]),
    ("mødet 22.05.2023 kl. 09.30.", ["mødet", "22.05.2023", "kl.", "09.30", "."]),
    ("kl. 09.30", ["kl.", "09.30"]),
    ("kl.09.30", ["kl.", "09.30"]),
    ("Kl. 14.00-15.30", ["Kl.", "14.00-15.30"]),
    ("d. 15. februar 2024", ["d.", "15.", "februar", "2024"]),
    ("09-03-2021", ["09-03-2021"]),
    # case numbers: one token, punctuation around them split off
    ("00.01.10-P35-13-20", ["00.01.10-P35-13-20"]),
    ("SAG-2020-03136 hast", ["SAG-2020-03136", "hast"]),
    ("2023-035532", ["2023-035532"]),
    ("20/8545", ["20/8545"]),
    ("(EMN-2025-010561)", ["(", "EMN-2025-010561", ")"]),
    ("Sagsnr.: 2023-035532.", ["Sagsnr.", ":", "2023-035532", "."]),
    ("Sagsnr.:24.00.00-G01-4-20", ["Sagsnr.", ":", "24.00.00-G01-4-20"]),
    ("sagsnr. 21-014420,", ["sagsnr.", "21-014420", ","]),
    ("Sagen har nr. 20-010677K.", ["Sagen", "har", "nr.", "20-010677K", "."]),
    ("Dok.nr.: 330-2018-500301", ["Dok.nr.", ":", "330-2018-500301"]),
    ("J.nr. 15/34881;", ["J.nr.", "15/34881", ";"]),
    ("S2023-12345:", ["S2023-12345", ":"]),
    # abbreviations
    ("jf. § 8, stk. 3", ["jf.", "§", "8", ",", "stk.", "3"]),
    ("Jf. pkt. 3", ["Jf.", "pkt.", "3"]),
    ("bl.a. og f.eks. m.fl. o.l.", ["bl.a.", "og", "f.eks.", "m.fl.", "o.l."]),
    ("evt. ca. vedr. inkl. hhv. iht. mht. pga.", ["evt.", "ca.", "vedr.", "inkl.", "hhv.", "iht.", "mht.", "pga."]),
    ("Vedr. budget 2025-2028", ["Vedr.", "budget", "2025-2028"]),
    ("5 pct. pr. år", ["5", "pct.", "pr.", "år"]),
    ("mill. kr.", ["mill.", "kr."]),
    ("Lasse D. Olsen", ["Lasse", "D.", "Olsen"]),
    # URLs and e-mail keep working
    ("Se https://www.greve.dk/politik/dagsorden?id=3.", ["Se", "https://www.greve.dk/politik/dagsorden?id=3", "."]),
    ("www.aalborg.dk.", ["www.aalborg.dk", "."]),
    ("post@kommune.dk", ["post@kommune.dk"]),
    # look-alikes that the base rules already handle
    ("2023-2026", ["2023-2026"]),
    ("43 97 97 00", ["43", "97", "97", "00"]),
]


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_tokenisation(nlp: spacy.language.Language, text: str, expected: list[str]) -> None:
    assert words(nlp, text) == expected


def test_table_size() -> None:
    assert len(TABLE) >= 30


def test_plain_danish_tokenizer_differs_where_we_add_rules() -> None:
    base = spacy.blank("da")
    assert [t.text for t in base("45 t.kr.")] != ["45", "t.kr."]
    assert [t.text for t in base("Sagsnr.: 1")][0] != "Sagsnr."


def test_exceptions_data_file() -> None:
    data = json.loads(files("minutes_nlp").joinpath("resources", "tokenizer_exceptions.json").read_text("utf-8"))
    assert "t.kr." in data["abbreviations"] and "Sagsnr." in data["abbreviations"]
    rules = minutes_exceptions()
    for orth in data["abbreviations"]:
        assert orth.endswith(".")
        assert len(rules[orth]) == 1
    assert "Kl." in rules and "D." not in rules  # capitalised forms, but not of one-letter ones
    assert [piece[65] for piece in rules["mia.kr."]] == ["mia.", "kr."]  # 65 == spacy.attrs.ORTH


def test_norms(nlp: spacy.language.Language) -> None:
    doc = nlp("45 t.kr. kl. 9")
    assert doc[1].norm_ == "tusind kroner"
    assert doc[2].norm_ == "klokken"


def test_registry_and_config() -> None:
    assert spacy.registry.tokenizers.get(TOKENIZER_NAME) is create_minutes_tokenizer
    nlp = spacy.blank("da", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    assert [t.text for t in nlp("45 t.kr. og 00.01.10-P35-13-20.")] == [
        "45", "t.kr.", "og", "00.01.10-P35-13-20", ".",
    ]
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == TOKENIZER_NAME
    assert blank_danish().config["nlp"]["tokenizer"]["@tokenizers"] == TOKENIZER_NAME


def test_minutes_tokenizer_on_any_nlp() -> None:
    nlp = spacy.blank("da")
    nlp.tokenizer = minutes_tokenizer(nlp)
    assert [t.text for t in nlp("1,2 mia. kr.")] == ["1,2", "mia.", "kr."]


SAMPLE = (
    "Punkt 3. Anlægsbevilling, Sagsnr.: 2024-118205 (jf. SAG-2021-04417 hlth). Byrådet bevilger "
    "2,6 mio. kr. og 45 t.kr. pr. år fra d. 22.05.2023 kl. 09.30, se https://www.greve.dk/x?id=1."
)


def test_bytes_round_trip(nlp: spacy.language.Language) -> None:
    data = nlp.tokenizer.to_bytes()
    fresh = Tokenizer(spacy.blank("da").vocab).from_bytes(data)
    assert [t.text for t in fresh(SAMPLE)] == words(nlp, SAMPLE)
    assert "2024-118205" in [t.text for t in fresh(SAMPLE)]


def test_disk_round_trip(nlp: spacy.language.Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.config["nlp"]["tokenizer"]["@tokenizers"] == TOKENIZER_NAME
    assert [t.text for t in loaded(SAMPLE)] == words(nlp, SAMPLE)


def test_case_numbers_from_recogniser_table_stay_whole(nlp: spacy.language.Language) -> None:
    from minutes_nlp.normalize.case_numbers import parse_case_number

    for value in ["00.01.00-P35-130-15", "82.02.00-P19-1-22", "13.05.00-K08", "GEO-2021-0123",
                  "330-2018-3619", "22-108842K", "2019-07731", "15/34881"]:
        assert parse_case_number(value) is not None
        assert words(nlp, f"Sag {value}, godkendt.") == ["Sag", value, ",", "godkendt", "."]


def test_empty_and_whitespace(nlp: spacy.language.Language) -> None:
    assert len(nlp("")) == 0
    assert [t.text for t in nlp("  \n ")] == ["  \n "]


def test_shipped_pipeline_rebuilds_its_tokenizer_from_code_with_the_same_tokens() -> None:
    """Start-up reads the saved tokenizer only when the config names another one: ours is rebuilt
    from the packaged exceptions, and it must cut exactly as the saved copy does."""
    from minutes_nlp.pipeline import default_model_path, load
    from minutes_nlp.tokenizer import tokenizer_from_code

    path = default_model_path()
    if path is None:
        pytest.skip("no shipped pipeline")
    assert tokenizer_from_code(path) and not tokenizer_from_code(Path(path) / "missing")
    fast = load()  # registers the components, then loads through tokenizer.load_pipeline
    saved = spacy.load(path)
    text = ("Pkt. 3 Sagsnr.:2023-035532 jf. bilag, kl. 17.00 bevilges 1,5 mio. kr. ekskl. moms; Ø, V og C "
            "stemte for, dvs. 17. Vedr. pkt. 4 m.v. henvises til KB's beslutning af 3.5.2021.")
    assert [t.text for t in fast.tokenizer(text)] == [t.text for t in saved.tokenizer(text)]
    inner = fast.get_pipe("minutes_decision_model").model_nlp
    assert inner is not None and [t.text for t in inner.tokenizer(text)] == [t.text for t in fast.tokenizer(text)]
