"""Bar charts: how many weights solve each gate and how many starts solve XOR (notebook
03), scores and their softmax probabilities (06), the hand-crafted features per digit
and the two models' accuracies (01)."""
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import torch

from ..features import NAMES
from .style import GREY, INK, PALETTE, as_vector, finish, needs

BAR, WINNER = PALETTE[5], PALETTE[0]     # softmax bars: the others and the winning class


def solution_counts(counts, total):
    """Bar chart: how many weight combinations of the grid (`total` of them) make a
    single perceptron compute each gate. counts: dict gate -> number. Returns the figure."""
    names, values = list(counts), [int(v) for v in counts.values()]
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    bars = ax.bar(names, values, color=[PALETTE[1] if v == 0 else PALETTE[0] for v in values], width=0.6)
    labels = ax.bar_label(bars, [f"{v:,}" if v else "0: none!" for v in values], fontsize=10, padding=2)
    for label, v in zip(labels, values):
        if v == 0:
            label.set(color=PALETTE[1], fontweight="bold")
    ax.set(ylabel="weight combinations", ylim=(0, max(values + [1]) * 1.18),
           title=f"Perceptrons that compute each gate, out of {total:,} tried")
    ax.grid(axis="x", visible=False)
    return finish(fig)


def seed_sweep(results):
    """For each hidden-layer width, how many training runs (seeds) reached 4/4 on
    XOR and how many got stuck. results: dict width -> list of rows right per seed.
    Returns the figure."""
    widths = list(results)
    fig, ax = plt.subplots(figsize=(6.5, 3.3))
    solved = np.array([sum(r == 4 for r in results[h]) for h in widths])
    stuck = np.array([len(results[h]) for h in widths]) - solved
    xs = np.arange(len(widths))
    ax.bar(xs, solved, color=PALETTE[0], width=0.55, label="solved XOR (4/4)")
    ax.bar(xs, stuck, bottom=solved, color=PALETTE[1], width=0.55, label="stuck (fewer than 4/4)")
    for x, s, n in zip(xs, solved, solved + stuck):
        ax.text(x, n + 0.2, f"{s}/{n}", ha="center", fontsize=11)
    ax.set(xticks=xs, xticklabels=[f"{h} hidden units" for h in widths], ylabel="training runs (seeds)",
           ylim=(0, max(solved + stuck) * 1.25), title="Same data, same training, different random start")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, fontsize=9)
    ax.grid(axis="x", visible=False)
    return finish(fig)


def _bars(ax, values, highlight):
    colors = [WINNER if i == highlight else BAR for i in range(len(values))]
    bars = ax.bar(range(len(values)), values, color=colors)
    ax.set_xticks(range(len(values)), [str(k) for k in range(len(values))])
    ax.axhline(0, color=INK, lw=0.8)
    span = max(values.max(), 0) - min(values.min(), 0) or 1.0
    for rect, v in zip(bars, values):
        ax.text(rect.get_x() + rect.get_width() / 2, v + (0.02 if v >= 0 else -0.02) * span, f"{v:.1f}",
                ha="center", va="bottom" if v >= 0 else "top", fontsize=8)
    ax.set_ylim(min(values.min(), 0) - 0.1 * span * (values.min() < 0), max(values.max(), 0) + 0.12 * span)
    ax.grid(axis="x", visible=False)


def scores_and_probabilities(scores, probabilities, title=None):
    """Two bar charts side by side: the raw scores z and softmax(z) in percent of the
    classes 0, 1, 2, ..., the winning class highlighted. Returns the figure."""
    z, p = as_vector(scores, "scores"), as_vector(probabilities, "probabilities")
    if len(z) != len(p):
        raise ValueError(f"{len(z)} scores but {len(p)} probabilities: they must match.")
    winner = int(np.argmax(p))
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    _bars(left, z, winner)
    left.set(title="raw scores $z$ (any real number)", xlabel="class", ylabel="score")
    _bars(right, 100 * p, winner)
    right.set(title=r"softmax$(z)$: probabilities, sum 100%", xlabel="class", ylabel="probability (%)")
    return finish(fig, title)


