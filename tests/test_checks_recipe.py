"""The checks of notebook 11: output layer and loss per task, Adam's step, (context, next) pairs.

Expected values come from the notebook's questions (the slide's pairs, Adam's formulas,
"emma" padded with '...') or from PyTorch, never from the check's own reference."""
import time

import numpy as np
import pytest
import torch
from feedback import hint, odd, ok
from torch import nn

from helpers import checks
from helpers.checks import recipe as check

# ---------------------------------------------------------------- output_and_loss

SAFE = dict(binary=(nn.Identity(), nn.BCEWithLogitsLoss()), multiclass=(nn.Identity(), nn.CrossEntropyLoss()),
            regression=(nn.Identity(), nn.MSELoss()))


def answer(**changes):
    return {**SAFE, **changes}


@pytest.mark.parametrize("given,words", [
    (answer(), "linear + mean squared error"),                                    # the notebook's solution
    (answer(binary=[nn.Sigmoid(), nn.BCELoss()]), "slide's pair"),                # a list, the slide's pair
    (answer(multiclass=(nn.LogSoftmax(dim=1), nn.NLLLoss())), "split in two"),    # CE split in two
    (answer(multiclass=(nn.LogSoftmax(dim=1), nn.CrossEntropyLoss())), "does nothing"),   # same loss, redundant
    (answer(regression=(nn.Identity(), nn.L1Loss())), "L1Loss works too"),       # another distance
])
def test_output_and_loss_accepts_every_working_pair(given, words):
    result = check.output_and_loss(**given)
    assert ok(result) and words in result.message


def test_log_softmax_before_cross_entropy_gives_the_loss_of_the_raw_scores():
    # why the check accepts it: the same loss and the same gradients as nn.Identity()
    z = torch.randn(5, 10, dtype=torch.float64, requires_grad=True)
    y = torch.randint(0, 10, (5,))
    plain, twice = nn.CrossEntropyLoss()(z, y), nn.CrossEntropyLoss()(nn.LogSoftmax(dim=1)(z), y)
    g_plain, = torch.autograd.grad(plain, z)
    g_twice, = torch.autograd.grad(twice, z)
    assert torch.allclose(plain, twice) and torch.allclose(g_plain, g_twice)


@pytest.mark.parametrize("given,words", [
    (answer(binary=(nn.Sigmoid(), nn.BCEWithLogitsLoss())), "applies the sigmoid itself"),   # near miss
    (answer(binary=(nn.Identity(), nn.BCELoss())), "after nn.Sigmoid()"),
    (answer(binary=(nn.Sigmoid(), nn.MSELoss())), "binary cross-entropy"),
    (answer(multiclass=(nn.Softmax(dim=1), nn.CrossEntropyLoss())), "softmax twice"),        # near miss
    (answer(multiclass=(nn.Identity(), nn.NLLLoss())), "log-probabilities"),
    (answer(regression=(nn.Sigmoid(), nn.MSELoss())), "Sigmoid limits the output"),
    (answer(regression=(nn.ReLU(), nn.MSELoss())), "turns every negative output into 0"),
    (answer(regression=(nn.Identity(), nn.CrossEntropyLoss())), "distance to the truth"),
])
def test_output_and_loss_hints_name_the_mistake(given, words):
    assert words in hint(check.output_and_loss(**given))


@pytest.mark.parametrize("binary,words", [
    (None, "not filled in `binary`"), ((nn.Identity,), "pair"), ((nn.Identity, nn.BCEWithLogitsLoss), "brackets"),
    (("identity", "bce"), "torch.nn objects"),
])
def test_output_and_loss_odd_input(binary, words):
    assert words in odd(check.output_and_loss(**answer(binary=binary)))


# ---------------------------------------------------------------- adam_step

B1, B2, EPS = 0.9, 0.999, 1e-8


def adam_solution(theta, grad, m, v, t, lr):                  # the notebook's formulas, torch
    m = B1 * m + (1 - B1) * grad
    v = B2 * v + (1 - B2) * grad ** 2
    m_hat, v_hat = m / (1 - B1 ** t), v / (1 - B2 ** t)
    return theta - lr * m_hat / (torch.sqrt(v_hat) + EPS), m, v


