"""Case histories across meetings (issue 12): link_cases, Case.outcome, rules, tables, the CLI.

The meetings below are written for these tests (invented titles and bodies); the gold-based tests
at the end read the Greve meetings under ../shared/data and skip without them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Optional

import pytest
from typer.testing import CliRunner

from minutes_nlp.cases import CaseRulesError, link_cases, load_rules
from minutes_nlp.cases.normalise import body_key, is_standing, normalise_case_number, title_stems
from minutes_nlp.cases.tables import case_rows, write_cases
from minutes_nlp.schema import AgendaItem, CaseNumber, Committee, DateMention, Decision, Meeting, Minutes

from conftest import GREVE, ROOT, needs_data

FAG, OU, BR = "Teknik- og Miljøudvalget", "Økonomiudvalget", "Byrådet"


def item(number: str, title: str, case: Optional[str] = None, label: Optional[str] = None,
         text: str = "", refs: tuple[tuple[str, dt.date], ...] = ()) -> AgendaItem:
    """An agenda item; ``refs`` become a body mention followed by a date (an earlier treatment)."""
    entities: list = []
    pos = 1000
    for body, day in refs:
        entities.append(Committee(text=body, start_char=pos, end_char=pos + len(body), name=body))
        stamp = day.strftime("%d.%m.%Y")
        entities.append(DateMention(text=stamp, start_char=pos + len(body) + 5,
                                    end_char=pos + len(body) + 5 + len(stamp), value=day))
        pos += 100
    decision = Decision(label=label, text=text or label, start_char=0, end_char=1, score=0.9) if label else None
    numbers = [CaseNumber(text=case, start_char=0, end_char=len(case), value=case, scheme="year_serial")] if case else []
    return AgendaItem(number=number, title=title, start_char=0, end_char=1, case_numbers=numbers,
                      decision=decision, entities=entities)


def meeting(body: str, day: str, *items: AgendaItem, town: str = "Testby Kommune") -> Minutes:
    return Minutes(meeting=Meeting(body=Committee(text=body, start_char=0, end_char=len(body), name=body),
                                   municipality=town, date=dt.date.fromisoformat(day)), items=list(items))


def docs(*meetings: Minutes) -> list[tuple[str, Minutes]]:
    return [(f"m{k}.json", m) for k, m in enumerate(meetings)]


def case_of(cases, source: str, number: str):
    return next(c for c in cases for s in c.steps if s.source == source and s.item_number == number)


# --- linking -------------------------------------------------------------------------------
def test_same_case_number_is_one_case_in_date_order_with_evidence():
    cases = link_cases(docs(
        meeting(BR, "2024-03-25", item("9", "Ny cykelsti langs Åvej - anlægsbevilling", "24-001234", "Godkendt")),
        meeting(FAG, "2024-03-04", item("4", "Cykelsti ved Åvej", "24-001234", "Anbefales", "Anbefales over for Byrådet")),
        meeting(OU, "2024-03-18", item("12", "Anlægsbevilling til cykelsti ved Åvej", "24-1234 ".replace("24-1234", "24-001234"), "Anbefales")),
    ))
    assert len(cases) == 1
    case = cases[0]
    assert case.key == "24-001234" and case.case_numbers == ["24-001234"]
    assert [s.body for s in case.steps] == [FAG, OU, BR]
    assert [s.date.isoformat() for s in case.steps] == ["2024-03-04", "2024-03-18", "2024-03-25"]
    assert case.steps[0].link is None
    for step in case.steps[1:]:
        assert step.link.score >= step.link.threshold
        assert any(e.startswith("case number 24-001234") for e in step.link.evidence)
    assert case.title == "Ny cykelsti langs Åvej - anlægsbevilling"  # the fullest title


def test_title_path_links_items_without_numbers_across_bodies():
    cases = link_cases(docs(
        meeting(FAG, "2024-05-02", item("3", "Renovering af svømmehallens omklædningsrum", None, "Anbefales",
                                        "Anbefales over for Byrådet.")),
        meeting(OU, "2024-05-13", item("7", "Renovering af svømmehallens omklædningsrum", None, "Anbefales")),
        meeting(BR, "2024-05-27", item("5", "Renovering af omklædningsrum i svømmehallen", None, "Godkendt")),
        meeting(BR, "2024-05-27", item("6", "Salg af byggegrund ved havnen", None, "Godkendt")),
    ))
    swim = case_of(cases, "m2.json", "5")
    assert [s.source for s in swim.steps] == ["m0.json", "m1.json", "m2.json"]
    assert swim.case_numbers == [] and swim.key.startswith("item-")
    evidence = " ".join(e for s in swim.steps[1:] for e in s.link.evidence)
    assert "title" in evidence and "progression" in evidence
    assert len(case_of(cases, "m3.json", "6").steps) == 1


def test_history_reference_joins_a_renamed_item():
    """The byråd item reports the ØU treatment; that, not the weak title overlap alone, joins them."""
    ou_day = dt.date(2024, 6, 10)

    def run(refs):
        return link_cases(docs(
            meeting(OU, "2024-06-10", item("4", "Udbud af vintertjeneste", None, "Godkendt")),
            meeting(BR, "2024-06-24", item("8", "Vintertjeneste - valg af leverandør", None, "Godkendt", refs=refs)),
        ))

    cases = run(((OU, ou_day),))
    assert len(cases) == 1
    assert any(e.startswith("history: Økonomiudvalget 2024-06-10") for e in cases[0].steps[1].link.evidence)
    assert len(run(())) == 2


def test_standing_items_never_link_even_with_one_number():
    ms = docs(
        meeting(FAG, "2024-01-08", item("1", "Godkendelse af dagsorden", "21-000111", "Godkendt"),
                item("9", "Underskriftsark", "21-000112")),
        meeting(FAG, "2024-02-05", item("1", "Godkendelse af dagsorden.", "21-000111", "Godkendt"),
                item("9", "Underskriftsark", "21-000112")),
    )
    assert link_cases(ms) == []
    kept = link_cases(ms, include_standing=True)
    assert len(kept) == 4 and all(len(c.steps) == 1 for c in kept)
    assert len({c.key for c in kept}) == 4  # a shared number gets "#2" keys, never a clash


def test_shared_number_splits_items_of_one_meeting():
    cases = link_cases(docs(
        meeting(OU, "2024-05-06", item("9", "Brandvæsen - budget 2025", "24-000500", "Anbefales"),
                item("10", "Brandvæsen - regnskab 2023", "24-000500", "Anbefales")),
        meeting(BR, "2024-05-20", item("15", "Brandvæsen - budget 2025", "24-000500", "Godkendt"),
                item("16", "Brandvæsen - regnskab 2023", "24-000500", "Godkendt")),
    ))
    assert len(cases) == 2
    assert {tuple(s.item_title for s in c.steps) for c in cases} == {
        ("Brandvæsen - budget 2025",) * 2, ("Brandvæsen - regnskab 2023",) * 2}
    assert sorted(c.key for c in cases) == ["24-000500", "24-000500#2"]


def test_far_apart_or_other_town_does_not_link():
    cases = link_cases(docs(
        meeting(FAG, "2021-03-01", item("2", "Dialogmøde med museets bestyrelse", None, "Drøftet")),
        meeting(FAG, "2024-03-04", item("2", "Dialogmøde med museets bestyrelse", None, "Drøftet")),
        meeting(FAG, "2024-03-05", item("2", "Dialogmøde med museets bestyrelse", None, "Drøftet"), town="Andenby Kommune"),
    ))
    assert len(cases) == 3


def test_empty_and_wrong_input():
    assert link_cases([]) == []
    assert link_cases(docs(Minutes())) == []
    with pytest.raises(TypeError, match="Minutes"):
        link_cases([("x.json", {"items": []})])


# --- outcome -----------------------------------------------------------------------------
def test_outcome_helpers():
    agreed, against, postponed = link_cases(docs(
        meeting(FAG, "2024-02-01", item("1", "Ny legeplads i bydelsparken", "24-000001", "Anbefales"),
                item("2", "Nedlæggelse af bibliotekets filial", "24-000002", "Anbefales"),
                item("3", "Flytning af genbrugsstationen", "24-000003", "Anbefales")),
        meeting(BR, "2024-02-26", item("4", "Ny legeplads i bydelsparken", "24-000001", "Godkendt"),
                item("5", "Nedlæggelse af bibliotekets filial", "24-000002", "Ikke godkendt"),
                item("6", "Flytning af genbrugsstationen", "24-000003", "Udsat")),
    ))
    out = agreed.outcome
    assert (out.final_decision, out.deciding_body, out.days) == ("Godkendt", BR, 25)
    assert out.recommendation == "Anbefales" and out.followed_recommendation is True
    assert against.outcome.followed_recommendation is False
    assert postponed.outcome.followed_recommendation is None


def test_outcome_reads_an_endorsement_and_finds_the_deciding_body():
    """ØU advised against the administration but recommended its own line; the byråd approved ØU's
    recommendation: followed, whatever the labels. A later orientation in a committee does not
    replace the byråd's decision."""
    (case,) = link_cases(docs(
        meeting(OU, "2024-04-08", item("3", "Ny busrute til erhvervsområdet", "24-003300", "Ikke godkendt",
                                       "Kan ikke anbefales. Udvalget anbefaler i stedet en prøveperiode.")),
        meeting(BR, "2024-04-22", item("9", "Ny busrute til erhvervsområdet", "24-003300", "Godkendt",
                                       "Med 15 stemmer for godkendte Byrådet Økonomiudvalgets indstilling.")),
        meeting(FAG, "2024-06-03", item("2", "Ny busrute til erhvervsområdet - status", "24-003300",
                                        "Til orientering", "Taget til efterretning.")),
    ))
    assert case.steps[1].endorses == "Økonomiudvalget"
    out = case.outcome
    assert (out.final_decision, out.deciding_body) == ("Godkendt", BR)
    assert out.recommendation == "Ikke godkendt" and out.followed_recommendation is True
    assert out.days == 56


