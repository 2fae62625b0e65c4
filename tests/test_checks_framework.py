"""helpers.checks, the framework: what a check shows for each outcome, and what every
check promises (issue 14): one reader for typed answers, a time limit on student code,
global state left alone, and bugs in a check blamed on the course."""
import math
import random
import time

import numpy as np
import pytest
import torch
from feedback import hint, odd, ok

from helpers import checks
from helpers.checks import backprop, forward, gates, hidden, mlp, playground, recipe, setup, softmax, training, xor

# ---------------------------------------------------------------- what the notebook shows

@pytest.mark.parametrize("answer,accepted,shown", [
    (1, True, "✅ Correct! Well done."),                        # returning nothing: a plain "correct"
    (2, True, "✅ Correct! It is two."),
    (3, False, "❌ Not yet. Three is one too many."),
    ("x", False, "⚠️ 'x' is not a number."),
])
def test_exercise_turns_each_outcome_into_the_result_the_notebook_shows(answer, accepted, shown):
    @checks.exercise
    def count(value):
        if isinstance(value, str):
            raise checks.BadInput(f"{value!r} is not a number.")
        if value == 3:
            raise checks.Wrong("Three is one too many.")
        if value == 2:
            return checks.correct("It is two.")

    result = count(answer)
    assert bool(result) is accepted and repr(result) == result.message == shown   # the notebook shows repr


def ok_message(result):
    assert ok(result), result.message
    return result.message


# The warm-up asks for the parameters of a neuron with 3 inputs; PyTorch counts them independently.
NEURON_3 = sum(p.numel() for p in torch.nn.Linear(3, 1).parameters())


@pytest.mark.parametrize("answer", [NEURON_3, float(NEURON_3), np.int64(NEURON_3), torch.tensor(NEURON_3),
                                    torch.tensor([NEURON_3]), np.array([[NEURON_3]])])
def test_warm_up_accepts_the_count_in_any_form(answer):
    assert "plus one bias" in ok_message(setup.warm_up(answer))


@pytest.mark.parametrize("answer,words", [(NEURON_3 - 1, "counted the weights"), (NEURON_3 + 1, "add the bias"),
                                         (2 * 3 + 1, "one weight per input"), (3.9, "add the bias")])
def test_warm_up_wrong_counts_get_a_hint(answer, words):
    assert words in hint(setup.warm_up(answer))


@pytest.mark.parametrize("answer", [None, "four", float("inf"), [4, 4]])
def test_warm_up_is_friendly_to_odd_input(answer):
    assert odd(setup.warm_up(answer))


# ---------------------------------------------------------------- global state

def state():
    return (torch.get_rng_state().clone(), np.random.get_state()[1].copy(), random.getstate(),
            torch.get_default_dtype(), torch.is_grad_enabled())


def same(a, b):
    return (torch.equal(a[0], b[0]) and np.array_equal(a[1], b[1]) and a[2] == b[2]
            and a[3] == b[3] and a[4] == b[4])


def meddler(*args):
    """Student code that changes every global it can, then answers badly."""
    torch.manual_seed(123)
    np.random.seed(123)
    random.seed(123)
    torch.set_default_dtype(torch.float64)
    torch.set_grad_enabled(False)
    return None


def train_good(model, batches, criterion, optimizer, epochs):
    for _ in range(epochs):
        for images, labels in batches:
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()


def tiny_lines():
    """The 14 lines of the tiny network's backward pass, computed from the lecture's numbers."""
    dz2 = 1 / (1 + math.exp(-0.36)) - 1                   # y_hat - y
    dh1, dh2 = dz2 * 0.7, dz2 * -0.5                      # ReLU's slope is 1 at z = 0.8 and 0.2
    return (dz2, dz2 * 0.8, dz2 * 0.2, dz2, dh1, dh2, dh1, dh2, dh1, dh1 * 0.5, dh1, dh2, dh2 * 0.5, dh2)


def layer_answers():
    gen = torch.Generator().manual_seed(3)
    Z1, W2 = torch.randn(4, 5, generator=gen), torch.randn(3, 5, generator=gen)
    G2 = torch.randn(4, 3, generator=gen) / 4
    H = torch.relu(Z1)
    right = (G2.T @ H, G2.sum(0), G2 @ W2, (G2 @ W2) * (Z1 > 0), G2, Z1, W2)
    return right, (H.T @ G2, *right[1:])


TINY_LINES = tiny_lines()
LAYER_RIGHT, LAYER_WRONG = layer_answers()


