"""examples/tour.ipynb runs top to bottom (issue 13.5).

The notebook is executed with nbclient in the ``python3`` kernel — ipykernel installed in this
environment, so the kernel runs this Python and imports this minutes_nlp — with a temporary folder as
its working directory. No cell may fail; the DataFrames, the chart and the review page must be there.
The notebook is stored without outputs, so that a diff of it shows only what changed in its code.
"""
from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "tour.ipynb"

nbformat = pytest.importorskip("nbformat", reason="the notebook test needs nbformat: pip install -e '.[test]'")


def _code_cells(nb) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_notebook_is_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in _code_cells(nb):
        assert cell.outputs == [] and cell.execution_count is None, (
            f"clear the outputs of examples/tour.ipynb before committing: {cell.source[:60]!r}")


@pytest.mark.slow
def test_notebook_runs_top_to_bottom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbclient = pytest.importorskip("nbclient", reason="the notebook test needs nbclient: pip install -e '.[test]'")
    pytest.importorskip("ipykernel", reason="the notebook test needs ipykernel (the python3 kernel): pip install -e '.[test]'")
    pytest.importorskip("matplotlib", reason="the notebook draws a chart with matplotlib: pip install -e '.[test]'")
    pytest.importorskip("pandas", reason="the notebook uses to_frames, which needs pandas: pip install -e '.[test]'")

    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the kernel's tempfile.mkdtemp lands here, not in /tmp
    monkeypatch.chdir(tmp_path)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first failing cell

    cells = _code_cells(nb)
    errors = [o for cell in cells for o in cell.outputs if o.output_type == "error"]
    assert not errors, errors
    assert all(cell.execution_count for cell in cells), "a code cell did not run"

    data = [o.get("data", {}) for cell in cells for o in cell.outputs]
    tables = [d["text/html"] for d in data if "dataframe" in d.get("text/html", "")]
    assert tables, "no DataFrame shown"
    assert any("Kultur- og Fritidsudvalget" in t for t in tables), "the meetings table lacks the example's body"
    assert any("image/png" in d for d in data), "no chart shown"
    assert any("<iframe" in d.get("text/html", "") for d in data), "the review page is not shown"

    out = tmp_path / "tour_output"
    assert (out / "decisions_per_label.png").stat().st_size > 1000
    page = (out / "review.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or "<html" in page[:500]
    for body in ("Kultur- og Fritidsudvalget", "Byrådet", "Borgerrepræsentationen"):
        assert body in page
