"""The exercises of notebook 05: the lecture network on a new input, counting parameters."""
import math

import numpy as np
import pytest
import torch
from feedback import ok
from torch import nn

from helpers.checks import forward as check


def lecture_model():
    """The lecture's worked example built independently in PyTorch (nn.Linear rows = neurons)."""
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1), nn.Sigmoid())
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[0.5, 0.8], [-0.3, 0.6]]))   # h1: 0.5, 0.8; h2: -0.3, 0.6
        model[0].bias.copy_(torch.tensor([-0.1, 0.2]))
        model[2].weight.copy_(torch.tensor([[0.7, -0.5]]))
        model[2].bias.fill_(-0.1)
    return model


def test_the_lecture_example_gives_59_percent():
    # z = (0.8, 0.2), h = (0.8, 0.2), z_out = 0.36, y = 0.59 (the slide's numbers)
    assert np.allclose(check.hidden((1.0, 0.5)), [0.8, 0.2])
    assert abs(check.output((1.0, 0.5)) - 1 / (1 + math.exp(-0.36))) < 1e-12
    assert round(check.output((1.0, 0.5)), 2) == 0.59


@pytest.mark.parametrize("x", [(1.0, 0.5), (3.0, -1.0), (-1.0, 0.5), (0.0, 0.0)])
def test_reference_agrees_with_pytorch(x):
    model = lecture_model()
    with torch.no_grad():
        hidden = model[1](model[0](torch.tensor([x])))[0].numpy()
        p = model(torch.tensor([x])).item()
    assert np.allclose(check.hidden(x), hidden, atol=1e-6)
    assert abs(check.output(x) - p) < 1e-6


# ------------------------------------------------------------------ hidden_values
# The exercise: x = (3, -1). By hand: z_h1 = 0.5*3 + 0.8*(-1) - 0.1 = 0.6; z_h2 = -0.3*3 + 0.6*(-1) + 0.2
# = -1.3 -> ReLU -> 0. So h = (0.6, 0).

X = (3.0, -1.0)
W = np.array([[0.5, 0.8], [-0.3, 0.6]])
B = np.array([-0.1, 0.2])


@pytest.mark.parametrize("answer", [
    (0.6, 0), [0.6, 0.0], np.array([0.6, 0.0]), torch.tensor([0.6, 0.0]),
    np.array([[0.6, 0.0]]),                                     # the (1, 2) row of x @ W.T + b
    np.maximum(0, W @ np.array([[3.0], [-1.0]]) + B[:, None]),  # the lecture's column W x + b, (2, 1)
    torch.relu(torch.tensor([[3.0, -1.0]], dtype=torch.float64) @ torch.tensor(W.T) + torch.tensor(B)),
    (np.float32(0.6), np.int64(0)), (0.60, 0.00),
])
def test_hidden_values_accepts_every_form_of_the_right_answer(answer):
    assert ok(check.hidden_values(answer, X))
    assert ok(check.hidden_values(answer, np.array([[3.0, -1.0]])))     # x as a row too


@pytest.mark.parametrize("h,hint", [
    ((0.6, -1.3), "also applies ReLU"),                        # z, not h
    ((0.7, 0.0), "bias"),                                      # relu(W x)
    ((1.7, 2.0), "whose weights"),                             # W^T x + b: the table read the other way
    ((0.646, 0.214), "sigmoid"),                               # sigmoid instead of ReLU
    ((0.6, 0.1), "Start with h1"),                             # near miss on h2
    ((0.8, 0.2), "Start with h1"),                             # the worked example's h
])
def test_hidden_values_wrong_answers_get_hints(h, hint):
    result = check.hidden_values(h, X)
    assert not result and repr(result).startswith("❌") and hint in repr(result), result


@pytest.mark.parametrize("h,words", [(None, "not filled in"), ("zero", "numbers"),
                                     ((1, 2, 3), "shape (3,)"), ((float("nan"), 0), "NaN"),
                                     ([[0.6, 0], [0, 0]], "shape (2, 2)")])
def test_hidden_values_odd_input(h, words):
    result = check.hidden_values(h, X)
    assert not result and repr(result).startswith("⚠️") and words in repr(result), result
    assert "shape (2)" not in repr(result)


# ------------------------------------------------------------------ output_probability
# z_out = 0.7*0.6 - 0.5*0 - 0.1 = 0.32, p = sigmoid(0.32) = 0.5793

def test_output_probability_right_answer_in_every_form():
    p = 1 / (1 + math.exp(-0.32))
    for answer in [p, np.float64(p), torch.tensor(p), np.array([[p]]), 0.58, 0.579, torch.tensor(0.58)]:
        assert ok(check.output_probability(answer, X)), answer
    assert ok(check.output_probability(0.59, (1.0, 0.5)))        # the lecture's own rounding