# (check, a right answer, a wrong answer); each also gets `meddler` where it takes a function
CALLS = [
    (setup.warm_up, (4,), (3,)),
    (gates.nand, (-1, -1, 1.5), (1, 1, -1.5)),
    (gates.rosenblatt_step, ([0.7, 0.1], 0.6), ([0.2, -0.4], 0.1)),
    (xor.xnor_with_product, ([-1, -1, 2], 0.5), ([1, 1, -2], -0.5)),
    (xor.xor_from_or_nand, ([1, 1], -1.5), ([1, -2], -0.5)),
    (mlp.relu, (lambda z: max(0.0, z),), (abs,)),
    (forward.hidden_values, ((0.6, 0.0),), ((0.6, -1.3),)),
    (forward.output_probability, (0.579,), (0.32,)),
    (forward.n_parameters, (lambda s: sum(a * b + b for a, b in zip(s, s[1:])),), (lambda s: 9,)),
    (softmax.my_softmax, (lambda z: torch.softmax(torch.as_tensor(z), 0),),
     (lambda z: np.exp(z) / np.exp(z).sum(),)),
    (softmax.cross_entropy, (1.61,), (0.7,)),
    (softmax.uniform_loss, (4.6,), (2.3,)),
    (backprop.derivative, (24,), (8,)),
    # the tiny network's backward pass by hand from the lecture's numbers, y_hat = sigmoid(0.36), y = 1
    (backprop.tiny_backward, TINY_LINES, (0.0,) * 14),
    (backprop.layer_backward, LAYER_RIGHT, LAYER_WRONG),
    (backprop.accumulated, (21,), (7,)),
    (training.step_order, ("DBECA",), ("DBCEA",)),
    (training.training_loop, (train_good,), (lambda *a: None,)),
    (playground.count, (lambda n, h: sum(a * b + b for a, b in zip([n, *h], [*h, 1])),), (lambda n, h: 1,)),
    (hidden.parameter_count, (lambda i, w, d, o: sum(a * b + b for a, b in zip([i] + [w] * d, [w] * d + [o])),),
     (lambda i, w, d, o: 1,)),
    (hidden.hidden_layer, (lambda m, x: torch.relu(m[0](x)),), (lambda m, x: m(x),)),
    (recipe.pairs, (lambda name: [(("..." + name + ".")[i:i + 3], ("..." + name + ".")[i + 3])
                                  for i in range(len(name) + 1)],), (lambda name: [],)),
]


@pytest.mark.parametrize("check,right,wrong", CALLS, ids=[c[0].__name__ for c in CALLS])
def test_right_wrong_and_meddling_answers_leave_global_state_alone(check, right, wrong):
    torch.manual_seed(7)
    np.random.seed(7)
    random.seed(7)
    before = state()
    assert ok(check(*right))
    assert not check(*wrong)
    assert same(before, state())
    with torch.no_grad():                       # grad mode off before the check stays off
        inside = state()
        check(*right)
        assert same(inside, state())
    if callable(right[0]):
        check(meddler)
        assert same(before, state())


def test_learning_rate_check_does_not_reseed_the_global_generator():
    from helpers.checks import hyperparams
    torch.manual_seed(11)
    before = state()
    hyperparams.learning_rate(0.3)
    assert same(before, state())


# ---------------------------------------------------------------- the time limit

@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(checks, "TIME_LIMIT", 0.5)


def test_a_slow_function_is_stopped_within_the_limit(short_limit):
    def sleepy(z):
        time.sleep(3)
        return np.ones(len(z)) / len(z)
    start = time.monotonic()
    message = odd(softmax.my_softmax(sleepy))
    assert time.monotonic() - start < 2.5                  # not 9 cases x 3 s
    assert "took longer than 0.5 s" in message


