"""Exercises of notebook 02: NAND weights and one step of the perceptron rule."""
import numpy as np
import pytest
import torch
from feedback import follow_flip_hint, hint, odd, ok

from helpers.checks import gates as check


def computes_nand(w1, w2, b):
    """Independent reference: the lecture's step perceptron (1 only for z > 0) on the four rows."""
    return [int(w1 * a + w2 * c + b > 0) for a, c in ((0, 0), (0, 1), (1, 0), (1, 1))] == [1, 1, 1, 0]


@pytest.mark.parametrize("w1,w2,b", [(-1, -1, 1.5), (-2, -2, 3), (-0.5, -0.5, 0.9), (-1, -2, 2.5), (-1, -1, 2),
                                     (torch.tensor(-1.0), np.float64(-1), 1.5)])
def test_nand_accepts_any_correct_weights(w1, w2, b):
    assert computes_nand(float(w1), float(w2), float(b))
    assert ok(check.nand(w1, w2, b))


def test_nand_checks_every_combination_the_same_way_as_a_plain_perceptron():
    grid = np.round(np.arange(-2, 2.01, 0.5), 1)
    for w1 in grid:
        for w2 in grid:
            for b in grid:
                assert bool(check.nand(w1, w2, b)) == computes_nand(w1, w2, b), (w1, w2, b)


@pytest.mark.parametrize("w1,w2,b,words", [
    (1, 1, -1.5, "compute AND"),
    (1, 1, -0.5, "compute OR"),
    (-1, -1, 0.5, "compute NOR"),
    (-1, -2, 2, "Row (x1, x2) = (0, 1)"),          # z = 0 does not fire: step(0) = 0
    (-1, -1, 1, "compute NOR"),                    # under z >= 0 this would have been NAND
    (-1, -1, 0.9, "compute NOR"),
    (-1, -0.5, 0.9, "Row (x1, x2) = (1, 0)"),
    (1, -1, 0.5, "Negative weights"),
])
def test_nand_hints_name_the_problem(w1, w2, b, words):
    assert words in hint(check.nand(w1, w2, b))


def test_following_the_and_hint_always_gives_nand():
    """Every AND answer on a grid (with a tie on some row or not) gets the flip hint, and
    doing what it says gives NAND: with z = 0 on a row, flipping alone gives NOR or a wrong row."""
    grid = np.round(np.arange(-2, 2.01, 0.5), 1)
    ties = 0
    for w1 in grid:
        for w2 in grid:
            for b in grid:
                if not [int(w1 * a + w2 * c + b > 0) for a, c in ((0, 0), (0, 1), (1, 0), (1, 1))] == [0, 0, 0, 1]:
                    continue
                message = hint(check.nand(w1, w2, b))
                assert "compute AND" in message and "flip the signs" in message
                tie = any(w1 * a + w2 * c + b == 0 for a, c in ((0, 0), (0, 1), (1, 0), (1, 1)))
                ties += tie
                assert ("exactly 0" in message) == tie, (w1, w2, b, message)
                for answer in follow_flip_hint(message, (w1, w2, b)):
                    assert ok(check.nand(*answer)), (w1, w2, b, answer, message)
    assert ties > 0


def test_the_and_hint_with_a_tie_names_the_rows():
    message = hint(check.nand(1, 1, -1))               # AND, with z = 0 on (0, 1) and (1, 0)
    assert "the rows (0, 1) and (1, 0)" in message and "at most 1)" in message
    assert not ok(check.nand(-1, -1, 1))               # the plain flip would be wrong: NOR
    assert "the row (1, 0)" in hint(check.nand(2, 1, -2))


def test_nand_odd_input():
    assert "not filled in w1" in odd(check.nand(None, None, None))
    assert "should be a number" in odd(check.nand("a", -1, 1.5))
    assert "finite" in odd(check.nand(float("nan"), -1, 1.5))
    assert "should be one number" in odd(check.nand([1, 2], -1, 1.5))


def test_rosenblatt_step_accepts_the_update_in_any_form():
    assert ok(check.rosenblatt_step([0.7, 0.1], 0.6))
    assert ok(check.rosenblatt_step(torch.tensor([0.7, 0.1]), torch.tensor(0.6)))
    assert ok(check.rosenblatt_step([torch.tensor(0.7), torch.tensor(0.1)], np.float32(0.6)))
    # the update computed here with torch from the notebook's numbers, as a (1, 2) row and a tuple
    w, b, x, y, lr = torch.tensor([[0.2, -0.4]]), 0.1, torch.tensor([[1.0, 1.0]]), 1, 0.5
    y_hat = float((w @ x.T).item() + b > 0)
    assert ok(check.rosenblatt_step(w + lr * (y - y_hat) * x, torch.tensor(b + lr * (y - y_hat))))
    assert ok(check.rosenblatt_step(tuple(np.array([0.2, -0.4]) + 0.5 * np.array([1, 1])), np.float64(0.6)))


def test_rosenblatt_step_when_the_neuron_was_right_nothing_moves():
    # z = 0.2 - 0.4 + 0.1 < 0 and y = 0: no mistake, no update
    assert ok(check.rosenblatt_step([0.2, -0.4], 0.1, y=0))
    assert "Nothing changed" not in repr(check.rosenblatt_step([0.2, -0.4], 0.1, y=0))


@pytest.mark.parametrize("w_new,b_new,words", [
    ([0.2, -0.4], 0.1, "Nothing changed"),
    ([-0.3, -0.9], -0.4, "wrong way"),
    ([1.2, 0.6], 1.1, "learning rate"),
    ([0.7, 0.1], 0.1, "bias"),
    ([0.7, -0.4], 0.6, "b_new is right"),
    ([5, 5], 5, "one step at a time"),
    ([0.7, 0.1], 0.65, "now the bias"),             # near miss on b
    ([0.7, 0.15], 0.6, "b_new is right"),           # near miss on w
])
def test_rosenblatt_step_hints(w_new, b_new, words):
    assert words in hint(check.rosenblatt_step(w_new, b_new))


def test_rosenblatt_step_odd_input():
    assert "not filled in w_new yet: replace the placeholder with two numbers" in odd(check.rosenblatt_step(None, None))
    assert "shape" in odd(check.rosenblatt_step([0.7, 0.1, 0.0], 0.6))
    assert "not filled in b_new" in odd(check.rosenblatt_step([0.7, 0.1], None))
    assert "numbers" in odd(check.rosenblatt_step(["a", "b"], 0.6))
