"""The widgets, driven from Python as a student drives them (`ui.set(...)`, `ui.click(...)`):
what they compute, what their pictures show (the scene, and the same scene drawn by
matplotlib), and the messages for bad input. The browser tests (test_jupyterlab.py) drive
the same widgets with the keyboard and the mouse."""
import asyncio
import base64
import io

import numpy as np
import pytest
import torch
from PIL import Image

from helpers import lecture, models, widgets
from helpers.plots.style import CLASS_COLORS
from helpers.widgets import scene as sc

LECTURE_GATES = [("AND", 1, 1, -1.5), ("OR", 1, 1, -0.5), ("NAND", -1, -1, 1.5), ("NOR", -1, -1, 0.5)]


def decoded(json_image):
    """A scene image as sent to the browser, decoded back to RGBA (top row first)."""
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(json_image["png"]))))


# ------------------------------------------------------------------ the scene, drawn twice

def test_an_image_reaches_the_browser_with_its_colours_and_row_0_at_the_bottom():
    values = np.array([[0.0, 0.0], [1.0, 1.0]])              # bottom row 0, top row 1
    shown = decoded(sc.to_json(sc.image(values, (0, 1, 0, 1), "gray_r")))
    assert shown.shape == (2, 2, 4)
    assert (shown[0, :, :3] < 10).all() and (shown[1, :, :3] > 245).all()    # top row dark, bottom row light


def test_axes_get_round_ticks_inside_their_limits():
    a = sc.axis(-0.5, 1.5, "x1")
    assert a["lim"] == [-0.5, 1.5] and all(-0.5 <= t <= 1.5 for t in a["ticks"]) and "0" in a["labels"]
    assert sc.axis(0, 1, "p", [0, 0.5, 1], "{:.0%}")["labels"] == ["0%", "50%", "100%"]


def test_the_static_figure_draws_the_scenes_marks_and_carries_its_alt_text():
    picture = sc.scene([sc.panel("t", sc.axis(0, 2, "x"), sc.axis(0, 4, "y"),
                                 lines=[sc.line([0, 1, 2], [0, 1, 4], label="f")],
                                 points=[sc.points([1], [1], "#00798c", "square")],
                                 bars={"x": [0.5], "height": [2.0], "color": "#8d96a3", "labels": ["2"]})],
                       alt="a line, a square and a bar")
    fig = sc.draw(picture)
    ax = fig.axes[0]
    assert list(ax.get_lines()[0].get_ydata()) == [0, 1, 4] and ax.patches[0].get_height() == 2.0
    assert ax.collections[0].get_offsets().tolist() == [[1.0, 1.0]] and fig.alt_text == "a line, a square and a bar"


def test_set_refuses_a_control_the_widget_does_not_have():
    with pytest.raises(ValueError, match="No control named w3: the controls are gate, w1, w2, b"):
        widgets.PerceptronExplorer().set(w3=1)


# ------------------------------------------------------------------ perceptron (02)

@pytest.mark.parametrize("gate, w1, w2, b", LECTURE_GATES)
def test_lecture_weights_solve_their_gate(gate, w1, w2, b):
    rows, correct = widgets.perceptron_table(w1, w2, b, gate)
    assert correct and [r["output"] for r in rows] == [int(lecture.step(w1 * r["x1"] + w2 * r["x2"] + b))
                                                       for r in rows]


def test_no_setting_of_the_sliders_solves_xor():
    grid = np.round(np.arange(-2, 2.01, 0.5), 1)
    assert not any(widgets.perceptron_table(a, c, d, "XOR")[1] for a in grid for c in grid for d in grid)


@pytest.mark.parametrize("args, error, words", [((float("nan"), 1, 0), ValueError, "w1 is nan"),
                                                (("1", 1, 0), TypeError, "w1 should be a number"),
                                                ((1, 1, 0, "XAND"), ValueError, "Unknown gate 'XAND'")])
def test_perceptron_bad_input_says_what_was_given(args, error, words):
    with pytest.raises(error, match=words):
        widgets.perceptron_table(*args)


def test_perceptron_explorer_follows_its_controls_and_draws_their_line():
    ui = widgets.PerceptronExplorer(gate="and", w1=0.5, w2=0.5, b=0.0)
    assert ui.n_correct == 2 and "2 of 4 rows correct" in ui.announce
    ui.set(w1=1.0, w2=1.0, b=-1.5)
    assert ui.table_correct and "computes AND" in ui.text
    plane, table = ui.view["panels"]
    (x, y), = [(ln["x"], ln["y"]) for ln in plane["lines"]]
    assert all(abs(a + c - 1.5) < 1e-9 for a, c in zip(x, y))                 # the line x1 + x2 - 1.5 = 0
    outputs = [CLASS_COLORS.index(p["color"]) for p in plane["points"]]
    assert outputs == [0, 0, 0, 1] and [p["shape"] for p in plane["points"]] == ["square"] * 3 + ["circle"]
    assert [row[-1] for row in table["table"]["rows"]] == ["✓"] * 4
    ui.set(gate="XOR")
    assert ui.n_correct == 1 and "notebook 03" in ui.announce and "XOR wants" in ui.scene["alt"]


