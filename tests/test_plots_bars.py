"""helpers.plots, bar charts: how many weights solve each gate and how many starts solve
XOR (notebook 03), scores and their softmax (06), the hand-crafted features per digit
and two models' accuracies (01). Each bar is read back and compared with its input."""
import numpy as np
import pytest
import torch
from readback import rgb

from helpers import features, lecture, plots

Z = np.array([0.5, 0.2, 3.1, 1.0, -0.5, -1.0, -1.2, -0.8, -1.5, -1.4])


def heights(ax):
    return [rect.get_height() for rect in ax.patches]


def colours(ax):
    return [tuple(rect.get_facecolor()[:3]) for rect in ax.patches]


def test_solution_counts_bars_are_the_counts_and_zero_says_none():
    counts = {"AND": 1540, "XOR": 0, "OR": 7}
    ax = plots.solution_counts(counts, total=68921).axes[0]
    assert heights(ax) == list(counts.values())
    ticks = {t.get_position()[0]: t.get_text() for t in ax.get_xticklabels()}
    assert [ticks[p.get_x() + p.get_width() / 2] for p in ax.patches] == list(counts)   # each bar over its gate
    assert [t.get_text() for t in ax.texts] == ["1,540", "0: none!", "7"]
    orange, blue = rgb(plots.PALETTE[1]), rgb(plots.PALETTE[0])
    assert [np.allclose(c, orange) for c in colours(ax)] == [False, True, False]
    assert np.allclose(colours(ax)[0], blue) and np.allclose(rgb(ax.texts[1].get_color()), orange)
    assert ax.get_ylim()[1] > 1540 and "68,921" in ax.get_title()


def test_seed_sweep_stacks_solved_and_stuck():
    ax = plots.seed_sweep({2: [4, 3, 4, 2], 8: [4, 4, 4, 4]}).axes[0]
    assert heights(ax) == [2, 4, 2, 0]                                # solved 2 and 4, stuck 2 and 0
    assert [t.get_text() for t in ax.texts] == ["2/4", "4/4"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2 hidden units", "8 hidden units"]


def test_scores_and_probabilities_draws_both_and_highlights_the_winner():
    p = lecture.softmax(Z)
    left, right = plots.scores_and_probabilities(torch.tensor(Z), p, title="t").axes
    assert np.allclose(heights(left), Z) and np.allclose(heights(right), 100 * p)
    for ax in (left, right):
        assert [i for i, c in enumerate(colours(ax)) if np.allclose(c, rgb(plots.PALETTE[0]))] == [2]


@pytest.mark.parametrize("scores, probabilities, error, words", [
    ([1, 2], [0.5, 0.3, 0.2], ValueError, "2 scores but 3 probabilities: they must match"),
    (["a", "b"], [0.5, 0.5], TypeError, "scores should be numbers"),
    ([[1, 2]], [[0.5, 0.5]], ValueError, "scores must be one row of numbers, got shape \\(1, 2\\)"),
])
def test_scores_and_probabilities_bad_input(scores, probabilities, error, words):
    with pytest.raises(error, match=words):
        plots.scores_and_probabilities(scores, probabilities)


def test_temperature_panels_one_per_temperature_on_one_scale():
    by_T = {T: lecture.softmax(Z / T) for T in (0.5, 1, 2, 5)}
    fig = plots.temperature_panels(Z, by_T)
    assert len(fig.axes) == len(by_T)
    for ax, (T, p) in zip(fig.axes, by_T.items()):
        assert np.allclose(heights(ax), 100 * p)
        others = colours(ax)[int(np.argmin(p))]
        assert [i for i, c in enumerate(colours(ax)) if c != others] == [int(np.argmax(p))]   # the winner stands out
        assert ax.get_title() == f"T = {T:g}: top {round(100 * p.max())}%"
    assert fig.axes[0].get_ylim() == fig.axes[3].get_ylim()                 # one scale: flatter is lower
    with pytest.raises(TypeError, match="must be a non-empty dict"):
        plots.temperature_panels(Z, [lecture.softmax(Z)])
    with pytest.raises(ValueError, match="T=1: 2 probabilities for 10 scores"):
        plots.temperature_panels(Z, {1: [0.5, 0.5]})


def test_features_by_digit_draws_each_features_mean_per_digit():
    values = torch.rand(200, len(features.NAMES), generator=torch.Generator().manual_seed(0))
    labels = torch.arange(200) % 10
    values[labels == 3, 2] += 5                                                      # one feature marks the 3s
    fig = plots.features_by_digit(values, labels)
    for k, name in enumerate(features.NAMES):
        means = [values[labels == d, k].mean().item() for d in range(10)]
        assert np.allclose(heights(fig.axes[k]), means) and fig.axes[k].get_title() == name   # bar d: digit d's mean
    assert int(np.argmax(heights(fig.axes[2]))) == 3
    with pytest.raises(ValueError, match="values must be \\(N, 10\\) with one label per row"):
        plots.features_by_digit(torch.zeros(5, 3), torch.zeros(5))


def test_accuracy_comparison_draws_each_models_accuracy_overall_and_per_digit():
    labels = torch.arange(10).repeat(2)
    perfect, half = labels.clone(), torch.where(torch.arange(20) < 10, labels, (labels + 1) % 10)
    left, right = plots.accuracy_comparison({"a": perfect, "b": half}, labels).axes
    assert heights(left) == pytest.approx([100.0, 50.0])
    assert heights(right) == pytest.approx([100.0] * 10 + [50.0] * 10)     # per digit: a's bars, then b's
    with pytest.raises(ValueError, match="a: \\(5,\\) predictions for \\(20,\\) labels"):
        plots.accuracy_comparison({"a": perfect[:5]}, labels)
