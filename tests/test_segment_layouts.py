"""Layouts learnt from real pages of municipalities the rules were not written for, as regression
tests. Every text here is written by us in the form those pages take (see corpus/annotated/README.md)."""
from __future__ import annotations

from minutes_nlp.segment import segment


def _items(text: str) -> list[tuple[str, str]]:
    return [(it.number, it.title) for it in segment(text).items]


def _decision(text: str, k: int) -> str:
    item = segment(text).items[k]
    sec = next(s for s in item.sections if s.label == "BESLUTNING")
    return text[sec.start:sec.end]


PIPE_ROWS = """Referat af Teknisk Udvalg

| Punkt: 1 | Godkendelse af dagsorden |
|---|---|
| Sagsnr.: | 24/0101 |

| Beslutning: | Godkendt. |

| Punkt: 2 | Ny belysning på Stationsvej |
| Sagsnr.: | 24/0377 |

Forvaltningen har lavet en plan for nye lygtepæle.

| Indstilling: | Forvaltningen indstiller, at planen godkendes. |
| Beslutning: | Udvalget godkendte indstillingen. |
"""


def test_pipe_table_rows_are_read_as_cells() -> None:
    assert _items(PIPE_ROWS) == [("1", "Godkendelse af dagsorden"), ("2", "Ny belysning på Stationsvej")]
    assert _decision(PIPE_ROWS, 1) == "Udvalget godkendte indstillingen."  # no table pipes in the text


MARGIN_PDF = """Økonomiudvalget - Referat - 12. marts 2024

Indholdsfortegnelse
1. Godkendelse af dagsorden ............................................ 2
2. Budgetopfølgning pr. 1. marts ....................................... 3
3. Salg af grund ved havnen ............................................ 4

1. Godkendelse af dagsorden                                              2
Sagsnr.:        24/1001
Beslutning      Godkendt.

2. Budgetopfølgning pr. 1. marts                                         3
Sagsnr.:        24/1002
Indstilling     Forvaltningen indstiller, at opfølgningen tages til
                efterretning.
Beslutning      Taget til efterretning.

3. Salg af grund ved havnen                                              4
Sagsnr.:        24/1003
Indstilling     Forvaltningen indstiller, at grunden sælges.
Beslutning      Anbefales over for byrådet.
"""


def test_margin_labels_and_headings_that_print_their_page_number() -> None:
    items = segment(MARGIN_PDF).items
    assert [(i.number, i.title) for i in items] == [
        ("1", "Godkendelse af dagsorden"), ("2", "Budgetopfølgning pr. 1. marts"), ("3", "Salg af grund ved havnen")]
    assert all(i.start > MARGIN_PDF.index("Salg af grund ved havnen ....") for i in items)  # not the contents list
    assert _decision(MARGIN_PDF, 1) == "Taget til efterretning."
    rec = next(s for s in items[2].sections if s.label == "INDSTILLING")
    assert MARGIN_PDF[rec.start:rec.end] == "Forvaltningen indstiller, at grunden sælges."


UNNUMBERED = """Referat Magistraten 02-09-2024

  Ny legeplads i Bykernen

  Beslutning
  Fremsendes til byrådet med anbefaling.
  Sagens forløb
  02-09-2024 Magistraten
  Bilag

  Udvidelse af cykelparkering ved stationen

  Beslutning
  Godkendt.
  Resumé
  Der mangler pladser til cykler ved stationen.
"""


def test_unnumbered_titles_standing_before_their_decision() -> None:
    assert _items(UNNUMBERED) == [("", "Ny legeplads i Bykernen"), ("", "Udvidelse af cykelparkering ved stationen")]
    assert _decision(UNNUMBERED, 1) == "Godkendt."


CASE_KEYED = """Referat
Dato: |
04-03-2024 17:00 |
Udvalg: |
Kommunalbestyrelsen |
Sagsnr.: 24/310
Beslutning i Kommunalbestyrelsen den 04-03-2024
Godkendt med 11 stemmer for og 4 imod.
Sagsnr.: 24/311
Beslutning i Kommunalbestyrelsen den 04-03-2024
Ingen spørgsmål.
"""


