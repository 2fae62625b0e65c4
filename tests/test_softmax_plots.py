import matplotlib
import numpy as np
import pytest
import torch

from helpers import plots, softmax_plots

Z = [0.5, 0.2, 3.1, 1.0, -0.5, -1.0, -1.2, -0.8, -1.5, -1.4]


def probs(z, T=1.0):
    e = np.exp(np.asarray(z) / T)
    return e / e.sum()


def bar_heights(ax):
    return [rect.get_height() for rect in ax.patches]


def test_scores_and_probabilities_draws_both_and_highlights_winner():
    fig = softmax_plots.scores_and_probabilities(torch.tensor(Z), probs(Z), title="t")
    left, right = fig.axes
    assert np.allclose(bar_heights(left), Z)
    assert np.allclose(bar_heights(right), 100 * probs(Z))
    colors = [matplotlib.colors.to_hex(r.get_facecolor()) for r in right.patches]
    assert colors[2] == plots.PALETTE[0] and colors.count(plots.PALETTE[0]) == 1


def test_scores_and_probabilities_bad_input():
    with pytest.raises(ValueError, match="must match"):
        softmax_plots.scores_and_probabilities([1, 2], [0.5, 0.3, 0.2])
    with pytest.raises(TypeError, match="numbers"):
        softmax_plots.scores_and_probabilities(["a", "b"], [0.5, 0.5])
    with pytest.raises(ValueError, match="one row"):
        softmax_plots.scores_and_probabilities([[1, 2]], [[0.5, 0.5]])
    with pytest.raises(ValueError, match="labels"):
        softmax_plots.scores_and_probabilities([1, 2], [0.3, 0.7], labels=["a"])


def test_temperature_panels_one_per_temperature():
    by_T = {T: probs(Z, T) for T in (0.5, 1, 2, 5)}
    fig = softmax_plots.temperature_panels(Z, by_T)
    assert len(fig.axes) == len(by_T)
    for ax, (T, p) in zip(fig.axes, by_T.items()):
        assert np.allclose(bar_heights(ax), 100 * p)
        colors = [matplotlib.colors.to_hex(r.get_facecolor()) for r in ax.patches]
        assert [i for i, c in enumerate(colors) if c != colors[np.argmin(p)]] == [np.argmax(p)]   # winner stands out
        assert ax.get_title() == f"T = {T:g}: top {round(100 * p.max())}%"
    assert fig.axes[0].get_ylim() == fig.axes[3].get_ylim()                 # one scale: flatter is lower


def test_temperature_panels_bad_input():
    with pytest.raises(TypeError, match="dict"):
        softmax_plots.temperature_panels(Z, [probs(Z)])
    with pytest.raises(ValueError, match="probabilities for"):
        softmax_plots.temperature_panels(Z, {1: [0.5, 0.5]})


def test_loss_curves_marks_and_slopes():
    p = np.linspace(0.005, 1, 200)
    fig = softmax_plots.loss_curves(p, {"ce": -np.log(p)}, marks=(0.5, 0.9))
    (ax,) = fig.axes
    curve, *marks = ax.get_lines()
    assert np.allclose(curve.get_xdata(), p) and np.allclose(curve.get_ydata(), -np.log(p))
    for mark, m in zip(marks, (0.5, 0.9)):                  # each mark sits on the curve at its p
        assert mark.get_xdata()[0] == m and np.isclose(mark.get_ydata()[0], -np.log(m), atol=1e-4)
    notes = [t.get_text() for t in ax.texts]
    assert notes == [f"p = {m:g}\nloss {-np.log(m):.2g}" for m in (0.5, 0.9)]
    fig2 = softmax_plots.loss_curves(p, {"a": p, "b": 1 - p}, slopes={"a": -1 / p})
    left, right = fig2.axes
    assert [list(line.get_ydata()) for line in left.get_lines()] == [list(p), list(1 - p)]
    assert np.allclose(right.get_lines()[0].get_ydata(), -1 / p)


def test_loss_curves_bad_input():
    p = np.linspace(0.1, 1, 10)
    with pytest.raises(TypeError, match="dict"):
        softmax_plots.loss_curves(p, -np.log(p))
    with pytest.raises(ValueError, match="values for"):
        softmax_plots.loss_curves(p, {"ce": [1, 2]})
    with pytest.raises(ValueError, match="slope values"):
        softmax_plots.loss_curves(p, {"ce": p}, slopes={"s": [1]})
