"""Start-up (issue 15): what a cold ``minutes-nlp`` process imports, and that leaving out unneeded
imports changes no result. No timings here (those are in benchmarks/startup.py)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from minutes_nlp.startup import default_model_path, factories_named, numpy_only

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "referat_eksempel.txt"

_PROBE = """
import atexit, runpy, sys
atexit.register(lambda: print("MODULES", *sorted(m for m in sys.modules if sys.modules[m] is not None
                                                 and "." not in m), file=sys.stderr))
sys.argv = ["minutes-nlp"] + sys.argv[1:]
runpy.run_module("minutes_nlp.cli", run_name="__main__")
"""


def _run(*args: str) -> tuple[str, set[str]]:
    """stdout of ``minutes-nlp ARGS`` in a new process, and the top-level modules loaded at its end."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=ROOT)
    lines = [line for line in proc.stderr.splitlines() if line.startswith("MODULES ")]
    assert lines, proc.stderr[-2000:]
    return proc.stdout, set(lines[-1].split()[1:])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["schema"]])
def test_help_version_and_schema_do_not_import_spacy(args: list[str]) -> None:
    _out, modules = _run(*args)
    assert not modules & {"spacy", "thinc", "torch"}


def test_one_file_extract_imports_neither_torch_nor_spacy_transformers() -> None:
    out, modules = _run("extract", "--model", "rules", str(EXAMPLE))
    assert "spacy" in modules
    assert not modules & {"torch", "transformers", "spacy_transformers"}
    assert json.loads(out)["items"]


def test_the_shipped_pipeline_is_numpy_only() -> None:
    path = default_model_path()
    if path is None:
        pytest.skip("no trained pipeline installed")
    assert numpy_only(path)
    assert {"tok2vec", "ner", "minutes_entity_rules", "textcat"} <= (factories_named(path) or set())


def test_a_transformer_pipeline_is_not_numpy_only(tmp_path: Path) -> None:
    (tmp_path / "config.cfg").write_text('[components.transformer]\nfactory = "transformer"\n', "utf8")
    assert factories_named(tmp_path) == {"transformer"}
    assert not numpy_only(tmp_path)
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "config.cfg").write_text('[components.ner]\nfactory = "ner"\n', "utf8")
    (inner / "config.cfg").write_text('[model]\n@architectures = "my.TorchModel.v1"\n', "utf8")
    assert not numpy_only(tmp_path)  # inner pipelines count too
    assert factories_named(tmp_path / "missing") is None


def test_extract_without_torch_gives_the_same_result_as_with_it() -> None:
    """The default pipeline read with torch left out equals the same pipeline in a process with torch."""
    if default_model_path() is None:
        pytest.skip("no trained pipeline installed")
    lean, _ = _run("extract", str(EXAMPLE))
    code = ("import sys, runpy\n"
            "try:\n    import torch  # noqa: F401\nexcept ImportError:\n    pass\n"
            "sys.argv = ['minutes-nlp', 'extract', sys.argv[1]]\n"
            "runpy.run_module('minutes_nlp.cli', run_name='__main__')\n")
    full = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True,
                          cwd=ROOT).stdout
    assert lean == full and json.loads(lean)["items"]


_CLI_PROBE = """
import sys
from minutes_nlp.startup import import_spacy_for
import_spacy_for(None)
loaded_cli = "spacy.cli" in sys.modules
import spacy
from minutes_nlp import extract
items = len(extract(open(sys.argv[1], encoding="utf-8").read()).items)
about = spacy.info(silent=True)
import spacy.cli
print(loaded_cli, items > 0, isinstance(about, dict), hasattr(spacy.cli, "app"))
"""


def test_spacy_is_imported_without_its_command_line_and_the_real_one_still_loads() -> None:
    """The CLI's spaCy import leaves spaCy's own command line out; ``spacy.info`` and a later
    ``import spacy.cli`` still reach the real ones, and extraction is unaffected."""
    proc = subprocess.run([sys.executable, "-c", _CLI_PROBE, str(EXAMPLE)], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.stdout.split() == ["False", "True", "True", "True"], proc.stderr[-2000:]
