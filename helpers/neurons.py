"""Plumbing for notebooks 02 and 03: gate inputs, truth tables, and pictures of
single neurons (activations, gate boundaries, the learning rule at work).

The neuron, the gates and Rosenblatt's learning rule are written in notebook 02;
`learn` keeps a copy of that rule so notebook 03 can run it on XOR.

    from helpers import neurons
    neurons.require_bits(x1, x2)             # ValueError unless both are 0 or 1
    ok = neurons.truth_table(AND, "AND")     # prints the table, True when all rows match
"""
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
import torch

from . import plots
from .data import gate as gate_data
from .models import step
from .plots import decision_line

LIMITS = (-0.5, 1.5, -0.5, 1.5)


# ------------------------------------------------------------------ gate inputs

def require_bits(*values):
    """Raise a ValueError unless every value is 0 or 1 (a bit).

    A neuron accepts any number, but a logic gate is only defined on bits, so a
    gate function calls this first. Accepts ints, floats, bools, tensors and arrays
    (every element must be 0 or 1). Returns None.
    """
    for value in values:
        try:
            arr = np.asarray(value.detach().cpu() if isinstance(value, torch.Tensor) else value, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"Logic gates read bits, 0 or 1; got {value!r}, which is not a number.") from None
        if arr.size == 0 or not np.all((arr == 0) | (arr == 1)):
            shown = value if arr.size == 1 else arr.ravel()[~((arr.ravel() == 0) | (arr.ravel() == 1))][:3]
            raise ValueError(f"Logic gates read bits: every input must be 0 or 1, but got {shown}. "
                             "Call the neuron itself for other numbers.")


# ------------------------------------------------------------------ truth tables

def _as_bit(out):
    if isinstance(out, torch.Tensor):
        out = out.detach().cpu()
        if out.numel() != 1:
            raise ValueError(f"the gate returned {out.numel()} numbers for one row; it should return one.")
        out = out.item()
    return float(out)


def truth_table(gate, name, show=True):
    """Run `gate` (a function of 1 input for NOT, of 2 for the others) on every row
    of the truth table of `name` (AND, OR, NAND, NOR, XOR, NOT), print the table
    with a tick or cross per row when `show`, and return True when every row is right."""
    X, y = gate_data(name)
    n_in = X.shape[1]
    inputs = ["x1", "x2"][:n_in] if n_in == 2 else ["x"]
    width = max(len(name), 5)
    head = " ".join(f"{c:>2}" for c in inputs) + f" | {name.upper():>{width}}  expected"
    lines, all_right = [head, "-" * len(head)], True
    for row, target in zip(X.int().tolist(), y.int().tolist()):
        out = _as_bit(gate(*row))
        right = out == target
        all_right &= right
        out_text = f"{out:g}" if out in (0.0, 1.0) else f"{out:.3f}"
        lines.append(" ".join(f"{v:>2}" for v in row)
                     + f" | {out_text:>{width}}  {target:>8}  {'✓' if right else '✗'}")
    if show:
        print("\n".join(lines))
    return all_right


# ------------------------------------------------------------------ the rule

@dataclass
class Run:
    """What `learn` returns: the final weights `w` and bias `b`, `epochs` (the epoch
    with no mistake, or None when it never came), `errors` (mistakes per epoch) and
    `path` (every (w, b) along the way, starting at zero)."""
    w: torch.Tensor
    b: float
    epochs: int | None
    errors: list = field(default_factory=list)
    path: list = field(default_factory=list)


def learn(X, y, lr=1.0, max_epochs=20):
    """Rosenblatt's perceptron rule, as written in notebook 02: from zero weights,
    for each example ŷ = step(w·x + b), then w ← w + lr (y − ŷ) x and
    b ← b + lr (y − ŷ). Stops after the first epoch without a mistake.
    Returns a `Run`."""
    X, y = torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.float32)
    if X.ndim != 2 or len(X) != len(y):
        raise ValueError(f"X must be (N, inputs) with one label per row; got {tuple(X.shape)} and {tuple(y.shape)}.")
    w, b = torch.zeros(X.shape[1]), 0.0
    run = Run(w, b, None, [], [(w.clone(), b)])
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = float(step(float(x_i @ w + b)))
            w = w + lr * (y_i - y_hat) * x_i
            b = b + lr * float(y_i - y_hat)
            mistakes += int(y_hat != y_i)
            run.path.append((w.clone(), b))
        run.errors.append(mistakes)
        if mistakes == 0:
            run.epochs = epoch
            break
    run.w, run.b = w, b
    return run


# ------------------------------------------------------------------ pictures

def line_equation(w, b):
    """The decision boundary w·x + b = 0 as LaTeX, e.g. '$x_1 + x_2 - 1.5 = 0$'."""
    w = np.atleast_1d(np.asarray(w, dtype=float))
    names = ["x"] if len(w) == 1 else [f"x_{i + 1}" for i in range(len(w))]
    text = ""
    for wi, name in zip(w, names):
        if wi == 0:
            continue
        sign = "-" if wi < 0 else "+"
        size = "" if abs(wi) == 1 else f"{abs(wi):g}"
        text += f" {sign} {size}{name}" if text else f"{'-' if wi < 0 else ''}{size}{name}"
    if not text:
        return f"${b:g} = 0$ (no line)"
    if b:
        text += f" {'-' if b < 0 else '+'} {abs(b):g}"
    return f"${text} = 0$"


