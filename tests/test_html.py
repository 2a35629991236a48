"""Portal HTML pages → text: boilerplate gone, headings on their own lines, same items and decisions."""
from __future__ import annotations

import re
from html import escape

import pytest

from conftest import ROOT
from minutes_nlp import extract
from minutes_nlp.io.html import html_page_to_text, prune_html
from minutes_nlp.io.readers import read_bytes

EXAMPLE = (ROOT / "examples" / "referat_eksempel.txt").read_text(encoding="utf-8")
HEADINGS = re.compile(r"^(?:Punkt \d+\.|Beslutning:|Sagsbeskrivelse|Indholdsfortegnelse)$")


def minutes_html(text: str) -> str:
    """Our minutes as the body of a portal page: headings as <h2>/<h3>, lines as <p>, tabs as a table."""
    parts: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if "\t" in line:
            cells = "".join(f"<td>{escape(c)}</td>" for c in line.split("\t"))
            parts.append(f"<table><tr>{cells}</tr></table>")
        elif HEADINGS.match(line):
            tag = "h2" if line.startswith("Punkt") else "h3"
            parts.append(f"<{tag}>{escape(line)}</{tag}>")
        else:
            parts.append(f"<p>{escape(line)}</p>")
    return "\n".join(parts)


def portal_page(body: str, main: bool = True) -> str:
    content = f"<main id='indhold'>{body}</main>" if main else f"<div class='content'>{body}</div>"
    return f"""<!DOCTYPE html><html lang="da"><head><title>Referat – Testby Kommune</title>
<style>p {{ color: black }}</style><script>var punkt = "Punkt 9.";</script></head>
<body><div class="cookie-banner">Vi bruger cookies. <button>Accepter</button></div>
<header><a href="/">Testby Kommune</a><nav><ul><li><a href="/dagsordener">Dagsordener</a></li>
<li><a href="/punkt-7">Punkt 7. Beslutning</a></li></ul></nav></header>
<div class="breadcrumb">Forside &gt; Politik &gt; Referater</div>
{content}
<aside>Se også: Beslutning om budget 2025 i Byrådet</aside>
<footer>Testby Kommune · Rådhuspladsen 1 · Side 1 af 1</footer></body></html>"""


@pytest.mark.parametrize("main", [True, False], ids=["main", "no-main"])
def test_portal_page_same_items_decisions_entities(rules_nlp, main: bool) -> None:
    text = html_page_to_text(portal_page(minutes_html(EXAMPLE), main=main))
    source, got = extract(EXAMPLE, nlp=rules_nlp), extract(text, nlp=rules_nlp)
    assert [(i.number, i.title, i.decision.label if i.decision else None) for i in got.items] == \
        [(i.number, i.title, i.decision.label if i.decision else None) for i in source.items]
    assert {(e.label, e.text) for e in got.entities} == {(e.label, e.text) for e in source.entities}
    assert got.meeting.body is not None and got.meeting.body.name == "Kultur- og Fritidsudvalget"


def test_boilerplate_removed_headings_kept() -> None:
    text = html_page_to_text(portal_page(minutes_html(EXAMPLE), main=False))
    for junk in ("cookies", "Dagsordener", "Punkt 7", "Forside", "Se også", "Rådhuspladsen", "Punkt 9", "color"):
        assert junk not in text
    lines = [line for line in text.splitlines() if line]
    assert "Punkt 2." in lines and "Beslutning:" in lines  # headings are lines of their own
    assert lines[lines.index("Punkt 2.") + 1] == "Tilskud til sommerfestival i Randers Midtby 2024"


def test_prune_keeps_only_main_regions_and_entities() -> None:
    html = "<body><p>Menu</p><article><h2>Punkt 1. Valg</h2><p>A &amp; B &lt;3</p></article>" \
           "<p>Kontakt</p><article><h3>Beslutning</h3><p>Godkendt.</p></article></body>"
    assert html_page_to_text(html) == "Punkt 1. Valg\n\nA & B <3\n\nBeslutning\n\nGodkendt."
    assert "Menu" not in prune_html(html)


def test_no_main_and_broken_markup() -> None:
    assert html_page_to_text("<html><body><nav>x</nav><h1>Referat</h1><p>Tekst<div>mere</body>") == \
        "Referat\n\nTekst\n\nmere"
    assert html_page_to_text("") == ""
    assert html_page_to_text("<nav><p>kun menu</p></nav>") == ""
    with pytest.raises(TypeError):
        html_page_to_text(b"<p>bytes</p>")  # type: ignore[arg-type]


def test_reader_sniffs_html_by_content() -> None:
    data = portal_page(minutes_html(EXAMPLE)).encode("utf-8")
    doc = read_bytes(data, "referat.txt")
    assert doc.kind == "html" and doc.text.startswith("Referat\n") and "cookies" not in doc.text
