"""Exercises of notebook 08: the order of the lines of one training step, and the training
loop (the four steps over the batches, for some epochs) written by the student."""
import copy

import torch
from torch import nn

from ..lecture import evaluate, train_epoch
from . import BadInput, Wrong, call, correct, exercise, function, seeded

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


def _same(params, targets):
    return all(torch.allclose(p.detach(), t, atol=1e-5) for p, t in zip(params, targets))


# ------------------------------------------------------------------ the loop, written by the student

EPOCHS, LR = 3, 0.1
_CALL = ("train(model, batches, criterion, optimizer, epochs=3), with model = Linear(6, 8), ReLU, Linear(8, 3); "
         "batches = a list of 4 (inputs, labels) pairs, inputs of shape (8, 6) and labels (8,) from 0 to 2; "
         "criterion = CrossEntropyLoss(); optimizer = SGD(lr=0.1)")
# What a known error of the student's loop usually means: (words in the error, what to do).
_ERROR_HINTS = (
    ("backward through the graph a second time",
     "The same loss was differentiated twice: compute predictions and loss anew for every batch, "
     "inside the loop, and call backward() once per loss."),
    ("implicitly created only for scalar outputs",
     "backward() was called on a tensor of many numbers (the predictions?): call it on the loss, "
     "the one number criterion(predictions, labels) gives."),
    ("does not require grad",
     "The loss does not lead back to the weights (was it made with .item(), .detach() or under "
     "torch.no_grad()?): compute it as criterion(model(inputs), labels) and call backward() on it."),
    ("has no attribute 'backward'",
     "loss.item() is a plain Python number, which has no backward(): call backward() on the loss tensor."),
    ("not implemented for 'Long'",
     "criterion takes the predictions first, then the labels: criterion(predictions, labels)."),
    ("modified by an inplace operation",
     "optimizer.step() changed the weights before loss.backward() had used them: the order is forward, "
     "loss, backward, then step."),
    ("shapes cannot be multiplied",
     "The model got inputs of the wrong shape: give it this batch's inputs (the loop variable of "
     "`for inputs, labels in batches`), not a name from elsewhere in the notebook."),
    ("to match target batch_size",
     "The predictions and the labels come from different batches: use the labels of this batch "
     "(the loop variable of `for inputs, labels in batches`), not a name from elsewhere in the notebook."),
)


def _loop_problem(seed=0):
    """The tiny problem the loop is checked on: a 6-8-3 network and 4 batches of 8."""
    g = torch.Generator().manual_seed(seed)
    inputs = torch.randn(32, 6, generator=g)
    labels = (inputs[:, 0] > 0).long() + (inputs[:, 1] > 0).long()         # 3 classes
    with seeded(seed):
        model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3))
    return model, list(zip(inputs.split(8), labels.split(8)))


def _simulate(model, batches, how):
    """Where the weights end after EPOCHS passes of notebook 08's epoch (`lecture.train_epoch`)
    done right ("right") or with one of the usual mistakes (a key of _MISTAKES); returns the
    parameters (the model itself is not changed). A step before backward is not simulated: it
    stops the student's code with an error (or, after zero_grad, leaves the weights where they were)."""
    model = copy.deepcopy(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    if how == "no zero_grad":
        optimizer.zero_grad = lambda *args, **kwargs: None        # the gradients pile up
    chosen = {"first batch only": batches[:1] * len(batches), "last batch only": batches[-1:]}.get(how, batches)
    for _ in range(1 if how == "one epoch" else EPOCHS):
        train_epoch(model, chosen, nn.CrossEntropyLoss(), optimizer)
    return [p.detach().clone() for p in model.parameters()]


_MISTAKES = {
    "no zero_grad": "From the second batch on, every update used the sum of ALL earlier gradients: "
                    "PyTorch adds each backward() to .grad. Call optimizer.zero_grad() before loss.backward() "
                    "(or after optimizer.step()).",
    "one epoch": f"Your loop went over the batches once, but epochs={EPOCHS} asks for {EPOCHS} passes: "
                 "wrap the loop over the batches in `for epoch in range(epochs):`.",
    "last batch only": "Only one update per epoch, with the last batch: the four steps must be inside the "
                       "loop over the batches (look at the indentation).",
    "first batch only": "Every update used the first batch: the forward pass and the loss must use this "
                        "iteration's inputs and labels.",
}


def _run_loop(fn, model, batches):
    """Call the student's loop on the problem (the model itself, so its weights can be read
    afterwards); count the forward passes. A known error gets a hint added."""
    calls = []
    hook = model.register_forward_hook(lambda *_: calls.append(1))
    try:
        with torch.enable_grad():
            value = call(fn, model, [(x.clone(), y.clone()) for x, y in batches], nn.CrossEntropyLoss(),
                         torch.optim.SGD(model.parameters(), lr=LR), EPOCHS, name=_CALL, copies=False)
    except BadInput as problem:
        more = next((tip for words, tip in _ERROR_HINTS if words in str(problem)), "")
        raise BadInput(f"{problem} {more}".strip()) from None
    finally:
        hook.remove()
    return value, len(calls)


@exercise
def training_loop(fn):
    """Check the student's train(model, batches, criterion, optimizer, epochs): the four
    steps (forward, loss, backward, update; zero_grad before backward or after step) for
    every (inputs, labels) pair of `batches`, `epochs` times over. Run on a tiny problem
    (a 6-8-3 network, 4 batches of 8, SGD lr 0.1, 3 epochs), its weights must end where
    the four steps done right take them (to 1e-5); what it returns is not checked. The
    usual mistakes are recognised by where they take the weights instead."""
    function(fn, "train", "def train(model, batches, criterion, optimizer, epochs): ...")
    model, batches = _loop_problem()
    start = copy.deepcopy(model)
    right = _simulate(start, batches, "right")    # first, so that loading PyTorch's optimizer code is not timed
    value, forwards = _run_loop(fn, model, batches)
    params = [p.detach() for p in model.parameters()]
    if forwards == 0 and value is None and _same(params, list(start.parameters())):
        raise BadInput("You have not written train yet: replace `pass` with your loop (for each epoch, "
                       "for each (inputs, labels) in batches: the four steps).")
    if _same(params, right):
        inputs, labels = torch.cat([x for x, _ in batches]), torch.cat([y for _, y in batches])
        before, after = (evaluate(net, inputs, labels)[0] for net in (start, model))      # notebook 08's
        return correct(f"{EPOCHS} epochs of 4 batches, {EPOCHS * len(batches)} updates, took your weights exactly "
                       f"where the four steps take them: the loss on the 32 examples went from {before:.3f} to "
                       f"{after:.3f}.")
    if _same(params, list(start.parameters())):
        raise Wrong("The weights did not change. Each step needs loss.backward() and THEN optimizer.step() "
                    "(a step before backward has no gradients to use), with no optimizer.zero_grad() between "
                    "them (it wipes the gradients), and the optimizer you are given (it holds the model's "
                    "weights).")
    for how, tip in _MISTAKES.items():
        if _same(params, _simulate(start, batches, how)):
            raise Wrong(tip)
    expected = EPOCHS * len(batches)
    count = (f" The model ran {forwards} forward passes; the loop needs {expected} ({EPOCHS} epochs of "
             f"{len(batches)} batches)." if forwards < expected else "")
    raise Wrong("The weights moved, but not where the four steps take them." + count + " For every batch: "
                "predictions = model(inputs), loss = criterion(predictions, labels), optimizer.zero_grad(), "
                "loss.backward(), optimizer.step(); each once, with the optimizer you are given.")
