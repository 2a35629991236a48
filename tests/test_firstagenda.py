"""Tests for the FirstAgenda/Prepare portal reader and the HTML → text helper."""
from __future__ import annotations

import copy
import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

from minutes_nlp.io.firstagenda import (
    FirstAgendaMeeting, is_firstagenda, iter_meetings, read_firstagenda,
)
from minutes_nlp.io.htmltext import html_to_lines, html_to_text

FIXTURE = Path(__file__).parent / "fixtures" / "firstagenda" / "teknik_2024-03-11.json"
DATA = Path(os.environ.get("MINUTES_NLP_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
GREVE = DATA / "minutes" / "greve_firstagenda"

EXPECTED_TEXT = """\
Referat
Teknik- og Miljøudvalget

Mødedato: 11.03.2024 kl. 16.30
Mødested: Mødelokale 2
Deltagere: Karen Vestergaard, Bo Lindholm, Sidsel Ravn
Fraværende: Jens Otto Krogh, Amalie Brink

Punkt 1: Godkendelse af dagsorden
Sagsnr.: 24-001234

Beslutning
Godkendt.

Fraværende: Sidsel Ravn

Sagsprocedure
Teknik- og Miljøudvalget.

Resume
Udvalget skal tage stilling til mødets dagsorden.

Indstilling
Administrationen indstiller, at dagsordenen godkendes.

Punkt 2: Renovering af cykelsti langs Fjordvej
Sagsnr.: 23-019876

Beslutning
Anbefales.

Fraværende: Sidsel Ravn

Sagsprocedure
Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet.

Resume
Cykelstien langs Fjordvej er nedslidt og skal renoveres på en strækning af 1,4 km.

Indstilling
Administrationen indstiller, at

der gives en anlægsbevilling på 2,35 mio. kr.
arbejdet udbydes i efteråret 2024.

Sagsbeskrivelse
Strækningen har ikke været renoveret siden 1998. Belægningen er revnet flere steder.

Overslaget fordeler sig således:

Post | Beløb i kr.
Belægning | 1.900.000
Afmærkning | 450.000

Økonomiske konsekvenser
Beløbet finansieres af puljen til trafiksikkerhed.

Sagens forløb
Beslutning i Klima- og Miljøudvalget den 26.02.2024
Anbefales over for Økonomiudvalget.

Beslutning i Økonomiudvalget 2024 den 04.03.2024
Afventer behandling

Punkt 3: Lukket: Salg af grund ved Havnevej
Sagsnr.: 24-000777

Beslutning
Godkendt.

Bo Lindholm (B) undlod at stemme.

Punkt 4: Underskriftsark

Sagsprocedure
Teknik- og Miljøudvalget.

Resume
Protokollen underskrives digitalt efter mødet."""


def _fixture() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _section_text(meeting: FirstAgendaMeeting, item_no: int, name: str) -> str:
    item = meeting.items[item_no]
    section = next(s for s in item.sections if s.name == name)
    return meeting.text[section.start:section.end]


def _check_offsets(meeting: FirstAgendaMeeting) -> None:
    """Every item starts at its heading line, sections sit inside it right after their heading."""
    text = meeting.text
    previous_end = 0
    for item in meeting.items:
        heading = f"Punkt {item.number}: {item.title}".rstrip()
        assert text[item.start:].startswith(heading + "\n") or text[item.start:] == heading
        assert item.start == 0 or text[item.start - 1] == "\n"
        assert previous_end <= item.start < item.end <= len(text)
        previous_end = item.end
        last = item.start
        for section in item.sections:
            assert last <= section.start <= section.end <= item.end
            assert text[:section.start].endswith("\n" + section.name + "\n")
            last = section.end


# --- the fixture -----------------------------------------------------------------------------
def test_fixture_renders_exact_minutes_shape() -> None:
    meeting = read_firstagenda(FIXTURE)
    assert meeting.text == EXPECTED_TEXT
    assert "\n\n\n" not in meeting.text and " \n" not in meeting.text


def test_fixture_meeting_fields() -> None:
    meeting = read_firstagenda(FIXTURE)
    assert meeting.body == "Teknik- og Miljøudvalget"
    assert meeting.municipality is None  # no evidence: unknown portal host, no "… Kommune"
    assert meeting.date == dt.date(2024, 3, 11)
    assert meeting.start_time == "16:30"
    assert meeting.location == "Mødelokale 2"
    assert meeting.attendees == ["Karen Vestergaard", "Bo Lindholm", "Sidsel Ravn"]
    assert meeting.absent == ["Jens Otto Krogh", "Amalie Brink"]


def test_fixture_items_and_sections() -> None:
    meeting = read_firstagenda(FIXTURE)
    assert [(i.number, i.title, i.case_number) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden", "24-001234"),
        ("2", "Renovering af cykelsti langs Fjordvej", "23-019876"),
        ("3", "Lukket: Salg af grund ved Havnevej", "24-000777"),
        ("4", "Underskriftsark", None),
    ]
    assert [[s.name for s in i.sections] for i in meeting.items] == [
        ["Beslutning", "Sagsprocedure", "Resume", "Indstilling"],
        ["Beslutning", "Sagsprocedure", "Resume", "Indstilling", "Sagsbeskrivelse",
         "Økonomiske konsekvenser", "Sagens forløb"],
        ["Beslutning"],  # closed item: the portal publishes the decision only, without headings
        ["Sagsprocedure", "Resume"],  # no decision section; wrapper "Fremstilling" dropped
    ]
    assert [i.absent for i in meeting.items] == [["Sidsel Ravn"], ["Sidsel Ravn"], [], []]
    _check_offsets(meeting)
    # items run from their heading line to the next item's heading
    for item, nxt in zip(meeting.items, meeting.items[1:]):
        assert item.end == nxt.start
        assert meeting.text[item.start:item.end].startswith(f"Punkt {item.number}: ")
    assert meeting.items[-1].end == len(meeting.text)


def test_fixture_section_texts() -> None:
    meeting = read_firstagenda(FIXTURE)
    # item-level absence added once, only where the decision text lacks it
    assert _section_text(meeting, 0, "Beslutning") == "Godkendt.\n\nFraværende: Sidsel Ravn"
    assert _section_text(meeting, 1, "Beslutning") == "Anbefales.\n\nFraværende: Sidsel Ravn"
    assert _section_text(meeting, 1, "Økonomiske konsekvenser") == (
        "Beløbet finansieres af puljen til trafiksikkerhed.")
    history = _section_text(meeting, 1, "Sagens forløb")
    assert "Beslutning i Klima- og Miljøudvalget den 26.02.2024\n" in history
    assert "Beslutning" not in history.splitlines()  # never a bare heading in earlier treatment
    assert _section_text(meeting, 2, "Beslutning").startswith("Godkendt.")


@pytest.mark.parametrize("kind", ["path", "str", "bytes", "dict"])
def test_all_source_kinds_agree(kind: str) -> None:
    source = {"path": FIXTURE, "str": str(FIXTURE), "bytes": FIXTURE.read_bytes(), "dict": _fixture()}[kind]
    assert read_firstagenda(source).text == EXPECTED_TEXT


def test_is_firstagenda() -> None:
    assert is_firstagenda(_fixture())
    assert is_firstagenda({"Dagsordenpunkter": [], "Udvalg": {}})
    assert not is_firstagenda({"Dagsordenpunkter": []})
    assert not is_firstagenda([_fixture()])
    assert not is_firstagenda("Dagsordenpunkter Moede")
    assert not is_firstagenda(None)


# --- inferred and odd fields -----------------------------------------------------------------
def test_municipality_from_portal_host() -> None:
    data = _fixture()
    data["Dagsordenpunkter"][0]["Felter"][0]["Link"] = "https://dagsordener.greve.dk/Vis/Pdf/bilag/x"
    assert read_firstagenda(data).municipality == "Greve Kommune"


def test_municipality_from_kommune_name_in_data() -> None:
    data = _fixture()
    data["Udvalg"]["Navn"] = "Byrådet i Egeskov Kommune"
    meeting = read_firstagenda(data)
    assert meeting.municipality == "Egeskov Kommune"
    assert meeting.text.startswith("Referat\nByrådet i Egeskov Kommune\nEgeskov Kommune\n\n")


def test_item_absence_without_decision_goes_under_heading() -> None:
    data = _fixture()
    data["Dagsordenpunkter"][3]["ExternalAgendaItemAttendees"] = [
        {"Name": "Bo Lindholm", "Email": None, "AttendanceType": 2, "Reason": "Fraværende"}]
    meeting = read_firstagenda(data)
    item = meeting.items[3]
    assert item.absent == ["Bo Lindholm"]
    assert meeting.text[item.start:item.end].startswith(
        "Punkt 4: Underskriftsark\n\nFraværende: Bo Lindholm\n\nSagsprocedure\n")
    assert [s.name for s in item.sections] == ["Sagsprocedure", "Resume"]
    _check_offsets(meeting)


def test_named_field_and_missing_values() -> None:
    data = _fixture()
    item = data["Dagsordenpunkter"][0]
    item["Felter"] = [{"Navn": "Beslutning", "Html": "<p>Taget til efterretning.</p>"}, None,
                      {"Navn": "Bilag", "Html": None, "Tekst": "Kort over strækningen"}]
    item["Number"] = None
    item["Punktnummer"] = None
    item["CaseNumber"] = None
    item["SagsNummer"] = None
    item["ExternalAgendaItemAttendees"] = None
    data["Moede"] = {"Dato": "ikke en dato", "Sted": None, "Moededeltagere": [None, {"Name": 7}]}
    meeting = read_firstagenda(data)
    assert meeting.date is None and meeting.start_time is None and meeting.location is None
    assert meeting.attendees == [] and meeting.absent == []
    first = meeting.items[0]
    assert (first.number, first.case_number, first.absent) == ("1", None, [])
    assert [s.name for s in first.sections] == ["Beslutning", "Bilag"]
    assert _section_text(meeting, 0, "Beslutning") == "Taget til efterretning."
    assert _section_text(meeting, 0, "Bilag") == "Kort over strækningen"
    _check_offsets(meeting)


# --- bad inputs ------------------------------------------------------------------------------
def test_not_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{ this is not json", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json"):
        read_firstagenda(path)
    with pytest.raises(ValueError, match="<bytes>"):
        read_firstagenda(b"\xff\xfe not utf-8")


def test_json_list_and_missing_keys(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(ValueError, match=r"list\.json: not a FirstAgenda meeting"):
        read_firstagenda(path)
    with pytest.raises(ValueError, match="not a FirstAgenda meeting"):
        read_firstagenda({"Moede": {}, "Udvalg": {}})
    with pytest.raises(ValueError, match="Dagsordenpunkter"):
        read_firstagenda({"Moede": {}, "Dagsordenpunkter": {"1": "x"}})
    with pytest.raises(ValueError, match="missing.json"):
        read_firstagenda(tmp_path / "missing.json")
    with pytest.raises(TypeError):
        read_firstagenda(42)  # type: ignore[arg-type]


def test_empty_agenda_is_a_valid_meeting() -> None:
    data = _fixture()
    data["Dagsordenpunkter"] = []
    meeting = read_firstagenda(data)
    assert meeting.items == []
    assert meeting.body == "Teknik- og Miljøudvalget"
    assert meeting.text.startswith("Referat\nTeknik- og Miljøudvalget\n\nMødedato: 11.03.2024 kl. 16.30")
    bare = read_firstagenda({"Dagsordenpunkter": None, "Moede": None})
    assert (bare.text, bare.items, bare.body) == ("Referat", [], None)


def test_junk_items_do_not_crash() -> None:
    data = _fixture()
    data["Dagsordenpunkter"] = ["text", None, {"Caption": "Eventuelt", "Felter": "x"},
                                {"Caption": ["x"], "Felter": [{"Html": 5}]}]
    meeting = read_firstagenda(data)
    assert [(i.number, i.title, i.sections) for i in meeting.items] == [("1", "Eventuelt", []), ("2", "", [])]
    assert "\n\nPunkt 1: Eventuelt\n\nPunkt 2:" in meeting.text and meeting.text.endswith("Punkt 2:")
    _check_offsets(meeting)


def test_iter_meetings(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_bytes(FIXTURE.read_bytes())
    (tmp_path / "a.json").write_text(json.dumps({"Dagsordenpunkter": [], "Udvalg": {"Navn": "Byrådet"}}))
    (tmp_path / "MANIFEST.jsonl").write_text('{"file": "a.json"}\n')
    (tmp_path / "MANIFEST.json").write_text("[]")
    found = list(iter_meetings(tmp_path))
    assert [(p.name, m.body) for p, m in found] == [("a.json", "Byrådet"), ("b.json", "Teknik- og Miljøudvalget")]
    (tmp_path / "c.json").write_text("[]")
    with pytest.raises(ValueError, match="c.json"):
        list(iter_meetings(tmp_path))
    assert len(list(iter_meetings(tmp_path, skip_invalid=True))) == 2


# --- HTML helper -----------------------------------------------------------------------------
def test_html_to_text_blocks_and_entities() -> None:
    html = ("<h4>Resume</h4><p>F&oslash;rste&nbsp;afsnit<br>anden linje</p><p>&nbsp;</p>"
            "<ul><li>et</li><li>to</li></ul><div>Svar:<br><br>Ja</div>"
            "<table><tr><th>Post</th><td><div>Beløb</div></td></tr><tr><td>A</td><td>1.000</td></tr></table>"
            "<script>ignored()</script><p>slut\u200b</p>")
    assert html_to_text(html) == (
        "Resume\n\nFørste afsnit\nanden linje\n\net\nto\n\nSvar:\n\nJa\n\nPost | Beløb\nA | 1.000\n\nslut")
    lines = html_to_lines(html)
    assert lines[0].level == 4 and all(line.level == 0 for line in lines[1:])


def test_html_lines_flags_and_malformed_input() -> None:
    lines = html_to_lines("<span class='sagsforloeb'><u>01-02-2024 Byrådet</u><br>Godkendt</span>"
                          "<h3><b>I</b>ndstilling</h3></div></p><p>uafsluttet <b>fed")
    assert [(ln.text, ln.level, ln.underlined) for ln in lines] == [
        ("01-02-2024 Byrådet", 0, True), ("Godkendt", 0, False), ("Indstilling", 3, False),
        ("uafsluttet fed", 0, False)]
    assert lines[0].classes == ("sagsforloeb",)
    assert html_to_text("") == "" and html_to_text("<div> &nbsp; </div>") == ""
    with pytest.raises(TypeError):
        html_to_text(None)  # type: ignore[arg-type]


# --- real data -------------------------------------------------------------------------------
@pytest.mark.data
@pytest.mark.slow
def test_all_greve_meetings() -> None:
    if not GREVE.is_dir():
        pytest.skip(f"{GREVE} not present")
    wall, cpu = time.perf_counter(), time.process_time()
    meetings = list(iter_meetings(GREVE))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n_items = n_decisions = 0
    for path, meeting in meetings:
        try:
            _check_offsets(meeting)
        except AssertionError as exc:  # pragma: no cover - names the failing file
            raise AssertionError(f"{path.name}: {exc}") from exc
        assert meeting.body and meeting.date and meeting.items, path.name
        assert meeting.municipality == "Greve Kommune", path.name
        assert "\n\n\n" not in meeting.text and " \n" not in meeting.text, path.name
        n_items += len(meeting.items)
        n_decisions += sum(any(s.name == "Beslutning" for s in i.sections) for i in meeting.items)
    print(f"\nFirstAgenda Greve: {len(meetings)} meetings, {n_items} items, {n_decisions} with Beslutning; "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU, {1000 * wall / max(1, len(meetings)):.0f} ms/meeting")
    assert len(meetings) >= 280 and n_items > 4000
    assert n_decisions > 0.9 * n_items
    assert cpu < 30, f"reading all meetings took {cpu:.1f} s CPU"
