"""Tests of the rule-based entity component (ANNOTATION.md §3). All sentences are written for these
tests; names, amounts and numbers are invented."""
from __future__ import annotations

import glob
import json
import os
from importlib import resources
from pathlib import Path
from typing import Callable

import pytest
import spacy
from spacy.language import Language
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span

from minutes_nlp.components import entity_rules
from minutes_nlp.components.entity_rules import (
    FACTORY,
    canonical_committee_name,
    load_pattern_files,
    person_details,
)
from minutes_nlp.labels import ENTITY_LABELS, HEADER_KEY


def _blank() -> Language:
    try:
        from minutes_nlp.tokenizer import blank_danish
    except ImportError:  # the minutes tokenizer is optional for these rules
        return spacy.blank("da")
    return blank_danish()


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = _blank()
    pipeline.add_pipe(FACTORY)
    pipeline.initialize()
    return pipeline


def ents(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


def has_case_finder() -> bool:
    return entity_rules._case_number_finder() is not None


# --- yes/no tables per label ---------------------------------------------------------------------
YES = [
    # COMMITTEE
    ("Sagen sendes videre til Økonomiudvalget i næste uge.", "Økonomiudvalget", "COMMITTEE"),
    ("Forslaget behandles af Odense Byråd i juni.", "Odense Byråd", "COMMITTEE"),
    ("Sagen går derefter videre til byrådet.", "byrådet", "COMMITTEE"),
    ("Byrådet vedtog budgettet uden ændringer.", "Byrådet", "COMMITTEE"),
    ("Kommunalbestyrelsen holder ekstraordinært møde.", "Kommunalbestyrelsen", "COMMITTEE"),
    ("Magistraten har drøftet planen.", "Magistraten", "COMMITTEE"),
    ("Borgerrepræsentationen skal godkende aftalen.", "Borgerrepræsentationen", "COMMITTEE"),
    ("Sagen forelægges Erhvervs- og Beskæftigelsesudvalget.", "Erhvervs- og Beskæftigelsesudvalget", "COMMITTEE"),
    ("Job- og Velfærdsudvalget anbefaler forslaget.", "Job- og Velfærdsudvalget", "COMMITTEE"),
    ("Mødet i KKR Nordjylland blev flyttet.", "KKR Nordjylland", "COMMITTEE"),
    ("Regionsrådet tiltrådte aftalen.", "Regionsrådet", "COMMITTEE"),
    ("Integrationsrådet har sendt et høringssvar.", "Integrationsrådet", "COMMITTEE"),
    ("Handicaprådet ønsker at blive hørt tidligere.", "Handicaprådet", "COMMITTEE"),
    ("Uddannelsesrådet mødes fire gange om året.", "Uddannelsesrådet", "COMMITTEE"),
    ("Ungebyrådet har foreslået en ny skatepark.", "Ungebyrådet", "COMMITTEE"),
    ("Det lokale beskæftigelsesråd er orienteret.", "Det lokale beskæftigelsesråd", "COMMITTEE"),
    ("Folkeoplysningsudvalget fordeler tilskuddene.", "Folkeoplysningsudvalget", "COMMITTEE"),
    ("ØU behandler sagen på næste møde.", "ØU", "COMMITTEE"),
    ("Efter Økonomiudvalgets møde blev planen justeret.", "Økonomiudvalgets", "COMMITTEE"),
    ("Sagen sendes til Kultur-, Fritids- og Idrætsudvalget.", "Kultur-, Fritids- og Idrætsudvalget", "COMMITTEE"),
    ("REFERAT\nKKR NORDJYLLAND\nMødet holdes virtuelt.", "KKR NORDJYLLAND", "COMMITTEE"),
    ("Social- og Sundhedsudvalget godkendte sagen.", "Social- og Sundhedsudvalget", "COMMITTEE"),
    ("Klima- og miljøudvalget tog sagen til efterretning.", "Klima- og miljøudvalget", "COMMITTEE"),
    # PERSON
    ("Indledningsvis orienterede borgmester Hanne Kvist-Madsen om sagen.", "Hanne Kvist-Madsen", "PERSON"),
    ("Rådmand Ole P. K. Brandt svarede på spørgsmålene.", "Ole P. K. Brandt", "PERSON"),
    ("Oplægget blev holdt af direktør Signe Holmgaard.", "Signe Holmgaard", "PERSON"),
    ("Desuden deltog centerchef Bo Lykke Damsgaard i mødet.", "Bo Lykke Damsgaard", "PERSON"),
    ("Karin Vestbjerg (V) stillede et ændringsforslag.", "Karin Vestbjerg", "PERSON"),
    ("Mødedeltagere: Mikkel Fogh (erhvervschef), Tina Ravn (A)", "Mikkel Fogh", "PERSON"),
    ("Mødedeltagere: Mikkel Fogh (erhvervschef), Tina Ravn (A)", "Tina Ravn", "PERSON"),
    ("Fraværende: Lis Toftegaard, Anders Bakholm", "Lis Toftegaard", "PERSON"),
    ("Fraværende: Lis Toftegaard, Anders Bakholm", "Anders Bakholm", "PERSON"),
    ("Beslutning:\nGodkendt.\nPeter Kjærsgaard og Lene Raskmose var fraværende.", "Peter Kjærsgaard", "PERSON"),
    ("Beslutning:\nGodkendt.\nPeter Kjærsgaard og Lene Raskmose var fraværende.", "Lene Raskmose", "PERSON"),
    ("Oplæg ved Jonas Tørnvig, direktør i Erhvervshuset. Bagefter takkede Jonas Tørnvig for ordet.",
     "Jonas Tørnvig", "PERSON"),
    # AMOUNT
    ("Tilskuddet udgør 187.450 kr. i alt.", "187.450 kr.", "AMOUNT"),
    ("Der er afsat 42 mio. kr. til projektet.", "42 mio. kr.", "AMOUNT"),
    ("Anlægget koster 1,8 mia. kr. over ti år.", "1,8 mia. kr.", "AMOUNT"),
    ("Bevillingen er på kr. 650.000 til drift.", "kr. 650.000", "AMOUNT"),
    ("Foreningen søger 350.000 kroner til nyt tag.", "350.000 kroner", "AMOUNT"),
    ("Merudgiften er 3,4 mio. kr. årligt.", "3,4 mio. kr.", "AMOUNT"),
    ("Der overføres 900.000 kr. fra puljen.", "900.000 kr.", "AMOUNT"),
    ("Driftsudgiften er beregnet til 65 t.kr. pr. år.", "65 t.kr.", "AMOUNT"),
    ("Kontrakten lyder på DKK 2.500.000 ekskl. moms.", "DKK 2.500.000", "AMOUNT"),
    ("EU bidrager med 4 mio. euro til indsatsen.", "4 mio. euro", "AMOUNT"),
    ("Prisen skønnes at blive 20-30 mio. kr. samlet.", "20-30 mio. kr.", "AMOUNT"),
    ("Lejen er fastsat til kr. 12.000,- om måneden.", "kr. 12.000,-", "AMOUNT"),
    # DATE
    ("Mødet den 14.06.2024 blev aflyst.", "14.06.2024", "DATE"),
    ("Høringen slutter 12. juni 2024.", "12. juni 2024", "DATE"),
    ("Aftalen blev indgået 4. februar 2022 i Vejle.", "4. februar 2022", "DATE"),
    ("Ansøgningen kom den 11-04-2022 med posten.", "11-04-2022", "DATE"),
    ("Loven trådte i kraft 1. januar i år.", "1. januar", "DATE"),
    ("Svarfristen er d. 17. marts.", "17. marts", "DATE"),
    ("Mødedato Onsdag 26. april 2023 kl. 15.00", "26. april 2023", "DATE"),
    ("Mødedato Torsdag d. 05. oktober 2023 kl. 10:00", "05. oktober 2023", "DATE"),
    ("Beslutningen blev truffet 30. november 2021.", "30. november 2021", "DATE"),
    # CASE_NUMBER (needs minutes_nlp.normalize.case_numbers)
    ("Sagsnr.: 2024-017734\nSagen handler om veje.", "2024-017734", "CASE_NUMBER"),
    ("Sagsnr. 00.01.00-A00-27-23\nResumé", "00.01.00-A00-27-23", "CASE_NUMBER"),
    ("Sag: SAG-2021-04417 kbh\nIndstilling", "SAG-2021-04417", "CASE_NUMBER"),
    ("J.nr.: 22/6190\nBilag", "22/6190", "CASE_NUMBER"),
]

NO = [
    # COMMITTEE
    ("Økonomi og Erhverv fremsender sagen.", "Økonomi og Erhverv", "COMMITTEE"),
    ("Center for Arbejdsmarked har ansvaret for indsatsen.", "Center for Arbejdsmarked", "COMMITTEE"),
    ("Familie- og Beskæftigelsesforvaltningen indstiller sagen.", "Familie- og Beskæftigelsesforvaltningen", "COMMITTEE"),
    ("By- og Landskabsforvaltningen har udarbejdet planen.", "By- og Landskabsforvaltningen", "COMMITTEE"),
    ("Direktørgruppen drøftede oplægget.", "Direktørgruppen", "COMMITTEE"),
    ("KL har udsendt en ny vejledning.", "KL", "COMMITTEE"),
    ("Region Midtjylland og Østjyllands Politi samarbejder.", "Region Midtjylland", "COMMITTEE"),
    ("Vejle Kommune har modtaget ansøgningen.", "Vejle Kommune", "COMMITTEE"),
    ("Udvalget godkendte indstillingen.", "Udvalget", "COMMITTEE"),
    ("Sagen behandles i udvalget og sendes til fagudvalgene.", "fagudvalgene", "COMMITTEE"),
    ("Sagen drøftes på næste udvalgsmøde.", "udvalgsmøde", "COMMITTEE"),
    ("Hver udvalgsformand får en kopi.", "udvalgsformand", "COMMITTEE"),
    ("Et byrådsmedlem spurgte til økonomien.", "byrådsmedlem", "COMMITTEE"),
    ("Mødet holdes i byrådssalen.", "byrådssalen", "COMMITTEE"),
    ("Indsatsområdet er nyt i år.", "Indsatsområdet", "COMMITTEE"),
    ("Børne- og ungeområdet får flere midler.", "Børne- og ungeområdet", "COMMITTEE"),
    # PERSON
    ("Mødet holdes på H.C. Andersens Boulevard 12.", "H.C. Andersens Boulevard", "PERSON"),
    ("Mødet holdes på H.C. Andersens Boulevard 12.", "Andersens Boulevard", "PERSON"),
    ("Notatet er udarbejdet af /KIRHOL.", "KIRHOL", "PERSON"),
    ("Derefter Gik Sagen videre.", "Derefter Gik Sagen", "PERSON"),
    ("Radikale Venstre (B) stemte imod forslaget.", "Radikale Venstre", "PERSON"),
    ("Indstillingen fra direktør for Teknik og Miljø blev godkendt.", "Teknik", "PERSON"),
    ("Fraværende: Dansk Folkeparti", "Dansk Folkeparti", "PERSON"),
    # AMOUNT
    ("Ledigheden faldt med 5 % i perioden.", "5", "AMOUNT"),
    ("I alt 120 borgere deltog.", "120", "AMOUNT"),
    ("Planen gælder fra 2023 og frem.", "2023", "AMOUNT"),
    ("Se side 14 i bilaget.", "14", "AMOUNT"),
    ("Budget (1.000 kr.)\nDrift 450", "1.000 kr.", "AMOUNT"),
    ("Enhedsprisen er 45 pr. stk.", "45", "AMOUNT"),
    # DATE
    ("Arbejdet starter i august 2023.", "august 2023", "DATE"),
    ("Regnskabet for i 2022 er afsluttet.", "2022", "DATE"),
    ("Evalueringen sker i efteråret 2021.", "efteråret 2021", "DATE"),
    ("Byggeriet går i gang primo august.", "primo august", "DATE"),
    ("Strategien gælder for 2023-2026.", "2023-2026", "DATE"),
    ("Sagsnr.: 2024-017734\nSagen handler om veje.", "2024-017734", "DATE"),
    # CASE_NUMBER
    ("Dok.nr.: 330-2019-412277\nBilag 2", "330-2019-412277", "CASE_NUMBER"),
    ("Sag nr. 74 Godkendelse af dagsorden", "74", "CASE_NUMBER"),
    ("Ring på tlf. 72 36 11 40 for spørgsmål.", "72 36 11 40", "CASE_NUMBER"),
    ("Jf. § 8, stk. 3 i loven.", "8", "CASE_NUMBER"),
]


#: Spans that must not be produced because they are not minimal (the minimal span is in YES).
NOT_MINIMAL = [
    ("Karin Vestbjerg (V) stillede et ændringsforslag.", "Karin Vestbjerg (V)", "PERSON"),
    ("Indledningsvis orienterede borgmester Hanne Kvist-Madsen om sagen.", "borgmester Hanne Kvist-Madsen", "PERSON"),
    ("Mødedato Onsdag 26. april 2023 kl. 15.00", "Onsdag 26. april 2023", "DATE"),
    ("Svarfristen er d. 17. marts.", "d. 17. marts", "DATE"),
    ("Sag: SAG-2021-04417 kbh\nIndstilling", "SAG-2021-04417 kbh", "CASE_NUMBER"),
    ("Lejen er fastsat til kr. 12.000,- om måneden.", "kr. 12.000,- om", "AMOUNT"),
]


@pytest.mark.parametrize("text,span,label", YES)
def test_yes(nlp: Language, text: str, span: str, label: str) -> None:
    if label == "CASE_NUMBER" and not has_case_finder():
        pytest.skip("minutes_nlp.normalize.case_numbers not available")
    assert (span, label) in ents(nlp, text)


@pytest.mark.parametrize("text,span,label", NO)
def test_no(nlp: Language, text: str, span: str, label: str) -> None:
    start = text.index(span)
    overlapping = [e.text for e in nlp(text).ents if e.label_ == label and e.start_char < start + len(span)
                   and e.end_char > start]
    assert overlapping == []


@pytest.mark.parametrize("text,span,label", NOT_MINIMAL)
def test_not_minimal(nlp: Language, text: str, span: str, label: str) -> None:
    assert (span, label) not in ents(nlp, text)


def test_no_entities_in_plain_sentence(nlp: Language) -> None:
    assert ents(nlp, "Derefter gik udvalget videre til næste punkt på dagsordenen.") == []


def test_offsets_hold(nlp: Language) -> None:
    text = "Sagsnr.: 2024-017734\nØkonomiudvalget bevilgede 42 mio. kr. den 12. juni 2024 til borgmester Hanne Kvist."
    doc = nlp(text)
    assert {e.label_ for e in doc.ents} >= {"COMMITTEE", "AMOUNT", "DATE", "PERSON"}
    for ent in doc.ents:
        assert text[ent.start_char:ent.end_char] == ent.text


# --- participants from the header ----------------------------------------------------------------
def _with_header(nlp: Language, text: str, names: list[tuple[str, str]]) -> Doc:
    doc = nlp.make_doc(text)
    spans = []
    for name, label in names:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label=label)
        assert span is not None
        spans.append(span)
    doc.spans[HEADER_KEY] = spans
    return doc


