"""``minutes-nlp export``: extracted records in another format (registered in cli.py; imports no cli).

``--format ocd`` writes Open Civic Data style JSON (see minutes_nlp.ocd and docs/ocd.md).
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer

__all__ = ["export", "FORMATS"]

FORMATS = ("ocd",)


def export(
    input_path: str = typer.Argument(..., metavar="IN.jsonl",
                                     help="JSONL written by 'extract --jsonl' (or -o out.jsonl); - for stdin."),
    out_dir: Path = typer.Argument(..., metavar="OUT_DIR", help="Folder to write into (made if missing)."),
    fmt: str = typer.Option(..., "--format", "-f",
                            help="ocd: Open Civic Data style JSON, one event_<uuid>.json per meeting and one "
                                 "vote_event_<uuid>.json per vote (schema: docs/ocd.schema.json)."),
) -> None:
    """Export extracted minutes: --format ocd writes Open Civic Data style events and vote events.

    Identifiers are derived from each record's source, so a second export of the same records
    rewrites the same files. Lines that are not extract records are reported and skipped (exit 1)."""
    from .ocd import export_ocd, read_records

    if fmt not in FORMATS:
        typer.echo(f"error: unknown format {fmt!r} (known: {', '.join(FORMATS)})", err=True)
        raise typer.Exit(2)
    if input_path != "-" and not Path(input_path).is_file():
        typer.echo(f"error: {input_path}: no such file", err=True)
        raise typer.Exit(2)
    if out_dir.exists() and not out_dir.is_dir():
        typer.echo(f"error: {out_dir} exists and is not a folder", err=True)
        raise typer.Exit(2)
    errors: list[str] = []
    try:
        if input_path == "-":
            result = export_ocd(read_records(sys.stdin, "<stdin>", errors), out_dir)
        else:
            with open(input_path, encoding="utf-8") as lines:
                result = export_ocd(read_records(lines, input_path, errors), out_dir)
    except (OSError, UnicodeDecodeError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    typer.echo(f"{result.events} event(s), {result.vote_events} vote event(s) -> {out_dir}", err=True)
    for e in errors[:20]:
        typer.echo(f"skipped {e}", err=True)
    if errors:
        typer.echo(f"{len(errors)} line(s) skipped", err=True)
        raise typer.Exit(1)