def activation_figure(activations, z=None):
    """One panel per activation f(z) (dict name -> function on tensors), with the
    point (z, f(z)) marked when `z` is given. Returns the figure."""
    grid = torch.linspace(-4, 4, 401)
    fig, axes = plt.subplots(1, len(activations), figsize=(3.2 * len(activations), 2.9), squeeze=False)
    for ax, (name, f) in zip(axes.flat, activations.items()):
        out = torch.as_tensor(f(grid), dtype=torch.float32)
        if name.lower().startswith("step"):   # draw the jump as a jump (step(0) = 0 sits on the left piece)
            ax.plot(grid[grid <= 0], out[grid <= 0], color=plots.PALETTE[0])
            ax.plot(grid[grid > 0], out[grid > 0], color=plots.PALETTE[0])
        else:
            ax.plot(grid, out, color=plots.PALETTE[0])
        if z is not None:
            fz = float(torch.as_tensor(f(torch.tensor(float(z)))))
            ax.plot([z], [fz], "o", color=plots.PALETTE[1], zorder=3)
            ax.annotate(f"f({z:g}) = {fz:.3g}", (z, fz), textcoords="offset points", xytext=(-10, 10),
                        ha="right", fontsize=9, color=plots.PALETTE[1])
        ax.axhline(0, color="#8d96a3", lw=0.8)
        ax.axvline(0, color="#8d96a3", lw=0.8)
        ax.set(title=name, xlabel="z")
    axes[0, 0].set_ylabel("f(z)")
    fig.tight_layout()
    return fig


def _not_panel(ax, predict, w, b):
    X, y = gate_data("NOT")
    xs = torch.linspace(LIMITS[0], LIMITS[1], 400)[:, None]
    out = torch.as_tensor(predict(xs, w, b)).reshape(-1).numpy()
    ax.imshow(out[None, :], extent=(LIMITS[0], LIMITS[1], -0.25, 0.25), cmap=plots.BOUNDARY_CMAP,
              vmin=0, vmax=1, aspect="auto", origin="lower")
    w0 = float(np.atleast_1d(np.asarray(w, dtype=float))[0])
    if w0 != 0:
        ax.axvline(-float(b) / w0, color="#2e4057", lw=2)
    plots.scatter_classes(torch.cat([X, torch.zeros(2, 1)], 1), y, ax=ax, size=70)
    ax.set(xlim=LIMITS[:2], ylim=(-0.25, 0.25), xlabel="$x$", yticks=[], xticks=[0, 1])
    ax.set_title(f"NOT\n{line_equation(w, b)}", fontsize=11)
    ax.grid(False)
    ax.spines["left"].set_visible(False)


def gate_boundaries(gates, predict):
    """The decision boundary of each gate, one panel each: 2-input gates as the
    (x1, x2) square with the line, NOT on a number line.

    gates: dict name -> (w, b), e.g. {"AND": ([1, 1], -1.5), "NOT": ([-1], 0.5)}.
    predict(X, w, b): the neuron's 0/1 output for the rows of X (N, 2) or (N, 1).
    Shading: teal where the neuron outputs 1, red where it outputs 0; points are
    coloured by the gate's truth table. Returns the figure.
    """
    names = list(gates)
    ratios = [0.9 if n.upper() == "NOT" else 1 for n in names]
    fig, axes = plt.subplots(1, len(names), figsize=(2.75 * len(names), 3.3), width_ratios=ratios, squeeze=False)
    for ax, name in zip(axes.flat, names):
        w, b = gates[name]
        if name.upper() == "NOT":
            _not_panel(ax, predict, w, b)
            continue
        X, y = gate_data(name)
        plots.decision_boundary(lambda grid, w=w, b=b: predict(grid, w, b), X, y, ax=ax, limits=LIMITS)
        ax.set_title(f"{name}\n{line_equation(w, b)}", fontsize=11)
        ax.set(xticks=[0, 1], yticks=[0, 1])
    fig.tight_layout()
    return fig


def _path_lines(path):
    """The distinct (w, b) of a learning path, in order, without repeats."""
    lines = []
    for w, b in path:
        key = (tuple(np.round(np.asarray(w, dtype=float), 9)), round(float(b), 9))
        if not lines or lines[-1] != key:
            lines.append(key)
    return lines


def learning_figure(runs):
    """How the boundary moved while the rule learned: for each gate (dict name ->
    `Run` or a path of (w, b)), every line the perceptron tried (light = early,
    dark = late) and the final one, over the gate's four points. Returns the figure."""
    fig, axes = plt.subplots(1, len(runs), figsize=(3.9 * len(runs), 4.1), squeeze=False)
    cmap = plt.get_cmap("Blues")
    for ax, (name, run) in zip(axes.flat, runs.items()):
        path = run.path if isinstance(run, Run) else run
        lines = _path_lines(path)
        drawable = [(w, b) for w, b in lines if any(w)]
        for k, (w, b) in enumerate(drawable):
            pts = decision_line(w[0], w[1], b, LIMITS)
            last = k == len(drawable) - 1
            ax.plot(*pts, color="#2e4057" if last else cmap(0.25 + 0.6 * k / max(len(drawable) - 1, 1)),
                    lw=3 if last else 1.5, zorder=2 if last else 1,
                    label=f"final: {line_equation(w, b)}" if last else None)
        X, y = gate_data(name)
        plots.scatter_classes(X, y, ax=ax, size=110)
        ax.set(xlim=LIMITS[:2], ylim=LIMITS[2:], xticks=[0, 1], yticks=[0, 1], xlabel="$x_1$", ylabel="$x_2$")
        ax.set_aspect("equal")
        ax.grid(False)
        ax.set_title(f"{name}: {len(lines) - 1} updates", fontsize=11)
        final = [h for h in ax.get_lines() if h.get_label().startswith("final")]
        ax.legend(handles=final, loc="upper center", bbox_to_anchor=(0.5, -0.17), fontsize=10)
    fig.tight_layout()
    return fig
