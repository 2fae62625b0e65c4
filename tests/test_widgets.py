"""helpers.widgets: the logic behind the explorers, and the explorers driven from code
(setting a control's value is what dragging it in JupyterLab does)."""
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from helpers import widgets
from helpers.data import GATES

PNG = b"\x89PNG"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ perceptron

def test_step_is_the_lectures_it_fires_above_zero_only():
    assert widgets.step([-0.1, 0.0, 0.3]).tolist() == [0, 0, 1]     # step(0) = 0 (lecture: z <= 0 -> 0)


@pytest.mark.parametrize("gate, w1, w2, b", [          # the lecture's hand-made solutions
    ("AND", 1, 1, -1.5), ("OR", 1, 1, -0.5), ("NAND", -1, -1, 1.5), ("NOR", -1, -1, 0.5)])
def test_lecture_weights_solve_their_gate(gate, w1, w2, b):
    rows, ok = widgets.perceptron_table(w1, w2, b, gate)
    assert ok
    assert [r["output"] for r in rows] == GATES[gate]
    assert [r["z"] for r in rows] == pytest.approx([b, w2 + b, w1 + b, w1 + w2 + b])


def test_wrong_weights_are_marked_row_by_row():
    rows, ok = widgets.perceptron_table(1, 1, -0.5, "AND")      # that is OR
    assert not ok
    assert [r["correct"] for r in rows] == [True, False, False, True]


def test_no_slider_setting_solves_xor():
    grid = np.round(np.arange(-2, 2.01, 0.1), 1)
    assert not any(widgets.perceptron_table(w1, w2, b, "XOR")[1]
                   for w1, w2, b in itertools.product(grid[::2], grid[::2], grid))


def test_gate_names_are_case_insensitive():
    assert widgets.perceptron_table(1, 1, -1.5, "and")[1]


def test_perceptron_explorer_draws_the_line_of_its_sliders():
    ui = widgets.perceptron_explorer("AND")
    for w1, w2, b in [(1.0, 1.0, -1.5), (2.0, 0.1, -1.0), (0.0, 1.0, -0.5), (-1.3, 0.4, 0.2)]:
        ui.w1.value, ui.w2.value, ui.b.value = w1, w2, b
        xs, ys = (np.asarray(v, dtype=float) for v in ui.view.line.get_data())
        assert xs.shape == (2,) and np.allclose(w1 * xs + w2 * ys + b, 0)
    ui.w1.value, ui.w2.value = 0.0, 0.0                         # no line: one class everywhere
    assert len(ui.view.line.get_xdata()) == 0


def stored_text(notebook, starts):
    """The text/plain output the stored notebook shows for a widget, without the trailing '…'."""
    import json
    from pathlib import Path

    cells = json.loads((Path(__file__).parents[1] / "notebooks" / notebook).read_text())["cells"]
    texts = ["".join(o.get("data", {}).get("text/plain", [])) for c in cells for o in c.get("outputs", [])]
    found = [t for t in texts if t.startswith(starts)]
    assert len(found) == 1, f"{notebook} should store one {starts}... output, has {len(found)}"
    return found[0].rstrip("…")


@pytest.mark.parametrize("make, cls, notebook, shown_as", [       # built as the notebook's cell builds it
    (lambda: widgets.perceptron_explorer(gate="AND"), widgets.PerceptronExplorer, "02_perceptron_and_gates.ipynb",
     "PerceptronWidget("),
    (lambda: widgets.activation_explorer("relu"), widgets.ActivationExplorer, "04_mlps_and_activations.ipynb",
     "ActivationWidget("),
    (widgets.softmax_explorer, widgets.SoftmaxExplorer, "06_softmax_and_loss.ipynb", "SoftmaxWidget("),
])
def test_explorers_show_what_the_stored_notebooks_show(make, cls, notebook, shown_as):
    import ipywidgets

    ui = make()
    assert type(ui) is cls and isinstance(ui, ipywidgets.VBox)
    stored = stored_text(notebook, shown_as)
    assert len(stored) > 60 and repr(ui).startswith(stored)      # the controls, in order, with their values