def adam_numpy(theta, grad, m, v, t, lr):                     # NumPy inside, lists out
    theta, grad, m, v = (np.asarray(a, dtype=float) for a in (theta, grad, m, v))
    m = B1 * m + (1 - B1) * grad
    v = B2 * v + (1 - B2) * np.square(grad)
    step = lr * (m / (1 - B1 ** t)) / (np.sqrt(v / (1 - B2 ** t)) + EPS)
    return list(theta - step), list(m), list(v)


def adam_in_place(theta, grad, m, v, t, lr):                  # in-place tensor ops, a tuple of the same objects
    m.mul_(B1).add_(grad, alpha=1 - B1)
    v.mul_(B2).addcmul_(grad, grad, value=1 - B2)
    denom = (v / (1 - B2 ** t)).sqrt_().add_(EPS)
    theta.addcdiv_(m, denom, value=-lr / (1 - B1 ** t))
    return theta, m, v


def adam_by_pytorch(theta, grad, m, v, t, lr):                # a different method: torch.optim.Adam, one step
    p = theta.clone().requires_grad_(True)
    opt = torch.optim.Adam([p], lr=lr, betas=(B1, B2), eps=EPS)
    opt.state[p] = {"step": torch.tensor(float(t - 1)), "exp_avg": m.clone(), "exp_avg_sq": v.clone()}
    p.grad = grad.clone()
    opt.step()
    return p.detach(), opt.state[p]["exp_avg"], opt.state[p]["exp_avg_sq"]


@pytest.mark.parametrize("fn", [adam_solution, adam_numpy, adam_in_place, adam_by_pytorch])
def test_adam_step_accepts_any_correct_update(fn):
    assert ok(check.adam_step(fn))


def no_bias_correction(theta, grad, m, v, t, lr):
    m, v = B1 * m + (1 - B1) * grad, B2 * v + (1 - B2) * grad ** 2
    return theta - lr * m / (torch.sqrt(v) + EPS), m, v


def eps_inside_sqrt(theta, grad, m, v, t, lr):                # near miss: a 1e-8 slip
    m, v = B1 * m + (1 - B1) * grad, B2 * v + (1 - B2) * grad ** 2
    return theta - lr * (m / (1 - B1 ** t)) / torch.sqrt(v / (1 - B2 ** t) + EPS), m, v


def m_without_one_minus_beta(theta, grad, m, v, t, lr):
    m, v = B1 * m + grad, B2 * v + (1 - B2) * grad ** 2
    return theta - lr * (m / (1 - B1 ** t)) / (torch.sqrt(v / (1 - B2 ** t)) + EPS), m, v


def v_not_squared(theta, grad, m, v, t, lr):
    m, v = B1 * m + (1 - B1) * grad, B2 * v + (1 - B2) * grad.abs()
    return theta - lr * (m / (1 - B1 ** t)) / (torch.sqrt(v / (1 - B2 ** t)) + EPS), m, v


def plus_instead_of_minus(theta, grad, m, v, t, lr):          # climbs the slope
    new, m, v = adam_solution(theta, grad, m, v, t, lr)
    return 2 * theta - new, m, v


@pytest.mark.parametrize("fn,words", [
    (no_bias_correction, "Correct the bias"),
    (eps_inside_sqrt, "theta is off"),
    (m_without_one_minus_beta, "m is off"),
    (v_not_squared, "SQUARED"),
    (plus_instead_of_minus, "theta is off"),
])
def test_adam_step_hints_name_the_mistake(fn, words):
    message = hint(check.adam_step(fn))
    assert words in message and "At step" in message


def test_adam_step_the_first_step_moves_every_parameter_by_about_lr():
    # Adam's first step is lr * g / (|g| + eps): lr for every gradient far above eps
    g = torch.tensor([1e-4, 1e-2, 1.0, 10.0, 1e3], dtype=torch.float64)
    theta, _, _ = adam_by_pytorch(torch.zeros(5, dtype=torch.float64), g, torch.zeros(5, dtype=torch.float64),
                                  torch.zeros(5, dtype=torch.float64), 1, 0.01)
    assert torch.allclose(theta, -0.01 * torch.ones(5, dtype=torch.float64), rtol=1e-3)
    assert "0.0100 to 0.0100" in ok_message(check.adam_step(adam_solution))


def ok_message(result):
    assert ok(result), result.message
    return result.message