def test_case_number_lines_head_items_that_print_no_title() -> None:
    assert _items(CASE_KEYED) == [("", "24/310"), ("", "24/311")]
    assert _decision(CASE_KEYED, 1) == "Ingen spørgsmål."


SINGLE_PAGE = """Mødedato: 14.05.2024, kl. 15:00
Mødested: Rådhuset, udvalgsværelse 3

Plan for nye cykelstier i bydelene 2025-2028

Se alle bilag

Den 3. juni 2024 skal Borgerrepræsentationen tage stilling til planen, som forvaltningen har udarbejdet.

Indstilling

Forvaltningen indstiller, at udvalget anbefaler planen over for Borgerrepræsentationen.

Beslutning Anbefalet over for Borgerrepræsentationen uden afstemning.
"""


def test_one_item_page_finds_its_title_after_the_header_fields() -> None:
    seg = segment(SINGLE_PAGE)
    assert _items(SINGLE_PAGE) == [("", "Plan for nye cykelstier i bydelene 2025-2028")]
    dec = next(s for s in seg.items[0].sections if s.label == "BESLUTNING")  # "Beslutning <sentence>"
    assert SINGLE_PAGE[dec.start:dec.end] == "Anbefalet over for Borgerrepræsentationen uden afstemning."


def test_navigation_words_and_notes_are_not_titles() -> None:
    text = "Søg\n\nReferat\n\nMødedato: 1.2.2024\n\n(2. behandling)\n\nIndstilling\n\nForvaltningen indstiller, at planen godkendes.\n"
    assert [t for _, t in _items(text)] in ([], [""])


GLUED_LIST = """Beslutningsprotokol
Miljøudvalget

MØDETIDSPUNKT
03-05-2023 16:00:00

PUNKTER

41. Godkendelse af dagsorden
42. Affaldsplan 2024-2030
43. Eventuelt41. Godkendelse af dagsorden

Godkendelse af dagsorden

Indstilling
Direktøren indstiller, at dagsordenen godkendes.

Beslutning i Miljøudvalget den 03-05-2023
Godkendt.
42. Affaldsplan 2024-2030

Affaldsplan 2024-2030

Indstilling
Direktøren indstiller, at planen sendes i høring.

Beslutning i Miljøudvalget den 03-05-2023
Godkendt.
"""


def test_a_list_glued_to_the_first_heading_ends_where_the_number_restarts() -> None:
    items = segment(GLUED_LIST).items
    assert [(it.number, it.title) for it in items] == [
        ("41", "Godkendelse af dagsorden"), ("42", "Affaldsplan 2024-2030")]
    first = items[0]
    assert GLUED_LIST[first.start:first.start + 4] == "41. "
    assert GLUED_LIST[first.start - 9:first.start] == "Eventuelt"  # the heading starts inside the printed line


def test_a_number_inside_a_title_is_not_a_glued_heading() -> None:
    text = "3. Budget for 2. halvår\n\nBeslutning\nGodkendt.\n\n4. Eventuelt\n\nBeslutning\nIntet.\n"
    assert [it.number for it in segment(text).items] == ["3", "4"]


def test_the_last_heading_of_a_cut_excerpt_is_still_an_item() -> None:
    text = ("1.Vejnavne i det nye boligområde (B)\n\nSagsnummer: 23/1001\n\nIndstilling\n\n"
            "Forvaltningen indstiller, at navnene godkendes.\n\nBeslutning Miljøudvalget den 02-02-2023\n\n"
            "Godkendt.\n\nBilag\n\n2.Trafikplan 2024-2027 (C)\n\nSagsnummer: 23/1002\n")
    assert [it.number for it in segment(text).items] == ["1", "2"]


def test_numbered_sentences_in_a_decision_are_no_items() -> None:
    text = ("1. Meddelelser\n\nBeslutning\n\n1. Afbud. Der var afbud fra to af medlemmerne af udvalget i dag.\n\n"
            "2. Orientering. Formanden orienterede om at udvalget holder et ekstra møde i maj.\n\n"
            "2. Godkendelse af regnskab\n\nIndstilling\n\nRegnskabet godkendes.\n\nBeslutning\n\nGodkendt.\n")
    assert [(it.number, it.title) for it in segment(text).items] == [
        ("1", "Meddelelser"), ("2", "Godkendelse af regnskab")]