@pytest.mark.parametrize("p,hint", [
    (57.9, "percentage"),
    (0.32, "weighted sum"),
    (1 / (1 + math.exp(-(0.7 * 0.6 - 0.5 * -1.3 - 0.1))), "skipped ReLU"),
    (1 / (1 + math.exp(-0.42)), "bias"),
    (0.59, "worked example"),
    (1.5, "between 0 and 1"),
    (0.57, "hidden values h first"),                          # a near miss: not a rounding of 0.5793
])
def test_output_probability_hints(p, hint):
    result = check.output_probability(p, X)
    assert not result and repr(result).startswith("❌") and hint in repr(result), result


@pytest.mark.parametrize("p", [None, "0.58", [0.5, 0.5], float("inf"), True])
def test_output_probability_odd_input(p):
    result = check.output_probability(p, X)
    assert not result and repr(result).startswith("⚠️")


# ------------------------------------------------------------------ n_parameters

def count_with_pytorch(sizes):
    layers = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
    return sum(p.numel() for layer in layers for p in layer.parameters())


@pytest.mark.parametrize("sizes", check.NETWORKS)
def test_reference_count_matches_pytorch(sizes):
    assert check.parameters_of(sizes) == count_with_pytorch(sizes)


def test_the_lecture_counts():
    assert check.parameters_of([2, 2, 1]) == 9
    assert check.parameters_of([784, 128, 10]) == 100_352 + 128 + 1_280 + 10 == 101_770


def test_n_parameters_accepts_any_correct_function():
    def loop(sizes):
        total = 0
        for i in range(len(sizes) - 1):
            total += sizes[i] * sizes[i + 1] + sizes[i + 1]
        return total

    assert ok(check.n_parameters(loop))
    assert ok(check.n_parameters(count_with_pytorch))
    assert ok(check.n_parameters(lambda s: np.int64(loop(s))))
    assert ok(check.n_parameters(lambda s: torch.tensor(float(loop(s)))))


@pytest.mark.parametrize("fn,hint", [
    (lambda s: sum(a * b for a, b in zip(s, s[1:])), "only the weights"),
    (lambda s: sum(a * b for a, b in zip(s, s[1:])) + sum(s), "input layer has no biases"),
    (lambda s: s[0] * s[1] + s[1] + s[1] * s[2] + s[2] if len(s) > 2 else s[0] * s[1] + s[1],
     "every pair"),
    (lambda s: 9, "n_parameters([3, 1])"),
])
def test_n_parameters_wrong_functions_get_hints(fn, hint):
    result = check.n_parameters(fn)
    assert not result and repr(result).startswith("❌") and hint in repr(result), result


def test_n_parameters_odd_input():
    def no_return(sizes):
        sum(sizes)

    for fn, words in [(None, "not written"), (42, "should be a function"), (no_return, "return"),
                      (lambda s: s[10], "IndexError"), (lambda s: "many", "should be a number")]:
        result = check.n_parameters(fn)
        assert not result and repr(result).startswith("⚠️") and words in repr(result), (fn, result)


# ------------------------------------------------------------------ the notices name the notebook's variables

def test_untouched_templates_name_the_template_variables():
    assert repr(check.hidden_values(None, X)) == (
        "⚠️ You have not filled in h_new yet: replace the placeholder with the two hidden values.")
    assert repr(check.output_probability(None, X)) == (
        "⚠️ You have not filled in p_new yet: replace the placeholder with a number.")
    assert repr(check.n_parameters(None)) == "⚠️ You have not written n_parameters yet (def n_parameters(sizes): ...)."


@pytest.mark.parametrize("p", [0.6, np.float64(0.6), torch.tensor(0.6)])
def test_output_probability_rounded_too_far_is_told_so_not_a_missing_bias(p):
    message = repr(check.output_probability(p, X))
    assert message.startswith("❌") and "rounded too far" in message and "0.58" in message
    assert "bias" not in message


def test_output_probability_names_the_bias_as_the_exercise_does():
    message = repr(check.output_probability(1 / (1 + math.exp(-0.42)), X))
    assert "b_out = -0.1" in message and " c = " not in message


def test_n_parameters_names_the_network_that_made_the_function_raise():
    message = repr(check.n_parameters(lambda s: s[2] * 0 + s[5]))
    assert message.startswith("⚠️") and "n_parameters([2, 2, 1]) raised IndexError" in message
    message = repr(check.n_parameters(lambda s: 1 / (len(s) - 2)))     # only [3, 1] has two sizes
    assert "n_parameters([3, 1]) raised ZeroDivisionError" in message
