"""Scoring shared by the accuracy benchmarks (layout zoo, real pages): items, decisions, header.

A predicted item matches a gold item when their title spans overlap; decision accuracy counts gold
items that carry a label (a missing item or decision is wrong); body and date are compared per page.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

_PERIOD = re.compile(r"\s+\d{4}(?:-\d{4})?$")


@dataclass
class Row:
    docs: int = 0
    gold_items: int = 0
    pred_items: int = 0
    matched: int = 0
    decisions: int = 0
    decisions_right: int = 0
    body_right: int = 0
    date_right: int = 0
    seconds: float = 0.0
    confusion: Counter = field(default_factory=Counter)

    def add(self, other: "Row") -> None:
        for k in ("docs", "gold_items", "pred_items", "matched", "decisions", "decisions_right",
                  "body_right", "date_right", "seconds"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.confusion.update(other.confusion)

    def scores(self) -> dict[str, float]:
        p = self.matched / self.pred_items if self.pred_items else 0.0
        r = self.matched / self.gold_items if self.gold_items else 0.0
        return {"items_p": p, "items_r": r, "items_f": 2 * p * r / (p + r) if p + r else 0.0,
                "decision_acc": self.decisions_right / self.decisions if self.decisions else 0.0,
                "body_acc": self.body_right / self.docs if self.docs else 0.0,
                "date_acc": self.date_right / self.docs if self.docs else 0.0}


def norm_body(name: str | None) -> str:
    name = _PERIOD.sub("", " ".join((name or "").split())).casefold()
    return "byrådet" if name == "byråd" else name


def title_span(text: str, item) -> tuple[int, int]:
    """Where the predicted item's title stands: its words searched from the item's start."""
    words = item.title.split()
    if words:
        pattern = r"\s+".join(re.escape(w) for w in words)
        window_end = min(len(text), item.start_char + len(item.title) + 400)
        m = re.compile(pattern).search(text, item.start_char, window_end)
        if m:
            return m.start(), m.end()
    return item.start_char, item.start_char + max(1, len(item.title))


def score(text: str, gold: dict, pred, loose: bool = False) -> Row:
    row = Row(docs=1, gold_items=len(gold["items"]), pred_items=len(pred.items))
    spans = [title_span(text, it) for it in pred.items]
    used: set[int] = set()
    for g in gold["items"]:
        match = None
        for j, (s, e) in enumerate(spans):
            if j not in used and s < g["title_end"] and g["title_start"] < e:
                match = j
                break
        if match is not None:
            used.add(match)
            row.matched += 1
        if g["decision"] is None:
            continue
        row.decisions += 1
        got = None
        if match is not None and pred.items[match].decision is not None:
            got = pred.items[match].decision.label
        row.decisions_right += got == g["decision"]
        row.confusion[(g["decision"], got or "(missing)")] += 1
    end = len(text.rstrip())  # a heading cut by the end of an excerpt is in no gold: not scored either way
    row.pred_items -= sum(1 for j, (_, e) in enumerate(spans) if j not in used and e >= end)
    body = pred.meeting.body.name if pred.meeting.body is not None else None
    row.body_right = int(same_body(body, gold["meeting"]["body"], loose))
    gold_date = gold["meeting"].get("date")
    row.date_right = int(gold_date is not None and pred.meeting.date == dt.date.fromisoformat(gold_date))
    return row


def same_body(pred: str | None, gold: str | None, loose: bool = False) -> bool:
    """Exact after normalisation; ``loose`` also accepts one name inside the other ("Byrådet" / "Hillerød Byråd")."""
    a, b = norm_body(pred), norm_body(gold)
    if a == b:
        return True
    if not loose or not a or not b:
        return False
    a, b = re.sub(r"\W+", "", a).removesuffix("et"), re.sub(r"\W+", "", b).removesuffix("et")
    return len(min(a, b, key=len)) >= 5 and (a in b or b in a)
