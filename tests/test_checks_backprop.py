"""The "Your turn" checks of notebook 07 (backpropagation and autograd)."""
import math

import numpy as np
import pytest
import torch

from helpers.checks import backprop as check


def autograd_tiny_network():
    """The tiny network's gradients, computed independently with PyTorch's autograd."""
    W1 = torch.tensor([[0.5, 0.8], [-0.3, 0.6]], dtype=torch.float64, requires_grad=True)
    b1 = torch.tensor([-0.1, 0.2], dtype=torch.float64, requires_grad=True)
    v = torch.tensor([0.7, -0.5], dtype=torch.float64, requires_grad=True)
    c = torch.tensor(-0.1, dtype=torch.float64, requires_grad=True)
    x = torch.tensor([1.0, 0.5], dtype=torch.float64)
    y_hat = torch.sigmoid(v @ torch.relu(W1 @ x + b1) + c)
    torch.nn.functional.binary_cross_entropy(y_hat, torch.tensor(1.0, dtype=torch.float64)).backward()
    return {"w11": W1.grad[0, 0], "w12": W1.grad[0, 1], "b1": b1.grad[0], "w21": W1.grad[1, 0],
            "w22": W1.grad[1, 1], "b2": b1.grad[1], "v1": v.grad[0], "v2": v.grad[1], "c": c.grad}


def closed_form_tiny_network():
    """Every gradient of the tiny network in closed form (no autograd), keyed as the lines."""
    x1, x2, y = 1.0, 0.5, 1.0
    z1 = (0.5 * x1 + 0.8 * x2 - 0.1, -0.3 * x1 + 0.6 * x2 + 0.2)
    h = tuple(max(z, 0.0) for z in z1)
    v, c = (0.7, -0.5), -0.1
    y_hat = 1 / (1 + math.exp(-(v[0] * h[0] + v[1] * h[1] + c)))
    dz2 = y_hat - y                                       # dL/dz2 for sigmoid + BCE
    dh = [dz2 * v[k] for k in range(2)]
    dz1 = [dh[k] * (1.0 if z1[k] > 0 else 0.0) for k in range(2)]
    return {"dL_dz2": dz2, "dL_dv1": dz2 * h[0], "dL_dv2": dz2 * h[1], "dL_dc": dz2,
            "dL_dh1": dh[0], "dL_dh2": dh[1], "dL_dz1_1": dz1[0], "dL_dz1_2": dz1[1],
            "dL_dw11": dz1[0] * x1, "dL_dw12": dz1[0] * x2, "dL_db1": dz1[0],
            "dL_dw21": dz1[1] * x1, "dL_dw22": dz1[1] * x2, "dL_db2": dz1[1]}


def lines(**changes):
    values = closed_form_tiny_network()
    values.update(changes)
    return [values[name] for name, _, _ in check.TINY_LINES]


def test_the_checks_autograd_matches_the_closed_form_and_an_independent_autograd():
    closed, auto, independent = closed_form_tiny_network(), check.tiny_network_autograd(), autograd_tiny_network()
    assert closed.keys() == auto.keys() == {name for name, _, _ in check.TINY_LINES}
    for name in closed:
        assert abs(closed[name] - auto[name]) < 1e-12, name
    for param, grad in independent.items():
        assert abs(auto[f"dL_d{param}"] - grad.item()) < 1e-12, param


def test_output_is_the_lectures_0589():
    # dL/dz2 = y_hat - y with y = 1, so y_hat = 1 + dL/dz2
    assert abs(1 + check.tiny_network_autograd()["dL_dz2"] - 0.589) < 1e-3


def test_tiny_backward_accepts_every_form_and_rounding():
    exact = lines()
    assert check.tiny_backward(*exact)
    assert check.tiny_backward(*[round(v, 2) for v in exact])
    assert check.tiny_backward(*[round(v, 4) for v in exact])
    assert check.tiny_backward(*[torch.tensor(v) for v in exact[:7]], *[np.float64(v) for v in exact[7:]])
    assert check.tiny_backward(*[torch.tensor([[v]], dtype=torch.float32) for v in exact])


def test_tiny_backward_untouched_template_gets_the_course_notice():
    assert repr(check.tiny_backward(*[None] * 14)) == (
        "⚠️ You have not filled in dL_dz2 yet: replace the placeholder with a number "
        "(or an expression using the variables above).")


def test_tiny_backward_says_which_lines_match_and_where_to_go_on():
    message = repr(check.tiny_backward(*lines()[:5], *[None] * 9))
    assert message.startswith("⚠️ You have not filled in dL_dh2 yet")
    assert "match autograd's: dL/dz2, dL/dv1, dL/dv2, dL/dc, dL/dh1." in message