def test_perceptron_sliders_widen_to_hold_a_value_given_outside():
    ui = widgets.PerceptronExplorer(w1=3.4)
    w1 = next(c for c in ui.controls if c["name"] == "w1")
    assert (w1["min"], w1["max"], ui.values["w1"]) == (-2.0, 4.0, 3.4)


# ------------------------------------------------------------------ activations (04)

def test_activation_curves_are_the_function_and_its_autograd_slope():
    z, f, df = widgets.activation_curves("relu", [-1.0, 2.0])
    assert f.tolist() == [0.0, 2.0] and df.tolist() == [0.0, 1.0]
    z, f, df = widgets.activation_curves("step")
    assert set(f) == {0.0, 1.0} and not df.any()
    with pytest.raises(ValueError, match="Unknown activation 'swish': choose one of step, sigmoid"):
        widgets.activation_curves("swish")


def test_a_network_needs_its_activation_for_circles_and_the_step_trains_only_its_last_layer():
    assert widgets.train_small_net("identity")["accuracy"] < 0.7 < 0.95 < widgets.train_small_net("relu")["accuracy"]
    net = widgets.train_small_net("step")["model"]
    torch.manual_seed(0)
    fresh = models.mlp([2, 8, 8, 1], "step")
    assert torch.equal(net[0].weight, fresh[0].weight) and not torch.equal(net[-1].weight, fresh[-1].weight)


def test_activation_explorer_shows_each_nets_own_boundary_on_axes_fitted_to_the_function():
    ui = widgets.ActivationExplorer("relu")
    curves, left, right = ui.view["panels"]
    assert curves["y"]["lim"][1] > 5 and ui.accuracy_with > 0.95 > 0.7 > ui.accuracy_without
    ui.set(activation="tanh")
    curves = ui.view["panels"][0]
    assert -1.3 < curves["y"]["lim"][0] < -1 and 1 < curves["y"]["lim"][1] < 1.3 and "tanh" in ui.scene["alt"]
    grid = widgets.probability_grid(widgets.train_small_net("tanh")["model"], right["image"]["extent"])
    shown = ui.view["panels"][2]["image"]["rgba"].astype(int)
    # the extent comes back as float64, not the float32 limits drawn: a pixel may take the next colour
    cmap = widgets.explorers.BOUNDARY_CMAP
    step = np.abs(np.diff(sc.image(np.linspace(0, 1, 256), (0, 1, 0, 1), cmap)["rgba"].astype(int), axis=0)).max()
    assert np.abs(shown - sc.image(grid, right["image"]["extent"], cmap)["rgba"]).max() <= step
    assert all(min(ln["y"]) >= right["y"]["lim"][0] for ln in ui.view["panels"][2]["lines"])   # contour on the panel


# ------------------------------------------------------------------ softmax (06)

def test_softmax_explorer_shows_the_lectures_example_and_a_shift_of_every_score_changes_nothing():
    ui = widgets.SoftmaxExplorer()
    assert np.allclose((100 * ui.probabilities[:5]).round(1), [5.5, 4.1, 74.0, 9.1, 2.0])
    before = ui.view["panels"][0]["bars"]["height"]
    assert ui.text.startswith("<p class='course-scores'>scores: 0: 0.5, 1: 0.2, 2: 3.1,")
    ui.set(shift=3.0)
    assert np.allclose(ui.view["panels"][0]["bars"]["height"], before) and ui.scores[2] == pytest.approx(6.1)
    assert "every score +3.0: 0: 3.5, 1: 3.2, 2: 6.1," in ui.text                  # the scores move, the bars stay
    assert ui.announce.startswith("every score +3.0: softmax at T = 1.00: predicts 2")
    ui.set(T=0.1)
    assert ui.probabilities[2] > 0.999 and "predicts 2" in ui.announce
    ui.set(**{"digit 3": 4.0})
    assert ui.probabilities.argmax() == 3 and ui.view["panels"][0]["bars"]["labels"][3].startswith("★")


@pytest.mark.parametrize("scores, t, words", [([1.0], 1.0, "2 to 10 numbers"), ([1.0, float("inf")], 1.0, "NaN"),
                                              ([1.0, 2.0], 0.0, "temperature must be > 0")])
def test_softmax_bad_input_says_what_to_do(scores, t, words):
    with pytest.raises(ValueError, match=words):
        widgets.softmax_scene(scores, t)


# ------------------------------------------------------------------ the playground (09a)

def test_playground_step_reset_and_export_buttons():
    ui = widgets.playground(seed=0)
    picture = ui.scene["panels"][0]["image"]["png"]
    ui.click("step")
    assert ui.pg.epoch == 1 and "epoch 1 " in ui.text and ui.scene["panels"][0]["image"]["png"] != picture
    code = ui.show_code()
    assert "nn.Sequential(" in code and "<pre class='course-code'" in ui.text
    ui.click("reset")
    assert ui.pg.epoch == 0 and "course-code" not in ui.text
    with pytest.raises(ValueError, match="no button 'fly'"):
        ui.click("fly")


