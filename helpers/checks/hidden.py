"""Exercises of notebook 10: counting the parameters of wide and deep networks,
and computing a hidden layer's activations."""
import torch
from torch import nn

from . import BadInput, Wrong, array, call, correct, exercise, returned, seeded, value_text, whole_number, written
from .forward import parameters_of

# (inputs, width, hidden layers, outputs)
_SHAPES = [(784, 128, 1, 10), (2, 12, 3, 1), (2, 90, 1, 1), (1, 8, 4, 1), (784, 100, 10, 10), (3, 5, 2, 4),
           (784, 128, 0, 10)]


def _count(n_in, width, depth, n_out):
    return parameters_of([n_in] + [width] * depth + [n_out])


@exercise
def parameter_count(fn):
    """Check the student's n_parameters(n_in, width, depth, n_out) for an MLP with
    `depth` hidden layers of `width` units against models.count_parameters."""
    written(fn, "n_parameters", "def n_parameters(n_in, width, depth, n_out): ...", "your formula")
    for n_in, w, d, n_out in _SHAPES:
        shape = f"n_parameters({n_in}, {w}, {d}, {n_out})"
        got = returned(call(fn, n_in, w, d, n_out, name=shape), shape, "a whole number")
        try:
            value = whole_number(got, shape)
        except BadInput:
            raise BadInput(f"{shape} returned {value_text(got)}; it should return a whole number.") from None
        want = _count(n_in, w, d, n_out)
        if value == want:
            continue
        if d == 0:
            raise Wrong(f"{shape} gave {value:,}, expected {want:,}: with depth 0 there is no hidden layer, "
                        "the inputs connect straight to the outputs (n_in*n_out + n_out). A formula with "
                        "a 'first' and a 'last' hidden layer assumes depth >= 1; build the list of layer "
                        "sizes [n_in] + [width]*depth + [n_out] and add up each pair's a*b + b.")
        if value == want - (d * w + n_out):
            raise Wrong(f"{shape} gave {value:,.0f}: those are the weights only. Every unit (hidden "
                        f"and output) also has a bias: add {d * w + n_out}.")
        if value == _count(n_in, w, d + 1, n_out) or (d > 1 and value == _count(n_in, w, d - 1, n_out)):
            links = "no width-to-width layer" if d == 1 else f"{d - 1} width-to-width layer{'s' * (d > 2)}"
            raise Wrong(f"{shape} gave {value:,.0f}: check how many width-to-width layers there are. "
                        f"{d} hidden layer{'s' * (d > 1)} need{'s' * (d == 1)} {links}, plus one layer in "
                        "and one layer out.")
        raise Wrong(f"{shape} gave {value:,.0f}, expected {want:,}. A Linear(a, b) layer has a*b weights "
                    "and b biases; add them up layer by layer.")
    return correct("One a*b + b per pair of neighbouring layers: e.g. 101,770 for 784-128-10, "
                   "361 for 2-12-12-12-1 and 7,850 for depth 0 (784-10).")


@exercise
def hidden_layer(fn):
    """Check the student's hidden(model, images): the hidden layer's activations
    ReLU(images W1^T + b1) of an nn.Sequential(Linear, ReLU, Linear), shape (N, units)."""
    written(fn, "hidden", "def hidden(model, images): ...")
    with seeded(0):
        model = nn.Sequential(nn.Linear(784, 16), nn.ReLU(), nn.Linear(16, 10))
    images = torch.rand(5, 784, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        z = model[0](images)
        want = torch.relu(z)
    called = "hidden(model, images) (a 784-16-10 model, 5 random images of 784 pixels)"
    got = returned(call(fn, model, images, name=called), called, "a tensor of activations")
    try:
        got = torch.as_tensor(array(got, (None, None), "what hidden returned"))
    except BadInput:
        raise BadInput(f"hidden should return a tensor of activations (one row per image), "
                       f"not {value_text(got)}.") from None
    if got.shape == (16, 5):
        raise Wrong("Your activations come out transposed, (units, images): keep one row per image, "
                    "e.g. model[0](images) gives (N, 16).")
    if got.shape == (5, 10):
        raise Wrong("That has 10 numbers per image: the output layer's scores. Stop after the first "
                    "Linear and its ReLU.")
    if got.shape != want.shape:
        raise Wrong(f"For 5 images and a 16-unit hidden layer expect shape (5, 16), got {tuple(got.shape)}.")
    got, z, want = got.double(), z.double(), want.double()
    if torch.allclose(got, z, atol=1e-5):
        raise Wrong("Those are the weighted sums z = W1 x + b1, some of them negative: apply the ReLU too.")
    if not torch.allclose(got, want, atol=1e-5):
        raise Wrong("The shape is right but the values are not ReLU(W1 x + b1). Use model[0] (the first "
                    "Linear) then torch.relu (or model[1]).")
    active = int((want > 0).sum(1).float().mean())
    return correct(f"About {active} of the 16 hidden units fire for each of the 5 random images; the rest output 0.")
