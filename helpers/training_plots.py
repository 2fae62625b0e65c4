"""Figures of notebooks 09 and 10: loss per update, speed, and the inside of a trained network.

Each function returns the figure; save it with `plots.save(fig, name)`.
"""
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from .plots import PALETTE, _numpy, image_axes

DIVERGING = mpl.colors.LinearSegmentedColormap.from_list("course_diverging", ["#d1495b", "#ffffff", "#00798c"])


def step_loss_panels(histories, title=None, ylim=None):
    """One panel per run: the loss of every update (a `training.History`'s step_loss),
    on a log scale. A run stopped by a NaN loss is marked where it stopped.
    histories: dict label -> History. Returns the figure."""
    if not histories:
        raise ValueError("step_loss_panels needs at least one run.")
    fig, axes = plt.subplots(1, len(histories), figsize=(min(2.6 * len(histories), 10.5), 3.2),
                             squeeze=False)
    for i, (ax, (label, history)) in enumerate(zip(axes.flat, histories.items())):
        losses = np.asarray(history["step_loss"], dtype=float)
        color = PALETTE[i % len(PALETTE)]
        if len(losses):
            ax.plot(np.arange(1, len(losses) + 1), losses, color=color, lw=1.2)
        if getattr(history, "diverged", None):
            ax.plot(len(losses) + 1, losses.max() if len(losses) else 1.0, "x", color="#d1495b",
                    ms=12, mew=3, clip_on=False)
            ax.text(0.96, 0.04, "loss NaN:\nstopped", transform=ax.transAxes, ha="right",
                    va="bottom", color="#d1495b", fontweight="bold", fontsize=10)
        ax.set(title=label, xlabel="update", yscale="log")
        finite = losses[np.isfinite(losses)]
        if ylim:
            ax.set_ylim(*ylim)
        elif len(finite):       # the same floor everywhere, so a flat line looks flat
            ax.set_ylim(min(0.05, finite.min() / 2), max(10.0, finite.max() * 5))
    axes.flat[0].set_ylabel("loss (one batch)")
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def update_race(runs, title=None):
    """Loss on the whole training set against updates (left, log scale) and against
    training seconds (right) for several runs, e.g. from notebook 09's `race`.
    runs: dict label -> {"update": [...], "seconds": [...], "loss": [...]}. Returns the figure."""
    if not runs:
        raise ValueError("update_race needs at least one run.")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    for i, (label, run) in enumerate(runs.items()):
        color = PALETTE[i % len(PALETTE)]
        left.plot(np.maximum(run["update"], 1), run["loss"], "-o", ms=3, color=color, label=label)
        right.plot(run["seconds"], run["loss"], "-o", ms=3, color=color, label=label)
    left.set(xscale="log", xlabel="updates (log scale)", ylabel="training loss", title="Loss per update")
    right.set(xlabel="training time (s)", ylabel="training loss", title="Loss per second")
    left.legend()
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def throughput(batch_sizes, rates, title="Examples per second against batch size"):
    """Training speed (examples per second) against batch size, log-log. Returns the figure."""
    if len(batch_sizes) != len(rates) or not len(rates):
        raise ValueError("throughput needs one rate per batch size.")
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    ax.loglog(batch_sizes, rates, "-o", color=PALETTE[0])
    ax.set(xlabel="batch size (log scale)", ylabel="examples per second (log scale)", title=title)
    ax.set_xticks(batch_sizes, [str(b) for b in batch_sizes], fontsize=8)
    ax.minorticks_off()
    fig.tight_layout()
    return fig


