"""The hostile-file corpus (scripts/hostile_corpus.py) through the readers and the CLI: every file is
read or refused with a clean per-file error within seconds; nothing hangs, crashes or is garbled."""
from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from minutes_nlp.cli import app
from minutes_nlp.io.readers import ReadError, iter_paths, read_path

pytest.importorskip("pypdf")
_spec = importlib.util.spec_from_file_location("hostile_corpus", ROOT / "scripts" / "hostile_corpus.py")
hostile_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile_corpus)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    out = tmp_path_factory.mktemp("hostile")
    return out, hostile_corpus.build(out)


def test_corpus_covers_every_kind(corpus) -> None:
    _, expect = corpus
    assert {Path(n).suffix for n in expect} >= {".pdf", ".html", ".json", ".txt"}
    assert "ok" in expect.values() and "error" in expect.values()


def test_each_file_read_or_refused_quickly(corpus) -> None:
    folder, expect = corpus
    for name, want in sorted(expect.items()):
        started = time.perf_counter()
        try:
            doc = read_path(folder / name)
            got = "ok"
        except ReadError as err:
            got = "error"
            assert str(folder / name) in str(err)
        assert got == want, name
        assert time.perf_counter() - started < 20, name
        if got == "ok":
            assert "\x00" not in doc.text or name.startswith("ok_crlf"), name  # UTF-16/32 decoded, not NUL-riddled
            if "æ" in hostile_corpus.REFERAT and name.endswith(".txt") and "10000" not in name:
                assert "Økonomiudvalget" in doc.text, name  # never garbled


def test_cli_runs_the_corpus(corpus, tmp_path) -> None:
    folder, expect = corpus
    out = tmp_path / "out.jsonl"
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["extract", str(folder), "--model", "rules", "--output", str(out),
                                      "--no-progress", "--timeout", "60"], catch_exceptions=False)
    assert time.perf_counter() - started < 120
    assert result.exit_code == 1  # the error files fail, the run goes on
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    stored = {Path(r["source"]).name for r in records}
    assert stored == {n for n, e in expect.items() if e == "ok"}
    skipped: list = []  # JSON files that are no FirstAgenda export are left out of a folder, and reported
    list(iter_paths([str(folder)], skipped))
    left_out = {Path(p).name for p, _ in skipped}
    assert "error_not_firstagenda.json" in left_out and "skipped" in result.stderr
    assert f"{sum(e == 'error' and n not in left_out for n, e in expect.items())} of " in result.stderr
    for r in records:
        json.dumps(r, ensure_ascii=False).encode("utf-8")  # serialisable: no lone surrogates
        if Path(r["source"]).suffix in (".txt", ".html", ".json"):
            assert r["source_encoding"], r["source"]
    by_name = {Path(r["source"]).name: r for r in records}
    assert by_name["ok_utf16_bom.txt"]["source_encoding"] == "utf-16-le"
    assert not any("\x00" in e["text"] for e in by_name["ok_utf16_bom.txt"]["entities"])
    assert by_name["ok_cp1252.txt"]["warnings"] and by_name["ok_cp1252.txt"]["source_encoding"] == "cp1252"
    assert by_name["ok_utf8_one_bad_byte.txt"]["source_encoding"] == "utf-8"
    assert by_name["ok_utf8_one_bad_byte.txt"]["warnings"]
    assert by_name["ok_utf8.txt"]["warnings"] == []
    assert by_name["ok_firstagenda_wrong_types.json"]["warnings"]
