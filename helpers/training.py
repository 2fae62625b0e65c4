"""The training loop, kept in tensors for speed.

`batches` slices in-memory tensors (several times faster than a DataLoader over
PIL images on a laptop CPU); `fit` runs the four steps of the lecture (notebook 08's
loop, with autograd) for some epochs with a progress bar and per-epoch history;
`evaluate` gives loss and accuracy. Every public function checks its arguments first
and says what was given and what to do. A loss that becomes NaN or infinite stops
training with a message.
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
            yield x.index_select(0, idx), y.index_select(0, idx)   # = x[idx], y[idx], several times faster


def _check_pair(name, pair):
    if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
        raise TypeError(f"{name} must be a pair (inputs, labels) of tensors, e.g. data.train; "
                        f"got {type(pair).__name__}.")
    x, y = pair
    if not isinstance(x, torch.Tensor) or not isinstance(y, torch.Tensor):
        raise TypeError(f"{name} must hold torch tensors, got {type(x).__name__} and {type(y).__name__}: "
                        "convert them with torch.as_tensor(...).")
    if x.ndim == 0 or y.ndim == 0:
        raise ValueError(f"{name}: inputs of shape {tuple(x.shape)} and labels of shape {tuple(y.shape)}; "
                         "give one row per example.")
    if len(x) != len(y):
        raise ValueError(f"{name}: {len(x)} inputs but {len(y)} labels; they must match.")
    if len(x) == 0:
        raise ValueError(f"{name} is empty (0 examples): give it at least one example.")
    return x, y


def _first_linear(model):
    first = model[0] if isinstance(model, nn.Sequential) and len(model) else model
    return first if isinstance(first, nn.Linear) else None


def _check_data(name, pair, model, loss_fn):
    """(x, y) of `pair` after the checks every helper shares: tensors of the same
    non-zero length, floating-point and finite inputs that the model's first layer
    takes, and, for the default cross-entropy, class numbers the model has outputs for."""
    x, y = _check_pair(name, pair)
    if not x.is_floating_point():
        hint = (" (pixel values 0-255?): use x.float() / 255" if x.dtype == torch.uint8
                else ": use x.float()")
        raise TypeError(f"{name}: the inputs are {x.dtype}, but a network computes with floating-point "
                        f"numbers{hint}.")
    bad = None if torch.isfinite(x.sum()) else ~torch.isfinite(x)   # a sum is NaN/inf when any value is
    if bad is not None and bad.any():
        rows = bad.reshape(len(x), -1).any(1).nonzero()[:, 0]
        raise ValueError(f"{name}: {int(bad.sum())} input values are NaN or infinite (in {len(rows)} examples, "
                         f"the first is example {int(rows[0])}). Remove those examples or replace the values, "
                         "e.g. torch.nan_to_num(x).")
    first = _first_linear(model)
    if first is not None and (x.ndim != 2 or x.shape[1] != first.in_features):
        raise ValueError(f"{name}: the model's first layer takes {first.in_features} values per example, but the "
                         f"inputs have shape {tuple(x.shape)}. Give one row of {first.in_features} values per "
                         f"example (e.g. x.reshape(len(x), -1)) or build the model with "
                         f"models.mlp([{x[0].numel()}, ...]).")
    if first is not None and x.dtype != first.weight.dtype:
        raise TypeError(f"{name}: the inputs are {x.dtype} but the model's weights are {first.weight.dtype}: "
                        f"convert the inputs with x.to({first.weight.dtype}).")
    if loss_fn is None:                       # cross-entropy: class numbers 0 .. classes - 1
        if y.is_floating_point() and y.ndim == 2:
            raise TypeError(f"{name}: the labels are {y.dtype} of shape {tuple(y.shape)} (one-hot rows?); "
                            "cross-entropy here takes one class number per example: use y.argmax(1).")
        if y.is_floating_point() or y.dtype == torch.bool or y.ndim != 1:
            raise TypeError(f"{name}: the labels are {y.dtype} of shape {tuple(y.shape)}; give one whole class "
                            "number per example, shape (N,), e.g. y.long().")
        classes = _classes(model, x)
        wrong = (y < 0) | (y >= classes)
        if wrong.any():
            raise ValueError(f"{name}: the labels must be class numbers from 0 to {classes - 1} (the model has "
                             f"{classes} outputs), but {int(wrong.sum())} are not, e.g. {int(y[wrong][0])}.")
    return x, y


def _classes(model, x):
    """How many outputs (classes) the model gives per example."""
    last = model[-1] if isinstance(model, nn.Sequential) and len(model) else model
    if isinstance(last, nn.Linear):
        return last.out_features
    was_training = model.training
    model.eval()                              # one example through BatchNorm needs eval mode
    with torch.no_grad():
        classes = model(x[:1].to(_model_device(model))).shape[-1]
    model.train(was_training)
    return classes


def _model_device(model):
    return next(model.parameters()).device


def _check_model(model):
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module (e.g. models.mlp([784, 128, 10])), "
                        f"not {type(model).__name__}.")
    if not any(True for _ in model.parameters()):
        raise ValueError("The model has no parameters to train: build it from layers such as nn.Linear.")


def _whole(value, name, low=1):
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be a whole number >= {low}, not {value!r}.")
    return value


def _rate(lr):
    if isinstance(lr, torch.Tensor) and lr.numel() == 1:
        lr = lr.item()
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr (the learning rate) must be a number > 0 such as 0.01, not {lr!r}"
                         + (": a negative rate climbs the loss instead of descending it." if
                            isinstance(lr, (int, float)) and not isinstance(lr, bool) and lr < 0 else "."))
    return float(lr)


def _device(device):
    """None: the course's default (runtime.device()); else a torch.device or its name."""
    if device is None:
        return default_device()
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(f"device must be 'cpu', 'cuda' or a torch.device, not {device!r}.") from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device={device!r} but PyTorch sees no CUDA GPU: use device='cpu'.")
    return dev


