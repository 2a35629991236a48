"""Heading shapes and noise of many publishing systems, each in minutes we wrote ourselves.

The segmenter chooses item headings jointly (candidates scored by evidence, then the best sequence),
so each case here also checks that one odd line does not switch the real headings off.
"""
from __future__ import annotations

import pytest

from minutes_nlp.segment import segment


def numbers(text: str) -> list[str]:
    return [i.number for i in segment(text).items]


def titles(text: str) -> list[str]:
    return [i.title for i in segment(text).items]


RUNNING = """Byrådet - Referat
Dato: 3. april 2019

359. Godkendelse af dagsorden

Beslutning Byrådet den 03-04-2019
Godkendt.

374. Salg af grund ved Engvej

Sagsnr.: 19/2231

Indstilling
Forvaltningen indstiller, at grunden sælges.

Beslutning Byrådet den 03-04-2019
Punkt 359 blev behandlet før dette punkt.
Godkendt.

465. Lukket punkt: Personalesag (Lukket)

466. Eventuelt

Beslutning Byrådet den 03-04-2019
Intet.
"""


def test_running_numbers_with_gaps_and_a_quoted_item_number() -> None:
    assert numbers(RUNNING) == ["359", "374", "465", "466"]


NUMBERED_LISTS = """Udvalget for Teknik og Miljø
Referat

1. Godkendelse af dagsorden

Beslutning
Godkendt.

2. Ny affaldsordning for sommerhuse

Indstilling
Direktøren indstiller til udvalget:
1. At ordningen sendes i høring.
2. At høringssvarene forelægges udvalget i juni.
3. At ordningen træder i kraft 1. januar.

Sagsfremstilling
Tre modeller er undersøgt:
1. Hentning hver uge
2. Hentning hver anden uge
3. Fælles containere

Beslutning
Godkendt.

3. Eventuelt

Beslutning
Intet.
"""


def test_enumerations_inside_sections_are_not_items() -> None:
    assert numbers(NUMBERED_LISTS) == ["1", "2", "3"]


TITLE_ABOVE = """Kultur- og Fritidsudvalget
Dato: 5. maj 2022

Godkendelse af dagsorden
Punkt 1
Sagsnr.: 22-001

Beslutning
Godkendt.

Tilskud til byfest
Punkt 2
Sagsnr.: 22-002

Indstilling
Forvaltningen indstiller, at der gives tilskud.

Beslutning
Godkendt.
"""


def test_title_printed_above_its_number() -> None:
    seg = segment(TITLE_ABOVE)
    assert [(i.number, i.title) for i in seg.items] == [("1", "Godkendelse af dagsorden"), ("2", "Tilskud til byfest")]
    assert TITLE_ABOVE[seg.items[1].start:].startswith("Tilskud til byfest\nPunkt 2")


UNNUMBERED = """Teknik- og Miljøudvalget
Dato: 6. november 2017

Sagsnr.: 01.02.03-A00-1-17 Sagsbehandler: Ole Holm

Besøg på genbrugspladsen

Sagsfremstilling
Udvalget besøger pladsen.

Beslutning
Taget til efterretning.

Sagsnr.: 05.01.02-G01-3-17 Sagsbehandler: Ole Holm

Trafiksikkerhedsplan 2018

Indstilling
Forvaltningen indstiller, at planen godkendes.

Beslutning
Godkendt.
"""


def test_unnumbered_items_next_to_case_number_lines() -> None:
    assert titles(UNNUMBERED) == ["Besøg på genbrugspladsen", "Trafiksikkerhedsplan 2018"]


FLATTENED = ("Referat Økonomiudvalget Mødedato: Mandag den 6. oktober 2014 Side 1\n\n"
             "2 Indholdsfortegnelse 1. Godkendelse af dagsorden 2. Budgetopfølgning Side 2\n\n"
             "3 1. Godkendelse af dagsorden Dok.nr.: 1111 Sagsid.: 14/40 Initialer: abc Åben sag "
             "Beslutning Økonomiudvalget den Godkendt. Afbud: Ingen Side 3\n\n"
             "4 2. Budgetopfølgning pr. 31. august Dok.nr.: 2222 Sagsid.: 14/50 Initialer: abc Åben sag "
             "Sagsfremstilling: Forbruget følger budgettet på alle områder. Indstilling: Direktionen indstiller, "
             "at opfølgningen tages til efterretning. Beslutning Økonomiudvalget den Taget til efterretning. Side 4\n")


def test_flattened_pdf_pages_keep_offsets() -> None:
    seg = segment(FLATTENED)
    assert [(i.number, i.title) for i in seg.items] == [("1", "Godkendelse af dagsorden"),
                                                        ("2", "Budgetopfølgning pr. 31. august")]
    decisions = [s for s in seg.items[1].sections if s.label == "BESLUTNING"]
    assert [FLATTENED[s.start:s.end] for s in decisions] == ["Taget til efterretning."]


ECHO = """Referat

 • Pkt. 42 Godkendelse af dagsorden

  Pkt. 42

  Godkendelse af dagsorden

  Sagsnr. 1234 Åbent punkt

  Beslutning
  Godkendt.

 • Pkt. 43 Temadrøftelse om parkering

  Pkt. 43

  Temadrøftelse om parkering

  Beslutning
  Drøftet.
"""


def test_heading_printed_twice_starts_at_the_first() -> None:
    seg = segment(ECHO)
    assert [i.number for i in seg.items] == ["42", "43"]
    assert ECHO[seg.items[0].start:].startswith("• Pkt. 42 Godkendelse")


@pytest.mark.parametrize("line,number,title", [
    (" 7.  7. Budget 2025", "7", "Budget 2025"),
    ("12 : Lokalplan for havnen", "12", "Lokalplan for havnen"),
    ("39Lokalplan for havnen", "39", "Lokalplan for havnen"),
    ("Punkt: 4 Lokalplan for havnen", "4", "Lokalplan for havnen"),
    ("• 12. Lokalplan for havnen", "12", "Lokalplan for havnen"),
    ("5. ØU - Lokalplan for havnen (B)", "5", "ØU - Lokalplan for havnen (B)"),
])
def test_heading_shapes(line: str, number: str, title: str) -> None:
    text = f"Byrådet\n\n{line}\n\nIndstilling\nDer indstilles godkendelse.\n\nBeslutning\nGodkendt.\n"
    seg = segment(text)
    assert [(i.number, i.title) for i in seg.items] == [(number, title)]


def test_glued_decision_heading_is_a_decision_section() -> None:
    text = "1 : Godkendelse af dagsorden\nBeslutningGodkendt.\n\n2 : Eventuelt\nBeslutningIntet.\n"
    seg = segment(text)
    assert [[text[s.start:s.end] for s in i.sections if s.label == "BESLUTNING"] for i in seg.items] == [
        ["Godkendt."], ["Intet."]]


def test_single_unnumbered_item_page() -> None:
    text = ("Regionsrådet\nMødedato: 24. november 2020\n\nOrientering om vaccinationsplan\n\nSagsnr.: 20/123\n\n"
            "Indstilling\nDirektionen indstiller, at orienteringen tages til efterretning.\n\n"
            "Beslutning\nTaget til efterretning.\n")
    seg = segment(text)
    assert [(i.number, i.title) for i in seg.items] == [("", "Orientering om vaccinationsplan")]


def test_title_beginning_with_beslutning_is_not_a_decision_heading() -> None:
    text = ("1. Godkendelse af dagsorden\n\nBeslutning\nGodkendt.\n\n2. Beslutning om skolestruktur\n\n"
            "Indstilling\nDer indstilles, at strukturen vedtages.\n\nBeslutning\nGodkendt.\n")
    seg = segment(text)
    assert [i.title for i in seg.items] == ["Godkendelse af dagsorden", "Beslutning om skolestruktur"]
    assert [s.label for s in seg.items[1].sections if s.label in ("BESLUTNING", "TIDLIGERE_BESLUTNING")] == ["BESLUTNING"]


def test_contents_list_glued_to_its_heading_and_table_rows() -> None:
    text = ("Referat\n\nIndholdsfortegnelse1. Godkendelse af dagsorden\n2. Anlægsregnskab\n3. Eventuelt\n\n"
            "1. Godkendelse af dagsorden\n\nBeslutning\nGodkendt.\n\n2. Anlægsregnskab\n\nØkonomi\n"
            "1 Skolen 2.500.000 2.400.000\n2 Hallen 1.200.000 1.250.000\n\nBeslutning\nAnbefales.\n\n"
            "3. Eventuelt\n\nBeslutning\nIntet.\n")
    seg = segment(text)
    assert [i.number for i in seg.items] == ["1", "2", "3"]
    assert text[seg.items[0].start:].startswith("1. Godkendelse af dagsorden\n\nBeslutning")


def test_report_without_agenda_gives_no_items() -> None:
    text = "Årsrapport\n\n1 Indledning og formål med rapporten\n\nKommunen har i året arbejdet med tre mål.\n"
    assert segment(text).items == ()


def test_table_printed_one_cell_per_line_is_not_items() -> None:
    rows = "".join(f"{n}\n{name}\n{letter}\n{party}\n" for n, name, letter, party in [
        (1, "Anne Holm, Skovby", "V", "Venstre"), (2, "Bo Dahl, Åby", "A", "Socialdemokratiet"),
        (3, "Carl Berg", "C", "Det Konservative Folkeparti"), (4, "Dorte Lind, Åby", "F", "SF"),
        (5, "Erik Sand", "Ø", "Enhedslisten")])
    text = ("Byrådet\nMødedato: 15-12-2025\n\nSagsid.: 25/1234\n\nIndstilling\nSagen forelægges til orientering.\n\n"
            "Beslutning i Byrådet den 15-12-2025\nTaget til efterretning.\n\nSagsfremstilling\n"
            "Følgende er valgt i den anførte rækkefølge:\n" + rows)
    assert [i.number for i in segment(text).items] == [""]


def test_number_glued_with_a_dot() -> None:
    text = ("Udvalg: Byrådet\nMødedato: 10-11-2025\n\n1.Budgetopfølgning pr. 31. august (C)\n\nSagsnummer: 25/100\n\n"
            "Administrativ indstilling\nDer indstilles godkendelse.\n\nBeslutning Byrådet den 10-11-2025\nGodkendt.\n\n"
            "2.Lokalplan for Engvej (B)\n\nSagsnummer: 25/200\n\nBeslutning Byrådet den 10-11-2025\nGodkendt.\n")
    assert [(i.number, i.title) for i in segment(text).items] == [
        ("1", "Budgetopfølgning pr. 31. august (C)"), ("2", "Lokalplan for Engvej (B)")]
