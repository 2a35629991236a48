"""The shipped pipeline is a spaCy pipeline package: ``spacy.load("da_minutes_nlp")`` after ``pip install``.

The wheel test builds the real wheel, installs it with pip into a folder of its own and loads the
pipeline there in a fresh interpreter, the way a user's environment would.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "minutes_da"

TEXT = """Referat af Økonomiudvalgets møde den 4. marts 2024

Punkt 1. Tilskud til idrætsforeningen
Sagsnr. 24/1234
Indstilling
Forvaltningen indstiller, at der gives et tilskud på 250.000 kr.
Beslutning
Godkendt. Imod stemte: Ø.
"""


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _spacy_requirement() -> str:
    deps = _pyproject()["project"]["dependencies"]
    return next(d for d in deps if d.replace(" ", "").lower().startswith(("spacy>", "spacy<", "spacy=")))


def test_meta_spacy_range_agrees_with_pyproject() -> None:
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    library = Requirement(_spacy_requirement()).specifier
    model = SpecifierSet(json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))["spacy_version"])
    for version in ("3.6.1", "3.7.0", "3.7.5", "3.8.0", "3.8.7", "3.8.17", "3.8.18", "3.8.19", "3.8.40",
                    "3.9.0", "3.10.2", "4.0.0"):
        assert (version in library) == (version in model), (version, str(library), str(model))
    import spacy

    assert spacy.about.__version__ in model  # the spaCy we test with can load the pipeline


def test_package_module_loads_the_default_pipeline() -> None:
    import da_minutes_nlp

    from minutes_nlp.pipeline import default_model_path, load

    assert default_model_path() == da_minutes_nlp.data_path()
    nlp = da_minutes_nlp.load()
    assert nlp.pipe_names == load().pipe_names and "minutes_votes" in nlp.pipe_names
    assert "ner" not in da_minutes_nlp.load(exclude=["ner"]).pipe_names
    assert "minutes_votes" not in da_minutes_nlp.load(exclude=["minutes_votes"]).pipe_names


def test_the_model_licence_ships_with_the_model() -> None:
    licence = (ROOT / "models" / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in licence and "creativecommons.org/licenses/by-sa/4.0" in licence
    assert json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))["license"] == "CC BY-SA 4.0"
    assert "LICENSE" in _pyproject()["tool"]["setuptools"]["package-data"]["da_minutes_nlp"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def _build_wheel(out: Path) -> Path:
    """The project's wheel, built by pip (without build isolation when the local setuptools can)."""
    from importlib.metadata import version

    from packaging.version import Version

    cmd = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)]
    # the version from metadata: importing setuptools here breaks when another test imported distutils
    if Version(version("setuptools")) >= Version("70.1"):  # bdist_wheel built in: no download needed
        cmd.insert(4, "--no-build-isolation")
    subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    (wheel,) = out.glob("minutes_nlp-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_installs_a_spacy_package_that_spacy_load_finds(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    meta = json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    data = f"da_minutes_nlp/{meta['lang']}_{meta['name']}-{meta['version']}/"
    assert f"{data}config.cfg" in names and f"{data}ner/model" in names
    assert sum(n.endswith("/ner/model") for n in names) == 1  # the weights once, not twice
    assert not any("/minutes_da/" in n for n in names)
    assert "da_minutes_nlp/meta.json" in names and "da_minutes_nlp/LICENSE" in names
    with zipfile.ZipFile(wheel) as z:
        package_meta = json.loads(z.read("da_minutes_nlp/meta.json"))
        pkg_info = z.read(f"da_minutes_nlp-{meta['version']}.egg-info/PKG-INFO").decode()
    assert package_meta["spacy_version"] == meta["spacy_version"]
    assert package_meta["requirements"] == [f"minutes-nlp=={_pyproject()['project']['version']}"]
    assert "Requires-Dist: spacy" in pkg_info

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=600)
    script = f"""
import json, spacy, minutes_nlp
from minutes_nlp import extract
assert minutes_nlp.__file__.startswith({str(target)!r}), minutes_nlp.__file__
assert spacy.util.is_package("da_minutes_nlp") and "da_minutes_nlp" in spacy.util.get_installed_models()
nlp = spacy.load("da_minutes_nlp")
default = minutes_nlp.load()
text = {TEXT!r}
print(json.dumps({{"pipes": nlp.pipe_names, "default_pipes": default.pipe_names,
                   "path": str(minutes_nlp.pipeline.default_model_path()),
                   "same": extract(text, nlp=nlp) == extract(text, nlp=default),
                   "labels": [i.decision.label for i in extract(text, nlp=nlp).items],
                   "name": nlp.meta["name"], "version": nlp.meta["version"]}}))
"""
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("MINUTES_NLP_MODEL", None)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["pipes"] == got["default_pipes"] and "ner" in got["pipes"] and "minutes_votes" in got["pipes"]
    assert got["path"].startswith(str(target / "da_minutes_nlp"))
    assert got["same"] and got["labels"] == ["Godkendt"]
    assert (got["name"], got["version"]) == (meta["name"], meta["version"])
