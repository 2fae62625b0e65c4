"""Pictures made of images: digits with their labels and predictions (notebooks 00, 08,
11), what the hand-crafted features see (01), first-layer weights and hidden activations
(10), functions of two inputs as images (10), and the confusion matrix (08, 11)."""
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.colors import to_rgb

from .. import features
from ..data import as_images
from ..lecture import most_confused
from .style import DIVERGING, PALETTE, RIGHT, WRONG, as_numpy, finish, image_axes, needs


def image_grid(images, labels, predictions=None, titles=None, ncols=10, title=None):
    """Digits in a grid. images: (N, 784) or (N, 28, 28). Each is titled with its label,
    or with its prediction (green with ✓ when right; red with ✗ and the true label when
    wrong), or with `titles` (red when a prediction is wrong). Returns the figure."""
    images = as_images(images)
    n = len(images)
    if n == 0:
        raise ValueError("image_grid got no images to draw.")
    fig, axes = image_axes(n, ncols, 1.1, title_space=0.3 * (title is not None))
    for i, ax in enumerate(axes[:n]):
        ax.imshow(images[i], cmap="gray_r", vmin=0, vmax=1 if images.max() <= 1 else 255)
        right = predictions is None or int(predictions[i]) == int(labels[i])
        if titles is not None:
            text = titles[i]
        elif predictions is not None:
            text = f"{int(predictions[i])} " + ("✓" if right else f"✗ (true {int(labels[i])})")
        else:
            text = f"{int(labels[i])}"
        ax.set_title(text, fontsize=9, color=(RIGHT if right else WRONG) if predictions is not None
                     else "black")
    fig.alt_text = (f"{title + ': ' if title else ''}{n} handwritten digits, titled " +
                    ", ".join(ax.get_title() for ax in axes[:n]) + ".")
    if predictions is not None:
        wrong = sum(int(predictions[i]) != int(labels[i]) for i in range(n))
        fig.alt_text += f" {n - wrong} predicted right, {wrong} wrong."
    return finish(fig, title)


def weight_images(weights, ncols=8, title=None, size=1.1, names=None):
    """Rows of a first-layer weight matrix (K, 784) drawn as 28x28 images, one per
    hidden unit: blue where the unit is excited by ink, orange where ink inhibits it,
    white for 0 (each image scaled to its own largest |weight|). names: the title of
    each image (default "unit 0", "unit 1", ...). Returns the figure."""
    w = as_numpy(weights).astype(float)
    if w.ndim != 2 or w.shape[1] != 784 or len(w) == 0:
        raise ValueError(f"weights must have shape (K, 784), one row per hidden unit; got {w.shape}.")
    n = len(w)
    names = [f"unit {i}" for i in range(n)] if names is None else [str(v) for v in names]
    if len(names) != n:
        raise ValueError(f"names has {len(names)} entries for {n} images.")
    fig, axes = image_axes(n, ncols, size, title_space=0.4 * (title is not None))
    for i, ax in enumerate(axes[:n]):
        limit = np.abs(w[i]).max() or 1.0
        ax.imshow(w[i].reshape(28, 28), cmap=DIVERGING, vmin=-limit, vmax=limit)
        ax.set_title(names[i], fontsize=8)
    fig.alt_text = (f"{title + ': ' if title else ''}{n} weight vectors drawn as 28 x 28 images ({', '.join(names)}), "
                    f"blue where a weight is positive, orange where negative; the largest weight is "
                    f"{np.abs(w).max():.2g}.")
    return finish(fig, title)


