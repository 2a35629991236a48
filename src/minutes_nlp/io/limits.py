"""Per-document limits: input size, decoded text size, pages and processing time.

The defaults let a real 500-page referat through (a 500-page PDF is rarely over 100 MB, its text
about 1.5 million characters, and the trained pipeline reads it in well under a minute) while a
hostile input becomes a reported failure in seconds, never a hang. The CLI's ``extract`` exposes
each limit as a flag (``--max-mb``, ``--max-text-mb``, ``--max-chars``, ``--max-pages``, ``--timeout``).
"""
from __future__ import annotations

import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional

from ..errors import ReadError

__all__ = ["DEFAULT_LIMITS", "Limits", "TimeLimitExceeded", "deadline"]

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits for one document; ``None`` (or 0) switches one off."""

    #: Largest input file of any kind (bytes); PDFs are bounded by this one.
    max_bytes: Optional[int] = 256 * MB
    #: Largest text, HTML or JSON input (bytes): markup is parsed in Python, so a smaller bound.
    max_text_bytes: Optional[int] = 32 * MB
    #: Longest decoded text handed to the pipeline (characters).
    max_chars: Optional[int] = 10_000_000
    #: Most pages of a PDF.
    max_pages: Optional[int] = 5_000
    #: Wall-clock seconds for reading and extracting one document.
    timeout_s: Optional[float] = 300.0

    def check_size(self, size: int, kind: str, source: str) -> None:
        """ReadError when ``size`` bytes of a ``kind`` input are over a limit."""
        limit = self.max_bytes if kind == "pdf" else _min(self.max_bytes, self.max_text_bytes)
        if limit and size > limit:
            raise ReadError(f"{source}: input of {size / MB:.1f} MB is over the {limit / MB:g} MB limit "
                            f"for {kind} input (--max-mb / --max-text-mb)")

    def check_text(self, text: str, source: str) -> None:
        """ReadError when a decoded text is longer than ``max_chars``."""
        if self.max_chars and len(text) > self.max_chars:
            raise ReadError(f"{source}: text of {len(text):,} characters is over the {self.max_chars:,} "
                            "character limit (--max-chars)")


def _min(a: Optional[int], b: Optional[int]) -> Optional[int]:
    values = [v for v in (a, b) if v]
    return min(values) if values else None


DEFAULT_LIMITS = Limits()


class TimeLimitExceeded(BaseException):
    """A document ran past its time limit. A BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` inside a reader or the pipeline swallows it."""


@contextmanager
def deadline(seconds: Optional[float], what: str = "document") -> Iterator[Optional[float]]:
    """Raise :class:`TimeLimitExceeded` in this block after ``seconds`` (SIGALRM; main thread on
    Unix only, elsewhere the block runs unlimited). Yields the monotonic time it ends, or None."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield None
        return

    expired: list[bool] = []
    message = f"{what} took longer than the {seconds:g} s limit (--timeout)"

    def _expired(signum: int, frame: object) -> None:
        expired.append(True)
        raise TimeLimitExceeded(message)

    previous = signal.signal(signal.SIGALRM, _expired)
    previous_hook = sys.unraisablehook

    def _hook(unraisable: "sys.UnraisableHookArgs") -> None:
        # our own raise that landed where it cannot propagate: not the host's business
        if not isinstance(unraisable.exc_value, TimeLimitExceeded):
            previous_hook(unraisable)

    # the alarm repeats every 50 ms: a raise that lands in a place that cannot propagate it (a gc
    # callback, a __del__) is "ignored" by Python (and kept from the host's unraisable hook, where
    # the next alarm could interrupt the hook itself), and the next one lands in ordinary code
    sys.unraisablehook = _hook
    signal.setitimer(signal.ITIMER_REAL, float(seconds), 0.05)
    try:
        yield time.monotonic() + float(seconds)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = previous_hook
    if expired:  # every raise was swallowed: the block finished, but past its limit
        raise TimeLimitExceeded(message)
