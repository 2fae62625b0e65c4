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


def use_course_style(projector=None):
    """Apply the course style. projector=True (or COURSE_PROJECTOR=1) enlarges fonts,
    lines and markers for a lecture hall."""
    mpl.rcParams.update(STYLE)
    if projector is None:
        projector = os.environ.get("COURSE_PROJECTOR", "") not in ("", "0", "false")
    if projector:
        mpl.rcParams.update(PROJECTOR)


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


def image_grid(images, labels=None, predictions=None, ncols=10, title=None, size=1.1):
    """Digits in a grid, each titled with its label (and prediction: green when right,
    red when wrong). images: (N, 784) or (N, 28, 28). Returns the figure."""
    from .data import as_images

    images = as_images(images)
    n = len(images)
    if n == 0:
        raise ValueError("image_grid got no images to draw.")
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.3 * (title is not None)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
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
        ax.legend()
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def function_and_gradient(fn, names, x=None, title=None):
    """Plot each activation f(z) and its derivative f'(z) computed by autograd.
    fn: dict name -> function on tensors. Returns the figure."""
    x = torch.linspace(-5, 5, 401) if x is None else x
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 3.0), squeeze=False)
    for ax, name in zip(axes.flat, names):
        z = x.clone().requires_grad_(True)
        out = fn[name](z)
        grad, = torch.autograd.grad(out.sum(), z)
        ax.plot(x, out.detach(), label=f"{name}(z)")
        ax.plot(x, grad, "--", label="derivative")
        ax.set(title=name, xlabel="z")
        ax.legend(loc="upper left", fontsize=8)
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig
