"""The checks of notebook 09a (the network playground): features for XOR, counting parameters.
Expected counts come from PyTorch's nn.Linear."""
import numpy as np
import pytest
import torch
from feedback import hint, odd, ok
from torch import nn

from helpers.checks import playground as check


def by_pytorch(n_inputs, hidden):
    sizes = [n_inputs, *hidden, 1]
    return sum(p.numel() for a, b in zip(sizes, sizes[1:]) for p in nn.Linear(a, b).parameters())


def by_formula(n_inputs, hidden):
    n_in, total = n_inputs, 0
    for n_out in (*hidden, 1):
        total += n_in * n_out + n_out
        n_in = n_out
    return total


@pytest.mark.parametrize("fn", [by_pytorch, by_formula, lambda n, h: np.int64(by_formula(n, h)),
                                lambda n, h: torch.tensor(float(by_formula(n, h)))])
def test_count_parameters_accepts_any_correct_count(fn):
    assert by_formula(2, (4, 2)) == by_pytorch(2, (4, 2)) == 25
    assert ok(check.count(fn))


@pytest.mark.parametrize("fn,words", [
    (lambda n, h: by_formula(n, h) - sum(h) - 1, "weights only"),
    (lambda n, h: by_formula(n, h) + 1, "count(2, (4, 2)) gave 26, expected 25"),   # near miss
    (lambda n, h: by_formula(n, h) if h else n + 2, "with no hidden layer"),      # 5 for count(3, ())
    (lambda n, h: by_formula(n, h[:1]), "count(2, (4, 2)) gave 17, expected 25"),   # only the first hidden layer
])
def test_count_parameters_hints(fn, words):
    assert words in hint(check.count(fn))


@pytest.mark.parametrize("features", [["x1*x2"], ("x1", "x2", "x1*x2"), np.array(["x1*x2", "x1"])])
def test_xor_features_accepts_inputs_that_include_the_product(features):
    result = check.xor_features(features)
    assert ok(result) and "opposite quadrants" in result.message


@pytest.mark.parametrize("features", [["x1", "x2"], ["x1^2", "x2^2"], ["sin(x1)", "sin(x2)"]])
def test_xor_features_refuses_inputs_one_neuron_cannot_use(features):
    assert "Which feature is positive in two opposite quadrants" in hint(check.xor_features(features))


@pytest.mark.parametrize("features, words", [(None, "not filled in"), ("x1*x2", "list of names"), (5, "list of names"),
                                             (["x3"], "Unknown feature"), ([], "empty"), (["x1", "x1"], "twice")])
def test_xor_features_is_friendly_to_odd_input(features, words):
    assert words in odd(check.xor_features(features))


@pytest.mark.parametrize("fn, words", [(None, "not written"), (42, "should be a function"),
                                       (lambda n, h: None, "whole number"), (lambda n, h: 1 / 0, "ZeroDivisionError")])
def test_count_parameters_is_friendly_to_odd_input(fn, words):
    assert words in odd(check.count(fn))


def test_the_untouched_count_template_and_errors_name_what_happened():
    def count(n_inputs, hidden):
        return None   # your code here
    assert "You have not written count yet: replace `return None`" in odd(check.count(count))
    assert "count(3, ()) raised ZeroDivisionError" in odd(check.count(lambda n, h: 1 / len(h)))
    assert "count(3, ()) returned None" in odd(check.count(lambda n, h: by_formula(n, h) if h else None))
