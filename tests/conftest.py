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
