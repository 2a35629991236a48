"""Batch extraction over many files: a per-process worker and an ordered multi-process map.

Each input file becomes one :class:`Outcome`: either a record (the JSON form of ``Minutes`` with
its ``source``) or an error message naming the file and the problem. One bad document never stops
the run. Results come back in input order whatever the number of processes, so ``workers=N`` and
``workers=1`` write the same output.

>>> for out in extract_paths(["a.txt", "b.json"], workers=2):   # doctest: +SKIP
...     print(out.source, out.error or len(out.record["items"]))
"""
from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional, Sequence

from spacy.language import Language

from .api import DEFAULT_BATCH_SIZE
from .io.limits import DEFAULT_LIMITS, Limits, TimeLimitExceeded, deadline

Record = dict[str, Any]

_LOCK = threading.Lock()
_PIPELINES: dict[Optional[str], Language] = {}


@dataclass(frozen=True)
class Outcome:
    """What became of one input: ``record`` on success, else ``error``; ``words`` read."""

    source: str
    record: Optional[Record] = None
    error: Optional[str] = None
    words: int = 0

    @property
    def ok(self) -> bool:
        """True when the document was extracted."""
        return self.error is None


def worker_pipeline(model: Optional[str] = None) -> Language:
    """The pipeline of this process for ``model`` (None: default, 'rules', a path): loaded once."""
    with _LOCK:
        nlp = _PIPELINES.get(model)
        if nlp is None:
            import warnings

            from .pipeline import load

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the rules fallback warns once per process otherwise
                nlp = load(model)
            _PIPELINES[model] = nlp
        return nlp


def to_record(source: str, minutes: Any, doc: Any = None) -> Record:
    """The JSONL record of one document: ``source`` then the ``Minutes`` fields; ``doc`` (the read
    document) adds its ``source_encoding`` and reader ``warnings``."""
    encoding = getattr(doc, "encoding", None)
    warnings = tuple(getattr(doc, "warnings", ()) or ())
    if encoding is not None or warnings:
        minutes = minutes.model_copy(update={"source_encoding": encoding,
                                             "warnings": [*warnings, *minutes.warnings]})
    return {"source": source, **minutes.model_dump(mode="json")}


def _describe(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__


def extract_documents(docs: Sequence[Any], nlp: Language, batch_size: int = DEFAULT_BATCH_SIZE,
                      timeout: Optional[float] = None) -> list[Outcome]:
    """Extract already-read documents (``.source``, ``.text``); a failing batch is retried one by
    one so that only the document that fails is reported. ``timeout``: seconds per document (the
    batch gets the sum; on overrun each document is retried under its own limit)."""
    from .api import extract_many

    texts = [d.text for d in docs]
    try:
        with deadline(timeout * len(docs) if timeout else None):
            results = list(extract_many(texts, batch_size=batch_size, nlp=nlp))
    except (Exception, TimeLimitExceeded):  # noqa: BLE001 - isolate the bad document below
        results = []
    if len(results) == len(docs):
        return [Outcome(d.source, to_record(d.source, m, d), None, len(d.text.split())) for d, m in zip(docs, results)]
    outcomes = []
    for d in docs:
        try:
            with deadline(timeout, "extraction"):
                minutes = next(extract_many([d.text], nlp=nlp))
            outcomes.append(Outcome(d.source, to_record(d.source, minutes, d), None, len(d.text.split())))
        except TimeLimitExceeded as err:
            outcomes.append(Outcome(d.source, None, f"{d.source}: {err}"))
        except Exception as err:  # noqa: BLE001 - per-document error capture is the point
            outcomes.append(Outcome(d.source, None, f"{d.source}: extraction failed ({_describe(err)})"))
    return outcomes


def process_chunk(paths: Sequence[str], model: Optional[str] = None, batch_size: int = DEFAULT_BATCH_SIZE,
                  stdin: Optional[bytes] = None, limits: Optional[Limits] = None) -> list[Outcome]:
    """Worker function: read and extract ``paths`` with this process's pipeline, in order, each
    document under ``limits`` (default :data:`~minutes_nlp.io.limits.DEFAULT_LIMITS`)."""
    from .io.readers import ReadError, read_any

    limits = limits or DEFAULT_LIMITS
    outcomes: dict[int, Outcome] = {}
    readable = []
    for k, path in enumerate(paths):
        try:
            with deadline(limits.timeout_s, "reading"):
                readable.append((k, read_any(path, stdin, limits)))
        except TimeLimitExceeded as err:
            outcomes[k] = Outcome(path, None, f"{path}: {err}")
        except ReadError as err:
            outcomes[k] = Outcome(path, None, str(err))
        except Exception as err:  # noqa: BLE001 - a reader bug must not stop the run
            outcomes[k] = Outcome(path, None, f"{path}: cannot read ({_describe(err)})")
    if readable:
        nlp = worker_pipeline(model)
        done = extract_documents([d for _, d in readable], nlp, batch_size, limits.timeout_s)
        outcomes.update({k: o for (k, _), o in zip(readable, done)})
    return [outcomes[k] for k in range(len(paths))]


def _chunks(paths: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for p in paths:
        chunk.append(p)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _die_with_parent(parent: int) -> None:
    """End this worker when the process that started it ends, even by SIGKILL: the kernel's parent
    death signal on Linux, and a watchdog thread everywhere (the parent's pid changes on its death)."""
    import os
    import sys
    import time

    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl: the watchdog remains
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="minutes-nlp-parent-watch", daemon=True).start()


def warm_worker(model: Optional[str], parent: Optional[int] = None) -> None:
    """Arm the parent watch and load the pipeline of a new worker process."""
    if parent is not None:
        _die_with_parent(parent)
    worker_pipeline(model)


def _pool(workers: int, model: Optional[str]) -> ProcessPoolExecutor:
    import os

    from .startup import worker_init  # a light module: the worker imports spaCy without torch when it can

    # spawn: no fork of a parent holding threads (tqdm) or a loaded pipeline
    ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init,
                               initargs=(model, f"{__name__}:warm_worker", os.getpid()))


