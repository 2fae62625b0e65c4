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


def test_the_untouched_template_gets_the_not_written_notice():
    def iterations(n_examples, batch_size):
        return None   # your formula here
    message = friendly(check.iterations_per_epoch(iterations))
    assert "You have not written iterations yet: replace `return None`" in message


def test_a_missing_return_in_one_case_and_an_error_name_the_call():
    message = friendly(check.iterations_per_epoch(lambda n, b: math.ceil(n / b) if n % b == 0 else None))
    assert "iterations(4000, 64) returned None" in message
    message = friendly(check.iterations_per_epoch(lambda n, b: math.ceil(n / b) if n > 5 else 1 / 0))
    assert "iterations(5, 10) raised ZeroDivisionError" in message


# ---------------------------------------------------------------- learning_rate

@pytest.mark.parametrize("lr", [0.2, 0.5, torch.tensor(0.3)])
def test_working_learning_rates_pass(lr):
    result = check.learning_rate(lr)
    assert ok(result) and "100 updates" in result.message


def test_too_small_learning_rate():
    result = check.learning_rate(0.001)
    assert hint(result) and "too small" in result.message


def test_the_lectures_just_right_rate_is_explained_and_the_useful_range_is_true():
    result = check.learning_rate(0.01)
    assert hint(result) and "The lecture's 'just right' 0.01 is too slow" in result.message
    message = hint(check.learning_rate(1e-4))
    assert "between about 0.06 and 0.5" in message
    assert ok(check.learning_rate(0.06)) and ok(check.learning_rate(0.5))       # the ends of that range pass


def test_a_rate_just_above_one_is_called_too_large_without_contradicting_section_1():
    message = hint(check.learning_rate(1.5))
    assert "too large for this network" in message and "up to about 0.5" in message and "lecture" not in message


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


NOISY = run([2.0, 1.2, 1.0, 1.05, 0.9, 0.8, 0.85, 0.7, 0.75, 0.9, 1.2])   # rises start at 4, 7, 9; lowest at 8


@pytest.mark.parametrize("epoch", [4, 7, 9])
def test_the_lectures_rule_stop_when_the_validation_loss_starts_going_up_passes(epoch):
    result = check.stop_epoch(epoch, NOISY)
    assert ok(result) and "starts going up" in result.message and f"weights of epoch {epoch - 1}" in result.message
    assert ("falls again later" in result.message) == (epoch < 8)
    assert "'When val loss starts going up → stop training!'" in result.message   # the slide's words, verbatim


@pytest.mark.parametrize("epoch,words", [(10, "memorising"), (5, "still falling"), (3, "still falling")])
def test_after_the_first_rise_past_the_lowest_point_or_while_falling_is_wrong(epoch, words):
    assert words in hint(check.stop_epoch(epoch, NOISY))


def test_the_middle_of_a_rise_points_to_its_start_without_claiming_a_fall():
    history = run([2.0, 1.0, 1.1, 1.2, 0.9, 0.8])                     # rise starts at 3; lowest at 6
    message = hint(check.stop_epoch(4, history))
    assert "started at an earlier epoch" in message and "falling" not in message
    assert ok(check.stop_epoch(3, history))


def test_stopping_early_says_it_is_still_falling():
    result = check.stop_epoch(2, VALLEY)
    assert hint(result) and "still falling" in result.message


@pytest.mark.parametrize("epoch", [None, 0, 11, 2.5, "4"])
def test_odd_epochs_are_friendly(epoch):
    assert friendly(check.stop_epoch(epoch, VALLEY))


@pytest.mark.parametrize("history", [None, History(), [0.5, 0.4]])
def test_a_missing_history_is_friendly(history):
    assert friendly(check.stop_epoch(3, history))