@pytest.mark.parametrize("changes, words", [
    ({"dL_dz2": 0.411}, ["dL/dz2", "wrong sign", "y_hat - y"]),
    ({"dL_dz2": -1.698}, ["dL/dz2", "a different number"]),                  # dL/dy_hat only
    ({"dL_dv1": -0.2877}, ["dL/dv1", "autograd's dL/dh1", "h1"]),           # weight x weight
    ({"dL_dh1": -0.3288}, ["dL/dh1", "autograd's dL/dv1", "v1"]),           # input instead of weight
    ({"dL_dh2": -0.2055}, ["dL/dh2", "wrong sign"]),
    ({"dL_dw12": -0.2877}, ["dL/dw12", "x2"]),                              # times x1, not x2
    ({"dL_dw22": -0.1027}, ["dL/dw22", "wrong sign"]),
    ({"dL_db2": 0.1027}, ["dL/db2", "x 1"]),
    ({"dL_dw22": 0.11}, ["dL/dw22", "a different number"]),                 # a near miss
])
def test_tiny_backward_names_the_line_that_is_off(changes, words):
    message = repr(check.tiny_backward(*lines(**changes)))
    assert message.startswith("❌"), message
    assert all(w in message for w in words), message
    first_wrong = next(label for name, label, _ in check.TINY_LINES if name in changes)
    assert message.startswith(f"❌ Not yet. {first_wrong}:")


@pytest.mark.parametrize("changes, words", [
    ({"dL_dz2": -0.4}, ["dL/dz2: yours is -0.4, autograd's -0.4110: that is rounded too far", "(-0.41)."]),
    ({"dL_dv2": -0.1}, ["dL/dv2: yours is -0.1", "rounded too far; give at least 2 decimals (-0.08).",
                        "match autograd's: dL/dz2, dL/dv1."]),
    ({"dL_dw12": -0.1}, ["dL/dw12", "rounded too far", "(-0.14)"]),
])
def test_tiny_backward_says_when_a_right_line_is_rounded_too_far(changes, words):
    message = repr(check.tiny_backward(*lines(**changes)))
    assert message.startswith("❌"), message
    assert all(w in message for w in words), message
    assert "a different number" not in message


@pytest.mark.parametrize("answer", ["0.1", [1, 2], float("inf"), torch.ones(3)])
def test_tiny_backward_odd_input_is_friendly(answer):
    result = check.tiny_backward(*lines()[:3], answer, *lines()[4:])
    assert not result and repr(result).startswith("⚠️") and "dL_dc" in repr(result)
    assert repr(check.tiny_backward(1.0, 2.0)).startswith("⚠️")


# ------------------------------------------------------------------ one layer in matrix form

def layer_case(B=6, n_in=5, n_out=3, seed=0):
    gen = torch.Generator().manual_seed(seed)
    Z1 = torch.randn(B, n_in, generator=gen, dtype=torch.float64)
    W2 = torch.randn(n_out, n_in, generator=gen, dtype=torch.float64)
    G2 = torch.randn(B, n_out, generator=gen, dtype=torch.float64) / B
    H = torch.relu(Z1)
    right = {"dW2": G2.T @ H, "db2": G2.sum(0), "dH": G2 @ W2, "G1": (G2 @ W2) * (Z1 > 0)}
    return G2, Z1, W2, H, right


def layer(changes=None, form=lambda t: t):
    G2, Z1, W2, H, right = layer_case()
    right.update(changes or {})
    return check.layer_backward(*(form(right[k]) for k in ("dW2", "db2", "dH", "G1")), G2, Z1, W2)


def test_layer_backward_matches_an_independent_autograd():
    G2, Z1, W2, H, right = layer_case()
    Z1 = Z1.clone().requires_grad_(True)
    W2 = W2.clone().requires_grad_(True)
    b2 = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    target = torch.tensor([0, 2, 1, 1, 0, 2])
    Z2 = torch.relu(Z1) @ W2.T + b2
    torch.nn.functional.cross_entropy(Z2, target).backward()          # a real loss: its own G2
    G2_real = ((torch.softmax(Z2, 1) - torch.nn.functional.one_hot(target, 3)) / 6).detach()
    H = torch.relu(Z1).detach()
    assert check.layer_backward(W2.grad, b2.grad, G2_real @ W2.detach(), Z1.grad, G2_real, Z1.detach(), W2.detach())
    assert torch.allclose(G2_real.T @ H, W2.grad)


@pytest.mark.parametrize("form", [lambda t: t, lambda t: t.numpy(), lambda t: t.float(), lambda t: t.tolist()])
def test_layer_backward_accepts_any_correct_form(form):
    assert layer(form=form)