def _rerun_alone(chunk: list[str], workers: int, model: Optional[str], batch_size: int,
                 limits: Optional[Limits] = None) -> list[Outcome]:
    """After a worker process died: run each document of ``chunk`` in a fresh pool, so the one
    that kills its process is reported and the others are kept."""
    outcomes = []
    pool = _pool(1, model)
    try:
        for path in chunk:
            try:
                outcomes.extend(pool.submit(process_chunk, [path], model, batch_size, None, limits).result())
            except BrokenProcessPool:
                outcomes.append(Outcome(path, None, f"{path}: the worker process died on this document"))
                pool.shutdown(cancel_futures=True)
                pool = _pool(1, model)
    finally:
        pool.shutdown()
    return outcomes


def extract_paths(paths: Iterable[str], workers: int = 1, model: Optional[str] = None, batch_size: int = DEFAULT_BATCH_SIZE,
                  chunk_size: Optional[int] = None, stdin: Optional[bytes] = None,
                  limits: Optional[Limits] = None) -> Iterator[Outcome]:
    """Outcomes for ``paths`` in input order, with ``workers`` processes (1: in this process).

    Each process loads the pipeline once. At most ``2 × workers`` chunks are in flight, so memory
    stays bounded however many paths there are. '-' (stdin) is read in this process. ``limits``:
    per-document limits (size, text length, pages, time); a document over one is an error outcome.
    Worker processes end when this process ends, however it ends (``kill -9`` included).
    """
    size = chunk_size or max(1, batch_size)
    if workers <= 1:
        for chunk in _chunks(paths, size):
            yield from process_chunk(chunk, model, batch_size, stdin, limits)
        return
    pool = _pool(workers, model)
    pending: deque[tuple[list[str], Future]] = deque()
    try:
        chunks = _chunks(paths, size)
        for chunk in chunks:
            if "-" in chunk:  # stdin belongs to this process
                pending.append((chunk, _done(process_chunk(chunk, model, batch_size, stdin, limits))))
            else:
                pending.append((chunk, pool.submit(process_chunk, chunk, model, batch_size, None, limits)))
            while len(pending) >= 2 * workers:
                pool = yield from _yield_first(pending, pool, workers, model, batch_size, limits)
        while pending:
            pool = yield from _yield_first(pending, pool, workers, model, batch_size, limits)
    finally:
        for _, fut in pending:
            fut.cancel()
        pool.shutdown(cancel_futures=True)


def _done(value: list[Outcome]) -> Future:
    fut: Future = Future()
    fut.set_result(value)
    return fut


def _yield_first(pending: deque, pool: ProcessPoolExecutor, workers: int, model: Optional[str],
                 batch_size: int, limits: Optional[Limits] = None) -> Iterator[Outcome]:
    """Yield the oldest chunk's outcomes; on a dead worker, rebuild the pool and resubmit."""
    chunk, fut = pending.popleft()
    try:
        yield from fut.result()
        return pool
    except BrokenProcessPool:
        pool.shutdown(cancel_futures=True)
        yield from _rerun_alone(chunk, workers, model, batch_size, limits)
        pool = _pool(workers, model)
        for k, (other, f) in enumerate(list(pending)):
            if not (f.done() and f.exception() is None):
                pending[k] = (other, pool.submit(process_chunk, other, model, batch_size, None, limits))
        return pool