def temperature_panels(scores, probabilities_by_temperature, title=None):
    """One bar chart per temperature T of the probabilities softmax(z / T), on a shared
    axis. probabilities_by_temperature: dict T -> probabilities. Returns the figure."""
    needs(probabilities_by_temperature, "probabilities_by_temperature must be a non-empty dict {T: probabilities}.",
          TypeError)
    z = as_vector(scores, "scores")
    count = len(probabilities_by_temperature)
    fig, axes = plt.subplots(1, count, figsize=(min(10, 2.6 * count), 3.0), sharey=True, squeeze=False)
    for ax, (T, probs) in zip(axes.flat, probabilities_by_temperature.items()):
        p = as_vector(probs, f"probabilities for T={T}")
        if len(p) != len(z):
            raise ValueError(f"T={T}: {len(p)} probabilities for {len(z)} scores.")
        winner = int(np.argmax(p))
        ax.bar(range(len(p)), 100 * p, color=[WINNER if i == winner else BAR for i in range(len(p))])
        ax.set_xticks(range(len(p)), [str(k) for k in range(len(p))], fontsize=8)
        ax.set(title=f"T = {T:g}: top {100 * p[winner]:.0f}%", xlabel="class", ylim=(0, 100))
        ax.grid(axis="x", visible=False)
    axes.flat[0].set_ylabel("probability (%)")
    return finish(fig, title)


def features_by_digit(values, labels):
    """One small bar chart per feature: its average for each digit 0-9, with the
    spread (standard deviation) as a line. values: (N, F), labels: (N,).
    Returns the figure."""
    values, labels = torch.as_tensor(values, dtype=torch.float32), torch.as_tensor(labels)
    if values.ndim != 2 or len(values) != len(labels) or values.shape[1] != len(NAMES):
        raise ValueError(f"values must be (N, {len(NAMES)}) with one label per row; got "
                         f"{tuple(values.shape)} and {len(labels)} labels.")
    nrows = int(np.ceil(len(NAMES) / 5))
    fig, axes = plt.subplots(nrows, 5, figsize=(10, 2.1 * nrows + 0.2), squeeze=False)
    digits = torch.arange(10)
    for ax in axes.flat[len(NAMES):]:
        ax.axis("off")
    for k, (ax, name) in enumerate(zip(axes.flat, NAMES)):
        per_digit = [values[labels == d, k] for d in digits]
        means = [v.mean().item() if len(v) else np.nan for v in per_digit]
        stds = [v.std().item() if len(v) > 1 else 0.0 for v in per_digit]
        ax.bar(digits, means, yerr=stds, color=PALETTE[0], alpha=0.85,
               error_kw={"elinewidth": 1, "ecolor": GREY})
        ax.set_title(name, fontsize=10)
        ax.set_xticks(digits)
        ax.tick_params(labelsize=8)
        ax.grid(axis="x", visible=False)
    for ax in axes[-1]:
        ax.set_xlabel("digit", fontsize=9)
    return finish(fig)


def accuracy_comparison(results, labels):
    """Two panels: the overall test accuracy of each model, and its accuracy per
    digit. results: dict model name -> predicted classes (N,), labels: (N,) true
    classes. Returns the figure."""
    labels = torch.as_tensor(labels)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4), gridspec_kw={"width_ratios": [1, 3]})
    width = 0.8 / len(results)
    for k, (name, predicted) in enumerate(results.items()):
        predicted = torch.as_tensor(predicted)
        if predicted.shape != labels.shape:
            raise ValueError(f"{name}: {tuple(predicted.shape)} predictions for {tuple(labels.shape)} labels.")
        right_ = (predicted == labels).float()
        overall = 100 * right_.mean().item()
        bar = left.bar(k, overall, color=PALETTE[k], width=0.6)
        left.bar_label(bar, [f"{overall:.1f}%"], fontsize=10)
        per_digit = [100 * right_[labels == d].mean().item() for d in range(10)]
        right.bar(np.arange(10) + (k - (len(results) - 1) / 2) * width, per_digit, width,
                  color=PALETTE[k], label=name)
    left.set(xticks=range(len(results)), ylim=(0, 105), ylabel="test accuracy (%)", title="all digits")
    left.set_xticklabels([textwrap.fill(n, 16) for n in results], fontsize=9)
    left.grid(axis="x", visible=False)
    right.set(xticks=range(10), ylim=(0, 105), xlabel="digit", ylabel="test accuracy (%)")
    right.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=10, ncols=len(results))
    right.grid(axis="x", visible=False)
    return finish(fig)