@pytest.mark.parametrize("args, error, words", [
    ((1, 1, 0, "XNOR"), ValueError, "Unknown gate"),
    (("a", 1, 0, "AND"), TypeError, "w1 should be a number"),
    ((1, float("nan"), 0, "AND"), ValueError, "w2 is nan"),
])
def test_perceptron_table_bad_input(args, error, words):
    with pytest.raises(error, match=words):
        widgets.perceptron_table(*args)


def test_perceptron_table_takes_weights_as_tensors():
    # e.g. weights copied out of a trained model: the same table as plain numbers
    as_tensors = widgets.perceptron_table(torch.tensor(1.0), torch.tensor([1.0]), np.float64(-1.5))
    assert as_tensors == widgets.perceptron_table(1, 1, -1.5)


def test_perceptron_explorer_follows_its_sliders():
    ui = widgets.perceptron_explorer("AND")                    # w = (0.5, 0.5), b = 0: z = 0, .5, .5, 1
    assert not ui.table_correct and ui.n_correct == 2           # (0,0) and (1,1) right; (0,1), (1,0) fire
    first = ui.image.value
    for _ in range(6):                                          # six slider steps to the left
        ui.b.value = round(ui.b.value - 0.1, 1)
    assert ui.table_correct
    assert "all 4 rows correct" in ui.banner.value
    assert ui.table.value.count("✓") == 4
    assert ui.image.value != first and bytes(ui.image.value).startswith(PNG)
    ui.gate.value = "OR"                                        # same weights, now wrong for OR
    assert not ui.table_correct and "all 4" not in ui.banner.value
    ui.w1.value, ui.w2.value, ui.b.value = 1.0, 1.0, -0.5
    assert ui.table_correct and [r["target"] for r in ui.rows] == GATES["OR"]


def test_perceptron_explorer_bad_input():
    with pytest.raises(ValueError, match="choose one of"):
        widgets.perceptron_explorer(gate="XNOR")
    with pytest.raises(TypeError):
        widgets.perceptron_explorer(w1=None)


def test_perceptron_explorer_shows_values_outside_the_sliders_as_given():
    ui = widgets.perceptron_explorer("AND", w1=5, w2=5, b=-7)
    assert (ui.w1.value, ui.w2.value, ui.b.value) == (5.0, 5.0, -7.0)
    assert ui.w1.max >= 5 and ui.b.min <= -7
    rows, correct = widgets.perceptron_table(5, 5, -7, "AND")     # the table for the weights given
    assert ui.rows == rows and ui.table_correct == correct is True
    ui.w1.value = -2.0                                             # the usual range is still there
    assert ui.w1.value == -2.0 and ui.w1.min == -2.0


def test_perceptron_figure_draws_plane_and_table():
    fig = widgets.perceptron_figure(1, 1, -1.5, "AND")
    plane, table = fig.axes
    assert "all 4 rows correct" in table.get_title()
    line = plane.lines[0].get_xydata()
    assert np.allclose(line @ [1, 1] - 1.5, 0)
    # z = 0, 0.5, 0.5, 1 -> 0, 1, 1, 1 against XOR's 0, 1, 1, 0: three rows right
    assert "3 of 4" in widgets.perceptron_figure(0.5, 0.5, 0, "XOR").axes[1].get_title()


# ------------------------------------------------------------------ activations

