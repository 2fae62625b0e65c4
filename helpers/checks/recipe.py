"""Exercises of notebook 11: the output layer and loss per task, Adam's step by
hand, a pipeline with a bug to diagnose with the recipe's checks, and the (context,
next character) pairs of a name."""
from types import SimpleNamespace

import torch
from torch import nn

from . import BadInput, Wrong, call, correct, exercise, fmt, untouched, whole_number


def _pair(value, task):
    if value is None or value is Ellipsis:
        raise BadInput(f"You have not filled in `{task}` yet: give a pair (output layer, loss), "
                       "e.g. (nn.Identity(), nn.MSELoss()).")
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        raise BadInput(f"`{task}` should be a pair (output layer, loss) such as (nn.Identity(), nn.MSELoss()), "
                       f"not {value!r}.")
    layer, loss = value
    if isinstance(layer, type) or isinstance(loss, type):
        raise BadInput(f"In `{task}`, make objects with brackets: nn.Identity(), not nn.Identity.")
    if not isinstance(layer, nn.Module) or not isinstance(loss, nn.Module):
        raise BadInput(f"`{task}` should hold two torch.nn objects (an output layer such as nn.Sigmoid() or "
                       f"nn.Identity(), and a loss such as nn.MSELoss()), not {type(layer).__name__} and "
                       f"{type(loss).__name__}.")
    return layer, loss


def _binary(layer, loss):
    if isinstance(loss, nn.BCEWithLogitsLoss):
        if isinstance(layer, nn.Sigmoid):
            raise Wrong("binary: BCEWithLogitsLoss applies the sigmoid itself, so the model must hand it the raw "
                        "score: use nn.Identity() as the output layer (apply torch.sigmoid only to read "
                        "probabilities).")
        if not isinstance(layer, nn.Identity):
            raise Wrong("binary: BCEWithLogitsLoss expects the raw score; the output layer should be nn.Identity().")
        return None
    if isinstance(loss, nn.BCELoss):
        if not isinstance(layer, nn.Sigmoid):
            raise Wrong("binary: BCELoss needs probabilities in [0, 1]: it must come after nn.Sigmoid().")
        return ("(nn.Sigmoid(), nn.BCELoss()) is the slide's pair and works, but BCEWithLogitsLoss on the raw "
                "score is the safe version: section 1 showed BCELoss stuck at 100 with zero gradient.")
    raise Wrong("binary: a yes/no answer is a probability, scored by binary cross-entropy "
                "(nn.BCEWithLogitsLoss, or nn.BCELoss after a sigmoid).")


def _multiclass(layer, loss):
    if isinstance(loss, nn.CrossEntropyLoss):
        if isinstance(layer, nn.Softmax):
            raise Wrong("multiclass: nn.CrossEntropyLoss already includes the softmax. A Softmax layer in front "
                        "of it applies softmax twice (the loss cannot go below 1.46 and learning slows): "
                        "use nn.Identity().")
        if isinstance(layer, nn.LogSoftmax):
            return ("(nn.LogSoftmax(dim=1), nn.CrossEntropyLoss()) gives exactly the loss of the raw scores "
                    "(a log-softmax of log-probabilities changes nothing), so it works, but the LogSoftmax layer "
                    "does nothing: drop it (nn.Identity()) or keep it and use nn.NLLLoss.")
        if not isinstance(layer, nn.Identity):
            raise Wrong("multiclass: nn.CrossEntropyLoss takes the raw scores: the output layer is nn.Identity().")
        return None
    if isinstance(loss, nn.NLLLoss):
        if isinstance(layer, nn.LogSoftmax):
            return "(nn.LogSoftmax(dim=1), nn.NLLLoss()) is exactly CrossEntropyLoss split in two."
        raise Wrong("multiclass: nn.NLLLoss expects log-probabilities: put nn.LogSoftmax(dim=1) before it "
                    "(or use nn.CrossEntropyLoss on the raw scores).")
    raise Wrong("multiclass: one of 10 digits is scored by cross-entropy: nn.CrossEntropyLoss on the raw scores.")


