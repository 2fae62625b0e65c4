"""Diagrams: a fully connected network with its weights and values (notebooks 04, 05)
and a computational graph with its backward pass (07)."""
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .style import GREY, INK, PALETTE, as_numpy


def _layer_sizes_from_model(model):
    """(sizes, activation names) of an nn.Sequential of Linear layers and activations."""
    sizes, acts = [], []
    for module in model.modules():
        if isinstance(module, torch.nn.Linear):
            sizes = sizes or [module.in_features]
            sizes.append(module.out_features)
            acts.append(None)
        elif sizes and not list(module.children()) and not isinstance(module, torch.nn.Sequential):
            acts[-1] = type(module).__name__
    if not sizes:
        raise ValueError("network_diagram found no nn.Linear layer in this model.")
    return sizes, acts


def _shown_nodes(n, max_nodes):
    """Indices of the nodes drawn for a layer of n (None marks the '⋮' gap)."""
    if n <= max_nodes:
        return list(range(n))
    top = max_nodes // 2                     # the rest of the max_nodes - 1 at the bottom
    return list(range(top)) + [None] + list(range(n - (max_nodes - 1 - top), n))


def _fmt(v, digits=3):
    return v if isinstance(v, str) else f"{float(v):.{digits}g}"


def _per_layer(items, count, name, shape_of):
    """`items` checked: None, or `count` arrays (or None) of the shapes shape_of(i)."""
    if items is None:
        return [None] * count
    items = list(items)
    if len(items) != count:
        per = "connection" if name == "weights" else "layer"
        raise ValueError(f"{name} needs {count} entries (one per {per}), got {len(items)}.")
    out = [None if item is None else np.asarray(as_numpy(item), dtype=object) for item in items]
    for i, arr in enumerate(out):
        if arr is not None and arr.shape != shape_of(i):
            raise ValueError(f"{name}[{i}] has shape {arr.shape}, but {shape_of(i)} is expected.")
    return out


class _Layout:
    """Where each drawn neuron of a network goes: columns `dx` apart, rows `dy` apart,
    layers wider than MAX_NODES shown with a '⋮' gap (a None slot)."""
    MAX_NODES, RADIUS = 7, 0.3

    def __init__(self, sizes, labelled, rows_of_text):
        self.sizes = sizes
        self.shown = [_shown_nodes(n, self.MAX_NODES) for n in sizes]
        self.dx = 3.4 if labelled else 2.4
        self.dy = 0.9 + 0.35 * rows_of_text
        self.colors = [INK] + [PALETTE[0]] * (len(sizes) - 2) + [PALETTE[1]]

    def position(self, layer, slot):
        return layer * self.dx, (len(self.shown[layer]) - 1) / 2 * self.dy - slot * self.dy

    def figsize(self):
        tallest = max(len(s) for s in self.shown)
        return (min(10.0, 1.2 + 1.1 * self.dx * (len(self.sizes) - 1) / 1.6),
                min(4.6, 1.3 + 0.55 * self.dy * tallest))


def _draw_edges(ax, layout, weights):
    """Every connection; with weights, labelled, blue when positive, orange when negative."""
    for layer, w in enumerate(weights):
        scale = max((abs(float(v)) for v in w.ravel()), default=1.0) if w is not None else 1.0
        for a, i in enumerate(layout.shown[layer]):
            for b, j in enumerate(layout.shown[layer + 1]):
                if i is None or j is None:
                    continue
                (x0, y0), (x1, y1) = layout.position(layer, a), layout.position(layer + 1, b)
                if w is None:
                    ax.plot([x0, x1], [y0, y1], color=GREY, lw=0.8, alpha=0.6, zorder=1)
                    continue
                color = PALETTE[0] if float(w[i, j]) >= 0 else PALETTE[1]
                ax.plot([x0, x1], [y0, y1], color=color, lw=0.8 + 2.7 * abs(float(w[i, j])) / (scale or 1), zorder=1)
                t = 0.3 if y1 <= y0 else 0.22
                ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), _fmt(w[i, j], 2), fontsize=9, ha="center",
                        va="center", color=color, zorder=4,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))