def test_header_names_found_again_and_surnames(nlp: Language) -> None:
    text = ("Til stede: Arne Bøgelund, Sofie Lind Kragh\nAfbud: Niels Ottosen\n\n"
            "Punkt 1\nBøgelund orienterede om sagen. Niels Ottosen havde sendt et notat, og Kragh spurgte ind.")
    doc = _with_header(nlp, text, [("Arne Bøgelund", "ATTENDEE"), ("Sofie Lind Kragh", "ATTENDEE"),
                                   ("Niels Ottosen", "ABSENT")])
    found = [(e.text, e.label_, e.start_char) for e in nlp.get_pipe(FACTORY)(doc).ents]
    texts = [t for t, label, _ in found if label == "PERSON"]
    assert texts.count("Niels Ottosen") == 2
    assert "Bøgelund" in texts and "Kragh" in texts and "Arne Bøgelund" in texts


def test_ambiguous_or_common_surnames_are_not_tagged(nlp: Language) -> None:
    text = ("Til stede: Jens Bak, Mette Bak, Lone Storm\n\nPunkt 1\nBak orienterede. "
            "En storm ødelagde taget. Storm spurgte til sagen.")
    doc = _with_header(nlp, text, [("Jens Bak", "ATTENDEE"), ("Mette Bak", "ATTENDEE"), ("Lone Storm", "ATTENDEE")])
    persons = [e.text for e in nlp.get_pipe(FACTORY)(doc).ents if e.label_ == "PERSON"]
    assert sorted(persons) == ["Jens Bak", "Lone Storm", "Mette Bak"]


