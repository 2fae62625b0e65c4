"""Curves: activations and their gradients (notebooks 02, 04), training runs epoch by
epoch or update by update (08, 09, 11), losses against probabilities (06), the perceptron
rule going round on XOR (03), fits of a function (10) and weights over updates (07)."""
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import torch

from .style import GREY, INK, PALETTE, WRONG, as_numpy, as_vector, finish, needs


def activation_panels(functions, mark=None, derivative=False, title=None):
    """One panel per activation (dict name -> function on tensors): f(z) for z in
    [-5, 5], with its derivative from autograd dashed when `derivative` (0 where the
    function has no gradient, like the step), and the point (mark, f(mark)) labelled
    when `mark` is given. A jump (the step at 0) is drawn as a jump. Returns the figure."""
    z = torch.linspace(-5, 5, 401)
    fig, axes = plt.subplots(1, len(functions), figsize=(min(3.2 * len(functions), 10), 2.9), squeeze=False)
    for k, (ax, (name, f)) in enumerate(zip(axes.flat, functions.items())):
        zg = z.clone().requires_grad_(True)
        out = torch.as_tensor(f(zg), dtype=torch.float32)
        grad = torch.autograd.grad(out.sum(), zg)[0] if out.requires_grad else torch.zeros_like(z)
        y = out.detach().numpy().astype(float)
        y[1:][np.abs(np.diff(y)) > 0.5] = np.nan            # a gap where the function jumps
        ax.plot(z, y, color=PALETTE[0], label="$f(z)$")
        if derivative:
            ax.plot(z, grad, "--", color=PALETTE[1], label="$f'(z)$")
            ax.legend(loc="upper left", fontsize=8)
        if mark is not None:
            fz = float(torch.as_tensor(f(torch.tensor(float(mark)))))
            ax.plot([mark], [fz], "o", color=PALETTE[1], zorder=3)
            ax.annotate(f"f({mark:g}) = {fz:.3g}", (mark, fz), textcoords="offset points", xytext=(-10, 10),
                        ha="right", fontsize=9, color=PALETTE[1])
        ax.axhline(0, color=GREY, lw=0.8)
        ax.axvline(0, color=GREY, lw=0.8)
        ax.set(title=name, xlabel="z", ylabel="f(z)" if k == 0 else None)
    return finish(fig, title)


def training_curves(histories, title=None):
    """Loss and accuracy per epoch, training (solid) and validation (dashed), from a
    `training.History` or a dict label -> History (one colour per run). The best
    validation epoch is marked when there is one run and it has one. Returns the figure."""
    runs = histories if isinstance(histories, dict) and "train_loss" not in histories else {"": histories}
    needs(runs, "training_curves needs at least one History.")
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    for i, (label, h) in enumerate(runs.items()):
        for ax, metric, scale in ((axes[0], "loss", 1), (axes[1], "acc", 100)):
            for split, name, style, marker in (("train", "train", "-", "o"), ("val", "validation", "--", "s")):
                values = h.get(f"{split}_{metric}")
                if values:
                    ax.plot(range(1, len(values) + 1), [scale * v for v in values], style, marker=marker,
                            markersize=3, color=PALETTE[i % len(PALETTE)], label=f"{label} {name}".strip())
    best = getattr(histories, "best_epoch", None)
    for ax, ylabel in zip(axes, ("loss", "accuracy (%)")):
        if best:
            ax.axvline(best, color=GREY, lw=1, ls=":", label="best validation")
        ax.set(xlabel="epoch", ylabel=ylabel)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
        ax.legend(fontsize=8 if len(runs) > 1 else None)
    return finish(fig, title)


def step_loss_panels(histories, title=None):
    """One panel per run: the loss of every update (a `training.History`'s step_loss),
    on a log scale. A run stopped by a NaN loss is marked where it stopped.
    histories: dict label -> History. Returns the figure."""
    needs(histories, "step_loss_panels needs at least one run.")
    fig, axes = plt.subplots(1, len(histories), figsize=(min(2.6 * len(histories), 10.5), 3.2), squeeze=False)
    for i, (ax, (label, history)) in enumerate(zip(axes.flat, histories.items())):
        losses = np.asarray(history["step_loss"], dtype=float)
        if len(losses):
            ax.plot(np.arange(1, len(losses) + 1), losses, color=PALETTE[i % len(PALETTE)], lw=1.2)
        if getattr(history, "diverged", None):
            ax.plot(len(losses) + 1, losses.max() if len(losses) else 1.0, "x", color=WRONG,
                    ms=12, mew=3, clip_on=False)
            ax.text(0.96, 0.04, "loss NaN:\nstopped", transform=ax.transAxes, ha="right",
                    va="bottom", color=WRONG, fontweight="bold", fontsize=10)
        ax.set(title=label, xlabel="update", yscale="log")
        finite = losses[np.isfinite(losses)]
        if len(finite):         # the same floor everywhere, so a flat line looks flat
            ax.set_ylim(min(0.05, finite.min() / 2), max(10.0, finite.max() * 5))
    axes.flat[0].set_ylabel("loss (one batch)")
    return finish(fig, title)