def test_activation_curves_and_gradients():
    z, f, df = widgets.activation_curves("sigmoid")
    assert df.max() == pytest.approx(0.25, abs=1e-4) and abs(z[df.argmax()]) < 0.03
    assert np.allclose(f, 1 / (1 + np.exp(-z)), atol=1e-6)
    z, f, df = widgets.activation_curves("relu", [-2.0, -0.5, 0.5, 3.0])
    assert f.tolist() == [0, 0, 0.5, 3.0] and df.tolist() == [0, 0, 1, 1]
    assert widgets.activation_curves("tanh", [0.0])[2][0] == pytest.approx(1.0)
    assert not widgets.activation_curves("step")[2].any()        # no gradient anywhere
    assert np.allclose(widgets.activation_curves("identity")[2], 1)
    assert np.allclose(widgets.activation_curves("linear")[1], widgets.activation_curves("identity")[1])


def test_unknown_activation_is_a_clear_error():
    with pytest.raises(ValueError, match="choose one of step, sigmoid"):
        widgets.activation_curves("gelu")
    with pytest.raises(ValueError, match="Unknown activation"):
        widgets.activation_explorer("softplus")
    with pytest.raises(ValueError, match="circles"):
        widgets.train_small_net("relu", "spirals")


def test_small_net_needs_its_activation_for_circles():
    linear = widgets.train_small_net("identity", "circles")
    relu = widgets.train_small_net("relu", "circles")
    assert relu["accuracy"] > 0.95                  # a ring around a disc: easy with ReLU
    assert linear["accuracy"] < 0.75                # ... and impossible for a straight line
    assert widgets.train_small_net("relu", "circles") is relu      # cached
    assert relu["loss"][-1] < 0.5 * relu["loss"][0]


def test_step_net_first_layer_never_moves():
    state = torch.random.get_rng_state()
    result = widgets.train_small_net("step", "moons")
    assert torch.equal(torch.random.get_rng_state(), state)        # caller's random state untouched
    torch.manual_seed(0)
    fresh = torch.nn.Linear(2, 8)                   # the same first layer before training
    assert torch.equal(result["model"][0].weight, fresh.weight)


def test_activation_explorer_switches_and_caches():
    ui = widgets.activation_explorer("identity")
    assert ui.accuracy_with == ui.accuracy_without < 0.75
    ui.activation.value = "tanh"
    assert ui.accuracy_with > 0.95 and bytes(ui.image.value).startswith(PNG)
    ui.dataset.value = "moons"
    assert ui.accuracy_without == widgets.train_small_net("identity", "moons")["accuracy"]


def test_activation_figure_draws_the_curve_and_each_nets_output():
    fig = widgets.activation_figure("relu")          # the nets of test_small_net_needs_... (cached)
    ax_fn, *panels = fig.axes
    f_line, g_line = ax_fn.lines[:2]
    z = f_line.get_xdata()
    assert z.min() == -5 and z.max() == 5 and len(z) == 401
    assert np.array_equal(f_line.get_ydata(), np.maximum(z, 0))
    assert np.array_equal(g_line.get_ydata(), (z > 0).astype(float))       # relu'(z), 0 at z = 0
    fig.canvas.draw()
    buf = np.asarray(fig.canvas.buffer_rgba())
    for ax, name in zip(panels, ("identity", "relu")):
        net = widgets.train_small_net(name, "circles")
        image = ax.images[0]
        x0, x1, y0, y1 = image.get_extent()
        shown = np.asarray(image.get_array())
        xx, yy = np.meshgrid(np.linspace(x0, x1, shown.shape[1]), np.linspace(y0, y1, shown.shape[0]))
        with torch.no_grad():                                   # P(class 1) of the trained net, row 0 at y0
            p = torch.sigmoid(net["model"](torch.tensor(np.c_[xx.ravel(), yy.ravel()], dtype=torch.float32)))[:, 0]
        assert image.origin == "lower" and np.allclose(shown, p.numpy().reshape(xx.shape), atol=1e-6)
        # on screen: teal (blue above red) where the net says class 1, pink where it says 0
        X = net["X"].numpy()
        points = np.c_[xx.ravel(), yy.ravel()][::37]
        p = p.numpy()[::37]
        inside = (np.abs(points - [(x0 + x1) / 2, (y0 + y1) / 2]) < [(x1 - x0) / 2 - 0.1, (y1 - y0) / 2 - 0.1]).all(1)
        keep = inside & (np.abs(p - 0.5) > 0.08) & (np.abs(points[:, None] - X).max(2).min(1) > 0.2)
        px, py = ax.transData.transform(points[keep]).T
        rgb = buf[np.round(buf.shape[0] - py).astype(int), np.round(px).astype(int), :3].astype(int)
        assert ((rgb[:, 2] > rgb[:, 0]) == (p[keep] > 0.5)).all()
        assert 0 < (p[keep] > 0.5).sum() < keep.sum() and keep.sum() > 20