RUN_ON_HISTORY = """Byrådet 14-03-2023
Punkt 40: Godkendelse af dagsorden
00.22.02-A26-1-19 Beslutning Byrådet, 14.03.2023 Karen Holm var fraværende. Godkendt.
Punkt 41: Ny skolestruktur i den nordlige del af kommunen
17.01.00-P20-3-22 Resume Kompetence: Byrådet
Forvaltningen har lavet et forslag til en ny skolestruktur, som har været i høring hos skolebestyrelserne.
INDSTILLING Forvaltningen indstiller, at forslaget vedtages.
Beslutning Børne- og Skoleudvalget, 27.02.2023 Anbefales
Økonomiudvalget, 06.03.2023 Anbefales.
Byrådet, 14.03.2023 Karen Holm var fraværende. Udsat til næste møde.
Sagsfremstilling
Skolerne i nord har færre elever end for ti år siden.
"""


def test_dated_decisions_run_on_with_their_text_are_read_per_body() -> None:
    from minutes_nlp import extract

    result = extract(RUN_ON_HISTORY, nlp="rules")
    assert [it.number for it in result.items] == ["40", "41"]
    assert [it.decision.label for it in result.items] == ["Godkendt", "Udsat"]
    assert "Udsat til næste møde" in result.items[1].decision.text


def test_minutes_of_an_earlier_meeting_is_an_item_not_furniture() -> None:
    numbered = ("Referat\nTeknisk Udvalg\nMødedato: 3. marts 2022\n\n1. Godkendelse af dagsorden\n\nBeslutning\n"
                "Godkendt.\n\n2. Referat fra forrige møde\n\nBeslutning\nGodkendt.\n\n3. Ny vej\n\nBeslutning\nGodkendt.\n")
    assert [it.number for it in segment(numbered).items] == ["1", "2", "3"]
    unnumbered = ("Referat Magistraten 29-06-2020\n\nReferat fra Magistratens møde den 22. juni 2020\n\nBeslutning\n"
                  "Referatet blev godkendt uden bemærkninger fra rådmændene.\n\nBudget 2021\n\nBeslutning\n"
                  "Godkendt med de ændringer, der blev aftalt på mødet.\n")
    assert [it.title for it in segment(unnumbered).items] == [
        "Referat fra Magistratens møde den 22. juni 2020", "Budget 2021"]


def test_numbered_paragraphs_under_an_item_and_a_glued_tab_label() -> None:
    text = ("Referat fra Regionsrådets møde\n\n1. Meddelelser fra formandenReferat\n\n"
            "Følgende blev nævnt under punktet på mødet i dag:\n\n"
            "1. Afbud. Der var afbud fra to medlemmer af rådet, og en stedfortræder var indkaldt i stedet for den ene.\n\n"
            "2. Orientering om byggeriet. Formanden orienterede om, at byggeriet af det nye hospital er forsinket "
            "med tre måneder, og at rådet får en samlet status på mødet i juni, hvor også økonomien gennemgås. "
            "Forsinkelsen skyldes især leverancer af stål og glas, og entreprenøren har lovet en ny tidsplan.\n")
    items = segment(text).items
    assert [(it.number, it.title) for it in items] == [("1", "Meddelelser fra formanden")]
    assert [s.label for s in items[0].sections if s.label != "HEAD"] == ["BESLUTNING"]


CASE_KEYED_WITH_DATE = """Beslutningsprotokol

tirsdag den 7. maj 2024 kl. 15:00

Udvalg: Plan- og Boligudvalget

    Sagsid.: 24/4410

    Sagsfremstilling

    Plan- og Boligudvalget

    Tirsdag den 7. maj 2024

    Indstilling

    Forvaltningen indstiller, at dagsordenen godkendes.

    Beslutning Plan- og Boligudvalget den 07-05-2024

    Godkendt.

    Sagsid.: 24/4415

    Sagsfremstilling

    Vejen skal have nyt slidlag i sommeren 2024.
"""


