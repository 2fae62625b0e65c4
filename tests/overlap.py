"""Overlapping text in matplotlib figures, measured while the figure is drawn.

`watch()` wraps `Figure.draw` and `Text.draw`: every text a figure draws (titles, labels,
tick labels, legends, annotations) is recorded with its extent on the canvas, and after
the figure is drawn any two that overlap are reported. `tests/test_portability.py`
installs it in the notebook kernels through an IPython startup file (`startup_file`)
and loads this module as a pytest plugin (`-p overlap`), which tells each kernel which
notebook it runs: every figure of every notebook is measured as it is shown.
"""
import json
import os

import pytest

NOTEBOOK_VARIABLE = "COURSE_OVERLAP_NOTEBOOK"   # set by the plugin, read in the kernel

TOLERANCE_PX = 1.0   # texts that only touch are fine; overlapping by more than this is not


def overlaps(texts, tolerance=TOLERANCE_PX):
    """Pairs among `texts` (a list of (string, (x0, y0, x1, y1)) in pixels) whose boxes
    overlap by more than `tolerance` in both directions."""
    found = []
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(texts):
        for b, (bx0, by0, bx1, by1) in texts[i + 1:]:
            wide = min(ax1, bx1) - max(ax0, bx0)
            high = min(ay1, by1) - max(ay0, by0)
            if wide > tolerance and high > tolerance:
                found.append((a, b))
    return found


def watch(report):
    """Measure every figure drawn from now on; call `report(figure_title, pairs)` for
    each drawing that has overlapping text."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    drawing = []            # a stack: the texts of the figure being drawn
    figure_draw, text_draw = Figure.draw, Text.draw

    def draw_text(self, renderer):
        text_draw(self, renderer)
        if drawing and self.get_visible() and self.get_text().strip():
            box = self.get_window_extent(renderer)
            if box.width > 0 and box.height > 0:
                drawing[-1].append((self.get_text(), tuple(float(v) for v in box.extents)))

    def draw_figure(self, renderer):
        drawing.append([])
        try:
            figure_draw(self, renderer)
        finally:
            texts = drawing.pop()
        pairs = overlaps(texts)
        if pairs:
            title = self._suptitle.get_text() if self._suptitle else ""
            title = title or next((ax.get_title() for ax in self.axes if ax.get_title()), "")
            report(title, pairs)

    Figure.draw, Text.draw = draw_figure, draw_text
    return lambda: (setattr(Figure, "draw", figure_draw), setattr(Text, "draw", text_draw))


def log_to(path):
    """A `report` for `watch` that appends one JSON line per finding to `path`: the
    notebook, the code cell (its execution count), the figure's title and the pairs."""
    notebook = os.environ.get(NOTEBOOK_VARIABLE, "?")

    def report(title, pairs):
        from IPython import get_ipython
        ip = get_ipython()
        cell = ip.execution_count if ip is not None else None
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"notebook": notebook, "cell": cell, "title": title, "pairs": pairs}) + "\n")
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before nbval starts a notebook's kernel: the kernel inherits the notebook's name."""
    os.environ[NOTEBOOK_VARIABLE] = item.path.name


def startup_file(log):
    """The text of an IPython startup file that measures every figure in a kernel and
    logs overlaps to `log`."""
    return (f"import sys\nsys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})\n"
            f"import overlap\noverlap.watch(overlap.log_to({str(log)!r}))\n"
            "sys.path.pop(0)\n")
