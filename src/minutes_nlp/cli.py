"""The ``minutes-nlp`` command line: extract, schema (train and evaluate wrap the spaCy project)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Typed data from Danish municipal meeting minutes (referater).")


def _print_version(value: bool) -> None:
    if value:
        from .about import version_text

        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print the versions of minutes-nlp, its pipeline and spaCy, and exit.")) -> None:
    """Typed data from Danish municipal meeting minutes (referater)."""


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


def _resolved(path: str) -> str:
    """``path`` resolved (symlinks, '..'), as text; '-' and '<stdin…>' stay as they are."""
    if path == "-" or path.startswith("<stdin"):
        return path
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(Path(path).absolute())


def _content_key(path: str) -> Optional[str]:
    """The file's suffix and the SHA-256 of its bytes (read in blocks); None for stdin, an empty file
    or a file that cannot be read."""
    import hashlib

    if path == "-":
        return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
            if not fh.tell():
                return None  # empty files each fail on their own
    except OSError:
        return None  # the reader reports it
    return Path(path).suffix.lower() + ":" + digest.hexdigest()  # one reader per suffix


def _dedupe(files: List[str]) -> List[str]:
    """``files`` without repeats: the same resolved path, or the same bytes under another name (a
    copy); the first one named is kept."""
    seen: set[str] = set()
    unique = []
    for f in files:
        keys = {_resolved(f)}
        content = _content_key(f)
        if content is not None:
            keys.add("sha256:" + content)
        if not keys & seen:
            seen |= keys
            unique.append(f)
    return unique


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return -1


def _not_stored_copies(files: List[str], done: set[str]) -> List[str]:
    """``files`` without copies of documents already stored (same suffix and bytes as a stored source
    that is still on disk); only stored files of a size some input has are read."""
    sizes = {_size(f) for f in files if f != "-"} - {-1, 0}
    stored = {_content_key(d) for d in done if _size(d) in sizes}
    stored.discard(None)
    return [f for f in files if f == "-" or _size(f) not in sizes or _content_key(f) not in stored] if stored else files


def _output_clash(output: Path, paths: List[str], files: List[str]) -> Optional[str]:
    """Why ``output`` may not be written: it is one of the inputs, or an input folder itself."""
    target = _resolved(str(output))
    for f in files:
        if f != "-" and _resolved(f) == target:
            return f"the output {output} is also an input ({f}); writing it would destroy the input"
    for p in paths:
        if p != "-" and Path(p).is_dir() and _resolved(p) == target:
            return f"the output {output} is the input folder {p}"
    return None


def _run_batch(files: List[str], out: Any, workers: int, model: Optional[str], batch_size: int,
               stdin: Optional[bytes], progress: bool, pretty: bool, limits: Any = None) -> int:
    """Extract ``files`` into ``out`` (a storage writer, or a text stream when ``pretty``/stdout);
    returns the number of failed documents."""
    import time

    from .startup import import_spacy_for

    import_spacy_for(model)  # before .batch imports spaCy: no torch for a numpy-only pipeline
    from .batch import extract_paths

    failures = words = 0
    started = time.perf_counter()
    bar = _progress(len(files), progress)
    try:
        for outcome in extract_paths(files, workers=workers, model=model, batch_size=batch_size, stdin=stdin,
                                     limits=limits):
            if outcome.ok:
                words += outcome.words
                for warning in outcome.record.get("warnings") or ():
                    bar.write(f"warning: {warning}", file=sys.stderr)
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
    output_name: Optional[str] = typer.Option(
        None, "--output", "-o",
        help="Write here instead of stdout: .jsonl (or --jsonl), .parquet (a folder of parts per table), .db "
             "(SQLite) or a folder (DIR/ or an existing folder: one Parquet file per table). "
             "An existing output is resumed: documents already in it are skipped."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (output is the same as with 1)."),
    model: Optional[str] = typer.Option(None, "--model", help="Pipeline path or package; 'rules' for rules only."),
    batch_size: int = typer.Option(2, "--batch-size", min=1, help="Documents per nlp.pipe batch (small keeps memory low)."),
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."),
    max_mb: float = typer.Option(
        256, "--max-mb", min=0, help="Largest input file in MB (PDFs included); larger ones fail. 0: no limit."),
    max_text_mb: float = typer.Option(
        32, "--max-text-mb", min=0, help="Largest text, HTML or FirstAgenda JSON input in MB. 0: no limit."),
    max_chars: int = typer.Option(
        10_000_000, "--max-chars", min=0, help="Longest text (characters) handed to the pipeline. 0: no limit."),
    max_pages: int = typer.Option(5_000, "--max-pages", min=0, help="Most pages of a PDF. 0: no limit."),
    timeout: float = typer.Option(
        300, "--timeout", min=0,
        help="Seconds for reading, and again for extracting, one document; over it the document fails. 0: none."),
) -> None:
    """Extract meetings, agenda items, decisions and entities as JSON, JSONL, Parquet or SQLite.

    Each document is held to limits (--max-mb, --max-text-mb, --max-chars, --max-pages, --timeout)
    whose defaults let a real 500-page referat through; one over a limit is reported as failed and
    the run goes on. The same file given twice (or a copy of it under another name) is extracted
    once, and --output may not be an input."""
    from .io.limits import MB, Limits
    from .io.readers import iter_paths, skipped_note, stdin_source
    from .storage import StorageError, open_writer, output_format

    output = Path(output_name) if output_name else None  # the name as typed: a trailing "/" means a folder
    limits = Limits(max_bytes=int(max_mb * MB) or None, max_text_bytes=int(max_text_mb * MB) or None,
                    max_chars=max_chars or None, max_pages=max_pages or None, timeout_s=timeout or None)
    skipped: list[tuple[str, str]] = []
    listed = list(iter_paths(paths, skipped))
    if skipped:
        typer.echo(skipped_note(skipped), err=True)
    files = _dedupe(listed)
    if not files:
        typer.echo("error: no input files found", err=True)
        raise typer.Exit(2)
    if len(files) < len(listed):
        typer.echo(f"{len(listed) - len(files)} duplicate input(s) left out", err=True)
    if output is not None:
        clash = _output_clash(output, paths, files)
        if clash:
            typer.echo(f"error: {clash}", err=True)
            raise typer.Exit(2)
    problem = _check_model(model)
    if problem:
        typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(2)
    stdin = sys.stdin.buffer.read() if "-" in files else None
    fmt = output_format(output_name) if output_name else "jsonl"
    pretty = not jsonl and len(files) == 1 and fmt == "jsonl" and (output is None or output.suffix.lower() != ".jsonl")
    total = len(files)
    if output is not None and not pretty:
        try:
            out: Any = open_writer(output, fmt)
        except (StorageError, OSError) as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2)
        done = out.done_sources()
        done_resolved = {_resolved(d) for d in done}
        files = [f for f in files
                 if not (f in done or (f == "-" and stdin_source(stdin or b"") in done)
                         or (f != "-" and _resolved(f) in done_resolved))]
        files = _not_stored_copies(files, done)
        if len(files) < total:
            typer.echo(f"resuming {output}: {total - len(files)} of {total} document(s) already there", err=True)
    elif output is not None:
        out = output.open("w", encoding="utf-8")
    else:
        out = sys.stdout
    show = progress if progress is not None else (sys.stderr.isatty() and len(files) > 1)
    try:
        failures = _run_batch(files, out, workers, model, batch_size, stdin, show, pretty, limits)
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
    from .tools.corpus import load_corpus
    from .tools.evaluate import evaluate as run_eval, format_table
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
    from .tools.train import run_project

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


from .review import command as _review  # noqa: E402 - the review page (minutes_nlp/review)

app.command("review")(_review.review)


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
    from .tools.labelstudio import labeling_config

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
    from .tools.corpus import CorpusError, iter_records
    from .io.readers import ReadError, read_path
    from .tools.labelstudio import minutes_to_task, records_to_tasks

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
    from .tools.corpus import CorpusError
    from .tools.labelstudio import tasks_to_records

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


from . import cli_cases  # noqa: E402  (minutes-nlp cases lives in its own module)

app.command("cases")(cli_cases.cases)

from . import cli_export  # noqa: E402  (minutes-nlp export lives in its own module)

app.command("export")(cli_export.export)


def main() -> None:  # pragma: no cover - console entry
    """Console-script entry point (one BLAS thread per process: :func:`startup.single_blas_thread`)."""
    from .startup import single_blas_thread

    single_blas_thread()
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
