import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from helpers import data, plots
from helpers.training import History


def test_save_only_when_asked(tmp_path, monkeypatch):
    fig = plt.figure()
    monkeypatch.delenv("COURSE_FIGURES_DIR", raising=False)
    plots.save(fig, "nothing")
    assert not list(tmp_path.iterdir())
    monkeypatch.setenv("COURSE_FIGURES_DIR", str(tmp_path / "figs"))
    plots.save(fig, "something")
    assert (tmp_path / "figs" / "something.png").stat().st_size > 0


def test_decision_boundary_with_function_and_module():
    X, y = data.gate("AND")
    fig = plots.decision_boundary(lambda g: (g.sum(1) - 1.5 >= 0).float(), X, y, title="AND")
    assert fig.axes[0].get_title() == "AND"
    fig2 = plots.decision_boundary(torch.nn.Linear(2, 3), X, y, probability=False)
    assert len(fig2.axes) >= 1



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

def test_image_grid_marks_mistakes_red():
    images = torch.zeros(3, 784)
    fig = plots.image_grid(images, labels=[1, 2, 3], predictions=[1, 0, 3], ncols=3)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["1", "0 (true 2)", "3"]
    with pytest.raises(ValueError, match="no images"):
        plots.image_grid(torch.zeros(0, 784))


def test_training_curves_marks_best_epoch():
    h = History()
    h["train_loss"] += [1.0, 0.5, 0.3]
    h["val_loss"] += [1.1, 0.7, 0.9]
    h["train_acc"] += [0.5, 0.7, 0.9]
    h["val_acc"] += [0.5, 0.6, 0.6]
    h.best_epoch = 2
    fig = plots.training_curves(h)
    assert len(fig.axes) == 2
    assert any(line.get_label() == "best validation" for line in fig.axes[0].lines)


def test_projector_style_is_larger(monkeypatch):
    plots.use_course_style(projector=False)
    normal = matplotlib.rcParams["font.size"]
    monkeypatch.setenv("COURSE_PROJECTOR", "1")
    plots.use_course_style()
    assert matplotlib.rcParams["font.size"] > normal
    plots.use_course_style(projector=False)


def test_function_and_gradient_of_relu():
    fig = plots.function_and_gradient({"relu": torch.relu}, ["relu"])
    grad_line = fig.axes[0].lines[1].get_ydata()
    assert grad_line.min() == 0 and grad_line.max() == 1


def test_function_and_gradient_of_a_step_without_autograd():
    fig = plots.function_and_gradient({"step": lambda z: (z >= 0).float()}, ["step"])
    assert set(fig.axes[0].lines[1].get_ydata()) == {0.0}