def test_person_details() -> None:
    nlp = _blank()
    doc = nlp("Karin Vestbjerg (V) og borgmester Hanne Kvist samt Mikkel Fogh (erhvervschef)")
    assert person_details(doc[0:2]) == ("V", None)
    assert person_details(doc[7:9]) == (None, "borgmester")
    assert person_details(doc[10:12]) == (None, "erhvervschef")


# --- merging with doc.ents -----------------------------------------------------------------------
def test_rule_spans_win_over_preset_ents() -> None:
    nlp = _blank()
    rules = nlp.add_pipe(FACTORY)
    nlp.initialize()
    text = "Vejle Kommune bevilger 42 mio. kr. til Økonomiudvalget."
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, 0, 2, label="ORG"), Span(doc, 2, 5, label="PERSON")]  # overlaps the amount
    doc = rules(doc)
    found = [(e.text, e.label_) for e in doc.ents]
    assert ("Vejle Kommune", "ORG") in found
    assert ("42 mio. kr.", "AMOUNT") in found
    assert not [e for e in doc.ents if e.label_ == "PERSON"]


def test_preset_ents_win_without_overwrite() -> None:
    nlp = _blank()
    rules = nlp.add_pipe(FACTORY, config={"overwrite_ents": False})
    nlp.initialize()
    doc = nlp.make_doc("Der afsættes 42 mio. kr. til Økonomiudvalget.")
    doc.ents = [Span(doc, 1, 3, label="MISC")]
    found = [(e.text, e.label_) for e in rules(doc).ents]
    assert found == [("afsættes 42", "MISC"), ("Økonomiudvalget", "COMMITTEE")]


