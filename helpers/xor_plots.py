"""The pictures of notebook 03 (the XOR problem). The searches, the rule, the
networks and their training are written in the notebook; these functions only draw.

    from helpers import xor_plots
    xor_plots.solution_counts({"AND": 1540, "XOR": 0}, total=68921)
    xor_plots.hidden_space(X, y, H, out_w=[1, -2], out_b=-0.5)
"""
import matplotlib.pyplot as plt
import numpy as np
import torch

from . import plots
from .models import step
from .neurons import LIMITS, Run, line_equation
from .plots import decision_line

INK = "#2e4057"
GREY = "#8d96a3"


def _numpy(a):
    return a.detach().cpu().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)


def solution_counts(counts, total):
    """Bar chart: how many weight combinations of the grid (`total` of them) make a
    single perceptron compute each gate. counts: dict gate -> number. Returns the figure."""
    names, values = list(counts), [int(v) for v in counts.values()]
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    colors = [plots.PALETTE[1] if v == 0 else plots.PALETTE[0] for v in values]
    bars = ax.bar(names, values, color=colors, width=0.6)
    labels = ax.bar_label(bars, [f"{v:,}" if v else "0: none!" for v in values], fontsize=10, padding=2)
    for label, v in zip(labels, values):
        if v == 0:
            label.set(color=plots.PALETTE[1], fontweight="bold")
    ax.set(ylabel="weight combinations", ylim=(0, max(values + [1]) * 1.18),
           title=f"Perceptrons that compute each gate, out of {total:,} tried")
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return fig


def rule_on_xor(run, epochs_shown=6):
    """The perceptron rule on XOR: mistakes per epoch (never 0), and w1, w2, b after
    every example of the first `epochs_shown` epochs (going round in a cycle).
    run: a `neurons.Run`. Returns the figure."""
    if not isinstance(run, Run):
        raise TypeError("rule_on_xor needs the Run that neurons.learn(...) returns.")
    fig = plt.figure(figsize=(10, 3.6))
    grid = fig.add_gridspec(3, 2, width_ratios=[1, 1.5], hspace=0.15)
    left = fig.add_subplot(grid[:, 0])
    epochs = np.arange(1, len(run.errors) + 1)
    left.bar(epochs, run.errors, color=plots.PALETTE[1], width=0.7)
    left.set(xlabel="epoch", ylabel="mistakes (of 4)", ylim=(0, 4.6), yticks=range(5),
             title="Mistakes per epoch: never 0")
    left.grid(axis="x", visible=False)
    per_epoch = len(run.path[1:]) // max(len(run.errors), 1)
    steps = run.path[: 1 + per_epoch * epochs_shown]
    t = np.arange(len(steps))
    w = np.array([_numpy(s[0]) for s in steps], dtype=float)
    b = np.array([float(s[1]) for s in steps])
    series = ((w[:, 0], "$w_1$", plots.PALETTE[0]), (w[:, 1], "$w_2$", plots.PALETTE[2]), (b, "$b$", INK))
    for row, (values, label, color) in enumerate(series):
        ax = fig.add_subplot(grid[row, 1])
        ax.step(t, values, where="post", color=color)
        for e in range(1, epochs_shown):
            ax.axvline(e * per_epoch, color=GREY, lw=0.8, ls=":")
        low, high = min(values.min(), -1), max(values.max(), 1)
        ax.set(ylabel=label, ylim=(low - 0.3, high + 0.3), yticks=sorted({low, 0, high}), xlim=(0, t[-1]))
        ax.yaxis.label.set(rotation=0, ha="right", va="center")
        if row == 0:
            ax.set_title("Weights after every example: round and round", fontsize=12)
        if row < 2:
            ax.tick_params(labelbottom=False)
        else:
            ax.set_xlabel("examples seen (dotted: end of an epoch)")
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.9, wspace=0.25)
    return fig


def product_space(w, b):
    """The XOR rows in the feature space (x1, x2, x1·x2) with the plane
    w·f + b = 0 of a single neuron that separates them. Returns the figure."""
    w = _numpy(w).astype(float)
    if w.shape != (3,) or w[2] == 0:
        raise ValueError("product_space needs three weights (for x1, x2, x1·x2) with a non-zero third one.")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    F = np.c_[X, X[:, 0] * X[:, 1]]
    y = (X[:, 0] != X[:, 1]).astype(int)
    fig = plt.figure(figsize=(5, 4.2))
    ax = fig.add_subplot(projection="3d")
    g = np.linspace(-0.1, 1.1, 12)
    g1, g2 = np.meshgrid(g, g)
    plane = -(w[0] * g1 + w[1] * g2 + b) / w[2]
    ax.plot_surface(g1, g2, np.clip(plane, -0.2, 1.2), color=INK, alpha=0.15, linewidth=0)
    for cls in (0, 1):
        m = y == cls
        ax.scatter(F[m, 0], F[m, 1], F[m, 2], s=80, color=plots.CLASS_COLORS[cls], depthshade=False,
                   label=f"XOR = {cls}", edgecolors="white")
    for f in F:
        ax.text(f[0], f[1], f[2] + 0.1, f"({f[0]:g}, {f[1]:g}, {f[2]:g})", fontsize=8, ha="center")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="$x_1 x_2$", xticks=[0, 1], yticks=[0, 1], zticks=[0, 1],
           zlim=(-0.2, 1.2))
    ax.set_title(f"one plane separates them: {line_equation(w, b).replace('x_3', 'x_1x_2')}", fontsize=11)
    ax.view_init(elev=18, azim=-60)
    ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig


