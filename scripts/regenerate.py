"""Re-run notebooks in place, store their outputs, and write their figures to figures/.

    python scripts/regenerate.py                 # every notebook
    python scripts/regenerate.py notebooks/02*   # some of them

First gathers the cells marked `#| export` into helpers/lecture.py
(`scripts/export_lecture.py`). Then runs each notebook in a fresh kernel with the
data and device the tests use (tests/environments.py: REPRODUCIBLE_ENV: shipped MNIST
subset, CPU, one thread, no progress bars) and PyTorch's vectorised kernels, the path
most machines take; the tests check the outputs on another path (PERTURBED_ENV). Last,
every code cell whose metadata names a `figure` has its stored image written to
figures/<figure>.png: cells never save figures themselves.
"""
import base64
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "figures"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))
import export_lecture  # noqa: E402
from environments import REPRODUCIBLE_ENV  # noqa: E402


def run(path):
    import nbformat
    from nbclient import NotebookClient

    start = time.perf_counter()
    before = Path(path).read_bytes()
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    nb.metadata.pop("widgets", None)   # live widget state is not reproducible
    if Path(path).read_bytes() != before:   # edited (saved in JupyterLab, say) while it ran
        return path, None
    nbformat.write(nb, path)
    return path, time.perf_counter() - start


def stored_figures(nb):
    """(name, PNG bytes) of every code cell whose metadata names a figure, from its
    stored image output. A cell that names a figure but holds no image is an error."""
    found = []
    for cell in nb["cells"]:
        name = cell.get("metadata", {}).get("figure")
        if cell["cell_type"] != "code" or not name:
            continue
        images = [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if len(images) != 1:
            raise ValueError(f"The cell of figure {name!r} holds {len(images)} images; it should draw exactly one.")
        found.append((name, base64.b64decode(images[0])))
    return found


def write_figures(paths):
    import nbformat

    FIGURES.mkdir(exist_ok=True)
    for path in paths:
        for name, png in stored_figures(nbformat.read(path, as_version=4)):
            (FIGURES / f"{name}.png").write_bytes(png)


def main(paths):
    export_lecture.main([])
    os.environ.update(REPRODUCIBLE_ENV)
    for name in ("MPLBACKEND", "ATEN_CPU_CAPABILITY"):    # stored figures; the machine's own kernels
        os.environ.pop(name, None)
    paths = paths or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))
    failed, written = False, []
    with ProcessPoolExecutor(max_workers=2) as pool:
        for path, seconds in pool.map(run, paths):
            if seconds is None:
                print(f"  NOT WRITTEN  {Path(path).name}: the file changed on disk while it ran "
                      "(your edit is kept); run this script again for it")
                failed = True
            else:
                print(f"{seconds:6.1f} s  {Path(path).name}")
                written.append(path)
    write_figures(written)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
