"""Run every test, and every notebook kernel nbval starts, on the data and device that
made the stored outputs (tests/environments.py: CONTENT_ENV) and on another floating-point
path than the one that made them (PERTURBED_ENV: portable kernels, two threads; each of its
variables unless you set it yourself): the stored outputs must hold either way. The
header of the test report says which path ran. Notebook runs that compare no number
(student copies, JupyterLab) take the path that stored the outputs, the fastest
(`environments.comparing_no_number`). Every figure a notebook draws is measured for
overlapping text as nbval runs it (tests/overlap.py)."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "tests"))
from environments import environment_for_tests, floating_point_path  # noqa: E402

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


def pytest_report_header():
    return floating_point_path(os.environ)
