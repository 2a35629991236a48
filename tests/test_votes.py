"""Tests for minutes_votes (issue 11). All texts are invented (tests/fixtures/votes/)."""
from __future__ import annotations

import json
from pathlib import Path

import spacy

from minutes_nlp.components.vote_parse import parse_decision
from minutes_nlp.components.vote_rules import default_rules
from minutes_nlp.pipeline import RULE_COMPONENTS

FIXTURES = Path(__file__).parent / "fixtures" / "votes" / "written_votes.jsonl"


def _rows():
    return [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]


def test_fixture_size_and_offsets():
    rows = _rows()
    assert len(rows) >= 30 and sum(len(v["positions"]) for r in rows for v in r["votes"]) >= 120
    for r in rows:
        for v in r["votes"]:
            for p in v["positions"]:
                assert r["text"][p["start_char"]:p["end_char"]] == p["voter"]


def test_written_fixtures_f_at_least_098():
    import sys
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from votes import score_written

    res = score_written(FIXTURES)
    assert res["positions"][2] >= 0.98 and res["remarks"][2] >= 0.98 and res["conflicts"][2] >= 0.98
    assert res["counts"][0] >= 0.98


def test_positions_grounded():
    text = "Godkendt. Anna Holm (A) og Ø stemte imod. 1 medlem (O) tager forbehold."
    parsed = parse_decision(text, default_rules())
    (vote,) = parsed.votes
    assert vote.result == "pass"
    got = [(p.voter, p.option, p.party, text[p.start:p.end]) for p in vote.positions]
    assert got == [("Anna Holm", "no", "A", "Anna Holm"), ("Ø", "no", "Ø", "Ø"), ("O", "reservation", "O", "O")]


def test_attendance_is_not_a_vote():
    assert parse_decision("Fraværende: Per Holt (A), Rikke Sand (V)", default_rules()).votes == []


def test_component_in_rules_pipeline_and_roundtrip(tmp_path):
    from minutes_nlp import extract, pipeline

    assert RULE_COMPONENTS[-1] == "minutes_votes"
    nlp = pipeline.blank()
    text = ("Referat af Byrådet\n\n1. Skolestruktur\nIndstilling\nForvaltningen indstiller, at planen godkendes.\n"
            "Beslutning\nGodkendt.\n\nFor stemte: A, V, C (i alt 15)\nImod stemte: Ø (i alt 3)\n"
            "Hans Toft (C) erklærede sig inhabil.\n")
    doc = nlp(text)
    assert "minutes_votes" in doc.spans
    nlp.to_disk(tmp_path / "m")
    again = spacy.load(tmp_path / "m")
    assert again.get_pipe("minutes_votes").rules.data == nlp.get_pipe("minutes_votes").rules.data
    m = extract(text)
    m.check_offsets(text)
    item = m.items[0]
    assert [(p.voter, p.option) for p in item.votes[0].positions] == [("A", "yes"), ("V", "yes"), ("C", "yes"), ("Ø", "no")]
    assert {(c.option, c.value) for c in item.votes[0].counts} == {("yes", 15), ("no", 3)}
    assert [c.text for c in item.conflicts] == ["Hans Toft"]


def test_blank_component():
    nlp = spacy.blank("da")
    nlp.add_pipe("minutes_votes")
    nlp.initialize()
    assert nlp("Ingen afsnit her.").spans.get("minutes_votes") is None


# --- negated and asked inhabilitet, remarks, positions restated in remarks (issue 11, part 2) ---------
def _parse(text):
    return parse_decision(text, default_rules())


def test_negated_inhabilitet_is_no_conflict():
    assert _parse("Byrådet erklærede Jens Holm (V) for ikke inhabil i punktets behandling.").conflicts == []
    assert _parse("Ingen af medlemmerne erklærede sig inhabile.").conflicts == []
    assert _parse("Administrationen vurderer, at han ikke er inhabil i sagen.").conflicts == []


def test_question_about_inhabilitet_is_no_conflict_but_the_declaration_is():
    text = ("Karen Lund (A) spurgte udvalget, om hun var inhabil, da hun sidder i Greve Golfklub.\n"
            "Udvalget erklærede Karen Lund (A) for inhabil i punktets behandling.\n"
            "Karen Lund (A) forlod herefter mødet.")
    (conflict,) = _parse(text).conflicts
    assert (conflict.name, conflict.party) == ("Karen Lund", "A")
    assert text[conflict.start:conflict.end] == "Karen Lund" and conflict.start > text.index("erklærede")
    assert _parse("Det blev drøftet, hvorvidt Ole Dam (C) kunne være inhabil.").conflicts == []
    assert _parse("Bo Vang (C) har spurgt, om han er inhabil.").conflicts == []


