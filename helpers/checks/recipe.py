"""Exercises of notebook 11: the output layer and loss per task, Adam's step by
hand, and the (context, next character) pairs of a name."""
import torch
from torch import nn

from . import BadInput, Wrong, call, correct, exercise

TASKS = ("binary", "multiclass", "regression")


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
            raise Wrong("multiclass: nn.CrossEntropyLoss includes log-softmax already; with nn.LogSoftmax in front "
                        "use nn.NLLLoss, or keep CrossEntropyLoss and use nn.Identity().")
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
    if isinstance(layer, (nn.Sigmoid, nn.Tanh, nn.Softmax, nn.ReLU)):
        raise Wrong(f"regression: {type(layer).__name__} limits the output's range (a price of 250,000 is out of "
                    "reach); a regression's output layer is linear: nn.Identity().")
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
        out = call(fn, theta, grad, m, v, t, lr, name="adam_step")      # on copies, within the time limit
        if not (isinstance(out, (tuple, list)) and len(out) == 3):
            raise BadInput(f"adam_step should return three things, (theta, m, v), not {out!r}.")
        theta, m, v = (_as_tensor(x, n, start) for x, n in zip(out, ("theta", "m", "v")))
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

    if fn is None or fn is Ellipsis:
        raise BadInput("You have not written pairs yet.")
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
