"""Pictures of classifiers on the plane: where a model says class 1 (`decision_boundary`),
the gates' lines (notebook 02), the perceptron rule moving its line (02), and XOR in the
product feature space and the hidden space (03)."""
import matplotlib.pyplot as plt
import numpy as np
import torch

from ..data import gate as gate_data
from ..gates import line_equation
from ..lecture import step
from .style import BOUNDARY_CMAP, CLASS_COLORS, INK, LIGHT, PALETTE, as_numpy, decision_line, finish, scatter_classes

LIMITS = (-0.5, 1.5, -0.5, 1.5)        # the unit square of the gates, with a margin


def _plane(ax, limits, xlabel="$x_1$", ylabel="$x_2$", **settings):
    """The input plane on `ax`: `limits` (x from, x to, y from, y to), the axis names, equal
    scales, no grid, and any further `ax.set` settings (title, ticks)."""
    ax.set(xlim=limits[:2], ylim=limits[2:], xlabel=xlabel, ylabel=ylabel, **settings)
    ax.set_aspect("equal")
    ax.grid(False)


def decision_boundary(predict, X, y, ax=None, title=None, limits=None):
    """Shade where `predict` says class 1 and draw its 0.5 contour, over `limits` (x from,
    x to, y from, y to; by default the points X with a margin of half their spread).

    predict: a function (or a torch module on the CPU) from an (N, 2) float tensor to
    N scores in [0, 1] (probabilities of class 1).
    X, y: points to draw on top (class 0 orange squares, class 1 blue circles). Returns the figure.
    """
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(4.5, 4.5))
    if limits is None:
        pts = as_numpy(X)
        pad = 0.5 * max(np.ptp(pts[:, 0]), np.ptp(pts[:, 1]), 1.0)
        limits = (pts[:, 0].min() - pad, pts[:, 0].max() + pad, pts[:, 1].min() - pad, pts[:, 1].max() + pad)
    xx, yy = np.meshgrid(np.linspace(limits[0], limits[1], 200), np.linspace(limits[2], limits[3], 200))
    with torch.no_grad():
        zz = as_numpy(predict(torch.tensor(np.c_[xx.ravel(), yy.ravel()], dtype=torch.float32)))
    zz = zz.astype(float).reshape(xx.shape)
    ax.contourf(xx, yy, zz, levels=50, cmap=BOUNDARY_CMAP, vmin=0.0, vmax=1.0)
    if zz.min() < 0.5 < zz.max():
        ax.contour(xx, yy, zz, levels=[0.5], colors=INK, linewidths=2)
    scatter_classes(X, y, ax)
    _plane(ax, limits, title=title)
    return fig


def _not_panel(ax, predict, w, b):
    X, y = gate_data("NOT")
    xs = torch.linspace(LIMITS[0], LIMITS[1], 400)[:, None]
    out = torch.as_tensor(predict(xs, w, b)).reshape(-1).numpy()
    ax.imshow(out[None, :], extent=(LIMITS[0], LIMITS[1], -0.25, 0.25), cmap=BOUNDARY_CMAP,
              vmin=0, vmax=1, aspect="auto", origin="lower")
    w0 = float(np.atleast_1d(np.asarray(w, dtype=float))[0])
    if w0 != 0:
        ax.axvline(-float(b) / w0, color=INK, lw=2)
    scatter_classes(torch.cat([X, torch.zeros(2, 1)], 1), y, ax, size=70)
    ax.set(xlim=LIMITS[:2], ylim=(-0.25, 0.25), xlabel="$x$", yticks=[], xticks=[0, 1])
    ax.set_title(f"NOT\n{line_equation(w, b)}", fontsize=11)
    ax.grid(False)
    ax.spines["left"].set_visible(False)