def test_no_rules_without_initialize() -> None:
    from minutes_nlp.errors import ComponentError

    nlp = _blank()
    nlp.add_pipe(FACTORY)
    with pytest.raises(ComponentError, match="nlp.initialize"):
        ents(nlp, "Byrådet godkendte sagen.")
    nlp.initialize()
    assert ("Byrådet", "COMMITTEE") in ents(nlp, "Byrådet godkendte sagen.")


def test_empty_and_odd_input(nlp: Language) -> None:
    assert ents(nlp, "") == []
    assert ents(nlp, "   \n\n\t ") == []
    assert ents(nlp, "(((( ,,,, kr. kr. mio. ))))") == []


# --- serialisation -------------------------------------------------------------------------------
TEXT = "Økonomiudvalget bevilgede 42 mio. kr. den 12. juni 2024. Karin Vestbjerg (V) stemte imod."
EXPECTED = [("Økonomiudvalget", "COMMITTEE"), ("42 mio. kr.", "AMOUNT"), ("12. juni 2024", "DATE"),
            ("Karin Vestbjerg", "PERSON")]


def test_bytes_round_trip(nlp: Language) -> None:
    nlp2 = _blank()
    nlp2.add_pipe(FACTORY, config={"overwrite_ents": False})
    nlp2.from_bytes(nlp.to_bytes())
    assert ents(nlp2, TEXT) == EXPECTED
    assert nlp2.get_pipe(FACTORY).overwrite_ents is True