def _correct(out, y):
    """The number of right predictions in a batch, as a tensor (no sync with the device)."""
    if out.ndim == 2 and out.shape[1] > 1:
        return (out.argmax(1) == y).sum()
    if out.ndim == 2:
        out = out[:, 0]
    return ((out > 0).to(y.dtype) == y.reshape(out.shape)).sum()


def _accuracy(out, y):
    return _correct(out, y).item() / len(y)


@torch.no_grad()
def evaluate(model, data, loss_fn=None, batch_size=2048):
    """Average loss and accuracy of `model` on data=(x, y). Returns (loss, accuracy)."""
    _check_model(model)
    x, y = _check_data("data", data, model, loss_fn)
    _whole(batch_size, "batch_size")
    return _evaluate(model, x, y, loss_fn or nn.CrossEntropyLoss(), batch_size)


@torch.no_grad()
def _evaluate(model, x, y, loss_fn, batch_size=2048):
    dev = _model_device(model)
    was_training = model.training
    model.eval()
    total_loss, correct = 0.0, 0
    for xb, yb in batches(x.to(dev), y.to(dev), batch_size, shuffle=False):
        out = model(xb)
        total_loss += loss_fn(out, yb).item() * len(xb)
        correct += _correct(out, yb).item()
    model.train(was_training)
    return total_loss / len(x), correct / len(x)


def _progress(iterable, total, desc, enabled):
    # tqdm's notebook bar ignores TQDM_DISABLE (tqdm.std honours it), so check it here:
    # the stored notebooks are made with TQDM_DISABLE=1 and must not hold progress widgets.
    if not enabled or os.environ.get("TQDM_DISABLE", "").strip().lower() not in ("", "0", "false"):
        return iterable
    from tqdm.auto import tqdm
    # disable=False: tqdm reads TQDM_DISABLE once, when it is first imported; the check
    # above reads it now, so a bar shows whenever the variable is unset at this call
    return tqdm(iterable, total=total, desc=desc, leave=False, unit="batch", disable=False)


BACKWARDS = ("autograd", "by hand")