def gate_boundaries(gates, predict):
    """The decision boundary of each gate, one panel each: 2-input gates as the
    (x1, x2) square with the line, NOT on a number line.

    gates: dict name -> (w, b), e.g. {"AND": ([1, 1], -1.5), "NOT": ([-1], 0.5)}.
    predict(X, w, b): the neuron's 0/1 output for the rows of X (N, 2) or (N, 1).
    Shading: blue where the neuron outputs 1, orange where it outputs 0; points are
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
        decision_boundary(lambda grid, w=w, b=b: predict(grid, w, b), X, y, ax=ax, limits=LIMITS)
        ax.set_title(f"{name}\n{line_equation(w, b)}", fontsize=11)
        ax.set(xticks=[0, 1], yticks=[0, 1])
    return finish(fig)


def learning_figure(paths):
    """How the boundary moved while the rule learned: for each gate (dict name -> the
    path of (w, b) that `lecture.train_perceptron` returns), every line the perceptron
    tried (light = early, dark = late) and the final one, over the gate's four points.
    Returns the figure."""
    fig, axes = plt.subplots(1, len(paths), figsize=(3.9 * len(paths), 4.1), squeeze=False)
    cmap = plt.get_cmap("Blues")
    for ax, (name, path) in zip(axes.flat, paths.items()):
        steps = [(tuple(np.round(np.asarray(w, dtype=float), 9)), round(float(b), 9)) for w, b in path]
        lines = [s for k, s in enumerate(steps) if k == 0 or s != steps[k - 1]]     # each new (w, b) once
        drawable = [(w, b) for w, b in lines if any(w)]
        for k, (w, b) in enumerate(drawable):
            pts = decision_line(w[0], w[1], b, LIMITS)
            last = k == len(drawable) - 1
            ax.plot(*pts, color=INK if last else cmap(0.25 + 0.6 * k / max(len(drawable) - 1, 1)),
                    lw=3 if last else 1.5, zorder=2 if last else 1,
                    label=f"final: {line_equation(w, b)}" if last else None)
        X, y = gate_data(name)
        scatter_classes(X, y, ax, size=110)
        _plane(ax, LIMITS, xticks=[0, 1], yticks=[0, 1])
        ax.set_title(f"{name}: {len(lines) - 1} updates", fontsize=11)
        ax.legend(handles=ax.get_lines()[-1:], loc="upper center", bbox_to_anchor=(0.5, -0.17), fontsize=10)
    return finish(fig)


def product_space(w, b):
    """The XOR rows in the feature space (x1, x2, x1·x2) with the plane
    w·f + b = 0 of a single neuron that separates them. Returns the figure."""
    w = as_numpy(w).astype(float)
    if w.shape != (3,) or w[2] == 0:
        raise ValueError("product_space needs three weights (for x1, x2, x1·x2) with a non-zero third one.")
    X, y = (t.numpy() for t in gate_data("XOR"))
    F = np.c_[X, X[:, 0] * X[:, 1]]
    fig = plt.figure(figsize=(5, 4.2))
    ax = fig.add_subplot(projection="3d")
    g = np.linspace(-0.1, 1.1, 12)
    g1, g2 = np.meshgrid(g, g)
    plane = -(w[0] * g1 + w[1] * g2 + b) / w[2]
    ax.plot_surface(g1, g2, np.clip(plane, -0.2, 1.2), color=INK, alpha=0.15, linewidth=0)
    for cls in (0, 1):
        m = y == cls
        ax.scatter(F[m, 0], F[m, 1], F[m, 2], s=80, color=CLASS_COLORS[cls], depthshade=False,
                   label=f"XOR = {cls}", edgecolors="white")
    for f in F:
        ax.text(f[0], f[1], f[2] + 0.1, f"({f[0]:g}, {f[1]:g}, {f[2]:g})", fontsize=8, ha="center")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="$x_1 x_2$", xticks=[0, 1], yticks=[0, 1], zticks=[0, 1],
           zlim=(-0.2, 1.2))
    ax.set_title(f"one plane separates them: {line_equation(w, b).replace('x_3', 'x_1x_2')}", fontsize=11)
    ax.view_init(elev=18, azim=-60)
    ax.legend(loc="upper left", fontsize=9)
    return finish(fig)


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


def hidden_space(X, y, H, output, predict, hidden_lines,
                 hidden_names=("$h_1$", "$h_2$"), titles=("input space", "hidden space")):
    """Left: the inputs X (4, 2) coloured by y, with the lines of the hidden neurons
    (hidden_lines: list of (w, b)) and the network's output (`predict`, as for
    `decision_boundary`) shaded. Right: where the hidden layer sends each input, H (4, 2),
    with the output neuron's line w·h + b = 0 (output: (w, b)); inputs sent to the same
    point share a label. Returns the figure."""
    X, y, H = as_numpy(X).astype(float), as_numpy(y).astype(float), as_numpy(H).astype(float)
    if X.shape != (4, 2) or H.shape != (4, 2):
        raise ValueError(f"X and H must be (4, 2): the four inputs and their two hidden values; "
                         f"got {X.shape} and {H.shape}.")
    out_w, out_b = as_numpy(output[0]).astype(float).ravel(), float(as_numpy(output[1]))
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4.2))
    decision_boundary(predict, X, y, ax=left, limits=LIMITS)
    for k, (w, b) in enumerate(hidden_lines):
        w = as_numpy(w).astype(float).ravel()
        pts = decision_line(w[0], w[1], float(as_numpy(b)), LIMITS)
        if pts is not None:
            left.plot(*pts, lw=3, color=PALETTE[2 + k], zorder=2, label=f"line of {hidden_names[k]}")
    _plane(left, LIMITS, title=titles[0], xticks=[0, 1], yticks=[0, 1])
    _label_points(left, X, X)
    hl = (min(-0.45, H.min() - 0.45), max(1.45, H.max() + 0.45))
    limits = hl + hl
    xx, yy = np.meshgrid(np.linspace(*hl, 200), np.linspace(*hl, 200))
    side = step(out_w[0] * xx + out_w[1] * yy + out_b).numpy()          # notebook 02's step
    right.contourf(xx, yy, side, levels=[-0.5, 0.5, 1.5], colors=LIGHT)
    pts = decision_line(out_w[0], out_w[1], out_b, limits)
    if pts is not None:
        rounded = line_equation(np.round(out_w, 1), round(out_b, 1)).replace("x_", "h_")
        right.plot(*pts, color=INK, lw=2, label=f"output neuron: {rounded}")
    scatter_classes(H, y, right, size=90)
    _label_points(right, H, X)
    _plane(right, limits, *hidden_names, title=titles[1], xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])
    for ax in (left, right):
        handles = [h for h in ax.get_lines() if not h.get_label().startswith("_")]
        if handles:
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=9)
    return finish(fig)

