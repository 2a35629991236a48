"""OCR for scanned minutes: ocrmypdf with Debian's Danish tesseract model (``-l dan``).

Optional: needs the Python package ``ocrmypdf`` (extra ``minutes-nlp[ocr]``) and the system packages
``tesseract-ocr``, ``tesseract-ocr-dan`` and ``ghostscript``. :func:`ocr_status` says in one line what
is missing. The English default model breaks æ, ø and å, so the language is always given.
``ocr_pdf`` runs ocrmypdf in a subprocess under a time and memory limit and returns a PDF with a
text layer (pages that already have text are left alone unless ``force``).
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from typing import Optional

from .sandbox import SANDBOX
from ..errors import MinutesNLPError

__all__ = ["OCR_MEMORY_MB", "OCR_TIMEOUT_S", "OcrError", "ocr_pdf", "ocr_status"]

#: Default wall-clock limit for OCR of one PDF (seconds).
OCR_TIMEOUT_S = 900.0
#: Default address-space limit of the OCR processes (MiB).
OCR_MEMORY_MB = 3072
INSTALL_HINT = ("OCR needs: apt-get install tesseract-ocr tesseract-ocr-{lang} ghostscript; "
                "pip install 'minutes-nlp[ocr]' (ocrmypdf)")


class OcrError(MinutesNLPError, RuntimeError):
    """OCR was attempted and failed."""


@lru_cache(maxsize=8)
def _languages() -> frozenset[str]:
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in (out.stdout + out.stderr).splitlines()[1:] if line.strip())


def ocr_status(language: str = "dan") -> Optional[str]:
    """None when OCR in ``language`` can run here, else a message naming what is missing."""
    missing: list[str] = []
    if importlib.util.find_spec("ocrmypdf") is None:
        missing.append("the ocrmypdf Python package")
    if shutil.which("tesseract") is None:
        missing.append("the tesseract program")
    elif language not in _languages():
        missing.append(f"tesseract's '{language}' language data (tesseract-ocr-{language})")
    if shutil.which("gs") is None:
        missing.append("ghostscript")
    if not missing:
        return None
    return f"missing {', '.join(missing)}. " + INSTALL_HINT.format(lang=language)


def ocr_pdf(data: bytes, *, language: str = "dan", force: bool = False, jobs: int = 1,
            timeout: float = OCR_TIMEOUT_S, memory_mb: int = OCR_MEMORY_MB) -> bytes:
    """Run ocrmypdf on ``data``; return the PDF with a text layer. Raises :class:`OcrError`."""
    missing = ocr_status(language)
    if missing:
        raise OcrError(missing)
    ocrmypdf = [sys.executable, "-I", "-m", "ocrmypdf", "-l", language, "--output-type", "pdf",
                "--optimize", "0", "--jobs", str(max(1, jobs)), "--quiet",
                "--force-ocr" if force else "--skip-text", "-", "-"]
    cmd = [sys.executable, "-I", SANDBOX, "--exec", str(int(memory_mb)), str(int(timeout) + 1), "--", *ocrmypdf]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(cmd, input=bytes(data), capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise OcrError(f"OCR took longer than the {timeout:g} s limit") from None
    if proc.returncode != 0 or not proc.stdout.startswith(b"%PDF"):
        tail = " ".join(proc.stderr.decode("utf-8", "replace").strip().splitlines()[-2:])
        raise OcrError(f"OCR failed (ocrmypdf exit {proc.returncode}): {tail}".rstrip(": "))
    return proc.stdout