@pytest.mark.parametrize("fn,words", [
    (None, "not written"), (3, "should be a function"),
    (lambda theta, grad, m, v, t, lr: (theta, m), "three things"),
    (lambda theta, grad, m, v, t, lr: 1 / 0, "ZeroDivisionError"),
    (lambda theta, grad, m, v: (theta, m, v), "TypeError"),
    (lambda theta, grad, m, v, t, lr: (theta[:2], m, v), "shape"),
])
def test_adam_step_odd_input(fn, words):
    assert words in odd(check.adam_step(fn))


# ---------------------------------------------------------------- pairs
# The notebook: 3 characters of context, '.' pads the start and marks the end. By hand:
EMMA = [("...", "e"), ("..e", "m"), (".em", "m"), ("emm", "a"), ("mma", ".")]


def pairs_slicing(name):                                       # the notebook's solution
    padded = "..." + name + "."
    return [(padded[i:i + 3], padded[i + 3]) for i in range(len(name) + 1)]


def pairs_window(name):                                        # a sliding window, lists instead of tuples
    context, out = "...", []
    for ch in name + ".":
        out.append([context, ch])
        context = context[1:] + ch
    return out


def pairs_generator(name):                                     # a generator of tuples built with zip
    padded = "..." + name + "."
    return ((padded[i:i + 3], nxt) for i, nxt in zip(range(len(name) + 1), padded[3:]))


@pytest.mark.parametrize("fn", [pairs_slicing, pairs_window, pairs_generator])
def test_pairs_accepts_any_correct_function(fn):
    assert [tuple(p) for p in fn("emma")] == EMMA
    assert ok(check.pairs(fn))


def padded_with(pad, block=3):
    def fn(name):
        padded = pad * block + name + "."
        return [(padded[i:i + block], padded[i + block]) for i in range(len(name) + 1)]
    return fn


def context_one_too_far(name):                                 # off by one: the context includes the target
    padded = "..." + name + "."
    return [(padded[i + 1:i + 4], padded[i + 3]) for i in range(len(name) + 1)]


def strings_not_pairs(name):
    return [("..." + name)[i:i + 3] for i in range(len(name) + 1)]


@pytest.mark.parametrize("fn,words", [
    (lambda name: pairs_slicing(name)[:-1], "gave 4 pairs, but a name of 4 letters gives 5"),   # no end pair
    (padded_with(".", block=2), "should be 3 characters"),                                     # block of 2
    (padded_with(" "), "expected ('...', 'e') where you have ('   ', 'e')"),                   # near miss: spaces
    (context_one_too_far, "expected ('...', 'e') where you have ('..e', 'e')"),
])
def test_pairs_hints_name_the_mistake(fn, words):
    assert words in hint(check.pairs(fn))


@pytest.mark.parametrize("fn,words", [(None, "not written"), ("pairs", "should be a function"),
                                      (lambda name: 1 / 0, "ZeroDivisionError"), (lambda name: 5, "list of"),
                                      (strings_not_pairs, "list of (context, next) pairs")])
def test_pairs_odd_input(fn, words):
    assert words in odd(check.pairs(fn))


# ---------------------------------------------------------------- the framework's promises hold here too

@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(checks, "TIME_LIMIT", 0.5)


@pytest.mark.parametrize("slow,exercise", [
    (lambda name: time.sleep(3) or pairs_slicing(name), check.pairs),
    (lambda *a: time.sleep(3) or adam_solution(*a), check.adam_step),
])
def test_slow_student_code_is_stopped_within_the_limit(short_limit, slow, exercise):
    start = time.monotonic()
    assert "took longer than 0.5 s" in odd(exercise(slow))
    assert time.monotonic() - start < 2.5


# ---------------------------------------------------------------- the untouched templates, named calls

