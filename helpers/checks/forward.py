"""Exercises of notebook 05: the lecture's worked example on a new input, and counting
parameters of any fully connected network.

The network is the lecture's 2 -> 2 (ReLU) -> 1 (sigmoid) example, written as the
lecture writes layers, W x + b with x a column: row i of W holds the weights of
hidden neuron h_i (h1: 0.5 from x1, 0.8 from x2, bias -0.1; h2: -0.3, 0.6, bias 0.2);
the output neuron has weights v = (0.7, -0.5) and bias c = -0.1 (`w_out` and `b_out` in
the exercise cell). For x = (1.0, 0.5):
z = (0.8, 0.2), h = (0.8, 0.2), z_out = 0.36, y = sigmoid(0.36) = 0.59.
"""
import math

import numpy as np

from .. import lecture
from ..models import count_parameters, mlp
from . import (
    Wrong,
    array,
    call,
    correct,
    decimals_given,
    exercise,
    fmt,
    function,
    near,
    number,
    returned,
    whole_number,
)

W = np.array([[0.5, 0.8], [-0.3, 0.6]])     # row = hidden neuron, column = input
b = np.array([-0.1, 0.2])
v = np.array([0.7, -0.5])
c = -0.1

#: The input of the exercise ("Your turn: a different input").
X_NEW = (3.0, -1.0)


def _relu(z):
    return np.maximum(0.0, z)


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def hidden(x):
    """The lecture network's hidden values relu(W x + b) for an input x = (x1, x2)
    (notebook 05's `lecture.forward`)."""
    return lecture.forward(np.asarray(x, dtype=float).reshape(2), W, b, v, c)[0]


def output(x):
    """The lecture network's output probability sigmoid(v . h + c) for an input x."""
    return float(lecture.forward(np.asarray(x, dtype=float).reshape(2), W, b, v, c)[1])


def parameters_of(sizes):
    """The parameters of a fully connected network with these layer sizes, counted on one."""
    return count_parameters(mlp(sizes))


def _all_near(got, want, decimals=2):
    return all(near(float(g), float(w), decimals) for g, w in zip(got, want))


def _times(w, x):
    x = fmt(x)
    return f"{w}*({x})" if x.startswith("-") else f"{w}*{x}"


def _pair(values):
    return f"({fmt(values[0])}, {fmt(values[1])})"


@exercise
def hidden_values(h, x=X_NEW):
    """Check h = (h1, h2), the hidden layer of the lecture's network for input x. Any of a (2,)
    vector, a (1, 2) row or a (2, 1) column is read; the numbers may be rounded to 2 decimals or more."""
    x = array(x, (2,), "x")
    h = array(h, (2,), "h_new", placeholder="the two hidden values")
    z, want = W @ x + b, hidden(x)
    if _all_near(h, want):
        return correct(f"h = {_pair(want)}. "
                       + ("ReLU turned the negative sum into 0." if z.min() < 0 else ""))
    if _all_near(h, z) and z.min() < 0:
        raise Wrong(f"Those are the weighted sums z = {_pair(z)}. The hidden layer also applies ReLU: "
                    "h = max(0, z).")
    if _all_near(h, _relu(W @ x)) or _all_near(h, W @ x):
        raise Wrong("Add each neuron's bias (-0.1 for h1, 0.2 for h2) before ReLU.")
    if _all_near(h, _relu(W.T @ x + b)) or _all_near(h, _relu(W.T @ x)):
        raise Wrong("You mixed up whose weights are whose. h1 gets 0.5 from x1 and 0.8 from x2; "
                    f"h2 gets -0.3 from x1 and 0.6 from x2: z_h1 = {_times(0.5, x[0])} + {_times(0.8, x[1])} - 0.1.")
    if _all_near(h, [_sigmoid(t) for t in z]):
        raise Wrong("That is the sigmoid of z. The hidden layer uses ReLU, max(0, z); "
                    "the sigmoid is only for the output neuron.")
    raise Wrong(f"Start with h1: z_h1 = {_times(0.5, x[0])} + {_times(0.8, x[1])} + (-0.1), then h1 = max(0, z_h1); "
                "h2 the same with -0.3, 0.6 and 0.2.")


@exercise
def output_probability(p, x=X_NEW):
    """Check p, the network's output probability for input x (exact, or rounded to at least 2 decimals)."""
    x = array(x, (2,), "x")
    p = number(p, "p_new")
    want = output(x)
    z_out = float(v @ hidden(x) + c)
    if near(p, want, 2):
        return correct(f"p = {want:.3f}: the network gives class 1 a {100 * want:.0f}% probability.")
    if abs(p - want) < 0.05 and decimals_given(p) < 2:
        raise Wrong(f"{fmt(p)} is {want:.3f} rounded too far: give at least 2 decimals ({want:.2f}).")
    if near(p, 100 * want, 0) and p > 1:
        raise Wrong("That is a percentage. Give the probability as a number between 0 and 1.")
    if near(p, z_out, 2):
        raise Wrong(f"{fmt(p)} is the output neuron's weighted sum z_out. Finish with the sigmoid: "
                    "1 / (1 + e^(-z_out)).")
    if near(p, _sigmoid(float(v @ (W @ x + b) + c)), 2):
        raise Wrong("Close: you skipped ReLU in the hidden layer. Use h = max(0, z) before the output neuron.")
    if near(p, _sigmoid(float(v @ hidden(x))), 2):
        raise Wrong("Add the output neuron's bias b_out = -0.1 before the sigmoid.")
    if near(p, output((1.0, 0.5)), 2) and not np.allclose(x, (1.0, 0.5)):
        raise Wrong(f"That is the worked example's answer for x = (1.0, 0.5). Here x = {_pair(x)}.")
    if not 0 < p < 1:
        raise Wrong("A sigmoid output lies between 0 and 1.")
    raise Wrong("Compute the hidden values h first, then z_out = 0.7*h1 - 0.5*h2 - 0.1, "
                "then sigmoid(z_out).")


NETWORKS = [[2, 2, 1], [3, 1], [784, 128, 10], [784, 256, 64, 10], [5, 4, 3, 2, 1]]


@exercise
def n_parameters(fn):
    """Check a student's n_parameters(sizes) on several networks."""
    function(fn, "n_parameters", "def n_parameters(sizes): ...")
    got = {}
    for sizes in NETWORKS:
        value = returned(call(fn, list(sizes), name=f"n_parameters({sizes})"), f"n_parameters({sizes})",
                         "a whole number")
        got[tuple(sizes)] = whole_number(value, f"n_parameters({sizes})")
    small = got[(2, 2, 1)]
    if small == 6:
        raise Wrong("n_parameters([2, 2, 1]) gave 6: those are only the weights. "
                    "Every neuron after the input also has a bias.")
    if small == 11:
        raise Wrong("n_parameters([2, 2, 1]) gave 11: the input layer has no biases (it only holds the data). "
                    "Biases belong to the neurons that compute something.")
    for sizes in NETWORKS:
        want = parameters_of(sizes)
        if got[tuple(sizes)] != want:
            more = (" It works for two layers: loop over every pair of neighbouring layers."
                    if len(sizes) > 3 and got[(2, 2, 1)] == 9 else "")
            raise Wrong(f"n_parameters({sizes}) gave {got[tuple(sizes)]:,}, but it has {want:,}."
                        f"{more} Each connection n_in -> n_out has n_in*n_out weights and n_out biases.")
    return correct(f"784 -> 256 -> 64 -> 10 has {parameters_of([784, 256, 64, 10]):,} parameters.")


