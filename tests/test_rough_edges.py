"""Rough edges a new user hit (issue 13, part 4), each pinned by a test.

Dependencies that nothing imports, README links to files that are not there, no ``--version``, a
URL or a path where text was expected, unrelated files in a folder taken for minutes.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "minutes_nlp"


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _imported_top_level() -> set[str]:
    """Top-level names of every module imported anywhere in the package (module level or in functions)."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def test_every_hard_dependency_is_imported() -> None:
    """A dependency nothing imports only makes the install bigger (babel was 36 MB of it)."""
    imported = _imported_top_level()
    for dep in _pyproject()["project"]["dependencies"]:
        module = Requirement(dep).name.lower().replace("-", "_")
        assert module in imported, f"{dep} is a dependency but nothing in minutes_nlp imports {module}"
    assert "babel" not in imported


# -- --version ----------------------------------------------------------------------------------------
def test_version_option_prints_library_pipeline_and_spacy_versions() -> None:
    import spacy
    from typer.testing import CliRunner

    import minutes_nlp
    from minutes_nlp.cli import app

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"minutes-nlp {minutes_nlp.__version__}"
    assert any(line.startswith("pipeline: minutes_da ") for line in lines)
    assert f"spaCy: {spacy.about.__version__}" in lines
    assert minutes_nlp.__version__ == _pyproject()["project"]["version"]


# -- a path or URL where text belongs --------------------------------------------------------------------
def test_extract_refuses_a_path_or_url_instead_of_returning_nothing(tmp_path, monkeypatch) -> None:
    import pytest

    from minutes_nlp import extract
    from minutes_nlp.pipeline import load

    nlp = load("rules")
    minutes = tmp_path / "referat.txt"
    minutes.write_text("Punkt 1. Budget\nBeslutning\nGodkendt.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for bad in ("referat.txt", str(minutes), "minutes/missing.pdf", "https://example.org/referat.pdf"):
        with pytest.raises(ValueError, match="not the text of minutes|not text") as err:
            extract(bad, nlp=nlp)
        assert "read_path" in str(err.value)
    with pytest.raises(TypeError, match="read_path"):
        extract(minutes, nlp=nlp)  # type: ignore[arg-type]
    assert extract(minutes.read_text(encoding="utf-8"), nlp=nlp).items[0].decision.label == "Godkendt"
    assert extract("Godkendt.", nlp=nlp).items == []  # a one-line text is still text


def test_cli_says_a_url_is_not_a_file() -> None:
    from typer.testing import CliRunner

    from minutes_nlp.cli import app

    result = CliRunner().invoke(app, ["extract", "https://example.org/referat.pdf", "--model", "rules",
                                      "--no-progress"])
    assert result.exit_code == 1
    assert "a URL, not a file" in result.output and "download it first" in result.output
    assert "No such file" not in result.output


# -- folders: minutes types only, reported; resume on the resolved path -------------------------------
REFERAT = "Referat af Økonomiudvalgets møde\n\nPunkt 1. Budget {n}\nBeslutning\nGodkendt.\n"


def test_folder_reads_minutes_types_only_and_reports_the_rest(tmp_path) -> None:
    import json

    from typer.testing import CliRunner

    from minutes_nlp.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REFERAT.format(n=1), encoding="utf-8")
    (folder / "README.md").write_text("# Notes\n\nPunkt 1. Not minutes\n", encoding="utf-8")
    (folder / "package.json").write_text('{"name": "x", "version": "1"}', encoding="utf-8")
    (folder / "meeting.json").write_text(json.dumps({"Udvalg": {"Navn": "Økonomiudvalget"}, "Moede": {},
                                                     "Dagsordenpunkter": []}), encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), "--model", "rules", "--no-progress",
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    stored = sorted(json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines())
    assert stored == [str(folder / "a.txt"), str(folder / "meeting.json")]
    assert "skipped 3 file(s)" in result.output
    for name in ("README.md", "package.json", "photo.png"):
        assert name in result.output
    named = CliRunner().invoke(app, ["extract", str(folder / "README.md"), "--model", "rules", "--no-progress"])
    assert named.exit_code == 0  # a file named on the command line is read whatever its type


def test_resume_knows_a_file_by_another_relative_path(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from minutes_nlp.cli import app

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(REFERAT.format(n=1), encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(REFERAT.format(n=2), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = lambda *args: CliRunner().invoke(app, ["extract", *args, "--model", "rules", "--no-progress",  # noqa: E731
                                                 "--output", "r.jsonl"])
    assert run("in/a.txt").exit_code == 0
    monkeypatch.chdir(tmp_path / "in")
    result = run("../in/./a.txt", str(tmp_path / "in" / "b.txt"), "a.txt")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "in" / "r.jsonl").exists() is True  # a new output here: both documents, a.txt once
    lines = (tmp_path / "in" / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    monkeypatch.chdir(tmp_path)
    again = CliRunner().invoke(app, ["extract", str(tmp_path / "in" / "a.txt"), "./in/b.txt", "--model", "rules",
                                     "--no-progress", "--output", "r.jsonl"])
    assert again.exit_code == 0 and "1 of 2 document(s) already there" in again.output
    assert len((tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()) == 2


# -- the bundled example, as a new user first sees it ---------------------------------------------------
def test_bundled_example_has_its_recommendations_and_no_association_as_a_person() -> None:
    from minutes_nlp import extract
    from minutes_nlp.pipeline import default_model_path, load

    text = (ROOT / "examples" / "referat_eksempel.txt").read_text(encoding="utf-8")
    listed = {"Peter Holst", "Marianne Juhl", "Lasse Brandt", "Ayse Demir", "Kristian Bech", "Ulrik Sand",
              "Bodil Krogh", "Mads Thygesen"}
    for name in ("rules", None) if default_model_path() is not None else ("rules",):
        m = extract(text, nlp=load(name))
        by_number = {i.number: i for i in m.items}
        for number in ("2", "4"):  # "Kultur og Fritid indstiller, at …" with no Indstilling heading
            rec = by_number[number].recommendation
            assert rec is not None and rec.startswith("Kultur og Fritid indstiller, at"), (name, number)
            assert rec in text[by_number[number].start_char:by_number[number].end_char]
        assert "150.000 kr." in by_number["2"].recommendation
        assert by_number["1"].recommendation is None  # no recommendation printed: none invented
        persons = {e.text for e in m.entities if e.label == "PERSON"}
        assert persons == listed, (name, persons - listed)  # "foreningen Midtbyfest Randers" is no person


# -- README links and licence files ----------------------------------------------------------------------
def test_readme_points_only_at_files_the_repository_has() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([^)#\s]+)\)", readme)) | set(re.findall(r"`([\w./-]+\.md)`", readme))
    local = {p for p in linked if not p.startswith(("http://", "https://")) and not p.endswith(".png")}
    assert {"docs/annotation.md", "docs/output.md", "LICENSE", "models/LICENSE"} <= local
    for path in local:
        assert (ROOT / path).is_file(), f"README points at {path}, which is not in the repository"
    assert "ANNOTATION.md" not in readme and "SPEC.md" not in readme
    for doc in ("annotation.md", "output.md"):
        for target in re.findall(r"\]\(([^)#\s]+\.md)\)", (ROOT / "docs" / doc).read_text(encoding="utf-8")):
            assert (ROOT / "docs" / target).is_file(), (doc, target)


def test_output_doc_names_every_field_of_the_contract() -> None:
    """docs/output.md describes the result users get: every field of the models is named there."""
    from minutes_nlp.schema import AgendaItem, Decision, Meeting, Minutes, Position, Remark, VoteEvent

    text = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    for model in (Minutes, Meeting, AgendaItem, Decision, VoteEvent, Position, Remark):
        for field in model.model_fields:
            assert f"`{field}`" in text, f"{model.__name__}.{field} is not described in docs/output.md"
    for label in ("Godkendt", "Anbefales", "Til orientering", "Ikke godkendt", "Udsat", "Drøftet", "Ingen beslutning"):
        assert f"`{label}`" in (ROOT / "docs" / "annotation.md").read_text(encoding="utf-8")
