"""Exercises of notebook 08: the four steps of the training loop."""
import copy

import torch
from torch import nn

from . import BadInput, Wrong, call, correct, describe, exercise, function, number, seeded

# The lines of one training step, shuffled; the student puts the letters in order.
STEP_LINES = {
    "A": "optimizer.step()",
    "B": "loss = criterion(predictions, labels)",
    "C": "loss.backward()",
    "D": "predictions = model(images)",
    "E": "optimizer.zero_grad()",
}
_ROLE = {"A": "update", "B": "loss", "C": "backward", "D": "forward", "E": "zero_grad"}


def show_step_lines():
    """Print the shuffled lines of one training step, one per letter."""
    for letter, line in STEP_LINES.items():
        print(f"{letter}: {line}")


def _letters(order):
    if order is None or order is Ellipsis:
        raise BadInput("You have not filled in `order` yet: list the letters A-E in the order "
                       "the lines run, e.g. order = ['D', ...].")
    if isinstance(order, str):
        order = [c for c in order if not c.isspace() and c not in ",;-"]
    if not isinstance(order, (list, tuple)) or not all(isinstance(c, str) for c in order):
        raise BadInput(f"`order` should be a list of letters such as ['D', 'B', ...], not {order!r}.")
    letters = [c.strip().upper() for c in order]
    unknown = [c for c in letters if c not in STEP_LINES]
    if unknown:
        raise BadInput(f"{unknown[0]!r} is not one of the letters A, B, C, D, E.")
    if sorted(letters) != sorted(STEP_LINES):
        missing = sorted(set(STEP_LINES) - set(letters))
        twice = sorted({c for c in letters if letters.count(c) > 1})
        problem = f"missing {', '.join(missing)}" if missing else f"{', '.join(twice)} more than once"
        raise BadInput(f"Use each of the five letters exactly once ({problem}).")
    return letters


@exercise
def step_order(order):
    """Are the five lines of one training step (STEP_LINES) in a working order?
    Forward < loss < backward < update, and zero_grad anywhere except between
    backward and update: before backward it clears the old gradients; after
    update (the end of the loop body) it clears them for the next step."""
    letters = _letters(order)
    at = {_ROLE[c]: i for i, c in enumerate(letters)}
    if at["loss"] < at["forward"]:
        raise Wrong("The loss compares the predictions with the labels, so the forward pass "
                    "(predictions = model(images)) must come before it.")
    if at["backward"] < at["loss"]:
        raise Wrong("loss.backward() needs a loss to differentiate: compute the loss first.")
    if at["update"] < at["backward"]:
        raise Wrong("optimizer.step() moves the weights along their gradients, so it must come "
                    "after loss.backward(), which computes them.")
    if at["backward"] < at["zero_grad"] < at["update"]:
        raise Wrong("optimizer.zero_grad() between loss.backward() and optimizer.step() wipes out the "
                    "gradients just computed, so step() has nothing to move the weights with. Clear "
                    "the gradients before backward() (or after step(), ready for the next batch).")
    where = "after step(), ready for the next batch" if at["zero_grad"] > at["update"] else "before backward()"
    return correct(f"Forward, loss, backward, update, with zero_grad() {where}. Any place except "
                   "between backward() and step() works; most code puts it first.")


def _tiny_problem(seed=0):
    g = torch.Generator().manual_seed(seed)
    images = torch.randn(32, 6, generator=g)
    labels = (images[:, 0] > 0).long() + (images[:, 1] > 0).long()     # 3 classes
    with seeded(seed):
        model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3))
    return model, images, labels


