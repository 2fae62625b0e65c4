"""Exercises of notebook 09: iterations per epoch, a learning rate that works,
and when to stop training."""
import functools
import math

import torch

from . import BadInput, Wrong, call, correct, exercise, number

# (examples, batch size) -> iterations per epoch: exact divisions and a last, smaller batch
_CASES = [(10_000, 100), (4_000, 64), (60_000, 64), (60_000, 100), (5, 10), (1_000, 1), (1_001, 10)]


@exercise
def iterations_per_epoch(fn):
    """Check the student's iterations(n_examples, batch_size): the number of weight
    updates in one epoch, counting the last, smaller batch (so ceil(N / B))."""
    if fn is None or fn is Ellipsis:
        raise BadInput("You have not written iterations(n_examples, batch_size) yet.")
    for n, b in _CASES:
        got = call(fn, n, b, name="iterations")
        if got is None:
            raise BadInput("iterations returned None: replace `return None` with your formula.")
        try:
            value = number(got, f"iterations({n}, {b})")
        except BadInput:
            raise BadInput(f"iterations({n}, {b}) returned {got!r}; it should return a number.") from None
        want = math.ceil(n / b)
        if value == want:
            continue
        if math.isclose(value, n / b):
            raise Wrong(f"iterations({n}, {b}) gave {value:g}: you cannot do {value:g} updates. The last "
                        f"{n % b} examples still form one (smaller) batch, so round UP: math.ceil.")
        if value == n // b:
            raise Wrong(f"iterations({n}, {b}) gave {value:g}, but the last {n % b} examples form one more, "
                        f"smaller batch (training.batches yields it too): round up with math.ceil.")
        raise Wrong(f"iterations({n}, {b}) gave {value:g}, expected {want}. One iteration uses one batch "
                    f"of {b} examples: how many batches cover all {n} examples?")
    return correct("iterations = ceil(N / B): 100 for 10K images in batches of 100, "
                   "63 for 4,000 in batches of 64 (the last one has 32 images).")


@functools.cache
def _trial_data():
    """The first 1,000 images of the shipped MNIST subset (always present), loaded once."""
    from ..data import load_mnist
    mnist = load_mnist("subset", verbose=False)
    return mnist.train_x[:1000], mnist.train_y[:1000]


@exercise
def learning_rate(lr):
    """Train a small 784-32-10 network for 5 epochs (batches of 50, 1,000 MNIST images)
    with plain SGD at learning rate `lr`; right when the training loss ends below 1.0
    without ever becoming NaN."""
    from .. import models, training

    lr = number(lr, "lr")
    if lr <= 0:
        raise BadInput(f"lr = {lr:g}: a learning rate must be positive (a step size down the slope).")
    x, y = _trial_data()
    torch.manual_seed(0)
    model = models.mlp([784, 32, 10])
    start, _ = training.evaluate(model, (x, y))
    history = training.fit(model, (x, y), epochs=5, lr=lr, batch_size=50, on_nan="stop", progress=False,
                           verbose=False, device=torch.device("cpu"))
    if history.diverged:
        raise Wrong(f"With lr = {lr:g} the loss became NaN within {len(history.step_loss) + 1} updates: "
                    "the steps overshoot so far that the numbers overflow. Try a much smaller rate.")
    end, accuracy = training.evaluate(model, (x, y))
    if end < 1.0:
        return correct(f"lr = {lr:g} took the training loss from {start:.2f} to {end:.2f} "
                       f"({100 * accuracy:.0f}% of the 1,000 images right) in 100 updates.")
    if lr > 0.5:
        raise Wrong(f"lr = {lr:g} is too large: the loss jumped as high as {max(history.step_loss):.1f} "
                    f"and ended at {end:.2f} (it started at {start:.2f}); the steps overshoot. Try smaller.")
    raise Wrong(f"lr = {lr:g} is too small: in 100 updates the loss only went from {start:.2f} to {end:.2f}. "
                "Try a rate 10 times larger.")


@exercise
def stop_epoch(epoch, history):
    """When should training stop? Right when the validation loss at `epoch` is
    within 5% of its best value in `history` (a training.History with val_loss)."""
    if history is None or not getattr(history, "get", None) or not history.get("val_loss"):
        raise BadInput("This check needs the history of a training run with validation data "
                       "(fit(..., val=...)); run the cells above first.")
    e = number(epoch, "the epoch")
    val = history["val_loss"]
    if e != int(e) or not 1 <= e <= len(val):
        raise BadInput(f"epoch should be a whole number from 1 to {len(val)}, not {e:g}.")
    e = int(e)
    best = min(val)
    best_epoch = val.index(best) + 1
    if val[e - 1] <= 1.05 * best:
        return correct(f"At epoch {e} the validation loss is {val[e - 1]:.3f}; its lowest is "
                       f"{best:.3f} at epoch {best_epoch}. Stop around there.")
    if e > best_epoch:
        raise Wrong(f"By epoch {e} the validation loss has risen to {val[e - 1]:.3f} while the training "
                    f"loss kept falling: the network is memorising. Look for the lowest validation loss.")
    raise Wrong(f"At epoch {e} the validation loss ({val[e - 1]:.3f}) is still falling: stopping now "
                "throws away learning. Look for the lowest point of the validation curve.")