# --- rules and normalisers ---------------------------------------------------------------
def test_normalisers():
    assert normalise_case_number(" 24–001234\u200b") == "24-001234"
    assert normalise_case_number("") is None and normalise_case_number(None) is None
    assert body_key("Byråd 2022-2025") == body_key("Byrådet") == body_key("Byrådets") == "byråd"
    rules = load_rules()
    assert is_standing("Lukket: Godkendelse af dagsorden", rules) and is_standing("Eventuelt", rules)
    assert not is_standing("Godkendelse af lokalplan for havnen", rules)
    assert title_stems("Lukket: Salg af grund", rules) == ("salg", "grund")


def test_bad_rules_file_names_file_and_key(tmp_path):
    good = json.loads((ROOT / "src" / "minutes_nlp" / "resources" / "cases.json").read_text(encoding="utf-8"))
    bad = tmp_path / "cases.json"
    bad.write_text(json.dumps({**good, "thresholds": {**good["thresholds"], "linkk": 1}}), encoding="utf-8")
    with pytest.raises(CaseRulesError, match=r"cases\.json.*thresholds\.linkk"):
        load_rules(bad)
    bad.write_text(json.dumps({**good, "standing_titles": ["("]}), encoding="utf-8")
    with pytest.raises(CaseRulesError, match="standing_titles"):
        load_rules(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CaseRulesError, match="not JSON"):
        load_rules(bad)


