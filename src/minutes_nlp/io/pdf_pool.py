"""A pool of persistent, sandboxed PDF parser processes.

Starting Python and importing pypdf for every PDF costs more than parsing a typical referat, so
:func:`parse` hands each PDF to a long-lived worker (``python -I pdf.py --serve MEM_MB``) over its
stdin/stdout. Each file keeps the limits of a one-shot process:

- memory: the worker runs under an address-space limit (``resource.RLIMIT_AS``) for its whole life;
- CPU: before each file the worker sets its soft ``RLIMIT_CPU`` to the CPU it has used so far plus
  the file's allowance, so one file's allowance does not depend on the files before it;
- wall clock: the caller waits at most ``timeout`` seconds for the answer, then kills the worker.

A worker that failed on a file (killed, out of memory, out of CPU, an error reply) is never reused,
and a worker is retired after :data:`MAX_FILES_PER_WORKER` files, so a leak or a half-broken state
cannot outlive a few files. Idle workers are kept per memory limit (at most :data:`MAX_IDLE`), are
closed at exit, and exit on their own when the parent goes (end of stdin). A forked child starts
with no workers of its own (the parent's pipes stay the parent's).

Wire format, both ways: one line of ASCII decimal length, then that many bytes. Requests are a JSON
header (``{"max_pages": N, "cpu_s": S}``) followed by the PDF; replies are JSON.
"""
from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any, Optional

from ..errors import ReadError

__all__ = ["MAX_FILES_PER_WORKER", "MAX_IDLE", "parse", "shutdown"]

#: Files one worker parses before it is replaced.
MAX_FILES_PER_WORKER = 200
#: Idle workers kept per memory limit.
MAX_IDLE = max(1, min(4, os.cpu_count() or 1))
_SCRIPT = str(Path(__file__).with_name("pdf.py").resolve())


class _Worker:
    """One parser process and the pipes to it."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.files = 0
        # stderr to a file, not a pipe: a chatty parser cannot block on a full pipe
        self.stderr: IO[bytes] = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-I", _SCRIPT, "--serve", str(int(memory_mb))],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr)

    def request(self, data: bytes, max_pages: int, cpu_s: int, timeout: float) -> bytes:
        """Send one PDF, wait up to ``timeout`` s for the reply; OSError/TimeoutError on failure."""
        header = json.dumps({"max_pages": max_pages, "cpu_s": cpu_s}).encode()
        stdin = self.proc.stdin
        assert stdin is not None and self.proc.stdout is not None
        stdin.write(b"%d\n" % len(header) + header + b"%d\n" % len(data))
        stdin.write(data)
        stdin.flush()
        self.files += 1
        ends = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        size = int(_read_until(fd, b"\n", ends) or b"-1")
        if size < 0:
            raise OSError("the parser sent no reply")
        return _read_exactly(fd, size, ends)

    def failure(self) -> str:
        """Why the process died (after it did), from its exit status and the end of its stderr."""
        code = self.proc.poll()
        if code is None:
            return "no reply"
        self.stderr.seek(0)
        lines = self.stderr.read().decode("utf-8", "replace").strip().splitlines()
        last = lines[-1] if lines else ""
        if "MemoryError" in last or code == -9:
            return f"memory:{last}"
        if code == -24:  # SIGXCPU
            return "cpu"
        return f"exit {code} {last}".rstrip()

    def close(self, kill: bool = False) -> None:
        """Stop the process (end of stdin, or SIGKILL) and reap it."""
        try:
            if kill:
                self.proc.kill()
            elif self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            for stream in (self.proc.stdin, self.proc.stdout, self.stderr):
                try:
                    if stream is not None:
                        stream.close()
                except OSError:
                    pass


def _read_until(fd: int, stop: bytes, ends: float) -> bytes:
    out = b""
    while not out.endswith(stop):
        chunk = _read_some(fd, 1, ends)
        if not chunk:
            return b""
        out += chunk
        if len(out) > 32:
            raise OSError("the parser sent a malformed reply")
    return out.strip()


def _read_exactly(fd: int, size: int, ends: float) -> bytes:
    parts: list[bytes] = []
    left = size
    while left:
        chunk = _read_some(fd, min(left, 1 << 20), ends)
        if not chunk:
            raise OSError("the parser's reply was cut short")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _read_some(fd: int, size: int, ends: float) -> bytes:
    left = ends - time.monotonic()
    if left <= 0 or not select.select([fd], [], [], left)[0]:
        raise TimeoutError
    return os.read(fd, size)


class _Pool:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.idle: dict[int, list[_Worker]] = {}

    def take(self, memory_mb: int) -> _Worker:
        with self.lock:
            free = self.idle.get(memory_mb)
            if free:
                return free.pop()
        return _Worker(memory_mb)

    def give_back(self, worker: _Worker) -> None:
        with self.lock:
            free = self.idle.setdefault(worker.memory_mb, [])
            if worker.files < MAX_FILES_PER_WORKER and len(free) < MAX_IDLE and os.getpid() == self.pid:
                free.append(worker)
                return
        worker.close()

    def close(self) -> None:
        with self.lock:
            workers = [w for free in self.idle.values() for w in free]
            self.idle.clear()
        if os.getpid() == self.pid:
            for worker in workers:
                worker.close()


_POOL = _Pool()


def _forget_in_child() -> None:
    """After fork: the parent's workers are the parent's; the child starts its own."""
    global _POOL
    _POOL = _Pool()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def shutdown() -> None:
    """Close the idle workers (also run at exit)."""
    _POOL.close()


atexit.register(shutdown)


def parse(data: bytes, source: str, timeout: float, memory_mb: int, max_pages: Optional[int]) -> dict[str, Any]:
    """Parse one PDF in a pooled worker: the worker's reply (``pages``/``image_pages`` or
    ``error``), or :class:`ReadError` when the worker timed out, ran out of memory or CPU, or died."""
    worker = _POOL.take(memory_mb)
    cpu_s = int(timeout) + 1
    ok = False
    try:
        try:
            reply = worker.request(bytes(data), int(max_pages or 0), cpu_s, timeout)
        except TimeoutError:
            raise ReadError(f"{source}: PDF parsing took longer than the {timeout:g} s limit") from None
        except OSError:  # it died (or its pipe broke): its exit status and stderr tell why
            try:
                worker.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
            why = worker.failure()
            if why.startswith("memory:"):
                raise ReadError(f"{source}: PDF parsing exceeded the {memory_mb} MiB memory limit") from None
            if why == "cpu":
                raise ReadError(f"{source}: PDF parsing exceeded the CPU time limit") from None
            raise ReadError(f"{source}: PDF parser failed ({why})") from None
        try:
            result: dict[str, Any] = json.loads(reply)
        except ValueError:
            raise ReadError(f"{source}: PDF parser returned no result") from None
        ok = "error" not in result
        return result
    finally:  # also on KeyboardInterrupt or a document time limit in the middle of a request
        if ok:
            _POOL.give_back(worker)
        else:
            worker.close(kill=True)
