"""The review page without a browser: the --html file, JSONL input, the markup, the chart, the
server, the command's errors and the packaging of the page's assets."""
from __future__ import annotations

import json
import re
import socket
import threading
import urllib.error
import urllib.request
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, ROOT
from minutes_nlp.cli import app
from minutes_nlp.review.chart import decision_counts, decisions_chart
from minutes_nlp.review.markup import Region, find_recommendation, render_text
from minutes_nlp.review.page import ASSETS, build_page
from minutes_nlp.review.server import PortInUseError, make_server, url
from minutes_nlp.review.sources import load_documents
from minutes_nlp.schema import Person

EXAMPLE = ROOT / "examples" / "referat_eksempel.txt"
#: our fixtures with votes and remarks, beside the README example
FILES = [EXAMPLE, FIXTURES / "minutes" / "region_midtjylland_regionsraad.txt",
         FIXTURES / "minutes" / "kk_borgerrepraesentationen.txt"]
runner = CliRunner()


class Dom(HTMLParser):
    """Just enough of the DOM: every element as (tag, attrs, text inside it)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": "", "classes": set((dict(attrs).get("class") or "").split()),
              "ancestors": [e["classes"] for e in self._open]}
        self.elements.append(el)
        if tag not in ("meta", "br", "input", "link", "img", "rect", "line"):
            self._open.append(el)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for el in self._open:
            el["text"] += data

    def select(self, tag: str, cls: str, inside: str | None = None) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag and cls in e["classes"]
                and (inside is None or any(inside in a for a in e["ancestors"]))]


@pytest.fixture(scope="module")
def loaded():
    return load_documents([str(p) for p in FILES], model="rules")


def _items(loaded):
    return [(doc, item) for doc in loaded.docs for item in doc.minutes.items]


def check_page(html: str, loaded) -> Dom:
    """Every item's title and badge, every entity mark, the highlights; no external asset."""
    dom = Dom(html)
    items = _items(loaded)
    articles = dom.select("article", "item")
    assert len(articles) == len(items)
    titles = [e["text"] for e in dom.select("span", "item-title", inside="item")]
    assert sorted(titles) == sorted(i.title for _, i in items)
    badges = [e["attrs"]["data-label"] for e in dom.select("span", "badge") if "item" in
              [c for a in e["ancestors"] for c in a]]
    assert sorted(badges) == sorted(i.decision.label if i.decision else "(no decision)" for _, i in items)
    marks = dom.select("mark", "entity", inside="item-text")
    assert len(marks) == sum(len(i.entities) for _, i in items)
    assert {m["attrs"]["data-label"] for m in marks} == {e.label for _, i in items for e in i.entities}
    decided = sum(1 for _, i in items if i.decision is not None)
    assert len(dom.select("span", "hl-decision", inside="item-text")) == decided
    assert len(dom.select("span", "hl-recommendation", inside="item-text")) == sum(
        1 for _, i in items if i.recommendation)
    assert len(dom.select("li", "vote")) == sum(len(i.votes) for _, i in items) > 0
    assert len(dom.select("li", "remark")) == sum(len(i.remarks) for _, i in items) > 0
    assert not re.search(r"""(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", html, re.I)
    assert "<link" not in html and "<script src" not in html
    return dom


def test_html_file_holds_every_item_badge_and_mark(tmp_path: Path, loaded) -> None:
    out = tmp_path / "review.html"
    result = runner.invoke(app, ["review", *map(str, FILES), "--model", "rules", "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    dom = check_page(html, loaded)
    # scores in the review list rise; the folder view (3 meetings) has the table and the chart
    scores = [float(e["text"]) for e in dom.select("td", "num") if "review-row" in
              [c for a in e["ancestors"] for c in a] and e["text"] != "—"]
    assert scores == sorted(scores) and scores
    assert len(dom.select("tr", "meeting-row")) == 3 and dom.select("svg", "chart")
    assert "review.js" not in html and "function apply()" in html  # the script is inlined


def test_one_file_has_no_meetings_table(loaded) -> None:
    one = type(loaded)(docs=[d for d in loaded.docs if d.source == str(EXAMPLE)])
    html = build_page(one)
    assert 'id="overview"' not in html and 'id="review-list"' in html
    assert "Kultur- og Fritidsudvalget, 2024-02-06" in html


def test_jsonl_is_shown_without_re_extraction(tmp_path: Path, loaded, monkeypatch) -> None:
    from minutes_nlp import pipeline

    jsonl = tmp_path / "out.jsonl"
    records = [{"source": d.source, **d.minutes.model_dump(mode="json")} for d in loaded.docs]
    records.append({**records[0], "source": str(tmp_path / "gone.txt")})  # source no longer there
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "not json\n",
                     encoding="utf-8")

    def no_pipeline(*args, **kwargs):
        raise AssertionError("a JSONL must not be re-extracted")

    monkeypatch.setattr(pipeline, "load", no_pipeline)
    got = load_documents([str(jsonl)])
    assert len(got.docs) == len(loaded.docs) + 1 and got.folder_input
    assert len(got.skipped) == 1 and "1 bad line(s) skipped (line 5:" in got.skipped[0]
    html = build_page(got)
    gone = next(d for d in got.docs if d.source.endswith("gone.txt"))
    assert gone.text is None and all(d.text is not None for d in got.docs if d is not gone)
    assert html.count("The source text is not available") == len(gone.minutes.items)
    assert html.count('class="item"') == sum(len(d.minutes.items) for d in got.docs)


def test_other_jsonl_in_a_folder_is_skipped_whole(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps({"id": k, "spans": []}) + "\n" for k in range(50)),
                                         encoding="utf-8")
    (tmp_path / "m.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    got = load_documents([str(tmp_path)], model="rules")
    assert [d.source for d in got.docs] == [str(tmp_path / "m.txt")]
    assert got.skipped == [f"{tmp_path / 'gold.jsonl'}: no extract --jsonl records (line 1: not an extract record "
                           "(no meeting/items/pipeline))"]


def test_stdin_as_for_extract(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["review", "-", "--model", "rules", "--html", str(out)], input=EXAMPLE.read_bytes())
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count('class="item"') == 5 and "&lt;stdin:" in html


def test_changed_source_is_not_highlighted(tmp_path: Path, loaded) -> None:
    doc = loaded.docs[0]
    src = tmp_path / "changed.txt"
    src.write_text("x" * 10 + doc.text, encoding="utf-8")  # every offset now off by ten
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text(json.dumps({"source": str(src), **doc.minutes.model_dump(mode="json")}) + "\n", encoding="utf-8")
    got = load_documents([str(jsonl)])
    assert got.docs[0].text is None and "changed since it was extracted" in got.notes[0]


def test_markup_nests_and_escapes() -> None:
    text = "Bo <Hansen> & Co godkendt"
    person = Person(text="<Hansen>", start_char=3, end_char=11, party="V", role="borgmester")
    html = render_text(text, 0, len(text), [person], [Region(5, 20, "decision", "Decision")])
    # the highlight is widened to the mention's start rather than splitting it
    assert html.startswith('Bo <span class="hl hl-decision"')
    assert '&lt;Hansen&gt;<span class="entity-label">PERSON</span></mark>' in html
    assert 'title="PERSON: parti V, borgmester"' in html and "&amp; Co" in html
    assert html.count("<span") == html.count("</span>") and html.count("<mark") == html.count("</mark>")
    assert find_recommendation("a  b\nc d", "b c", 0, 8) == (3, 6)
    assert find_recommendation("abc", "zz", 0, 3) is None


def test_chart_counts_per_body_and_month() -> None:
    rows = [("A", "2024-01-05", "Godkendt"), ("A", "2024-01-20", "Udsat"), ("A", "2024-03-01", "Godkendt"),
            ("B", None, None)]
    counts = decision_counts(rows)
    assert counts["A"]["2024-01"] == {"Godkendt": 1, "Udsat": 1} and counts["B"]["(no date)"]["(no decision)"] == 1
    svg = decisions_chart(rows)
    assert svg.startswith("<svg") and svg.count('class="chart-row"') == 2
    assert "A · 2024-01 · Udsat: 1" in svg and ">2024-02<" in svg  # empty months stay on the axis
    assert decisions_chart([]) == ""


def test_server_serves_the_page_and_404() -> None:
    server = make_server("<!DOCTYPE html><p>hej</p>", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(url(server), timeout=5) as resp:
            assert resp.status == 200 and "hej" in resp.read().decode("utf-8")
            assert resp.headers["Content-Type"].startswith("text/html")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url(server) + "other", timeout=5)
        assert err.value.code == 404
    finally:
        server.shutdown()
        server.server_close()
    assert url(server).startswith("http://127.0.0.1:")


def test_port_in_use_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUseError):
            make_server("", port)
        result = runner.invoke(app, ["review", str(EXAMPLE), "--model", "rules", "--port", str(port)])
    assert result.exit_code == 2 and f"port {port} on 127.0.0.1 is in use" in result.output


@pytest.mark.parametrize("arg, message", [
    ("no/such/file.txt", "no such file or folder"),
    ("https://example.invalid/referat.pdf", "a URL"),
])
def test_bad_path_is_a_clear_error(arg: str, message: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", arg, "--html", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "x.html").exists()
    with socket.socket() as taken:  # serving: the path is named first, even when the port is taken too
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = runner.invoke(app, ["review", arg, "--port", str(taken.getsockname()[1])])
    assert result.exit_code == 2 and message in result.output and "in use" not in result.output


def test_nothing_readable_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["review", str(tmp_path), "--model", "rules", "--html", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "no meetings to show" in result.output


def test_assets_ship_as_package_data() -> None:
    """A non-editable install carries the review package and its assets (pyproject's setuptools config)."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "minutes_nlp.review" in config["packages"]
    patterns = config["package-data"].get("minutes_nlp.review", [])
    assets = ROOT / "src" / "minutes_nlp" / "review" / "assets"
    for name in ASSETS:
        assert (assets / name).is_file()
        assert any(fnmatch(f"assets/{name}", p) for p in patterns), name


def test_review_does_not_import_the_cli() -> None:
    from test_imports import import_graph

    graph = import_graph()
    assert "minutes_nlp.review.command" in graph["minutes_nlp.cli"]  # the one registration in cli.py
    for module, imported in graph.items():
        if module.startswith("minutes_nlp.review"):
            assert "minutes_nlp.cli" not in imported, module