def test_playground_controls_change_the_run_and_hide_what_does_not_apply():
    ui = widgets.playground()
    ui.set(**{"hidden layers": 3, "units 3": 5, "noise": 0.6})
    assert ui.pg.settings.hidden == (4, 2, 5) and ui.pg.settings.noise == 0.6
    assert "units 4" in ui.hidden and "units 3" not in ui.hidden
    ui.set(data="regression")
    assert ui.pg.settings.features == ("x1",) and "x2" in ui.hidden and "loss" in ui.hidden


def test_a_refused_change_keeps_the_run_and_says_why():
    ui = widgets.playground()
    ui.click("step")
    ui.set(**{"x1": False, "x2": False, "x1*x2": True, "train %": 10, "batch size": 100})
    assert ui.pg.epoch == 0 and ui.pg.settings.features == ("x1*x2",)     # a new network for new inputs
    ui.values = {**ui.values, "data": "custom"}                           # no points were given
    assert "⚠️" in ui.text and "your points" in ui.text and ui.pg.settings.dataset != "custom"


def test_start_trains_on_the_event_loop_until_pause():
    ui = widgets.playground()

    async def run_a_little():
        ui.start()
        assert ui.running and ui.labels == {"start": "pause"}
        await asyncio.sleep(0.5)
        ui.click("start")                                                 # the same button: pause
        await ui._task

    asyncio.run(run_a_little())
    assert ui.pg.epoch > 1 and not ui.running and ui.labels == {"start": "start"}
    ui.start()                                                            # no running loop here
    assert "needs a running Jupyter kernel" in ui.text


def test_playground_points_are_marked_by_split_and_class():
    pg = widgets.Playground(seed=0)
    marks = widgets.playground_view.boundary_panel(pg)["points"]
    assert {(m["shape"], m["label"]) for m in marks} == {("circle", "train, class 0"), ("circle", "train, class 1"),
                                                         ("triangle", "test, class 0"), ("triangle", "test, class 1")}
    assert sum(len(m["x"]) for m in marks) == len(pg.X_train) + len(pg.X_test)


# ------------------------------------------------------------------ the drawing pad (11)

def test_the_pad_classifies_a_drawing_and_a_test_digit_and_shows_what_the_network_read():
    torch.manual_seed(0)
    net = models.mlp([784, 10])
    images = torch.zeros(3, 784)
    images[2, 300:310] = 1.0
    pad = widgets.digit_canvas(net, images)
    assert pad.prediction == -1 and "draw a digit" in pad.text
    pad.draw(widgets.EXAMPLE_STROKES["7"])
    assert pad.image28.shape == (28, 28) and 0 <= pad.prediction <= 9
    assert np.allclose(pad.probabilities, torch.softmax(net(torch.tensor(pad.image28, dtype=torch.float32)
                                                            .reshape(1, 784)), 1)[0].detach().numpy(), atol=1e-6)
    assert f"prediction: {pad.prediction}" in pad.announce and pad.view["panels"][0]["title"].startswith("what")
    pad.set(**{"test digit": 2})
    pad.click("show")
    assert len(pad.shown) == widgets.drawing.SENT ** 2 and max(pad.shown) == 255 and pad.prediction >= 0
    pad.click("clear")
    assert pad.prediction == -1 and pad.shown == []
    with pytest.raises(TypeError, match="needs a trained torch model"):
        widgets.digit_canvas("my model")


# ------------------------------------------------------------------ perceptron labels (02, 03)

@pytest.mark.parametrize("w1,w2,b", [(1, 1, -1.5), (1, 1, -0.5), (-1, -1, 1.5), (1, -1, 0), (1, 1, -1),
                                     (1, 0, -0.5), (0, 1, -0.5), (0.5, 0.5, 0), (-2, 2, -1), (0.1, -1, 0.95)])
def test_the_perceptron_figure_never_draws_its_line_through_a_label(w1, w2, b):
    """Each point's label ("out 0 ✓") sits on the side of its point away from the line, so
    the line crosses none of them, measured on the drawn figure (window extents)."""
    import matplotlib.pyplot as plt

    fig = widgets.perceptron_figure(w1, w2, b, gate="AND")
    fig.canvas.draw()
    ax, renderer = fig.axes[0], fig.canvas.get_renderer()
    (line,) = ax.lines
    ends = ax.transData.transform(np.c_[line.get_xdata(), line.get_ydata()])
    along = np.linspace(ends[0], ends[-1], 500)
    labels = [t for t in ax.texts if t.get_text().startswith("out ")]
    assert len(labels) == 4
    crossed = [t.get_text() for t in labels if any(t.get_window_extent(renderer).contains(*p) for p in along)]
    inside = all(ax.get_window_extent(renderer).contains(*corner)
                 for t in labels for corner in t.get_window_extent(renderer).corners())
    plt.close(fig)
    assert not crossed and inside
