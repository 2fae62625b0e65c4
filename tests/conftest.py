"""Unit tests draw off screen (Agg, set here and not through MPLBACKEND, which the
notebook kernels would inherit) and close every figure they open."""
import matplotlib
import matplotlib.pyplot as plt
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# The browser tests' shared fixtures. tests/ is on sys.path (pytest's rootdir-relative
# import of test modules), so the two modules that hold the set-up import by name.
from browser import chromium_session  # noqa: E402
from labserver import lab_server  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (tests/browser.py)."""
    yield from chromium_session()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a temporary copy of notebooks/: (base url, copy folder)
    (tests/labserver.py)."""
    yield from lab_server(tmp_path_factory)