def weight_images(weights, ncols=8, title=None, size=1.1, names=None):
    """Rows of a first-layer weight matrix (K, 784) drawn as 28x28 images, one per
    hidden unit: teal where the unit is excited by ink, red where ink inhibits it,
    white for 0 (each image scaled to its own largest |weight|). names: the title of
    each image (default "unit 0", "unit 1", ...). Returns the figure."""
    w = _numpy(weights).astype(float)
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
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def hidden_activations(images, activations, labels=None, title=None):
    """Each digit (left) beside the activations of every hidden unit for it (right,
    one bar per unit). images: (N, 784); activations: (N, H). Returns the figure."""
    from .data import as_images

    pics, acts = as_images(images), _numpy(activations).astype(float)
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
        if labels is not None:
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
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def function_fits(x, y, fits, ncols=None, title=None):
    """One panel per fit: the target points (x, y) in grey and the fitted curve.
    fits: dict title -> predictions at x. Returns the figure."""
    if not fits:
        raise ValueError("function_fits needs at least one fit.")
    x, y = _numpy(x).ravel(), _numpy(y).ravel()
    ncols = ncols or len(fits)
    nrows = int(np.ceil(len(fits) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(min(2.6 * ncols, 10.5), 2.4 * nrows + 0.3),
                             squeeze=False, sharex=True, sharey=True)
    for _i, (ax, (label, pred)) in enumerate(zip(axes.flat, fits.items())):
        ax.plot(x, y, color="#8d96a3", lw=4, alpha=0.5, label="target")
        ax.plot(x, _numpy(pred).ravel(), color=PALETTE[1], lw=1.8, label="network")
        ax.set_title(label, fontsize=10)
    for ax in axes.flat[len(fits):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8, loc="upper left")
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def error_vs_width(widths, errors, title="Error against width", ylabel="mean squared error"):
    """Error against hidden-layer width, log-log: every run as a dot, the best run per
    width as a line. errors: one list of errors (one per seed) per width. Returns the figure."""
    errors = [np.atleast_1d(_numpy(e)).astype(float) for e in errors]
    if len(widths) != len(errors) or not errors:
        raise ValueError("error_vs_width needs one list of errors per width.")
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    for w, e in zip(widths, errors):
        ax.scatter(np.full(len(e), w), e, color=PALETTE[5], s=18, zorder=2)
    ax.loglog(widths, [e.min() for e in errors], "-o", color=PALETTE[0], label="best of the seeds", zorder=3)
    ax.scatter([], [], color=PALETTE[5], s=18, label="each seed")
    ax.set(xlabel="hidden units (log scale)", ylabel=ylabel, title=title)
    ax.set_xticks(widths, [str(w) for w in widths])
    ax.minorticks_off()
    ax.legend()
    fig.tight_layout()
    return fig


def field_panels(fields, extent=(-1, 1, -1, 1), title=None, cmap=None, vmin=-1, vmax=1):
    """Functions of two inputs drawn as images side by side (e.g. a target and two
    networks' fits). fields: dict title -> 2-D array of values on a grid covering
    `extent` (x from left to right, y from bottom to top). Returns the figure."""
    if not fields:
        raise ValueError("field_panels needs at least one field.")
    fig, axes = plt.subplots(1, len(fields), figsize=(min(3.0 * len(fields) + 0.8, 10.5), 3.3),
                             squeeze=False, sharey=True, layout="constrained")
    for i, (ax, (label, values)) in enumerate(zip(axes.flat, fields.items())):
        image = ax.imshow(_numpy(values), origin="lower", extent=extent, cmap=cmap or DIVERGING,
                          vmin=vmin, vmax=vmax)
        ax.set(title=label, xlabel="$x_1$")
        ax.set_xticks([extent[0], (extent[0] + extent[1]) / 2, extent[1]])
        ax.set_yticks([extent[2], (extent[2] + extent[3]) / 2, extent[3]])
        ax.grid(False)
        if i:
            ax.tick_params(labelleft=False)
    axes.flat[0].set_ylabel("$x_2$")
    fig.colorbar(image, ax=list(axes.flat), shrink=0.8)
    if title:
        fig.suptitle(title, fontweight="bold")
    return fig
