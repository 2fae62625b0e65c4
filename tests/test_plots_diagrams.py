"""helpers.plots, diagrams: a network with its weights and values (notebooks 04, 05) and a
computational graph with its backward pass (07), read back from the drawing."""
import numpy as np
import pytest
import torch
from matplotlib.patches import Circle, FancyBboxPatch

from helpers import models, plots


def circles(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, Circle)]


def texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def layers(fig):
    """The circles' centres, one list per layer (left to right), each from top to bottom."""
    by_x = {}
    for c in circles(fig):
        by_x.setdefault(round(c.center[0], 6), []).append(tuple(np.round(c.center, 6)))
    return [sorted(by_x[x], key=lambda p: -p[1]) for x in sorted(by_x)]


def ends(line):
    return tuple(tuple(np.round(p, 6)) for p in line.get_xydata())


def line_through(fig, x, y):
    """The line on which the point (x, y) lies (between its ends)."""
    def on(line):
        (xa, ya), (xb, yb) = ends(line)
        return np.isclose((xb - xa) * (y - ya), (yb - ya) * (x - xa)) and min(xa, xb) < x < max(xa, xb)
    found = [line for line in fig.axes[0].lines if on(line)]
    assert len(found) == 1, (x, y, len(found))
    return found[0]


def test_one_circle_per_neuron_and_one_line_per_weight():
    fig = plots.network_diagram([3, 4, 4, 2])
    assert [len(layer) for layer in layers(fig)] == [3, 4, 4, 2]
    drawn = sorted(ends(line) for line in fig.axes[0].lines)
    pairs = sorted((a, b) for left, right in zip(layers(fig), layers(fig)[1:]) for a in left for b in right)
    assert drawn == pairs                                       # fully connected: every pair once, nothing else
    assert any("hidden 1" in t for t in texts(fig)) and any("output" in t for t in texts(fig))


def test_wide_layers_are_cut_with_a_gap():
    fig = plots.network_diagram([784, 128, 10, 7])
    assert [len(layer) for layer in layers(fig)] == [6, 6, 6, 7]   # 6 drawn + a '⋮' in a layer wider than 7
    assert texts(fig).count("⋮") == 3
    assert any("784 neurons" in t for t in texts(fig))
    assert "$x_{784}$" in texts(fig) and "$x_{4}$" not in texts(fig)   # the first 3 and the last 3 inputs


def test_sizes_and_activations_read_from_a_model():
    model = models.mlp([5, 3, 2], output_activation="sigmoid")
    fig = plots.network_diagram(model)
    assert len(circles(fig)) == 5 + 3 + 2
    labels = " ".join(texts(fig))
    assert "ReLU" in labels and "Sigmoid" in labels


def test_weights_biases_and_values_are_written_on_the_drawing():
    # the lecture's worked example; W[i, j] is the weight from input i to hidden neuron j
    W = np.array([[0.5, -0.3], [0.8, 0.6]])
    fig = plots.network_diagram([2, 2, 1], weights=[W, [[0.7], [-0.5]]], biases=[[-0.1, 0.2], [-0.1]],
                                values=[[1.0, 0.5], [0.8, 0.2], ["0.589"]], activations=["ReLU", "sigmoid"])
    t = texts(fig)
    for label in ["0.5", "0.8", "-0.3", "0.6", "0.7", "-0.5", "b = -0.1", "b = 0.2", "1", "0.2", "0.589"]:
        assert label in t, label
    (x1, x2), (h1, h2), (y,) = layers(fig)
    joins = {(x1, h1): 0.5, (x1, h2): -0.3, (x2, h1): 0.8, (x2, h2): 0.6, (h1, y): 0.7, (h2, y): -0.5}
    for text in fig.axes[0].texts:
        if text.get_position()[0] not in {x1[0], h1[0], y[0]}:                      # between layers: a weight
            line = line_through(fig, *text.get_position())
            weight = joins[ends(line)]
            assert text.get_text() == f"{weight:g}", (ends(line), text.get_text())   # W[i, j]: input i -> neuron j
            assert line.get_color() == plots.PALETTE[1 if weight < 0 else 0]          # negative weights in orange
    width = {joins[ends(line)]: line.get_linewidth() for line in fig.axes[0].lines}
    for layer in ([0.5, -0.3, 0.8, 0.6], [0.7, -0.5]):                                 # thicker for larger |w|
        assert sorted(layer, key=abs) == sorted(layer, key=width.get)                  # (within a layer)
    at = {(text.get_text(), text.get_position()[0]): text.get_position()[1] for text in fig.axes[0].texts}
    assert at["b = -0.1", h1[0]] < h1[1] < at["0.8", h1[0]]                    # bias under its neuron, value over it
    assert at["b = 0.2", h2[0]] < h2[1] < at["0.2", h2[0]]
    assert at["b = -0.1", y[0]] < y[1] < at["0.589", y[0]]