def test_a_date_line_inside_an_item_does_not_open_an_item() -> None:
    """A repeated meeting date ("Tirsdag den 7. maj 2024") above a section heading is not a title."""
    assert _items(CASE_KEYED_WITH_DATE) == [("", "24/4410"), ("", "24/4415")]
    assert _decision(CASE_KEYED_WITH_DATE, 0) == "Godkendt."


# a PDF transcript that prints each page as one line: page number, the running header cut to one
# word, then the page's text; the contents list is a page of its own
TRANSCRIPT_RUNNING_HEADER = (
    "Vestmark Kommune Kommunalbestyrelsen. Referat. Mødedato: 12. marts 2015\n\n"
    "Transkript\n\n"
    "1 Refer Refer Mødedato: 12. marts 2015 Mødelokale: Salen på rådhuset Starttidspunkt for møde: 18:00 "
    "Fraværende: Ingen\n\n"
    "2 Refer Indholdsfortegnelse Pkt. Tekst Side Åbne dagsordenspunkter 1 Regnskab for kulturhuset 2014 4 "
    "2 Ny sti langs åen 5 3 Salg af grund på Toftevej 6 Lukkede dagsordenspunkter 4 Køb af ejendom 7 "
    "med mere tekst der fylder linjen ud til en hel side i udskriften\n\n"
    "3 Refer Oversigt over bilag og andre forhold der hører til mødet i marts måned og som fylder en "
    "hel side i udskriften med tekst om mødet og dets sager\n\n"
    "4 Refer 1. Regnskab for kulturhuset 2014 Sagsfremstilling Kulturhuset har sendt sit regnskab for "
    "2014. Regnskabet viser et lille overskud, som foreslås overført til næste år. Indstilling "
    "Forvaltningen indstiller, at regnskabet godkendes."
)

# the same kind of transcript with the contents list flattened into one line with dot leaders, and
# a page header ("3 Side i" and a group heading) above the first item of the excerpt
TRANSCRIPT_INLINE_CONTENTS = (
    "Nordby Kommune. Kommunalbestyrelsen. Referat\n\n"
    "Transkript\n\n"
    "1 Nordby Kommune Kommunalbestyrelsen Referat Dato: Starttidspunkt for møde: Kl Mødested: Rådhuset "
    "Fraværende: Ingen Stedfortrædere: Ingen Medlemmer: Anna Holm, Bent Lund, Carl Mose, Dorte Ravn\n\n"
    "2 Indholdsfortegnelse Til efterretning - for åbne døre...i 41. Til efterretning - Regnskab for "
    "første kvartal...i 42. Til efterretning - Ny vejplan...ii Til behandling - for åbne døre...iii "
    "43. Tilskud til foreninger...iii 44. Skolernes ferieplan...iv\n"
    "45. Budget for næste år...v\n"
    "46. Spørgetid...vi\n\n"
    "3 Side i Til efterretning - for åbne døre\n"
    "41. Til efterretning - Regnskab for første kvartal\n"
    "J.nr.: 15/220\n"
    "Sagsid.: 4411 Økonomiafdelingen sender regnskabet for første kvartal, der viser et forbrug som ventet."
)


def test_a_running_header_cut_to_one_word_is_no_item() -> None:
    """"4 Refer" is a page number and the running header, and the heading after it is item 1."""
    assert _items(TRANSCRIPT_RUNNING_HEADER) == [("1", "Regnskab for kulturhuset 2014")]


def test_a_contents_list_on_one_line_announces_the_first_item_after_a_page_header() -> None:
    assert _items(TRANSCRIPT_INLINE_CONTENTS) == [("41", "Til efterretning - Regnskab for første kvartal")]


# the title stands above "Sag nr. N", and a short field line follows the number
TITLE_ABOVE_CASE_NUMBER = """Sager 41 - 42

Spørgetid
Sag nr. 41

Beslutningskompetence: KB

Sagens kerne

Beslutning

Taget til efterretning.

Ny plan for grønne områder i bydelen
Sag nr. 42

Beslutningskompetence: KB

Sagens kerne

Planen har været i høring i seks uger.

Beslutning

Godkendt.
"""