def test_disk_round_trip_is_self_contained(nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / FACTORY / "ruler" / "patterns").exists()

    def unavailable(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a saved pipeline must not read the packaged rules")

    monkeypatch.setattr(entity_rules, "load_pattern_files", unavailable)
    monkeypatch.setattr(entity_rules, "load_rules", unavailable)
    loaded = spacy.load(tmp_path / "model")
    assert ents(loaded, TEXT) == EXPECTED


# --- pattern files and rule data -----------------------------------------------------------------
def _pattern_files() -> list:
    folder = resources.files("minutes_nlp.resources").joinpath("patterns")
    return [p for p in folder.iterdir() if p.name.endswith(".jsonl")]


def test_pattern_files_are_valid() -> None:
    files = _pattern_files()
    assert {p.name for p in files} >= {"AMOUNT.jsonl", "DATE.jsonl", "PERSON.jsonl", "COMMITTEE.jsonl"}
    for path in files:
        lines = [line for line in path.read_text(encoding="utf8").splitlines() if line.strip()]
        assert lines, path.name
        for number, line in enumerate(lines, 1):
            entry = json.loads(line)
            assert set(entry) <= {"label", "pattern", "id"}, (path.name, number)
            assert entry["label"] in ENTITY_LABELS and path.name == f"{entry['label']}.jsonl", (path.name, number)
            assert isinstance(entry["pattern"], list) and entry["pattern"], (path.name, number)
            assert validate_token_pattern(entry["pattern"]) == [], (path.name, number)
    ruler = spacy.blank("da").add_pipe("span_ruler", config={"validate": True})
    ruler.add_patterns(load_pattern_files())  # raises on an invalid pattern


def test_rule_files_have_expected_keys() -> None:
    committees = entity_rules.load_rules("committees.json")
    persons = entity_rules.load_rules("person_rules.json")
    assert {"names", "suffixes", "exclude_words", "exclude_suffixes", "abbreviations", "regions"} <= set(committees)
    assert {"roles", "party_marks", "absence_heads", "absence_tails", "stopwords"} <= set(persons)
    for word in ("udvalget", "fagudvalgene", "udvalgsformand", "byrådsmedlem", "byrådssalen", "direktørgruppen", "kl"):
        assert word in committees["exclude_words"]
    assert all(w == w.lower() for w in persons["roles"] + persons["stopwords"])


@pytest.mark.parametrize("text,name", [
    ("Økonomiudvalgets", "Økonomiudvalget"),
    ("byrådet", "Byrådet"),
    ("KKR NORDJYLLAND", "KKR Nordjylland"),
    ("KKR Nordjyllands", "KKR Nordjylland"),
    ("Odense  Byråds", "Odense Byråd"),
    ("Erhvervs- og\nBeskæftigelsesudvalget", "Erhvervs- og Beskæftigelsesudvalget"),
    ("KULTUR- OG FRITIDSUDVALGET", "Kultur- og Fritidsudvalget"),
    ("ØU's", "ØU"),
    ("det lokale beskæftigelsesråd", "Det lokale beskæftigelsesråd"),
    ("", ""),
])
def test_canonical_committee_name(text: str, name: str) -> None:
    assert canonical_committee_name(text) == name


def test_canonical_committee_name_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        canonical_committee_name(None)  # type: ignore[arg-type]


# --- real minutes (read only; skipped when the data is absent) -----------------------------------
def _data_dir() -> Path:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return Path(os.environ.get("MINUTES_NLP_DATA", default))


@pytest.mark.data
def test_seed_minutes(nlp: Language) -> None:
    paths = sorted(glob.glob(str(_data_dir() / "minutes" / "seeds" / "00[0-3]_*.txt")))
    if not paths:
        pytest.skip("seed minutes not available")
    labels: set[str] = set()
    for path in paths:
        text = Path(path).read_text(encoding="utf8")
        doc = nlp(text)
        for ent in doc.ents:
            assert text[ent.start_char:ent.end_char] == ent.text
            assert ent.text == ent.text.strip()
            if ent.label_ == "COMMITTEE":
                assert ent.text.lower() not in ("udvalget", "kl", "direktørgruppen")
        labels |= {e.label_ for e in doc.ents}
    expected = set(ENTITY_LABELS) if has_case_finder() else set(ENTITY_LABELS) - {"CASE_NUMBER"}
    assert labels >= expected


def test_model_spans_are_vetted_by_shape() -> None:
    nlp = _blank()
    rules = nlp.add_pipe(FACTORY)
    nlp.initialize()
    text = "Mødet i Strandparken Hallen blev ledet af Karen Holm Berg, og Teknisk Forvaltning deltog den 3. maj 2024."
    doc = nlp.make_doc(text)
    def span(s: str, label: str) -> Span:
        start = text.index(s)
        return doc.char_span(start, start + len(s), label=label)
    doc.ents = [span("Strandparken Hallen", "PERSON"), span("Karen Holm Berg", "PERSON"),
                span("Teknisk Forvaltning", "COMMITTEE")]
    found = {(e.text, e.label_) for e in rules(doc).ents}
    assert ("Karen Holm Berg", "PERSON") in found          # a name-shaped model span is kept
    assert ("Strandparken Hallen", "PERSON") not in found   # a place is not a person
    assert ("Teknisk Forvaltning", "COMMITTEE") not in found  # an administration is not a body
    assert ("3. maj 2024", "DATE") in found


def test_vetting_can_be_switched_off() -> None:
    nlp = _blank()
    rules = nlp.add_pipe(FACTORY, config={"vet_model_ents": False})
    nlp.initialize()
    doc = nlp.make_doc("Strandparken Hallen er åben.")
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    assert [(e.text, e.label_) for e in rules(doc).ents] == [("Strandparken Hallen", "PERSON")]


@pytest.fixture(scope="module")
def preset() -> Callable[[str, list[tuple[str, str]]], set[tuple[str, str]]]:
    """Run the entity rules on ``text`` whose doc.ents hold the given (surface, label) model spans."""
    nlp = _blank()
    rules = nlp.add_pipe(FACTORY)
    nlp.initialize()

    def run(text: str, ents: list[tuple[str, str]]) -> set[tuple[str, str]]:
        doc = nlp.make_doc(text)
        doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in ents]
        return {(e.text, e.label_) for e in rules(doc).ents}

    return run


