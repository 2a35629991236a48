"""The ``minutes-nlp review`` command (registered in ``minutes_nlp.cli``; this module does not import it)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer


def _model_problem(model: Optional[str]) -> Optional[str]:
    if model is None or model == "rules":
        return None
    from spacy.util import is_package

    if (Path(model) / "config.cfg").exists() or is_package(model):
        return None
    return f"cannot load minutes_nlp pipeline {model!r}: not a pipeline folder, an installed package or 'rules'"


def review(
    paths: List[str] = typer.Argument(
        ..., help="Minutes files (.txt, .pdf, .html, FirstAgenda .json), folders or - for stdin, as for extract; "
                  "or a JSONL written by extract --jsonl (shown without re-extraction)."),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port on 127.0.0.1 to serve on (0: any free port)."),
    html: Optional[Path] = typer.Option(
        None, "--html", help="Write the page to this file (one self-contained HTML file) instead of serving it."),
    model: Optional[str] = typer.Option(None, "--model", help="Pipeline path or package; 'rules' for rules only."),
) -> None:
    """Review results in a browser: items with decision badges, highlighted decisions and recommendations,
    entity marks, votes and remarks; items by decision score; filters by label and body; for a folder, a
    table of meetings and a chart of decisions per body per month. Serves on 127.0.0.1 (Ctrl+C stops)."""
    from .page import build_page
    from .server import PortInUseError, make_server, serve
    from .sources import ReviewInputError, expand, load_documents

    problem = _model_problem(model)
    if problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(2)
    if html is not None and html.is_dir():
        typer.echo(f"error: --html {html} is a folder; give a file name", err=True)
        raise typer.Exit(2)
    try:
        expand(paths)  # a missing path or a URL is reported before anything else
    except ReviewInputError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    if html is None:  # fail on a taken port before the (slow) extraction, not after
        try:
            make_server("", port).server_close()
        except PortInUseError as err:
            typer.echo(f"error: {err.strerror}", err=True)
            raise typer.Exit(2)
    progress = (lambda msg: typer.echo(msg, err=True)) if sys.stderr.isatty() else None
    try:
        loaded = load_documents(paths, model=model, progress=progress)
    except ReviewInputError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    for skipped in loaded.skipped:
        typer.echo(f"skipped: {skipped}", err=True)
    for note in loaded.notes:
        typer.echo(f"note: {note}", err=True)
    if not loaded.docs:
        typer.echo("error: no meetings to show", err=True)
        raise typer.Exit(1)
    page = build_page(loaded)
    if html is not None:
        try:
            html.write_text(page, encoding="utf-8")
        except OSError as err:
            typer.echo(f"error: cannot write {html}: {err.strerror or err}", err=True)
            raise typer.Exit(2)
        typer.echo(f"wrote {html} ({len(loaded.docs)} meeting(s))", err=True)
        return

    def ready(address: str) -> None:
        typer.echo(f"Serving the review page of {len(loaded.docs)} meeting(s) at {address} (Ctrl+C to stop)")
        sys.stdout.flush()

    try:
        serve(page, port, ready)
    except PortInUseError as err:
        typer.echo(f"error: {err.strerror}", err=True)
        raise typer.Exit(2)
