"""Exercises of notebook 06: softmax and loss functions."""
import math

import numpy as np
import torch

from .. import lecture
from . import Wrong, array, call_on_either, correct, exercise, fmt, function, near, number, returned

#: Inputs a stable softmax must handle. The huge ones overflow a naive e^z; the last two
#: have scores far apart, where subtracting the mean or the first score still overflows.
SOFTMAX_CASES = [
    [2.0, 1.0, 0.1],
    [0.5, 0.2, 3.1, 1.0, -0.5, -1.0, -1.2, -0.8, -1.5, -1.4],
    [0.0, 0.0, 0.0, 0.0],
    [7.0],
    [1000.0, 1001.0, 1002.0],
    [-1000.0, -1001.0, -1002.0],
    [800.0, -800.0, 0.0, 799.0],
    [1000.0, -1000.0],
    [-1000.0, 1000.0, 0.0],
]
_SPREAD = 7      # index of the first case with scores far apart


def _run(fn, z):
    """fn on a NumPy array; if it only works on tensors, on a float64 tensor. When both
    fail, the message names both errors (a softmax written in PyTorch hears about its own)."""
    out = call_on_either(fn, [(np.array(z, dtype=float), "as a NumPy array"),
                              (torch.tensor(z, dtype=torch.float64), "as a torch tensor")],
                         name="Your softmax", context=f" for z = {z}")
    returned(out, "Your softmax", f"{len(z)} probabilities")
    return array(out, (len(z),), f"What your softmax returned for {len(z)} scores", finite=False)


def _show(values):
    return "[" + ", ".join("nan" if not math.isfinite(v) else fmt(round(v, 3)) for v in values) + "]"


@exercise
def my_softmax(fn):
    """Test the student's softmax(z) on small, equal, single, huge and far-apart scores."""
    function(fn, "your softmax", "def my_softmax(z): ...")
    for i, z in enumerate(SOFTMAX_CASES):
        p = _run(fn, z)
        want = lecture.stable_softmax(np.asarray(z, dtype=float))      # notebook 06's
        if not np.all(np.isfinite(p)):
            if i >= _SPREAD:
                raise Wrong(f"For z = {z} your function gives {_show(p)}. Subtracting the mean or the "
                            "first score is not enough when the scores are far apart: some z_i - c is "
                            "still 1000 or more and e^(z_i - c) overflows. Subtract the LARGEST score, "
                            "exp(z - max(z)): then no exponent is above e^0 = 1.")
            if max(abs(v) for v in z) >= 100:
                raise Wrong(f"For z = {z} your function gives {_show(p)}: e^z overflows. "
                            "Subtract the largest score first, exp(z - max(z)): the result is the same "
                            "and no exponent is larger than e^0 = 1.")
            raise Wrong(f"For z = {z} your function gives NaN or infinity. Check the division by the sum.")
        if np.any(p < 0):
            raise Wrong(f"For z = {z} some outputs are negative: probabilities are never negative. "
                        "Did you forget the exponential?")
        if abs(p.sum() - 1) > 1e-6:
            raise Wrong(f"For z = {z} your outputs sum to {p.sum():.4f}, not 1. "
                        "Divide every e^(z_i) by the sum of all of them.")
        if not np.allclose(p, want, atol=1e-6):
            raise Wrong(f"For z = {z} you get {_show(p)} but softmax gives {_show(want)}. "
                        "Use e^(z_i) / sum_j e^(z_j) (after subtracting the maximum).")
    return correct("Your softmax sums to 1, matches the formula and survives scores like 1000 and "
                   "scores 2000 apart.")


@exercise
def cross_entropy(loss, p_correct=0.2, name="loss"):
    """The cross-entropy loss when the correct class gets probability p_correct
    (exact, or rounded to at least one decimal). `name`: the notebook's variable."""
    value = number(loss, name)
    want = -math.log(p_correct)
    if near(value, want, 1):
        return correct(f"-ln({p_correct}) = {want:.3f}: the loss depends only on the probability of the right class.")
    if near(value, -want, 1):
        raise Wrong("The sign: ln of a probability is negative, and the loss is -ln(p), a positive number.")
    if near(value, -math.log10(p_correct), 1):
        raise Wrong("That is log base 10. Cross-entropy uses the natural log: np.log or math.log.")
    if near(value, -math.log2(p_correct), 1):
        raise Wrong("That is log base 2 (bits). The course uses the natural log: np.log or math.log.")
    if near(value, (1 - p_correct) ** 2, 2):
        raise Wrong("That is the squared error (1 - p)^2. Cross-entropy is -ln(p).")
    if near(value, p_correct, 2) or near(value, 1 - p_correct, 2):
        raise Wrong("That is a probability. The loss is -ln of the correct class's probability.")
    raise Wrong(f"Cross-entropy with a one-hot target is -ln(p_correct), with p_correct = {p_correct} "
                f"(give it exactly, or rounded to one decimal or more).")


@exercise
def uniform_loss(loss, classes=100, name="loss_100"):
    """The loss of a network that gives every one of `classes` classes the same probability
    (exact, or rounded to at least one decimal, e.g. 4.6 for ln 100). `name`: the notebook's variable."""
    value = number(loss, name)
    want = math.log(classes)
    if near(value, want, 1):
        return correct(f"Each class gets 1/{classes}, so the loss is -ln(1/{classes}) = ln {classes} = {want:.3f}.")
    if near(value, -want, 1):
        raise Wrong(f"The sign: ln(1/{classes}) is negative; the loss is -ln(1/{classes}), a positive number.")
    if abs(value - 1 / classes) < 1e-6:
        raise Wrong(f"That is the probability of each class, 1/{classes}. The loss is -ln of it.")
    if near(value, math.log(10), 1):
        raise Wrong(f"ln 10 is for 10 classes. With {classes} classes each gets 1/{classes}.")
    if near(value, math.log10(classes), 1):
        raise Wrong("That is log base 10. Use the natural log: np.log or math.log.")
    if near(value, math.log2(classes), 1):
        raise Wrong("That is log base 2 (bits). Use the natural log: np.log or math.log.")
    raise Wrong(f"Every class gets probability 1/{classes}; the loss is -ln(1/{classes}) "
                "(give it exactly, or rounded to one decimal or more).")
