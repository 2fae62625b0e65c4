"""Exercises of notebook 09: iterations per epoch, a learning rate that works,
and when to stop training."""
import contextlib
import functools
import io
import math

from . import BadInput, Wrong, answers, correct, exercise, fmt, function, number, returned, seeded

# (examples, batch size) -> iterations per epoch: exact divisions and a last, smaller batch
_CASES = [(10_000, 100), (4_000, 64), (60_000, 64), (60_000, 100), (5, 10), (1_000, 1), (1_001, 10)]


@exercise
def iterations_per_epoch(fn):
    """Check the student's iterations(n_examples, batch_size): the number of weight
    updates in one epoch, counting the last, smaller batch (so ceil(N / B))."""
    function(fn, "iterations", "def iterations(n_examples, batch_size): ...")
    for (n, b), got in zip(_CASES, answers(fn, _CASES, "iterations", "your formula")):
        got = returned(got, f"iterations({n}, {b})", "a whole number")
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
        raise Wrong(f"lr = {fmt(lr)} is too large for this network: after 100 updates the loss is still {end:.2f} "
                    f"(it started at {start:.2f}, its highest was {max(history.step_loss):.2f}); the steps "
                    "overshoot the valley. Try a smaller rate (up to about 0.5 works reliably here; near 1 the "
                    "result changes with tiny differences in the arithmetic).")
    if lr < 1e-3:
        raise Wrong(f"lr = {fmt(lr)} is far too small: in 100 updates the loss only went from {start:.2f} "
                    f"to {end:.2f}. Useful rates for plain SGD here lie between about 0.06 and 0.5.")
    lecture = (" The lecture's 'just right' 0.01 is too slow for only 100 updates of this network (see "
               "the lr 0.01 run of section 1)." if 0.005 <= lr <= 0.02 else "")
    raise Wrong(f"lr = {fmt(lr)} is too small: in 100 updates the loss only went from {start:.2f} to {end:.2f}."
                f"{lecture} Try a larger rate (several times larger).")


def _rise_starts(val):
    """Epochs (counted from 1) at which the validation loss starts going up: higher than the
    epoch before, which was not itself a rise."""
    return [e for e in range(2, len(val) + 1)
            if val[e - 1] > val[e - 2] and (e == 2 or val[e - 2] <= val[e - 3])]


@exercise
def stop_epoch(epoch, history):
    """When should training stop? Right: an epoch whose validation loss in `history` (a
    training.History with val_loss) is within 5% of its lowest (the weights to keep), or
    the lecture's rule "When val loss starts going up → stop training!": an epoch at which
    the validation loss starts going up, up to the first such epoch after its lowest point."""
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
    starts = _rise_starts(val)
    if val[e - 1] <= 1.05 * best:
        # the losses themselves are not printed: their last digits differ between computers
        where = "its lowest" if e == best_epoch else f"within a whisker of its lowest (epoch {best_epoch})"
        return correct(f"At epoch {e} the validation loss is {where}. Stop around there.")
    if e in starts and e <= min([s for s in starts if s > best_epoch], default=len(val)):
        later = ("" if e > best_epoch else f" On this noisy run it falls again later, to its lowest at epoch "
                 f"{best_epoch}: that is why early stopping (section 6) waits a few epochs, its patience, "
                 "before it stops.")
        return correct(f"At epoch {e} the validation loss went up (from {val[e - 2]:.3f} to {val[e - 1]:.3f}): "
                       f"the lecture's rule, 'When val loss starts going up → stop training!', stops here and "
                       f"keeps the weights of epoch {e - 1}.{later}")
    if e > best_epoch:
        raise Wrong(f"By epoch {e} the validation loss ({val[e - 1]:.3f}) is well above its lowest value: the "
                    "network is memorising. Stop earlier: where the validation curve is lowest, or where it "
                    "first starts going up.")
    if e > 1 and val[e - 1] > val[e - 2]:
        raise Wrong(f"At epoch {e} the validation loss is going up, but this rise started at an earlier epoch: "
                    "by the lecture's rule you would have stopped at the first epoch of the rise. (Or keep "
                    "the weights of the lowest point of the validation curve.)")
    trend = "is still falling" if e == 1 or val[e - 1] < val[e - 2] else "is still well above its lowest"
    raise Wrong(f"At epoch {e} the validation loss ({val[e - 1]:.3f}) {trend}: stopping now throws away "
                "learning. Look for the lowest point of the validation curve, or the first epoch where it "
                "starts going up.")