def test_the_limit_counts_all_calls_of_one_check_together(short_limit):
    def a_bit_slow(n, b):
        time.sleep(0.1)
        return -(-n // b)
    assert "took longer" in odd(__import__("helpers.checks.hyperparams").checks.hyperparams
                                .iterations_per_epoch(a_bit_slow))      # 7 cases x 0.1 s > 0.5 s


def test_student_code_gets_copies():
    seen = []

    def vandal(sizes):
        seen.append(list(sizes))
        sizes.clear()                                   # destroys its argument
        return 0
    forward.n_parameters(vandal)
    images_before = None

    def ink(images):
        nonlocal images_before
        images_before = images.clone()
        images.zero_()
        return (images_before > 0.5).float().mean(1)
    from helpers.checks import paradigm
    assert ok(paradigm.my_ink_fraction(ink))              # zeroing the copy does not change the verdict


def test_only_the_untouched_template_counts_as_not_written():
    def template(model, images):
        """A docstring is not an answer."""
        return None   # your code here

    assert checks.untouched(template) and checks.untouched(lambda *args: None)
    assert not checks.untouched(lambda model, images: 5) and not checks.untouched(lambda model, images: model(images))


# ---------------------------------------------------------------- whose fault

def test_a_bug_in_the_check_is_the_courses_fault():
    @checks.exercise
    def fragile(x):
        return {}["missing"]
    message = odd(fragile(3))
    assert "fault in the course" in message and "your code" not in message.lower()


def test_an_error_in_student_code_is_named_as_theirs():
    message = odd(forward.n_parameters(lambda s: 1 / 0))
    assert "n_parameters([2, 2, 1]) raised ZeroDivisionError" in message and "course" not in message


def test_nan_input_is_odd_input_not_a_crash():
    assert "NaN" in odd(forward.hidden_values((0.6, 0.0), (float("nan"), 1.0)))
    assert "finite" in odd(softmax.uniform_loss(float("nan")))


# ---------------------------------------------------------------- the reader

@pytest.mark.parametrize("value", [25, 25.0, np.int64(25), np.float32(25), torch.tensor(25),
                                   torch.tensor([25.0]), np.array([[25]])])
def test_whole_number_reads_every_numeric_type(value):
    assert checks.whole_number(value, "n") == 25


@pytest.mark.parametrize("value,words", [("25", "text"), (None, "not filled in"), (True, "truth value"),
                                         ([1, 2], "one number"), (25.5, "whole number"), (1 + 2j, "complex")])
def test_number_reader_refuses_malformed_answers(value, words):
    with pytest.raises(checks.BadInput, match=words):
        checks.whole_number(value, "n")


@pytest.mark.parametrize("value", [[1, 2], (1, 2), np.array([1, 2]), torch.tensor([1, 2]),
                                   np.array([[1, 2]]), np.array([[1], [2]]), torch.tensor([[1.0, 2.0]]),
                                   [torch.tensor(1.0), np.float64(2)]])
def test_array_reader_squeezes_unambiguous_size_one_dimensions(value):
    assert checks.array(value, (2,), "v").tolist() == [1.0, 2.0]


@pytest.mark.parametrize("value,words", [([1, 2, 3], r"shape \(3,\)"), ([[1, 2], [3, 4]], r"shape \(2, 2\)"),
                                         ([[1, 2], [3]], "numbers"), (["a", "b"], "numbers"),
                                         ([1, None], "numbers"), ([1, np.nan], "NaN")])
def test_array_reader_refuses_what_cannot_be_meant(value, words):
    with pytest.raises(checks.BadInput, match=words):
        checks.array(value, (2,), "v")


def test_close():
    assert checks.close(0.1 + 0.2, 0.3) and not checks.close(1.0, 1.1)


def test_messages_never_print_minus_zero():
    assert checks.fmt(-0.0) == "0" and checks.fmt(-1e-17) == "0" and checks.fmt(-0.5) == "-0.5"
    assert "-0" not in mlp.relu(lambda z: z * (z > 0) - 5 * (z == 2.5)).message
    assert checks.shape_text((2,)) == "(2,)"


def test_messages_write_counts_and_large_numbers_in_full():
    assert [checks.fmt(v) for v in (101_770, 314_912.7, -4321.0, 0.5791, 1e8)] == [
        "101,770", "314,900", "-4,321", "0.5791", "1e+08"]


def test_a_number_a_last_bit_from_whole_reads_as_the_whole_number():
    # 2^10 computed through ten sigmoid layers is 1024 on one CPU and 1023.9999999999998 on another
    assert {checks.fmt(v) for v in (1024.0, 1024 * (1 - 2e-16), 1024 * (1 + 2e-16))} == {"1,024"}
    assert checks.fmt(1234.56) == "1,235" and checks.fmt(12.0) == "12"


@pytest.mark.parametrize("value,want,decimals,accepted", [
    (4.6, np.log(100), 1, True), (4.61, np.log(100), 1, True), (np.float32(4.6), np.log(100), 1, True),
    (4.7, np.log(100), 1, False), (5, np.log(100), 1, False), (4.65, np.log(100), 1, False),
    (0.58, 0.5793, 2, True), (0.6, 0.5793, 2, False), (0.57, 0.5793, 2, False),
])
def test_rounded_answers_match_the_precision_they_are_given_in(value, want, decimals, accepted):
    assert checks.near(float(value), want, decimals) is accepted