def _loss_value(value):
    """The number train_step returned, or a Wrong that says what it returned instead."""
    if value is None:
        raise Wrong("The step itself is right, but train_step returns nothing: end with `return loss` "
                    "so the loop can print it.")
    if isinstance(value, torch.Tensor) and value.numel() != 1:
        what = (" Those look like the predictions (one row of 3 scores per image)."
                if tuple(value.shape) == (32, 3) else "")
        raise Wrong(f"train_step returned {describe(value)}, not the loss.{what} Return the loss, "
                    "the one number criterion(predictions, labels) gives.")
    try:
        return number(value, "the value train_step returned")
    except BadInput:
        raise Wrong(f"train_step should return the loss (a number or a one-element tensor), "
                    f"not {describe(value)}.") from None


def _gradients(model, images, labels, criterion):
    reference = copy.deepcopy(model)
    reference.zero_grad(set_to_none=True)
    loss = criterion(reference(images), labels)
    loss.backward()
    return loss.item(), [p.grad.clone() for p in reference.parameters()]


def _same(params, targets):
    return all(torch.allclose(p.detach(), t, atol=1e-6) for p, t in zip(params, targets))


@exercise
def train_step(fn):
    """Check the student's train_step(model, images, labels, criterion, optimizer):
    one full step of the loop (zero_grad, forward, loss, backward, update) that returns
    the loss. Run on a tiny model: the first step starts without gradients, the second
    must not reuse the first step's gradients (so zero_grad may come first, before
    backward, or last, after step)."""
    function(fn, "train_step", "def train_step(model, images, labels, criterion, optimizer): ...")
    model, images, labels = _tiny_problem()
    criterion = nn.CrossEntropyLoss()
    lr = 0.1
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    warm = copy.deepcopy(model)        # PyTorch's first optimizer step loads code: not the student's time
    for p in warm.parameters():
        p.grad = torch.zeros_like(p)
    torch.optim.SGD(warm.parameters(), lr=lr).step()

    def one_step():
        with torch.enable_grad():
            return call(fn, model, images.clone(), labels.clone(), criterion, optimizer,
                        name="train_step", copies=False)

    # step 1: the gradients of this batch at the start
    loss0, grads0 = _gradients(model, images, labels, criterion)
    before = [p.detach().clone() for p in model.parameters()]
    value = one_step()
    if _same(model.parameters(), before):
        raise Wrong("The weights did not change. Call loss.backward() and then optimizer.step(), "
                    "and do not call optimizer.zero_grad() between them (it wipes the gradients).")
    if not _same(model.parameters(), [b - lr * g for b, g in zip(before, grads0)]):
        raise Wrong("The weights moved, but not by one step along the gradient of this batch's loss. "
                    "The order is: predictions = model(images), loss = criterion(predictions, labels), "
                    "loss.backward(), optimizer.step(), with optimizer.zero_grad() before backward "
                    "(or after step); call each once.")
    got = _loss_value(value)
    if abs(got - loss0) > 1e-5:
        raise Wrong(f"The step is right, but the returned value {got:.4f} is not this batch's loss "
                    f"({loss0:.4f}). Return the loss computed before the update.")

    # step 2: the old gradients must not be added to the new ones
    loss1, grads1 = _gradients(model, images, labels, criterion)
    before = [p.detach().clone() for p in model.parameters()]
    value = one_step()
    if _same(model.parameters(), [b - lr * (g0 + g1) for b, g0, g1 in zip(before, grads0, grads1)]):
        raise Wrong("The second step used the new gradients PLUS the first step's: PyTorch adds "
                    "gradients up. Call optimizer.zero_grad() before loss.backward() (or after step()).")
    if not _same(model.parameters(), [b - lr * g for b, g in zip(before, grads1)]):
        raise Wrong("The first step was right, but the second was not one gradient step: does "
                    "train_step depend on something left over from the first call?")
    losses = [got, _loss_value(value)]

    # and repeated steps must lower the loss
    for _ in range(29):
        losses.append(_loss_value(one_step()))
    if not losses[-1] < losses[0]:
        raise Wrong("Two steps looked right, but 31 steps did not lower the loss.")
    return correct(f"On a tiny model, 31 of your steps took the loss from {losses[0]:.3f} to {losses[-1]:.3f}.")
