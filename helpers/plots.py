"""The course's figure style and the figures every notebook shares.

Each function draws on a new figure (or the `ax` you pass) and returns the figure,
so a notebook can do `fig = plots.image_grid(...); plots.save(fig, "08_predictions")`.
`save` writes `figures/<name>.png` only when COURSE_FIGURES_DIR is set (the
regeneration command sets it), so running a notebook never litters the repo.
"""
import os
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import torch

CLASS_COLORS = ["#d1495b", "#00798c"]     # class 0, class 1
PALETTE = ["#00798c", "#d1495b", "#edae49", "#66a182", "#2e4057", "#8d96a3"]
BOUNDARY_CMAP = mpl.colors.LinearSegmentedColormap.from_list("course", ["#f3c4ca", "#ffffff", "#b3dde3"])

STYLE = {
    "figure.figsize": (6.0, 4.0), "figure.dpi": 100, "savefig.dpi": 150,
    "savefig.bbox": "tight", "font.size": 11, "axes.titlesize": 12, "axes.titleweight": "bold",
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
    "grid.alpha": 0.3, "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "lines.linewidth": 2.0, "legend.frameon": False, "image.cmap": "gray_r",
}
PROJECTOR = {"font.size": 16, "axes.titlesize": 18, "axes.labelsize": 16, "xtick.labelsize": 14,
             "ytick.labelsize": 14, "legend.fontsize": 14, "lines.linewidth": 3.0,
             "lines.markersize": 9, "figure.dpi": 110}


# How much larger the projector style's text is (16 pt instead of 11 pt).
PROJECTOR_SCALE = PROJECTOR["font.size"] / STYLE["font.size"]
_projector = False


def use_course_style(projector=None):
    """Apply the course style. projector=True (or COURSE_PROJECTOR=1) enlarges fonts,
    lines and markers for a lecture hall; projector=False switches back."""
    global _projector
    mpl.rcParams.update(STYLE)
    if projector is None:
        projector = os.environ.get("COURSE_PROJECTOR", "") not in ("", "0", "false")
    if projector:
        mpl.rcParams.update(PROJECTOR)
    _projector = bool(projector)


def projector_on():
    """Whether the projector style is in use (the last use_course_style call chose it)."""
    return _projector


def font_size(points):
    """A font size given in the course style, enlarged like the projector style's text
    when that is on: for text drawn with an explicit size (widgets, annotations)."""
    return points * PROJECTOR_SCALE if _projector else points


def widget_width(pixels):
    """A widget's CSS width ("320px") for `pixels` in the course style, wider by the
    projector factor when that is on, so that a figure shown in it keeps its text size."""
    if isinstance(pixels, bool) or not isinstance(pixels, (int, float)) or not pixels > 0:
        raise ValueError(f"widget_width needs a positive number of pixels, got {pixels!r}")
    return f"{round(pixels * PROJECTOR_SCALE if _projector else pixels)}px"


def figures_dir():
    """The folder `save` writes to, or None when saving is off."""
    target = os.environ.get("COURSE_FIGURES_DIR")
    return Path(target) if target else None


def save(fig, name):
    """Write `fig` to COURSE_FIGURES_DIR/<name>.png when that variable is set
    (the regeneration command sets it); otherwise do nothing."""
    folder = figures_dir()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        fig.savefig(folder / f"{name}.png", metadata={"Software": None})


def decision_line(w1, w2, b, limits=(-0.5, 1.5, -0.5, 1.5)):
    """Two end points ((xa, xb), (ya, yb)) of the line w1*x1 + w2*x2 + b = 0 inside
    `limits` (x1 from, x1 to, x2 from, x2 to), or None when w1 = w2 = 0 (then there is
    no line: one class everywhere). The perceptron's boundary of notebook 02; drawn by
    `widgets`, `neurons` and `xor_plots`."""
    x0, x1, y0, y1 = limits
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return None
    if abs(w2) >= abs(w1):                              # not steep: solve for x2
        xs = np.array([x0, x1])
        return xs, -(w1 * xs + b) / w2
    ys = np.array([y0, y1])                             # steep: solve for x1
    return -(w2 * ys + b) / w1, ys


def _numpy(a):
    return a.detach().cpu().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)


