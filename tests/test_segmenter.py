"""Agenda segmentation across publishing layouts (fixtures we wrote; seeds and Greve when present)."""
from __future__ import annotations

import spacy

from conftest import FIXTURES, GREVE, needs_data, seed
from minutes_nlp.labels import ITEMS_KEY, SECTIONS_KEY
from minutes_nlp.segment import segment

ACADRE = """Referat
Byrådet
Dato: Mandag den 6. marts 2023
Starttidspunkt for møde: 17:00

Indholdsfortegnelse
1. Godkendelse af dagsorden ........ 2
2. Salg af byggegrund på Mosevej ........ 3

1. Godkendelse af dagsorden
Sagsnr.: 23/1101

Beslutning i Byrådet den 06-03-2023
Godkendt.

2. Salg af byggegrund på Mosevej
Sagsnr.: 22/9876

Sagsfremstilling
Grunden udbydes til mindst 1,4 mio. kr.
Der er to tilbud:
1. Et tilbud fra en lokal tømrer
2. Et tilbud fra et boligselskab

Indstilling
Direktionen indstiller, at grunden sælges.

Beslutning i Økonomiudvalget den 27-02-2023
Anbefales.

Beslutning i Byrådet den 06-03-2023
Godkendt.
"""

PAGED = """Referat fra Teknisk Udvalg
Teknisk Udvalg 01-06-2023
Punkt 1. Godkendelse af dagsorden
Beslutning
Godkendt.
Punkt 2. Vejplan
Indstilling
Forvaltningen indstiller, at planen godkendes.
Side 1 af 3
Teknisk Udvalg 01-06-2023
Sagsfremstilling
Planen dækker 2023-2026.
Side 2 af 3
Teknisk Udvalg 01-06-2023
Beslutning
Godkendt.
Punkt 3. Eventuelt
Beslutning
Intet.
Side 3 af 3
"""


def test_numbered_layout_skips_toc_and_inner_lists() -> None:
    seg = segment(ACADRE)
    assert [(i.number, i.title) for i in seg.items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Salg af byggegrund på Mosevej"),
    ]
    assert ACADRE[seg.items[1].start :].startswith("2. Salg af byggegrund på Mosevej\nSagsnr.")


def test_own_decision_is_the_meeting_bodys_latest() -> None:
    item = segment(ACADRE).items[1]
    own = [s for s in item.sections if s.label == "BESLUTNING"]
    earlier = [s for s in item.sections if s.label == "TIDLIGERE_BESLUTNING"]
    assert [ACADRE[s.start : s.end] for s in own] == ["Godkendt."]
    assert [ACADRE[s.start : s.end] for s in earlier] == ["Anbefales."]


def test_page_furniture_is_not_an_item_or_a_section() -> None:
    seg = segment(PAGED)
    assert [i.number for i in seg.items] == ["1", "2", "3"]
    decision = [s for s in seg.items[1].sections if s.label == "BESLUTNING"]
    assert [PAGED[s.start : s.end] for s in decision] == ["Godkendt."]


def test_inline_decision_heading() -> None:
    text = "Sag nr. 4: Vandplan\nSagsnr. 23/55\nBeslutning: Godkendt.\nSag nr. 5: Eventuelt\nBeslutning: Intet.\n"
    seg = segment(text)
    assert [i.number for i in seg.items] == ["4", "5"]
    sec = [s for s in seg.items[0].sections if s.label == "BESLUTNING"][0]
    assert text[sec.start : sec.end] == "Godkendt."


def test_markdown_groups_are_not_items() -> None:
    text = ("## 1. Godkendelse\n\n### 1.1. Dagsorden\n\n#### Beslutning\n\nGodkendt.\n\n"
            "### 1.2. Referat\n\n#### Beslutning\n\nGodkendt.\n\n## 2. Udpegninger\n\n## 3. Eventuelt\n\nIntet.\n")
    assert [i.number for i in segment(text).items] == ["1.1", "1.2", "2", "3"]


def test_decision_quoted_in_a_decision_is_not_an_item() -> None:
    text = ("Punkt 1: Boliger\n\nBeslutning\nPunkt 1. Anbefales.\nPunkt 2. Anbefales med bemærkning.\n\n"
            "Punkt 2: Budget\n\nBeslutning\nPkt. 1: Godkendt.\nPkt. 2: Godkendt.\n\nPunkt 3: Eventuelt\n")
    assert [i.number for i in segment(text).items] == ["1", "2", "3"]


def test_no_items_and_empty_text() -> None:
    assert segment("").items == ()
    assert segment("En rapport om venskabsbyer.\n\nIngen dagsorden her.").items == ()


def test_component_and_roundtrip(tmp_path) -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_agenda_segmenter")
    nlp.initialize()
    doc = nlp(ACADRE)
    assert doc.spans[ITEMS_KEY].attrs["numbers"] == ["1", "2"]
    assert "BESLUTNING" in {s.label_ for s in doc.spans[SECTIONS_KEY]}
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    assert again(ACADRE).spans[ITEMS_KEY].attrs["titles"] == doc.spans[ITEMS_KEY].attrs["titles"]
    nlp2 = spacy.blank("da")
    nlp2.add_pipe("minutes_agenda_segmenter").from_bytes(nlp.get_pipe("minutes_agenda_segmenter").to_bytes())
    assert nlp2(ACADRE).spans[ITEMS_KEY].attrs["numbers"] == ["1", "2"]


def test_every_written_fixture_has_its_gold_items() -> None:
    from minutes_nlp.corpus import load_corpus

    docs = load_corpus(FIXTURES.parents[1] / "corpus" / "annotated" / "written.jsonl")
    assert len(docs) >= 8
    for doc in docs:
        got = [(i.number, i.start) for i in segment(doc.text).items]
        assert got == [(i.number, i.start) for i in doc.items], doc.doc_id


SEED_ITEMS = {
    "000": [str(n) for n in range(1, 10)],
    "001": [str(n) for n in range(1, 11)],
    "002": ["23"],
    "003": ["1.1", "1.2", "2.1"] + [f"3.{n}" for n in range(1, 10)] + ["4", "5", "6.1", "7.1"],
    "004": [],
}


@needs_data()
def test_seed_items_as_read() -> None:
    for prefix, expected in SEED_ITEMS.items():
        assert [i.number for i in segment(seed(prefix)).items] == expected, prefix


@needs_data(GREVE)
def test_all_greve_items_found() -> None:
    from minutes_nlp.io.firstagenda import iter_meetings

    meetings = items = 0
    for path, meeting in iter_meetings(GREVE):
        got = [(i.number, i.start) for i in segment(meeting.text).items]
        assert got == [(i.number, i.start) for i in meeting.items], path.name
        meetings += 1
        items += len(got)
    assert meetings == 285 and items == 4289
