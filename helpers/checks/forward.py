"""Exercises of notebook 05: the lecture's tiny network on a new input, and counting
parameters of any fully connected network."""
import math

import numpy as np

from ..models import mlp_parameter_count as parameters_of
from . import BadInput, Wrong, array, call, close, correct, exercise, number

# The lecture's 2 -> 2 (ReLU) -> 1 (sigmoid) network. W: rows "from x1", "from x2",
# columns h1, h2 (so the hidden layer is relu(x @ W + b)); v: output weights.
W = np.array([[0.2, 0.4], [-0.5, 0.1]])
b = np.array([0.3, -0.2])
v = np.array([0.5, 0.4])
c = 0.0


def _relu(z):
    return np.maximum(0.0, z)


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def hidden(x):
    """The lecture network's hidden values relu(x @ W + b) for an input x = (x1, x2)."""
    return _relu(np.asarray(x, dtype=float) @ W + b)


def output(x):
    """The lecture network's output probability sigmoid(h . v + c) for an input x."""
    return _sigmoid(float(hidden(x) @ v + c))


@exercise
def hidden_values(h, x):
    """Check h = (h1, h2), the hidden layer of the lecture's network for input x."""
    x = array(x, (2,), "x")
    h = array(h, (2,), "h")
    want = hidden(x)
    if close(h, want, 1e-3):
        return correct(f"h = ({want[0]:g}, {want[1]:g}). "
                       + ("ReLU turned a negative sum into 0." if (x @ W + b).min() < 0 else ""))
    if close(h, x @ W + b, 1e-3):
        raise Wrong("Those are the weighted sums z. The hidden layer also applies ReLU: h = max(0, z).")
    if close(h, _relu(x @ W), 1e-3) or close(h, x @ W, 1e-3):
        raise Wrong("Add each neuron's bias (0.3 for h1, -0.2 for h2) before ReLU.")
    if close(h, _relu(W @ x + b), 1e-3):
        raise Wrong("You read the table by rows. Each COLUMN belongs to a neuron: "
                    "z_h1 = 0.2*x1 + (-0.5)*x2 + 0.3.")
    raise Wrong(f"Start with h1: z_h1 = 0.2*{x[0]:g} + (-0.5)*{x[1]:g} + 0.3, then h1 = max(0, z_h1).")


@exercise
def output_probability(p, x):
    """Check p, the network's output probability for input x."""
    x = array(x, (2,), "x")
    p = number(p, "p")
    want = output(x)
    if abs(p - want) < 1e-3:
        return correct(f"p = {want:.3f}: the network gives class 1 a {100 * want:.0f}% probability.")
    if abs(p - 100 * want) < 0.1:
        raise Wrong("That is a percentage. Give the probability as a number between 0 and 1.")
    z = float(hidden(x) @ v + c)
    if abs(p - z) < 1e-3:
        raise Wrong(f"{p:.3f} is the output neuron's weighted sum z. Finish with the sigmoid: 1 / (1 + e^(-z)).")
    if abs(p - _sigmoid(float((x @ W + b) @ v + c))) < 1e-3:
        raise Wrong("Close: you skipped ReLU in the hidden layer. Use h = max(0, z) before the output neuron.")
    if not 0 < p < 1:
        raise Wrong("A sigmoid output lies between 0 and 1.")
    raise Wrong("Compute the hidden values h first, then z = 0.5*h1 + 0.4*h2 + 0, then sigmoid(z).")


NETWORKS = [[2, 2, 1], [3, 1], [784, 128, 10], [784, 256, 64, 10], [5, 4, 3, 2, 1]]


@exercise
def n_parameters(fn):
    """Check a student's n_parameters(sizes) on several networks."""
    got = {}
    for sizes in NETWORKS:
        value = call(fn, list(sizes), name="n_parameters")
        if value is None:
            raise BadInput("n_parameters returned None: did you forget `return`?")
        got[tuple(sizes)] = number(value, f"n_parameters({sizes})")
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
            raise Wrong(f"n_parameters({sizes}) gave {got[tuple(sizes)]:,.0f}, but it has {want:,}."
                        f"{more} Each connection n_in -> n_out has n_in*n_out weights and n_out biases.")
    return correct(f"784 -> 256 -> 64 -> 10 has {parameters_of([784, 256, 64, 10]):,} parameters.")