def _predict_grid(predict, xx, yy):
    grid = torch.tensor(np.c_[xx.ravel(), yy.ravel()], dtype=torch.float32)
    with torch.no_grad():
        if isinstance(predict, torch.nn.Module):
            device = next(predict.parameters(), torch.empty(0)).device
            out = predict(grid.to(device))
        else:
            out = predict(grid)
    out = _numpy(out).astype(float)
    if out.ndim == 2 and out.shape[1] > 1:   # class scores: take the winner
        out = out.argmax(1)
    return out.reshape(xx.shape)


def decision_boundary(predict, X=None, y=None, ax=None, title=None, limits=None,
                      resolution=200, probability=True):
    """Shade where `predict` says class 1 and draw its 0.5 contour.

    predict: a torch module or any function from an (N, 2) float tensor to N scores
    in [0, 1] (or logits with probability=False, or (N, C) class scores).
    X, y: points to draw on top (class 0 red, class 1 teal). Returns the figure.
    """
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(4.5, 4.5))
    if limits is None:
        pts = _numpy(X) if X is not None else np.array([[0, 0], [1, 1]])
        pad = 0.5 * max(np.ptp(pts[:, 0]), np.ptp(pts[:, 1]), 1.0)
        limits = (pts[:, 0].min() - pad, pts[:, 0].max() + pad, pts[:, 1].min() - pad, pts[:, 1].max() + pad)
    xx, yy = np.meshgrid(np.linspace(limits[0], limits[1], resolution),
                         np.linspace(limits[2], limits[3], resolution))
    zz = _predict_grid(predict, xx, yy)
    level = 0.5 if probability else 0.0
    span = max(abs(zz.min()), abs(zz.max()), 1e-9)
    lo, hi = (0.0, 1.0) if probability else (-span, span)
    ax.contourf(xx, yy, zz, levels=50, cmap=BOUNDARY_CMAP, vmin=lo, vmax=hi)
    if zz.min() < level < zz.max():
        ax.contour(xx, yy, zz, levels=[level], colors="#2e4057", linewidths=2)
    if X is not None:
        scatter_classes(X, y, ax=ax)
    ax.set(xlim=limits[:2], ylim=limits[2:], xlabel="$x_1$", ylabel="$x_2$", title=title)
    ax.set_aspect("equal")
    ax.grid(False)
    return fig


def scatter_classes(X, y, ax=None, size=40, labels=("class 0", "class 1")):
    """Scatter 2-D points coloured by their 0/1 label. Returns the figure."""
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(4.5, 4.5))
    X, y = _numpy(X), _numpy(y).ravel()
    for cls, color in enumerate(CLASS_COLORS):
        mask = y == cls
        ax.scatter(X[mask, 0], X[mask, 1], s=size, c=color, edgecolors="white", linewidths=0.8,
                   label=labels[cls], zorder=3)
    return fig


def image_axes(n, ncols, size, title_space=0.0):
    """A grid of `size`-inch squares for n small images, ncols per row, axes off.
    Returns the figure and the list of its axes (extra ones stay blank)."""
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + title_space), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    return fig, list(axes.flat)


