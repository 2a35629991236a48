"""Catch a path or URL handed to ``extract()`` where the text of the minutes was expected.

``extract("referat.pdf")`` used to run the pipeline over the eleven characters of the file name and
return an empty result without a word. Now it raises, and says what to do instead.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

#: One token ending in the name of a document type: a file name or path, not minutes.
_FILE_NAME_RE = re.compile(r"^\S+\.(?:pdf|txt|html?|json|jsonl|md|docx?|xml|rtf|odt)$", re.IGNORECASE)
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
_HOW = ("extract() takes the text of the minutes; read a file first, e.g. "
        "minutes_nlp.io.readers.read_path(path).text, or run: minutes-nlp extract PATH")


def check_text(text: object) -> None:
    """Raise TypeError/ValueError when ``text`` is a path or a URL rather than a document's text."""
    if isinstance(text, os.PathLike):
        raise TypeError(f"got the path {os.fspath(text)!r}, not text: {_HOW}")
    if not isinstance(text, str):
        return  # clean() reports other types
    candidate = text.strip()
    if not candidate or "\n" in candidate or len(candidate) > 1024:
        return
    if _URL_RE.match(candidate):
        raise ValueError(f"got the URL {candidate!r}, not text: download it first; {_HOW}")
    try:
        exists = Path(candidate).is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL
        exists = False
    # an existing file, or a path to a document ("minutes/referat.pdf") even when it is missing
    looks_like_file = exists or (bool(_FILE_NAME_RE.match(candidate)) and ("/" in candidate or "\\" in candidate))
    if looks_like_file:
        raise ValueError(f"got {candidate!r}, which is a file name or path, not the text of minutes: {_HOW}")