def test_a_field_line_below_the_case_number_is_not_the_title() -> None:
    assert _items(TITLE_ABOVE_CASE_NUMBER) == [("41", "Spørgetid"), ("42", "Ny plan for grønne områder i bydelen")]


# "Sag nr. N" followed by a bracketed reference to another body's case; the title stands above
TITLE_ABOVE_CASE_NUMBER_WITH_NOTE = """Økonomiudvalget

Tilskud til foreningshuset
Sag nr. 17 (KU 4/2012)

Sagens kerne

Foreningshuset søger tilskud til nyt tag.

Beslutning

Indstilles godkendt. (Til Kommunalbestyrelsen).

Salg af grund ved havnen
Sag nr. 18 (TM 9/2012)

Sagens kerne

Der er kommet et bud på grunden.

Beslutning

Godkendt.
"""


def test_a_bracketed_note_after_the_case_number_is_not_the_title() -> None:
    assert _items(TITLE_ABOVE_CASE_NUMBER_WITH_NOTE) == [("17", "Tilskud til foreningshuset"),
                                                         ("18", "Salg af grund ved havnen")]


# a PDF transcript whose pages are one line each: "<page> <running header> Side N" and then the item
PAGE_HEADER_BEFORE_ITEM = (
    "Transkript\n\n"
    "1 REFERAT FRA MØDE I ØKONOMIUDVALGET TIRSDAG DEN 4. MARTS 2025 KL. 16.00 PÅ RÅDHUSET\n\n"
    "2 Vesterby Kommune Økonomiudvalget Side 1 1. ØU - Godkendelse af dagsorden Sagsnr.: 25/11 "
    "Beslutning Økonomiudvalget den 04-03-2025: Godkendt. Sagsfremstilling: Dagsordenen er udsendt "
    "rettidigt til alle medlemmer af udvalget, og der er ikke kommet bemærkninger til den.\n\n"
    "3 Vesterby Kommune Økonomiudvalget Side: 2 TIL BYRÅDETS AFGØRELSE 2. Salg af grunde i Nordparken "
    "Sagsnr 25/40 Der er kommet tre bud på grundene i Nordparken, og forvaltningen har vurderet dem "
    "efter de kriterier, som udvalget fastsatte ved sit møde i januar. Beslutning Økonomiudvalget den "
    "04-03-2025: Anbefales.\n"
)


def test_a_page_header_running_into_the_first_heading_of_a_page_is_furniture() -> None:
    assert _items(PAGE_HEADER_BEFORE_ITEM) == [("1", "ØU - Godkendelse af dagsorden"),
                                               ("2", "Salg af grunde i Nordparken")]


# a flattened PDF page: sections and the decision run on in one line, "Beslutning <sentence>" with no colon
FLAT_DECISION_NO_COLON = (
    "Referat Teknisk Udvalg, 12. maj 2020 Side 1\n\n"
    "5 T Status på vejvedligeholdelse 2020 Sagsfremstilling Vejafdelingen har gjort status over "
    "asfaltarbejderne for foråret og fremlægger den for udvalget til orientering. Bilag Status maj 2020 "
    "Beslutning Orienteringen taget til efterretning. Teknisk Udvalg, 12. maj 2020 Side 2\n\n"
    "6 T Ny busrute til skolen Sagsfremstilling Forvaltningen foreslår en ny rute, der betjener skolen "
    "i morgentimerne, og som kan holdes inden for budgettet. Beslutning Fra Teknisk Udvalg, 7. april 2020: "
    "Udsat. Beslutning Godkendt som indstillet af forvaltningen. Teknisk Udvalg, 12. maj 2020 Side 3\n"
)


def test_a_decision_run_on_after_its_heading_in_a_flattened_page_is_read() -> None:
    items = segment(FLAT_DECISION_NO_COLON).items
    assert [it.number for it in items] == ["5", "6"]
    assert _decision(FLAT_DECISION_NO_COLON, 0).startswith("Orienteringen taget til efterretning.")


