"""Run every test, and every notebook kernel nbval starts, on the data and device that
made the stored outputs (tests/environments.py: CONTENT_ENV), with one thread and pinned
MKL unless you set OMP_NUM_THREADS, MKL_NUM_THREADS or MKL_CBWR yourself (FLOAT_ENV):
the stored outputs must hold either way."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "tests"))
from environments import environment_for_tests  # noqa: E402

os.environ.update(environment_for_tests(os.environ))
os.environ.pop("MPLBACKEND", None)            # an Agg backend would drop the stored figures

# The test files that take longest (browsers, notebook runs) start first: pytest-xdist hands
# whole files to its workers in this order (--no-loadscope-reorder in pyproject.toml), so no
# worker starts a long file when the others are nearly done.
SLOW_FIRST = ("tests/test_jupyterlab.py", "tests/test_slides_browser.py", "tests/test_site.py",
              "tests/test_student_copies.py", "tests/test_portability.py", "tests/test_comp_graph_page.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))
