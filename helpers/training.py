"""The training loop, kept in tensors for speed.

`batches` slices in-memory tensors (several times faster than a DataLoader over
PIL images on a laptop CPU); `fit` runs the four steps of the lecture for some
epochs with a progress bar and per-epoch history; `evaluate` gives loss and
accuracy. A loss that becomes NaN or infinite stops training with a message.
"""
import copy
import math
import os
import time

import torch
from torch import nn

from . import backprop
from .runtime import device as default_device


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite: the learning rate is probably too large."""


class History(dict):
    """Per-epoch lists: train_loss, train_acc, val_loss, val_acc (fractions), plus
    step_loss (every update), seconds, and after early stopping best_epoch.
    `diverged` holds the message when training was stopped by a NaN loss."""

    def __init__(self):
        super().__init__(train_loss=[], train_acc=[], val_loss=[], val_acc=[], step_loss=[], seconds=[])
        self.best_epoch = None
        self.diverged = None

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def batches(x, y, batch_size, shuffle=True, generator=None):
    """Yield (x_batch, y_batch) slices of in-memory tensors, shuffled each call."""
    n = len(x)
    if len(y) != n:
        raise ValueError(f"x has {n} rows but y has {len(y)}: every example needs one label.")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number >= 1, not {batch_size!r}.")
    order = torch.randperm(n, generator=generator).to(x.device) if shuffle else None
    for start in range(0, n, batch_size):
        if order is None:
            yield x[start:start + batch_size], y[start:start + batch_size]
        else:
            idx = order[start:start + batch_size]
            yield x[idx], y[idx]


def _check_pair(name, pair):
    if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
        raise TypeError(f"{name} must be a pair (inputs, labels) of tensors, e.g. data.train.")
    x, y = pair
    if not isinstance(x, torch.Tensor) or not isinstance(y, torch.Tensor):
        raise TypeError(f"{name} must hold torch tensors, got {type(x).__name__} and {type(y).__name__}.")
    if len(x) != len(y):
        raise ValueError(f"{name}: {len(x)} inputs but {len(y)} labels; they must match.")
    return x, y


def _accuracy(out, y):
    if out.ndim == 2 and out.shape[1] > 1:
        return (out.argmax(1) == y).sum().item() / len(y)
    if out.ndim == 2:
        out = out[:, 0]
    return ((out > 0).float() == y.reshape(out.shape)).float().mean().item()


@torch.no_grad()
def evaluate(model, data, loss_fn=None, batch_size=2048):
    """Average loss and accuracy of `model` on data=(x, y). Returns (loss, accuracy)."""
    x, y = _check_pair("data", data)
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    dev = next(model.parameters()).device
    was_training = model.training
    model.eval()
    total_loss, correct, n = 0.0, 0.0, len(x)
    for xb, yb in batches(x.to(dev), y.to(dev), batch_size, shuffle=False):
        out = model(xb)
        total_loss += loss_fn(out, yb).item() * len(xb)
        correct += _accuracy(out, yb) * len(xb)
    model.train(was_training)
    return total_loss / n, correct / n


def _progress(iterable, total, desc, enabled):
    # tqdm's notebook bar ignores TQDM_DISABLE (tqdm.std honours it), so check it here:
    # the stored notebooks are made with TQDM_DISABLE=1 and must not hold progress widgets.
    if not enabled or os.environ.get("TQDM_DISABLE", "").strip().lower() not in ("", "0", "false"):
        return iterable
    from tqdm.auto import tqdm
    return tqdm(iterable, total=total, desc=desc, leave=False, unit="batch")


def fit(model, train, *, epochs=5, lr=0.01, batch_size=64, optimizer=None, loss_fn=None,
        val=None, patience=None, on_nan="raise", progress=True, seed=0, device=None,
        verbose=True, fast=True):
    """Train `model` on train=(x, y) tensors with the lecture's four steps.

    Each step: forward, loss, backward (after zero_grad), update. Uses SGD with `lr`
    unless an `optimizer` is given, and cross-entropy unless a `loss_fn` is given.
    val=(x, y) adds validation loss/accuracy per epoch; with `patience`, training
    stops after that many epochs without a better validation loss and the best
    weights are restored (early stopping). A NaN/infinite loss raises
    `TrainingDiverged` (on_nan="raise") or stops and records the message
    (on_nan="stop"). Prints one line per epoch when verbose. Returns a `History`.

    fast=True: a plain MLP with the default loss and optimizer is trained with the
    backward pass written out (helpers.backprop, the same gradients as autograd,
    1.7x faster per epoch in benchmarks/run.py); fast=False always uses loss.backward().
    """
    x, y = _check_pair("train", train)
    if val is not None:
        val = _check_pair("val", val)
    if on_nan not in ("raise", "stop"):
        raise ValueError("on_nan must be 'raise' or 'stop'.")
    if not (isinstance(epochs, int) and epochs >= 1):
        raise ValueError(f"epochs must be a whole number >= 1, not {epochs!r}.")
    dev = device or default_device()
    model.to(dev)
    x, y = x.to(dev), y.to(dev)
    _check_model_takes(model, x)
    step = training_step(model, y, lr=lr, optimizer=optimizer, loss_fn=loss_fn, fast=fast)
    generator = torch.Generator().manual_seed(seed)
    history, best = History(), (math.inf, None)
    steps_per_epoch = math.ceil(len(x) / batch_size)
    for epoch in range(1, epochs + 1):
        model.train()
        start, seen, total_loss, correct = time.perf_counter(), 0, 0.0, 0.0
        for xb, yb in _progress(batches(x, y, batch_size, generator=generator), steps_per_epoch,
                                f"epoch {epoch}/{epochs}", progress):
            loss, out = step.forward(xb, yb)      # 1. forward and 2. loss
            loss = loss.item()
            if not math.isfinite(loss):
                message = (f"Training stopped at epoch {epoch}: the loss became {loss}. "
                           f"The learning rate is probably too large (lr={step.lr:g}); "
                           "try one 10 times smaller.")
                if on_nan == "raise":
                    raise TrainingDiverged(message)
                history.diverged = message
                if verbose:
                    print(message)
                return history
            step.backward_and_update()            # 3. backward and 4. update
            history["step_loss"].append(loss)
            total_loss += loss * len(xb)
            correct += _accuracy(out.detach(), yb) * len(xb)
            seen += len(xb)
        history["seconds"].append(time.perf_counter() - start)
        history["train_loss"].append(total_loss / seen)
        history["train_acc"].append(correct / seen)
        line = f"epoch {epoch:>2}/{epochs}  train loss {total_loss / seen:.3f}  acc {100 * correct / seen:5.1f}%"
        if val is not None:
            val_loss, val_acc = evaluate(model, val, loss_fn)
            history["val_loss"].append(val_loss)
            history["val_acc"].append(val_acc)
            line += f"  |  val loss {val_loss:.3f}  acc {100 * val_acc:5.1f}%"
            if val_loss < best[0]:
                best = (val_loss, copy.deepcopy(model.state_dict()))
                history.best_epoch = epoch
        if verbose:
            print(line)
        if patience is not None and val is not None and epoch - history.best_epoch >= patience:
            if verbose:
                print(f"early stopping: no better validation loss for {patience} epochs; "
                      f"restoring the weights of epoch {history.best_epoch}")
            break
    if patience is not None and best[1] is not None:
        model.load_state_dict(best[1])
    return history


class AutogradStep:
    """One training step with autograd: forward(x, y) gives (loss, output);
    backward_and_update() runs zero_grad, loss.backward() and optimizer.step()."""

    def __init__(self, model, optimizer, loss_fn):
        self.model, self.optimizer, self.loss_fn = model, optimizer, loss_fn
        self.lr = optimizer.param_groups[0].get("lr")
        self._loss = None

    def forward(self, x, y):
        out = self.model(x)
        self._loss = self.loss_fn(out, y)
        return self._loss, out

    def backward_and_update(self):
        self.optimizer.zero_grad()
        self._loss.backward()
        self.optimizer.step()
        self._loss = None


def training_step(model, y, *, lr=0.01, optimizer=None, loss_fn=None, fast=True):
    """The step that `fit` uses: a `backprop.SGDStep` (gradients by hand) when `fast`,
    the model is a plain MLP, the labels y are class numbers and neither an optimizer
    nor a loss is given; otherwise an `AutogradStep` with SGD(lr) and cross-entropy
    unless told otherwise. Both have forward(x, y) -> (loss, output) and
    backward_and_update()."""
    if fast and optimizer is None and loss_fn is None and y.dtype == torch.int64 \
            and backprop.layers_of(model) is not None:
        return backprop.SGDStep(model, lr)
    return AutogradStep(model, optimizer or torch.optim.SGD(model.parameters(), lr=lr),
                        loss_fn or nn.CrossEntropyLoss())


def _check_model_takes(model, x):
    """A clear error when a Sequential model starting with a Linear layer is given
    rows of x of another size (instead of a matrix-multiply error from inside torch)."""
    first = model[0] if isinstance(model, nn.Sequential) and len(model) else None
    if isinstance(first, nn.Linear) and (x.ndim != 2 or x.shape[1] != first.in_features):
        raise ValueError(f"The model's first layer takes {first.in_features} values per example, but the "
                         f"inputs have shape {tuple(x.shape)}. Give x one row of {first.in_features} "
                         f"values per example (e.g. x.reshape(len(x), -1)) or build the model with "
                         f"models.mlp([{x[0].numel()}, ...]).")
    if isinstance(first, nn.Linear) and x.dtype != first.weight.dtype:
        raise TypeError(f"The inputs are {x.dtype} but the model's weights are {first.weight.dtype}: "
                        f"convert one to the other, e.g. x.to({first.weight.dtype}) or model.to({x.dtype}).")


# ------------------------------------------------ notebooks 09-10: update races, speed, small fits

def track_updates(model, train, *, batch_size, updates, lr=0.1, checkpoints=25, seed=0, device=None,
                  fast=True):
    """Train `model` with plain SGD for exactly `updates` updates of `batch_size`
    examples each (epoch after epoch), measuring the loss on the whole training set
    at `checkpoints` moments spread evenly on a log scale of updates.

    Returns a dict of lists: "update" (updates done, starting at 0), "seconds"
    (training time so far; the loss measurements are not counted) and "loss".
    A NaN/infinite loss raises `TrainingDiverged`. Each update is `fit`'s step
    (see `training_step`; fast=False forces autograd).
    """
    x, y = _check_pair("train", train)
    if not (isinstance(updates, int) and updates >= 1):
        raise ValueError(f"updates must be a whole number >= 1, not {updates!r}.")
    if not (isinstance(batch_size, int) and 1 <= batch_size):
        raise ValueError(f"batch_size must be a whole number >= 1, not {batch_size!r}.")
    dev = device or default_device()
    model.to(dev)
    x, y = x.to(dev), y.to(dev)
    _check_model_takes(model, x)
    loss_fn = nn.CrossEntropyLoss()
    step = training_step(model, y, lr=lr, fast=fast)
    generator = torch.Generator().manual_seed(seed)
    marks = {max(1, round(updates ** (k / max(checkpoints - 1, 1)))) for k in range(checkpoints)} | {updates}
    record = {"update": [0], "seconds": [0.0], "loss": [evaluate(model, (x, y), loss_fn)[0]]}
    done, measuring = 0, 0.0
    start = time.perf_counter()
    while done < updates:
        for xb, yb in batches(x, y, batch_size, generator=generator):
            loss = step.forward(xb, yb)[0].item()
            if not math.isfinite(loss):
                raise TrainingDiverged(f"The loss became {loss} after {done} updates with lr={lr}: "
                                       "the learning rate is probably too large; try one 10 times smaller.")
            step.backward_and_update()
            done += 1
            if done in marks:
                if dev.type == "cuda":
                    torch.cuda.synchronize()
                pause = time.perf_counter()
                record["update"].append(done)
                record["seconds"].append(pause - start - measuring)
                record["loss"].append(evaluate(model, (x, y), loss_fn)[0])
                measuring += time.perf_counter() - pause
            if done == updates:
                break
    model.train()
    return record


def examples_per_second(model, train, batch_sizes, *, examples=2048, min_batches=3, lr=0.01, device=None,
                        fast=True):
    """Training speed at each batch size: the examples per second that SGD steps
    (forward, loss, backward, update; `fit`'s step, see `training_step`) process,
    one float per batch size.

    Each size runs one warm-up step, then max(min_batches, examples // batch_size)
    timed steps. The model's weights are put back afterwards.
    """
    x, y = _check_pair("train", train)
    sizes = list(batch_sizes)
    if not sizes or not all(isinstance(b, int) and 1 <= b <= len(x) for b in sizes):
        raise ValueError(f"batch_sizes must be whole numbers from 1 to {len(x)} (the data size), got {sizes}.")
    dev = device or default_device()
    model.to(dev)
    x, y = x.to(dev), y.to(dev)
    _check_model_takes(model, x)
    saved = copy.deepcopy(model.state_dict())
    sgd = training_step(model, y, lr=lr, fast=fast)

    def step(b, i):
        xb, yb = x[(i * b) % len(x):][:b], y[(i * b) % len(x):][:b]
        if len(xb) < b:                      # wrap around the end of the data
            xb, yb = x[:b], y[:b]
        sgd.forward(xb, yb)
        sgd.backward_and_update()

    rates = []
    for b in sizes:
        step(b, 0)                            # warm-up
        steps = max(min_batches, examples // b)
        if dev.type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        for i in range(steps):
            step(b, i + 1)
        if dev.type == "cuda":
            torch.cuda.synchronize()
        rates.append(steps * b / max(time.perf_counter() - start, 1e-9))
    model.load_state_dict(saved)
    return rates


def fit_function(model, x, y, *, steps=1000, lr=0.01):
    """Fit `model` to the points (x, y) (a regression, e.g. y = f(x)) with full-batch
    Adam on the mean squared error for `steps` steps. Returns the final mean
    squared error as a float. A NaN/infinite loss raises `TrainingDiverged`."""
    for name, t in (("x", x), ("y", y)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch tensor, got {type(t).__name__}.")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} rows but y has {len(y)}: they must match.")
    if not (isinstance(steps, int) and steps >= 1):
        raise ValueError(f"steps must be a whole number >= 1, not {steps!r}.")
    dev = next(model.parameters()).device
    x, y = x.to(dev), y.to(dev)
    with torch.no_grad():
        shape = tuple(model(x[:2]).shape)
    if shape[1:] != tuple(y.shape[1:]):
        raise ValueError(f"The model gives outputs of shape (N, {', '.join(map(str, shape[1:]))}) but y has "
                         f"shape {tuple(y.shape)}: give y the same shape, e.g. y.reshape(-1, 1).")
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        loss = ((model(x) - y) ** 2).mean()
        if not torch.isfinite(loss):
            raise TrainingDiverged(f"The loss became {loss.item()} (lr={lr}): try a learning rate 10 times smaller.")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        return ((model(x) - y) ** 2).mean().item()


def progress(iterable, total=None, desc=None):
    """`iterable` wrapped in tqdm.auto's progress bar (a widget in Jupyter, text in a
    terminal), the bar the lecture's loop shows. Switched off (the plain iterable comes
    back) when the environment variable TQDM_DISABLE is set, as in the stored notebooks."""
    return _progress(iterable, total, desc, True)
