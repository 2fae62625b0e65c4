"""Exercises of notebook 07: backpropagation and autograd.

The tiny network is the lecture's 2 -> 2 (ReLU) -> 1 (sigmoid) worked example: x = (1.0, 0.5),
h1 = relu(0.5 x1 + 0.8 x2 - 0.1), h2 = relu(-0.3 x1 + 0.6 x2 + 0.2),
y_hat = sigmoid(0.7 h1 - 0.5 h2 - 0.1) = 0.589, with the course's target y = 1
(the lecture's example has none) and binary cross-entropy.
"""

import numpy as np
import torch

from . import BadInput, Wrong, array, close, correct, decimals_given, exercise, fmt, near, number, shape_text


def _close(a, b, tol=1e-3):
    return abs(a - b) < tol


@exercise
def derivative(answer):
    """dy/dx of y = (3x + 1)^2 at x = 1 (chain rule: 2(3x + 1) * 3 = 24)."""
    value = number(answer, "dy_dx")
    if _close(value, 24):
        return correct("Outer derivative 2(3x + 1) = 8, times the inner derivative 3: 24.")
    if _close(value, 8):
        raise Wrong("You have the outer derivative 2(3x + 1) = 8. The chain rule also multiplies "
                    "by the derivative of the inside, d(3x + 1)/dx.")
    if _close(value, 16):
        raise Wrong("16 is the value y = (3*1 + 1)^2, not its slope dy/dx.")
    if _close(value, 6):
        raise Wrong("That is 2 * 3 without the (3x + 1) factor: the outer derivative of u^2 is 2u, "
                    "evaluated at u = 3x + 1 = 4.")
    raise Wrong("Write u = 3x + 1, so y = u^2: dy/dx = dy/du * du/dx = 2u * 3, at x = 1. "
                "You can also let autograd compute it.")


#: The lines of the tiny network's backward pass, in the order the exercise asks for them:
#: (name, what it is, the rule it follows; the names of notebook 07).
TINY_LINES = [
    ("dL_dz2", "dL/dz2", "sigmoid + cross-entropy: y_hat - y"),
    ("dL_dv1", "dL/dv1", "a weight: dL/dz2 x the input v1 multiplies, h1"),
    ("dL_dv2", "dL/dv2", "a weight: dL/dz2 x the input v2 multiplies, h2"),
    ("dL_dc", "dL/dc", "a bias: dL/dz2 x 1"),
    ("dL_dh1", "dL/dh1", "a previous activation: dL/dz2 x the weight that carries h1 to z2, v1"),
    ("dL_dh2", "dL/dh2", "a previous activation: dL/dz2 x the weight that carries h2 to z2, v2"),
    ("dL_dz1_1", "dL/dz1_1", "through ReLU: dL/dh1 x ReLU's slope at z1_1 (1 where z > 0, else 0)"),
    ("dL_dz1_2", "dL/dz1_2", "through ReLU: dL/dh2 x ReLU's slope at z1_2 (1 where z > 0, else 0)"),
    ("dL_dw11", "dL/dw11", "a weight: dL/dz1_1 x the input w11 multiplies, x1"),
    ("dL_dw12", "dL/dw12", "a weight: dL/dz1_1 x the input w12 multiplies, x2"),
    ("dL_db1", "dL/db1", "a bias: dL/dz1_1 x 1"),
    ("dL_dw21", "dL/dw21", "a weight: dL/dz1_2 x the input w21 multiplies, x1"),
    ("dL_dw22", "dL/dw22", "a weight: dL/dz1_2 x the input w22 multiplies, x2"),
    ("dL_db2", "dL/db2", "a bias: dL/dz1_2 x 1"),
]


