"""Real minutes pages, graded by hand (stand-off gold in corpus/real_pages/gold): the figures that
say how the library does on municipalities and layouts it was not built from.

The page texts are third-party and are not in the repository: they are read into the git-ignored
corpus/real_pages/texts/ (see corpus/real_pages/README.md); every text's sha256 is checked against
the gold before it is scored, and a page whose text is missing or differs is reported and skipped.

Sets, by whole municipality:
  unseen_test   municipalities outside LAYOUTS.md's reading list whose pages nobody designing rules
                has read: the headline figure
  unseen_dev    other unseen municipalities, open for error analysis: the six of which a developer
                saw a page in a search result before the set was built (GLIMPSED) and four more
                drawn by the md5 of their name, before any score was looked at (DEV_DRAWN), plus
                unseen_c (records marked "set": "unseen_dev"; their municipalities in UNSEEN_C), and
                three drawn from the test municipalities on 2026-12-05 (DEV_DRAWN_2) and two drawn
                from the blind ones on 2026-12-06 (DEV_DRAWN_3, pages of every set), and Fredensborg,
                whose layout note a developer saw later that day (GLIMPSED_2, pages of every set)
  unseen_d      a second blind test set (records marked "set": "unseen_d"), gathered and graded on
                2026-12-05 by helper sessions that did not run the pipeline, from the 20 municipalities
                in no other set; frozen before the pipeline was first run on it
  unseen_e      a third blind test set (records marked "set": "unseen_e"), gathered and graded on
                2026-12-06 by helper sessions that did not run the pipeline: new pages of the blind
                municipalities of unseen_test and unseen_d and of the municipalities in no set
  unseen_f      a fourth blind test set (records marked "set": "unseen_f"), gathered and graded on
                2026-12-06 (seventh session) by a helper session that did not run the pipeline
  blind         unseen_test + unseen_d + unseen_e + unseen_f: every page nobody designing rules has read
  reading_list  the pages behind LAYOUTS.md (conventions were designed from them): a dev set
  unseen        unseen_test + unseen_d + unseen_e + unseen_dev;  all: everything

usage: python benchmarks/real_pages.py [--set unseen_test|unseen_d|unseen_e|unseen_f|blind|unseen_dev|
                                              reading_list|unseen|all]
                                       [--model rules|default|PATH] [--details] [--json PATH]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from scoring import Row, same_body, score  # noqa: E402

GOLD = ROOT / "corpus" / "real_pages" / "gold"
TEXTS = ROOT / "corpus" / "real_pages" / "texts"
#: unseen municipalities of which a page was shown in a developer's search result before grading
GLIMPSED = {"Brønderslev Kommune", "Aabenraa Kommune", "Køge Kommune", "Roskilde Kommune", "Ishøj Kommune",
            "Odsherred Kommune"}
#: the first four other unseen municipalities in md5(name) order
DEV_DRAWN = {"Lemvig Kommune", "Region Syddanmark", "Esbjerg Kommune", "Syddjurs Kommune"}
#: unseen_c: municipalities of the gold records marked "set": "unseen_dev" (gathered by search for
#: municipalities in no other gold file; kept out of unseen_test whatever a record's set says)
UNSEEN_C = {"Guldborgsund Kommune", "Kerteminde Kommune", "Københavns Kommune", "Aarhus Kommune", "Stevns Kommune"}
#: three more drawn on 2026-12-05 by md5(name + "|2026-12-05") from the ten test municipalities, after a
#: change for unnumbered layouts lowered the test aggregate: error analysis needed pages nobody had
#: designed from, and the draw (not the scores) chose them
DEV_DRAWN_2 = {"Silkeborg Kommune", "Region Nordjylland", "Holbæk Kommune"}
#: two more drawn on 2026-12-06 by md5(name + "|2026-12-06") from the ten blind municipalities (the first
#: two in that order), after the blind figures of that day were recorded: error analysis again needed
#: pages of layouts nobody had designed from; their pages of every set count as unseen_dev from then on
DEV_DRAWN_3 = {"Nyborg Kommune", "Rødovre Kommune"}
#: on 2026-12-06 (seventh session) a developer saw the layout note of a Fredensborg gold record while
#: checking the record format; from then on Fredensborg counts as glimpsed (dev), after the blind
#: figures of that moment were recorded (37 pages, 8 municipalities: items F 0.770, decisions 0.639)
GLIMPSED_2 = {"Fredensborg Kommune"}
#: sets gathered and graded blind by helper sessions (records marked with the set's name)
BLIND_SETS = ("unseen_d", "unseen_e", "unseen_f")
#: municipalities whose pages of every set (blind ones included) count as unseen_dev
MOVED_TO_DEV = DEV_DRAWN_3 | GLIMPSED_2
UNSEEN_DEV = GLIMPSED | DEV_DRAWN | UNSEEN_C | DEV_DRAWN_2 | MOVED_TO_DEV


def in_set(rec: dict, which: str) -> bool:
    """Whether a gold record belongs to the named set."""
    if which == "all":
        return True
    if rec["set"] == "unseen_dev" or (rec["set"] in BLIND_SETS and rec["municipality"] in MOVED_TO_DEV):
        return which in ("unseen_dev", "unseen")
    if rec["set"] in BLIND_SETS:
        return which in (rec["set"], "blind", "unseen")
    if which == "reading_list":
        return rec["set"] == which
    if rec["set"] != "unseen":
        return False
    if which == "unseen":
        return True
    is_dev = rec["municipality"] in UNSEEN_DEV
    return (which == "unseen_dev" and is_dev) or (which in ("unseen_test", "blind") and not is_dev)


def load_gold(which: str) -> list[dict]:
    """Gold records of the chosen set, in file order."""
    out = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            if not in_set(rec, which):
                continue
            out.append(rec)
    return out


def read_text(rec: dict) -> str | None:
    """The page text if it is present and its sha256 matches the gold, else None."""
    path = TEXTS / f"{rec['id']}.txt"
    if not path.exists():
        return None
    text = path.read_bytes().decode("utf-8")
    return text if hashlib.sha256(text.encode("utf-8")).hexdigest() == rec["sha256"] else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="unseen_test",
                    choices=["unseen_test", "unseen_d", "unseen_e", "unseen_f", "blind", "unseen_dev", "reading_list", "unseen",
                             "all"])
    ap.add_argument("--model", default="rules", help="rules | default | path or package name")
    ap.add_argument("--details", action="store_true", help="per page and per item (offsets and labels only)")
    ap.add_argument("--json", default="", help="write the results as JSON here")
    args = ap.parse_args(argv)

    from minutes_nlp.api import extract
    from minutes_nlp.pipeline import load

    nlp = load(None if args.model == "default" else args.model)
    records = load_gold(args.set)
    rows: dict[str, Row] = defaultdict(Row)
    header_n: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # body right, body n, date right, date n
    missing = []
    for rec in records:
        text = read_text(rec)
        if text is None:
            missing.append(rec["id"])
            continue
        pred = extract(text, nlp=nlp)
        row = score(text, rec, pred, loose=True)
        muni = rec["municipality"].replace(" Kommune", "")
        hn = header_n[muni]
        if rec["meeting"].get("body_printed"):
            hn[0] += row.body_right
            hn[1] += 1
        if rec["meeting"].get("date_printed") and rec["meeting"].get("date"):
            hn[2] += row.date_right
            hn[3] += 1
        rows[muni].add(row)
        if args.details:
            body = pred.meeting.body.name if pred.meeting.body else None
            print(f"# {rec['id']}: gold {len(rec['items'])} items, predicted {len(pred.items)}; "
                  f"body {body!r} ({'ok' if same_body(body, rec['meeting']['body'], True) else 'gold ' + str(rec['meeting']['body'])}), "
                  f"date {pred.meeting.date} (gold {rec['meeting'].get('date')})")
            for it in pred.items:
                print(f"    pred {it.number:>5} @{it.start_char:<6} -> {it.decision.label if it.decision else None}")
            for g in rec["items"]:
                print(f"    gold {str(g['number']):>5} @{g['heading_start']:<6} title {g['title_start']}-{g['title_end']} -> {g['decision']}")
    print(f"pipeline: {nlp.meta.get('name')} {nlp.meta.get('version')} ({args.model})   set: {args.set}"
          f"   pages: {len(records) - len(missing)}")
    if missing:
        print(f"skipped (text missing or changed): {len(missing)}: {', '.join(missing)}")
    head = f"{'municipality':<26} {'pages':>5} {'gold':>4} {'pred':>4} {'P':>6} {'R':>6} {'F':>6} {'dec':>4} {'acc':>6} {'body':>7} {'date':>7}"
    print(head)
    print("-" * len(head))
    total, total_h = Row(), [0, 0, 0, 0]
    for muni in sorted(rows):
        total.add(rows[muni])
        total_h = [a + b for a, b in zip(total_h, header_n[muni])]
        _print(muni, rows[muni], header_n[muni])
    print("-" * len(head))
    _print("TOTAL", total, total_h)
    print(f"municipalities: {len(rows)}")
    print("decision confusions (gold -> predicted: count)")
    for (g, p), n in total.confusion.most_common(12):
        print(f"  {g:>16} -> {p:<18} {n}")
    if args.json:
        s = total.scores()
        out = {"set": args.set, "model": args.model, "pages": len(records) - len(missing),
               "municipalities": len(rows), **{k: round(v, 4) for k, v in s.items()},
               "body_acc": total_h[0] / total_h[1] if total_h[1] else None,
               "date_acc": total_h[2] / total_h[3] if total_h[3] else None}
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


def _frac(right: int, n: int) -> str:
    return f"{right}/{n}" if n else "-"


def _print(name: str, row: Row, hn: list[int]) -> None:
    s = row.scores()
    acc = f"{s['decision_acc']:>6.1%}" if row.decisions else f"{'-':>6}"
    print(f"{name[:26]:<26} {row.docs:>5} {row.gold_items:>4} {row.pred_items:>4} {s['items_p']:>6.1%} "
          f"{s['items_r']:>6.1%} {s['items_f']:>6.1%} {row.decisions:>4} {acc} "
          f"{_frac(hn[0], hn[1]):>7} {_frac(hn[2], hn[3]):>7}")


if __name__ == "__main__":
    sys.exit(main())