def test_model_span_that_extends_a_rule_span_wins(preset) -> None:
    text = "Sagen blev forelagt Kultur og Fritidsudvalget og derefter Byrådet."
    found = preset(text, [("Kultur og Fritidsudvalget", "COMMITTEE")])
    assert ("Kultur og Fritidsudvalget", "COMMITTEE") in found   # the model's longer name
    assert ("Fritidsudvalget", "COMMITTEE") not in found
    assert ("Byrådet", "COMMITTEE") in found


def test_model_span_swallowing_two_rule_spans_is_not_used(preset) -> None:
    text = "Sagen går fra Økonomiudvalget og Byrådet til høring."
    found = preset(text, [("Økonomiudvalget og Byrådet", "COMMITTEE")])
    assert found == {("Økonomiudvalget", "COMMITTEE"), ("Byrådet", "COMMITTEE")}


def test_extension_needs_the_same_label_and_a_vetted_span(preset) -> None:
    text = "Mødet i Greve Seniorråd blev holdt."
    assert ("Greve Seniorråd", "COMMITTEE") in preset(text, [("Greve Seniorråd", "COMMITTEE")])
    # a PERSON span over the committee is not the same label: the rule span stays
    assert ("Seniorråd", "COMMITTEE") in preset(text, [("Greve Seniorråd", "PERSON")])


def test_model_case_number_after_a_document_label_is_dropped(preset) -> None:
    text = "Sagsnr.: 24-001234\nDok.nr.: 330-2023-11034\nSagen drøftes."
    found = preset(text, [("330-2023-11034", "CASE_NUMBER")])
    assert ("330-2023-11034", "CASE_NUMBER") not in found
    assert ("24-001234", "CASE_NUMBER") in found


def test_model_span_partly_over_another_rule_span_is_not_used(preset) -> None:
    text = "Høringen løber 25. maj 30. maj og slutter derefter."
    # the model's DATE holds the rules' first date and runs into the second (seen in a Greve meeting)
    found = preset(text, [("25. maj 30.", "DATE")])
    assert {f for f in found if f[1] == "DATE"} == {("25. maj", "DATE"), ("30. maj", "DATE")}
