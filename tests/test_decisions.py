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
    doc = _run(nlp)
    group = doc.spans[DECISIONS_KEY]
    assert [s.label_ for s in group] == [G, O, A, N]
    assert group.attrs["items"] == [0, 1, 2, 3]
    assert len(group.attrs["scores"]) == 4 and all(0 <= s <= 1 for s in group.attrs["scores"])
    assert group[0].text == "Godkendt."
    assert group[1].text == "Indstillingen godkendt.\nAfbud: Rikke Dam (F)"
    assert group[3].text == ""
    assert all(not s.text.endswith((" ", "\n")) for s in group)


def test_component_uses_first_decision_and_body() -> None:
    text = (
        "1. Vedtægt for musikskolen\nIndstilling\n" + R_UP_ADDRESS + "\n"
        "Beslutning\nGodkendt.\nBeslutning\nIkke godkendt.\n"
    )
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    doc = nlp.make_doc(text)
    items = [Span(doc, 0, len(doc), label="ITEM")]
    rec_start = text.index("Sekretariatet")
    first = text.index("Godkendt.")
    second = text.index("Ikke godkendt.")
    sections = [
        _span(doc, rec_start, text.index("Beslutning"), "INDSTILLING"),
        _span(doc, first, first + len("Godkendt.\n"), "BESLUTNING"),
        _span(doc, second, len(text), "BESLUTNING"),
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
    doc = nlp("Godkendt.")
    assert DECISIONS_KEY not in doc.spans
    empty = nlp("")
    assert DECISIONS_KEY not in empty.spans


def test_component_items_without_decision_get_no_span() -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_decisions")
    doc = nlp.make_doc("1. Punkt uden beslutning\nSagsfremstilling\nTekst.\n")
    doc.spans[ITEMS_KEY] = SpanGroup(doc, name=ITEMS_KEY, spans=[Span(doc, 0, len(doc), label="ITEM")])
    doc.spans[SECTIONS_KEY] = SpanGroup(doc, name=SECTIONS_KEY, spans=[])
    out = nlp(doc)
    assert len(out.spans[DECISIONS_KEY]) == 0
    assert out.spans[DECISIONS_KEY].attrs == {"scores": [], "items": []}


def _custom_pipeline():
    nlp = spacy.blank("da")
    pipe = nlp.add_pipe("minutes_decisions")
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
