"""The course's one table of activations (`ACTIVATIONS`, looked up with `activation`),
the MLP builder and parameter counts.

Notebook 02 teaches step and identity (`lecture.step`, `lecture.identity`); notebook 04
teaches sigmoid, tanh and ReLU, their gradients, and `mlp`; notebook 05 counts parameters."""
from collections.abc import Callable
from typing import NamedTuple

import torch
from torch import nn

from .lecture import identity, step


class Step(nn.Module):
    """The perceptron's step activation as a layer: `lecture.step` (1 where z > 0, else 0;
    no useful gradient), the one notebook 02 writes."""

    def forward(self, z):
        return step(z).to(z.dtype)


class Activation(NamedTuple):
    """One activation of the registry: `module` is its layer class (what `mlp` puts
    between the Linear layers), `fn` the same function applied to a tensor."""
    module: type
    fn: Callable


# The course's one activation registry: mlp, the playground and the activation explorer
# read their names from here. Notebook 02 teaches step and identity; 04 sigmoid, tanh, ReLU.
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
    hidden_layer = ACTIVATIONS[activation_name(activation)].module
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(hidden_layer())
    if output_activation is not None:
        layers.append(ACTIVATIONS[activation_name(output_activation)].module())
    return nn.Sequential(*layers)


def count_parameters(model):
    """Number of trainable numbers (weights and biases) in `model` (notebook 05)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


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