class AutogradStep:
    """The course's one autograd training step: the four steps notebook 08 teaches.

    step = AutogradStep(model, optimizer, loss_fn, penalty=None)
    loss, output = step.forward(x, y)   # 1. forward, 2. loss = loss_fn(output, y)
    step.backward_and_update()          # 3. zero_grad + backward, 4. optimizer.step()

    penalty(model), when given, is added to the loss before the backward pass (the
    playground's L1/L2 term, notebook 09a); forward still returns the data loss, and
    `objective` (loss + penalty) is kept until the update, e.g. to check it is finite.
    `fit`, `examples_per_second`, `fit_function`,
    `playground.train_epoch` and `widgets.train_small_net` all step with it;
    `backprop.SGDStep` is notebook 07's by-hand alternative with the same interface."""

    def __init__(self, model, optimizer, loss_fn, penalty=None):
        self.model, self.optimizer, self.loss_fn, self.penalty = model, optimizer, loss_fn, penalty
        self.objective = None

    def forward(self, x, y):
        out = self.model(x)
        loss = self.loss_fn(out, y)
        self.objective = loss if self.penalty is None else loss + self.penalty(self.model)
        return loss, out

    def backward_and_update(self):
        self.optimizer.zero_grad(set_to_none=True)
        self.objective.backward()
        self.optimizer.step()
        self.objective = None


def training_step(model, *, lr=0.01, optimizer=None, loss_fn=None, backward="autograd"):
    """The step `fit` takes, chosen by name, never silently: backward="autograd"
    (the default; an `AutogradStep` with SGD(lr) and cross-entropy unless an optimizer
    or loss_fn is given) or backward="by hand" (a `backprop.SGDStep`: notebook 07's
    matrix backward pass for a plain MLP with plain SGD and cross-entropy; anything
    else is refused with a message). Both have forward(x, y) -> (loss, output) and
    backward_and_update()."""
    if backward not in BACKWARDS:
        raise ValueError(f"backward must be 'autograd' or 'by hand', not {backward!r}.")
    if optimizer is not None and not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(f"optimizer must be a torch.optim optimizer, e.g. torch.optim.SGD(model.parameters(), "
                        f"lr=0.1), not {type(optimizer).__name__}.")
    if loss_fn is not None and not callable(loss_fn):
        raise TypeError(f"loss_fn must be a loss function such as nn.CrossEntropyLoss(), not {loss_fn!r}.")
    if backward == "by hand":
        if optimizer is not None or loss_fn is not None:
            given = ", ".join(f"{name}={type(value).__name__}" for name, value in
                              (("optimizer", optimizer), ("loss_fn", loss_fn)) if value is not None)
            raise ValueError(f"backward='by hand' is plain SGD on cross-entropy, but {given} was given: leave it "
                             "out, or use backward='autograd'.")
        return backprop.SGDStep(model, lr)
    return AutogradStep(model, optimizer or torch.optim.SGD(model.parameters(), lr=lr),
                        loss_fn or nn.CrossEntropyLoss())


class EarlyStopping:
    """Early stopping on the validation loss: `update(epoch, val_loss)` returns True
    when `patience` epochs passed without a lower validation loss; `restore()` puts
    back the weights of the best epoch (`best_epoch`). patience=None never stops."""

    def __init__(self, model, patience=None):
        if patience is not None:
            _whole(patience, "patience")
        self.model, self.patience = model, patience
        self.best_loss, self.best_epoch, self._best_state = math.inf, None, None

    def update(self, epoch, val_loss):
        if val_loss < self.best_loss:             # False for NaN: a NaN epoch is never the best
            self.best_loss, self.best_epoch = val_loss, epoch
            if self.patience is not None:
                self._best_state = copy.deepcopy(self.model.state_dict())
        return self.patience is not None and epoch - (self.best_epoch or 0) >= self.patience

    def restore(self):
        if self._best_state is not None:
            self.model.load_state_dict(self._best_state)


def _diverged_message(epoch, loss, lr, optimizer):
    rate = f"lr={lr:g}" if optimizer is None else f"the optimizer's lr={optimizer.param_groups[0].get('lr')}"
    return (f"Training stopped at epoch {epoch}: the loss became {loss}. The learning rate is probably too "
            f"large ({rate}); try one 10 times smaller.")


