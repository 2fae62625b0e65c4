"""Exercises of notebook 10: counting the parameters of wide and deep networks,
and computing a hidden layer's activations."""
import torch
from torch import nn

from . import BadInput, Wrong, call, correct, exercise, number

# (inputs, width, hidden layers, outputs)
_SHAPES = [(784, 128, 1, 10), (2, 12, 3, 1), (2, 90, 1, 1), (1, 8, 4, 1), (784, 100, 10, 10), (3, 5, 2, 4)]


def _count(n_in, width, depth, n_out):
    from ..models import count_parameters, mlp
    return count_parameters(mlp([n_in] + [width] * depth + [n_out]))


@exercise
def parameter_count(fn):
    """Check the student's n_parameters(n_in, width, depth, n_out) for an MLP with
    `depth` hidden layers of `width` units against models.count_parameters."""
    if fn is None or fn is Ellipsis:
        raise BadInput("You have not written n_parameters(n_in, width, depth, n_out) yet.")
    for n_in, w, d, n_out in _SHAPES:
        shape = f"n_parameters({n_in}, {w}, {d}, {n_out})"
        got = call(fn, n_in, w, d, n_out, name="n_parameters")
        if got is None:
            raise BadInput("n_parameters returned None: replace `return None` with your formula.")
        try:
            value = number(got, shape)
        except BadInput:
            raise BadInput(f"{shape} returned {got!r}; it should return a number.") from None
        want = _count(n_in, w, d, n_out)
        if value == want:
            continue
        weights_only = n_in * w + (d - 1) * w * w + w * n_out
        if value == weights_only:
            raise Wrong(f"{shape} gave {value:,.0f}: those are the weights only. Every unit (hidden "
                        f"and output) also has a bias: add {d * w + n_out}.")
        if value == _count(n_in, w, d + 1, n_out) or (d > 1 and value == _count(n_in, w, d - 1, n_out)):
            links = "no width-to-width layer" if d == 1 else f"{d - 1} width-to-width layer{'s' * (d > 2)}"
            raise Wrong(f"{shape} gave {value:,.0f}: check how many width-to-width layers there are. "
                        f"{d} hidden layer{'s' * (d > 1)} need{'s' * (d == 1)} {links}, plus one layer in "
                        "and one layer out.")
        raise Wrong(f"{shape} gave {value:,.0f}, expected {want:,}. A Linear(a, b) layer has a*b weights "
                    "and b biases; add them up layer by layer.")
    return correct("(n_in*w + w) + (depth-1)*(w*w + w) + (w*n_out + n_out): e.g. 101,770 "
                   "for 784-128-10 and 361 for 2-12-12-12-1.")


def _tiny_model(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(784, 16), nn.ReLU(), nn.Linear(16, 10))


@exercise
def hidden_layer(fn):
    """Check the student's hidden(model, images): the hidden layer's activations
    ReLU(images W1^T + b1) of an nn.Sequential(Linear, ReLU, Linear), shape (N, units)."""
    if fn is None or fn is Ellipsis:
        raise BadInput("You have not written hidden(model, images) yet.")
    model = _tiny_model()
    images = torch.rand(5, 784, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        z = model[0](images)
        want = torch.relu(z)
        got = call(fn, model, images, name="hidden")
    if got is None:
        raise BadInput("hidden returned None: replace `return None` with your code.")
    if isinstance(got, torch.Tensor):
        got = got.detach()
    else:
        try:
            got = torch.as_tensor(got, dtype=torch.float32)
        except (TypeError, ValueError, RuntimeError):
            raise BadInput(f"hidden should return a tensor of activations, not {type(got).__name__}.") from None
    if got.shape == (16, 5):
        raise Wrong("Your activations come out transposed, (units, images): keep one row per image, "
                    "e.g. model[0](images) gives (N, 16).")
    if got.shape == (5, 10):
        raise Wrong("That has 10 numbers per image: the output layer's scores. Stop after the first "
                    "Linear and its ReLU.")
    if got.shape != want.shape:
        raise Wrong(f"For 5 images and a 16-unit hidden layer expect shape (5, 16), got {tuple(got.shape)}.")
    got = got.float()
    if torch.allclose(got, z, atol=1e-5):
        raise Wrong("Those are the weighted sums z = W1 x + b1, some of them negative: apply the ReLU too.")
    if not torch.allclose(got, want, atol=1e-5):
        raise Wrong("The shape is right but the values are not ReLU(W1 x + b1). Use model[0] (the first "
                    "Linear) then torch.relu (or model[1]).")
    active = int((want > 0).sum(1).float().mean())
    return correct(f"About {active} of the 16 hidden units fire for each of the 5 test images; the rest output 0.")
