"""The ``minutes-nlp`` command line: extract, schema (train and evaluate wrap the spaCy project)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator, List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Typed data from Danish municipal meeting minutes (referater).")


def _record(doc: Any, minutes: Any, jsonl: bool) -> dict[str, Any]:
    data = minutes.model_dump(mode="json")
    if jsonl:
        return {"source": doc.source, **data}
    return data


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Files (.txt, .pdf, .html, FirstAgenda .json), directories, or - for stdin."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON line per input document, with its source."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (output is the same as with 1)."),
    model: Optional[str] = typer.Option(None, "--model", help="Pipeline path or package; 'rules' for rules only."),
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="Documents per nlp.pipe batch."),
) -> None:
    """Extract meetings, agenda items, decisions and entities as JSON."""
    from .api import extract_many
    from .io.readers import ReadError, iter_paths, read_any
    from .pipeline import load

    files = list(iter_paths(paths))
    if not files:
        typer.echo("error: no input files found", err=True)
        raise typer.Exit(2)
    stdin = sys.stdin.buffer.read() if "-" in files else None
    if not jsonl and len(files) > 1:
        jsonl = True  # several documents cannot be one pretty JSON object
    nlp = load(model)
    failures = 0

    def documents() -> Iterator[Any]:
        nonlocal failures
        for f in files:
            try:
                yield read_any(f, stdin)
            except ReadError as err:
                failures += 1
                typer.echo(f"error: {err}", err=True)

    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        docs = list(documents()) if workers == 1 else list(documents())
        for doc, minutes in zip(docs, extract_many((d.text for d in docs), batch_size=batch_size, nlp=nlp)):
            record = _record(doc, minutes, jsonl)
            if jsonl:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    finally:
        if output:
            out.close()
    if failures:
        typer.echo(f"{failures} of {len(files)} input(s) failed", err=True)
        raise typer.Exit(1)


@app.command()
def evaluate(
    corpus: List[Path] = typer.Argument(..., help="Gold corpus JSONL file(s) or folder(s) (corpus/annotated/…)."),
    model: List[str] = typer.Option(["rules"], "--model", "-m", help="Pipelines to compare: 'rules', a path, 'default'."),
    split: Optional[str] = typer.Option(None, "--split", help="Only documents of this split (train/dev/test)."),
    layout: Optional[str] = typer.Option(None, "--layout", help="Only documents of this layout."),
    details: bool = typer.Option(False, "--details", help="Per-document items and decisions, with the errors."),
) -> None:
    """Print entity P/R/F per label, item F, decision accuracy and macro-F1 per pipeline, side by side."""
    from .api import extract_many
    from .corpus import load_corpus
    from .evaluate import evaluate as run_eval, format_table
    from .pipeline import load

    golds = [d for c in corpus for d in load_corpus(c, skip_missing=True)]
    golds = [d for d in golds if (split is None or d.split == split) and (layout is None or d.layout == layout)]
    if not golds:
        typer.echo("error: no gold documents selected", err=True)
        raise typer.Exit(2)
    columns = {}
    for name in model:
        nlp = load(None if name == "default" else name)
        columns[name] = run_eval(golds, extract_many((g.text for g in golds), nlp=nlp))
    typer.echo(format_table(columns, title=f"{len(golds)} documents"))
    if details:
        for name, scores in columns.items():
            typer.echo(f"\n[{name}] document: items found/expected, decisions right/expected")
            for d in scores.docs:
                typer.echo(f"  {d.doc_id:<48} {d.items_found:>3}/{d.items_expected:<3} {d.decisions_right:>3}/{d.decisions_expected:<3}")
                for err in d.errors:
                    typer.echo(f"      {err}")


@app.command()
def schema() -> None:
    """Print the JSON schema of the output (Minutes)."""
    from .schema import json_schema

    typer.echo(json_schema())


def main() -> None:  # pragma: no cover - console entry
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