def fit(model, train, *, epochs=5, lr=0.01, batch_size=64, optimizer=None, loss_fn=None,
        val=None, patience=None, on_nan="raise", progress=True, seed=0, device=None,
        verbose=True, backward="autograd"):
    """Train `model` on train=(x, y) tensors with the lecture's four steps, exactly the
    loop of notebook 08: for each shuffled mini-batch, forward, loss, zero_grad +
    loss.backward(), optimizer.step().

    SGD with `lr` unless an `optimizer` is given; cross-entropy unless a `loss_fn` is
    given. val=(x, y) adds validation loss/accuracy per epoch; with `patience`,
    training stops after that many epochs without a better validation loss and the
    best weights are restored (`EarlyStopping`, notebook 09's loop). A NaN/infinite
    loss raises `TrainingDiverged` (on_nan="raise") or stops and records the message
    (on_nan="stop"). Prints one line per epoch when verbose. Returns a `History`.

    backward="by hand" swaps loss.backward() for notebook 07's matrix backward pass
    (`backprop.SGDStep`, plain MLPs only); everything else, checks included, is the
    same. benchmarks/run.py compares the two.

    Its parts: the checks, `train_epoch` (one pass of the four steps), `_evaluate`
    (validation) and `EarlyStopping`.
    """
    _check_model(model)
    if on_nan not in ("raise", "stop"):
        raise ValueError(f"on_nan must be 'raise' or 'stop', not {on_nan!r}.")
    _whole(epochs, "epochs")
    _whole(batch_size, "batch_size")
    lr = _rate(lr)
    _whole(seed, "seed", low=0)
    if patience is not None and val is None:
        raise ValueError("patience (early stopping) needs validation data: pass val=(x, y) too.")
    dev = _device(device)
    model.to(dev)
    x, y = (t.to(dev) for t in _check_data("train", train, model, loss_fn))
    if val is not None:
        val = tuple(t.to(dev) for t in _check_data("val", val, model, loss_fn))
    step = training_step(model, lr=lr, optimizer=optimizer, loss_fn=loss_fn, backward=backward)
    stopper = EarlyStopping(model, patience)
    generator = torch.Generator().manual_seed(seed)
    history = History()
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        losses, train_acc = train_epoch(step, (x, y), batch_size, generator,
                                        progress and f"epoch {epoch}/{epochs}")
        bad = next((i for i, v in enumerate(losses) if not math.isfinite(v)), None)
        if bad is not None:
            history["step_loss"].extend(losses[:bad])
            message = _diverged_message(epoch, losses[bad], lr, optimizer)
            if on_nan == "raise":
                raise TrainingDiverged(message)
            history.diverged = message
            if verbose:
                print(message)
            return history
        history["step_loss"].extend(losses)
        sizes = [batch_size] * (len(losses) - 1) + [len(x) - batch_size * (len(losses) - 1)]
        train_loss = sum(v * n for v, n in zip(losses, sizes)) / len(x)
        history["seconds"].append(time.perf_counter() - start)
        history["train_loss"].append(train_loss)
        history["train_acc"].append(train_acc)
        line = f"epoch {epoch:>2}/{epochs}  train loss {train_loss:.3f}  acc {100 * train_acc:5.1f}%"
        stop = False
        if val is not None:
            val_loss, val_acc = _evaluate(model, *val, loss_fn or nn.CrossEntropyLoss())
            history["val_loss"].append(val_loss)
            history["val_acc"].append(val_acc)
            line += f"  |  val loss {val_loss:.3f}  acc {100 * val_acc:5.1f}%"
            stop = stopper.update(epoch, val_loss)
            history.best_epoch = stopper.best_epoch
        if verbose:
            print(line)
        if stop:
            if verbose:
                print(f"early stopping: no better validation loss for {patience} epochs; "
                      f"restoring the weights of epoch {stopper.best_epoch}")
            break
    stopper.restore()
    return history