def _node_name(layer, i, sizes):
    symbol = "x" if layer == 0 else ("y" if layer == len(sizes) - 1 else "h")
    if layer == len(sizes) - 1 and sizes[-1] == 1:
        return r"$\hat y$"
    if 0 < layer < len(sizes) - 1 and len(sizes) > 3:
        return f"${symbol}^{{({layer})}}_{{{i + 1}}}$"
    return f"${symbol}_{{{i + 1}}}$"


def _draw_nodes(ax, layout, values, biases):
    """Every drawn neuron with its name, its value above and its bias below."""
    r = layout.RADIUS
    for layer, slots in enumerate(layout.shown):
        for slot, i in enumerate(slots):
            x, y = layout.position(layer, slot)
            if i is None:
                ax.text(x, y, "⋮", ha="center", va="center", fontsize=16, color=INK)
                continue
            ax.add_patch(mpl.patches.Circle((x, y), r, fc=layout.colors[layer], ec="white", lw=1.5, zorder=3))
            ax.text(x, y, _node_name(layer, i, layout.sizes), ha="center", va="center", color="white",
                    fontsize={1: 10, 2: 9}.get(len(str(i + 1)), 7), zorder=4)
            if values[layer] is not None:
                ax.text(x, y + r + 0.08, _fmt(values[layer][i]), ha="center", va="bottom", fontsize=10,
                        fontweight="bold", color=INK, zorder=4)
            if layer > 0 and biases[layer - 1] is not None:
                ax.text(x, y - r - 0.06, f"b = {_fmt(biases[layer - 1][i], 2)}", ha="center", va="top",
                        fontsize=9, color="#5b6470", zorder=4)


def _draw_layer_labels(ax, layout, activations):
    """Under each column: input / hidden / output, its size and its activation; sets the limits."""
    sizes, n = layout.sizes, len(layout.sizes)
    names = ["input"] + ["hidden" if n == 3 else f"hidden {i}" for i in range(1, n - 1)] + ["output"]
    bottom = min(layout.position(layer, len(s) - 1)[1] for layer, s in enumerate(layout.shown)) - 0.75
    for layer, name in enumerate(names):
        label = f"{name}\n{sizes[layer]:,} neuron{'s' if sizes[layer] != 1 else ''}"
        if layer > 0 and activations is not None and activations[layer - 1]:
            label += f"\n{activations[layer - 1]}"
        ax.text(layer * layout.dx, bottom, label, ha="center", va="top", fontsize=10, color=layout.colors[layer])
    top = max(layout.position(layer, 0)[1] for layer in range(n)) + 0.75
    ax.set(xlim=(-0.9, (n - 1) * layout.dx + 0.9), ylim=(bottom - 1.1, top), aspect="equal")
    ax.axis("off")


def network_diagram(sizes, weights=None, biases=None, values=None, activations=None, title=None):
    """Draw a fully connected network: one column of neurons per layer, every neuron
    joined to every neuron of the next layer. Returns the figure.

    sizes: neurons per layer, e.g. [2, 3, 1], or an nn.Sequential (sizes and
        activation names are read from its Linear layers). Layers wider than 7 are
        drawn with a '⋮' gap, e.g. [784, 128, 10].
    weights: optional list, one (n_in, n_out) array per connection, row = from,
        column = to (the lecture's table, and `x @ W`); edges are labelled with
        the value, blue when positive, orange when negative, thicker when larger.
    biases: optional list, one array per non-input layer, written under each neuron.
    values: optional list, one array (numbers or strings) per layer, written
        above each neuron, e.g. the inputs, hidden activations and the output.
    activations: optional list of names, one per non-input layer ("ReLU", ...).
    """
    if isinstance(sizes, torch.nn.Module):
        sizes, found = _layer_sizes_from_model(sizes)
        activations = found if activations is None else activations
    try:
        sizes = [int(s) for s in sizes]
    except (TypeError, ValueError):
        raise ValueError(f"sizes must be a list of whole numbers such as [2, 3, 1], not {sizes!r}.") from None
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least an input and an output layer, all >= 1; got {sizes}.")
    weights = _per_layer(weights, len(sizes) - 1, "weights", lambda i: (sizes[i], sizes[i + 1]))
    biases = _per_layer(biases, len(sizes) - 1, "biases", lambda i: (sizes[i + 1],))
    values = _per_layer(values, len(sizes), "values", lambda i: (sizes[i],))
    if activations is not None and len(activations) != len(sizes) - 1:
        raise ValueError(f"activations needs {len(sizes) - 1} names (one per non-input layer), "
                         f"got {len(activations)}.")
    layout = _Layout(sizes, any(w is not None for w in weights),
                     any(v is not None for v in values) + any(b is not None for b in biases))
    fig, ax = plt.subplots(figsize=layout.figsize())
    _draw_edges(ax, layout, weights)
    _draw_nodes(ax, layout, values, biases)
    _draw_layer_labels(ax, layout, activations)
    ax.set_title(title)                              # None: no title
    fig.alt_text = (f"{title + ': ' if title else ''}a fully connected network with layers of "
                    + ", ".join(f"{n:,}" for n in sizes) + " neurons, every neuron joined to every neuron of the next "
                    "layer" + (f"; activations {', '.join(a for a in activations if a)}" if activations else "")
                    + ("; the weights are written on the lines" if weights[0] is not None else "")
                    + ("; values: " + "; ".join(", ".join(_fmt(v) for v in vals) for vals in values if vals is not None)
                       if any(v is not None for v in values) else "") + ".")
    return fig


