"""Rendering plumbing shared by the widgets (explorers, playground): a matplotlib
figure kept away from pyplot, its PNG bytes for an `ipywidgets.Image`, and the
ipywidgets import with a message that says what to install.

    from helpers.widgets import render
    fig = render.new_figure((4.2, 4.2))       # not shown by the notebook on its own
    image.value = render.png(fig)             # what a widget displays after each change
    W = render.ipywidgets()                   # the ipywidgets module

A widget draws its figure once, and on each change only updates the artists and calls
`png`, which keeps a redraw to tens of milliseconds on a laptop CPU
(benchmarks/widget_changes.py measures it).
"""
import io

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 90   # the widgets' resolution: the PNG of a (w, h) inch figure is (90 w, 90 h) pixels


def new_figure(figsize, layout="constrained"):
    """A `Figure` of `figsize` inches at DPI that is NOT registered with pyplot, so the
    notebook never shows it on its own (only the widget's PNG of it appears).
    `layout`: "constrained" (the default) or None, as for `matplotlib.figure.Figure`."""
    fig = Figure(figsize=figsize, dpi=DPI, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def png(fig):
    """The figure as PNG bytes, at the figure's own dpi and size (no tight bounding box).

    The first call lays it out (constrained layout) and then switches the layout engine
    off: later calls keep that layout, which saves most of the time of a redraw. A
    widget whose axes change (new labels) sets `fig.set_layout_engine("constrained")`
    again before its next call."""
    buffer = io.BytesIO()
    # "standard" overrides the course style's savefig.bbox "tight" (which draws everything
    # twice and changes the size); light compression encodes 3x faster
    with mpl.rc_context({"savefig.bbox": "standard"}):
        fig.savefig(buffer, format="png", dpi=fig.dpi, pil_kwargs={"compress_level": 1})
    if fig.get_layout_engine() is not None:
        # None, not "none": "none" leaves a placeholder engine, and savefig draws the whole
        # figure once more (without rendering) whenever a figure has any engine
        with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    return buffer.getvalue()


def ipywidgets():
    """The `ipywidgets` module, or an ImportError that says how to install it."""
    try:
        import ipywidgets
    except ImportError as err:   # pragma: no cover - the course installs it
        raise ImportError("The widgets need ipywidgets: run `pip install -r requirements.txt` "
                          "in the course folder, then restart the kernel.") from err
    return ipywidgets