# --- tables and CLI ----------------------------------------------------------------------
def _write_jsonl(path: Path, documents) -> None:
    with path.open("w", encoding="utf-8") as out:
        for source, m in documents:
            out.write(json.dumps({"source": source, **m.model_dump(mode="json")}, ensure_ascii=False) + "\n")


def _three_meetings():
    return docs(
        meeting(FAG, "2024-09-02", item("5", "Udvidelse af daginstitution Solsikken", "24-007700", "Anbefales",
                                        "Anbefales over for Byrådet.")),
        meeting(OU, "2024-09-16", item("11", "Udvidelse af daginstitution Solsikken", "24-007700", "Anbefales")),
        meeting(BR, "2024-09-30", item("20", "Udvidelse af daginstitution Solsikken", "24-007700", "Godkendt"),
                item("21", "Godkendelse af dagsorden", "21-000001", "Godkendt")),
    )


def test_cli_on_extract_jsonl(tmp_path):
    from minutes_nlp.cli import app

    src = tmp_path / "extract.jsonl"
    _write_jsonl(src, _three_meetings())
    runner = CliRunner()
    result = runner.invoke(app, ["cases", str(src)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0]["key"] == "24-007700"
    assert [s["item_number"] for s in lines[0]["steps"]] == ["5", "11", "20"]
    assert lines[0]["outcome"]["followed_recommendation"] is True
    table = runner.invoke(app, ["cases", str(src), "--table", "--match", "solsikken"])
    assert table.exit_code == 0 and "Økonomiudvalget" in table.stdout and "case number 24-007700" in table.stdout
    db = tmp_path / "out.db"
    assert runner.invoke(app, ["cases", str(src), "--output", str(db)]).exit_code == 0
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT n_steps, followed_recommendation FROM cases").fetchall() == [(3, 1)]
        assert con.execute("SELECT count(*) FROM case_steps WHERE key = '24-007700'").fetchone() == (3,)


def test_parquet_tables(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    cases = link_cases(_three_meetings())
    write_cases(cases, tmp_path / "out.parquet")
    steps = pq.read_table(tmp_path / "out.parquet" / "case_steps").to_pylist()
    assert [r["step"] for r in steps] == [0, 1, 2] and steps[1]["linked_to"] == 0
    assert case_rows(cases)["cases"][0]["days"] == 28


def test_cli_bad_input_is_a_clear_error(tmp_path):
    from minutes_nlp.cli import app

    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"source": "a.json", "items": []}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["cases", str(bad)])
    assert result.exit_code != 0 and f"{bad}:2" in result.output
    missing = CliRunner().invoke(app, ["cases", str(tmp_path / "nothing.jsonl")])
    assert missing.exit_code != 0 and "no such file" in missing.output
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert CliRunner().invoke(app, ["cases", str(empty)]).exit_code == 2


