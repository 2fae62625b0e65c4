"""The exercises of notebook 05: the lecture network on a new input, counting parameters."""
import math

import numpy as np
import pytest
import torch
from torch import nn

from helpers.checks import forward as check
from feedback import ok


def lecture_model():
    """The lecture's network built independently in PyTorch from its weight table."""
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1), nn.Sigmoid())
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[0.2, -0.5], [0.4, 0.1]]))    # row = neuron
        model[0].bias.copy_(torch.tensor([0.3, -0.2]))
        model[2].weight.copy_(torch.tensor([[0.5, 0.4]]))
        model[2].bias.zero_()
    return model


def test_the_lecture_example_gives_59_percent():
    assert np.allclose(check.hidden((2, 1)), [0.2, 0.7])
    assert abs(check.output((2, 1)) - 1 / (1 + math.exp(-0.38))) < 1e-12
    assert round(100 * check.output((2, 1))) == 59


@pytest.mark.parametrize("x", [(2.0, 1.0), (1.0, 3.0), (-1.0, 0.5), (0.0, 0.0)])
def test_reference_agrees_with_pytorch(x):
    model = lecture_model()
    with torch.no_grad():
        hidden = model[1](model[0](torch.tensor([x])))[0].numpy()
        p = model(torch.tensor([x])).item()
    assert np.allclose(check.hidden(x), hidden, atol=1e-6)
    assert abs(check.output(x) - p) < 1e-6


# ------------------------------------------------------------------ hidden_values

def test_hidden_values_for_1_3_worked_out_by_hand():
    # z_h1 = 0.2 - 1.5 + 0.3 = -1.0 -> 0;  z_h2 = 0.4 + 0.3 - 0.2 = 0.5
    for answer in [(0, 0.5), [0.0, 0.5], np.array([0.0, 0.5]), torch.tensor([0.0, 0.5])]:
        assert ok(check.hidden_values(answer, (1, 3)))
    assert "ReLU turned" in repr(check.hidden_values((0, 0.5), (1, 3)))


@pytest.mark.parametrize("h,hint", [
    ((-1.0, 0.5), "also applies ReLU"),
    ((0.0, 0.7), "bias"),                       # relu(x @ W) = relu(-1.3, 0.7)
    ((0.0, 0.0), "Start with h1"),
])
def test_hidden_values_wrong_answers_get_hints(h, hint):
    result = check.hidden_values(h, (1, 3))
    assert not result and repr(result).startswith("❌") and hint in repr(result), result


def test_hidden_values_reading_the_table_by_rows_gets_a_hint():
    # by rows: h1 = 0.2*x1 + 0.4*x2 + 0.3, h2 = -0.5*x1 + 0.1*x2 - 0.2; at (2, 1): (1.1, 0)
    result = check.hidden_values((1.1, 0.0), (2, 1))
    assert not result and "COLUMN" in repr(result)


@pytest.mark.parametrize("h,words", [(None, "not filled in"), ("zero", "should be numbers"),
                                     ((1, 2, 3), "shape"), ((float("nan"), 0), "NaN")])
def test_hidden_values_odd_input(h, words):
    result = check.hidden_values(h, (1, 3))
    assert not result and repr(result).startswith("⚠️") and words in repr(result), result


# ------------------------------------------------------------------ output_probability

def test_output_probability_right_answer():
    p = 1 / (1 + math.exp(-0.2))               # z = 0.5*0 + 0.4*0.5 = 0.2
    assert ok(check.output_probability(p, (1, 3)))
    assert ok(check.output_probability(np.float64(p), (1, 3)))
    assert ok(check.output_probability(0.594, (2, 1)))


@pytest.mark.parametrize("p,hint", [
    (55.0, "percentage"),
    (0.2, "weighted sum"),
    (1 / (1 + math.exp(-(0.5 * -1.0 + 0.4 * 0.5))), "skipped ReLU"),
    (1.5, "between 0 and 1"),
    (0.9, "hidden values h first"),
])
def test_output_probability_hints(p, hint):
    result = check.output_probability(p, (1, 3))
    assert not result and repr(result).startswith("❌") and hint in repr(result), result


@pytest.mark.parametrize("p", [None, "0.55", [0.5, 0.5], float("inf")])
def test_output_probability_odd_input(p):
    result = check.output_probability(p, (1, 3))
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
    assert ok(check.n_parameters(lambda s: np.int64(check.parameters_of(s))))


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
