"""Resource limits for the subprocesses that read untrusted files (PDF parsing, OCR).

A leaf module that also runs as a script: ``python -I sandbox.py --exec MEM_MB CPU_S -- CMD…``
sets an address-space limit of ``MEM_MB`` MiB and a CPU-time limit of ``CPU_S`` seconds, then
execs ``CMD`` under them (:mod:`minutes_nlp.io.ocr` runs ocrmypdf so). The persistent PDF parser
(:mod:`minutes_nlp.io.pdf`, ``--serve``) calls :func:`limit_memory` once and :func:`cpu_allowance`
before each file.
"""
from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["SANDBOX", "cpu_allowance", "limit", "limit_memory"]

#: This file, run as a script by the callers (``python -I SANDBOX --exec …``).
SANDBOX = str(Path(__file__).resolve())


def limit(memory_mb: int, cpu_s: int) -> None:
    """Limit this process (and what it execs) to ``memory_mb`` MiB of address space and ``cpu_s`` s CPU."""
    import resource

    limit_memory(memory_mb)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 5))


def limit_memory(memory_mb: int) -> None:
    """Limit this process to ``memory_mb`` MiB of address space (a long-lived worker's limit)."""
    import resource

    mem = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))


def cpu_allowance(cpu_s: int) -> None:
    """Let this process use ``cpu_s`` more seconds of CPU from now (SIGXCPU after that): the
    per-file CPU limit of a worker that parses many files."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + 1 + cpu_s
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _main(argv: list[str]) -> int:
    """Script entry: ``--exec MEM_MB CPU_S -- CMD…`` runs CMD under the limits."""
    import os

    if len(argv) < 5 or argv[0] != "--exec" or argv[3] != "--":
        sys.stderr.write("usage: sandbox.py --exec MEM_MB CPU_S -- CMD...\n")
        return 2
    limit(int(argv[1]), int(argv[2]))
    cmd = argv[4:]
    os.execvp(cmd[0], cmd)
    return 1  # pragma: no cover - execvp does not return


if __name__ == "__main__":  # pragma: no cover - the subprocess
    sys.exit(_main(sys.argv[1:]))