def test_declared_unable_to_take_part_in_the_case_is_a_conflict_but_absence_is_not():
    """"Udvalget erklærede, at X ikke kan deltage i sagens behandling" declares a conflict without the
    word inhabil; "deltog ikke i mødet" is attendance."""
    text = "Udvalget erklærede, at Mette Lind (F) ikke kan deltage i sagens behandling, da hun er ansat på skolen."
    (conflict,) = _parse(text).conflicts
    assert (conflict.name, conflict.party) == ("Mette Lind", "F")
    assert _parse("Mette Lind (F) deltog ikke i mødet.").conflicts == []
    assert _parse("Mette Lind (F) kunne ikke deltage i mødet.").conflicts == []


def test_conflict_names_only_the_declared_clause():
    """The reason clause ("da hun er formand for Tune Boldklub") names no one declared inhabil."""
    parsed = _parse("Lise Kragh (A) erklærede sig inhabil, da hun er formand for Tune Boldklub.")
    assert [c.name for c in parsed.conflicts] == ["Lise Kragh"]


def test_negation_cues_are_data(tmp_path):
    from minutes_nlp.components.vote_rules import load_rules

    data = json.loads(json.dumps(default_rules().data))
    data["conflict_negations"] = []
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = "Byrådet erklærede Jens Holm (V) for ikke inhabil."
    assert [c.name for c in parse_decision(text, load_rules(path)).conflicts] == ["Jens Holm"]
    assert _parse(text).conflicts == []


def test_dangling_cue_gives_its_option_to_the_lines_below():
    text = ("For stemte:\n\nLise Berg (A)\n\nNiels Juhl (V)\n\nImod stemte:\n\n"
            "(Ø) med bemærkning om, ”at Enhedslisten stemmer imod, fordi det koster for meget.”\n\n"
            "Fraværende: Ib Lund")
    parsed = _parse(text)
    assert [(p.voter, p.option) for v in parsed.votes for p in v.positions] == [
        ("Lise Berg", "yes"), ("Niels Juhl", "yes"), ("Ø", "no")]
    assert [(r.kind, r.by) for r in parsed.remarks] == [("other", ["Ø"])]


def test_position_restated_inside_a_remark_is_not_a_second_position():
    text = ("Imod stemte (F) og (Ø). (F) med bemærkning om, ”SF stemmer imod, da prisen er for høj.” "
            "(Ø) med bemærkning om, ”Enhedslisten kan ikke støtte en højere takst.”\n"
            "(C) støtter punkt 3.")
    parsed = _parse(text)
    assert [(p.voter, p.option) for v in parsed.votes for p in v.positions] == [("F", "no"), ("Ø", "no"), ("C", "yes")]
    remarks = [(r.kind, r.by, text[r.start:r.end]) for r in parsed.remarks]
    assert [r[:2] for r in remarks] == [("other", ["F"]), ("other", ["Ø"])]
    assert remarks[0][2].startswith("(F)") and remarks[0][2].endswith("høj.”")
    assert remarks[1][2].endswith("takst.”")


def test_remark_wordings_and_split_imod():
    parsed = _parse("V og C stemte i mod med fælles bemærkning om, at planen bør vente.")
    assert [(p.voter, p.option) for v in parsed.votes for p in v.positions] == [("V", "no"), ("C", "no")]
    assert [(r.kind, r.by) for r in parsed.remarks] == [("other", ["V", "C"])]
    parsed = _parse("(F) stemte i mod med bemærkningen om: Vi vil passe på de grønne kiler.")
    assert [(r.kind, r.by) for r in parsed.remarks] == [("other", ["F"])]


def test_position_before_a_minority_remark_cue_is_read():
    text = "Bo Skov (F) stemte imod med følgende mindretalsudtalelse:\n”Vi stemmer imod, fordi skolen mister sit bibliotek.”"
    parsed = _parse(text)
    assert [(p.voter, p.option) for v in parsed.votes for p in v.positions] == [("Bo Skov", "no")]
    assert [(r.kind, r.by) for r in parsed.remarks] == [("minority", ["Bo Skov"])]


def test_shipped_model_carries_the_packaged_vote_rules():
    """models/minutes_da keeps its own copy of the vote rules: it must follow resources/vote_rules.json."""
    import pytest

    shipped = Path(__file__).resolve().parents[1] / "models" / "minutes_da" / "minutes_votes" / "rules.json"
    if not shipped.exists():
        pytest.skip("no shipped model")
    assert json.loads(shipped.read_text(encoding="utf-8")) == default_rules().data


