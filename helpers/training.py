"""The training loop, packaged: in-memory mini-batches, a progress bar and `fit`.

The ideas are the notebooks': one epoch of the four steps (`lecture.train_epoch`,
notebook 08), evaluation (`lecture.evaluate`, 08) and early stopping
(`lecture.EarlyStopping`, 09). `fit` runs them epoch after epoch, keeps a `History`,
and checks what it is given first: every mistake gets a message that says what was
given and what to do. A loss that becomes NaN or infinite stops training with a message.
"""
import math
import os

import torch
from torch import nn

from .lecture import EarlyStopping, evaluate, train_epoch
from .runtime import device as course_device


class History(dict):
    """Per-epoch lists: train_loss, train_acc, val_loss, val_acc (fractions), each
    measured after the epoch, and step_loss (the loss of every update). After early
    stopping `best_epoch` is set; `diverged` holds the message when a NaN loss stopped
    training. Reads as attributes too: `history.val_loss`."""

    def __init__(self):
        super().__init__(train_loss=[], train_acc=[], val_loss=[], val_acc=[], step_loss=[])
        self.best_epoch = None
        self.diverged = None

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def add(self, train, val=None):
        """Record one epoch: train and val are (loss, accuracy) pairs from `lecture.evaluate`."""
        for split, pair in (("train", train), ("val", val)):
            if pair is not None:
                self[f"{split}_loss"].append(pair[0])
                self[f"{split}_acc"].append(pair[1])


def batches(x, y, batch_size, generator=None, progress=None):
    """Yield (x_batch, y_batch) slices of in-memory tensors, in a new random order each
    call (from `generator`, else PyTorch's global generator). progress: a description,
    e.g. "epoch 1", shows a progress bar once the batches take longer than half a second
    (tqdm; never when the environment variable TQDM_DISABLE is set)."""
    n = len(x)
    if len(y) != n:
        raise ValueError(f"x has {n} rows but y has {len(y)}: every example needs one label.")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number >= 1, not {batch_size!r}.")
    order = torch.randperm(n, generator=generator).to(x.device)
    starts = range(0, n, batch_size)
    for start in progress_bar(starts, progress) if progress else starts:
        idx = order[start:start + batch_size]
        yield x.index_select(0, idx), y.index_select(0, idx)   # = x[idx], y[idx], several times faster


PROGRESS_DELAY = 0.5        # seconds a loop runs before its progress bar appears


def progress_bar(iterable, desc):
    """`iterable` with a progress bar (tqdm: a widget in Jupyter, text in a terminal) that
    appears once the loop has run for PROGRESS_DELAY seconds; the plain iterable when the
    environment variable TQDM_DISABLE is set (as in the stored notebooks)."""
    # tqdm's notebook bar ignores TQDM_DISABLE (tqdm.std honours it), so check it here:
    # the stored notebooks are made with TQDM_DISABLE=1 and must not hold progress widgets.
    if os.environ.get("TQDM_DISABLE", "").strip().lower() not in ("", "0", "false"):
        return iterable
    from tqdm.auto import tqdm
    # disable=False: tqdm reads TQDM_DISABLE once, when it is first imported; the check
    # above reads it now, so a bar shows whenever the variable is unset at this call.
    # delay: an epoch shorter than half a second shows no bar (nothing to wait for).
    return tqdm(iterable, desc=desc, leave=False, unit="batch", disable=False, delay=PROGRESS_DELAY)


# ------------------------------------------------------------------ checks of fit's arguments

def _check_pair(name, pair, model):
    """(x, y) of `pair` after the checks: tensors of the same non-zero length, finite
    floating-point inputs that the model's first layer takes, and one class number per
    example that the model has an output for."""
    if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
        raise TypeError(f"{name} must be a pair (inputs, labels) of tensors, e.g. mnist.train; "
                        f"got {type(pair).__name__}.")
    x, y = pair
    if not isinstance(x, torch.Tensor) or not isinstance(y, torch.Tensor):
        raise TypeError(f"{name} must hold torch tensors, got {type(x).__name__} and {type(y).__name__}: "
                        "convert them with torch.as_tensor(...).")
    if x.ndim == 0 or y.ndim == 0 or len(x) != len(y) or len(x) == 0:
        raise ValueError(f"{name}: inputs of shape {tuple(x.shape)} and labels of shape {tuple(y.shape)}; "
                         "give one row and one label per example, at least one example.")
    if not x.is_floating_point():
        hint = " (pixel values 0-255?): use x.float() / 255" if x.dtype == torch.uint8 else ": use x.float()"
        raise TypeError(f"{name}: the inputs are {x.dtype}, but a network computes with floating-point "
                        f"numbers{hint}.")
    if not torch.isfinite(x.sum()):                 # a sum is NaN/inf when any value is
        rows = (~torch.isfinite(x)).reshape(len(x), -1).any(1).nonzero()[:, 0]
        raise ValueError(f"{name}: {len(rows)} examples hold NaN or infinite inputs, the first is example "
                         f"{int(rows[0])}. Remove them or replace the values, e.g. torch.nan_to_num(x).")
    first = model[0] if isinstance(model, nn.Sequential) and len(model) else model
    if isinstance(first, nn.Linear) and (x.ndim != 2 or x.shape[1] != first.in_features):
        raise ValueError(f"{name}: the model's first layer takes {first.in_features} values per example, but the "
                         f"inputs have shape {tuple(x.shape)}. Give one row of {first.in_features} values per "
                         f"example (e.g. x.reshape(len(x), -1)) or build the model with "
                         f"models.mlp([{x[0].numel()}, ...]).")
    if isinstance(first, nn.Linear) and x.dtype != first.weight.dtype:
        raise TypeError(f"{name}: the inputs are {x.dtype} but the model's weights are {first.weight.dtype}: "
                        f"convert the inputs with x.to({first.weight.dtype}).")
    if y.is_floating_point() or y.dtype == torch.bool or y.ndim != 1:
        hint = " (one-hot rows?): use y.argmax(1)" if y.ndim == 2 else ", e.g. y.long()"
        raise TypeError(f"{name}: the labels are {y.dtype} of shape {tuple(y.shape)}; cross-entropy takes one "
                        f"whole class number per example, shape (N,){hint}.")
    with torch.no_grad():
        classes = model.eval()(x[:1].to(next(model.parameters()).device)).shape[-1]
    model.train()
    wrong = (y < 0) | (y >= classes)
    if wrong.any():
        raise ValueError(f"{name}: the labels must be class numbers from 0 to {classes - 1} (the model has "
                         f"{classes} outputs), but {int(wrong.sum())} are not, e.g. {int(y[wrong][0])}.")
    return x, y


