"""plots.network_diagram: the drawn network of notebooks 04 and 05."""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from helpers import models, plots


def circles(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, matplotlib.patches.Circle)]


def texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_one_circle_per_neuron_and_one_line_per_weight():
    fig = plots.network_diagram([3, 4, 4, 2], title="net")
    assert len(circles(fig)) == 3 + 4 + 4 + 2
    assert len(fig.axes[0].lines) == 3 * 4 + 4 * 4 + 4 * 2      # fully connected
    assert fig.axes[0].get_title() == "net"
    assert any("hidden 1" in t for t in texts(fig)) and any("output" in t for t in texts(fig))


def test_wide_layers_are_cut_with_a_gap():
    fig = plots.network_diagram([784, 128, 10], max_nodes=7)
    assert len(circles(fig)) == 3 * 6                         # 6 drawn + a '⋮' per layer
    assert texts(fig).count("⋮") == 3
    assert any("784 neurons" in t for t in texts(fig))
    assert any(t == "$x_{784}$" for t in texts(fig))          # the last input is drawn


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
    red = [line for line in fig.axes[0].lines if line.get_color() == plots.PALETTE[1]]
    assert len(red) == 2                                      # the two negative weights, -0.3 and -0.5


def test_weights_as_tensors():
    fig = plots.network_diagram([2, 1], weights=[torch.tensor([[1.0], [-2.0]])])
    assert "-2" in texts(fig)


def test_draws_into_a_given_axes():
    fig, ax = plt.subplots()
    assert plots.network_diagram([2, 2], ax=ax) is fig


@pytest.mark.parametrize("kwargs,words", [
    (dict(sizes=[3]), "at least"),
    (dict(sizes=[3, 0]), "at least"),
    (dict(sizes="abc"), "whole numbers"),
    (dict(sizes=[2, 2], weights=[np.zeros((2, 3))]), "shape"),
    (dict(sizes=[2, 2, 1], weights=[np.zeros((2, 2))]), "2 entries"),
    (dict(sizes=[2, 2], values=[[1, 2]]), "2 entries"),
    (dict(sizes=[2, 2], activations=["ReLU", "ReLU"]), "1 names"),
    (dict(sizes=[2, 2], layer_names=["in"]), "2 names"),
    (dict(sizes=torch.nn.ReLU()), "no nn.Linear"),
])
def test_bad_arguments_say_what_is_wrong(kwargs, words):
    with pytest.raises(ValueError, match=words):
        plots.network_diagram(**kwargs)