def train_epoch(step, train, batch_size, generator=None, progress=None):
    """One pass over train=(x, y) in shuffled mini-batches, each the four steps of
    notebook 08 through `step` (an `AutogradStep` or `backprop.SGDStep`). Returns the
    loss of every step (floats) and the training accuracy measured on the fly (the
    outputs the steps computed, before each update). progress: a description shows
    a progress bar. Arguments are checked by `fit`, which calls it once per epoch."""
    x, y = train
    step.model.train()
    losses, outputs, labels = [], [], []
    for xb, yb in _progress(batches(x, y, batch_size, generator=generator), math.ceil(len(x) / batch_size),
                            progress or None, bool(progress)):
        loss, out = step.forward(xb, yb)      # 1. forward and 2. loss
        step.backward_and_update()            # 3. backward and 4. update
        losses.append(loss.detach())          # kept as tensors: no work and no sync per step
        outputs.append(out.detach())
        labels.append(yb)
    losses = torch.stack(losses).tolist()     # one sync per epoch, not one per step
    return losses, int(_correct(torch.cat(outputs), torch.cat(labels))) / len(x)


# ------------------------------------------------ notebooks 09-10: speed, small fits

def examples_per_second(model, train, batch_sizes, *, examples=2048, min_batches=3, lr=0.01, device=None,
                        backward="autograd"):
    """Training speed at each batch size: the examples per second that SGD steps
    (forward, loss, backward, update; `fit`'s step, see `training_step`) process,
    one float per batch size.

    Each size runs one warm-up step, then max(min_batches, examples // batch_size)
    timed steps. The model's weights are put back afterwards.
    """
    _check_model(model)
    _whole(examples, "examples")
    _whole(min_batches, "min_batches")
    lr = _rate(lr)
    dev = _device(device)
    model.to(dev)
    x, y = (t.to(dev) for t in _check_data("train", train, model, None))
    try:
        sizes = list(batch_sizes)
    except TypeError:
        sizes = None
    if not sizes or not all(isinstance(b, int) and not isinstance(b, bool) and 1 <= b <= len(x) for b in sizes):
        raise ValueError(f"batch_sizes must be whole numbers from 1 to {len(x)} (the data size), "
                         f"got {batch_sizes!r}.")
    saved = copy.deepcopy(model.state_dict())
    sgd = training_step(model, lr=lr, backward=backward)

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
    Adam on the mean squared error for `steps` steps (each an `AutogradStep`).
    Returns the final mean squared error as a float. A NaN/infinite loss raises
    `TrainingDiverged`. Notebook 10 uses it for universal approximation and width
    against depth."""
    for name, t in (("x", x), ("y", y)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch tensor, got {type(t).__name__}.")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} rows but y has {len(y)}: they must match.")
    _check_model(model)
    _whole(steps, "steps")
    lr = _rate(lr)
    for name, t in (("x", x), ("y", y)):
        if not t.is_floating_point() or not torch.isfinite(t).all():
            raise ValueError(f"{name} must hold finite floating-point numbers; got {t.dtype}"
                             + (" with NaN or infinite values" if t.is_floating_point() else "")
                             + ": use .float() and remove the NaN rows.")
    dev = _model_device(model)
    x, y = x.to(dev), y.to(dev)
    with torch.no_grad():
        shape = tuple(model(x[:2]).shape)
    if shape[1:] != tuple(y.shape[1:]):
        raise ValueError(f"The model gives outputs of shape (N, {', '.join(map(str, shape[1:]))}) but y has "
                         f"shape {tuple(y.shape)}: give y the same shape, e.g. y.reshape(-1, 1).")
    step = AutogradStep(model, torch.optim.Adam(model.parameters(), lr=lr), _squared_error)
    model.train()
    for _ in range(steps):
        loss, _ = step.forward(x, y)
        if not torch.isfinite(loss):
            raise TrainingDiverged(f"The loss became {loss.item()} (lr={lr}): try a learning rate 10 times smaller.")
        step.backward_and_update()
    with torch.no_grad():
        return _squared_error(model(x), y).item()


def _squared_error(out, y):
    """The mean squared error, written out as notebook 10 computes it."""
    return ((out - y) ** 2).mean()


def progress(iterable, total=None, desc=None):
    """`iterable` wrapped in tqdm.auto's progress bar (a widget in Jupyter, text in a
    terminal), the bar the lecture's loop shows. Switched off (the plain iterable comes
    back) when the environment variable TQDM_DISABLE is set, as in the stored notebooks."""
    return _progress(iterable, total, desc, True)
