"""The "Your turn" checks of notebook 06 (softmax and loss functions)."""
import math

import numpy as np
import pytest
import torch

from helpers.checks import softmax as check


def numpy_stable(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def torch_only(z):                      # fails on a NumPy array, works on a tensor
    return torch.softmax(z, dim=0)


def logsumexp_version(z):               # a different correct formula
    z = np.asarray(z, dtype=float)
    m = z.max()
    return np.exp(z - m - np.log(np.exp(z - m).sum()))


def returns_list(z):
    return [float(v) for v in numpy_stable(z)]


@pytest.mark.parametrize("fn", [numpy_stable, torch_only, logsumexp_version, returns_list])
def test_any_correct_softmax_is_accepted(fn):
    result = check.my_softmax(fn)
    assert result, repr(result)
    assert repr(result).startswith("✅")


def test_naive_softmax_is_told_to_subtract_the_max():
    result = check.my_softmax(lambda z: np.exp(z) / np.exp(z).sum())
    assert not result and "Subtract the largest" in repr(result)


@pytest.mark.parametrize("fn,hint", [
    (lambda z: np.exp(z - z.max()), "sum"),                        # not normalised
    (lambda z: (z - z.min()) / (z - z.min()).sum(), "softmax gives"),   # positive, sums to 1, wrong
    (lambda z: z - z.mean() + 1 / len(z), "negative"),           # sums to 1, but negative
    (lambda z: np.exp(z - z.max())[::-1] / np.exp(z - z.max()).sum(), "softmax gives"),
])
def test_wrong_softmax_gets_a_specific_hint(fn, hint):
    result = check.my_softmax(fn)
    assert not result and repr(result).startswith("❌") and hint in repr(result)


@pytest.mark.parametrize("fn,words", [
    (None, "not written"), (3, "should be a function"), (lambda z: None, "return"),
    (lambda z: "text", "numbers"), (lambda z: np.ones(2) / 2, "shape"), (lambda z: 1 / 0, "ZeroDivisionError"),
    (lambda z: np.ones((len(z), 2)), "shape"),
])
def test_odd_input_gets_a_friendly_message(fn, words):
    result = check.my_softmax(fn)
    assert not result and repr(result).startswith("⚠️") and words in repr(result)


def test_softmax_written_with_torch_hears_about_its_own_error():
    def torch_with_a_bug(z):            # fails on a NumPy array, and on a tensor for its own reason
        e = torch.exp(z - z.max())
        return e / e.sum(dim=1)

    message = repr(check.my_softmax(torch_with_a_bug))
    assert message.startswith("⚠️ Your softmax raised an error for z = [2.0, 1.0, 0.1] both as a NumPy array "
                              "(TypeError"), message
    assert "as a torch tensor (IndexError: Dimension out of range" in message
    assert message.endswith("). Fix it and run the check again."), message


def test_softmax_failing_the_same_way_on_both_inputs_is_named_once():
    message = repr(check.my_softmax(lambda z: 1 / 0))
    assert message == ("⚠️ Your softmax raised ZeroDivisionError: division by zero for z = [2.0, 1.0, 0.1], "
                       "both as a NumPy array and as a torch tensor. Fix it and run the check again."), message


def test_softmax_check_leaves_no_warnings(recwarn):
    check.my_softmax(lambda z: np.exp(z) / np.exp(z).sum())
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("answer", [-math.log(0.2), 1.609, np.float32(1.6094), torch.tensor(1.6094)])
def test_cross_entropy_accepts_minus_ln(answer):
    assert check.cross_entropy(answer)


@pytest.mark.parametrize("answer,hint", [(math.log(0.2), "sign"), (-math.log10(0.2), "base 10"),
                                         (-math.log2(0.2), "base 2"), (0.64, "squared"), (0.2, "-ln"),
                                         (1.5, "-ln(p_correct)"), (1.62, "-ln(p_correct)")])   # near misses
def test_cross_entropy_hints(answer, hint):
    result = check.cross_entropy(answer)
    assert not result and hint in repr(result)


def test_cross_entropy_other_probability():
    assert check.cross_entropy(-math.log(0.9), p_correct=0.9)
    assert not check.cross_entropy(-math.log(0.2), p_correct=0.9)


@pytest.mark.parametrize("answer", [None, "1.6", [1.6, 1.6], float("nan")])
def test_cross_entropy_odd_input(answer):
    result = check.cross_entropy(answer)
    assert not result and repr(result).startswith("⚠️")


# Each of 100 classes gets 1/100: the loss is -ln(1/100), computed here with PyTorch's cross-entropy.
UNIFORM_100 = torch.nn.functional.cross_entropy(torch.zeros(1, 100), torch.tensor([0])).item()


@pytest.mark.parametrize("answer", [UNIFORM_100, 4.6, np.float32(4.605), torch.tensor([4.61]), -math.log(0.01)])
def test_uniform_loss_accepts_ln_100_in_any_form(answer):
    assert repr(check.uniform_loss(answer)).startswith("✅")


@pytest.mark.parametrize("answer,words", [
    (0.01, "probability of each class"), (-UNIFORM_100, "sign"), (math.log(10), "10 classes"),
    (math.log10(100), "base 10"), (math.log2(100), "base 2"),
    (4.7, "-ln(1/100)"), (4.65, "-ln(1/100)"),          # near misses: not a rounding of 4.605
])
def test_uniform_loss_hints(answer, words):
    result = check.uniform_loss(answer)
    assert not result and repr(result).startswith("❌") and words in repr(result)


def test_uniform_loss_other_class_counts_and_odd_input():
    assert check.uniform_loss(math.log(10), classes=10)
    assert repr(check.uniform_loss(None)).startswith("⚠️")


def test_untouched_templates_name_the_template_variables():
    assert repr(check.cross_entropy(None)) == (
        "⚠️ You have not filled in loss yet: replace the placeholder with a number.")
    assert repr(check.uniform_loss(None)) == (
        "⚠️ You have not filled in loss_100 yet: replace the placeholder with a number.")
