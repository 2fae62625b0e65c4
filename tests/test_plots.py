import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from helpers import data, plots
from helpers.training import History


def pixels_at(ax, points):
    """The RGB colours (0-1) the drawn figure shows at the data points (x, y) of `ax`."""
    ax.figure.canvas.draw()
    buf = np.asarray(ax.figure.canvas.buffer_rgba())
    px, py = ax.transData.transform(np.asarray(points, dtype=float).reshape(-1, 2)).T
    return buf[np.round(buf.shape[0] - py).astype(int), np.round(px).astype(int), :3] / 255


def nearest(colour, candidates):
    """Index of the candidate RGB colour closest to `colour`."""
    return int(np.argmin([np.abs(np.asarray(c)[:3] - colour).sum() for c in candidates]))


def test_save_only_when_asked(tmp_path, monkeypatch):
    with matplotlib.rc_context({"savefig.bbox": None, "savefig.dpi": "figure"}):
        fig = plt.figure(figsize=(4, 2), dpi=50)                 # 200 x 100 pixels
        fig.add_artist(matplotlib.patches.Rectangle((0, 0), 0.5, 1, transform=fig.transFigure,
                                                    color="#d1495b"))   # left half red
        monkeypatch.chdir(tmp_path)
        monkeypatch.delenv("COURSE_FIGURES_DIR", raising=False)
        plots.save(fig, "nothing")
        assert not list(tmp_path.rglob("*"))                      # nothing written anywhere here
        monkeypatch.setenv("COURSE_FIGURES_DIR", str(tmp_path / "figs"))
        plots.save(fig, "something")
    saved = matplotlib.image.imread(tmp_path / "figs" / "something.png")
    fig.canvas.draw()
    drawn = np.asarray(fig.canvas.buffer_rgba()) / 255
    assert saved.shape == drawn.shape == (100, 200, 4)
    assert np.allclose(saved[50, 50, :3], matplotlib.colors.to_rgb("#d1495b"), atol=1 / 255)
    assert np.allclose(saved[50, 150, :3], 1.0)                  # right half: the white figure
    assert np.abs(saved - drawn).max() <= 1 / 255                 # the file is the figure drawn


def test_decision_boundary_shades_the_class_of_each_point():
    X, y = data.gate("AND")

    def steep(g):                                   # class 1 right of the line 2 x1 - x2 = 0.5
        return (2 * g[:, 0] - g[:, 1] > 0.5).float()

    fig = plots.decision_boundary(steep, X, y)
    ax = fig.axes[0]
    x0, x1, y0, y1 = *ax.get_xlim(), *ax.get_ylim()
    shades = [plots.BOUNDARY_CMAP(0.0), plots.BOUNDARY_CMAP(1.0)]
    points = [(a, b) for a in np.linspace(x0 + 0.05, x1 - 0.05, 9) for b in np.linspace(y0 + 0.05, y1 - 0.05, 9)
              if abs(2 * a - b - 0.5) > 0.25 and np.abs(X.numpy() - [a, b]).sum(1).min() > 0.2]
    expected = [int(2 * a - b > 0.5) for a, b in points]      # away from the line and the drawn points
    assert [nearest(c, shades) for c in pixels_at(ax, points)] == expected
    assert set(expected) == {0, 1}

    # a module with three class scores, probability=False: the shade of the winning class
    net = torch.nn.Linear(2, 3)
    with torch.no_grad():
        net.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 2.0], [-1.0, -1.0]]))
        net.bias.zero_()
    fig = plots.decision_boundary(net, X, y, probability=False)
    ax = fig.axes[0]
    shades = [plots.BOUNDARY_CMAP(0.5 + k / 4) for k in range(3)]   # classes 0, 1, 2 on -2..2
    grid = np.array([(a, b) for a in np.linspace(-0.45, 1.45, 9) for b in np.linspace(-0.45, 1.45, 9)])
    scores = np.c_[grid[:, 0], 2 * grid[:, 1], -grid.sum(1)]
    top = np.sort(scores, 1)
    keep = (top[:, -1] - top[:, -2] > 0.3) & (np.abs(grid[:, None] - X.numpy()).sum(2).min(1) > 0.2)
    expected = scores[keep].argmax(1).tolist()
    assert [nearest(c, shades) for c in pixels_at(ax, grid[keep])] == expected
    assert set(expected) == {0, 1, 2}


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
    for i in range(3):
        images[i, 100 * i + 200: 100 * i + 260] = 1.0 / (i + 1)   # each image its own ink
    fig = plots.image_grid(images, labels=[1, 2, 3], predictions=[1, 0, 3], ncols=3)
    assert len(fig.axes) == 3
    for i, ax in enumerate(fig.axes):
        assert np.array_equal(ax.images[0].get_array(), images[i].reshape(28, 28).numpy())
    red = matplotlib.colors.to_rgb("#d1495b")
    colours = [matplotlib.colors.to_rgb(ax.title.get_color()) for ax in fig.axes]
    assert [c == red for c in colours] == [False, True, False]    # only the mistake is red
    assert colours[0] == colours[2]                               # both right ones alike
    assert fig.axes[1].get_title() == "0 (true 2)"                # the mistake names the truth
    with pytest.raises(ValueError, match="no images"):
        plots.image_grid(torch.zeros(0, 784))


def test_training_curves_marks_best_epoch():
    h = History()
    h["train_loss"] += [1.0, 0.5, 0.3, 0.2]
    h["val_loss"] += [1.1, 0.7, 0.9, 0.95]
    h["train_acc"] += [0.5, 0.7, 0.9, 0.95]
    h["val_acc"] += [0.5, 0.6, 0.6, 0.55]
    h.best_epoch = 2
    fig = plots.training_curves(h)
    for ax, metric, scale in zip(fig.axes, ("loss", "acc"), (1, 100)):
        drawn = {line.get_label(): line for line in ax.lines}
        for split, label in (("train", "train"), ("val", "validation")):
            assert np.array_equal(drawn[label].get_xdata(), [1, 2, 3, 4])
            assert np.allclose(drawn[label].get_ydata(), scale * np.array(h[f"{split}_{metric}"]))
        assert list(drawn["best validation"].get_xdata()) == [2, 2]
    val = dict(zip(*(fig.axes[0].lines[1].get_data())))
    # the mark stands where the validation loss is lowest, on the point (2, val_loss[1])
    assert val[h.best_epoch] == h["val_loss"][h.best_epoch - 1] == min(h["val_loss"])


def test_projector_style_is_larger(monkeypatch):
    plots.use_course_style(projector=False)
    normal = matplotlib.rcParams["font.size"]
    monkeypatch.setenv("COURSE_PROJECTOR", "1")
    plots.use_course_style()
    assert matplotlib.rcParams["font.size"] > normal
    plots.use_course_style(projector=False)


def test_function_and_gradient_of_relu():
    x = torch.linspace(-3, 3, 61)
    fig = plots.function_and_gradient({"relu": torch.relu}, ["relu"], x=x)
    f_line, grad_line = fig.axes[0].lines
    assert np.allclose(f_line.get_ydata(), np.maximum(x.numpy(), 0))
    assert np.array_equal(grad_line.get_ydata(), (x.numpy() > 0).astype(float))   # relu'(0) = 0 in torch


def test_function_and_gradient_of_a_step_without_autograd():
    fig = plots.function_and_gradient({"step": lambda z: (z >= 0).float()}, ["step"])
    assert set(fig.axes[0].lines[1].get_ydata()) == {0.0}
