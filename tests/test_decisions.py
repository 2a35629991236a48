"""Tests for the rule-based decision classifier (ANNOTATION.md §2). All texts are invented."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span, SpanGroup

from minutes_nlp.components.decisions import (
    DecisionClassifier,
    DecisionRules,
    classify_decision,
    default_rules,
    load_rules,
    recommendation_kinds,
)
from minutes_nlp.labels import (
    DECISION_LABELS,
    DECISIONS_KEY,
    HEADER_KEY,
    ITEMS_KEY,
    SECTIONS_KEY,
    DecisionLabel,
)

G = DecisionLabel.APPROVED.value
A = DecisionLabel.RECOMMENDED.value
O = DecisionLabel.NOTED.value
IG = DecisionLabel.REJECTED.value
U = DecisionLabel.POSTPONED.value
D = DecisionLabel.DISCUSSED.value
N = DecisionLabel.NO_DECISION.value

# recommendations of each kind (invented)
R_NOTE = "Forvaltningen indstiller, at redegørelsen om vintertjenesten tages til efterretning."
R_NOTE_WRAPPED = "Sekretariatet indstiller at udvalget tager status for\nlegepladserne til efterretning."
R_DISCUSS = "Forvaltningen indstiller, at udvalget drøfter de tre scenarier for nye cykelstier."
R_UP = "Forvaltningen indstiller, at Teknikudvalget anbefaler Kommunalbestyrelsen at godkende skitseprojektet."
R_UP_ADDRESS = (
    "Sekretariatet indstiller over for Kulturudvalget, Økonomiudvalget og Byrådet,\n"
    "1. at vedtægten for musikskolen godkendes\n2. at taksterne for 2026 fastsættes som beskrevet"
)
R_APPROVE = "Forvaltningen indstiller, at der bevilges 420.000 kr. til ny belysning på Engvej."
R_APPROVE_PLAIN = "Administrationen indstiller,\nat der gives dispensation til carport i skel\nat ansøger orienteres om vilkårene"
R_MIXED = "Forvaltningen indstiller,\n1. at kvartalsrapporten tages til efterretning\n2. at budgetrammen for 2026 godkendes"
R_NOTE_DISCUSS = "Forvaltningen indstiller, at orienteringen tages til efterretning, og at udvalget drøfter næste skridt."
R_NONE = "Der træffes ikke beslutning på temamødet, som bruges til oplæg og dialog."

CASES: list[tuple[str, str | None, str]] = [
    # --- Ingen beslutning: empty, dashes, Intet/Ingen, only absence lines
    ("", None, N),
    ("   \n\t ", R_APPROVE, N),
    ("-", None, N),
    ("–", R_NOTE, N),
    (".", None, N),
    ("Intet.", None, N),
    ("Ingen.", None, N),
    ("Ingen bemærkninger.", None, N),
    ("Der var ingen meddelelser fra formanden.", R_NOTE, N),
    ("Afbud: Kirsten Holm", None, N),
    ("Fraværende: Lars Vind (C), Mette Ravn (B)", None, N),
    ("Bo Kragh (V) var fraværende.", None, N),
    ("Temamødet blev gennemført.", R_NONE, N),
    ("Kommunalbestyrelsen besvarede spørgsmålene fra tilhørerne.", None, N),
    # --- Godkendt: explicit, own acts, approvals with an approval recommendation
    ("Godkendt.", R_APPROVE, G),
    ("Godkendt", None, G),
    ("Godkendes.", R_APPROVE_PLAIN, G),
    ("Indstillingen godkendt.", R_APPROVE, G),
    ("Tiltrådt.", R_APPROVE, G),
    ("Vedtaget.", None, G),
    ("Forvaltningens indstilling blev godkendt.", R_APPROVE, G),
    ("Udvalget godkendte tidsplanen for skolebyggeriet.", R_NOTE, G),
    ("Godkendt, idet næste møde afholdes på biblioteket i Nørreby.", R_NOTE, G),
    ("Godkendt med den bemærkning, at skiltningen skal være på både dansk og engelsk.", R_NOTE, G),
    ("Udvalget besluttede, at der fremlægges en ny sag i marts.", R_NOTE, G),
    ("Udvalget besluttede at følge den skitserede model B.", None, G),
    ("Regionsrådet drøftede sagen og besluttede at sende et brev til ministeren.", None, G),
    ("Udvalget udpeger Hanne Sø som ny repræsentant i ældrerådet.", R_APPROVE, G),
    ("Udvalget ønsker en ny sag om parkering på et kommende møde.", None, G),
    ("Byrådet godkendte Økonomiudvalgets indstilling.", R_APPROVE, G),
    ("Byrådet godkendte Økonomiudvalgets indstilling.", R_UP_ADDRESS, G),
    ("Med stemmerne 21 for og 4 imod godkendte Byrådet indstillingen.", R_APPROVE, G),
    ("Godkendt.\nØ stemte imod.", R_APPROVE, G),
    ("Godkendt. V stemte imod.", None, G),
    ("Godkendt.\nJens Bak (O) stemte imod med henvisning til økonomien.", R_APPROVE, G),
    ("Godkendt.\nMindretallet (Ø) ønskede ført til protokol, at de ikke kan godkende budgettet.", R_APPROVE, G),
    ("Godkendt.\nEt flertal bestående af A, V og C stemte for. Et mindretal bestående af F stemte imod.", None, G),
    ("Godkendt.\nPer Hansen (A) var fraværende.", R_APPROVE, G),
    ("Sagen blev godkendt.\nAfbud: Ida Lund", R_MIXED, G),
    ("Punkterne 1-3 godkendt.", R_APPROVE, G),
    # --- reading rule 1: a bare approval takes the recommendation's meaning
    ("Godkendt.", R_NOTE, O),
    ("Indstillingen godkendt.", R_NOTE_WRAPPED, O),
    ("Byrådet godkendte administrationens indstilling.", R_NOTE, O),
    ("Tiltrådt.", R_NOTE, O),
    ("Godkendt.", R_DISCUSS, D),
    ("Indstillingen godkendt.", R_DISCUSS, D),
    ("Godkendt.", R_UP, A),
    ("Indstillingen tiltrådt.", R_UP, A),
    ("Godkendt.", R_UP_ADDRESS, A),
    ("Udvalget kan tiltræde indstillingen.", R_UP, A),
    ("Godkendt.", R_MIXED, G),
    ("Godkendt.", R_NOTE_DISCUSS, O),
    # --- Anbefales
    ("Anbefales.", R_APPROVE, A),
    ("Anbefales godkendt.", None, A),
    ("Indstilles godkendt.", None, A),
    ("Indstilles til godkendelse i Kommunalbestyrelsen.", None, A),
    ("Økonomiudvalget anbefaler Byrådet, at Teknikudvalgets indstilling godkendes.", R_NOTE, A),
    ("Udvalget anbefaler over for kommunalbestyrelsen at godkende planen.", None, A),
    ("Anbefales med indstilling om, at projektet udbydes i to etaper.", None, A),
    ("1.-3. anbefales.\nAfbud: Kaj Holt (A)", R_APPROVE, A),
    # --- Til orientering
    ("Til orientering.", None, O),
    ("Taget til efterretning.", R_APPROVE, O),
    ("Orienteringen blev taget til efterretning.", R_NOTE, O),
    ("Udvalget tog orienteringen til efterretning.", None, O),
    ("Kommunalbestyrelsen tog redegørelsen fra revisionen til efterretning.", None, O),
    ("Orientering givet.", None, O),
    ("Orienteringen taget til efterretning med bemærkning om, at udvalget ønsker en status i juni.", R_NOTE, G),  # own request for a status next to noting: team convention (corpus README)
    ("Formanden orienterede om mødet med Vejdirektoratet.", None, O),
    ("Udvalget blev orienteret om status på fjernvarmen.", None, O),
    # --- Ikke godkendt
    ("Ikke godkendt.", R_APPROVE, IG),
    ("Indstillingen ikke godkendt.", R_NOTE, IG),
    ("Forkastet.", None, IG),
    ("Kan ikke anbefales.", None, IG),
    ("Ikke tiltrådt.", None, IG),
    ("Godkendes ikke, idet lokalplanens krav om rødt tegltag fastholdes.", R_APPROVE, IG),
    ("Udvalget kan ikke godkende forvaltningens forslag.", None, IG),
    ("Ansøgningen blev afvist.", None, IG),
    # --- Udsat: postponed, referred, sent back, withdrawn
    ("Udsat.", None, U),
    ("Sagen udsættes til næste møde.", R_APPROVE, U),
    ("Sagen oversendes til Miljøudvalget til behandling.", None, U),
    ("Henvises til budgetforhandlingerne.", None, U),
    ("Forslaget henvises til realitetsbehandling i fagudvalget.", None, U),
    ("Sendt tilbage til forvaltningen.", None, U),
    ("Sagen sendes tilbage med henblik på en ny høring.", R_APPROVE, U),
    ("Punktet blev trukket.", None, U),
    ("Kommunalbestyrelsen besluttede at sende sagen til fornyet behandling i Teknikudvalget.", None, U),
    ("Sagen genoptages på et senere møde.", None, U),
    # --- Drøftet
    ("Drøftet.", None, D),
    ("Udvalget drøftede sagen.", R_APPROVE, D),
    ("Udvalget drøftede udkastet til ny sundhedspolitik.", None, D),
    ("1.-2. drøftet", R_DISCUSS, D),
    ("Udvalget evaluerede forløbet og nævnte flere ideer.", R_DISCUSS, D),
    # --- mixed decisions: precedence Ikke godkendt > Godkendt > Anbefales > Udsat > Til orientering > Drøftet
    ("Ad 1: Godkendt. Ad 2: Taget til efterretning.", R_APPROVE, G),
    ("1. Taget til efterretning.\n2. Godkendt.", R_MIXED, G),
    ("1. Godkendt.\n2. Ikke godkendt, idet udvalget fastholder planen.", R_APPROVE, IG),
    ("1. Anbefales.\n2. Godkendt.", R_APPROVE, G),
    ("1. Taget til efterretning.\n2. Anbefales.", R_NOTE, A),
    ("Sagen blev drøftet og taget til efterretning.", None, O),
    ("1. Taget til efterretning.\n2. Udsat til næste møde.", None, U),
    ("Udvalget drøftede sagen og anbefaler Byrådet at godkende planen.", None, A),
]


def test_table_is_large_and_covers_every_label() -> None:
    assert len(CASES) >= 70
    assert {expected for _, _, expected in CASES} == set(DECISION_LABELS)


@pytest.mark.parametrize(("decision", "recommendation", "expected"), CASES)
def test_classify_decision(decision: str, recommendation: str | None, expected: str) -> None:
    label, score = classify_decision(decision, recommendation)
    assert label == expected, (decision, recommendation)
    assert 0.0 <= score <= 1.0


def test_scores_reflect_certainty() -> None:
    clear = classify_decision("Taget til efterretning.")[1]
    bare_resolved = classify_decision("Godkendt.", R_NOTE)[1]
    bare_unknown = classify_decision("Godkendt.")[1]
    mixed = classify_decision("Ad 1: Godkendt. Ad 2: Taget til efterretning.", R_APPROVE)[1]
    fallback = classify_decision("Formanden orienterede om mødet med Vejdirektoratet.")[1]
    empty = classify_decision("")[1]
    assert empty == 1.0
    assert clear >= 0.9 and bare_resolved >= 0.9
    assert bare_unknown < clear
    assert mixed < clear
    assert fallback < 0.5
    assert classify_decision("Borgmesteren takkede de fremmødte.")[1] < 0.5


def test_body_that_cannot_recommend_upward() -> None:
    assert classify_decision("Godkendt.", R_UP_ADDRESS) == (A, 0.95)
    label, score = classify_decision("Godkendt.", R_UP_ADDRESS, body="Greve Byråd")
    assert label == G and score < 0.95


@pytest.mark.parametrize("bad", [None, 17, b"Godkendt", ["Godkendt"]])
def test_bad_input_gives_no_decision(bad: object) -> None:
    assert classify_decision(bad) == (N, 1.0)  # type: ignore[arg-type]
    assert classify_decision("Godkendt.", bad)[0] == G  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("recommendation", "kinds"),
    [
        (R_NOTE, {"note"}),
        (R_NOTE_WRAPPED, {"note"}),
        (R_DISCUSS, {"discuss"}),
        (R_UP, {"recommend"}),
        (R_UP_ADDRESS, {"recommend"}),
        (R_APPROVE, {"approve"}),
        (R_APPROVE_PLAIN, {"approve"}),
        (R_MIXED, {"note", "approve"}),
        (R_NOTE_DISCUSS, {"note", "discuss"}),
        (R_NONE, {"none", "discuss"}),
        ("Forvaltningen indstiller over for Teknikudvalget, at planen godkendes.", {"approve"}),
        ("", set()),
        (None, set()),
    ],
)
def test_recommendation_kinds(recommendation: str | None, kinds: set[str]) -> None:
    assert recommendation_kinds(recommendation) == kinds


# --- rules as data ------------------------------------------------------------------------------


def test_packaged_rules_load_and_validate() -> None:
    rules = default_rules()
    assert rules.cues and rules.rec_cues and rules.noise
    assert all(c.label in set(DECISION_LABELS) | {"BARE"} for c in rules.cues)
    assert all(0.0 < c.weight <= 1.0 for c in rules.cues + rules.weak_cues)
    assert load_rules() is rules


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["decision_cues"].append({"label": "Maybe", "weight": 0.5, "pattern": "x"}),
        lambda d: d["decision_cues"].append({"label": "Udsat", "weight": 0.5, "pattern": "(unclosed"}),
        lambda d: d.pop("noise"),
        lambda d: d["recommendation_cues"].append({"kind": "vote", "pattern": "x"}),
    ],
)
def test_bad_rules_raise_clear_error(mutate) -> None:
    data = json.loads(json.dumps(default_rules().data))
    mutate(data)
    with pytest.raises(ValueError):
        DecisionRules.from_dict(data)


def test_custom_rules_file(tmp_path: Path) -> None:
    data = json.loads(json.dumps(default_rules().data))
    data["decision_cues"].insert(0, {"label": "Udsat", "weight": 0.9, "pattern": r"\bparkeret\b"})
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert classify_decision("Sagen blev parkeret.", rules=load_rules(path)) == (U, 0.9)
    nlp = spacy.blank("da")
    pipe = nlp.add_pipe("minutes_decisions", config={"rules_path": str(path)})
    nlp.initialize()
    assert pipe.rules.data == data


# --- spaCy component ----------------------------------------------------------------------------

MINUTES = (
    "1. Godkendelse af dagsorden\n"
    "Indstilling\n"
    "Sekretariatet indstiller, at dagsordenen godkendes.\n"
    "Beslutning\n"
    "Godkendt.\n\n"
    "2. Status på vintertjenesten\n"
    "Sagsfremstilling\n"
    "Forvaltningen har saltet 41 gange i januar.\n"
    "Indstilling\n"
    "Forvaltningen indstiller, at orienteringen tages til efterretning.\n"
    "Beslutning\n"
    "Indstillingen godkendt.\n"
    "Afbud: Rikke Dam (F)\n\n"
    "3. Nyt klubhus i Vestby\n"
    "Resume\n"
    "Sagen handler om klubhuset. Forvaltningen indstiller, at Kulturudvalget anbefaler Byrådet at godkende "
    "projektet.\n"
    "Beslutning\n"
    "Godkendt.\n\n"
    "4. Eventuelt\n"
    "Beslutning\n"
    "\n"
    "5. Lukket punkt\n"
    "Sagsfremstilling\n"
    "Fortroligt.\n"
)


def _span(doc, start: int, end: int, label: str) -> Span:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    assert span is not None
    return span


def _segment(doc) -> None:
    """Stand-in for the agenda segmenter: ITEM spans and section body spans by hand."""
    text = doc.text
    starts = [text.index(f"\n{n}. ") + 1 if n > 1 else 0 for n in range(1, 6)] + [len(text)]
    items = [_span(doc, starts[i], starts[i + 1], "ITEM") for i in range(5)]
    sections = []
    headings = {"Indstilling": "INDSTILLING", "Beslutning": "BESLUTNING", "Sagsfremstilling": "SAGSFREMSTILLING",
                "Resume": "RESUME"}
    for i in range(5):
        chunk_start, chunk_end = starts[i], starts[i + 1]
        lines = []
        pos = chunk_start
        for line in text[chunk_start:chunk_end].splitlines(keepends=True):
            lines.append((pos, line))
            pos += len(line)
        heads = [(p, line) for p, line in lines if line.strip() in headings]
        for j, (p, line) in enumerate(heads):
            body_start = p + len(line)
            body_end = heads[j + 1][0] if j + 1 < len(heads) else chunk_end
            if body_end > body_start:
                sections.append(_span(doc, body_start, body_end, headings[line.strip()]))
            else:
                sections.append(doc[items[i].end:items[i].end])
    doc.spans[ITEMS_KEY] = SpanGroup(doc, name=ITEMS_KEY, spans=items)
    doc.spans[SECTIONS_KEY] = SpanGroup(doc, name=SECTIONS_KEY, spans=sections)


def _run(nlp, text: str = MINUTES):
    doc = nlp.make_doc(text)
    _segment(doc)
    return nlp(doc)


def test_component_writes_decision_spans() -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = _run(nlp)
    group = doc.spans[DECISIONS_KEY]
    assert [s.label_ for s in group] == [G, O, A, N]
    assert group.attrs["items"] == [0, 1, 2, 3]
    assert len(group.attrs["scores"]) == 4 and all(0 <= s <= 1 for s in group.attrs["scores"])
    assert group[0].text == "Godkendt."
    assert group[1].text == "Indstillingen godkendt.\nAfbud: Rikke Dam (F)"
    assert group[3].text == ""
    assert all(not s.text.endswith((" ", "\n")) for s in group)


def test_component_uses_own_decision_and_body() -> None:
    # a plain heading is the meeting's own; a dated heading with no header to match is history
    text = (
        "1. Vedtægt for musikskolen\nIndstilling\n" + R_UP_ADDRESS + "\n"
        "Beslutning\nGodkendt.\nBeslutning i Kulturudvalget den 3. marts 2025\nIkke godkendt.\n"
    )
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = nlp.make_doc(text)
    items = [Span(doc, 0, len(doc), label="ITEM")]
    rec_start = text.index("Sekretariatet")
    first = text.index("Godkendt.")
    second = text.index("Ikke godkendt.")
    sections = [
        _span(doc, rec_start, text.index("Beslutning"), "INDSTILLING"),
        _span(doc, first, first + len("Godkendt.\n"), "BESLUTNING"),
        _span(doc, second, len(text), "TIDLIGERE_BESLUTNING"),
    ]
    doc.spans[ITEMS_KEY] = SpanGroup(doc, name=ITEMS_KEY, spans=items)
    doc.spans[SECTIONS_KEY] = SpanGroup(doc, name=SECTIONS_KEY, spans=sections)
    out = nlp(doc)
    assert [s.label_ for s in out.spans[DECISIONS_KEY]] == [A]
    assert out.spans[DECISIONS_KEY][0].text == "Godkendt."
    # with a header naming the byråd as the body, the same approval decides the matter
    header_doc = nlp.make_doc("Byrådet\n" + text)
    offset = len("Byrådet\n")
    header_doc.spans[HEADER_KEY] = SpanGroup(header_doc, name=HEADER_KEY, spans=[Span(header_doc, 0, 1, label="BODY")])
    header_doc.spans[ITEMS_KEY] = SpanGroup(header_doc, name=ITEMS_KEY, spans=[
        Span(header_doc, 2, len(header_doc), label="ITEM")
    ])
    header_doc.spans[SECTIONS_KEY] = SpanGroup(header_doc, name=SECTIONS_KEY, spans=[
        header_doc.char_span(s.start_char + offset, s.end_char + offset, label=s.label_) for s in sections
    ])
    assert nlp(header_doc).spans[DECISIONS_KEY][0].label_ == G


def test_component_without_span_groups_does_nothing() -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = nlp("Godkendt.")
    assert DECISIONS_KEY not in doc.spans
    empty = nlp("")
    assert DECISIONS_KEY not in empty.spans


def test_component_items_without_decision_get_no_span() -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = nlp.make_doc("1. Punkt uden beslutning\nSagsfremstilling\nTekst.\n")
    doc.spans[ITEMS_KEY] = SpanGroup(doc, name=ITEMS_KEY, spans=[Span(doc, 0, len(doc), label="ITEM")])
    doc.spans[SECTIONS_KEY] = SpanGroup(doc, name=SECTIONS_KEY, spans=[])
    out = nlp(doc)
    assert len(out.spans[DECISIONS_KEY]) == 0
    assert out.spans[DECISIONS_KEY].attrs == {"scores": [], "items": []}


def _custom_pipeline():
    nlp = spacy.blank("da")
    pipe = nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    data = json.loads(json.dumps(default_rules().data))
    data["decision_cues"].insert(0, {"label": "Udsat", "weight": 0.9, "pattern": r"\bparkeret\b"})
    nlp.initialize()
    pipe.initialize(rules=data)
    return nlp, data


def test_bytes_round_trip() -> None:
    nlp, data = _custom_pipeline()
    pipe = nlp.get_pipe("minutes_decisions")
    fresh = spacy.blank("da").add_pipe("minutes_decisions")
    fresh.from_bytes(pipe.to_bytes())
    assert fresh.rules.data == data
    assert classify_decision("Parkeret.", rules=fresh.rules)[0] == U
    nlp2 = spacy.blank("da")
    nlp2.add_pipe("minutes_decisions")
    nlp2.from_bytes(nlp.to_bytes())
    assert nlp2.get_pipe("minutes_decisions").rules.data == data


def test_disk_round_trip(tmp_path: Path) -> None:
    nlp, data = _custom_pipeline()
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "minutes_decisions" / "rules.json").exists()
    loaded = spacy.load(tmp_path / "pipe")
    pipe = loaded.get_pipe("minutes_decisions")
    assert isinstance(pipe, DecisionClassifier)
    assert pipe.rules.data == data
    doc = _run(loaded)
    assert [s.label_ for s in doc.spans[DECISIONS_KEY]] == [G, O, A, N]


# --- real data (skipped when absent) -------------------------------------------------------------

DATA = Path(os.environ.get("MINUTES_NLP_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


@pytest.mark.data
def test_seed_minutes_decisions_get_valid_labels() -> None:
    seeds = sorted((DATA / "minutes" / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seed minutes under MINUTES_NLP_DATA")
    seen = set()
    for path in seeds:
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.strip().rstrip(":") == "Beslutning":
                body = next((l for l in lines[i + 1:i + 4] if l.strip()), "")
                label, score = classify_decision(body)
                assert label in DECISION_LABELS and 0 <= score <= 1
                seen.add(label)
    assert {G, O}.issubset(seen)


# --- decision histories: which block is this meeting's (decision_history.py) ---------------------

from minutes_nlp.components.decision_history import (  # noqa: E402
    body_key,
    bodies_match,
    choose_decision,
    heading_before,
    parse_heading,
)
import datetime as dt  # noqa: E402


@pytest.mark.parametrize("heading, body, date", [
    ("Beslutning Økonomiudvalget den 02-02-2021", {"økonomiudvalg"}, dt.date(2021, 2, 2)),
    ("Beslutning i Byrådet den 6. februar 2014", {"top"}, dt.date(2014, 2, 6)),
    ("Beslutning fra Udvalget for Natur og Vand, 17. marts 2021, pkt. 32:", {"udvalg", "natur", "vand"},
     dt.date(2021, 3, 17)),
    ("BESLUTNING: Økonomiudvalget den 22-10-2020", {"økonomiudvalg"}, dt.date(2020, 10, 22)),
    ("Beslutning Byrådet, 20.09.2016", {"top"}, dt.date(2016, 9, 20)),
    ("Beslutning på byrådsmødet den 22. juni 2022", {"top"}, dt.date(2022, 6, 22)),
    ("Beslutning i Kommunalbestyrelsen den 05-12-2017", {"top"}, dt.date(2017, 12, 5)),
    ("Beslutning Solby Byråd 2018-2021 den 26-04-2018", {"solby", "top"}, dt.date(2018, 4, 26)),
    ("BESLUTNING I KOMMUNALBESTYRELSEN DEN", {"top"}, None),
    ("• Beslutning i Plan- og Miljøudvalget den 13.08.2024", {"plan", "miljøudvalg"}, dt.date(2024, 8, 13)),
    ("Økonomiudvalgets beslutning", {"økonomiudvalg"}, None),
    ("Beslutning", None, None),
    ("Beslutning:", None, None),
    ("Udvalgets beslutning", None, None),
])
def test_parse_decision_heading(heading: str, body, date) -> None:
    parsed = parse_heading(heading)
    assert parsed is not None
    assert body_key(parsed.body) == (frozenset(body) if body else None)
    assert parsed.date == date


@pytest.mark.parametrize("line", [
    "Beslutningssag: Ny skolestruktur",                 # item-type prefix
    "Beslutning om at lukke svømmehallen om sommeren",  # a title
    "Budget 2026, 2. behandling (Beslutning)",         # contents-line suffix
    "Beslutningen blev truffet i fællesskab",
    "Der træffes ikke beslutning på mødet",
    "Beslutning ikke frigivet",
])
def test_false_friends_are_not_decision_headings(line: str) -> None:
    assert parse_heading(line) is None


def test_heading_before_a_section() -> None:
    text = "Sag 4\nBeslutning i Byrådet den 2. maj 2025\n\n  Godkendt.\nBeslutningTiltrådt."
    assert heading_before(text, text.index("Godkendt")) == "Beslutning i Byrådet den 2. maj 2025"
    assert heading_before(text, text.index("Tiltrådt")) == "Beslutning"  # glued heading
    assert heading_before(text, text.index("Sag")) == ""


def test_bodies_match() -> None:
    assert bodies_match("Byrådet", "byrådsmødet") is True
    assert bodies_match("Solby Byråd", "Byrådet") is True
    assert bodies_match("Kommunalbestyrelsen", "KB") is True
    assert bodies_match("Økonomiudvalget", "Byrådet") is False
    assert bodies_match("Udvalget", "Økonomiudvalget") is None
    assert bodies_match(None, "Byrådet") is None


HISTORY = [
    "Beslutning i Teknik- og Miljøudvalget den 03-03-2025",
    "Beslutning i Økonomiudvalget den 17-03-2025",
    "Beslutning i Byrådet den 31-03-2025",
]


def test_history_choice_by_matching_body() -> None:
    assert choose_decision(HISTORY, body="Økonomiudvalget") == 1
    assert choose_decision(HISTORY, body="Teknik- og Miljøudvalget") == 0
    assert choose_decision(HISTORY, body="Byråd") == 2


def test_history_choice_by_matching_date() -> None:
    assert choose_decision(HISTORY, date=dt.date(2025, 3, 17)) == 1
    assert choose_decision(HISTORY, date=dt.date(2025, 3, 3)) == 0


def test_history_choice_body_and_date_beat_one() -> None:
    readings = ["Beslutning i Kommunalbestyrelsen den 27-11-2025", "Beslutning i Kommunalbestyrelsen den 11-12-2025"]
    assert choose_decision(readings, body="Kommunalbestyrelsen", date=dt.date(2025, 11, 27)) == 0
    assert choose_decision(readings, body="Kommunalbestyrelsen", date=dt.date(2025, 12, 11)) == 1
    # the same body on another day is an earlier meeting, not this one
    assert choose_decision(["Beslutning", "Beslutning i Økonomiudvalget den 02-06-2025"],
                           body="Økonomiudvalget", date=dt.date(2025, 9, 1)) == 0


def test_history_choice_neither_matches_last_wins() -> None:
    assert choose_decision(HISTORY) == 2
    assert choose_decision(HISTORY, body="Socialudvalget", date=dt.date(2025, 5, 5)) == 2


def test_history_choice_plain_heading_and_empty_blocks() -> None:
    # plain heading = the meeting's own; another body's dated block is history
    headings = ["Beslutning", "Beslutning i Socialudvalget den 12.08.2024", "Beslutning i Økonomiudvalget den 28.08.2024"]
    assert choose_decision(headings, body="Byrådet", date=dt.date(2024, 9, 4)) == 0
    # a matching heading left empty loses to the plain heading that carries the text
    own = ["Beslutning", "Beslutning i Socialudvalget den 10.01.2022"]
    assert choose_decision(own, body="Socialudvalget", date=dt.date(2022, 1, 10), texts=["Godkendt.", ""]) == 0
    assert choose_decision(own, body="Socialudvalget", date=dt.date(2022, 1, 10), texts=["Godkendt.", "Tiltrådt."]) == 1
    # false friends count only when nothing else is a decision heading
    assert choose_decision(["Beslutning i Byrådet den 31-03-2025", "Beslutningssag: Skolestruktur"]) == 0
    with pytest.raises(ValueError):
        choose_decision([])


def _history_doc(nlp, body: str | None, date: str | None, history: list[tuple[str, str]], before: str = ""):
    """A doc with an optional header (BODY, DATE lines), one item, an Indstilling and decision blocks
    (heading, text) labelled as a segmenter that always picks the first would label them."""
    head = "".join(f"{v}\n" for v in (body, date) if v)
    text = head + "1. Ny belysning på stadion\n" + before + "Indstilling\n" + R_APPROVE + "\n"
    spans = [(text.index("Forvaltningen"), len(text) - 1, "INDSTILLING")]
    for k, (heading, decision) in enumerate(history):
        text += heading + "\n"
        spans.append((len(text), len(text) + len(decision), "BESLUTNING" if k == 0 else "TIDLIGERE_BESLUTNING"))
        text += decision + "\n"
    doc = nlp.make_doc(text)
    item_start = len(head)
    doc.spans[ITEMS_KEY] = SpanGroup(doc, name=ITEMS_KEY, spans=[_span(doc, item_start, len(text), "ITEM")])
    doc.spans[SECTIONS_KEY] = SpanGroup(doc, name=SECTIONS_KEY, spans=[_span(doc, a, b, lab) for a, b, lab in spans])
    header = []
    if body:
        header.append(_span(doc, 0, len(body), "BODY"))
    if date:
        start = len(body) + 1 if body else 0
        header.append(_span(doc, start, start + len(date), "DATE"))
    doc.spans[HEADER_KEY] = SpanGroup(doc, name=HEADER_KEY, spans=header)
    return doc


CHAIN = [
    ("Beslutning Teknikudvalget den 03-03-2025", "Indstilles godkendt."),
    ("Beslutning Økonomiudvalget den 17-03-2025", "Anbefales over for Byrådet."),
    ("Beslutning Byrådet den 31-03-2025", "Udsat til næste møde."),
]


@pytest.mark.parametrize("body, date, chosen, label", [
    ("Økonomiudvalget", None, 1, A),           # matching body
    (None, "17.03.2025", 1, A),                # matching date
    ("Byrådet", "31. marts 2025", 2, U),       # both
    ("Teknikudvalget", "3. marts 2025", 0, A),
    (None, None, 2, U),                        # neither: the last block
    ("Socialudvalget", "01.01.2025", 2, U),    # no match either: the last block
])
def test_component_chooses_this_meetings_decision(body, date, chosen, label) -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = nlp(_history_doc(nlp, body, date, CHAIN))
    group = doc.spans[DECISIONS_KEY]
    assert [s.label_ for s in group] == [label]
    assert group[0].text == CHAIN[chosen][1]
    decision_sections = [s for s in doc.spans[SECTIONS_KEY] if s.label_ in ("BESLUTNING", "TIDLIGERE_BESLUTNING")]
    assert [s.label_ for s in decision_sections] == [
        "BESLUTNING" if k == chosen else "TIDLIGERE_BESLUTNING" for k in range(len(CHAIN))]
    assert group[0].start_char == decision_sections[chosen].start_char


@pytest.mark.parametrize("competence, body, expected", [
    ("Kompetence: Byrådet\n", "Økonomiudvalget", A),
    ("Beslutningskompetence: Byrådet\n", "Teknikudvalget", A),
    ("Sagen afgøres i: Kommunalbestyrelsen\n", "Økonomiudvalget", A),
    ("Forventet sagsgang KF, ØK, BY\n", "Klima- og Forsyningsudvalget", A),
    ("Kompetence:\nØkonomiudvalget\n", "Teknikudvalget", A),
    ("Kompetence: Byrådet\n", "Byrådet", G),                 # the top body decides itself
    ("Kompetence: Teknikudvalget\n", "Teknikudvalget", G),   # the meeting's own competence
    ("", "Økonomiudvalget", G),                               # no competence line
])
@pytest.mark.parametrize("decision", ["Tiltrådt.", "Indstillingen er tiltrådt."])
def test_competence_line_makes_approval_a_recommendation(competence: str, body: str, expected: str,
                                                         decision: str) -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = nlp(_history_doc(nlp, body, None, [("Beslutning", decision)], before=competence))
    assert [s.label_ for s in doc.spans[DECISIONS_KEY]] == [expected]


def test_competence_from_heading_body_when_header_lacks_it() -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = nlp(_history_doc(nlp, None, None, [("Beslutning Økonomiudvalget den 17-03-2025", "Tiltrådt.")],
                           before="Kompetence: Byrådet\n"))
    assert [s.label_ for s in doc.spans[DECISIONS_KEY]] == [A]


# --- phrasings of other municipalities (rules in decision_rules.json) -----------------------------

@pytest.mark.parametrize("decision, expected", [
    # referral without deciding → Udsat; with a recommendation → Anbefales (reading rules 2 and 3)
    ("Sagen oversendes til ØU/KB uden anbefaling.", U),
    ("Udvalget oversender punktet til Byrådet uden en anbefaling.", U),
    ("Udvalget videresender sagen til økonomiudvalget til videre foranstaltning.", U),
    ("Teknikudvalget videresender sagen til Økonomiudvalget.", U),
    ("Medborgerforslaget blev oversendt til Magistraten.", U),
    ("Udvalget oversender sagen til Byrådet med anbefaling af forvaltningens forslag.", A),
    ("Sagen sendes videre til Kommunalbestyrelsen med udvalgets anbefaling.", A),
    # returns and withdrawals
    ("Punkt 9 sendes tilbage til udvalget, som skal have et nyt overslag.", U),
    ("Sagen sendes tilbage til udvalget.", U),
    ("Punktet blev trukket.", U),
    ("Sagen blev ikke behandlet på mødet.", U),
    # recommendations upward
    ("Anbefales over for KB.", A),
    ("Indstillingspunkterne 1 – 3 anbefales overfor Kommunalbestyrelsen.", A),
    ("Indstilles godkendt.", A),
    ("Forslaget indstilles til godkendelse.", A),
    ("1. Indstilles godkendt. 2. Indstilles godkendt.", A),
    ("1. - 2. Anbefalet med den ændring at stien flyttes mod nord.", A),
    # falls, adoptions, elections
    ("Faldet.", IG),
    ("Ændringsforslag fra Ø om gratis busser: Faldet.\nIndstillingen godkendt.", G),
    ("Ad 1: Ændringsforslaget faldt.\nAd 2: Godkendt.", G),
    ("Ændringsforslag ikke vedtaget.\nIndstillingen godkendt.", G),
    ("Ændringsforslaget blev ikke vedtaget. Taksterne blev herefter vedtaget.", G),
    ("Foretoges.", G),
    ("Valget af formand foretoges.", G),
    ("Dækningsafgiften vedtoges uændret 5 promille.", G),
    ("Vedtoges.", G),
    # notes
    ("Orientering givet.", O),
    ("Dialogen blev taget til efterretning.", O),
    # numbered and glued decisions
    ("1. Godkendt. 2. Godkendt.", G),
    ("1. Godkendt.\n2. Godkendt.", G),
    ("BeslutningGodkendt.", G),
    ("BESLUTNING: Godkendt.", G),
    # nothing decided
    ("Intet til spørgetiden.", N),
    ("Der blev svaret på det rejste spørgsmål.", N),
    ("Fraværende: Jens Bak (V)\n\nLise Krog: Spørgsmål om trafikken ved skolen.", N),
    ("Ole Dam: Spørgsmål til punkt 4 om budgettet for dagtilbud.", N),
    # postponed in various forms
    ("Udsat.", U),
    ("Udsættes.", U),
    ("Punkt 12 udsættes.", U),
    ("Sagen blev udsat til et senere møde.", U),
    ("Sagen udsættes til ekstraordinært ØU forud for KB.", U),
    ("Behandlingen blev udskudt.", U),
])
def test_phrasings_of_other_municipalities(decision: str, expected: str) -> None:
    label, score = classify_decision(decision, R_APPROVE)
    assert label == expected
    assert 0.5 <= score <= 1


def test_amendment_lines_do_not_decide_the_label() -> None:
    # the amendment's fate is not the item's: a recommendation next to it stays Anbefales
    assert classify_decision("Ændringsforslaget faldt.\nAnbefales.", R_UP)[0] == A
    # a dissent or vote tally next to an adoption stays Godkendt
    assert classify_decision("Ændringsforslag ikke vedtaget.\nFor stemte: 4 (A+F)\nGodkendt.", R_APPROVE)[0] == G
    # a real rejection of the item itself still wins
    assert classify_decision("Ændringsforslaget faldt.\nIndstillingen ikke godkendt.", R_APPROVE)[0] == IG


def test_referral_cues_do_not_fire_on_a_recommendation_word_in_passing() -> None:
    # "anbefaling" as a noun in a request is no recommendation upward
    assert classify_decision("Udvalget undlod at tage stilling og ønsker dokumentation for anbefaling af leverandør.",
                             R_APPROVE)[0] == U


def test_competence_line_helpers() -> None:
    from minutes_nlp.components.decision_classify import expand_body_abbreviations, find_competence

    assert find_competence("Sagsnr.: 25/1\nKompetence: Byrådet\nResume\n") == "Byrådet"
    assert find_competence("Beslutningskompetence: Økonomiudvalget") == "Økonomiudvalget"
    assert find_competence("Sagen afgøres i: Kommunalbestyrelsen") == "Kommunalbestyrelsen"
    assert find_competence("Forventet sagsgang KF, ØK, BY") == "KF, Økonomiudvalget, Byrådet"
    assert find_competence("Kompetence\nByrådet\n") == "Byrådet"
    assert find_competence("Ingen linjer om kompetence her.") is None
    assert expand_body_abbreviations("BYGGERI i KB") == "BYGGERI i Kommunalbestyrelsen"


def test_shipped_model_carries_the_packaged_rules() -> None:
    """models/minutes_da keeps its own copy of the rules: it must follow resources/decision_rules.json."""
    shipped = Path(__file__).resolve().parents[1] / "models" / "minutes_da" / "minutes_decisions" / "rules.json"
    if not shipped.exists():
        pytest.skip("no shipped model")
    assert json.loads(shipped.read_text(encoding="utf-8")) == default_rules().data


@pytest.mark.parametrize("heading", [
    "Beslutningssag: Ny skolestruktur", "Budget 2026, 2. behandling (Beslutning)", "Beslutning om at lukke svømmehallen",
])
def test_lone_false_friend_block_is_no_decision(heading: str) -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = nlp(_history_doc(nlp, None, None, [(heading, "Kulturudvalget ønsker et oplæg.")]))
    assert len(doc.spans[DECISIONS_KEY]) == 0
    # …while a real decision block next to it is chosen
    doc = nlp(_history_doc(nlp, None, None, [(heading, "Kulturudvalget ønsker et oplæg."), ("Beslutning", "Udsat.")]))
    assert [(s.label_, s.text) for s in doc.spans[DECISIONS_KEY]] == [(U, "Udsat.")]
    doc = nlp(_history_doc(nlp, None, None, [("Beslutning", "Udsat."), (heading, "Kulturudvalget ønsker et oplæg.")]))
    assert [(s.label_, s.text) for s in doc.spans[DECISIONS_KEY]] == [(U, "Udsat.")]


def test_component_reads_the_header_date_value() -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = _history_doc(nlp, None, None, CHAIN)
    doc.spans[HEADER_KEY].attrs["date_value"] = "2025-03-17"  # a year the header parser resolved
    assert [s.text for s in nlp(doc).spans[DECISIONS_KEY]] == [CHAIN[1][1]]


# --- layout: wrapped lines, page furniture, glued and sentence headings ----------------------------


@pytest.mark.parametrize("decision, expected", [
    # a PDF wrap inside the sentence: the wrapped tail is no approval of its own
    ("Socialudvalget anbefaler over for byrådet, at forvaltningens indstilling\ngodkendes.", A),
    ("Socialudvalget anbefaler over for byrådet, at Kultur- og Fritidsud-\nvalgets indstilling godkendes.", A),
    ("Socialudvalget anbefaler over for byrådet, at Kultur- og\nFritidsudvalgets indstilling godkendes.", A),
    ("Kulturudvalget tog orienteringen til efterretning med bemærkning om, at udvalget\nønsker en ny sag om "
     "åbningstiderne.", G),
    # a decimal enumerator does not end the recommending sentence
    ("Kulturudvalget anbefaler, at trin 1.1-1.3 og\ntrin 2.1-2.4 godkendes.", A),
    # page furniture and case-number lines inside the decision text
    ("Taget til efterretning.\n\nSide 4 af 12\n\nREFERAT - SOCIALUDVALGET - 02.05.2024", O),
    ("Der var ingen bemærkninger.\n\n24-004512", N),
    ("Der var ingen bemærkninger.\n\nSagsnr.: 24-004512K", N),
    ("Til toppen\n\nIngen.", N),
    # a heading word glued to an enumerator
    ("Beslutning1. Taget til efterretning.\n\n2. Taget til efterretning.", O),
])
def test_layout_noise_does_not_change_the_label(decision: str, expected: str) -> None:
    assert classify_decision(decision, R_APPROVE)[0] == expected


def test_unwrap_joins_only_wrapped_sentences() -> None:
    from minutes_nlp.components.decision_classify import unwrap

    assert unwrap("at forvaltningens\ngodkendes.") == "at forvaltningens godkendes."
    assert unwrap("Fritidsud-\nvalgets") == "Fritidsudvalgets"
    assert unwrap("Kultur- og\nFritidsudvalget") == "Kultur- og Fritidsudvalget"
    assert unwrap("Godkendt.\nFraværende: Ib Hansen") == "Godkendt.\nFraværende: Ib Hansen"
    assert unwrap("Godkendt\n\nmed bemærkning") == "Godkendt\n\nmed bemærkning"
    assert unwrap("Udvalget besluttede\nat der indkaldes tilbud") == "Udvalget besluttede\nat der indkaldes tilbud"
    assert unwrap("Anbefales med følgende ændringer i\n2. afsnit") == "Anbefales med følgende ændringer i\n2. afsnit"


def _layout_doc(text: str, sections: list[tuple[str, int, int]]):
    """One item over the whole text, sections as (label, start, end) characters (end == start: empty)."""
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    nlp.initialize()
    doc = nlp.make_doc(text)

    def section(label: str, start: int, end: int) -> Span:
        if end > start:
            return _span(doc, start, end, label)
        token = next(t for t in doc if t.idx >= start)
        return Span(doc, token.i, token.i, label)

    doc.spans[ITEMS_KEY] = SpanGroup(doc, name=ITEMS_KEY, spans=[_span(doc, 0, len(text), "ITEM")])
    doc.spans[SECTIONS_KEY] = SpanGroup(doc, name=SECTIONS_KEY, spans=[section(*s) for s in sections])
    return nlp(doc)


def _at(text: str, words: str, last: str | None = None) -> tuple[int, int]:
    start = text.index(words)
    return start, (text.index(last, start) + len(last)) if last else start


def test_glued_decision_heading_left_in_another_section_is_read() -> None:
    text = ("1. Busbetjening af erhvervsområdet\n\nIndstilling\nForvaltningen indstiller, at udvalget godkender "
            "analysens indhold.\n\nBeslutning1. Udvalget godkender analysens indhold.\n\n2. Godkendt.")
    doc = _layout_doc(text, [("INDSTILLING", *_at(text, "Forvaltningen", "2. Godkendt."))])
    [span] = doc.spans[DECISIONS_KEY]
    assert span.label_ == G and "Udvalget godkender" in span.text and "Forvaltningen" not in span.text


def test_glued_recommendation_heading_inside_the_head_section_is_the_recommendation() -> None:
    text = ("1. Temadag om affaldsplanen\n\nResumePå temadagen præsenteres planen.\n\nIndstillingDer skal ikke "
            "træffes beslutning på temadagen.\n\nBeslutning\nTemadagen blev holdt.")
    doc = _layout_doc(text, [("HEAD", *_at(text, "ResumePå", "på temadagen.")),
                             ("BESLUTNING", *_at(text, "Temadagen blev", "holdt."))])
    assert [s.label_ for s in doc.spans[DECISIONS_KEY]] == [N]
    assert classify_decision("Temadagen blev holdt.")[0] == G  # without the recommendation


def test_sentence_taken_for_a_decision_heading_stays_in_the_recommendation() -> None:
    text = ("1. Temadag om affaldsplanen\n\nINDSTILLING\nDer skal ikke træffes beslutning på temadagen. "
            "Temadagen skal bruges til\norientering og dialog.\n\nBESLUTNING\nTemadagen blev holdt.")
    doc = _layout_doc(text, [("INDSTILLING", *_at(text, "Der skal")),
                             ("TIDLIGERE_BESLUTNING", *_at(text, "orientering og", "dialog.")),
                             ("BESLUTNING", *_at(text, "Temadagen blev", "holdt."))])
    assert [s.label_ for s in doc.spans[DECISIONS_KEY]] == [N]


def test_wrapped_decision_line_ending_in_a_heading_word_runs_on() -> None:
    text = ("1. Ny lejeaftale for klubhuset\n\nINDSTILLING\nForvaltningen indstiller, at lejeaftalen godkendes.\n\n"
            "BESLUTNING\nSocialudvalget anbefaler overfor byrådet at forvaltningens indstilling\ngodkendes.")
    tail = text.rindex("godkendes.")
    doc = _layout_doc(text, [("INDSTILLING", *_at(text, "Forvaltningen", "lejeaftalen godkendes.")),
                             ("BESLUTNING", *_at(text, "Socialudvalget")),
                             ("INDSTILLING", tail, len(text))])
    [span] = doc.spans[DECISIONS_KEY]
    assert span.label_ == A and span.text.startswith("Socialudvalget anbefaler")


def test_citizens_question_time_is_no_decision() -> None:
    from minutes_nlp.components.decisions import classify_decision

    assert classify_decision("Der blev stillet spørgsmål til:\n\n- Busruten i nord\n\n- Stien ved søen")[0] == "Ingen beslutning"
    assert classify_decision("Karen Holm spurgte til vandværkets takster. Borgmesteren svarede.")[0] == "Ingen beslutning"
    assert classify_decision("Godkendt. Bo Jensen (V) stillede spørgsmål til økonomien.")[0] == "Godkendt"


def test_removing_another_item_from_the_agenda_does_not_postpone_this_one() -> None:
    """Under "Godkendelse af dagsorden" (item 4) a sentence taking item 21 off the agenda speaks of
    item 21; the same sentence under item 21, or one whose subject is this item, is Udsat."""
    text = ("Formanden foreslog, at dagsordenens punkt 21 om sag nr. 7 (vejbelysning) tages af dagsordenen.\n"
            "For forslaget stemte 15.\nImod forslaget stemte 2.")
    assert classify_decision(text, item_number="4")[0] == DecisionLabel.APPROVED.value
    assert classify_decision(text, item_number="21")[0] == DecisionLabel.POSTPONED.value
    assert classify_decision(text)[0] == DecisionLabel.POSTPONED.value  # no number known: as before
    assert classify_decision("Sagen udsættes og behandles sammen med punkt 12.", item_number="5")[0] \
        == DecisionLabel.POSTPONED.value


def test_a_number_after_an_abbreviation_does_not_start_a_sentence() -> None:
    """"sag nr. 19 …" is one sentence (the cue after it still sees the item it names)."""
    from minutes_nlp.components.decision_classify import _clean_parts
    from minutes_nlp.components.decision_rules import default_rules

    parts = _clean_parts("Punktet om sag nr. 19 og pkt. 4 blev drøftet kl. 17. Godkendt. 2. Anbefales.", default_rules())
    assert parts[0].startswith("Punktet om sag nr. 19 og pkt. 4 blev drøftet kl. 17.")
    assert parts[1:] == ["Godkendt.", "Anbefales."]


@pytest.mark.parametrize(("decision", "expected"), [
    ("Forvaltningen arbejder videre med sagen, og udvalget orienteres på næste møde.", DecisionLabel.APPROVED.value),
    ("Administrationen går videre med planen. Udvalget bliver orienteret ved et kommende møde.",
     DecisionLabel.APPROVED.value),
    ("Udvalget blev orienteret om sagen.", DecisionLabel.NOTED.value),
    ("Orienteringen blev taget til efterretning.", DecisionLabel.NOTED.value),
])
def test_a_promise_of_information_at_a_later_meeting_is_not_a_note(decision: str, expected: str) -> None:
    """"orienteret på næste møde" promises a later note; the decision itself is this sentence's other cue."""
    assert classify_decision(decision)[0] == expected


