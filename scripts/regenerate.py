"""Re-run notebooks in place, store their outputs, and write their figures to figures/.

    python scripts/regenerate.py                 # every notebook
    python scripts/regenerate.py notebooks/02*   # some of them

Runs each notebook in a fresh kernel with the environment the tests use
(helpers.runtime.REPRODUCIBLE_ENV: shipped MNIST subset, CPU, one thread, no
progress bars), so the stored outputs are exactly what nbval checks.
"""
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from helpers.runtime import REPRODUCIBLE_ENV  # noqa: E402


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


def main(paths):
    os.environ.update(REPRODUCIBLE_ENV)
    os.environ["COURSE_FIGURES_DIR"] = str(ROOT / "figures")
    os.environ.pop("MPLBACKEND", None)
    paths = paths or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))
    failed = False
    with ProcessPoolExecutor(max_workers=2) as pool:
        for path, seconds in pool.map(run, paths):
            if seconds is None:
                print(f"  NOT WRITTEN  {Path(path).name}: the file changed on disk while it ran "
                      "(your edit is kept); run this script again for it")
                failed = True
            else:
                print(f"{seconds:6.1f} s  {Path(path).name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
