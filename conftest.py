"""Run every test, and every notebook kernel nbval starts, on the data and device that
made the stored outputs (tests/environments.py: CONTENT_ENV) and on another floating-point
path than the one that made them (PERTURBED_ENV: portable kernels, two threads), unless you
set one of its variables yourself: the stored outputs must hold either way. Every figure
a notebook draws is measured for overlapping text as nbval runs it (tests/overlap.py)."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "tests"))
from environments import environment_for_tests  # noqa: E402

os.environ.update(environment_for_tests(os.environ))
os.environ.pop("MPLBACKEND", None)            # an Agg backend would drop the stored figures
pytest_plugins = ["overlap"]

# The test files that take longest (browsers, notebook runs) start first: pytest-xdist hands
# whole files to its workers in this order (--no-loadscope-reorder in pyproject.toml), so no
# worker starts a long file when the others are nearly done.
SLOW_FIRST = ("tests/test_jupyterlab.py", "tests/test_slides_browser.py", "tests/test_site.py",
              "tests/test_student_copies.py", "tests/test_comp_graph_page.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))
