"""The ``minutes-nlp`` command line: extract, schema (train and evaluate wrap the spaCy project)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Typed data from Danish municipal meeting minutes (referater).")


def _check_model(model: Optional[str]) -> Optional[str]:
    """An error message when ``model`` is neither 'rules', a pipeline folder nor an installed package."""
    if model is None or model == "rules":
        return None
    from spacy.util import is_package

    if (Path(model) / "config.cfg").exists() or is_package(model):
        return None
    return f"cannot load minutes_nlp pipeline {model!r}: not a pipeline folder, an installed package or 'rules'"


def _progress(total: int, enabled: bool) -> Any:
    """A tqdm bar on stderr counting documents, with words/s and errors as postfix."""
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, disable=not enabled, dynamic_ncols=True,
                smoothing=0.1)


def _run_batch(files: List[str], out: Any, workers: int, model: Optional[str], batch_size: int,
               stdin: Optional[bytes], progress: bool, pretty: bool) -> int:
    """Extract ``files`` into ``out`` (a storage writer, or a text stream when ``pretty``/stdout);
    returns the number of failed documents."""
    import time

    from .batch import extract_paths

    failures = words = 0
    started = time.perf_counter()
    bar = _progress(len(files), progress)
    try:
        for outcome in extract_paths(files, workers=workers, model=model, batch_size=batch_size, stdin=stdin):
            if outcome.ok:
                words += outcome.words
                if pretty:
                    out.write(json.dumps({k: v for k, v in outcome.record.items() if k != "source"},
                                         ensure_ascii=False, indent=2) + "\n")
                elif hasattr(out, "done_sources"):
                    out.write(outcome.record)
                else:
                    out.write(json.dumps(outcome.record, ensure_ascii=False) + "\n")
            else:
                failures += 1
                bar.write(f"error: {outcome.error}", file=sys.stderr)
            bar.update(1)
            rate = words / max(time.perf_counter() - started, 1e-9)
            bar.set_postfix_str(f"{rate:,.0f} words/s, {failures} errors", refresh=False)
    finally:
        bar.close()
    return failures


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Files (.txt, .pdf, .html, FirstAgenda .json), directories, or - for stdin."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON line per input document, with its source."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o",
        help="Write here instead of stdout: .jsonl (or --jsonl), .parquet (a folder of tables) or .db (SQLite). "
             "An existing output is resumed: documents already in it are skipped."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (output is the same as with 1)."),
    model: Optional[str] = typer.Option(None, "--model", help="Pipeline path or package; 'rules' for rules only."),
    batch_size: int = typer.Option(2, "--batch-size", min=1, help="Documents per nlp.pipe batch (small keeps memory low)."),
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."),
) -> None:
    """Extract meetings, agenda items, decisions and entities as JSON, JSONL, Parquet or SQLite."""
    from .io.readers import iter_paths
    from .storage import StorageError, open_writer, output_format

    files = list(iter_paths(paths))
    if not files:
        typer.echo("error: no input files found", err=True)
        raise typer.Exit(2)
    problem = _check_model(model)
    if problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(2)
    stdin = sys.stdin.buffer.read() if "-" in files else None
    fmt = output_format(output) if output else "jsonl"
    pretty = not jsonl and len(files) == 1 and fmt == "jsonl" and (output is None or output.suffix.lower() != ".jsonl")
    total = len(files)
    if output is not None and not pretty:
        try:
            out: Any = open_writer(output, fmt)
        except (StorageError, OSError) as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2)
        done = out.done_sources()
        files = [f for f in files if f not in done]
        if len(files) < total:
            typer.echo(f"resuming {output}: {total - len(files)} of {total} document(s) already there", err=True)
    elif output is not None:
        out = output.open("w", encoding="utf-8")
    else:
        out = sys.stdout
    show = progress if progress is not None else (sys.stderr.isatty() and len(files) > 1)
    try:
        failures = _run_batch(files, out, workers, model, batch_size, stdin, show, pretty)
    except OSError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    finally:
        if out is not sys.stdout:
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
def train(
    workflow: str = typer.Argument("all", help="Project workflow or command: all, smoke, convert, train, evaluate, publish."),
    project: Optional[Path] = typer.Option(None, "--project", help="The spaCy project folder (default: training/)."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Override the NER training steps."),
    var: List[str] = typer.Option([], "--var", help="Project variable override NAME=VALUE (repeatable)."),
    force: bool = typer.Option(False, "--force", help="Re-run steps even when their outputs are up to date."),
    dry: bool = typer.Option(False, "--dry", help="Print the commands without running them."),
) -> None:
    """Train on your annotated minutes: runs the spaCy project (convert → train → evaluate → publish)."""
    from .train import run_project

    overrides: dict[str, Any] = {}
    for item in var:
        name, sep, value = item.partition("=")
        if not sep or not name:
            typer.echo(f"error: --var expects NAME=VALUE, got {item!r}", err=True)
            raise typer.Exit(2)
        overrides[name] = value
    if max_steps is not None:
        overrides["max_steps"] = max_steps
    try:
        run_project(workflow, project, overrides=overrides, force=force, dry=dry)
    except (OSError, ValueError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from err


@app.command()
def schema() -> None:
    """Print the JSON schema of the output (Minutes)."""
    from .schema import json_schema

    typer.echo(json_schema())


labelstudio_app = typer.Typer(add_completion=False, no_args_is_help=True,
                              help="Correct annotations in Label Studio: labeling config, export tasks, import an export.")
app.add_typer(labelstudio_app, name="labelstudio")


def _write_json(data: Any, output: Optional[Path]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@labelstudio_app.command("config")
def labelstudio_config() -> None:
    """Print the labeling config (XML) to paste into the Label Studio project's Labeling Interface."""
    from .labelstudio import labeling_config

    typer.echo(labeling_config(), nl=False)


