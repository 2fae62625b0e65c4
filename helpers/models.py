"""Shared model builders and parameter counting, and the perceptron's step function."""
import numpy as np
import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "identity": nn.Identity,
               "linear": nn.Identity}


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
    no useful gradient)."""

    def forward(self, z):
        return step(z)


ACTIVATIONS["step"] = Step


def mlp(sizes, activation="relu", output_activation=None):
    """A fully connected network, e.g. mlp([784, 128, 10]) is the lecture's model:
    Linear(784, 128) -> ReLU -> Linear(128, 10). Returns an `nn.Sequential`.

    activation: name of the hidden activation (relu, sigmoid, tanh, identity, step).
    output_activation: optional name applied after the last layer.
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least an input and an output size, all >= 1; got {sizes}.")
    for name in (activation, output_activation):
        if name is not None and name not in ACTIVATIONS:
            raise ValueError(f"Unknown activation {name!r}: choose one of {', '.join(ACTIVATIONS)}.")
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    if output_activation:
        layers.append(ACTIVATIONS[output_activation]())
    return nn.Sequential(*layers)


def count_parameters(model):
    """Number of trainable numbers (weights and biases) in `model`."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def mlp_parameter_count(sizes):
    """Weights plus biases of a fully connected network with these layer sizes,
    from the formula sum(n_in * n_out + n_out) (no model is built)."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))


def parameter_table(model):
    """Rows (layer name, weights, biases, total) for every layer with parameters."""
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
    """The argmax class of `model` for each row of x, as an int64 CPU tensor."""
    device = next(model.parameters()).device
    model.eval()
    out = [model(x[i:i + batch_size].to(device)).argmax(1).cpu() for i in range(0, len(x), batch_size)]
    return torch.cat(out)
