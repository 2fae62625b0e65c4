import numpy as np
import pytest
import torch

from helpers import checks
from helpers.checks import setup


@pytest.mark.parametrize("answer,ok,shown", [
    (1, True, "✅ Correct! Well done."),                        # returning nothing: a plain "correct"
    (2, True, "✅ Correct! It is two."),
    (3, False, "❌ Not yet. Three is one too many."),
    ("x", False, "⚠️ 'x' is not a number."),
])
def test_exercise_turns_each_outcome_into_the_result_the_notebook_shows(answer, ok, shown):
    @checks.exercise
    def count(value):
        if isinstance(value, str):
            raise checks.BadInput(f"{value!r} is not a number.")
        if value == 3:
            raise checks.Wrong("Three is one too many.")
        if value == 2:
            return checks.correct("It is two.")

    result = count(answer)
    assert bool(result) is ok and repr(result) == result.message == shown   # the notebook shows repr


@pytest.mark.parametrize("answer,ok,start", [(4, True, "✅"), (4.0, True, "✅"), (np.int64(4), True, "✅"),
                                             (torch.tensor(4), True, "✅"), (3, False, "❌"), (None, False, "⚠️"),
                                             ("four", False, "⚠️"), (float("inf"), False, "⚠️"),
                                             ([4, 4], False, "⚠️")])
def test_warm_up_accepts_right_and_explains_the_rest(answer, ok, start):
    result = setup.warm_up(answer)
    assert bool(result) is ok and repr(result).startswith(start)


def test_wrong_answer_gets_a_hint():
    assert "bias" in repr(setup.warm_up(3))


def test_exception_inside_a_check_becomes_a_message():
    @checks.exercise
    def boom(fn):
        return checks.call(fn, 1, name="f")

    def student(x):
        return x / 0

    result = boom(student)
    assert not result and "ZeroDivisionError" in repr(result)
    assert "not written" in repr(boom(None))
    assert "should be a function" in repr(boom(3))


def test_unexpected_error_in_check_never_escapes():
    @checks.exercise
    def fragile(x):
        return x["key"]

    assert "TypeError" in repr(fragile(3))


def test_array_validation():
    assert checks.array([[1, 2]], (1, 2), "W").shape == (1, 2)
    for value, match in [([1, 2, 3], "shape"), ("ab", "numbers"), ([np.nan], "NaN")]:
        with pytest.raises(checks.BadInput, match=match):
            checks.array(value, (1,) if match == "NaN" else (2,), "W")


def test_close():
    assert checks.close(0.1 + 0.2, 0.3) and not checks.close(1.0, 1.1)


# The warm-up asks for the parameters of a neuron with 3 inputs; PyTorch counts them independently.
NEURON_3 = sum(p.numel() for p in torch.nn.Linear(3, 1).parameters())


@pytest.mark.parametrize("answer", [NEURON_3, float(NEURON_3), np.int64(NEURON_3), torch.tensor([NEURON_3]),
                                    np.array([[NEURON_3]])])
def test_warm_up_accepts_the_count_in_any_form(answer):
    result = setup.warm_up(answer)
    assert result and "plus one bias" in repr(result)


@pytest.mark.parametrize("answer,words", [(NEURON_3 - 1, "counted the weights"), (NEURON_3 + 1, "add the bias"),
                                         (2 * 3 + 1, "one weight per input"), (3.9, "add the bias")])
def test_warm_up_wrong_counts_get_a_hint(answer, words):
    result = setup.warm_up(answer)
    assert not result and repr(result).startswith("❌") and words in repr(result)
