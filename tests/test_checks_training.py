"""The checks of notebook 08: the order of a training step, and a student's training loop."""
import itertools

import pytest
import torch
from feedback import friendly, hint, odd, ok

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


# ---------------------------------------------------------------- training_loop

def steps(model, inputs, labels, criterion, optimizer, order="zfbs"):
    """One step in the given order: z zero_grad, f forward and loss, b backward, s step."""
    loss = None
    for what in order:
        if what == "z":
            optimizer.zero_grad()
        elif what == "f":
            loss = criterion(model(inputs), labels)
        elif what == "b":
            loss.backward()
        else:
            optimizer.step()
    return loss


def loop(order="zfbs", epochs_used=None):
    def train(model, batches, criterion, optimizer, epochs):
        for _ in range(epochs if epochs_used is None else epochs_used):
            for inputs, labels in batches:
                steps(model, inputs, labels, criterion, optimizer, order)
    return train


@pytest.mark.parametrize("order", ["zfbs", "fzbs", "fbsz"])      # zero_grad first, before backward, or last
def test_every_right_loop_passes(order):
    result = check.training_loop(loop(order))
    assert ok(result) and "12 updates" in result.message


def test_other_right_ways_to_write_it_pass():
    def with_losses(model, batches, criterion, optimizer, epochs):     # returns something, clears by hand
        losses = []
        for _epoch in range(1, epochs + 1):
            for x, y in batches:
                predictions = model(x)
                loss = torch.nn.functional.cross_entropy(predictions, y)
                for p in model.parameters():
                    p.grad = None
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
        return losses

    def model_zero_grad_and_extra_forward(model, batches, criterion, optimizer, epochs):
        for _ in range(epochs):
            for x, y in batches:
                model.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            with torch.no_grad():                              # a look at the loss costs nothing
                model(x)
    assert ok(check.training_loop(with_losses))
    assert ok(check.training_loop(model_zero_grad_and_extra_forward))


@pytest.mark.parametrize("fn, words", [
    (loop("fbs"), "sum of ALL earlier gradients"),             # no zero_grad
    (loop("zfsb"), "THEN optimizer.step()"),                   # step before backward: nothing moves
    (loop("fbzs"), "did not change"),                          # zero_grad between backward and step
    (loop(epochs_used=1), "wrap the loop over the batches"),   # one epoch only
])
def test_the_usual_mistakes_get_their_hint(fn, words):
    assert words in hint(check.training_loop(fn))


def test_the_four_steps_outside_the_batch_loop_and_a_fixed_batch_are_named():
    def last_batch(model, batches, criterion, optimizer, epochs):
        for _ in range(epochs):
            for batch in batches:
                last = batch
            steps(model, *last, criterion, optimizer)

    def first_batch(model, batches, criterion, optimizer, epochs):
        inputs, labels = batches[0]
        for _ in range(epochs):
            for _batch in batches:
                steps(model, inputs, labels, criterion, optimizer)
    assert "indentation" in hint(check.training_loop(last_batch))
    assert "this iteration's inputs and labels" in hint(check.training_loop(first_batch))


def test_a_different_learning_rate_gets_the_general_hint():
    def own_optimizer(model, batches, criterion, optimizer, epochs):
        loop()(model, batches, criterion, torch.optim.SGD(model.parameters(), lr=0.01), epochs)
    message = hint(check.training_loop(own_optimizer))
    assert "not where the four steps take them" in message and "the optimizer you are given" in message


def test_step_before_backward_that_raises_gets_the_order():
    # no zero_grad: from the second batch on step() changes weights the pending backward needs
    message = odd(check.training_loop(loop("fsb")))
    assert "the order is forward, loss, backward, then step" in message
    assert "modified by an inplace operation" in message
    assert "THEN optimizer.step()" in hint(check.training_loop(loop("fsbz")))   # gradients cleared: nothing moves


def test_errors_name_the_call_and_say_what_they_usually_mean():
    images = torch.randn(64, 784)                                    # a notebook's name, not the batch

    def global_images(model, batches, criterion, optimizer, epochs):
        for _ in range(epochs):
            for _inputs, labels in batches:
                optimizer.zero_grad()
                criterion(model(images), labels).backward()
                optimizer.step()

    def swapped(model, batches, criterion, optimizer, epochs):
        for x, y in batches:
            criterion(y, model(x)).backward()

    def loss_once(model, batches, criterion, optimizer, epochs):
        loss = criterion(model(batches[0][0]), batches[0][1])
        for _ in range(epochs):
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    def on_predictions(model, batches, criterion, optimizer, epochs):
        model(batches[0][0]).backward()
    for fn, words in [(global_images, "not a name from elsewhere"), (swapped, "criterion(predictions, labels)"),
                      (loss_once, "anew for every batch"), (on_predictions, "call it on the loss")]:
        message = odd(check.training_loop(fn))
        assert "train(model, batches, criterion, optimizer, epochs=3)" in message and "SGD(lr=0.1)" in message
        assert words in message and "course" not in message


def test_the_untouched_template_and_odd_answers_get_a_notice():
    def train(model, batches, criterion, optimizer, epochs):
        pass   # your loop here
    assert "You have not written train yet: replace `pass`" in odd(check.training_loop(train))
    assert "not written train" in odd(check.training_loop(None))
    assert "should be a function" in odd(check.training_loop(42))
    assert "Fix it" in odd(check.training_loop(lambda model: None))        # wrong number of arguments


def test_the_check_sees_its_own_reference_as_right():
    """The right loop is the notebook's exported epoch, repeated."""
    from helpers.lecture import train_epoch

    def by_the_lecture(model, batches, criterion, optimizer, epochs):
        for _ in range(epochs):
            train_epoch(model, batches, criterion, optimizer)
    assert ok(check.training_loop(by_the_lecture))
