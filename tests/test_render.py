"""helpers.render: the widgets' figure (kept off pyplot), its PNG, the ipywidgets import."""
import io

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plots, render


@pytest.fixture(autouse=True)
def _course_style():
    plots.use_course_style()        # savefig.bbox "tight": png must ignore it
    yield
    plt.close("all")


def test_new_figure_is_not_shown_by_pyplot():
    before = plt.get_fignums()
    fig = render.new_figure((3, 2))
    assert plt.get_fignums() == before
    assert fig.get_dpi() == render.DPI and tuple(fig.get_size_inches()) == (3, 2)
    assert render.new_figure((3, 2), layout=None).get_layout_engine() is None


@pytest.mark.parametrize("size", [(4.2, 4.2), (7.6, 3.3), (3.0, 1.5)])
def test_png_decodes_to_the_figures_pixels(size):
    fig = render.new_figure(size)
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [2, 0, 1])
    ax.set_title("a title that tight bbox would crop around")
    data = render.png(fig)
    image = mpimg.imread(io.BytesIO(data), format="png")
    assert image.shape[:2] == (round(size[1] * render.DPI), round(size[0] * render.DPI))
    fig.canvas.draw()                                   # the same figure drawn straight by Agg
    canvas = np.asarray(fig.canvas.buffer_rgba()) / 255
    assert np.allclose(image, canvas, atol=1 / 255)


def test_png_lays_out_once_then_keeps_the_layout():
    fig = render.new_figure((4, 3))
    ax = fig.add_subplot()
    ax.set(xlabel="x", ylabel="y")
    first = render.png(fig)
    assert fig.get_layout_engine() is None              # laid out once, then switched off
    position = ax.get_position().bounds
    assert render.png(fig) == first and ax.get_position().bounds == position
    ax.set_ylabel("a much longer label\non two lines")
    fig.set_layout_engine("constrained")                # what a widget does when its labels change
    render.png(fig)
    assert ax.get_position().x0 > position[0]           # the new layout made room for the label


def test_ipywidgets_is_the_module():
    W = render.ipywidgets()
    assert issubclass(W.VBox, W.Widget) and W.__name__ == "ipywidgets"