# a web page's single item: the title above a case-number line with an empty field after a dash, and tab labels
TAB_LABELS_ONE_ITEM = """Vesterby

Beslutning om ny mødekalender for 2027

26-001234 -

Bilag

Mødeside Sagsfremstilling

Beslutning

Godkendt.

Sagsfremstilling

Udvalget skal fastlægge sine møder for det kommende år, og forvaltningen har lavet et forslag.
"""


def test_a_case_number_line_ending_in_a_dash_vouches_for_the_title_above() -> None:
    assert _items(TAB_LABELS_ONE_ITEM) == [("", "Beslutning om ny mødekalender for 2027")]


# unnumbered titles, closed items printed "Lukket: <title>" above their decision
CLOSED_PREFIX_TITLES = """Teknisk Udvalg
Referat fra mødet den 3. marts 2025

Ny legeplads i Søparken

Beslutning
Godkendt, idet udvalget ønsker at se tegningerne, før arbejdet sendes i udbud.

Lukket: Salg af erhvervsgrund ved motorvejen

Beslutning
Udvalget anbefaler over for Byrådet, at grunden sælges til højestbydende.

Lukket: Opsigelse af lejemål

Beslutning
Orienteringen om opsigelsen af lejemålet på havnen blev taget til efterretning.

Henvendelse om busstoppested

Beslutning
Henvendelsen oversendes til budgetforhandlingerne for næste år.
"""


def test_closed_items_printed_with_a_lukket_prefix_are_items() -> None:
    assert [t for _, t in _items(CLOSED_PREFIX_TITLES)] == [
        "Ny legeplads i Søparken", "Lukket: Salg af erhvervsgrund ved motorvejen", "Lukket: Opsigelse af lejemål",
        "Henvendelse om busstoppested"]


# a web page that leaves the titles and case numbers out: each item starts at an empty "Sagsid.:" field,
# and the page title "Referat" above the meeting's date is no decision section
EMPTY_CASE_FIELDS = """Politik

Referat

Tirsdag den 4. marts 2025 kl. 17:00

Mødested: Byrådssalen
Udvalg: Byrådet
 • Sagsid.:

  Sagsfremstilling

  Dagsordenen blev udsendt til medlemmerne en uge før mødet.

  Beslutning Byrådet den 04-03-2025

  Dagsordenen godkendt.

 • Sagsid.:

  Sagsfremstilling

  Der skal vælges et nyt medlem til ældrerådet efter en udtrædelse.

  Beslutning Byrådet den 04-03-2025

  Karen Holm blev valgt som nyt medlem af ældrerådet.
"""


def test_empty_case_number_fields_head_items_that_print_no_title() -> None:
    items = segment(EMPTY_CASE_FIELDS).items
    assert [it.title for it in items] == ["Sagsid.:", "Sagsid.:"]
    assert _decision(EMPTY_CASE_FIELDS, 1).strip().startswith("Karen Holm blev valgt")


PUNKT_NR_HEADINGS = """Referat fra mødet i Teknisk Udvalg den 2. april 2025

Punkt nr. 7: Ny cykelsti langs Åvej

Sagsfremstilling
Forvaltningen har lavet et skitseprojekt for en cykelsti på begge sider af vejen.

Beslutning
Godkendt.

Punkt nr. 8 : Vintertjeneste 2025-26

Sagsfremstilling
Regulativet for vintertjenesten skal fornyes inden efteråret.

Beslutning
Anbefales over for Byrådet.
"""


def test_punkt_nr_headings_are_items() -> None:
    assert _items(PUNKT_NR_HEADINGS) == [("7", "Ny cykelsti langs Åvej"), ("8", "Vintertjeneste 2025-26")]


NR_HEADINGS = """Afbud

Ingen

Nr.41 - Godkendelse af dagsordenen

Beslutning i Kulturudvalget den 03-02-2025

Dagsordenen blev godkendt.

Nr.42 - Tilskud til byfesten

Sagsnr.: 25/1020

Beslutningstema

Udvalget skal tage stilling til et tilskud til byfesten.

Beslutning i Kulturudvalget den 03-02-2025

Godkendt.
"""


def test_nr_headings_are_items() -> None:
    assert _items(NR_HEADINGS) == [("41", "Godkendelse af dagsordenen"), ("42", "Tilskud til byfesten")]