def update_race(runs, title=None):
    """Loss on the whole training set against updates (left, log scale) and against
    training seconds (right) for several runs, e.g. from notebook 09's `race`.
    runs: dict label -> {"update": [...], "seconds": [...], "loss": [...]}. Returns the figure."""
    needs(runs, "update_race needs at least one run.")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    for i, (label, run) in enumerate(runs.items()):
        color = PALETTE[i % len(PALETTE)]
        left.plot(np.maximum(run["update"], 1), run["loss"], "-o", ms=3, color=color, label=label)
        right.plot(run["seconds"], run["loss"], "-o", ms=3, color=color, label=label)
    left.set(xscale="log", xlabel="updates (log scale)", ylabel="training loss", title="Loss per update")
    right.set(xlabel="training time (s)", ylabel="training loss", title="Loss per second")
    left.legend()
    return finish(fig, title)


def throughput(batch_sizes, rates, title="Examples per second against batch size"):
    """Training speed (examples per second) against batch size, log-log. Returns the figure."""
    if len(batch_sizes) != len(rates) or not len(rates):
        raise ValueError("throughput needs one rate per batch size.")
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    ax.loglog(batch_sizes, rates, "-o", color=PALETTE[0])
    ax.set(xlabel="batch size (log scale)", ylabel="examples per second (log scale)", title=title)
    ax.set_xticks(batch_sizes, [str(b) for b in batch_sizes], fontsize=8)
    ax.minorticks_off()
    return finish(fig)


def _curves(ax, x, curves, what):
    """Plot each named curve of `curves` (dict name -> values at x) in the course
    colours; return the values as arrays, checked to match x."""
    ys = []
    for k, (name, values) in enumerate(curves.items()):
        y = as_vector(values, name)
        if len(y) != len(x):
            raise ValueError(f"{name}: {len(y)} {what} for {len(x)} probabilities.")
        ax.plot(x, y, color=PALETTE[k % len(PALETTE)], label=name)
        ys.append(y)
    return ys


def loss_curves(p, losses, marks=(), slopes=None, title=None):
    """Loss against the probability given to the correct class.

    p: the probabilities (x axis); losses: dict name -> loss values at p;
    marks: probabilities to label on the first curve (e.g. 0.99, 0.5, 0.01);
    slopes: optional dict name -> gradient values at p, drawn in a second panel.
    Returns the figure.
    """
    x = as_vector(p, "p")
    needs(losses, "losses must be a non-empty dict {name: values}.", TypeError)
    panels = 2 if slopes else 1
    fig, axes = plt.subplots(1, panels, figsize=(5.2 * panels, 3.6), squeeze=False)
    ax = axes[0, 0]
    y = _curves(ax, x, losses, "values")[0]
    for m in marks:                                         # on the first curve
        ym = float(np.interp(m, x, y))                    # p rises along x
        ax.plot([m], [ym], "o", color=PALETTE[1], zorder=3)
        right = m > 0.8
        ax.annotate(f"p = {m:g}\nloss {ym:.2g}", (m, ym), textcoords="offset points",
                    xytext=(-8 if right else 10, 10), ha="right" if right else "left", fontsize=9)
    ax.set(xlabel="probability given to the correct class", ylabel="loss",
           title="loss" if slopes or not title else title)
    ax.legend()
    if slopes:
        ax2 = axes[0, 1]
        _curves(ax2, x, slopes, "slope values")
        ax2.axhline(0, color=INK, lw=0.8)
        ax2.set(xlabel="probability given to the correct class", ylabel="gradient",
                title="gradient of the loss w.r.t. the correct score")
        ax2.legend()
    return finish(fig, title if slopes else None)