def _regression(layer, loss):
    if not isinstance(loss, (nn.MSELoss, nn.L1Loss, nn.HuberLoss, nn.SmoothL1Loss)):
        raise Wrong("regression: a number such as a price is scored by its distance to the truth: nn.MSELoss "
                    "(mean squared error).")
    if isinstance(layer, (nn.Sigmoid, nn.Tanh, nn.Softmax)):
        raise Wrong(f"regression: {type(layer).__name__} limits the output's range (a price of 250,000 is out of "
                    "reach); a regression's output layer is linear: nn.Identity().")
    if isinstance(layer, nn.ReLU):
        raise Wrong("regression: ReLU turns every negative output into 0 (a change in price of -5,000 is out of "
                    "reach) and passes no gradient there, so an output stuck below 0 stops learning; a "
                    "regression's output layer is linear: nn.Identity().")
    if not isinstance(layer, nn.Identity):
        raise Wrong("regression: the output is the raw number: use nn.Identity() as the output layer.")
    return None if isinstance(loss, nn.MSELoss) else f"{type(loss).__name__} works too; the slide uses MSELoss."


@exercise
def output_and_loss(binary, multiclass, regression):
    """Each task gets a pair (output layer, loss) of nn objects, e.g.
    binary = (nn.Identity(), nn.BCEWithLogitsLoss())."""
    notes = []
    for task, value, rule in (("binary", binary, _binary), ("multiclass", multiclass, _multiclass),
                              ("regression", regression, _regression)):
        note = rule(*_pair(value, task))
        if note:
            notes.append(note)
    return correct("Sigmoid + binary cross-entropy, softmax + cross-entropy, linear + mean squared error. "
                   + " ".join(notes))


def _as_tensor(value, name, like):
    if isinstance(value, torch.Tensor):
        out = value.detach().to(torch.float64)
    else:
        try:
            out = torch.as_tensor(value, dtype=torch.float64)
        except (TypeError, ValueError, RuntimeError):
            raise BadInput(f"adam_step should return tensors; {name} is {value!r}.") from None
    if out.shape != like.shape:
        raise BadInput(f"{name} has shape {tuple(out.shape)}, but the parameter has shape {tuple(like.shape)}.")
    return out


