"""The pooled PDF parser: one worker process serves many PDFs, a failed or timed-out file costs its
worker (never the next file), limits hold per file, and a forked child does not share the parent's
workers."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("pypdf")
pytest.importorskip("reportlab")

from conftest import ROOT  # noqa: E402
from pdf_fixtures import Layout, make_pdf, truncated  # noqa: E402
from minutes_nlp.io import pdf_pool  # noqa: E402
from minutes_nlp.io.pdf import pdf_to_document  # noqa: E402
from minutes_nlp.io.readers import ReadError  # noqa: E402

EXAMPLE = (ROOT / "examples" / "referat_eksempel.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return make_pdf(EXAMPLE, Layout(footer=True))


@pytest.fixture(autouse=True)
def fresh_pool():
    pdf_pool.shutdown()
    yield
    pdf_pool.shutdown()


def idle_workers() -> list:
    return [w for free in pdf_pool._POOL.idle.values() for w in free]


def test_one_worker_serves_consecutive_pdfs(pdf: bytes) -> None:
    first = pdf_to_document(pdf, "a.pdf")
    [worker] = idle_workers()
    second = pdf_to_document(pdf, "b.pdf")
    assert idle_workers() == [worker] and worker.files == 2
    assert first.text == second.text and "Godkendt" in first.text


def test_a_broken_pdf_costs_its_worker_not_the_next_file(pdf: bytes) -> None:
    pdf_to_document(pdf, "a.pdf")
    [worker] = idle_workers()
    with pytest.raises(ReadError, match="truncated"):
        pdf_to_document(truncated(pdf), "bad.pdf")
    assert worker.proc.poll() is not None  # not reused after a failure
    assert "Godkendt" in pdf_to_document(pdf, "c.pdf").text


def test_timeout_and_memory_limit_then_the_next_file_reads(pdf: bytes) -> None:
    with pytest.raises(ReadError, match="longer than the 0.05 s limit"):
        pdf_to_document(pdf, "slow.pdf", timeout=0.05)
    with pytest.raises(ReadError, match="32 MiB memory limit"):
        pdf_to_document(pdf, "big.pdf", memory_mb=32)
    assert idle_workers() == []
    assert "Godkendt" in pdf_to_document(pdf, "ok.pdf").text


def test_shutdown_ends_the_worker_processes(pdf: bytes) -> None:
    pdf_to_document(pdf, "a.pdf")
    [worker] = idle_workers()
    pdf_pool.shutdown()
    assert worker.proc.poll() is not None and idle_workers() == []


def test_a_forked_child_starts_without_the_parents_workers(pdf: bytes) -> None:
    pdf_to_document(pdf, "a.pdf")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its pool is empty, and it can parse on its own
        try:
            empty = not pdf_pool._POOL.idle
            ok = "Godkendt" in pdf_to_document(pdf, "child.pdf").text
            os.write(write, b"1" if empty and ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    [worker] = idle_workers()
    assert "Godkendt" in pdf_to_document(pdf, "parent.pdf").text and worker.files == 2


@pytest.mark.parametrize("burn_after, survives", [(0.3, True), (2.5, False)])
def test_cpu_allowance_counts_from_now(burn_after: float, survives: bool) -> None:
    """A worker that already used CPU still gets the whole allowance for its next file."""
    code = (
        "import time, sys\n"
        "from minutes_nlp.io.sandbox import cpu_allowance\n"
        "def burn(s):\n"
        "    end = time.process_time() + s\n"
        "    while time.process_time() < end: pass\n"
        "burn(1.5)\n"
        "cpu_allowance(1)\n"
        f"burn({burn_after})\n"
        "print('done')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (proc.returncode == 0 and "done" in proc.stdout) is survives
