"""helpers.plots itself: `plots.<name>` finds each figure in its module, the course
style, and the line a perceptron draws (the figures of each kind: tests/test_plots_*.py)."""
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

from helpers import plots
from helpers.plots import bars, boundaries, curves, diagrams, images, style


def test_plots_finds_every_figure_and_colour_in_its_module_and_nothing_else():
    modules = (style, boundaries, curves, bars, images, diagrams)
    for module in modules:
        for name, value in vars(module).items():
            if callable(value) and getattr(value, "__module__", None) == module.__name__ and name[0] != "_":
                assert getattr(plots, name) is value and name in dir(plots), name
    assert plots.PALETTE is style.PALETTE and plots.LECTURE_VALUES is diagrams.LECTURE_VALUES
    for missing in ("save", "np", "plt", "figures_dir", "_numpy"):        # gone, or only imported by a module
        with pytest.raises(AttributeError, match=f"helpers.plots has no figure or style named '{missing}'"):
            getattr(plots, missing)


def test_use_course_style_sets_the_style_and_the_projector_only_when_asked():
    matplotlib.rcdefaults()
    plots.use_course_style()
    assert matplotlib.rcParams["font.size"] == plots.STYLE["font.size"]
    assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"] == plots.PALETTE
    plots.use_course_style(projector=True)
    assert all(matplotlib.rcParams[k] == v for k, v in plots.PROJECTOR.items())
    plots.use_course_style()
    assert matplotlib.rcParams["font.size"] == plots.STYLE["font.size"]


@pytest.mark.parametrize("w1, w2, b", [(1, 1, -1.5), (2, 0.1, -1), (0, 1, -0.5), (1, 0, -0.5), (-0.3, 2, 0.4),
                                       (1e-13, 3, -1), (-5, 0.5, 2)])
@pytest.mark.parametrize("limits", [(-0.5, 1.5, -0.5, 1.5), (-3, 2, 0, 4)])
def test_decision_line_end_points_lie_on_the_line_at_the_limits(w1, w2, b, limits):
    xs, ys = (np.asarray(v, dtype=float) for v in plots.decision_line(w1, w2, b, limits))
    assert xs.shape == ys.shape == (2,)
    assert np.allclose(w1 * xs + w2 * ys + b, 0)                  # both end points solve the equation
    # one coordinate spans the box from edge to edge (x1 for a flat line, x2 for a steep one)
    assert np.allclose(xs, limits[:2]) if abs(w2) >= abs(w1) else np.allclose(ys, limits[2:])


def test_decision_line_without_weights_is_none():
    assert plots.decision_line(0, 0, 1) is None
    assert plots.decision_line(1e-13, -1e-13, -1) is None


def test_a_private_name_is_not_looked_up_so_jupyters_probes_import_no_figure_module():
    probe = ("import sys, helpers.plots as p, helpers.widgets as w\n"
             "assert not hasattr(p, '_repr_html_') and not hasattr(w, '_ipython_display_')\n"
             "print(sorted(m for m in sys.modules if m.startswith(('helpers.plots.', 'helpers.widgets.'))))")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "[]"