def adam_template(theta, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    # m = ..., v = ..., then the bias-corrected step             # the notebook's exercise cell, as given
    return theta, m, v


def pairs_template(name):
    return []   # your code


def test_the_untouched_templates_get_the_not_written_yet_notice():
    assert "You have not written adam_step yet" in odd(check.adam_step(adam_template))
    assert "You have not written pairs yet" in odd(check.pairs(pairs_template))


def test_a_pairs_function_that_returns_too_few_is_not_taken_for_the_template():
    assert "gave 0 pairs" in hint(check.pairs(lambda name: [p for p in pairs_slicing(name) if len(name) > 9]))


def test_an_error_in_adam_step_names_the_call():
    def fails_at_step_two(theta, grad, m, v, t, lr):
        return adam_solution(theta, grad, m, v, t, lr) if t == 1 else 1 / 0

    assert "adam_step(theta, grad, m, v, t=2, lr=0.01) on tensors of 5 parameters raised ZeroDivisionError" in \
        odd(check.adam_step(fails_at_step_two))


# ---------------------------------------------------------------- the mystery pipeline and its diagnosis

@pytest.fixture(scope="module")
def sample():
    from helpers import data
    mnist = data.load_mnist()
    return mnist.train_x[:1200], mnist.train_y[:1200]


def test_the_mystery_pipeline_breaks_the_image_label_pairs_and_nothing_else(sample):
    images, labels = sample
    mystery = check.mystery_pipeline(images, labels)
    (tx, ty), (vx, vy) = mystery.train, mystery.val
    assert len(vx) == 100 and len(tx) == 1100 and torch.equal(torch.cat([vy, ty]), labels)   # labels in place
    moved = torch.cat([vx, tx])
    assert sorted(moved.sum(1).tolist()) == sorted(images.sum(1).tolist())   # the same images ...
    assert (moved != images).any(1).float().mean() > 0.9                      # ... nearly all moved
    assert 0 <= float(tx.min()) and float(tx.max()) <= 1                     # pixels still in [0, 1] (not bug A)
    assert not any(isinstance(layer, nn.Softmax) for layer in mystery.model())   # no softmax (not bug B)


def test_the_recipes_steps_see_the_mystery_bug_only_at_step_3(sample):
    """What the notebook's three steps show, measured a second way here."""
    from helpers import training
    from helpers.lecture import evaluate
    mystery = check.mystery_pipeline(*sample)
    (tx, ty), (vx, vy) = mystery.train, mystery.val
    torch.manual_seed(0)
    model = mystery.model()
    with torch.no_grad():
        assert abs(nn.functional.cross_entropy(model(vx), vy).item() - np.log(10)) < 0.1       # step 1 passes
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(50):
        loss = nn.functional.cross_entropy(model(tx[:32]), ty[:32])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert loss.item() < 0.01                                                                    # step 2 passes
    torch.manual_seed(0)
    model = mystery.model()
    training.fit(model, (tx, ty), epochs=1, optimizer=torch.optim.Adam(model.parameters(), lr=0.001))
    baseline = (vy == torch.bincount(ty).argmax()).float().mean().item()
    assert evaluate(model, vx, vy)[1] < baseline + 0.1                                          # step 3 fails


@pytest.mark.parametrize("step,bug", [(3, "C"), (3, "c"), (3.0, " c "), (3, check.BUGS[2]), (torch.tensor(3), "C")])
def test_diagnosis_accepts_step_3_and_the_shuffled_images_in_any_spelling(step, bug):
    assert ok(check.diagnosis(step, bug))


@pytest.mark.parametrize("step,bug,words", [
    (1, "C", "Step 1 passed"), (2, "C", "Step 2 passed"), (0, "D", "Not every step passed"),
    (3, "A", "would already show at step 1"), (3, "B", "would already show at step 2"),
    (3, "D", "something is wrong"),
])
def test_diagnosis_hints_name_the_mistake(step, bug, words):
    assert words in hint(check.diagnosis(step, bug))


@pytest.mark.parametrize("step,bug,words", [
    (None, None, "not filled in `failing_step`"), (3, None, "not filled in `bug`"), (5, "C", "1, 2 or 3"),
    (2.5, "C", "whole number"), ("three", "C", "failing_step"), (3, "E", "one of the letters"),
])
def test_diagnosis_odd_input(step, bug, words):
    assert words in odd(check.diagnosis(step, bug))


@pytest.mark.parametrize("args,error,words", [
    (([1, 2], [1, 2]), TypeError, "two tensors"),
    ((torch.zeros(50, 784), torch.zeros(50, dtype=torch.long)), ValueError, "at least 100 images"),
    ((torch.zeros(200, 28, 28), torch.zeros(200, dtype=torch.long)), ValueError, r"shape \(200, 28, 28\)"),
])
def test_mystery_pipeline_bad_input(args, error, words):
    with pytest.raises(error, match=words):
        check.mystery_pipeline(*args)