def test_tally_with_yes_only_and_with_ingen_imod():
    parsed = _parse("Med stemmerne 17 for godkendte Byrådet indstillingen.\nFor stemte: A, V og C\nØ undlod at stemme.")
    (vote,) = parsed.votes
    assert vote.counts == [("yes", 17)] and vote.result == "pass"
    parsed = _parse("Med stemmerne 12 for og ingen imod godkendte Byrådet indstillingen.")
    assert parsed.votes[0].counts == [("yes", 12), ("no", 0)]
    parsed = _parse("Ændringsforslaget faldt med 5 stemmer for og 20 imod.")
    assert parsed.votes[0].counts == [("yes", 5), ("no", 20)]


def test_quoted_minority_statement_over_paragraphs_is_not_read_for_votes():
    text = ("Bo Skov (F) stemte imod med følgende mindretalsudtalelse:\n\n”Vi stemmer imod af to grunde.\n\n"
            "SF stemmer imod, fordi skolen lukker.”\n\nØ undlod at stemme.")
    parsed = _parse(text)
    assert [(p.voter, p.option) for v in parsed.votes for p in v.positions] == [("Bo Skov", "no"), ("Ø", "abstain")]
    (remark,) = parsed.remarks
    assert remark.kind == "minority" and text[remark.start:remark.end].endswith("skolen lukker.”")


def test_wishes_are_read_against_what_was_decided() -> None:
    text = ("Med 12 stemmer for og 9 imod besluttede kommunalbestyrelsen ikke at tage forslaget op igen.\n\n"
            "(V), (O) og Bo Lind (K) ønskede ikke at tage forslaget op igen.\n\n"
            "(A) og (Ø) ønskede at tage forslaget op igen.")
    parsed = _parse(text)
    got = sorted((p.voter, p.option) for v in parsed.votes for p in v.positions)
    assert got == [("A", "no"), ("Bo Lind", "yes"), ("O", "yes"), ("V", "yes"), ("Ø", "no")]
    assert len(parsed.votes) == 1 and sorted(parsed.votes[0].counts) == [("no", 9), ("yes", 12)]
    assert _parse("(V) ønskede at tage forslaget op igen.").votes == []  # nothing decided: no position


def test_a_voter_named_again_before_a_remark_is_the_remark_author() -> None:
    parsed = _parse("Imod: Ø og F, F med bemærkning om, at ordningen bliver for dyr for små husstande.")
    assert sorted((p.voter, p.option) for v in parsed.votes for p in v.positions) == [("F", "no"), ("Ø", "no")]
    assert [r.by for r in parsed.remarks] == [["F"]]


# --- conflicts that name agenda items ("inhabil under punkt 5"), wherever they are written --------
_MEETING = ("Referat\nByrådet\nMøde den 3. marts 2024 kl. 17.00\n{header}\n\n"
            "4. Godkendelse af dagsorden\n\nBeslutning\n{item4}\n\n"
            "5. Salg af grund\nSagsnr. 24/1234\n\nIndstilling\nForvaltningen indstiller, at grunden sælges.\n\n"
            "Beslutning\nIndstillingen blev godkendt.\n\n"
            "6. Tilskud til klubhus\n\nIndstilling\nForvaltningen indstiller, at der gives tilskud.\n\n"
            "Beslutning\nGodkendt.\n\n7. Eventuelt\n\nBeslutning\nIntet.\n")


def _conflicts_by_item(header: str = "", item4: str = "Godkendt.") -> dict[str, list[str]]:
    from minutes_nlp import extract

    minutes = extract(_MEETING.format(header=header, item4=item4), nlp="rules")
    return {i.number: [c.text for c in i.conflicts] for i in minutes.items}


def test_a_conflict_in_the_meeting_header_goes_to_the_item_it_names():
    got = _conflicts_by_item(header="Bemærkninger: Ida Berg (V) deltog ikke i behandlingen af punkt 5 pga. inhabilitet.")
    assert got == {"4": [], "5": ["Ida Berg"], "6": [], "7": []}
    got = _conflicts_by_item(header="Inhabil: Ida Berg (V) og Ole Dam (A) under punkterne 5 og 6")
    assert got == {"4": [], "5": ["Ida Berg", "Ole Dam"], "6": ["Ida Berg", "Ole Dam"], "7": []}


def test_a_conflict_stated_under_another_item_goes_to_the_item_it_names():
    got = _conflicts_by_item(item4="Godkendt. Ole Dam (A) erklærede sig inhabil under punkt 6.")
    assert got == {"4": [], "5": [], "6": ["Ole Dam"], "7": []}


def test_a_header_line_without_an_item_number_and_a_recommendation_point_assign_nothing():
    assert all(not v for v in _conflicts_by_item(header="Ida Berg (V) erklærede sig inhabil.").values())
    # "indstillingens punkt 2" is a point of the recommendation, not agenda item 2: the item's own conflict
    parsed = _parse("Ole Dam (A) erklærede sig inhabil under indstillingens punkt 2.")
    assert [(c.name, c.items) for c in parsed.conflicts] == [("Ole Dam", ())]