# ------------------------------------------------------------------ softmax

def test_softmax_reproduces_the_lecture_example():
    p = 100 * widgets.softmax(widgets.SOFTMAX_EXAMPLE)
    assert np.round(p[:5], 1).tolist() == [5.5, 4.1, 74.0, 9.1, 2.0]
    assert round(p[5:].sum(), 1) == 5.3


def test_softmax_properties():
    s = np.array([1.0, -2.0, 0.5])
    p = widgets.softmax(s)
    assert p.sum() == pytest.approx(1) and p.argmax() == 0
    assert np.allclose(widgets.softmax(s + 100), p)                 # shifting scores changes nothing
    assert widgets.softmax(s, temperature=100).std() < 0.01        # hot: nearly uniform
    assert widgets.softmax(s, temperature=0.01)[0] > 0.999         # cold: nearly one-hot
    assert np.isfinite(widgets.softmax([1000.0, 0.0])).all()      # no overflow


@pytest.mark.parametrize("scores, t, words", [
    ([1.0, 2.0], 0, "temperature must be > 0"), ([1.0], 1, "at least 2"),
    ([1.0, float("nan")], 1, "NaN"), ([[1.0, 2.0]], 1, "flat list"), ([1.0, 2.0], "hot", "number")])
def test_softmax_bad_input(scores, t, words):
    with pytest.raises((ValueError, TypeError), match=words):
        widgets.softmax(scores, t)


def test_softmax_explorer_follows_its_sliders():
    ui = widgets.softmax_explorer()
    assert len(ui.scores) == 10 and ui.probabilities.argmax() == 2
    assert ui.probabilities[2] == pytest.approx(0.740, abs=5e-4)
    ui.scores[2].value = -5.0
    assert ui.probabilities.argmax() == 3                          # 1.0 is now the largest score
    before = ui.probabilities.max()
    ui.temperature.value = 5.0
    assert ui.probabilities.max() < before                         # hotter: flatter
    with pytest.raises(ValueError, match="2 to 10"):
        widgets.softmax_explorer(scores=list(range(11)))
    with pytest.raises(ValueError, match="temperature"):
        widgets.softmax_explorer(temperature=0)


def test_softmax_explorer_shows_scores_outside_the_sliders_as_given():
    ui = widgets.softmax_explorer(scores=[10, 0])
    assert [slider.value for slider in ui.scores] == [10.0, 0.0]
    assert ui.scores[0].max >= 10 and ui.scores[1].max >= 10       # one range for every score
    assert ui.probabilities[0] == pytest.approx(widgets.softmax([10.0, 0.0], 1.0)[0], abs=1e-12)
    assert ui.probabilities[0] == pytest.approx(0.99995, abs=1e-5)


def test_softmax_figure_labels_every_bar_in_percent():
    fig = widgets.softmax_figure([0.0, 0.0, np.log(2.0)])
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels == ["25.0%", "25.0%", "50.0%"]


def test_redraw_is_repeatable():
    ui = widgets.perceptron_explorer("NAND", -1, -1, 1.5)
    image = ui.image.value
    ui.redraw()
    assert ui.table_correct and ui.image.value == image