#: The lecture's chain: x -> [W1] -> z1 -> [ReLU] -> h -> [W2] -> z2 -> [sigmoid] -> y_hat -> [loss] -> L
LECTURE_VALUES = ("$x$", "$z_1$", "$h$", "$z_2$", r"$\hat y$", "$L$")
LECTURE_OPERATIONS = (r"$\times W_1$" + "\n" + r"$+\,b_1$", "ReLU", r"$\times W_2$" + "\n" + r"$+\,b_2$",
                      "sigmoid", "loss")
LECTURE_BACKWARD = (r"$\frac{\partial z_1}{\partial W_1}$", r"$\frac{\partial h}{\partial z_1}$",
                    r"$\frac{\partial z_2}{\partial h}$", r"$\frac{\partial \hat y}{\partial z_2}$",
                    r"$\frac{\partial L}{\partial \hat y}$")


def computational_graph(title="The computational graph of one forward pass", notes=None):
    """Draw the lecture's computational graph and return the figure: its values
    (LECTURE_VALUES) in circles, the operations between them (LECTURE_OPERATIONS) in
    boxes, and under it the backward pass, each operation's local derivative
    (LECTURE_BACKWARD) on an arrow from right to left.

    notes: None, or one short text per value (e.g. its number), written over it.
    """
    values, operations, backward = LECTURE_VALUES, LECTURE_OPERATIONS, LECTURE_BACKWARD
    if notes is not None:
        if isinstance(notes, str) or not hasattr(notes, "__len__"):
            raise TypeError(f"notes must be a list of labels (strings), not {notes!r}.")
        if len(notes) != len(values):
            raise ValueError(f"notes needs one text per value ({len(values)}), got {len(notes)}.")
        notes = [str(note) for note in notes]
    n = len(values) + len(operations)           # items along the chain
    fig, ax = plt.subplots(figsize=(min(10.0, 0.95 * n + 0.5), 2.9))
    ax.set(xlim=(-0.6, n - 0.4), ylim=(-1.75, 0.8), aspect="equal")
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
    y = -0.72
    for k, label in enumerate(backward):
        right, left = 2 * k + 2, 2 * k
        ax.add_patch(FancyArrowPatch((right - 0.15, y), (left + 0.15, y), arrowstyle="-|>",
                                     mutation_scale=12, color=back_color, lw=1.5))
        ax.text(2 * k + 1, y - 0.14, label, ha="center", va="top", fontsize=13, color=back_color)
    ax.text(-0.6, y - 0.95, "backward pass: multiply the local derivatives from right to left",
            ha="left", va="center", fontsize=9, color=back_color, style="italic")
    ax.set_title(title)
    fig.alt_text = (f"{title + ': ' if title else ''}a chain of values " + " -> ".join(
        f"{v} [{o}]" for v, o in zip(values, [*operations, ""])).replace(" []", "")
        + ". Under it, the backward pass multiplies the local derivatives from right to left: "
        + ", ".join(backward) + ".")
    return fig
