"""Exercises of notebook 04: writing ReLU, and collapsing two linear layers into one."""
import torch

from . import (
    BadInput,
    Wrong,
    array,
    call_on_either,
    close,
    correct,
    exercise,
    fmt,
    function,
    number,
    returned,
    shape_text,
)

# The inputs ReLU is tried on, with the answer: negatives -> 0, positives unchanged.
RELU_CASES = [(-5.0, 0.0), (-0.1, 0.0), (0.0, 0.0), (0.1, 0.1), (2.5, 2.5)]


def _relu_output(relu, z):
    """relu(z) as a float: tried on a Python float first, then on a tensor (for a
    relu written with torch functions). When both fail, the message names both errors."""
    function(relu, "relu", "def relu(z): ...")
    out = call_on_either(relu, [(z, f"on the float {z}"), (torch.tensor(z), f"on torch.tensor({z})")],
                         name=f"relu({z})")
    return number(returned(out, f"relu({z})"), f"relu({z})")


@exercise
def relu(fn):
    """Check a student's relu(z) = max(0, z) on negative, zero and positive inputs."""
    got = {z: _relu_output(fn, z) for z, _ in RELU_CASES}
    if got[-5.0] == -5.0 and got[2.5] == 2.5:
        raise Wrong("relu(-5.0) should be 0: ReLU turns every negative input into 0.")
    if got[2.5] == 1.0 and got[0.1] == 1.0:
        raise Wrong("relu(2.5) returned 1: that is the step function (or ReLU's gradient). "
                    "ReLU passes a positive input through unchanged: relu(2.5) = 2.5.")
    if got[2.5] == 0.0:
        raise Wrong("relu(2.5) returned 0: positive inputs should pass through unchanged.")
    for z, want in RELU_CASES:
        if abs(got[z] - want) > 1e-6:
            raise Wrong(f"relu({z}) returned {fmt(got[z])}, but max(0, {z}) = {fmt(want)}.")
    return correct("relu(z) = max(0, z): 0 for negative inputs, z itself for positive ones.")


def _linear_layers(W1, b1, W2, b2):
    W1, W2 = array(W1, (None, None), "W1"), array(W2, (None, None), "W2")
    b1, b2 = array(b1, (W1.shape[0],), "b1"), array(b2, (W2.shape[0],), "b2")
    if W2.shape[1] != W1.shape[0]:
        raise BadInput(f"W2 has shape {shape_text(W2.shape)}: layer 2 needs one column per output of layer 1 "
                       f"({W1.shape[0]}).")
    return W1, b1, W2, b2


@exercise
def collapse(W, b, W1, b1, W2, b2):
    """Check that z = W x + b is the same function as layer 2 after layer 1,
    z = W2 (W1 x + b1) + b2 (weights shaped (out, in), like nn.Linear)."""
    W1, b1, W2, b2 = _linear_layers(W1, b1, W2, b2)
    want_W, want_b = W2 @ W1, W2 @ b1 + b2
    missing = [name for name, value in (("W", W), ("b", b)) if value is None or value is Ellipsis]
    if missing:
        what = {"W": "the combined matrix", "b": "the combined bias"}
        raise BadInput(f"You have not filled in {' and '.join(missing)} yet: replace the "
                       f"placeholder{'s' if len(missing) > 1 else ''} with "
                       f"{' and '.join(what[m] for m in missing)}.")
    W_arr = array(W, (None, None), "W")
    if W_arr.size == want_W.size and W_arr.shape != want_W.shape and W_arr.ndim == 2 and 1 in W_arr.shape:
        W_arr = W_arr.reshape(want_W.shape)
    if W_arr.shape != want_W.shape:
        if W_arr.shape == (W1.shape[0], W2.shape[1]):
            raise Wrong(f"W has shape {shape_text(W_arr.shape)}: the matrices are multiplied in the wrong order. "
                        "x meets W1 first, so the product is W2 @ W1.")
        raise BadInput(f"W has shape {shape_text(W_arr.shape)}, but the combined layer maps {W1.shape[1]} inputs "
                       f"to {W2.shape[0]} outputs: shape {shape_text(want_W.shape)}.")
    b_arr = array(b, (want_b.shape[0],), "b")
    if not close(W_arr, want_W):
        raise Wrong("W is not right. Multiply out W2 (W1 x + b1): the part that multiplies x is W2 @ W1.")
    if not close(b_arr, want_b):
        if close(b_arr, b2) or (b1.shape == b2.shape and close(b_arr, b1 + b2)):
            raise Wrong("b1 also passes through layer 2, so it gets multiplied by W2: b = W2 @ b1 + b2.")
        if close(b_arr, W2 @ b1):
            raise Wrong("Almost: you forgot layer 2's own bias b2.")
        raise Wrong("W is right, b is not. Multiply out W2 (W1 x + b1) + b2 and collect what does not multiply x.")
    return correct("Two linear layers are one linear layer: W = W2 W1, b = W2 b1 + b2.")