@pytest.mark.parametrize(("decision", "expected"), [
    ("Rådmanden orienterede om status på vejprojektet. Udvalget bad forvaltningen om en opgørelse af "
     "udgifterne til næste møde.", DecisionLabel.NOTED.value),
    ("Udvalget bad forvaltningen om en opgørelse af udgifterne til næste møde.", DecisionLabel.APPROVED.value),
    ("Formanden orienterede om dialogmødet.", DecisionLabel.NOTED.value),
])
def test_a_request_beside_an_orientation_stays_part_of_it(decision: str, expected: str) -> None:
    """A wish or request next to "X orienterede om …" is part of the note (as beside "taget til
    efterretning"); alone it is an act of the body's own."""
    assert classify_decision(decision)[0] == expected


def test_substitute_lines_are_attendance_not_a_decision() -> None:
    """"Som stedfortræder deltog …" records attendance (reading rule 4): an item that records only who
    was absent and who stood in has no decision, whatever its recommendation asks."""
    text = "Lise Holm (A) var fraværende. Som stedfortræder deltog Per Bak (A)\nOle Dam (V) var fraværende."
    assert classify_decision(text, "Mødets deltagere og fraværende noteres.")[0] == DecisionLabel.NO_DECISION.value
    assert classify_decision("Godkendt. Som stedfortræder deltog Per Bak (A).")[0] == DecisionLabel.APPROVED.value


