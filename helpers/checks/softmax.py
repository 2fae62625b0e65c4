"""Exercises of notebook 06: softmax and loss functions."""
import math
import warnings

import numpy as np
import torch

from ..runtime import float_array
from . import BadInput, Wrong, correct, exercise, number

#: Inputs a stable softmax must handle; the last ones overflow a naive e^z.
SOFTMAX_CASES = [
    [2.0, 1.0, 0.1],
    [0.5, 0.2, 3.1, 1.0, -0.5, -1.0, -1.2, -0.8, -1.5, -1.4],
    [0.0, 0.0, 0.0, 0.0],
    [7.0],
    [1000.0, 1001.0, 1002.0],
    [-1000.0, -1001.0, -1002.0],
    [800.0, -800.0, 0.0, 799.0],
]


def _reference(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def _as_array(out, n):
    if out is None:
        raise BadInput("Your function returned None: did you forget `return`?")
    try:
        out = float_array(out, "out")
    except TypeError:
        raise BadInput(f"Your function should return numbers (an array), not {type(out).__name__}.") from None
    if out.shape != (n,):
        raise BadInput(f"For {n} scores your function returned shape {out.shape}; "
                       f"it should return {n} probabilities, one per score.")
    return out


def _run(fn, z):
    """Call fn on a NumPy array; if it only works on tensors, call it on a tensor.
    Overflow warnings are silenced: the check reports the NaN itself."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return fn(np.array(z, dtype=float))
        except Exception as err:
            first = err
        try:
            return fn(torch.tensor(z, dtype=torch.float64))
        except Exception:
            raise BadInput(f"Your softmax raised {type(first).__name__}: {first} (for z = {z} as a NumPy "
                           "array). Fix it and run the check again.") from None


@exercise
def stable_softmax(fn):
    """Test the student's softmax(z) on small, equal, single and huge scores."""
    if fn is None or fn is Ellipsis:
        raise BadInput("You have not written your softmax yet: define `def softmax(z): ...` above.")
    if not callable(fn):
        raise BadInput(f"softmax should be a function (def softmax(z): ...), not {type(fn).__name__}.")
    for z in SOFTMAX_CASES:
        p = _as_array(_run(fn, z), len(z))
        want = _reference(z)
        if not np.all(np.isfinite(p)):
            if max(abs(v) for v in z) >= 100:
                raise Wrong(f"For z = {z} your function gives {np.round(p, 3).tolist()}: e^z overflows. "
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
            raise Wrong(f"For z = {z} you get {np.round(p, 3).tolist()} but softmax gives "
                        f"{np.round(want, 3).tolist()}. Use e^(z_i) / sum_j e^(z_j) "
                        "(after subtracting the maximum).")
    return correct("Your softmax sums to 1, matches the formula and survives scores like 1000.")


@exercise
def cross_entropy(loss, p_correct=0.2):
    """The cross-entropy loss when the correct class gets probability p_correct."""
    value = number(loss, "your answer")
    want = -math.log(p_correct)
    if abs(value - want) < 1e-3:
        return correct(f"-ln({p_correct}) = {want:.3f}: the loss depends only on the probability of the right class.")
    if abs(value + want) < 1e-3:
        raise Wrong("The sign: ln of a probability is negative, and the loss is -ln(p), a positive number.")
    if abs(value - (-math.log10(p_correct))) < 1e-3:
        raise Wrong("That is log base 10. Cross-entropy uses the natural log: np.log or math.log.")
    if abs(value - (-math.log2(p_correct))) < 1e-3:
        raise Wrong("That is log base 2 (bits). The course uses the natural log: np.log or math.log.")
    if abs(value - (1 - p_correct) ** 2) < 1e-3:
        raise Wrong("That is the squared error (1 - p)^2. Cross-entropy is -ln(p).")
    raise Wrong(f"Cross-entropy with a one-hot target is -ln(p_correct), with p_correct = {p_correct}.")


@exercise
def uniform_loss(loss, classes=100):
    """The loss of a network that gives every one of `classes` classes the same probability."""
    value = number(loss, "your answer")
    want = math.log(classes)
    if abs(value - want) < 1e-3:
        return correct(f"Each class gets 1/{classes}, so the loss is -ln(1/{classes}) = ln {classes} = {want:.3f}.")
    if abs(value - 1 / classes) < 1e-6:
        raise Wrong(f"That is the probability of each class, 1/{classes}. The loss is -ln of it.")
    if abs(value - math.log(10)) < 1e-3:
        raise Wrong(f"ln 10 is for 10 classes. With {classes} classes each gets 1/{classes}.")
    if abs(value - math.log10(classes)) < 1e-3:
        raise Wrong("That is log base 10. Use the natural log: np.log or math.log.")
    raise Wrong(f"Every class gets probability 1/{classes}; the loss is -ln(1/{classes}).")
