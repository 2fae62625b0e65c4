"""The checks of notebook 08: the order of a training step, and a student's train_step."""
import itertools

import pytest
import torch
from feedback import friendly, hint, ok

from helpers.checks import training as check

# ---------------------------------------------------------------- step_order

def valid(order):
    at = {check._ROLE[c]: i for i, c in enumerate(order)}
    # zero_grad anywhere but between backward and update (after update it clears for the next batch)
    return (at["forward"] < at["loss"] < at["backward"] < at["update"]
            and not at["backward"] < at["zero_grad"] < at["update"])


def test_every_working_order_is_accepted_and_every_other_refused():
    for order in itertools.permutations("ABCDE"):
        result = check.step_order(list(order))
        assert bool(result) == valid(order), order
        assert ok(result) or hint(result)


def test_four_working_orders_exist():
    assert sum(valid(o) for o in itertools.permutations("ABCDE")) == 4
    assert ok(check.step_order(["D", "B", "C", "A", "E"]))       # zero_grad at the end of the body


@pytest.mark.parametrize("order", ["DBECA", "d b e c a", "E,D,B,C,A", ("D", "E", "B", "C", "A")])
def test_order_accepts_strings_lowercase_and_tuples(order):
    assert ok(check.step_order(order))


@pytest.mark.parametrize("order, words", [
    ("DBCEA", "wipes out the gradients"),     # zero_grad between backward and step
    ("DBECA"[::-1], "forward pass"),           # everything backwards: loss before forward
    ("DBEAC", "after loss.backward()"),        # step before backward
    ("DCEBA", "needs a loss"),                 # backward before the loss
])
def test_wrong_orders_get_the_specific_hint(order, words):
    result = check.step_order(order)
    assert hint(result) and words in result.message


@pytest.mark.parametrize("order", [None, ..., 5, ["D", "B"], "DBECAA", "DBECX", [1, 2, 3, 4, 5]])
def test_odd_orders_get_a_friendly_message(order):
    assert friendly(check.step_order(order))


def test_show_step_lines_prints_every_line(capsys):
    check.show_step_lines()
    out = capsys.readouterr().out
    assert all(f"{k}: {v}" in out for k, v in check.STEP_LINES.items())


# ---------------------------------------------------------------- train_step

def good(model, images, labels, criterion, optimizer):
    optimizer.zero_grad()
    loss = criterion(model(images), labels)
    loss.backward()
    optimizer.step()
    return loss


def test_a_correct_step_passes_with_tensor_or_float_loss():
    assert ok(check.train_step(good))
    assert ok(check.train_step(lambda *a: good(*a).item()))


def test_zero_grad_may_come_first_or_just_before_backward():
    def late_zero(model, images, labels, criterion, optimizer):
        loss = criterion(model(images), labels)
        model.zero_grad()
        loss.backward()
        optimizer.step()
        return loss
    assert ok(check.train_step(late_zero))


def test_missing_zero_grad_is_caught():
    def no_zero(model, images, labels, criterion, optimizer):
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        return loss
    result = check.train_step(no_zero)
    assert hint(result) and "zero_grad" in result.message and "adds gradients up" in result.message


def test_zero_grad_after_step_is_accepted():
    def zero_last(model, images, labels, criterion, optimizer):
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        return loss
    assert ok(check.train_step(zero_last))


def test_returning_the_predictions_is_named_without_dumping_them():
    def predictions(model, images, labels, criterion, optimizer):
        good(model, images, labels, criterion, optimizer)
        return model(images)
    message = hint(check.train_step(predictions))
    assert "shape (32, 3)" in message and "predictions" in message and "tensor([" not in message


def test_a_second_call_that_fails_is_the_students_error_not_the_course():
    calls = []

    def second_fails(*args):
        calls.append(1)
        if len(calls) > 1:
            raise ValueError("only once")
        return good(*args)
    message = friendly(check.train_step(second_fails))
    assert "only once" in message and "course" not in message


def test_zero_grad_between_backward_and_step_is_caught():
    def wiped(model, images, labels, criterion, optimizer):
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        return loss
    result = check.train_step(wiped)
    assert hint(result) and "did not change" in result.message


def test_missing_step_is_caught():
    def no_step(model, images, labels, criterion, optimizer):
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        return loss
    assert hint(check.train_step(no_step))


def test_two_steps_are_not_one():
    assert hint(check.train_step(lambda *a: (good(*a), good(*a))[1]))


def test_returning_nothing_or_the_wrong_loss():
    result = check.train_step(lambda *a: None if good(*a) is not None else None)
    assert hint(result) and "return loss" in result.message

    def after(model, images, labels, criterion, optimizer):
        good(model, images, labels, criterion, optimizer)
        return criterion(model(images), labels)
    result = check.train_step(after)
    assert hint(result) and "before the update" in result.message
    assert hint(check.train_step(lambda *a: (good(*a), "done")[1]))


def test_odd_train_steps_get_a_friendly_message():
    assert friendly(check.train_step(None))
    assert friendly(check.train_step(42))

    def broken(model, images, labels, criterion, optimizer):
        raise RuntimeError("shapes do not match")
    result = check.train_step(broken)
    assert friendly(result) and "shapes do not match" in result.message


def test_the_tiny_problem_is_reproducible():
    a, xa, ya = check._tiny_problem()
    b, xb, yb = check._tiny_problem()
    assert torch.equal(xa, xb) and torch.equal(ya, yb)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
