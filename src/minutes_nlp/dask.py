"""Distributed extraction with Dask (optional extra: ``pip install 'minutes-nlp[dask]'``).

The core package never imports this module. Each Dask worker process loads the pipeline once (on
its first partition) and keeps it; every element of the bag is one JSONL record (``source`` + the
``Minutes`` JSON) or, for a document that failed, ``{"source": …, "error": …}``.

>>> from dask.distributed import Client                        # doctest: +SKIP
>>> client = Client("tcp://scheduler:8786")                     # doctest: +SKIP
>>> bag = extract_bag(paths, model="rules")                     # doctest: +SKIP
>>> records = bag.filter(lambda r: "error" not in r).compute()  # doctest: +SKIP

Paths must be readable by the workers (a shared file system, or the same layout on each node).
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional, Sequence

try:
    import dask.bag as db
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError("minutes_nlp.dask needs Dask: pip install 'minutes-nlp[dask]'") from err

from .api import DEFAULT_BATCH_SIZE
from .batch import Outcome, process_chunk


def _as_dict(outcome: Outcome) -> dict[str, Any]:
    if outcome.record is not None:
        return outcome.record
    return {"source": outcome.source, "error": outcome.error}


def _extract_partition(paths: Sequence[str], model: Optional[str], batch_size: int) -> list[dict[str, Any]]:
    """Run on a worker: the pipeline is cached per process by :func:`minutes_nlp.batch.worker_pipeline`."""
    return [_as_dict(o) for o in process_chunk(list(paths), model, batch_size)]


def extract_bag(paths: Iterable[str], model: Optional[str] = None, batch_size: int = DEFAULT_BATCH_SIZE,
                partition_size: int = 16) -> "db.Bag":
    """A Dask bag of records for ``paths`` (files as for the CLI), in input order.

    ``model``: None for the default pipeline, 'rules', or a pipeline path/package that exists on the
    workers. ``partition_size`` documents make one task; ``batch_size`` goes to ``nlp.pipe``.
    """
    paths = [str(p) for p in paths]
    if not paths:
        return db.from_sequence([], npartitions=1)
    bag = db.from_sequence(paths, partition_size=max(1, partition_size))
    return bag.map_partitions(_extract_partition, model, batch_size)


def _client() -> Any:
    try:
        from distributed import get_client

        return get_client()
    except (ImportError, ValueError):
        return None


def iter_records(bag: "db.Bag", window: Optional[int] = None) -> Iterator[dict[str, Any]]:
    """The records of ``bag`` in order, computing ``window`` partitions at a time in parallel (on
    the current ``distributed`` client if there is one), so memory holds a window, not the bag."""
    parts = bag.to_delayed()
    client = _client()
    if window is None:
        threads = sum(client.nthreads().values()) if client is not None else 4
        window = max(2, 2 * threads)
    for k in range(0, len(parts), window):
        chunk = parts[k:k + window]
        if client is not None:
            futures = client.compute(chunk)
            for fut in futures:
                yield from fut.result()
                fut.release()
        else:
            import dask

            for result in dask.compute(*chunk):
                yield from result


def extract_to(paths: Iterable[str], output: str, model: Optional[str] = None, batch_size: int = DEFAULT_BATCH_SIZE,
               partition_size: int = 16, fmt: Optional[str] = None) -> tuple[int, list[str]]:
    """Extract ``paths`` on the cluster into a JSONL/Parquet/SQLite output (``minutes_nlp.storage``),
    skipping documents already in it (resumable). Returns (documents written, error messages)."""
    from .storage import open_writer

    writer = open_writer(output, fmt)  # the name as given: "tables/" (a trailing slash) means a folder of tables
    done = writer.done_sources()
    todo = [str(p) for p in paths if str(p) not in done]
    written, errors = 0, []
    try:
        for record in iter_records(extract_bag(todo, model, batch_size, partition_size)):
            if "error" in record:
                errors.append(record["error"])
            else:
                writer.write(record)
                written += 1
    finally:
        writer.close()
    return written, errors