def tiny_network_autograd():
    """autograd's gradient of the loss for every value and parameter of the tiny network
    (the intermediate values keep theirs with retain_grad). Keys as in TINY_LINES."""
    f64 = dict(dtype=torch.float64)
    W1 = torch.tensor([[0.5, 0.8], [-0.3, 0.6]], **f64, requires_grad=True)
    b1 = torch.tensor([-0.1, 0.2], **f64, requires_grad=True)
    v = torch.tensor([0.7, -0.5], **f64, requires_grad=True)
    c = torch.tensor(-0.1, **f64, requires_grad=True)
    with torch.enable_grad():
        z1 = W1 @ torch.tensor([1.0, 0.5], **f64) + b1
        h = torch.relu(z1)
        z2 = v @ h + c
        for t in (z1, h, z2):
            t.retain_grad()
        y_hat = torch.sigmoid(z2)
        torch.nn.functional.binary_cross_entropy(y_hat, torch.tensor(1.0, **f64)).backward()
    grads = {"dL_dz2": z2.grad, "dL_dv1": v.grad[0], "dL_dv2": v.grad[1], "dL_dc": c.grad,
             "dL_dh1": h.grad[0], "dL_dh2": h.grad[1], "dL_dz1_1": z1.grad[0], "dL_dz1_2": z1.grad[1],
             "dL_dw11": W1.grad[0, 0], "dL_dw12": W1.grad[0, 1], "dL_db1": b1.grad[0],
             "dL_dw21": W1.grad[1, 0], "dL_dw22": W1.grad[1, 1], "dL_db2": b1.grad[1]}
    return {k: float(g) for k, g in grads.items()}


def _tiny_hint(name, got, want, autograd):
    """Why one line of the tiny backward pass is off."""
    label, rule = next((label, rule) for n, label, rule in TINY_LINES if n == name)
    if got != 0 and abs(got - want) < 0.05 and decimals_given(got) < 2:
        return (f"{label}: yours is {fmt(got)}, autograd's {want:+.4f}: that is rounded too far; "
                f"give at least 2 decimals ({want:.2f}).")
    if near(got, -want, 2) and abs(want) > 1e-9:
        why = "right size, wrong sign"
    else:
        same = [lbl for n, lbl, _ in TINY_LINES if n != name and near(got, autograd[n], 2)
                and not near(want, autograd[n], 2)]
        why = f"yours is autograd's {same[0]}" if same else "a different number"
    return f"{label}: yours is {fmt(got)}, autograd's {want:+.4f} ({why}). This line is {rule}."


@exercise
def tiny_backward(*lines):
    """The tiny network's backward pass written line by line (the 14 values of TINY_LINES,
    in that order). Each filled-in line is compared with autograd's gradient; the
    message lists the lines that match and says which one is off and why. Any number
    (a float, a NumPy or one-element torch value), exact or rounded to 2 decimals or more."""
    if len(lines) != len(TINY_LINES):
        raise BadInput(f"tiny_backward takes the {len(TINY_LINES)} lines in order "
                       f"({', '.join(n for n, _, _ in TINY_LINES)}); it got {len(lines)}.")
    autograd = tiny_network_autograd()
    matched = []
    for (name, label, _), value in zip(TINY_LINES, lines):
        done = f" The lines before it match autograd's: {', '.join(matched)}." if matched else ""
        if value is None or value is Ellipsis:
            raise BadInput(f"You have not filled in {name} yet: replace the placeholder with a number "
                           f"(or an expression using the variables above).{done}")
        got = number(value, name)
        if not near(got, autograd[name], 2):
            raise Wrong(_tiny_hint(name, got, autograd[name], autograd) + done)
        matched.append(label)
    return correct(f"All {len(TINY_LINES)} lines match autograd's gradients. Every one is upstream x a local "
                   "derivative: 1 for a bias, the input for a weight, the weight for a previous activation, "
                   "ReLU's slope (here 1: both z1 > 0).")


def layer_autograd(G2, Z1, W2):
    """autograd's gradients for the layer Z2 = ReLU(Z1) W2^T + b2 when dL/dZ2 = G2:
    dict dW2, db2, dH, G1 (= dL/dZ1), as float64 tensors."""
    G2, Z1, W2 = (torch.as_tensor(np.asarray(a, dtype=float)) for a in (G2, Z1, W2))
    Z1, W2 = Z1.requires_grad_(), W2.requires_grad_()
    b2 = torch.zeros(W2.shape[0], dtype=torch.float64, requires_grad=True)
    with torch.enable_grad():
        H = torch.relu(Z1)
        H.retain_grad()
        Z2 = H @ W2.T + b2
        (Z2 * G2).sum().backward()            # a loss whose dL/dZ2 is G2
    return {"dW2": W2.grad, "db2": b2.grad, "dH": H.grad, "G1": Z1.grad}


