"""Overlapping text in matplotlib figures, measured while the figure is drawn.

`watch()` wraps `Figure.draw` and `Text.draw`: every text a figure draws (titles, labels,
tick labels, legends, annotations) is recorded with its extent on the canvas, and after
the figure is drawn any two that overlap are reported.

This module is also a pytest plugin, loaded by the root `conftest.py`: each kernel nbval
starts measures every figure through an IPython startup file (`startup_file`) and logs
what overlaps, and a notebook cell that drew overlapping text fails. Every figure of
every notebook is measured as the test suite runs it.
"""
import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

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
    figure's title and the pairs."""
    def report(title, pairs):
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"title": title, "pairs": pairs}) + "\n")
    return report


def startup_file(log):
    """The text of an IPython startup file that measures every figure in a kernel and
    logs overlaps to `log`."""
    return (f"import sys\nsys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})\n"
            f"import overlap\noverlap.watch(overlap.log_to({str(log)!r}))\n"
            "sys.path.pop(0)\n")


# The pytest plugin: every notebook cell nbval runs fails when it draws overlapping text.
YOUR_IPYTHONDIR = os.environ.get("IPYTHONDIR")
_kernel_profile = []        # this process's IPython folder with the startup file, once made


def _ipython_dir():
    if not _kernel_profile:
        folder = Path(tempfile.mkdtemp(prefix="course-overlap-"))
        startup = folder / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "00-overlap.py").write_text(startup_file(folder / "overlaps.jsonl"), encoding="utf-8")
        _kernel_profile.append(folder)
    return _kernel_profile[0]


def _is_notebook_cell(item):
    return item.path.suffix == ".ipynb"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before nbval starts a notebook's kernel (as the notebook's first cell is set up),
    the kernel is given the startup file; kernels other tests start (student copies,
    JupyterLab) get your IPython folder as usual."""
    if _is_notebook_cell(item):
        os.environ["IPYTHONDIR"] = str(_ipython_dir())
    elif YOUR_IPYTHONDIR is None:
        os.environ.pop("IPYTHONDIR", None)
    else:
        os.environ["IPYTHONDIR"] = YOUR_IPYTHONDIR


def _found_since(log, start):
    """What the kernel logged after byte `start` of `log`, as a message ("" for nothing)."""
    if not log.exists() or log.stat().st_size <= start:
        return ""
    with open(log, encoding="utf-8") as lines:
        lines.seek(start)
        found = [json.loads(line) for line in lines.read().splitlines()]
    pairs = ("; ".join(f"{a!r} over {b!r}" for a, b in f["pairs"]) for f in found)
    # each once: the inline backend draws a figure twice, for its tight bounding box
    figures = dict.fromkeys(f"  {f['title'] or 'untitled'}: {p}" for f, p in zip(found, pairs))
    return ("This cell draws a figure with overlapping text (move, shorten or drop one of each pair):\n"
            + "\n".join(figures))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A notebook cell that drew a figure with overlapping text fails, naming the texts (a
    cell that fails for another reason shows them beside its own failure)."""
    if not _is_notebook_cell(item):
        return (yield)
    log = _ipython_dir() / "overlaps.jsonl"
    start = log.stat().st_size if log.exists() else 0
    try:
        result = yield
    except BaseException:
        with contextlib.suppress(Exception):     # a half-written line (a dead kernel) hides nothing
            if found := _found_since(log, start):
                item.add_report_section("call", "overlapping text", found)
        raise
    if found := _found_since(log, start):
        raise AssertionError(found)
    return result


def pytest_unconfigure(config):
    for folder in _kernel_profile:
        shutil.rmtree(folder, ignore_errors=True)
