"""Figures for notebook 06 (softmax and loss functions).

The notebook computes softmax, temperatures and losses itself; these functions only
draw what it computed:

    fig = softmax_plots.scores_and_probabilities(z, p)          # raw scores vs probabilities
    fig = softmax_plots.temperature_panels(z, {0.5: p1, 1: p2})   # one panel per temperature
    fig = softmax_plots.loss_curves(p, {"cross-entropy": ce})     # loss against probability
"""
import matplotlib.pyplot as plt
import numpy as np

from .plots import PALETTE
from .runtime import float_array

BAR, WINNER = PALETTE[5], PALETTE[0]


def _vector(values, name):
    out = float_array(values, name)
    if out.ndim != 1 or len(out) == 0:
        raise ValueError(f"{name} must be one row of numbers, got shape {out.shape}.")
    return out


def _bars(ax, values, labels, fmt, highlight):
    colors = [WINNER if i == highlight else BAR for i in range(len(values))]
    bars = ax.bar(range(len(values)), values, color=colors)
    ax.set_xticks(range(len(values)), labels)
    ax.axhline(0, color="#2e4057", lw=0.8)
    span = max(values.max(), 0) - min(values.min(), 0) or 1.0
    for rect, v in zip(bars, values):
        ax.text(rect.get_x() + rect.get_width() / 2, v + (0.02 if v >= 0 else -0.02) * span, fmt(v),
                ha="center", va="bottom" if v >= 0 else "top", fontsize=8)
    ax.set_ylim(min(values.min(), 0) - 0.1 * span * (values.min() < 0), max(values.max(), 0) + 0.12 * span)
    ax.grid(axis="x", visible=False)


def scores_and_probabilities(scores, probabilities, labels=None, title=None):
    """Two bar charts side by side: the raw scores z and softmax(z) in percent, the
    winning class highlighted. labels: the class names (default 0, 1, 2, ...).
    Returns the figure."""
    z, p = _vector(scores, "scores"), _vector(probabilities, "probabilities")
    if len(z) != len(p):
        raise ValueError(f"{len(z)} scores but {len(p)} probabilities: they must match.")
    labels = [str(k) for k in (labels if labels is not None else range(len(z)))]
    if len(labels) != len(z):
        raise ValueError(f"{len(labels)} labels for {len(z)} classes.")
    winner = int(np.argmax(p))
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    _bars(left, z, labels, lambda v: f"{v:.1f}", winner)
    left.set(title="raw scores $z$ (any real number)", xlabel="class", ylabel="score")
    _bars(right, 100 * p, labels, lambda v: f"{v:.1f}", winner)
    right.set(title=r"softmax$(z)$: probabilities, sum 100%", xlabel="class", ylabel="probability (%)")
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def temperature_panels(scores, probabilities_by_temperature, labels=None, title=None):
    """One bar chart per temperature T of the probabilities softmax(z / T), on a shared
    axis. probabilities_by_temperature: dict T -> probabilities. Returns the figure."""
    if not isinstance(probabilities_by_temperature, dict) or not probabilities_by_temperature:
        raise TypeError("probabilities_by_temperature must be a non-empty dict {T: probabilities}.")
    z = _vector(scores, "scores")
    labels = [str(k) for k in (labels if labels is not None else range(len(z)))]
    count = len(probabilities_by_temperature)
    fig, axes = plt.subplots(1, count, figsize=(min(10, 2.6 * count), 3.0), sharey=True, squeeze=False)
    for ax, (T, probs) in zip(axes.flat, probabilities_by_temperature.items()):
        p = _vector(probs, f"probabilities for T={T}")
        if len(p) != len(z):
            raise ValueError(f"T={T}: {len(p)} probabilities for {len(z)} scores.")
        winner = int(np.argmax(p))
        ax.bar(range(len(p)), 100 * p, color=[WINNER if i == winner else BAR for i in range(len(p))])
        ax.set_xticks(range(len(p)), labels, fontsize=8)
        ax.set(title=f"T = {T:g}: top {100 * p[winner]:.0f}%", xlabel="class", ylim=(0, 100))
        ax.grid(axis="x", visible=False)
    axes.flat[0].set_ylabel("probability (%)")
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig


def _curves(ax, x, curves, what):
    """Plot each named curve of `curves` (dict name -> values at x) in the course
    colours; return the values as arrays, checked to match x."""
    ys = []
    for k, (name, values) in enumerate(curves.items()):
        y = _vector(values, name)
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
    x = _vector(p, "p")
    if not isinstance(losses, dict) or not losses:
        raise TypeError("losses must be a non-empty dict {name: values}.")
    panels = 2 if slopes else 1
    fig, axes = plt.subplots(1, panels, figsize=(5.2 * panels, 3.6), squeeze=False)
    ax = axes[0, 0]
    for k, y in enumerate(_curves(ax, x, losses, "values")):
        if k == 0:
            for m in marks:
                ym = float(np.interp(m, x, y)) if x[0] < x[-1] else float(np.interp(m, x[::-1], y[::-1]))
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
        ax2.axhline(0, color="#2e4057", lw=0.8)
        ax2.set(xlabel="probability given to the correct class", ylabel="gradient",
                title="gradient of the loss w.r.t. the correct score")
        ax2.legend()
    if title and slopes:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig
