"""Exercises of notebook 08: the four steps of the training loop."""
import copy

import torch
from torch import nn

from . import BadInput, Wrong, correct, exercise

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
    Any order works where forward < loss < backward < update and zero_grad comes
    before backward."""
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
    if at["zero_grad"] > at["backward"]:
        raise Wrong("optimizer.zero_grad() after loss.backward() wipes out the gradients you just "
                    "computed, so step() would not move anything. Clear the old gradients before backward().")
    return correct("Forward, loss, backward, update; zero_grad() anywhere before backward() "
                   "(most code puts it first or just before backward).")


def _tiny_problem(seed=0):
    g = torch.Generator().manual_seed(seed)
    images = torch.randn(32, 6, generator=g)
    labels = (images[:, 0] > 0).long() + (images[:, 1] > 0).long()     # 3 classes
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3))
    return model, images, labels


def _as_float(value):
    return float(value.item() if isinstance(value, torch.Tensor) else value)


@exercise
def train_step(fn):
    """Check the student's train_step(model, images, labels, criterion, optimizer):
    it must do one full step of the loop (zero_grad, forward, loss, backward, update)
    and return the loss. Run on a tiny model where gradients are known."""
    if fn is None or fn is Ellipsis:
        raise BadInput("You have not written train_step yet.")
    if not callable(fn):
        raise BadInput(f"train_step should be a function (def train_step(...)), not {type(fn).__name__}.")
    model, images, labels = _tiny_problem()
    criterion = nn.CrossEntropyLoss()
    lr = 0.1
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)

    # what one correct step does, on a copy: the loss before, the fresh gradients
    reference = copy.deepcopy(model)
    expected_loss = criterion(reference(images), labels)
    expected_loss.backward()
    grads = [p.grad.clone() for p in reference.parameters()]
    before = [p.detach().clone() for p in model.parameters()]

    for p in model.parameters():          # stale gradients from an imaginary earlier step
        p.grad = torch.ones_like(p)
    try:
        returned = fn(model, images, labels, criterion, optimizer)
    except Exception as err:
        raise BadInput(f"train_step raised {type(err).__name__}: {err}. Fix it and run the check again.") from None

    moved = [p.detach() - b for p, b in zip(model.parameters(), before)]
    if all(torch.all(m == 0) for m in moved):
        raise Wrong("The weights did not change. Call loss.backward() and then optimizer.step(), "
                    "and clear gradients with optimizer.zero_grad() BEFORE backward (not between "
                    "backward and step, which would wipe them).")
    stale = [b - lr * (g + 1) for b, g in zip(before, grads)]
    if all(torch.allclose(p.detach(), s, atol=1e-6) for p, s in zip(model.parameters(), stale)):
        raise Wrong("The step used the new gradients PLUS the old ones: PyTorch adds gradients up. "
                    "Call optimizer.zero_grad() before loss.backward().")
    right = [b - lr * g for b, g in zip(before, grads)]
    if not all(torch.allclose(p.detach(), r, atol=1e-6) for p, r in zip(model.parameters(), right)):
        raise Wrong("The weights moved, but not by one step along the gradient of this batch's loss. "
                    "The order is: zero_grad, predictions = model(images), loss = criterion(predictions, "
                    "labels), loss.backward(), optimizer.step(); call each once.")
    if returned is None:
        raise Wrong("The step itself is right, but train_step returns nothing: end with `return loss` "
                    "so the loop can print it.")
    try:
        value = _as_float(returned)
    except (TypeError, ValueError, RuntimeError):
        raise Wrong(f"train_step should return the loss (a number or a one-element tensor), not {returned!r}.") from None
    if abs(value - expected_loss.item()) > 1e-5:
        raise Wrong(f"The step is right, but the returned value {value:.4f} is not this batch's loss "
                    f"({expected_loss.item():.4f}). Return the loss computed before the update.")

    # and repeated steps must lower the loss
    losses = [value] + [_as_float(fn(model, images, labels, criterion, optimizer)) for _ in range(30)]
    if not losses[-1] < losses[0]:
        raise Wrong("One step looked right, but 30 steps did not lower the loss.")
    return correct(f"On a tiny model, 31 of your steps took the loss from {losses[0]:.3f} to {losses[-1]:.3f}.")
