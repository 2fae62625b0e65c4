"""Exercises of notebook 07: backpropagation and autograd.

The tiny network is the lecture's 2 -> 2 (ReLU) -> 1 (sigmoid) worked example: x = (1.0, 0.5),
h1 = relu(0.5 x1 + 0.8 x2 - 0.1), h2 = relu(-0.3 x1 + 0.6 x2 + 0.2),
y_hat = sigmoid(0.7 h1 - 0.5 h2 - 0.1) = 0.589, with the course's target y = 1
(the lecture's example has none) and binary cross-entropy.
"""
import math

from . import Wrong, correct, exercise, near, number


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


def tiny_network_gradients():
    """Every gradient of the tiny network, computed in closed form (no autograd).
    Returns a dict name -> value, with names as in notebook 07."""
    x1, x2, y = 1.0, 0.5, 1.0
    z1 = (0.5 * x1 + 0.8 * x2 - 0.1, -0.3 * x1 + 0.6 * x2 + 0.2)
    h = tuple(max(z, 0.0) for z in z1)
    v, c = (0.7, -0.5), -0.1
    z2 = v[0] * h[0] + v[1] * h[1] + c
    y_hat = 1 / (1 + math.exp(-z2))
    dz2 = y_hat - y                                       # dL/dz2 for sigmoid + BCE
    dz1 = [dz2 * v[k] * (1.0 if z1[k] > 0 else 0.0) for k in range(2)]
    return {"v1": dz2 * h[0], "v2": dz2 * h[1], "c": dz2,
            "w11": dz1[0] * x1, "w12": dz1[0] * x2, "b1": dz1[0],
            "w21": dz1[1] * x1, "w22": dz1[1] * x2, "b2": dz1[1]}


@exercise
def tiny_gradient(answer):
    """dL/dw22: the gradient of the weight 0.6 from x2 to h2 in the tiny network."""
    value = number(answer, "dL_dw22")
    grads = tiny_network_gradients()
    want = grads["w22"]
    dz2 = grads["c"]
    if near(value, want, 2):
        return correct(f"dL/dz2 * v2 * relu'(z1_2) * x2 = ({dz2:.3f}) * (-0.5) * 1 * 0.5 = {want:+.4f}: "
                       "positive, because two negatives multiply.")
    if near(value, -want, 2):
        raise Wrong("Right size, wrong sign. Two factors are negative: dL/dz2 = y_hat - y (0.589 < 1) "
                    "and v2 = -0.5, so their product is positive.")
    if near(value, want / 0.5, 2):
        raise Wrong("That is dL/dh2 (or dL/db2). One more factor: dz1_2/dw22 is the input that the "
                    "weight multiplies, x2 = 0.5.")
    if near(value, dz2 * 0.5, 2):
        raise Wrong("You skipped dz2/dh2: the output weight v2 = -0.5 that carries h2 to the output.")
    if near(value, grads["v2"], 2):
        raise Wrong("That is dL/dv2, the output weight's gradient. Go one layer further back: "
                    "through v2, ReLU and the input x2.")
    if near(value, dz2, 2):
        raise Wrong("That is dL/dz2 only. Keep multiplying: dz2/dh2 = v2, dh2/dz = 1 (ReLU, z > 0), dz/dw22 = x2.")
    raise Wrong("Multiply the chain: dL/dz2 (= y_hat - y) * v2 * relu'(z) * x2, "
                "with y_hat = 0.589, y = 1, v2 = -0.5, relu'(0.2) = 1, x2 = 0.5.")


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
