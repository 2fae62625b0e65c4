"""Exercises of notebook 09: iterations per epoch, a learning rate that works,
and when to stop training."""
import contextlib
import functools
import io
import math

from . import BadInput, Wrong, call, correct, exercise, fmt, function, number, returned, seeded

# (examples, batch size) -> iterations per epoch: exact divisions and a last, smaller batch
_CASES = [(10_000, 100), (4_000, 64), (60_000, 64), (60_000, 100), (5, 10), (1_000, 1), (1_001, 10)]


@exercise
def iterations_per_epoch(fn):
    """Check the student's iterations(n_examples, batch_size): the number of weight
    updates in one epoch, counting the last, smaller batch (so ceil(N / B))."""
    function(fn, "iterations", "def iterations(n_examples, batch_size): ...")
    for n, b in _CASES:
        got = returned(call(fn, n, b, name="iterations"), "iterations", "a whole number")
        value = number(got, f"iterations({n}, {b})")
        want = math.ceil(n / b)
        if value == want:
            continue
        if math.isclose(value, n / b):
            raise Wrong(f"iterations({n}, {b}) gave {fmt(value)}: you cannot do {fmt(value)} updates. The last "
                        f"{n % b} examples still form one (smaller) batch, so round UP: math.ceil.")
        if value == n // b:
            raise Wrong(f"iterations({n}, {b}) gave {fmt(value)}, but the last {n % b} examples form one more, "
                        f"smaller batch (training.batches yields it too): round up with math.ceil.")
        raise Wrong(f"iterations({n}, {b}) gave {fmt(value, 8)}, expected {want}. One iteration uses one batch "
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
    from ..lecture import evaluate

    lr = number(lr, "lr")
    if lr <= 0:
        raise BadInput(f"lr = {fmt(lr)}: a learning rate must be positive (a step size down the slope).")
    x, y = _trial_data()
    with seeded(0), contextlib.redirect_stdout(io.StringIO()):     # the same start and batches for every
        model = models.mlp([784, 32, 10])                             # answer; fit's divergence message is
        start, _ = evaluate(model, x, y)                              # said by the hint below
        history = training.fit(model, (x, y), epochs=5, lr=lr, batch_size=50)
    if history.diverged:
        first = next(i for i, v in enumerate(history.step_loss, start=1) if not math.isfinite(v))
        raise Wrong(f"With lr = {fmt(lr)} the loss became NaN at update {first}: "
                    "the steps overshoot so far that the numbers overflow. Try a much smaller rate.")
    end, accuracy = evaluate(model, x, y)
    if end < 1.0:
        return correct(f"lr = {fmt(lr)} took the training loss from {start:.2f} to {end:.2f} "
                       f"({100 * accuracy:.0f}% of the 1,000 images right) in 100 updates.")
    if lr > 0.5:
        raise Wrong(f"lr = {fmt(lr)} is too large: after 100 updates the loss is still {end:.2f} (it started "
                    f"at {start:.2f}, its highest was {max(history.step_loss):.2f}); the steps overshoot "
                    "the valley. The lecture's table calls 1.0 'too large'. Try smaller.")
    if lr < 1e-3:
        raise Wrong(f"lr = {fmt(lr)} is far too small: in 100 updates the loss only went from {start:.2f} "
                    f"to {end:.2f}. Useful rates for plain SGD here lie between about 0.01 and 1.")
    raise Wrong(f"lr = {fmt(lr)} is too small: in 100 updates the loss only went from {start:.2f} to {end:.2f}. "
                "Try a larger rate (several times larger).")


@exercise
def stop_epoch(epoch, history):
    """When should training stop? Right when the validation loss at `epoch` is
    within 5% of its best value in `history` (a training.History with val_loss)."""
    if history is None or not getattr(history, "get", None) or not history.get("val_loss"):
        raise BadInput("This check needs the history of a training run with validation data "
                       "(fit(..., val=...)); run the cells above first.")
    val = history["val_loss"]
    e = number(epoch, "the epoch")
    if e != int(e) or not 1 <= e <= len(val):
        raise BadInput(f"epoch should be a whole number from 1 to {len(val)}, not {fmt(e, 8)}.")
    e = int(e)
    best = min(val)
    best_epoch = val.index(best) + 1
    if val[e - 1] <= 1.05 * best:
        # the losses themselves are not printed: their last digits differ between computers
        where = "its lowest" if e == best_epoch else f"within a whisker of its lowest (epoch {best_epoch})"
        return correct(f"At epoch {e} the validation loss is {where}. Stop around there.")
    if e > best_epoch:
        raise Wrong(f"By epoch {e} the validation loss has risen to {val[e - 1]:.3f} while the training "
                    f"loss kept falling: the network is memorising. Look for the lowest validation loss.")
    raise Wrong(f"At epoch {e} the validation loss ({val[e - 1]:.3f}) is still falling: stopping now "
                "throws away learning. Look for the lowest point of the validation curve.")