def _label_points(ax, P, X):
    """Write each input (x1, x2) next to where it lands; inputs on the same spot share one label."""
    groups = {}
    for p, x in zip(np.round(P, 2), X.astype(int)):
        groups.setdefault(tuple(p), []).append(f"({x[0]},{x[1]})")
    for (px, py), names in groups.items():
        text = " and ".join(names)
        shared = len(names) > 1                   # a shared spot: bold, outside the cloud of points
        below = shared and py < (P[:, 1].min() + P[:, 1].max()) / 2
        ax.annotate(text, (px, py), textcoords="offset points", xytext=(0, -14 if below else 12),
                    ha="center", va="top" if below else "baseline", fontsize=9, color=INK,
                    fontweight="bold" if shared else "normal")


def hidden_space(X, y, H, out_w, out_b, predict=None, hidden_lines=None,
                 hidden_names=("$h_1$", "$h_2$"), titles=("input space", "hidden space")):
    """Left: the inputs X (4, 2) coloured by y, with the lines of the hidden neurons
    (hidden_lines: list of (w, b)) and, when `predict` is given, the network's output
    shaded. Right: where the hidden layer sends each input, H (4, 2), with the output
    neuron's line out_w·h + out_b = 0; inputs sent to the same point share a label.
    Returns the figure."""
    X, y, H = _numpy(X).astype(float), _numpy(y).astype(float), _numpy(H).astype(float)
    if X.shape != (4, 2) or H.shape != (4, 2):
        raise ValueError(f"X and H must be (4, 2): the four inputs and their two hidden values; "
                         f"got {X.shape} and {H.shape}.")
    out_w, out_b = _numpy(out_w).astype(float).ravel(), float(_numpy(out_b))
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4.2))
    if predict is not None:
        plots.decision_boundary(predict, X, y, ax=left, limits=LIMITS)
    else:
        plots.scatter_classes(X, y, ax=left, size=90)
    for k, (w, b) in enumerate(hidden_lines or []):
        w = _numpy(w).astype(float).ravel()
        pts = decision_line(w[0], w[1], float(_numpy(b)), LIMITS)
        if pts is not None:
            left.plot(*pts, lw=3, color=plots.PALETTE[2 + k], zorder=2, label=f"line of {hidden_names[k]}")
    left.set(xlim=LIMITS[:2], ylim=LIMITS[2:], xlabel="$x_1$", ylabel="$x_2$", title=titles[0],
             xticks=[0, 1], yticks=[0, 1])
    _label_points(left, X, X)
    hl = (min(-0.45, H.min() - 0.45), max(1.45, H.max() + 0.45))
    limits = hl + hl
    xx, yy = np.meshgrid(np.linspace(*hl, 200), np.linspace(*hl, 200))
    side = step(out_w[0] * xx + out_w[1] * yy + out_b).astype(float)
    right.contourf(xx, yy, side, levels=[-0.5, 0.5, 1.5], colors=["#f3c4ca", "#b3dde3"])
    pts = decision_line(out_w[0], out_w[1], out_b, limits)
    if pts is not None:
        rounded = line_equation(np.round(out_w, 1), round(out_b, 1)).replace("x_", "h_")
        right.plot(*pts, color=INK, lw=2, label=f"output neuron: {rounded}")
    plots.scatter_classes(H, y, ax=right, size=90)
    _label_points(right, H, X)
    right.set(xlim=hl, ylim=hl, xlabel=hidden_names[0], ylabel=hidden_names[1], title=titles[1],
              xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])
    for ax in (left, right):
        ax.set_aspect("equal")
        ax.grid(False)
        handles = [h for h in ax.get_lines() if not h.get_label().startswith("_")]
        if handles:
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=9)
    fig.tight_layout()
    return fig


def seed_sweep(results):
    """For each hidden-layer width, how many training runs (seeds) reached 4/4 on
    XOR and how many got stuck. results: dict width -> list of rows right per seed.
    Returns the figure."""
    widths = list(results)
    fig, ax = plt.subplots(figsize=(6.5, 3.3))
    solved = np.array([sum(r == 4 for r in results[h]) for h in widths])
    stuck = np.array([len(results[h]) for h in widths]) - solved
    xs = np.arange(len(widths))
    ax.bar(xs, solved, color=plots.PALETTE[0], width=0.55, label="solved XOR (4/4)")
    ax.bar(xs, stuck, bottom=solved, color=plots.PALETTE[1], width=0.55, label="stuck (fewer than 4/4)")
    for x, s, n in zip(xs, solved, solved + stuck):
        ax.text(x, n + 0.2, f"{s}/{n}", ha="center", fontsize=11)
    ax.set(xticks=xs, xticklabels=[f"{h} hidden units" for h in widths], ylabel="training runs (seeds)",
           ylim=(0, max(solved + stuck) * 1.25), title="Same data, same training, different random start")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, fontsize=9)
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return fig