def image_grid(images, labels=None, predictions=None, ncols=10, title=None, size=1.1):
    """Digits in a grid, each titled with its label (and prediction: green when right,
    red when wrong). images: (N, 784) or (N, 28, 28). Returns the figure."""
    from .data import as_images

    images = as_images(images)
    n = len(images)
    if n == 0:
        raise ValueError("image_grid got no images to draw.")
    fig, axes = image_axes(n, ncols, size, title_space=0.3 * (title is not None))
    for i, ax in enumerate(axes[:n]):
        ax.imshow(images[i], cmap="gray_r", vmin=0, vmax=1 if images.max() <= 1 else 255)
        if predictions is not None:
            right = labels is None or int(predictions[i]) == int(labels[i])
            text = f"{int(predictions[i])}" if labels is None else f"{int(predictions[i])} (true {int(labels[i])})"
            ax.set_title(text if not right else f"{int(predictions[i])}", fontsize=9,
                         color="#2a9d4a" if right else "#d1495b")
        elif labels is not None:
            ax.set_title(f"{int(labels[i])}", fontsize=10)
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def training_curves(history, metrics=("loss", "acc"), title=None):
    """Loss (and accuracy) per epoch from a `training.History`, train and validation
    side by side. Marks the best validation epoch when there is one. Returns the figure."""
    metrics = [m for m in metrics if history.get(f"train_{m}")]
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
    for ax, metric in zip(axes.flat, metrics):
        for split, style in (("train", "-"), ("val", "--")):
            values = history.get(f"{split}_{metric}")
            if values:
                epochs = range(1, len(values) + 1)
                ax.plot(epochs, [100 * v for v in values] if metric == "acc" else values, style,
                        marker="o", markersize=3, label="train" if split == "train" else "validation")
        if getattr(history, "best_epoch", None):
            ax.axvline(history.best_epoch, color="#8d96a3", lw=1, ls=":", label="best validation")
        ax.set(xlabel="epoch", ylabel="accuracy (%)" if metric == "acc" else "loss")
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.legend()
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def function_and_gradient(fn, names, x=None, title=None):
    """Plot each activation f(z) and its derivative f'(z) computed by autograd.
    fn: dict name -> function on tensors. Returns the figure."""
    x = torch.linspace(-5, 5, 401) if x is None else x
    fig, axes = plt.subplots(1, len(names), figsize=(min(2.5 * len(names), 10), 2.8), squeeze=False)
    for ax, name in zip(axes.flat, names):
        z = x.clone().requires_grad_(True)
        out = fn[name](z)
        if out.requires_grad:
            grad, = torch.autograd.grad(out.sum(), z)
        else:                     # e.g. the step function: flat almost everywhere, no gradient
            grad = torch.zeros_like(x)
        ax.plot(x, out.detach(), label=f"{name}(z)")
        ax.plot(x, grad, "--", label="derivative")
        ax.set(title=name, xlabel="z")
        ax.legend(loc="upper left", fontsize=8)
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


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
    top = (max_nodes - 1) // 2 + (max_nodes - 1) % 2
    bottom = max_nodes - 1 - top
    return list(range(top)) + [None] + list(range(n - bottom, n))


def _fmt(v, digits=3):
    return v if isinstance(v, str) else f"{float(v):.{digits}g}"


