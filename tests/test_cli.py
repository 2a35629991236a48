"""The minutes-nlp command line as users call it (typer's CliRunner, the rules pipeline)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, ROOT
from minutes_nlp.cli import app

EXAMPLE = ROOT / "examples" / "referat_eksempel.txt"
PORTAL = next((FIXTURES / "firstagenda").glob("*.json"))
runner = CliRunner()


def _run(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin, catch_exceptions=False)


def test_extract_one_file_pretty_json() -> None:
    result = _run("extract", str(EXAMPLE), "--model", "rules")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [i["decision"]["label"] for i in data["items"]][:2] == ["Godkendt", "Godkendt"]
    assert data["meeting"]["date"] == "2024-02-06"


def test_extract_stdin() -> None:
    result = _run("extract", "-", "--model", "rules", stdin=EXAMPLE.read_bytes())
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["items"]) == 5


def test_extract_portal_json_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "meeting.data"  # chosen by content, not by extension
    shutil.copy(PORTAL, renamed)
    result = _run("extract", str(renamed), "--model", "rules")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["items"]


def test_directory_jsonl_output_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "a.txt")
    shutil.copy(FIXTURES / "minutes" / "edoc_hedensted_planmiljoe.txt", folder / "b.txt")
    out = tmp_path / "out.jsonl"
    result = _run("extract", str(folder), "--jsonl", "--output", str(out), "--model", "rules")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [Path(r["source"]).name for r in rows] == ["a.txt", "b.txt"]
    assert all(r["items"] for r in rows)


def test_bad_file_named_and_nonzero_exit(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"Dagsordenpunkter": [', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(EXAMPLE), str(bad), "--jsonl", "--model", "rules"])
    assert result.exit_code != 0
    assert "broken.json" in result.output
    assert '"items"' in result.output  # the good file was still written


def test_missing_file_is_an_error() -> None:
    result = runner.invoke(app, ["extract", "does-not-exist.txt", "--model", "rules"])
    assert result.exit_code != 0
    assert "does-not-exist.txt" in result.output


def test_schema_command() -> None:
    result = _run("schema")
    schema = json.loads(result.stdout)
    assert {"meeting", "items", "entities", "pipeline"} <= set(schema["properties"])


@pytest.mark.parametrize("model", ["no/such/model"])
def test_unknown_model_is_a_clear_error(model: str) -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--model", model])
    assert result.exit_code != 0


def test_train_dry_run_lists_the_project_steps() -> None:
    result = runner.invoke(app, ["train", "smoke", "--dry"])
    assert result.exit_code == 0, result.output


def test_train_rejects_a_malformed_override() -> None:
    result = runner.invoke(app, ["train", "smoke", "--dry", "--var", "no_equals_sign"])
    assert result.exit_code == 2
    assert "NAME=VALUE" in result.output
