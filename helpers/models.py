"""Shared model builders and parameter counting, the perceptron's step function, and
the course's one table of activations (`ACTIVATIONS`, looked up with `activation`).

Notebook 02 teaches step (the perceptron) and identity; notebook 04 teaches sigmoid,
tanh and ReLU, their gradients, and `mlp`; notebook 05 counts parameters."""
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import torch
from torch import nn


def step(z):
    """The perceptron's activation as the lecture defines it (notebook 02 teaches it):
    step(z) = 1 if z > 0, 0 if z <= 0, so step(0) = 0.

    Works on a number (returns an int), a NumPy array (returns ints) or a tensor
    (returns the tensor's dtype). This is the course's one definition of step."""
    if isinstance(z, torch.Tensor):
        return (z > 0).to(z.dtype if z.is_floating_point() else torch.int64)
    if np.ndim(z) == 0:
        return int(float(z) > 0)
    return (np.asarray(z, dtype=float) > 0).astype(int)


class Step(nn.Module):
    """The perceptron's step activation as a layer: `step` above (1 where z > 0, else 0;
    no useful gradient). Notebook 02 teaches it; the course's one step layer."""

    def forward(self, z):
        return step(z)


def identity(z):
    """The identity activation f(z) = z (no activation: a neuron with it is linear
    regression, notebook 02; stacked linear layers collapse to one, notebook 04)."""
    return z


class Activation(NamedTuple):
    """One activation of the registry: `module` is its layer class (what `mlp` puts
    between the Linear layers), `fn` the same function applied to a tensor."""
    module: type
    fn: Callable


# The course's one activation registry: every helper (mlp, the playground, the
# activation explorer, notebook 07's backward pass by hand) reads its names from here.
# Notebook 02 teaches step and identity; notebook 04 teaches sigmoid, tanh and ReLU.
ACTIVATIONS = {
    "step": Activation(Step, step),
    "sigmoid": Activation(nn.Sigmoid, torch.sigmoid),
    "tanh": Activation(nn.Tanh, torch.tanh),
    "relu": Activation(nn.ReLU, torch.relu),
    "identity": Activation(nn.Identity, identity),
}
ACTIVATION_NAMES = tuple(ACTIVATIONS)
ALIASES = {"linear": "identity"}          # TensorFlow Playground's name for identity


def activation_name(name):
    """The registry's name for `name`: case does not matter and "linear" means
    "identity". Raises ValueError naming the choices for anything else."""
    key = ALIASES.get(name.lower(), name.lower()) if isinstance(name, str) else None
    if key not in ACTIVATIONS:
        raise ValueError(f"Unknown activation {name!r}: choose one of {', '.join(ACTIVATION_NAMES)} "
                         f"({', '.join(f'{a} = {b}' for a, b in ALIASES.items())}).")
    return key


def activation(name):
    """The registry's entry for `name` (see `activation_name`): an `Activation` with
    the layer class (.module) and the tensor function (.fn). Notebook 04 teaches them."""
    return ACTIVATIONS[activation_name(name)]


def activation_of(module):
    """The registry's name of an activation layer (e.g. "relu" for nn.ReLU()), or None
    when `module` is not exactly one of the registry's layer classes. Notebook 07's
    backward pass by hand (`backprop.layers_of`) reads a network's layers with it."""
    return next((name for name, entry in ACTIVATIONS.items() if type(module) is entry.module), None)


def mlp(sizes, activation="relu", output_activation=None):
    """A fully connected network, e.g. mlp([784, 128, 10]) is the lecture's model:
    Linear(784, 128) -> ReLU -> Linear(128, 10). Returns an `nn.Sequential`.
    Notebook 04 teaches it (notebook 05 runs it forward and counts its parameters).

    activation: name of the hidden activation (one of `ACTIVATION_NAMES`: step,
    sigmoid, tanh, relu, identity; "linear" means identity).
    output_activation: optional name applied after the last layer.
    The layers are created in order, first to last, so the same seed gives the same
    weights as building them one by one.
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least an input and an output size, all >= 1; got {sizes}.")
    hidden_layer = _activation_module(activation)
    output_layer = _activation_module(output_activation) if output_activation is not None else None
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(hidden_layer())
    if output_layer is not None:
        layers.append(output_layer())
    return nn.Sequential(*layers)


def _activation_module(name):
    # mlp's `activation` argument hides the function of that name inside mlp
    return activation(name).module


def count_parameters(model):
    """Number of trainable numbers (weights and biases) in `model` (notebook 05)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def mlp_parameter_count(sizes):
    """Weights plus biases of a fully connected network with these layer sizes,
    from the formula sum(n_in * n_out + n_out) (no model is built; notebook 05)."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))


def parameter_table(model):
    """Rows (layer name, weights, biases, total) for every layer with parameters
    (notebooks 04 and 05 print it)."""
    rows = []
    for name, module in model.named_modules():
        params = dict(module.named_parameters(recurse=False))
        if params:
            w = params["weight"].numel() if "weight" in params else 0
            b = params["bias"].numel() if "bias" in params else 0
            rows.append((f"{name}: {module.__class__.__name__}", w, b, w + b))
    return rows


@torch.no_grad()
def predict_classes(model, x, batch_size=4096):
    """The argmax class of `model` for each row of x, as an int64 CPU tensor (the
    prediction notebook 08 teaches: eval mode, no_grad, argmax)."""
    device = next(model.parameters()).device
    model.eval()
    out = [model(x[i:i + batch_size].to(device)).argmax(1).cpu() for i in range(0, len(x), batch_size)]
    return torch.cat(out)
