"""The review page in a real browser: ``minutes-nlp review`` serves a JSONL on a free port on
127.0.0.1, Debian's headless Chromium (driven by selenium and chromedriver) opens it, the test reads
the DOM (every item title, badge and entity mark; a click on a label filter hides the items of other
labels; the body menu) and saves a screenshot: under pytest's tmp dir, and in $MINUTES_NLP_ARTEFACTS
when that is set. Skips when Chromium, chromedriver or selenium is absent (CI installs them)."""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None or DRIVER is None, reason="headless Chromium and chromedriver not installed"),
    pytest.mark.slow,
]
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed")

FILES = [ROOT / "examples" / "referat_eksempel.txt", FIXTURES / "minutes" / "region_midtjylland_regionsraad.txt",
         FIXTURES / "minutes" / "kk_borgerrepraesentationen.txt", FIXTURES / "minutes" / "punkt_aarhus_magistraten.txt"]


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The files extracted once (default pipeline) into a JSONL, as ``extract --jsonl`` writes it."""
    from minutes_nlp.api import extract_many
    from minutes_nlp.batch import to_record
    from minutes_nlp.pipeline import load

    nlp = load()
    records = [to_record(str(p), m) for p, m in zip(FILES, extract_many([p.read_text(encoding="utf-8") for p in FILES],
                                                                          nlp=nlp))]
    path = tmp_path_factory.mktemp("review") / "results.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path, records


@pytest.fixture(scope="module")
def served(results):
    """``minutes-nlp review results.jsonl --port 0`` running; yields the page's URL."""
    path, _ = results
    proc = subprocess.Popen([sys.executable, "-m", "minutes_nlp.cli", "review", str(path), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        line = lines.get(timeout=120)
    except queue.Empty:
        proc.kill()
        pytest.fail("the review server printed no address: " + (proc.stderr.read() if proc.stderr else ""))
    address = line.split(" at ", 1)[1].split()[0]
    assert address.startswith("http://127.0.0.1:")
    yield address
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1400", "--lang=en"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _all(driver, css: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def _visible_labels(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('article.item'))"
        ".filter(e => getComputedStyle(e).display !== 'none').map(e => e.dataset.label);")


def _save(driver, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    artefacts = os.environ.get("MINUTES_NLP_ARTEFACTS")
    if artefacts:
        Path(artefacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artefacts) / name)
    return shot


def test_served_page_in_chromium(served, browser, results, tmp_path: Path) -> None:
    _, records = results
    items = [i for r in records for i in r["items"]]
    browser.get(served)
    assert browser.title == f"Review: {len(records)} meetings"
    # every item title and badge, every entity mark (text, label, value on hover)
    titles = [e.text for e in _all(browser, "article.item .item-title")]
    assert sorted(titles) == sorted(i["title"] for i in items)
    badges = [e.get_attribute("data-label") for e in _all(browser, "article.item h3 .badge")]
    labels = [i["decision"]["label"] if i["decision"] else "(no decision)" for i in items]
    assert sorted(badges) == sorted(labels)
    marks = _all(browser, "article.item .item-text mark.entity")
    mentions = [e for i in items for e in i["entities"]]
    assert len(marks) == len(mentions)
    assert sorted(m.get_attribute("data-label") for m in marks) == sorted(e["label"] for e in mentions)
    amount = next(e for e in mentions if e["label"] == "AMOUNT" and e["value"])
    assert any(m.get_attribute("title") == f"AMOUNT: {amount['value']} {amount['currency']}" for m in marks)
    assert len(_all(browser, ".item-text .hl-decision")) == sum(1 for i in items if i["decision"])
    assert len(_all(browser, "li.vote")) == sum(len(i["votes"]) for i in items) > 0
    assert len(_all(browser, "li.remark")) == sum(len(i["remarks"]) for i in items) > 0
    assert len(_all(browser, "tr.meeting-row")) == len(records) and _all(browser, "svg.chart rect")
    assert _visible_labels(browser) and len(_visible_labels(browser)) == len(items)
    _save(browser, tmp_path, "review_page.png")

    # a click on one label's filter hides the items of every other label
    wanted = "Godkendt"
    button = next(b for b in _all(browser, "button.label-filter") if b.get_attribute("data-label") == wanted)
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    visible = _visible_labels(browser)
    assert visible and set(visible) == {wanted} and len(visible) == labels.count(wanted)
    assert _all(browser, "#shown-count")[0].text == f"Showing {len(visible)} of {len(items)} items"
    rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('tr.review-row'))"
        ".filter(e => getComputedStyle(e).display !== 'none').map(e => e.dataset.label);")
    assert set(rows) == {wanted}
    _save(browser, tmp_path, "review_filtered.png")
    button.click()
    assert len(_visible_labels(browser)) == len(items)

    # the body menu keeps one body's meetings
    from selenium.webdriver.support.ui import Select

    body = records[0]["meeting"]["body"]["name"]
    Select(_all(browser, "#body-filter")[0]).select_by_value(body)
    time.sleep(0.1)
    shown_bodies = browser.execute_script(
        "return Array.from(document.querySelectorAll('article.item'))"
        ".filter(e => getComputedStyle(e).display !== 'none').map(e => e.dataset.body);")
    expected = sum(len(r["items"]) for r in records if r["meeting"]["body"] and r["meeting"]["body"]["name"] == body)
    assert set(shown_bodies) == {body} and len(shown_bodies) == expected


def test_html_file_opens_offline(results, browser, tmp_path: Path) -> None:
    """The --html file works from file:// with the network unused (everything is inline)."""
    from typer.testing import CliRunner

    from minutes_nlp.cli import app

    path, records = results
    out = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["review", str(path), "--html", str(out)])
    assert result.exit_code == 0, result.output
    browser.get(out.as_uri())
    assert len(_all(browser, "article.item")) == sum(len(r["items"]) for r in records)
    failed = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name);")
    assert failed == []  # no request beyond the page itself