def hidden_activations(images, activations, labels, title=None):
    """Each digit (left, titled with its label) beside the activations of every hidden
    unit for it (right, one bar per unit). images: (N, 784); activations: (N, H).
    Returns the figure."""
    pics, acts = as_images(images), as_numpy(activations).astype(float)
    if acts.ndim != 2 or len(acts) != len(pics) or len(acts) == 0:
        raise ValueError(f"activations must have shape (N, H) with one row per image; got {acts.shape} "
                         f"for {len(pics)} images.")
    n, h = acts.shape
    fig, axes = plt.subplots(n, 2, figsize=(9, 1.25 * n + 0.4), squeeze=False,
                             gridspec_kw={"width_ratios": [1, 7]})
    top = acts.max() * 1.05 or 1.0
    for i in range(n):
        axes[i, 0].imshow(pics[i], cmap="gray_r")
        axes[i, 0].axis("off")
        axes[i, 0].set_title(f"digit {int(labels[i])}", fontsize=9)
        ax = axes[i, 1]
        ax.bar(np.arange(h), acts[i], width=1.0, color=PALETTE[i % len(PALETTE)])
        ax.set(xlim=(-0.5, h - 0.5), ylim=(0, top))
        ax.set_ylabel("activation", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.text(0.99, 0.85, f"{int((acts[i] > 0).sum())} of {h} units active", transform=ax.transAxes,
                ha="right", fontsize=8)
        if i < n - 1:
            ax.set_xticklabels([])
    axes[-1, 1].set_xlabel("hidden unit")
    fig.alt_text = (f"{title + ': ' if title else ''}" + "; ".join(
        f"digit {int(labels[i])}: {int((acts[i] > 0).sum())} of {h} hidden units "
        f"active, the strongest unit {int(acts[i].argmax())} at {acts[i].max():.2g}" for i in range(n)) + ".")
    return finish(fig, title)


def field_panels(fields, title=None):
    """Functions of two inputs drawn as images side by side (e.g. a target and two
    networks' fits). fields: dict title -> 2-D array of values on a grid covering the
    square [-1, 1] x [-1, 1] (x from left to right, y from bottom to top), coloured
    from -1 to 1. Returns the figure."""
    needs(fields, "field_panels needs at least one field.")
    fig, axes = plt.subplots(1, len(fields), figsize=(min(3.0 * len(fields) + 0.8, 10.5), 3.3),
                             squeeze=False, sharey=True, layout="constrained")
    for i, (ax, (label, values)) in enumerate(zip(axes.flat, fields.items())):
        image = ax.imshow(as_numpy(values), origin="lower", extent=(-1, 1, -1, 1), cmap=DIVERGING, vmin=-1, vmax=1)
        ax.set(title=label, xlabel="$x_1$", xticks=[-1, 0, 1], yticks=[-1, 0, 1])
        ax.grid(False)
        if i:
            ax.tick_params(labelleft=False)
    axes.flat[0].set_ylabel("$x_2$")
    fig.colorbar(image, ax=list(axes.flat), shrink=0.8)
    fig.alt_text = (f"{title + ': ' if title else ''}functions of x1 and x2 drawn as images side by side: " + "; ".join(
        f"{label}, from {np.nanmin(as_numpy(v)):.2g} to {np.nanmax(as_numpy(v)):.2g}" for label, v in fields.items())
        + ".")
    return finish(fig, title, tight=False)              # constrained layout


def confusion_heatmap(counts, title=None, highlight=None):
    """The confusion matrix as a heat map with the counts written in, diagonal muted;
    `highlight`=(t, p) outlines one cell. Returns the figure."""
    counts = as_numpy(counts)
    n = len(counts)
    off = counts.astype(float).copy()
    np.fill_diagonal(off, np.nan)
    fig, ax = plt.subplots(figsize=(3.4, 3.0))
    ax.imshow(off, cmap="Reds", vmin=0, vmax=max(1, np.nanmax(off)))
    for t in range(n):
        for p in range(n):
            value = counts[t, p]
            if value:
                dark = t != p and value > 0.6 * np.nanmax(off)
                ax.text(p, t, str(value), ha="center", va="center", fontsize=8,
                        color="white" if dark else (RIGHT if t == p else "black"))
    if highlight is not None:
        t, p = highlight
        ax.add_patch(plt.Rectangle((p - 0.5, t - 0.5), 1, 1, fill=False, ec=PALETTE[0], lw=2.5))
    ax.set(xticks=range(n), yticks=range(n), xlabel="predicted digit", ylabel="true digit")
    ax.grid(False)
    ax.set_title(title or "Confusion matrix (diagonal: right)")
    fig.tight_layout()
    t, p = most_confused(torch.as_tensor(counts))                    # notebook 08's; (0, 0) without mistakes
    mistake = (f"the most frequent mistake is a true {t} read as {p}, {int(counts[t, p])} times" if t != p
               else "there is no mistake")
    fig.alt_text = (f"{ax.get_title()}: true digit (rows) against predicted digit (columns); "
                    f"{int(np.trace(counts))} of {int(counts.sum())} on the diagonal (right); {mistake}.")
    return fig


PICTURE_COLUMNS = ["digit", "ink", "left-right\nmismatch", "top-bottom\nmismatch",
                   "top / middle /\nbottom band", "loops", "horizontal\nlines"]


def feature_pictures(images, labels):
    """Each image (a row) next to pictures of what the features measure on it: the
    ink mask, where it differs from its mirror images (red), the three bands, the
    enclosed loops (blue), the rows counted as horizontal lines (orange); the
    feature's value under each picture. Returns the figure."""
    x = features.check_images(images)
    values = features.digit_features(x)
    hole = features.holes(x).numpy()
    line_rows = (features.longest_runs(x) >= features.LONG_RUN).numpy()
    col = {name: i for i, name in enumerate(features.NAMES)}
    n = len(x)
    fig, axes = plt.subplots(n, len(PICTURE_COLUMNS), figsize=(1.3 * len(PICTURE_COLUMNS), 1.5 * n + 0.5),
                             squeeze=False)
    blue, orange = to_rgb(PALETTE[0]), to_rgb(PALETTE[1])
    for i in range(n):
        img, v = x[i].numpy(), values[i]
        ink = img > features.INK_LEVEL
        grey = np.dstack([1 - 0.7 * ink] * 3)
        looped, lined = grey.copy(), grey.copy()
        looped[hole[i]] = blue
        lined[line_rows[i][:, None] & ink] = orange
        bands = " / ".join(f"{100 * s:.0f}" for s in v[col["ink in top band"]:col["ink in bottom band"] + 1])
        panels = [
            (img, "gray_r", f"label {int(labels[i])}"),
            (ink, "gray_r", f"{100 * v[col['ink fraction']]:.0f}% ink"),
            (np.abs(img - img[:, ::-1]), "Reds", f"symmetry {v[col['left-right symmetry']]:.2f}"),
            (np.abs(img - img[::-1]), "Reds", f"symmetry {v[col['top-bottom symmetry']]:.2f}"),
            (img, "gray_r", f"{bands} %"),
            (looped, None, f"{int(v[col['loops']])} loop(s)"),
            (lined, None, f"{int(v[col['horizontal lines']])} line(s)"),
        ]
        for j, (picture, cmap, caption) in enumerate(panels):
            ax = axes[i, j]
            ax.imshow(picture, cmap=cmap, vmin=0, vmax=1)
            ax.set_xlabel(caption, fontsize=9, labelpad=2)
            ax.set(xticks=[], yticks=[])
            ax.grid(False)
            ax.spines[:].set_visible(True)
            ax.spines[:].set_color("#d0d4da")
        for k, (a, b) in enumerate(features.BANDS):
            axes[i, 4].axhspan(a - 0.5, b - 0.5, color=PALETTE[k + 2], alpha=0.3, lw=0)
        for row in np.flatnonzero(line_rows[i]):
            axes[i, 6].axhspan(row - 0.5, row + 0.5, color=orange, alpha=0.15, lw=0)
    for j, name in enumerate(PICTURE_COLUMNS):
        axes[0, j].set_title(name, fontsize=10)
    fig.tight_layout(h_pad=0.4, w_pad=0.4)
    return fig

