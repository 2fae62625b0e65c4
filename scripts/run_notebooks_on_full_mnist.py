"""Run every notebook top to bottom on FULL MNIST, the data most students have.

    python scripts/run_notebooks_on_full_mnist.py [notebooks/08_*.ipynb ...]

The stored outputs come from the shipped 4,000/1,000 subset, and the test suite checks
them there. This script checks the other path: each notebook runs in a fresh kernel
with COURSE_MNIST=full (the full 60,000/10,000 set in COURSE_DATA_DIR, default
~/.cache/nn-course), in memory: the notebooks in notebooks/ are never written. Every
claim a notebook asserts in its cells is checked on the full data; a
cell that raises fails the run. It prints one line per notebook and exits non-zero
when any notebook fails.

Needs full MNIST on disk (it is downloaded on first use of the course with internet,
or see helpers/data.py for the layout). Prints what to do when it is missing.
"""
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from environments import REPRODUCIBLE_ENV  # noqa: E402

from helpers.data import MNIST_FILES, data_dir  # noqa: E402


def run(path):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    try:
        NotebookClient(nb, timeout=900, kernel_name="python3",
                       resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    except CellExecutionError as err:
        lines = [line for line in str(err).splitlines() if line.strip()]
        return False, time.perf_counter() - start, lines[-1] if lines else "error"
    return True, time.perf_counter() - start, ""


def main(paths):
    raw = data_dir() / "MNIST" / "raw"
    missing = [name for name in MNIST_FILES if not (raw / name).exists()]
    if missing:
        print(f"Full MNIST is not in {raw} (missing: {', '.join(missing)}).\n"
              "Open notebook 00 once with internet access (it downloads it there), or set "
              "COURSE_DATA_DIR to a folder whose MNIST/raw/ holds the four uncompressed IDX files.")
        return 2
    env = {k: v for k, v in REPRODUCIBLE_ENV.items() if k != "COURSE_MNIST"}
    os.environ.update(env, COURSE_MNIST="full")
    os.environ.pop("MPLBACKEND", None)
    paths = paths or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))
    failed = 0
    for path in paths:
        ok, seconds, why = run(path)
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {seconds:6.1f} s  {Path(path).name}" + (f"\n     {why}" if why else ""))
    print(f"{len(paths) - failed} of {len(paths)} notebooks ran top to bottom on full MNIST ({raw}).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
