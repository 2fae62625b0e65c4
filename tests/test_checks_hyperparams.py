"""The checks of notebook 09: iterations per epoch, a learning rate, when to stop."""
import math

import numpy as np
import pytest
import torch
from feedback import friendly, hint, ok

from helpers.checks import hyperparams as check
from helpers.training import History

# ---------------------------------------------------------------- iterations_per_epoch

@pytest.mark.parametrize("fn", [
    lambda n, b: math.ceil(n / b),
    lambda n, b: -(-n // b),
    lambda n, b: (n + b - 1) // b,
    lambda n, b: float(math.ceil(n / b)),
])
def test_any_correct_iterations_formula_passes(fn):
    assert ok(check.iterations_per_epoch(fn))


def test_floor_gets_the_last_batch_hint():
    result = check.iterations_per_epoch(lambda n, b: n // b)
    assert hint(result) and "math.ceil" in result.message and "4000, 64" in result.message


def test_plain_division_gets_the_whole_number_hint():
    result = check.iterations_per_epoch(lambda n, b: n / b)
    assert hint(result) and "62.5" in result.message


@pytest.mark.parametrize("fn,words", [
    (lambda n, b: n * b, "One iteration uses one batch"),
    (lambda n, b: round(n / b), "round up with math.ceil"),          # 62 for 62.5: rounds down here
    (lambda n, b: n // b + 1, "iterations(10000, 100) gave 101, expected 100"),   # near miss: one too many
])
def test_other_wrong_formulas_get_a_hint(fn, words):
    assert words in hint(check.iterations_per_epoch(fn))


@pytest.mark.parametrize("fn", [None, 5, lambda n, b: None, lambda n, b: "63", lambda n, b: 1 / 0,
                                lambda n: n])
def test_odd_iterations_answers_are_friendly(fn):
    assert friendly(check.iterations_per_epoch(fn))


# ---------------------------------------------------------------- learning_rate

@pytest.mark.parametrize("lr", [0.2, 0.5, torch.tensor(0.3)])
def test_working_learning_rates_pass(lr):
    result = check.learning_rate(lr)
    assert ok(result) and "100 updates" in result.message


def test_too_small_learning_rate():
    result = check.learning_rate(0.001)
    assert hint(result) and "too small" in result.message


def test_too_large_learning_rate_that_does_not_diverge():
    result = check.learning_rate(10)
    assert hint(result) and "too large" in result.message


def test_diverging_learning_rate_is_named():
    result = check.learning_rate(1e12)
    assert hint(result) and "the loss became NaN" in result.message


@pytest.mark.parametrize("lr", [1e8, 0.054])
def test_the_verdict_does_not_depend_on_the_notebooks_random_state(lr):
    verdicts = set()
    for seed in range(4):
        torch.manual_seed(seed)                      # what the student's notebook ran before the check
        verdicts.add(check.learning_rate(lr).message)
    assert len(verdicts) == 1, verdicts


@pytest.mark.parametrize("lr", [None, "0.1", -0.1, 0, float("nan"), [0.1, 0.2]])   # [0.1] is read as 0.1
def test_odd_learning_rates_are_friendly(lr):
    assert friendly(check.learning_rate(lr))


# ---------------------------------------------------------------- stop_epoch

def run(val_loss):
    history = History()
    history["val_loss"] = list(val_loss)
    history["train_loss"] = [1.0 / (i + 1) for i in range(len(val_loss))]
    return history


VALLEY = run([2.0, 1.0, 0.6, 0.5, 0.52, 0.6, 0.7, 0.8, 0.9, 1.0])   # lowest at epoch 4


@pytest.mark.parametrize("epoch", [4, 5, 4.0, np.int64(4), torch.tensor(4), VALLEY["val_loss"].index(0.5) + 1])
def test_stopping_at_or_near_the_lowest_validation_loss_passes(epoch):
    assert ok(check.stop_epoch(epoch, VALLEY))


def test_stopping_late_names_overfitting():
    result = check.stop_epoch(9, VALLEY)
    assert hint(result) and "memorising" in result.message


@pytest.mark.parametrize("epoch,words", [(6, "memorising"), (10, "memorising"), (3, "still falling"),
                                         (1, "still falling")])      # 3 and 6: near misses of the valley
def test_stopping_away_from_the_valley(epoch, words):
    assert words in hint(check.stop_epoch(epoch, VALLEY))


def test_stopping_early_says_it_is_still_falling():
    result = check.stop_epoch(2, VALLEY)
    assert hint(result) and "still falling" in result.message


@pytest.mark.parametrize("epoch", [None, 0, 11, 2.5, "4"])
def test_odd_epochs_are_friendly(epoch):
    assert friendly(check.stop_epoch(epoch, VALLEY))


@pytest.mark.parametrize("history", [None, History(), [0.5, 0.4]])
def test_a_missing_history_is_friendly(history):
    assert friendly(check.stop_epoch(3, history))
