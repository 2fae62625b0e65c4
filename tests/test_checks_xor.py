"""Exercises of notebook 03: XNOR with the product feature, XOR from OR and NAND."""
import numpy as np
import pytest
import torch
from feedback import follow_flip_hint, hint, odd, ok

from helpers.checks import xor as check

ROWS = ((0, 0), (0, 1), (1, 0), (1, 1))


def reference_xnor(w, b):
    w, b = np.ravel(np.asarray(w, dtype=float)), float(b)
    return [int(w[0] * a + w[1] * c + w[2] * a * c + b > 0) for a, c in ROWS] == [1, 0, 0, 1]


def reference_xor_from_or_nand(v, c):
    v, c = np.ravel(np.asarray(v, dtype=float)), float(c)
    return [int(v[0] * (a or d) + v[1] * (not (a and d)) + c > 0) for a, d in ROWS] == [0, 1, 1, 0]


@pytest.mark.parametrize("w,b", [([-1, -1, 2], 0.5), ([-2, -2, 4], 1), ([-1, -1, 3], 0.5),
                                 (np.array([[-1.0, -1.0, 2.0]]), np.float32(0.5)),
                                 (torch.tensor([-1.0, -1.0, 2.0]), torch.tensor(0.5)), ((-3, -3, 6.5), 2)])
def test_xnor_accepts_any_correct_weights(w, b):
    assert reference_xnor(w, b) and ok(check.xnor_with_product(w, b))


def test_xnor_agrees_with_a_plain_perceptron_on_a_grid():
    grid = [-2, -1, 0, 1, 2]
    for w1 in grid:
        for w3 in grid:
            for b in (-1.5, -0.5, 0.5, 1.5):
                w = [w1, w1, w3]
                assert bool(check.xnor_with_product(w, b)) == reference_xnor(w, b), (w, b)


@pytest.mark.parametrize("w,b,words", [
    ([1, 1, -2], -0.5, "compute XOR"),
    ([1, 1, 0], -1.5, "w3 = 0"),
    ([-1, -1, 2], -0.5, "Row (x1, x2) = (0, 0)"),
    ([-1, -1, 2], 0, "Row (x1, x2) = (0, 0)"),       # near miss: z = 0 does not fire
    ([-1, -1, 1], 0.5, "Row (x1, x2) = (1, 1)"),     # near miss: the product weight too small
])
def test_xnor_hints(w, b, words):
    assert words in hint(check.xnor_with_product(w, b))


def test_following_the_xor_hint_always_gives_xnor():
    """Every XOR answer on a grid gets the flip hint, and doing what it says gives XNOR, also
    when a row has z = 0 (step(0) = 0 on both sides of the flip)."""
    grid = [-2, -1, 0, 1, 2]
    ties = 0
    for w1 in grid:
        for w2 in grid:
            for w3 in grid:
                for b in (-1, -0.5, 0, 0.5):
                    z = [w1 * a + w2 * c + w3 * a * c + b for a, c in ROWS]
                    if [int(v > 0) for v in z] != [0, 1, 1, 0]:
                        continue
                    message = hint(check.xnor_with_product([w1, w2, w3], b))
                    assert "compute XOR" in message
                    ties += 0 in z
                    assert ("exactly 0" in message) == (0 in z), (w1, w2, w3, b, message)
                    for answer in follow_flip_hint(message, (w1, w2, w3, b)):
                        assert ok(check.xnor_with_product(answer[:3], answer[3])), (w1, w2, w3, b, answer)
    assert ties > 0


def test_xnor_odd_input():
    assert "not filled in w yet: replace the placeholder with three numbers" in odd(check.xnor_with_product(None, None))
    assert "shape" in odd(check.xnor_with_product([1, 1], 0.5))
    assert "not filled in b" in odd(check.xnor_with_product([1, 1, -2], None))


@pytest.mark.parametrize("v,c", [([1, 1], -1.5), ([2, 2], -3), (np.array([1.0, 2.0]), -2.5),
                                 (torch.tensor([[1.0], [1.0]]), torch.tensor(-1.9)), ((1, 1), np.float64(-1.1))])
def test_xor_from_or_nand_accepts_any_correct_output_neuron(v, c):
    assert reference_xor_from_or_nand(v, c) and ok(check.xor_from_or_nand(v, c))


@pytest.mark.parametrize("v,c,words", [
    ([1, -1], -0.5, "h1 AND h2"),
    ([1, 1], -0.5, "Row (x1, x2) = (0, 0)"),
    ([1, 1], -2.5, "Row (x1, x2) = (0, 1)"),
    ([1, 1], -2, "Row (x1, x2) = (0, 1)"),           # near miss: (1, 1) sits on z = 0, which does not fire
    ([1, -2], -0.5, "the lecture's output neuron"),  # the lecture's OR/AND output neuron
    ([1, -1], -0.5, "an output neuron for the lecture's OR/AND network"),   # right for OR/AND, not the lecture's
    ([2, -3], -1, "an output neuron for the lecture's OR/AND network"),
])
def test_xor_from_or_nand_hints(v, c, words):
    assert not reference_xor_from_or_nand(v, c)
    assert words in hint(check.xor_from_or_nand(v, c))


def test_only_the_lectures_own_neuron_is_called_the_lectures():
    assert "the lecture's output neuron" not in hint(check.xor_from_or_nand([1, -1], -0.5))


def test_xor_from_or_nand_odd_input():
    assert "not filled in v yet: replace the placeholder with two numbers" in odd(check.xor_from_or_nand(None, None))
    assert "shape" in odd(check.xor_from_or_nand([1, 1, 1], -1.5))
    assert "should be a number" in odd(check.xor_from_or_nand([1, 1], "c"))