# --- gold (../shared/data) -----------------------------------------------------------------
GOLD = ROOT / "corpus" / "cases" / "gold.jsonl"


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_is_stand_off():
    """Only file names, hashes and item numbers: no titles or text of the minutes."""
    for matter in _gold():
        assert set(matter) == {"matter", "split", "found_by", "judged", "steps"}
        assert matter["split"] in ("dev", "test")
        for step in matter["steps"]:
            assert set(step) == {"file", "sha256", "item"}


@needs_data(GREVE)
def test_gold_points_at_the_data():
    seen: dict[str, str] = {}
    for matter in _gold():
        for step in matter["steps"]:
            if step["file"] not in seen:
                seen[step["file"]] = hashlib.sha256((GREVE / step["file"]).read_bytes()).hexdigest()
            assert seen[step["file"]] == step["sha256"], step["file"]


def _reader_documents(files: set[str]) -> list[tuple[str, Minutes]]:
    """Minutes built from the FirstAgenda reader's structure (no pipeline: bodies, dates, numbers,
    titles; no decisions), so the gold check runs in seconds."""
    from minutes_nlp.io.firstagenda import read_firstagenda
    from minutes_nlp.normalize.case_numbers import parse_case_number

    out = []
    for name in sorted(files):
        fa = read_firstagenda(GREVE / name)
        body = Committee(text=fa.body, start_char=0, end_char=len(fa.body), name=fa.body) if fa.body else None
        items = []
        for it in fa.items:
            parsed = parse_case_number(it.case_number or "", labelled=True)
            numbers = [CaseNumber(text=it.case_number, start_char=0, end_char=len(it.case_number),
                                  value=parsed[0], scheme=parsed[1])] if parsed else []
            items.append(AgendaItem(number=it.number, title=it.title, start_char=it.start, end_char=it.end,
                                    case_numbers=numbers))
        out.append((name, Minutes(meeting=Meeting(body=body, municipality=fa.municipality, date=fa.date), items=items)))
    return out


@needs_data(GREVE)
def test_gold_pairs_with_case_numbers():
    """Pairwise F of "one case" on the held-out (2024) gold, linking every meeting of 2024."""
    matters = [m for m in _gold() if m["split"] == "test"]
    files = {p.name for p in GREVE.glob("2024-*.json")}
    found = {(Path(s.source).name, s.item_number): c.key for c in link_cases(_reader_documents(files))
             for s in c.steps}
    gold_pairs = {frozenset(p) for m in matters
                  for p in combinations([(s["file"], s["item"]) for s in m["steps"]], 2)}
    by_case = defaultdict(list)
    for m in matters:
        for s in m["steps"]:
            key = (s["file"], s["item"])
            by_case[found.get(key, key)].append(key)
    pred_pairs = {frozenset(p) for g in by_case.values() for p in combinations(g, 2)}
    tp = len(gold_pairs & pred_pairs)
    assert tp / len(pred_pairs) >= 0.97 and tp / len(gold_pairs) >= 0.97
