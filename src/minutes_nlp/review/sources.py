"""What the review page shows: the inputs read into :class:`ReviewDoc` records.

A PATH is a minutes file or folder (read and extracted, as ``extract`` does), a JSONL file written by
``extract --jsonl`` or ``extract -o out.jsonl`` (its records are used as they are: no
re-extraction), or a JSON file holding one ``extract`` result. For records read back from JSONL the
text is re-read from the record's ``source`` when that file is still there and the offsets still
fit it; otherwise the page shows the decision texts without the surrounding item text.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from pydantic import ValidationError

from ..schema import Minutes
from ..errors import MinutesNLPError


class ReviewInputError(MinutesNLPError, ValueError):
    """A PATH cannot be used at all (missing, or nothing readable in it)."""


@dataclass(frozen=True)
class ReviewDoc:
    """One meeting on the page: where it came from, its text (None if unknown) and its result."""

    source: str
    minutes: Minutes
    text: Optional[str] = None
    from_results: bool = False  # read from an extract result (JSONL/JSON), not extracted here


@dataclass
class Loaded:
    """The documents to show, plus what was skipped and why (one message per input)."""

    docs: list[ReviewDoc] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    folder_input: bool = False  # a folder or a JSONL was given: show the meetings table and chart


_RESULT_KEYS = {"meeting", "items", "pipeline"}


def _result_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The Minutes fields of an extract record (``source`` and unknown keys dropped)."""
    return {k: v for k, v in record.items() if k in Minutes.model_fields}


def is_result(data: Any) -> bool:
    """True when ``data`` (parsed JSON) looks like one extract result rather than portal JSON."""
    return isinstance(data, dict) and _RESULT_KEYS <= set(data)


def _source_text(source: str, base: Path) -> Optional[str]:
    """The text of ``source`` (as extract read it), tried as given and relative to ``base``; None when
    it is gone or unreadable."""
    from ..io.readers import read_path

    if not source or source == "-" or source.startswith("<"):
        return None
    for candidate in (Path(source), base / source):
        if candidate.is_file():
            try:
                return read_path(candidate).text
            except Exception:  # noqa: BLE001 - an unreadable source only costs the highlighting
                return None
    return None


def _with_text(source: str, minutes: Minutes, base: Path, notes: list[str]) -> ReviewDoc:
    """A result read back from a file, with its source text when that still matches the offsets."""
    text = _source_text(source, base)
    if text is not None:
        try:
            minutes.check_offsets(text)
        except ValueError:
            notes.append(f"{source}: the file changed since it was extracted; its text is not shown")
            text = None
    return ReviewDoc(source, minutes, text, from_results=True)


def read_jsonl(path: Path, loaded: Loaded) -> None:
    """Add the records of an ``extract --jsonl`` file to ``loaded``. Bad lines are skipped and reported
    in one message; a file with no extract record at all (a corpus or other JSONL) is skipped whole."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ReviewInputError(f"{path}: cannot read ({err})") from err
    good: list[ReviewDoc] = []
    bad: list[str] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not is_result(record):
                raise ValueError("not an extract record (no meeting/items/pipeline)")
            minutes = Minutes.model_validate(_result_fields(record))
        except (ValueError, ValidationError) as err:
            bad.append(f"line {n}: {str(err).splitlines()[0]}")
            if not good and len(bad) >= 3:  # not an extract --jsonl file: no need to read it all
                break
            continue
        source = str(record.get("source") or f"{path}:{n}")
        good.append(_with_text(source, minutes, path.parent, loaded.notes))
    loaded.docs.extend(good)
    if not good:
        loaded.skipped.append(f"{path}: no extract --jsonl records" + (f" ({bad[0]})" if bad else ""))
    elif bad:
        more = f", and {len(bad) - 1} more" if len(bad) > 1 else ""
        loaded.skipped.append(f"{path}: {len(bad)} bad line(s) skipped ({bad[0]}{more})")


def _json_result(path: Path) -> Optional[Minutes]:
    """The extract result a ``.json`` file holds, or None when it is another JSON (portal export)."""
    try:
        if path.stat().st_size > 64 * 1024 * 1024:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not is_result(data):
        return None
    try:
        return Minutes.model_validate(_result_fields(data))
    except ValidationError:
        return None


def _resolved(source: str) -> str:
    try:
        return str(Path(source).resolve())
    except (OSError, RuntimeError, ValueError):
        return source


def expand(paths: Iterable[str]) -> tuple[list[str], list[str], bool]:
    """(minutes files to extract, JSONL files, folder given?) for the PATH arguments.

    Raises :class:`ReviewInputError` for a path that does not exist or a URL."""
    from ..io.readers import iter_paths

    files: list[str] = []
    jsonl: list[str] = []
    folder = False
    for raw in paths:
        if raw == "-":
            files.append(raw)
            continue
        if "://" in raw:
            raise ReviewInputError(f"{raw}: a URL; download it first and give the file")
        p = Path(raw)
        if not p.exists():
            raise ReviewInputError(f"{raw}: no such file or folder")
        if p.is_dir():
            folder = True
            for child in iter_paths([raw]):
                files.append(child)
            for child in sorted(p.rglob("*.jsonl")):
                if child.is_file() and child.name != "MANIFEST.jsonl":
                    jsonl.append(str(child))
        elif p.suffix.lower() == ".jsonl":
            folder = True
            jsonl.append(raw)
        else:
            files.append(raw)
    seen: set[str] = set()
    unique = []
    for f in files:
        key = _resolved(f) if f != "-" else f
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, jsonl, folder


def load_documents(paths: Iterable[str], model: Optional[str] = None,
                   progress: Optional[Callable[[str], None]] = None) -> Loaded:
    """Read every PATH into review documents: results as they are, other files read and extracted
    with ``model`` (None: the default pipeline). Unreadable files are skipped and named."""
    from ..io.readers import ReadError, read_any

    files, jsonl_files, folder = expand(list(paths))
    loaded = Loaded(folder_input=folder)
    stdin = sys.stdin.buffer.read() if "-" in files else None
    for j in jsonl_files:
        read_jsonl(Path(j), loaded)
    have = {_resolved(d.source) for d in loaded.docs}
    to_extract: list[tuple[str, str]] = []
    for f in files:
        p = Path(f)
        if f != "-" and _resolved(f) in have:  # a JSONL given alongside already holds this file's result
            continue
        if f != "-" and p.suffix.lower() == ".json":
            result = _json_result(p)
            if result is not None:
                loaded.docs.append(_with_text(f, result, p.parent, loaded.notes))
                continue
        try:
            document = read_any(f, stdin)
            to_extract.append((document.source, document.text))
        except ReadError as err:
            loaded.skipped.append(str(err))
        except Exception as err:  # noqa: BLE001 - one bad file must not stop the page
            loaded.skipped.append(f"{f}: cannot read ({type(err).__name__}: {err})")
    if to_extract:
        from ..api import extract
        from ..pipeline import load

        nlp = load(model)
        for n, (source, text) in enumerate(to_extract, 1):
            if progress:
                progress(f"extracting {n}/{len(to_extract)}: {source}")
            try:
                loaded.docs.append(ReviewDoc(source, extract(text, nlp=nlp), text))
            except Exception as err:  # noqa: BLE001 - per-document failure is reported, not raised
                loaded.skipped.append(f"{source}: extraction failed ({type(err).__name__}: {err})")
    return loaded