def function_fits(x, y, fits, ncols=None, title=None):
    """One panel per fit: the target points (x, y) in grey and the fitted curve.
    fits: dict title -> predictions at x. Returns the figure."""
    needs(fits, "function_fits needs at least one fit.")
    x, y = as_numpy(x).ravel(), as_numpy(y).ravel()
    ncols = ncols or len(fits)
    nrows = int(np.ceil(len(fits) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(min(2.6 * ncols, 10.5), 2.4 * nrows + 0.3),
                             squeeze=False, sharex=True, sharey=True)
    for ax, (label, pred) in zip(axes.flat, fits.items()):
        ax.plot(x, y, color=GREY, lw=4, alpha=0.5, label="target")
        ax.plot(x, as_numpy(pred).ravel(), color=PALETTE[1], lw=1.8, label="network")
        ax.set_title(label, fontsize=10)
    for ax in axes.flat[len(fits):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8, loc="upper left")
    return finish(fig, title)


def error_vs_width(widths, errors, title="Error against width"):
    """Error against hidden-layer width, log-log: every run as a dot, the best run per
    width as a line. errors: one list of errors (one per seed) per width. Returns the figure."""
    errors = [np.atleast_1d(as_numpy(e)).astype(float) for e in errors]
    if len(widths) != len(errors) or not errors:
        raise ValueError("error_vs_width needs one list of errors per width.")
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    for w, e in zip(widths, errors):
        ax.scatter(np.full(len(e), w), e, color=PALETTE[5], s=18, zorder=2)
    ax.loglog(widths, [e.min() for e in errors], "-o", color=PALETTE[0], label="best of the seeds", zorder=3)
    ax.scatter([], [], color=PALETTE[5], s=18, label="each seed")
    ax.set(xlabel="hidden units (log scale)", ylabel="mean squared error", title=title)
    ax.set_xticks(widths, [str(w) for w in widths])
    ax.minorticks_off()
    ax.legend()
    return finish(fig)


def trajectories(paths, target, title=None):
    """Line plot of how one number changes over training steps, one line per run.

    paths: dict label -> list of values (e.g. the weight after each update);
    target: the value drawn as a dotted line (the minimum). Returns the figure.
    """
    needs(paths, "paths must be a non-empty dict {label: list of values}.", TypeError)
    fig, ax = plt.subplots(figsize=(9, 3.4))
    for k, (label, values) in enumerate(paths.items()):
        values = [float(v) for v in values]
        if not values:
            raise ValueError(f"The run {label!r} has no values to draw.")
        ax.plot(range(1, len(values) + 1), values, marker="o", markersize=3,
                color=PALETTE[k % len(PALETTE)], label=label)
    ax.axhline(float(target), color=INK, lw=1, ls=":", label=f"minimum ({float(target):g})")
    ax.set(xlabel="update step", ylabel="$w$", title=title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return finish(fig)


def rule_on_xor(mistakes, path, epochs_shown=6):
    """The perceptron rule on XOR: mistakes per epoch (never 0), and w1, w2, b after
    every example of the first `epochs_shown` epochs (going round in a cycle).
    mistakes, path: what `lecture.train_perceptron` returns. Returns the figure."""
    fig = plt.figure(figsize=(10, 3.6))
    grid = fig.add_gridspec(3, 2, width_ratios=[1, 1.5], hspace=0.15)
    left = fig.add_subplot(grid[:, 0])
    left.bar(np.arange(1, len(mistakes) + 1), mistakes, color=PALETTE[1], width=0.7)
    left.set(xlabel="epoch", ylabel="mistakes (of 4)", ylim=(0, 4.6), yticks=range(5),
             title="Mistakes per epoch: never 0")
    left.grid(axis="x", visible=False)
    per_epoch = len(path[1:]) // max(len(mistakes), 1)
    steps = path[: 1 + per_epoch * epochs_shown]
    t = np.arange(len(steps))
    w = np.array([as_numpy(s[0]) for s in steps], dtype=float)
    b = np.array([float(s[1]) for s in steps])
    series = ((w[:, 0], "$w_1$", PALETTE[0]), (w[:, 1], "$w_2$", PALETTE[2]), (b, "$b$", INK))
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


def accuracy_against_updates(runs, levels=None, title=None):
    """Test accuracy (%) against the number of updates (log scale) of several training runs,
    with yardsticks as horizontal dotted lines (notebook 08's comparison with chance and
    notebook 01's models). runs: dict (model, recipe) -> (updates, accuracies in [0, 1]):
    one colour per model, one line style per recipe (solid, dashed, ...); levels: dict
    label -> accuracy in [0, 1]. Returns the figure."""
    needs(runs, "accuracy_against_updates needs at least one run: {(model, recipe): (updates, accuracies)}.")
    models = list(dict.fromkeys(m for m, _ in runs))
    recipes = list(dict.fromkeys(r for _, r in runs))
    styles = ["-", "--", "-.", ":"]
    fig, ax = plt.subplots(figsize=(10, 4))
    for (model, recipe), (updates, accuracies) in runs.items():
        if len(updates) != len(accuracies) or not len(updates):
            raise ValueError(f"The run {model}, {recipe} needs one accuracy per number of updates.")
        ax.plot(updates, 100 * np.asarray(accuracies, dtype=float), styles[recipes.index(recipe) % len(styles)],
                marker="o", ms=3, color=PALETTE[models.index(model) % len(PALETTE)], label=f"{model}, {recipe}")
    for i, (label, level) in enumerate((levels or {}).items()):
        ax.axhline(100 * level, color=GREY if i == 0 else INK, lw=1.2, ls=":", label=label)
    ax.set(xscale="log", xlabel="updates (log scale)", ylabel="test accuracy (%)", ylim=(0, 100), title=title)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.alt_text = ((f"{title}: " if title else "") + "test accuracy against updates. " + "; ".join(
        f"{m}, {r}: {100 * a[-1]:.0f}% after {u[-1]:,} updates" for (m, r), (u, a) in runs.items())
        + "".join(f"; {label}: {100 * level:.0f}%" for label, level in (levels or {}).items()) + ".")
    return finish(fig)