def _check_settings(model, epochs, lr, batch_size, optimizer, val, patience):
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module (e.g. models.mlp([784, 128, 10])), "
                        f"not {type(model).__name__}.")
    if not any(True for _ in model.parameters()):
        raise ValueError("The model has no parameters to train: build it from layers such as nn.Linear.")
    counts = {"epochs": epochs, "batch_size": batch_size, **({} if patience is None else {"patience": patience})}
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, not {value!r}.")
    lr_is_number = isinstance(lr, (int, float)) and not isinstance(lr, bool)
    if not lr_is_number or not math.isfinite(lr) or lr <= 0:
        negative = lr_is_number and lr < 0
        raise ValueError(f"lr (the learning rate) must be a number > 0 such as 0.01, not {lr!r}"
                         + (": a negative rate climbs the loss instead of descending it." if negative else "."))
    if optimizer is not None and not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(f"optimizer must be a torch.optim optimizer, e.g. torch.optim.Adam(model.parameters(), "
                        f"lr=0.001), not {type(optimizer).__name__}.")
    if patience is not None and val is None:
        raise ValueError("patience (early stopping) needs validation data: pass val=(x, y) too.")


# ------------------------------------------------------------------ fit

def fit(model, train, *, epochs=5, lr=0.01, batch_size=64, optimizer=None, val=None, patience=None):
    """Train `model` on train=(inputs, labels) with cross-entropy, `epochs` times
    notebook 08's `train_epoch` on freshly shuffled mini-batches (with a progress bar),
    each followed by `evaluate` on the training data (and on val=(inputs, labels) when
    given). Plain SGD with `lr` unless an `optimizer` is given. With `patience`,
    notebook 09's `EarlyStopping`: stop after that many epochs without a lower
    validation loss and put the best epoch's weights back.

    The model and the data go to the course's device (`helpers.start(device=...)`).
    A NaN or infinite loss stops training: the message is printed and kept in
    `history.diverged` (with `patience`, the best epoch's weights are put back then
    too). Returns a `History`."""
    _check_settings(model, epochs, lr, batch_size, optimizer, val, patience)
    device = course_device()
    model.to(device)
    x, y = (t.to(device) for t in _check_pair("train", train, model))
    if val is not None:
        val = tuple(t.to(device) for t in _check_pair("val", val, model))
    optimizer = optimizer or torch.optim.SGD(model.parameters(), lr=lr)
    stopper = EarlyStopping(model, patience) if patience else None
    history = History()
    for epoch in range(1, epochs + 1):
        losses = train_epoch(model, batches(x, y, batch_size, progress=f"epoch {epoch}/{epochs}"),
                             nn.functional.cross_entropy, optimizer)
        history.step_loss.extend(losses)
        if not all(math.isfinite(v) for v in losses):
            history.diverged = (f"Training stopped at epoch {epoch}: the loss became "
                                f"{next(v for v in losses if not math.isfinite(v))}. The learning rate is probably "
                                f"too large (lr={optimizer.param_groups[0]['lr']:g}); try one 10 times smaller.")
            print(history.diverged)
            break
        history.add(train=evaluate(model, x, y), val=evaluate(model, *val) if val is not None else None)
        if stopper is not None and stopper.should_stop(epoch, history.val_loss[-1]):
            break
    if stopper is not None and stopper.best_weights is not None:      # also after a NaN: the best epoch's
        model.load_state_dict(stopper.best_weights)                    # weights, not the broken ones
        history.best_epoch = stopper.best_epoch
    return history
