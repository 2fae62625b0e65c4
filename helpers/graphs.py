"""Computational graphs as figures (notebook 07).

`computational_graph` draws a forward pass as a chain: values in circles, the
operations between them in boxes, forward arrows left to right and, optionally,
the local derivatives of the backward pass as arrows right to left underneath.

    fig = graphs.computational_graph()          # the lecture's x -> ... -> L chain
    plots.save(fig, "07_computational_graph")
"""
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .plots import PALETTE

#: The lecture's chain: x -> [W1] -> z1 -> [ReLU] -> h -> [W2] -> z2 -> [sigmoid] -> y_hat -> [loss] -> L
LECTURE_VALUES = ("$x$", "$z_1$", "$h$", "$z_2$", r"$\hat y$", "$L$")
LECTURE_OPERATIONS = (r"$\times W_1$" + "\n" + r"$+\,b_1$", "ReLU", r"$\times W_2$" + "\n" + r"$+\,b_2$",
                      "sigmoid", "loss")
LECTURE_BACKWARD = (r"$\frac{\partial z_1}{\partial W_1}$", r"$\frac{\partial h}{\partial z_1}$",
                    r"$\frac{\partial z_2}{\partial h}$", r"$\frac{\partial \hat y}{\partial z_2}$",
                    r"$\frac{\partial L}{\partial \hat y}$")


def _labels(items, name):
    if isinstance(items, str) or not hasattr(items, "__len__"):
        raise TypeError(f"{name} must be a list of labels (strings), not {items!r}.")
    return [str(item) for item in items]


def computational_graph(values=LECTURE_VALUES, operations=LECTURE_OPERATIONS, backward=LECTURE_BACKWARD,
                        title="The computational graph of one forward pass", notes=None, ax=None):
    """Draw a chain-shaped computational graph and return the figure.

    values: labels of the n values (circles), e.g. ("$x$", "$z_1$", ..., "$L$").
    operations: the n - 1 operations between them (boxes), e.g. ReLU.
    backward: None, or n - 1 labels, one per operation: its local derivative,
        drawn on an arrow from right to left under the graph (the backward pass).
    notes: None, or n short texts (e.g. numbers) written under the values.
    """
    values, operations = _labels(values, "values"), _labels(operations, "operations")
    if len(values) < 2:
        raise ValueError("A graph needs at least two values (an input and an output).")
    if len(operations) != len(values) - 1:
        raise ValueError(f"{len(values)} values need {len(values) - 1} operations between them, "
                         f"got {len(operations)}.")
    if backward is not None:
        backward = _labels(backward, "backward")
        if len(backward) != len(operations):
            raise ValueError(f"backward needs one label per operation ({len(operations)}), got {len(backward)}.")
    if notes is not None:
        notes = _labels(notes, "notes")
        if len(notes) != len(values):
            raise ValueError(f"notes needs one text per value ({len(values)}), got {len(notes)}.")

    n = len(values) + len(operations)           # items along the chain
    width = min(10.0, 0.95 * n + 0.5)
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(width, 2.9 if backward else 1.9))
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(-1.75 if backward else -0.5, 0.8)
    ax.set_aspect("equal")
    ax.axis("off")

    value_color, op_color, back_color = PALETTE[0], PALETTE[4], PALETTE[1]
    for i in range(n):
        if i % 2 == 0:                       # a value
            ax.add_patch(Circle((i, 0), 0.36, facecolor="white", edgecolor=value_color, lw=2, zorder=2))
            ax.text(i, 0, values[i // 2], ha="center", va="center", fontsize=13, zorder=3)
            if notes is not None and notes[i // 2]:
                ax.text(i, 0.5, notes[i // 2], ha="center", va="bottom", fontsize=9, color=value_color)
        else:                                # an operation
            ax.add_patch(FancyBboxPatch((i - 0.42, -0.3), 0.84, 0.6, boxstyle="round,pad=0.04",
                                        facecolor="#e8ecf1", edgecolor=op_color, lw=1.5, zorder=2))
            ax.text(i, 0, operations[i // 2], ha="center", va="center", fontsize=9, zorder=3)
        if i + 1 < n:
            start, end = (i + (0.37 if i % 2 == 0 else 0.47), i + 1 - (0.47 if i % 2 == 0 else 0.37))
            ax.add_patch(FancyArrowPatch((start, 0), (end, 0), arrowstyle="-|>", mutation_scale=12,
                                         color=op_color, lw=1.5, zorder=1))
    if backward is not None:
        y = -0.72
        for k, label in enumerate(backward):
            right, left = 2 * k + 2, 2 * k
            ax.add_patch(FancyArrowPatch((right - 0.15, y), (left + 0.15, y), arrowstyle="-|>",
                                         mutation_scale=12, color=back_color, lw=1.5))
            ax.text(2 * k + 1, y - 0.14, label, ha="center", va="top", fontsize=13, color=back_color)
        ax.text(-0.6, y - 0.95, "backward pass: multiply the local derivatives from right to left",
                ha="left", va="center", fontsize=9, color=back_color, style="italic")
    if title:
        ax.set_title(title)
    return fig


def trajectories(paths, target=None, xlabel="update step", ylabel="$w$", title=None):
    """Line plot of how one number changes over training steps, one line per run.

    paths: dict label -> list of values (e.g. the weight after each update);
    target: optional value drawn as a dotted line (e.g. the minimum). Returns the figure.
    """
    if not isinstance(paths, dict) or not paths:
        raise TypeError("paths must be a non-empty dict {label: list of values}.")
    fig, ax = plt.subplots(figsize=(9, 3.4))
    for k, (label, values) in enumerate(paths.items()):
        values = [float(v) for v in values]
        if not values:
            raise ValueError(f"The run {label!r} has no values to draw.")
        ax.plot(range(1, len(values) + 1), values, marker="o", markersize=3,
                color=PALETTE[k % len(PALETTE)], label=label)
    if target is not None:
        ax.axhline(float(target), color="#2e4057", lw=1, ls=":", label=f"minimum ({float(target):g})")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    return fig