def test_layer_backward_accepts_other_correct_ways():
    G2, Z1, W2, H, right = layer_case()
    G1 = torch.where(H > 0, G2 @ W2, torch.zeros_like(H))
    assert check.layer_backward(torch.einsum("bo,bi->oi", G2, H), G2.T @ torch.ones(6, dtype=torch.float64),
                                (W2.T @ G2.T).T, G1, G2, Z1, W2)


@pytest.mark.parametrize("name, wrong, words", [
    ("dW2", lambda G2, H, W2, Z1: H.T @ G2, "transpose"),
    ("dW2", lambda G2, H, W2, Z1: G2.T @ H / 6, "6 times too small"),
    ("dW2", lambda G2, H, W2, Z1: G2.T @ H + 0.01, "G2^T H"),
    ("db2", lambda G2, H, W2, Z1: G2.sum(1), "sum over the examples"),
    ("db2", lambda G2, H, W2, Z1: G2.mean(0), "6 times too small"),
    ("db2", lambda G2, H, W2, Z1: G2.sum(0) * 6, "6 times too large"),
    ("dH", lambda G2, H, W2, Z1: (G2 @ W2) * (Z1 > 0), "G2 W2"),
    ("G1", lambda G2, H, W2, Z1: G2 @ W2, "skipped ReLU"),
    ("G1", lambda G2, H, W2, Z1: (G2 @ W2) * H, "slope"),
])
def test_layer_backward_hints(name, wrong, words):
    G2, Z1, W2, H, _ = layer_case()
    message = repr(layer({name: wrong(G2, H, W2, Z1)}))
    assert message.startswith("❌") and words in message, message


def test_layer_backward_untouched_and_partly_filled():
    G2, Z1, W2, H, right = layer_case()
    assert repr(check.layer_backward(None, None, None, None, G2, Z1, W2)) == (
        "⚠️ You have not filled in dW2 yet: replace the placeholder with a matrix expression.")
    message = repr(check.layer_backward(right["dW2"], right["db2"], ..., None, G2, Z1, W2))
    assert message.startswith("⚠️ You have not filled in dH yet") and "match autograd's: dW2, db2." in message


@pytest.mark.parametrize("answer, words", [("G2.T @ H", "numbers"), (torch.full((3, 5), float("nan")), "NaN")])
def test_layer_backward_odd_input(answer, words):
    message = repr(layer({"dW2": answer}))
    assert message.startswith("⚠️") and words in message, message


def autograd_derivative():
    x = torch.tensor(1.0, requires_grad=True)
    ((3 * x + 1) ** 2).backward()
    return x.grad


@pytest.mark.parametrize("answer", [24, 24.0, autograd_derivative(), np.float32(24), torch.tensor([[24.0]])])
def test_derivative_accepts_24(answer):
    assert check.derivative(answer)


@pytest.mark.parametrize("answer,hint", [(8, "inside"), (16, "value"), (6, "outer"), (25, "u = 3x + 1"),
                                         (23.9, "u = 3x + 1")])
def test_derivative_hints(answer, hint):
    result = check.derivative(answer)
    assert not result and hint in repr(result)


def accumulated_by_pytorch(times=3):
    x = torch.tensor([2.0], requires_grad=True)          # the notebook's x = 2, a one-element vector
    for _ in range(times):
        (x ** 2 + 3 * x).backward()
    return x.grad


@pytest.mark.parametrize("answer", [accumulated_by_pytorch(), 3 * (2 * 2 + 3), 21.0, np.float32(21),
                                    accumulated_by_pytorch().numpy()])
def test_accumulated_accepts_21_in_any_form(answer):
    result = check.accumulated(answer)
    assert result and "each backward() adds" in repr(result)


@pytest.mark.parametrize("answer,words", [
    (accumulated_by_pytorch(1), "gradient of one backward pass"),
    (accumulated_by_pytorch(2), "after two"),
    (3 * (2 ** 2 + 3 * 2), "3 * y"),
    (20, "adds dy/dx = 7"),                               # near miss
    (22, "adds dy/dx = 7"),
])
def test_accumulated_hints(answer, words):
    result = check.accumulated(answer)
    assert not result and repr(result).startswith("❌") and words in repr(result)


@pytest.mark.parametrize("fn", [check.derivative, check.accumulated])
@pytest.mark.parametrize("answer", [None, "24", [1, 2], float("inf"), torch.ones(3)])
def test_odd_input_is_friendly(fn, answer):
    result = fn(answer)
    assert not result and repr(result).startswith("⚠️")