def test_a_decision_that_repeats_the_agenda_approval_title_approves_it() -> None:
    """Some systems print the item's own words as its decision ("Godkendelse af dagsordenen")."""
    assert classify_decision("Godkendelse af dagsordenen", "Godkendelse af dagsordenen.")[0] == DecisionLabel.APPROVED.value
    assert classify_decision("Godkendelse af dagsordenen blev udsat.")[0] == DecisionLabel.POSTPONED.value


MEMBERS_QUESTIONS = """Referat til mødet i Kommunalbestyrelsen den 3. marts 2025

Åbne dagsordenspunkter

41. Spørgsmål fra rådmand Eva Lund om skolebusser

Sagsnr.: 00.01.00-P35-12-25

Sagsfremstilling

Foretoges.

"Hvor mange elever kører i dag med skolebus, og hvad koster ordningen om året?"

42. Forslag til beslutning om flere bænke i parkerne

Sagsnr.: 00.01.00-P35-13-25

Sagsfremstilling

Beslutningsforslaget blev oversendt til Magistraten.

"Vi foreslår, at der opsættes flere bænke i kommunens parker."

43. Salg af grund ved stationen

Sagsnr.: 00.01.00-P35-14-25

Sagsfremstilling

Grunden har været udbudt i to måneder, og forvaltningen har vurderet de indkomne bud.
"""


def test_an_outcome_line_heads_an_item_without_a_decision_section(rules_nlp) -> None:
    """Members' questions and proposals record their outcome as the first line of the case text."""
    from minutes_nlp.api import extract

    items = extract(MEMBERS_QUESTIONS, nlp=rules_nlp).items
    assert [it.number for it in items] == ["41", "42", "43"]
    assert [it.decision.label if it.decision else None for it in items] == [
        DecisionLabel.NO_DECISION.value, DecisionLabel.POSTPONED.value, None]
    assert items[0].decision.text == "Foretoges."


def test_an_outcome_line_with_an_unknown_label_is_a_clear_rule_error() -> None:
    import json
    from importlib.resources import files

    from minutes_nlp.components.decision_rules import DecisionRules

    data = json.loads(files("minutes_nlp").joinpath("resources/decision_rules.json").read_text(encoding="utf-8"))
    data["outcome_lines"] = [{"pattern": "Foretoges\\\\.?", "label": "Maybe"}]
    with pytest.raises(ValueError, match="outcome_lines"):
        DecisionRules.from_dict(data)