def test_weights_as_tensors():
    fig = plots.network_diagram([2, 1], weights=[torch.tensor([[1.0], [-2.0]])])
    assert "-2" in texts(fig)


@pytest.mark.parametrize("kwargs,words", [
    (dict(sizes=[3]), "at least"),
    (dict(sizes=[3, 0]), "at least"),
    (dict(sizes="abc"), "whole numbers"),
    (dict(sizes=[2, 2], weights=[np.zeros((2, 3))]), "shape"),
    (dict(sizes=[2, 2, 1], weights=[np.zeros((2, 2))]), "2 entries"),
    (dict(sizes=[2, 2], values=[[1, 2]]), "2 entries"),
    (dict(sizes=[2, 2], activations=["ReLU", "ReLU"]), "1 names"),
    (dict(sizes=torch.nn.ReLU()), "no nn.Linear"),
])
def test_bad_arguments_say_what_is_wrong(kwargs, words):
    with pytest.raises(ValueError, match=words):
        plots.network_diagram(**kwargs)


# ---------------------------------------------------------------- the computational graph

def test_lecture_graph_has_six_values_and_five_operations():
    fig = plots.computational_graph()
    ax = fig.axes[0]
    circles = sorted(p.center[0] for p in ax.patches if isinstance(p, Circle))
    boxes = sorted(p.get_x() + p.get_width() / 2 for p in ax.patches if isinstance(p, FancyBboxPatch))
    assert len(circles) == 6 and len(boxes) == 5
    assert all(a < box < b for a, box, b in zip(circles, boxes, circles[1:]))    # value, operation, value, ...
    at = {t.get_text(): t.get_position() for t in ax.texts}
    chain = [at[label][0] for pair in zip(plots.LECTURE_VALUES, plots.LECTURE_OPERATIONS) for label in pair]
    assert chain + [at["$L$"][0]] == sorted(chain + [at["$L$"][0]])             # x -> ... -> L, left to right
    assert [at[v][0] for v in plots.LECTURE_VALUES] == pytest.approx(circles)   # each value in its circle
    assert [at[o][0] for o in plots.LECTURE_OPERATIONS] == pytest.approx(boxes)  # each operation in its box
    for op, d in zip(plots.LECTURE_OPERATIONS, plots.LECTURE_BACKWARD):        # its local derivative under it
        assert at[d][0] == pytest.approx(at[op][0]) and at[d][1] < at[op][1]


def test_notes_are_written_over_their_values():
    notes = [f"{k}.0" for k in range(6)]
    fig = plots.computational_graph(notes=notes, title="tiny")
    at = {t.get_text(): t.get_position() for t in fig.axes[0].texts}
    for value, note in zip(plots.LECTURE_VALUES, notes):
        assert at[note][0] == at[value][0] and at[note][1] > at[value][1]   # each note over its own value
    assert fig.axes[0].get_title() == "tiny"


@pytest.mark.parametrize("notes,error,match", [
    (["1"], ValueError, "notes needs one text per value \\(6\\), got 1"),
    ("xyz", TypeError, "notes must be a list of labels \\(strings\\), not 'xyz'"),
])
def test_mismatched_notes_are_explained(notes, error, match):
    with pytest.raises(error, match=match):
        plots.computational_graph(notes=notes)
