"""Student copies: no solutions, no instructor notes, and they still run."""
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_student_copies  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    return make_student_copies.main(tmp_path_factory.mktemp("student")) / "notebooks"


def test_the_stored_course_keeps_its_solutions():
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    before = nbformat.writes(nb)
    copy = make_student_copies.student_copy(nb)
    assert nbformat.writes(nb) == before
    assert any("solution" in c.metadata.get("tags", []) for c in nb.cells)
    assert not any("solution" in c.metadata.get("tags", []) for c in copy.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_student_copy_has_exercises_but_no_solutions_and_runs(copies, path):
    nb = nbformat.read(copies / path.name, as_version=4)
    tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
    assert "solution" not in tags and "instructor-notes" not in tags
    assert "exercise" in tags
    assert all(not c.outputs for c in nb.cells if c.cell_type == "code")
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(copies)}}).execute()
    feedback = [str(c.outputs) for c in nb.cells if "exercise" in c.metadata.get("tags", [])]
    assert any("⚠️" in f or "❌" in f for f in feedback), "the exercise checks gave no hint"
