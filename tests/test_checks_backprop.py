"""The "Your turn" checks of notebook 07 (backpropagation and autograd)."""
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


def test_closed_form_gradients_match_autograd():
    by_hand, auto = check.tiny_network_gradients(), autograd_tiny_network()
    assert by_hand.keys() == auto.keys()
    for name in auto:
        assert abs(by_hand[name] - auto[name].item()) < 1e-12, name


def test_output_is_the_lectures_0589():
    # dL/dz2 = y_hat - y with y = 1, so y_hat = 1 + dL/dc
    assert abs(1 + check.tiny_network_gradients()["c"] - 0.589) < 1e-3


@pytest.mark.parametrize("answer", [autograd_tiny_network()["w22"], 0.1027, 0.103, np.float64(0.1028)])
def test_tiny_gradient_accepts_the_answer(answer):
    assert check.tiny_gradient(answer)


@pytest.mark.parametrize("answer,hint", [(-0.1027, "sign"), (0.2055, "x2 = 0.5"), (-0.2055, "v2"),
                                         (-0.0822, "dL/dv2"), (-0.4110, "dL/dz2 only"), (1.0, "Multiply"),
                                         (0.11, "Multiply"), (0.09, "Multiply")])   # near misses of 0.1027
def test_tiny_gradient_hints(answer, hint):
    result = check.tiny_gradient(answer)
    assert not result and hint in repr(result)


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


@pytest.mark.parametrize("fn", [check.derivative, check.tiny_gradient, check.accumulated])
@pytest.mark.parametrize("answer", [None, "24", [1, 2], float("inf"), torch.ones(3)])
def test_odd_input_is_friendly(fn, answer):
    result = fn(answer)
    assert not result and repr(result).startswith("⚠️")
