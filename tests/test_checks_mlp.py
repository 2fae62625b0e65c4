"""The exercises of notebook 04: relu and collapsing two linear layers."""
import numpy as np
import pytest
import torch
from feedback import ok

from helpers.checks import mlp as check

W1 = torch.tensor([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])
b1 = torch.tensor([1.0, 2.0, -1.0])
W2 = torch.tensor([[1.0, -1.0, 0.5], [2.0, 0.0, 1.0]])
b2 = torch.tensor([0.5, -1.0])


# ------------------------------------------------------------------ relu

@pytest.mark.parametrize("relu", [
    lambda z: max(0, z),
    lambda z: max(0.0, z),
    lambda z: z if z > 0 else 0,
    lambda z: torch.clamp(z, min=0),           # fails on a float, works on a tensor
    lambda z: np.maximum(0, z),
    lambda z: (z + abs(z)) / 2,
])
def test_relu_accepts_every_correct_version(relu):
    assert ok(check.relu(relu))


@pytest.mark.parametrize("relu,hint", [
    (lambda z: z, "should be 0"),
    (lambda z: abs(z), "relu(-5.0)"),
    (lambda z: 1.0 if z >= 0 else 0.0, "step function"),
    (lambda z: 0.0, "pass through unchanged"),
    (lambda z: min(0, z), "pass through unchanged"),
    (lambda z: max(0, z) + 0.01, "relu(-5.0) returned 0.01"),
])
def test_relu_wrong_versions_get_a_specific_hint(relu, hint):
    result = check.relu(relu)
    assert not result and repr(result).startswith("❌") and hint in repr(result)


def test_relu_odd_input_gets_a_friendly_message():
    def no_return(z):
        max(0, z)

    def raises(z):
        raise ZeroDivisionError("oops")

    for fn, words in [(None, "not written"), (3, "should be a function"), (no_return, "return"),
                      (raises, "ZeroDivisionError"), (lambda z: "zero", "should be a number"),
                      (lambda: 0, "TypeError")]:
        result = check.relu(fn)
        assert not result and repr(result).startswith("⚠️") and words in repr(result), (fn, result)


def test_relu_written_with_torch_hears_about_its_own_error():
    def torch_relu_with_a_bug(z):               # fails on a float, and on a tensor for its own reason
        return torch.clamp(z, min=0).reshape(3)

    message = repr(check.relu(torch_relu_with_a_bug))
    assert message.startswith("⚠️ relu(-5.0) raised an error both on the float -5.0 (TypeError"), message
    assert "on torch.tensor(-5.0) (RuntimeError: shape '[3]' is invalid" in message, message
    assert message.endswith("Fix it and run the check again."), message


def test_relu_failing_the_same_way_on_both_inputs_is_named_once():
    message = repr(check.relu(lambda z: 1 / 0))
    assert message == ("⚠️ relu(-5.0) raised ZeroDivisionError: division by zero, both on the float -5.0 "
                       "and on torch.tensor(-5.0). Fix it and run the check again."), message


# ------------------------------------------------------------------ collapse

def test_collapse_accepts_the_composed_layer_in_any_array_type():
    W, b = W2 @ W1, W2 @ b1 + b2
    assert ok(check.collapse(W, b, W1, b1, W2, b2))
    assert ok(check.collapse(W.numpy(), b.tolist(), W1, b1, W2, b2))
    # independently: the combined layer computes the same outputs as the two layers
    x = torch.randn(20, 2)
    assert torch.allclose((x @ W1.T + b1) @ W2.T + b2, x @ W.T + b, atol=1e-5)
    # the exercise's layers are not degenerate: b1 does reach the output through W2
    assert not torch.allclose(W2 @ b1, torch.zeros(2)) and not torch.allclose(b, b2)


def test_collapse_accepts_the_layer_read_off_the_two_layers_by_probing():
    # a different method: b is the output for x = 0, column j of W the output for e_j minus b
    def two_layers(x):
        return W2.double() @ (W1.double() @ x + b1.double()) + b2.double()
    b = two_layers(torch.zeros(2, dtype=torch.float64))
    W = torch.stack([two_layers(e) - b for e in torch.eye(2, dtype=torch.float64)], dim=1)
    assert ok(check.collapse(W, b, W1, b1, W2, b2))
    assert ok(check.collapse(W.tolist(), b.reshape(2, 1).numpy(), W1, b1, W2, b2))     # nested lists, a column


def test_collapse_hint_for_adding_the_biases_of_square_layers():
    A, B, a, c = torch.eye(2) * 2, torch.tensor([[1.0, 1.0], [0.0, 1.0]]), torch.tensor([1.0, -1.0]), torch.ones(2)
    result = check.collapse(B @ A, a + c, A, a, B, c)
    assert not result and "multiplied by W2" in repr(result)


def test_collapse_works_for_other_layer_sizes():
    g = torch.Generator().manual_seed(1)
    A, a = torch.randn(5, 4, generator=g), torch.randn(5, generator=g)
    B, c = torch.randn(3, 5, generator=g), torch.randn(3, generator=g)
    assert ok(check.collapse(B @ A, B @ a + c, A, a, B, c))
    assert not check.collapse(B @ A, c, A, a, B, c)


@pytest.mark.parametrize("W,b,hint", [
    (W1 @ W2, W2 @ b1 + b2, "wrong order"),
    (W2 @ W1 + 1, W2 @ b1 + b2, "W2 @ W1"),
    (W2 @ W1, b2, "multiplied by W2"),
    (W2 @ W1, W2 @ b1, "b2"),
    (W2 @ W1, W2 @ b1 + b2 + 1, "b is not"),
    (W2 @ W1 + 0.01, W2 @ b1 + b2, "W2 @ W1"),                  # near misses
    (W2 @ W1, W2 @ b1 + b2 + 0.01, "b is not"),
])
def test_collapse_wrong_answers_get_hints(W, b, hint):
    result = check.collapse(W, b, W1, b1, W2, b2)
    assert not result and repr(result).startswith("❌") and hint in repr(result), result


@pytest.mark.parametrize("W,b,words", [
    (None, None, "You have not filled in W and b yet"),
    (..., ..., "You have not filled in W and b yet"),
    (W2 @ W1, None, "You have not filled in b yet: replace the placeholder with the combined bias"),
    (None, W2 @ b1 + b2, "You have not filled in W yet: replace the placeholder with the combined matrix"),
    ("W", W2 @ b1 + b2, "should be numbers"),
    (torch.zeros(2, 3), W2 @ b1 + b2, "shape"),
    (W2 @ W1, torch.zeros(3), "shape"),
    (torch.full((2, 2), float("nan")), W2 @ b1 + b2, "NaN"),
])
def test_collapse_odd_input_gets_a_friendly_message(W, b, words):
    result = check.collapse(W, b, W1, b1, W2, b2)
    assert not result and repr(result).startswith("⚠️") and words in repr(result), result


def test_collapse_rejects_layers_that_do_not_fit():
    result = check.collapse(torch.zeros(2, 2), torch.zeros(2), W1, b1, W1, b1)
    assert not result and "W2" in repr(result)
