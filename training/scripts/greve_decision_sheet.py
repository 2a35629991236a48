"""Write review sheets for the Greve decision labels (pre-labelled by the rules).

One JSON line per agenda item that has a Beslutning section in the portal structure:
{"key": "<file>#<number>", "body", "title", "decision", "recommendation", "rules_label", "rules_score"}.
The sheets hold third-party text: write them OUTSIDE the repository (default /tmp/greve_sheets).

usage: python training/scripts/greve_decision_sheet.py [--data DIR] [--out DIR] [--parts N]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from minutes_nlp.components.decisions import classify_decision
from minutes_nlp.corpus import data_dir
from minutes_nlp.io.firstagenda import iter_meetings


def rows(folder: Path):
    for path, meeting in iter_meetings(folder):
        for item in meeting.items:
            texts = item.decision_texts(meeting.text)
            if texts is None:
                continue
            decision, recommendation = texts
            recommendation = recommendation[:700] if recommendation else None
            label, score = classify_decision(decision, recommendation, body=meeting.body)
            yield {"key": f"{path.name}#{item.number}", "body": meeting.body, "title": item.title,
                   "decision": decision[:1500], "recommendation": recommendation,
                   "rules_label": label, "rules_score": round(score, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=data_dir() / "minutes" / "greve_firstagenda")
    ap.add_argument("--out", type=Path, default=Path("/tmp/greve_sheets"))
    ap.add_argument("--parts", type=int, default=4)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    all_rows = list(rows(args.data))
    size = -(-len(all_rows) // args.parts)
    for k in range(args.parts):
        with (args.out / f"part_{k}.jsonl").open("w", encoding="utf-8") as fh:
            for r in all_rows[k * size:(k + 1) * size]:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(all_rows)} items with a Beslutning section -> {args.parts} sheets in {args.out}")


if __name__ == "__main__":
    main()
