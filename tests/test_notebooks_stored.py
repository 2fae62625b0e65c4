"""The notebooks as a student opens them: run top to bottom, no errors, navigable,
with exercises, solutions, slide metadata and their figures in figures/.
(nbval, run by the same `pytest`, re-executes them and compares the outputs.)"""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"])


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def text(output):
    """The text of one output (stream text or text/plain), as one string."""
    value = output.get("text", "") or output.get("data", {}).get("text/plain", "")
    return "".join(value) if isinstance(value, list) else value


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.stem)
def nb(request):
    return request.param, load(request.param)


def test_ran_top_to_bottom_in_one_kernel(nb):
    path, book = nb
    counts = [c["execution_count"] for c in code_cells(book) if source(c).strip()]
    assert None not in counts, f"{path.name}: code cells stored without being run"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not run in order in one fresh kernel"


def test_no_error_outputs(nb):
    path, book = nb
    for i, cell in enumerate(code_cells(book)):
        if "NBVAL_RAISES_EXCEPTION" in source(cell):
            continue
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        assert not errors, f"{path.name} code cell {i}: {errors[0]['ename']}: {errors[0]['evalue']}"


def test_few_cells_escape_output_comparison(nb):
    path, book = nb
    code = code_cells(book)
    assert not any("NBVAL_SKIP" in source(c) or "nbval-skip" in tags(c) for c in code)
    ignored = [c for c in code if "NBVAL_IGNORE_OUTPUT" in source(c) or "nbval-ignore-output" in tags(c)]
    assert len(ignored) <= len(code) // 3, f"{path.name}: {len(ignored)} of {len(code)} cells unchecked"


def test_title_and_navigation(nb):
    path, book = nb
    cells = book["cells"]
    number = path.name.split("_")[0]
    assert source(cells[1]).startswith(f"# {number} · "), f"{path.name}: second cell must be the title"
    for nav in (cells[0], cells[-1]):
        assert "navigation" in tags(nav)
        links = re.findall(r"\]\(([^)#]+)", source(nav))
        assert links, f"{path.name}: navigation without links"
        for link in links:
            assert (path.parent / link).exists(), f"{path.name}: broken link {link}"
    i = NOTEBOOKS.index(path)
    neighbours = [p.name for p in NOTEBOOKS[max(i - 1, 0):i + 2] if p != path]
    assert all(name in source(cells[0]) for name in neighbours)


def test_exercises_have_hidden_solutions_after_them(nb):
    path, book = nb
    cells = book["cells"]
    exercises = [i for i, c in enumerate(cells) if "exercise" in tags(c)]
    solutions = [i for i, c in enumerate(cells) if "solution" in tags(c)]
    assert len(exercises) >= (1 if path.name.startswith("00") else 2), f"{path.name}: too few exercises"
    assert len(solutions) >= len(exercises)
    for i in solutions:
        assert cells[i].get("metadata", {}).get("jupyter", {}).get("source_hidden"), \
            f"{path.name}: solution cell {i} is not collapsed"
        assert any(e < i for e in exercises), f"{path.name}: solution {i} comes before any exercise"
    for i in exercises:
        out = "".join(text(o) for o in cells[i].get("outputs", []))
        assert "✅" not in out, f"{path.name}: exercise cell {i} is stored already solved"


def test_slide_metadata_and_instructor_notes(nb):
    path, book = nb
    for i, cell in enumerate(book["cells"]):
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, f"{path.name} cell {i}: no slide metadata"
    notes = [c for c in book["cells"] if "instructor-notes" in tags(c)]
    assert notes, f"{path.name}: no 'In class' instructor notes"
    assert all(c["metadata"]["slideshow"]["slide_type"] == "skip" for c in notes)
    headings = [c for c in book["cells"] if c["cell_type"] == "markdown" and source(c).startswith("## ")]
    assert all(c["metadata"]["slideshow"]["slide_type"] == "slide" for c in headings)
    # The same slideshow in every notebook: numbered slides, no sliding between them (a slide
    # that moves in is, for a moment, not where it will stand).
    rise = book["metadata"].get("rise", {})
    assert {k: rise.get(k) for k in ("slideNumber", "theme", "transition")} == \
        {"slideNumber": "c/t", "theme": "simple", "transition": "none"}, f"{path.name}: slideshow settings {rise}"


def test_no_walls_of_text(nb):
    path, book = nb
    for i, cell in enumerate(code_cells(book)):
        assert len(source(cell).splitlines()) <= 30, f"{path.name} code cell {i} is too long for a projector"
        for out in cell["outputs"]:
            lines = len(text(out).splitlines())
            assert lines <= 40, f"{path.name} code cell {i} prints {lines} lines"


def test_every_figure_is_named_and_figures_hold_the_stored_images(nb):
    """Cells never save figures: each code cell that draws one names it in its metadata
    (`figure`), and figures/<name>.png is the image stored in the notebook
    (scripts/regenerate.py writes it from the outputs)."""
    import base64

    path, book = nb
    for i, cell in enumerate(code_cells(book)):
        images = [o["data"]["image/png"] for o in cell["outputs"] if "image/png" in o.get("data", {})]
        name = cell.get("metadata", {}).get("figure")
        assert "plots.save" not in source(cell), f"{path.name} code cell {i} saves a figure itself"
        if not images:
            assert name is None, f"{path.name} code cell {i} names figure {name!r} but draws none"
            continue
        assert name and name.startswith(path.name.split("_")[0] + "_"), \
            f"{path.name} code cell {i} draws a figure without a metadata name NN_what"
        stored = ROOT / "figures" / f"{name}.png"
        assert stored.exists() and stored.read_bytes() == base64.b64decode(images[0]), \
            f"{path.name}: figures/{name}.png is not the stored image: run scripts/regenerate.py {path.name}"


def test_figure_names_are_unique_across_the_course():
    names = [c["metadata"]["figure"] for p in NOTEBOOKS for c in code_cells(load(p)) if "figure" in c["metadata"]]
    assert len(names) == len(set(names)) > 40