LAYER_LINES = [("dW2", "G2^T H: one row per output neuron, like W2"),
               ("db2", "the sum of G2's rows (over the examples)"),
               ("dH", "G2 W2: what the layer passes back, one row per example"),
               ("G1", "dH times ReLU's slope, element by element: dH * (Z1 > 0)")]


def _layer_hint(name, got, want, B, H, dH):
    """Why one line of the layer's backward pass is off."""
    if got.shape == want.shape[::-1] and got.ndim == 2 and got.shape != want.shape:
        return (f"{name} has shape {shape_text(got.shape)}, the transpose of what it should be, "
                f"{shape_text(want.shape)}: a gradient has the shape of what it belongs to.")
    if got.shape != want.shape:
        if name == "db2" and got.shape == (B,):
            return "db2 has one number per example: sum over the examples (the rows), not over the classes."
        return f"{name} has shape {shape_text(got.shape)}, but it should have {shape_text(want.shape)}."
    if close(got * B, want):
        return f"{name} is {B} times too small: G2 already holds the 1/B of the mean, so sum, do not average."
    if close(got, want * B):
        return f"{name} is {B} times too large: G2 already holds the 1/B of the mean; do not multiply by B."
    if name == "G1" and close(got, dH):
        return "G1 equals dH: you skipped ReLU. Multiply by its slope, 1 where Z1 > 0 and 0 elsewhere."
    if name == "G1" and close(got, dH * H):
        return "That multiplies dH by ReLU's output H; multiply by its slope instead, (Z1 > 0): 0 or 1."
    return f"{name} is not autograd's. It is {dict(LAYER_LINES)[name]}."


@exercise
def layer_backward(dW2, db2, dH, G1, G2, Z1, W2):
    """One layer's backward pass in matrix form, on notebook 07's batch: given G2 = dL/dZ2
    for Z2 = H W2^T + b2 with H = ReLU(Z1), the student's dW2, db2, dH and G1 = dL/dZ1
    are compared with autograd's, line by line (NumPy or torch, any correct way)."""
    G2a, Z1a, W2a = (array(a, (None, None), n) for a, n in ((G2, "G2"), (Z1, "Z1"), (W2, "W2")))
    want = {k: v.numpy() for k, v in layer_autograd(G2a, Z1a, W2a).items()}
    B, H = G2a.shape[0], np.maximum(Z1a, 0)
    matched = []
    for (name, _), value in zip(LAYER_LINES, (dW2, db2, dH, G1)):
        done = f" The lines before it match autograd's: {', '.join(matched)}." if matched else ""
        if value is None or value is Ellipsis:
            raise BadInput(f"You have not filled in {name} yet: replace the placeholder with a matrix "
                           f"expression.{done}")
        got = array(value, tuple(None for _ in np.shape(value)), name)
        if got.shape != want[name].shape or not close(got, want[name]):
            raise Wrong(_layer_hint(name, got, want[name], B, H, want["dH"]) + done)
        matched.append(name)
    return correct("dW2, db2, dH and G1 all equal autograd's: one layer of backpropagation is three "
                   "matrix lines and ReLU's slope.")


@exercise
def accumulated(answer):
    """x.grad after three backward calls on y = x^2 + 3x at x = 2 without zeroing."""
    value = number(answer, "grad_after_three")
    if _close(value, 21):
        return correct("7 + 7 + 7 = 21: each backward() adds its gradient to x.grad.")
    if _close(value, 7):
        raise Wrong("7 is the gradient of one backward pass. PyTorch does not replace x.grad, it adds to it.")
    if _close(value, 14):
        raise Wrong("14 is after two backward passes. Count three.")
    if _close(value, 30):
        raise Wrong("30 is 3 * y: x.grad holds gradients dy/dx, not values of y.")
    raise Wrong("Each backward() adds dy/dx = 7 to x.grad when nobody zeroes it.")