@exercise
def adam_step(fn):
    """fn(theta, grad, m, v, t, lr) -> (theta, m, v) after Adam's update number t (1, 2, ...),
    with beta1 = 0.9, beta2 = 0.999, eps = 1e-8. Compared with torch.optim.Adam over
    6 steps of a 5-parameter vector with gradients of very different sizes."""
    if fn is None or fn is Ellipsis:
        raise BadInput("You have not written adam_step yet.")
    if not callable(fn):
        raise BadInput(f"adam_step should be a function (def adam_step(...)), not {type(fn).__name__}.")
    lr = 0.01
    g = torch.Generator().manual_seed(3)
    scales = torch.tensor([1e-4, 1e-2, 1.0, 10.0, 1e3], dtype=torch.float64)
    grads = [scales * torch.randn(5, generator=g, dtype=torch.float64) for _ in range(6)]
    start = torch.randn(5, generator=g, dtype=torch.float64)
    reference = start.clone().requires_grad_(True)
    optimizer = torch.optim.Adam([reference], lr=lr)
    theta, m, v = start.clone(), torch.zeros(5, dtype=torch.float64), torch.zeros(5, dtype=torch.float64)
    for t, grad in enumerate(grads, start=1):
        reference.grad = grad.clone()
        optimizer.step()
        called = f"adam_step(theta, grad, m, v, t={t}, lr={lr:g}) on tensors of 5 parameters"
        out = call(fn, theta, grad, m, v, t, lr, name=called)          # on copies, within the time limit
        if not (isinstance(out, (tuple, list)) and len(out) == 3):
            raise BadInput(f"adam_step should return three things, (theta, m, v), not {out!r}.")
        before = (theta, m, v)
        theta, m, v = (_as_tensor(x, n, start) for x, n in zip(out, ("theta", "m", "v")))
        if t == 1 and all(torch.equal(a, b) for a, b in zip((theta, m, v), before)):
            raise BadInput("You have not written adam_step yet: it returns theta, m and v unchanged. Compute m, "
                           "v and the bias-corrected step (the comment in the cell), then return the new values.")
        m_ref = optimizer.state[reference]["exp_avg"]
        v_ref = optimizer.state[reference]["exp_avg_sq"]
        if not torch.allclose(m, m_ref, rtol=1e-6, atol=1e-12):
            raise Wrong(f"At step {t}, m is off. m is a running average of the gradients: "
                        "m = beta1 * m + (1 - beta1) * grad.")
        if not torch.allclose(v, v_ref, rtol=1e-6, atol=1e-12):
            raise Wrong(f"At step {t}, v is off. v is a running average of the SQUARED gradients: "
                        "v = beta2 * v + (1 - beta2) * grad**2.")
        if not torch.allclose(theta, reference.detach(), rtol=1e-6, atol=1e-9):
            moved = (theta - reference.detach()).abs().max().item()
            raise Wrong(f"At step {t}, m and v are right but theta is off by up to {moved:.2g}. Correct the bias "
                        "first, m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t), then "
                        "theta = theta - lr * m_hat / (sqrt(v_hat) + eps).")
    first = (grads[0].abs() / (grads[0].abs() + 1e-8)) * lr
    return correct(f"6 steps agree with torch.optim.Adam. Note the first step: lr * g / |g| = "
                   f"{first.min().item():.4f} to {first.max().item():.4f} for gradients from 1e-4 to 1e3: "
                   "every parameter moves by about lr, whatever the size of its gradient.")


@exercise
def pairs(fn):
    """fn(name) -> the list of (3 characters before, next character) pairs of one
    name, "." for before the start and for the end."""
    from ..lecture import context_pairs

    if fn is None or fn is Ellipsis or untouched(fn, lambda name: []):     # the cell as given
        raise BadInput("You have not written pairs yet: return the list of (context, next character) pairs "
                       "of `name` (the example for 'ann' above).")
    if not callable(fn):
        raise BadInput(f"pairs should be a function (def pairs(name): ...), not {type(fn).__name__}.")
    for name in ("emma", "al", "x", "nipun"):
        got = call(fn, name, name=f"pairs({name!r})")                 # within the time limit
        want = context_pairs(name, block=3)
        try:
            got = [(str(a), str(b)) for a, b in got]
        except (TypeError, ValueError):
            raise BadInput(f"pairs({name!r}) should return a list of (context, next) pairs, not {got!r}.") from None
        if len(got) != len(want):
            raise Wrong(f"pairs({name!r}) gave {len(got)} pairs, but a name of {len(name)} letters gives "
                        f"{len(want)}: one per letter, plus one that predicts the end '.'.")
        for (c, n), (wc, wn) in zip(got, want):
            if len(c) != 3:
                raise Wrong(f"pairs({name!r}): the context {c!r} should be 3 characters (pad the start with '...').")
            if (c, n) != (wc, wn):
                raise Wrong(f"pairs({name!r}): expected ({wc!r}, {wn!r}) where you have ({c!r}, {n!r}). "
                            "Pad with '...', slide a window of 3, and end with the pair that predicts '.'.")
    return correct("Every name becomes len(name) + 1 examples; 5,163 names give the notebook's training set.")


# ------------------------------------------------------------------ a pipeline with a bug (section 4)

BUGS = ("the pixels are 0-255, not scaled to [0, 1]",
        "the model ends with a softmax before CrossEntropyLoss (softmax applied twice)",
        "the images were shuffled without their labels",
        "nothing: every step passes")


