"""``minutes-nlp cases``: case histories across meetings (registered in cli.py; imports no cli)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

if TYPE_CHECKING:  # pragma: no cover
    from .cases.models import Case

__all__ = ["cases", "format_case"]


def format_case(case: "Case") -> str:
    """One case as a text table: date, body, item, decision, and why each step was joined."""
    out = case.outcome
    head = f"{case.key}  {case.title}"
    rows = [("date", "body", "item", "decision", "title", "joined by")]
    for step in case.steps:
        why = "" if step.link is None else f"{step.link.score:.2f}: " + ", ".join(step.link.evidence)
        rows.append((str(step.date or "?"), step.body or "?", step.item_number, step.decision or "-",
                     step.item_title[:48], why))
    widths = [max(len(r[k]) for r in rows) for k in range(5)]
    lines = [head]
    for r in rows:
        lines.append("  " + "  ".join(r[k].ljust(widths[k]) for k in range(5)) + ("  " + r[5] if r[5] else ""))
    follow = {True: "yes", False: "no", None: "n/a"}[out.followed_recommendation]
    lines.append(f"  final: {out.final_decision or '-'} ({out.deciding_body or '?'}), {out.days} days, "
                 f"recommendation followed: {follow}")
    return "\n".join(lines)


def cases(
    paths: List[str] = typer.Argument(..., help="Minutes files or folders (as for extract), or JSONL written by "
                                                "'extract --jsonl'."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write here: .jsonl (one case per line), .parquet (tables cases, case_steps) "
                                     "or .db (SQLite; adds the two tables). Default: JSONL on stdout."),
    table: bool = typer.Option(False, "--table", help="Print each case as a text table instead of JSON."),
    match: Optional[str] = typer.Option(None, "--match", help="Only cases whose key, case number or a step's title "
                                                               "contains this text (case-insensitive)."),
    min_steps: int = typer.Option(1, "--min-steps", min=1, help="Only cases with at least this many steps."),
    model: Optional[str] = typer.Option(None, "--model", help="Pipeline for files that are not JSONL; 'rules' for rules only."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="A cases.json to use instead of the packaged one."),
) -> None:
    """Link agenda items across meetings into case histories (fagudvalg → Økonomiudvalget → byråd).

    Items with the same case number are one case; items without one are joined by title
    similarity within a time window, with the bodies' order, earlier treatments the item reports
    and referral phrases as evidence. Each step says why it was joined."""
    from .cases import CaseRulesError, link_cases, load_rules
    from .cases.inputs import load_documents
    from .cases.tables import case_json, write_cases

    try:
        config = load_rules(rules)
    except CaseRulesError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    loaded = load_documents(paths, model=model)
    for message in loaded.errors:
        typer.echo(f"error: {message}", err=True)
    if not loaded.documents:
        typer.echo("error: no documents to link", err=True)
        raise typer.Exit(2 if not loaded.errors else 1)
    found = [c for c in link_cases(loaded.documents, rules=config) if len(c.steps) >= min_steps]
    if match:
        needle = match.casefold()
        found = [c for c in found if needle in c.key.casefold() or any(needle in n.casefold() for n in c.case_numbers)
                 or any(needle in s.item_title.casefold() for s in c.steps)]
    try:
        if output is not None:
            kind = write_cases(found, output)
            typer.echo(f"{len(found)} case(s) from {len(loaded.documents)} document(s) written to {output} ({kind})",
                       err=True)
        elif table:
            typer.echo("\n\n".join(format_case(c) for c in found))
        else:
            for case in found:
                sys.stdout.write(json.dumps(case_json(case), ensure_ascii=False) + "\n")
    except OSError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    if loaded.errors:
        raise typer.Exit(1)