def network_diagram(sizes, weights=None, biases=None, values=None, activations=None,
                    layer_names=None, node_names=True, title=None, ax=None, max_nodes=7):
    """Draw a fully connected network: one column of neurons per layer, every neuron
    joined to every neuron of the next layer. Returns the figure.

    sizes: neurons per layer, e.g. [2, 3, 1], or an nn.Sequential (sizes and
        activation names are read from its Linear layers). Layers wider than
        `max_nodes` are drawn with a '⋮' gap, e.g. [784, 128, 10].
    weights: optional list, one (n_in, n_out) array per connection, row = from,
        column = to (the lecture's table, and `x @ W`); edges are labelled with
        the value, teal when positive, red when negative, thicker when larger.
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
    n_layers = len(sizes)

    def per_layer(items, count, name, shape_of):
        if items is None:
            return [None] * count
        items = list(items)
        if len(items) != count:
            per = "connection" if name == "weights" else "layer"
            raise ValueError(f"{name} needs {count} entries (one per {per}), got {len(items)}.")
        out = []
        for i, item in enumerate(items):
            if item is None:
                out.append(None)
                continue
            arr = np.asarray(_numpy(item), dtype=object)
            if arr.shape != shape_of(i):
                raise ValueError(f"{name}[{i}] has shape {arr.shape}, but {shape_of(i)} is expected.")
            out.append(arr)
        return out

    weights = per_layer(weights, n_layers - 1, "weights", lambda i: (sizes[i], sizes[i + 1]))
    biases = per_layer(biases, n_layers - 1, "biases", lambda i: (sizes[i + 1],))
    values = per_layer(values, n_layers, "values", lambda i: (sizes[i],))
    if activations is not None and len(activations) != n_layers - 1:
        raise ValueError(f"activations needs {n_layers - 1} names (one per non-input layer), got {len(activations)}.")
    if layer_names is None:
        hidden = n_layers - 2
        layer_names = (["input"] + [("hidden" if hidden == 1 else f"hidden {i}") for i in range(1, hidden + 1)]
                       + ["output"])
    elif len(layer_names) != n_layers:
        raise ValueError(f"layer_names needs {n_layers} names, got {len(layer_names)}.")

    shown = [_shown_nodes(n, max_nodes) for n in sizes]
    tallest = max(len(s) for s in shown)
    labelled = weights[0] is not None or any(w is not None for w in weights)
    dx = 3.4 if labelled else 2.4
    has_values, has_biases = any(v is not None for v in values), any(b is not None for b in biases)
    dy = 0.9 + 0.35 * has_values + 0.35 * has_biases
    radius = 0.3

    def position(layer, slot):
        return layer * dx, (len(shown[layer]) - 1) / 2 * dy - slot * dy

    if ax is None:
        width = min(10.0, 1.2 + 1.1 * dx * (n_layers - 1) / 1.6)
        height = min(4.6, 1.3 + 0.55 * dy * tallest)
        fig, ax = plt.subplots(figsize=(width, height))
    fig = ax.figure
    colors = ["#2e4057"] + ["#00798c"] * (n_layers - 2) + ["#d1495b"]

    for layer in range(n_layers - 1):
        w = weights[layer]
        scale = max((abs(float(v)) for v in w.ravel()), default=1.0) if w is not None else 1.0
        for a, i in enumerate(shown[layer]):
            for b, j in enumerate(shown[layer + 1]):
                if i is None or j is None:
                    continue
                (x0, y0), (x1, y1) = position(layer, a), position(layer + 1, b)
                if w is None:
                    ax.plot([x0, x1], [y0, y1], color="#8d96a3", lw=0.8, alpha=0.6, zorder=1)
                    continue
                value = float(w[i, j])
                color = PALETTE[0] if value >= 0 else PALETTE[1]
                ax.plot([x0, x1], [y0, y1], color=color, lw=0.8 + 2.7 * abs(value) / (scale or 1), zorder=1)
                t = 0.3 if y1 <= y0 else 0.22
                ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), _fmt(w[i, j], 2), fontsize=9, ha="center",
                        va="center", color=color, zorder=4,
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))

    for layer, slots in enumerate(shown):
        for slot, i in enumerate(slots):
            x, y = position(layer, slot)
            if i is None:
                ax.text(x, y, "⋮", ha="center", va="center", fontsize=16, color="#2e4057")
                continue
            ax.add_patch(mpl.patches.Circle((x, y), radius, fc=colors[layer], ec="white", lw=1.5, zorder=3))
            if node_names:
                symbol = "x" if layer == 0 else ("y" if layer == n_layers - 1 else "h")
                if layer == n_layers - 1 and sizes[-1] == 1:
                    name = r"$\hat y$"
                elif 0 < layer < n_layers - 1 and n_layers > 3:
                    name = f"${symbol}^{{({layer})}}_{{{i + 1}}}$"
                else:
                    name = f"${symbol}_{{{i + 1}}}$"
                size = {1: 10, 2: 9}.get(len(str(i + 1)), 7)
                ax.text(x, y, name, ha="center", va="center", color="white", fontsize=size, zorder=4)
            if values[layer] is not None:
                ax.text(x, y + radius + 0.08, _fmt(values[layer][i]), ha="center", va="bottom", fontsize=10,
                        fontweight="bold", color="#2e4057", zorder=4)
            if layer > 0 and biases[layer - 1] is not None:
                ax.text(x, y - radius - 0.06, f"b = {_fmt(biases[layer - 1][i], 2)}", ha="center", va="top",
                        fontsize=9, color="#5b6470", zorder=4)

    bottom = min(position(layer, len(s) - 1)[1] for layer, s in enumerate(shown)) - radius - 0.45
    for layer, name in enumerate(layer_names):
        label = f"{name}\n{sizes[layer]:,} neuron{'s' if sizes[layer] != 1 else ''}"
        if layer > 0 and activations is not None and activations[layer - 1]:
            label += f"\n{activations[layer - 1]}"
        ax.text(layer * dx, bottom, label, ha="center", va="top", fontsize=10, color=colors[layer])
    top = max(position(layer, 0)[1] for layer in range(n_layers)) + radius + 0.45
    ax.set_xlim(-0.9, (n_layers - 1) * dx + 0.9)
    ax.set_ylim(bottom - 1.1, top)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return fig