def mystery_pipeline(images, labels, seed=0):
    """Someone's MNIST pipeline with one bug (one of `BUGS`), for the recipe's checks:
    made from `images` (N x 784, pixels in [0, 1]) and their `labels`. Returns a
    namespace: `train` and `val` (images, labels), 1/12 of the images held out, and
    `model()`, a fresh 784-128-10 network."""
    if not (isinstance(images, torch.Tensor) and isinstance(labels, torch.Tensor)):
        raise TypeError("mystery_pipeline needs two tensors, the images and their labels, "
                        f"not {type(images).__name__} and {type(labels).__name__}.")
    if images.ndim != 2 or images.shape[1] != 784 or len(labels) != len(images) or len(images) < 100:
        raise ValueError(f"mystery_pipeline needs at least 100 images of 784 pixels and one label each; got images "
                         f"of shape {tuple(images.shape)} and {len(labels)} labels.")
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))
    images = images[order]                           # "shuffle the data" (and the labels? ...)
    n_val = round(len(images) / 12)

    def model():
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))

    return SimpleNamespace(train=(images[n_val:], labels[n_val:]), val=(images[:n_val], labels[:n_val]), model=model)


def _bug(value):
    if value is None or value is Ellipsis:
        raise BadInput("You have not filled in `bug` yet: give the letter of one of the choices (A, B, C or D).")
    letters = {chr(65 + i): b for i, b in enumerate(BUGS)}
    text = str(value).strip()
    found = letters.get(text.upper()) or next((b for b in BUGS if b.lower() == text.lower()), None)
    if found is None:
        raise BadInput(f"`bug` should be one of the letters A, B, C, D (or a choice's text), not {value!r}.")
    return BUGS.index(found)


@exercise
def diagnosis(failing_step, bug):
    """The first step that fails on the mystery pipeline (1, 2 or 3; 0 when all pass)
    and the bug behind it (a letter A-D of `BUGS`, or its text)."""
    if failing_step is None or failing_step is Ellipsis:
        raise BadInput("You have not filled in `failing_step` yet: the number of the first step whose line is "
                       "not what it should be (1, 2 or 3), or 0 if every step passes.")
    step = whole_number(failing_step, "failing_step")
    if step not in (0, 1, 2, 3):
        raise BadInput(f"failing_step should be 1, 2 or 3 (or 0 if every step passes), not {fmt(step)}.")
    found = _bug(bug)
    if step == 0:
        raise Wrong("Not every step passed: compare step 3's validation accuracy with the baseline's.")
    if step == 1:
        raise Wrong("Step 1 passed: the mystery network's loss at start is close to ln 10 = 2.30, as a fresh "
                    "network's should be. Which line is not what it should be?")
    if step == 2:
        raise Wrong("Step 2 passed: the one batch was learned by heart (a loss near 0), so the network, the loss "
                    "and the training loop work. Which line is not what it should be?")
    if found == 0:
        raise Wrong("Step 3 it is. But pixels of 0 to 255 would already show at step 1: the scores would be "
                    "far larger, and the loss at start far above 2.30. What can step 3 see that steps 1 and 2 "
                    "cannot?")
    if found == 1:
        raise Wrong("Step 3 it is. But a softmax before CrossEntropyLoss would already show at step 2: the one "
                    "batch could not get below 1.46 (section 1). What can step 3 see that steps 1 and 2 cannot?")
    if found == 3:
        raise Wrong("Step 3 failed, so something is wrong: which bug leaves steps 1 and 2 untouched?")
    return correct("Images shuffled without their labels. Steps 1 and 2 cannot see it: a fresh network's "
                   "loss is ln 10 whatever the labels, and a network can learn 32 wrong labels by heart as "
                   "easily as right ones. Only step 3 asks whether the images tell anything about the labels, "
                   "and with the pairs broken they do not: the trained network is no better than ignoring the "
                   "images. (The bug: `images = images[order]` without `labels = labels[order]`.)")
