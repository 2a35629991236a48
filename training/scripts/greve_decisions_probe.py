"""Probe the rule-based decision classifier on Greve FirstAgenda JSON (reading aid, not a test).

Renders each item's HTML to plain text, cuts it into sections at <h2>/<h3>/<h4> headings, takes the
Beslutning and Indstilling sections and runs `classify_decision`. Prints the label distribution and a
seeded random sample for reading.

    python training/scripts/greve_decisions_probe.py [--data DIR] [--sample 100] [--seed 7] [--label L]
"""
from __future__ import annotations

import argparse
import collections
import html
import json
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path

from minutes_nlp.components.decisions import classify_decision



_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}
_HEAD = {"h2", "h3", "h4"}


class _Sections(HTMLParser):
    """Collect (heading, body text) pairs; text before the first heading has heading ''."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[list[str]] = [["", ""]]
        self._in_head = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HEAD:
            self._in_head += 1
            self.sections.append(["", ""])
        elif tag in _BLOCK:
            self.sections[-1][1] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEAD:
            self._in_head = max(0, self._in_head - 1)
        elif tag in _BLOCK:
            self.sections[-1][1] += "\n"

    def handle_data(self, data: str) -> None:
        self.sections[-1][0 if self._in_head else 1] += data


def _clean(text: str) -> str:
    lines = [re.sub(r"[ \t\xa0]+", " ", ln).strip() for ln in html.unescape(text).splitlines()]
    return "\n".join(ln for ln in lines if ln)


def sections(item_html: str) -> list[tuple[str, str]]:
    """(heading, text) pairs of one item's HTML."""
    parser = _Sections()
    parser.feed(item_html or "")
    return [(_clean(h), _clean(b)) for h, b in parser.sections]


def decision_and_recommendation(item_html: str) -> tuple[str | None, str | None]:
    """The Beslutning text (None when absent) and the Indstilling text (None when absent)."""
    decision = recommendation = None
    for head, body in sections(item_html):
        low = head.lower()
        if decision is None and low.startswith("beslutning"):
            decision = body
        elif recommendation is None and low.startswith("indstilling"):
            recommendation = body
    return decision, recommendation


def main() -> None:
    ap = argparse.ArgumentParser()
    default = Path(os.environ.get("MINUTES_NLP_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
    ap.add_argument("--data", type=Path, default=default / "minutes" / "greve_firstagenda")
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--label", default=None, help="only sample items with this label")
    args = ap.parse_args()
    rows = []
    for path in sorted(args.data.glob("*.json")):
        meeting = json.loads(path.read_text(encoding="utf-8"))
        for item in meeting.get("Dagsordenpunkter") or []:
            for field in item.get("Felter") or []:
                dec, rec = decision_and_recommendation(field.get("Html") or "")
                if dec is None:
                    continue
                label, score = classify_decision(dec, rec)
                rows.append((path.name, item.get("Caption"), dec, rec, label, score))
    dist = collections.Counter(r[4] for r in rows)
    print(f"{len(rows)} decisions")
    for label, n in dist.most_common():
        print(f"  {label:18s} {n:5d}  {n / len(rows):.1%}")
    pool = [r for r in rows if args.label is None or r[4] == args.label]
    rng = random.Random(args.seed)
    for i, (name, title, dec, rec, label, score) in enumerate(rng.sample(pool, min(args.sample, len(pool)))):
        print(f"\n#{i} {name} | {title}\n  REC: {(rec or '')[:300]!r}\n  DEC: {dec[:400]!r}\n  => {label} {score:.2f}")


if __name__ == "__main__":
    main()