@labelstudio_app.command("export")
def labelstudio_export(
    corpus: List[Path] = typer.Argument(None, help="Corpus JSONL file(s) or folder(s) to export (corpus/annotated/…)."),
    from_text: List[Path] = typer.Option(
        [], "--from-text", help="New minutes (.txt, .pdf, .html, portal .json) to pre-label with the pipeline instead."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Tasks JSON file to import into Label Studio (default: stdout)."),
    as_annotations: bool = typer.Option(False, "--as-annotations", help="Write the labels as annotations, not predictions."),
    model: Optional[str] = typer.Option(None, "--model", help="Pipeline for --from-text: path or package; 'rules' for rules only."),
    skip_missing: bool = typer.Option(False, "--skip-missing", help="Leave out records whose data file is absent."),
) -> None:
    """Write Label Studio tasks: corpus records (verified against their sha256) or pre-labelled new minutes."""
    from .corpus import CorpusError, iter_records
    from .io.readers import ReadError, read_path
    from .labelstudio import minutes_to_task, records_to_tasks

    corpus = corpus or []
    if bool(corpus) == bool(from_text):
        typer.echo("error: give corpus JSONL file(s) or --from-text file(s), not both or neither", err=True)
        raise typer.Exit(2)
    try:
        if corpus:
            records = [r for c in corpus for r in iter_records(c)]
            tasks = records_to_tasks(records, as_annotations=as_annotations, skip_missing=skip_missing)
        else:
            problem = _check_model(model)
            if problem:
                typer.echo(f"error: {problem}", err=True)
                raise typer.Exit(2)
            from .api import extract
            from .pipeline import load

            nlp = load(model)
            tasks = []
            for path in from_text:
                doc = read_path(path)
                tasks.append(minutes_to_task(doc.text, extract(doc.text, nlp=nlp), path.stem, as_annotations=as_annotations))
        _write_json(tasks, output)
    except (CorpusError, ReadError, OSError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1)
    if output is not None:
        typer.echo(f"{len(tasks)} task(s) written to {output}", err=True)


@labelstudio_app.command("import")
def labelstudio_import(
    export: Path = typer.Argument(..., help="Label Studio JSON export (Export → JSON) of the project."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Corpus records JSONL (default: stdout)."),
    use_predictions: bool = typer.Option(
        False, "--use-predictions", help="Take a task's latest prediction when it has no (non-cancelled) annotation."),
) -> None:
    """Turn a Label Studio export into corpus records (latest non-cancelled annotation per task), verified."""
    from .corpus import CorpusError
    from .labelstudio import tasks_to_records

    try:
        tasks = json.loads(export.read_text(encoding="utf-8"))
        result = tasks_to_records(tasks, export, use_predictions=use_predictions)
    except json.JSONDecodeError as err:
        typer.echo(f"error: {export}: invalid JSON ({err})", err=True)
        raise typer.Exit(1)
    except (CorpusError, OSError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.records)
    if output is None:
        typer.echo(lines, nl=False)
    else:
        output.write_text(lines, encoding="utf-8")
        typer.echo(f"{len(result.records)} record(s) written to {output}", err=True)
    if result.skipped:
        typer.echo(f"skipped {len(result.skipped)} task(s) with no annotation: {', '.join(result.skipped)}", err=True)


def main() -> None:  # pragma: no cover - console entry
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
