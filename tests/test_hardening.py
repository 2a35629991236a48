"""Regression tests for issue 14 (careless and hostile input): one test per reported failure."""
from __future__ import annotations

import json

import pytest

from minutes_nlp import extract
from minutes_nlp.normalize.amounts import parse_amount, parse_number
from minutes_nlp.normalize.case_numbers import parse_case_number
from minutes_nlp.normalize.dates import parse_date
from minutes_nlp.pipeline import load


@pytest.fixture(scope="module")
def rules():
    return load("rules")


# -- wrong values at the edges ---------------------------------------------------------------------
def test_parse_number_none_like_its_siblings():
    assert parse_number(None) is None  # type: ignore[arg-type]
    assert parse_amount(None) is None  # type: ignore[arg-type]
    assert parse_date(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", ["\x00", "\u200b", "\u00ad", "\ufeff", "\u2060"])
def test_invisible_characters_inside_values(junk):
    from decimal import Decimal
    import datetime as dt

    assert parse_amount(f"1.2{junk}34.000 kr.") == (Decimal("1234000"), "DKK")
    assert parse_date(f"1{junk}2. maj 2023") == dt.date(2023, 5, 12)
    assert parse_case_number(f"27.00.00-A00-1{junk}-23") == parse_case_number("27.00.00-A00-1-23")


@pytest.mark.parametrize("junk", ["\x00", "\u200b"])
def test_invisible_characters_inside_mentions_keep_values(rules, junk):
    text = f"Bevilling på 1.2{junk}34.000 kr. godkendt den 1{junk}2. maj 2023."
    m = extract(text, nlp=rules)
    values = {e.label: e.value for e in m.entities if e.label in ("AMOUNT", "DATE")}
    assert str(values["AMOUNT"]) == "1234000"
    assert str(values["DATE"]) == "2023-05-12"
    m.check_offsets(text)


def test_lone_surrogate_result_serialises(rules):
    text = ("Økonomiudvalget\n\nReferat\n\n1. Godkendelse af dag\ud800sorden\n\nBeslutning\n"
            "Godkendt \ud800 af Anders \ud800Hansen den 12.\ud800 maj 2023 for 10\ud800 kr.\n")
    m = extract(text, nlp=rules)
    data = json.loads(m.model_dump_json())
    assert "\ud800" not in json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    m.check_offsets(text)  # U+FFFD stands one for one for the surrogate


def test_items_numbered_10000_and_above_are_kept():
    from minutes_nlp.segment import segment

    lines = ["Økonomiudvalget", "", "Referat", ""]
    for n in range(9995, 10005):
        lines += [f"{n}. Sag nummer {n}", "", "Beslutning", "Godkendt.", ""]
    numbers = [item.number for item in segment("\n".join(lines)).items]
    assert numbers == [str(n) for n in range(9995, 10005)]


# -- data loss -------------------------------------------------------------------------------------
from pathlib import Path  # noqa: E402

from typer.testing import CliRunner  # noqa: E402

from minutes_nlp.cli import app  # noqa: E402

REFERAT = ("Økonomiudvalget\n\nReferat af mødet den 12. maj 2023\n\n1. Godkendelse af dagsorden\n\n"
           "Beslutning\nGodkendt. Bevilling på {n}.000 kr.\n")


def _cli(*args: str, stdin: bytes | None = None):
    return CliRunner().invoke(app, ["extract", *args, "--model", "rules", "--no-progress"], input=stdin,
                              catch_exceptions=False)


def _ten(folder: Path) -> Path:
    folder.mkdir()
    for n in range(10):
        (folder / f"m{n}.txt").write_text(REFERAT.format(n=n + 1), encoding="utf-8")
    return folder


def test_output_that_is_an_input_is_refused(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(REFERAT.format(n=1), encoding="utf-8")
    before = a.read_bytes()
    result = _cli(str(a), "--output", str(a))
    assert result.exit_code == 2
    assert "also an input" in result.stderr
    assert a.read_bytes() == before
    result = _cli(str(tmp_path), "--output", str(tmp_path / "." / "a.txt"))  # another spelling, inside a folder
    assert result.exit_code == 2 and a.read_bytes() == before


@pytest.mark.parametrize("suffix", [".db", ".jsonl", ".parquet"])
def test_same_source_twice_in_one_run_is_stored_once(tmp_path, suffix):
    ten = _ten(tmp_path / "ten")
    out = tmp_path / f"out{suffix}"
    result = _cli(str(ten / "m3.txt"), str(ten), "--output", str(out))
    assert result.exit_code == 0, result.output
    sources = _stored_sources(out)
    assert len(sources) == 10 and len(set(sources)) == 10
    result = _cli(str(ten), str(ten / ".." / "ten" / "m1.txt"), "--output", str(out))  # a resume, other spellings

    assert result.exit_code == 0, result.output
    assert sorted(_stored_sources(out)) == sorted(sources)


def test_a_copy_under_another_name_is_extracted_once(tmp_path):
    ten = _ten(tmp_path / "ten")
    (tmp_path / "copy.txt").write_bytes((ten / "m3.txt").read_bytes())
    out = tmp_path / "out.jsonl"
    result = _cli(str(ten), str(tmp_path / "copy.txt"), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert len(_stored_sources(out)) == 10
    assert "1 duplicate input(s) left out" in result.stderr
    (tmp_path / "later.txt").write_bytes((ten / "m5.txt").read_bytes())  # a copy met on a resume
    result = _cli(str(ten), str(tmp_path / "later.txt"), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert len(_stored_sources(out)) == 10


def _stored_sources(out: Path) -> list[str]:
    if out.suffix == ".db":
        import sqlite3

        with sqlite3.connect(out) as db:
            return [r[0] for r in db.execute("SELECT source FROM meetings")]
    if out.suffix == ".jsonl":
        import json as _json

        return [_json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()]
    import pyarrow.parquet as pq

    return pq.read_table(out / "meetings").column("source").to_pylist()


def test_stdin_runs_into_one_sqlite_output(tmp_path):
    out = tmp_path / "out.db"
    for n in (1, 2, 2):  # two different documents, the second one twice
        result = _cli("-", "--output", str(out), stdin=REFERAT.format(n=n).encode("utf-8"))
        assert result.exit_code == 0, result.output
    assert len(_stored_sources(out)) == 2


def test_sqlite_writer_upserts_instead_of_rolling_back(tmp_path):
    from minutes_nlp.storage import SqliteWriter

    writer = SqliteWriter(tmp_path / "x.db", flush_every=100)
    record = {"source": "a", "meeting": {}, "items": [], "entities": []}
    writer.write(record)
    writer.flush()
    writer._done.discard("a")  # as if another process had stored it meanwhile
    writer.write(record)
    writer.write({**record, "source": "b"})
    writer.close()
    assert sorted(_stored_sources(tmp_path / "x.db")) == ["a", "b"]


# -- silent garbage --------------------------------------------------------------------------------
def test_zero_byte_pdf_fails(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = _cli(str(empty))
    assert result.exit_code == 1
    assert "empty" in result.stderr


def test_utf8_with_one_bad_byte_keeps_danish_letters(tmp_path):
    from minutes_nlp.io.readers import read_path

    p = tmp_path / "bad.txt"
    p.write_bytes(REFERAT.format(n=1).encode("utf-8").replace(b"Godkendt", b"God\xffkendt"))
    doc = read_path(p)
    assert "Økonomiudvalget" in doc.text and "mødet" in doc.text
    assert doc.encoding == "utf-8" and doc.warnings


def test_utf16_with_bom_has_no_nul_characters(tmp_path):
    from minutes_nlp.io.readers import read_path

    p = tmp_path / "u16.txt"
    p.write_bytes(REFERAT.format(n=1).encode("utf-16"))
    doc = read_path(p)
    assert doc.text == REFERAT.format(n=1) and doc.encoding == "utf-16-le"


def test_random_binary_is_not_minutes():
    import random

    from minutes_nlp.io.readers import ReadError, read_bytes

    rng = random.Random(0)
    for k in range(20):
        data = bytes(rng.randrange(256) for _ in range(5000))
        with pytest.raises(ReadError, match="binary|encoding"):
            read_bytes(data, f"junk{k}")


def test_firstagenda_items_of_wrong_type_are_reported():
    import json as _json

    from minutes_nlp.io.readers import read_bytes

    data = {"Udvalg": "Økonomiudvalget", "Dagsordenpunkter": [
        {"Nummer": 1, "Navn": "Godkendelse", "Felter": []}, "junk", 7]}
    doc = read_bytes(_json.dumps(data).encode(), "m.json")
    assert any("2 FirstAgenda agenda item(s)" in w for w in doc.warnings)


def test_cli_record_carries_source_encoding(tmp_path):
    import json as _json

    p = tmp_path / "latin.txt"
    p.write_bytes(REFERAT.format(n=1).encode("cp1252"))
    result = _cli(str(p), "--jsonl")
    assert result.exit_code == 0
    record = _json.loads(result.stdout)
    assert record["source_encoding"] == "cp1252" and record["warnings"]
    assert "warning:" in result.stderr


# -- no limits ---------------------------------------------------------------------------------
def test_huge_html_fails_fast_by_size(tmp_path):
    page = tmp_path / "big.html"
    page.write_bytes(b"<html><body>" + b"<p>bla bla</p>" * 100_000 + b"</body></html>")  # 1.4 MB
    import time

    started = time.perf_counter()
    result = _cli(str(page), "--max-text-mb", "1")
    assert result.exit_code == 1 and "limit" in result.stderr
    assert time.perf_counter() - started < 10


def test_time_limit_makes_a_slow_document_a_failure(tmp_path):
    from minutes_nlp.batch import process_chunk
    from minutes_nlp.io.limits import Limits

    slow = tmp_path / "slow.txt"
    # 180,000 words: several seconds even on a fast machine, so a 0.2 s limit always cuts it
    slow.write_text(REFERAT.format(n=1) * 10000, encoding="utf-8")
    ok = tmp_path / "ok.txt"
    ok.write_text(REFERAT.format(n=1), encoding="utf-8")
    out = process_chunk([str(slow), str(ok)], "rules", limits=Limits(timeout_s=0.2))
    assert not out[0].ok and "limit" in out[0].error
    assert out[1].ok


def test_too_many_pdf_pages_fail_fast(tmp_path):
    pytest.importorskip("pypdf")
    import importlib.util
    import time

    from conftest import ROOT
    from minutes_nlp.io.readers import ReadError, read_path

    spec = importlib.util.spec_from_file_location("hc", ROOT / "scripts" / "hostile_corpus.py")
    hc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hc)  # type: ignore[union-attr]
    p = tmp_path / "refs.pdf"
    p.write_bytes(hc._page_pdf(b"BT /F1 12 Tf 72 700 Td (x) Tj ET", kids=20_000))
    started = time.perf_counter()
    with pytest.raises(ReadError, match="page limit"):
        read_path(p)
    assert time.perf_counter() - started < 30
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(hc._page_pdf(b"BT (x) Tj ET\n" + b" " * 120_000_000, compress=True))
    with pytest.raises(ReadError, match="decompression limit"):
        read_path(bomb)


def test_deeply_nested_json_is_a_read_error():
    from minutes_nlp.io.readers import ReadError, read_bytes

    with pytest.raises(ReadError, match="nested too deeply"):
        read_bytes(b"[" * 100_000 + b"]" * 100_000, "deep.json")


# -- orphans ---------------------------------------------------------------------------------------
def _children(pid: int) -> set[int]:
    """Pids of all descendants of ``pid`` (from /proc)."""
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        nxt = set()
        for d in Path("/proc").iterdir():
            if not d.name.isdigit():
                continue
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) in frontier and int(d.name) not in found:
                nxt.add(int(d.name))
        found |= nxt
        frontier = nxt
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_die_with_a_killed_cli(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    ten = _ten(tmp_path / "ten")
    for n in range(10, 200):
        (ten / f"m{n}.txt").write_text(REFERAT.format(n=n) * 200, encoding="utf-8")
    code = "from minutes_nlp.cli import main; main()"
    proc = subprocess.Popen([sys.executable, "-c", code, "extract", str(ten), "--model", "rules", "--workers", "2",
                             "--output", str(tmp_path / "out.jsonl"), "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (tmp_path / "out.jsonl").exists():
            time.sleep(0.2)
        while time.monotonic() < deadline and len(_children(proc.pid)) < 3:  # 2 workers + resource tracker
            time.sleep(0.2)
        kids = _children(proc.pid)
        assert len(kids) >= 2, "the workers did not start"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(k) for k in kids):
            time.sleep(0.2)
        assert not [k for k in kids if _alive(k)], "workers outlived their parent"
    finally:
        for k in _children(proc.pid):
            try:
                os.kill(k, signal.SIGKILL)
            except OSError:
                pass
        if proc.poll() is None:
            proc.kill()


# -- Label Studio import -----------------------------------------------------------------------------
def _ls_task(n_items: int) -> list[dict]:
    from minutes_nlp.labelstudio import regions

    parts, spans, items, pos = [], [], [], 0
    for k in range(1, n_items + 1):
        s = (f"{k}. Sag om bevilling {k}\nSagsnr. 27.00.00-A00-{k}-23\n\nBeslutning\n"
             "Godkendt af Anders Hansen den 12. maj 2023 med 1.000 kr.\n\n")
        items.append((pos, pos + len(s) - 1, str(k), "Godkendt"))
        a = pos + s.index("Anders")
        spans.append((a, a + 13, "PERSON"))
        c = pos + s.index("27.00")
        spans.append((c, c + len(f"27.00.00-A00-{k}-23"), "CASE_NUMBER"))
        parts.append(s)
        pos += len(s)
    text = "".join(parts)
    return [{"id": 1, "data": {"text": text, "doc_id": "x"}, "annotations": [{"result": regions(text, spans, items)}]}]


def test_labelstudio_fractional_offset_is_an_error():
    from minutes_nlp.labelstudio import LabelStudioError, tasks_to_records

    tasks = _ls_task(2)
    region = next(r for r in tasks[0]["annotations"][0]["result"] if r["from_name"] == "label")
    region["value"]["end"] = region["value"]["end"] + 0.7
    with pytest.raises(LabelStudioError, match="whole-number"):
        tasks_to_records(tasks)
    region["value"]["end"] = float(int(region["value"]["end"]))  # 26.0 is a whole number: accepted
    assert tasks_to_records(tasks).records


def test_labelstudio_import_is_linear():
    import time

    from minutes_nlp.labelstudio import tasks_to_records

    tasks = _ls_task(12_000)  # 1.5 MB of text, 24,000 spans: 18 s when each item scanned every span
    started = time.perf_counter()
    records = tasks_to_records(tasks).records
    assert time.perf_counter() - started < 10
    assert records[0]["items"][-1]["case_numbers"] == ["27.00.00-A00-12000-23"]


def test_extract_in_python_takes_the_cli_limits():
    from minutes_nlp.errors import ReadError
    from minutes_nlp.io.limits import Limits, TimeLimitExceeded

    text = REFERAT.format(n=7)
    assert extract(text, nlp="rules", limits=Limits()).items  # defaults let a normal referat through
    with pytest.raises(ReadError, match="character limit"):
        extract(text * 3, nlp="rules", limits=Limits(max_chars=len(text)))
    with pytest.raises(TimeLimitExceeded):
        extract(text * 2000, nlp="rules", limits=Limits(timeout_s=0.01))


def test_a_time_limit_raise_inside_a_gc_callback_stays_out_of_the_host_hook(monkeypatch):
    """The alarm may land in a gc callback, where Python cannot propagate it; the host's
    unraisable hook (pytest's, a user's) must not see it, and the block still fails on time."""
    import gc
    import sys
    import time

    from minutes_nlp.io.limits import TimeLimitExceeded, deadline

    seen: list = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)

    def slow_callback(phase, info):
        if phase == "start":
            end = time.perf_counter() + 0.15
            while time.perf_counter() < end:
                pass

    gc.callbacks.append(slow_callback)
    try:
        with pytest.raises(TimeLimitExceeded):
            with deadline(0.05, "block"):
                for _ in range(200):
                    gc.collect()
    finally:
        gc.callbacks.remove(slow_callback)
    assert seen == []
    assert sys.unraisablehook == seen.append
