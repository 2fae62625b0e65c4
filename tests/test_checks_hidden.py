"""The checks of notebook 10: parameter counts and a hidden layer's activations."""
import numpy as np
import pytest
import torch
from feedback import friendly, hint, ok

from helpers.checks import hidden as check

# ---------------------------------------------------------------- parameter_count

def formula(n_in, w, d, n_out):
    if d == 0:                                   # no hidden layer: inputs straight to outputs
        return n_in * n_out + n_out
    return (n_in * w + w) + (d - 1) * (w * w + w) + (w * n_out + n_out)


def first_middle_last(n_in, w, d, n_out):        # the old solution: wrong for depth 0
    return (n_in * w + w) + (d - 1) * (w * w + w) + (w * n_out + n_out)


def by_layers(n_in, w, d, n_out):
    sizes = [n_in] + [w] * d + [n_out]
    return sum(a * b + b for a, b in zip(sizes, sizes[1:]))


def test_known_counts():
    # the lecture's 101,770 and the notebook's two 361-parameter networks, by hand
    assert check._count(784, 128, 1, 10) == 101_770
    assert check._count(2, 90, 1, 1) == 2 * 90 + 90 + 90 + 1 == 361
    assert check._count(2, 12, 3, 1) == 36 + 2 * 156 + 13 == 361


@pytest.mark.parametrize("fn", [formula, by_layers, lambda *a: float(formula(*a)),
                                lambda *a: torch.tensor(by_layers(*a)), lambda *a: np.int64(by_layers(*a))])
def test_any_correct_count_passes(fn):
    assert ok(check.parameter_count(fn))


def test_depth_zero_is_tried():
    assert check._count(784, 128, 0, 10) == 784 * 10 + 10 == 7_850
    message = hint(check.parameter_count(first_middle_last))
    assert "depth 0" in message and "85,258" in message and "7,850" in message


def test_forgotten_biases():
    result = check.parameter_count(lambda i, w, d, o: i * w + (d - 1) * w * w + w * o)
    assert hint(result) and "bias" in result.message


def test_one_hidden_to_hidden_layer_too_many_or_too_few():
    result = check.parameter_count(lambda i, w, d, o: formula(i, w, d + 1, o))
    assert hint(result) and "width-to-width" in result.message
    result = check.parameter_count(lambda i, w, d, o: formula(i, w, d, o) if d == 1 else formula(i, w, d - 1, o))
    assert hint(result) and "width-to-width" in result.message


def test_other_wrong_counts_get_a_general_hint():
    result = check.parameter_count(lambda i, w, d, o: 7)
    assert hint(result) and "a*b weights" in result.message


@pytest.mark.parametrize("fn", [None, "formula", lambda i, w, d, o: None, lambda i, w, d, o: "101770",
                                lambda i, w: i, lambda i, w, d, o: [1, 2]])
def test_odd_counts_are_friendly(fn):
    assert friendly(check.parameter_count(fn))


# ---------------------------------------------------------------- hidden_layer

@pytest.mark.parametrize("fn", [
    lambda m, x: torch.relu(m[0](x)),
    lambda m, x: m[:2](x),
    lambda m, x: torch.clamp(x @ m[0].weight.T + m[0].bias, min=0),
    lambda m, x: torch.relu(m[0](x)).tolist(),
])
def test_correct_hidden_layers_pass(fn):
    assert ok(check.hidden_layer(fn))


def test_forgotten_relu():
    result = check.hidden_layer(lambda m, x: m[0](x))
    assert hint(result) and "ReLU" in result.message


def test_whole_network_instead_of_hidden_layer():
    result = check.hidden_layer(lambda m, x: m(x))
    assert hint(result) and "output layer" in result.message


def test_transposed_activations():
    result = check.hidden_layer(lambda m, x: torch.relu(m[0](x)).T)
    assert hint(result) and "transposed" in result.message


def test_right_shape_wrong_values():
    result = check.hidden_layer(lambda m, x: torch.relu(x @ m[0].weight.T))      # no bias
    assert hint(result) and "values" in result.message


@pytest.mark.parametrize("fn", [None, 3, lambda m, x: None, lambda m, x: "abc",
                                lambda m, x: x @ m[0].weight])
def test_odd_hidden_layers_are_friendly(fn):
    assert friendly(check.hidden_layer(fn))


# ---------------------------------------------------------------- the untouched templates and errors

def n_parameters_template(n_in, width, depth, n_out):
    return None   # your formula here                   # the notebook's exercise cell, as given


def hidden_template(model, images):
    return None   # your code here


def test_the_untouched_templates_get_the_not_written_yet_notice():
    assert "You have not written n_parameters yet" in friendly(check.parameter_count(n_parameters_template))
    assert "You have not written hidden yet" in friendly(check.hidden_layer(hidden_template))


def test_a_forgotten_return_is_told_apart_from_the_template():
    def counted_but_not_returned(n_in, width, depth, n_out):
        sizes = [n_in] + [width] * depth + [n_out]
        sum(a * b + b for a, b in zip(sizes, sizes[1:]))

    message = friendly(check.parameter_count(counted_but_not_returned))
    assert "returned None: did you forget `return`" in message and "n_parameters(784, 128, 1, 10)" in message


def test_an_error_in_the_students_code_names_the_call_that_raised():
    def first_and_last(n_in, width, depth, n_out):                    # breaks at depth 0
        return n_in * width + width + (depth - 1) * (width * width + width) + 10 // depth * 0 + width * n_out + n_out

    message = friendly(check.parameter_count(first_and_last))
    assert message.startswith("⚠️ n_parameters(784, 128, 0, 10) raised ZeroDivisionError")
    message = friendly(check.hidden_layer(lambda m, x: 1 / 0))
    assert "hidden(model, images) (a 784-16-10 model, 5 random images of 784 pixels) raised ZeroDivisionError" \
        in message


def test_success_says_the_images_are_random():
    assert "5 random images" in check.hidden_layer(lambda m, x: m[:2](x)).message
