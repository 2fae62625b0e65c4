"""helpers.xor_plots: the figures of notebook 03 draw what they are given."""
import pytest
import torch

from helpers import data, neurons, xor_plots


def test_solution_counts_bars_are_the_counts():
    fig = xor_plots.solution_counts({"AND": 12, "XOR": 0}, total=100)
    ax = fig.axes[0]
    assert [p.get_height() for p in ax.patches] == [12, 0]
    assert "100" in ax.get_title()
    assert any("none" in t.get_text() for t in ax.texts)


def test_rule_on_xor_needs_a_run_and_draws_the_errors():
    X, y = data.gate("XOR")
    run = neurons.learn(X, y, max_epochs=10)
    fig = xor_plots.rule_on_xor(run, epochs_shown=3)
    assert len(fig.axes) == 4
    assert [p.get_height() for p in fig.axes[0].patches] == run.errors
    with pytest.raises(TypeError, match="neurons.learn"):
        xor_plots.rule_on_xor(run.path)


def test_product_space_needs_a_product_weight():
    fig = xor_plots.product_space([1, 1, -2], -0.5)
    assert "x_1x_2" in fig.axes[0].get_title()
    with pytest.raises(ValueError, match="three weights"):
        xor_plots.product_space([1, 1, 0], -0.5)
    with pytest.raises(ValueError, match="three weights"):
        xor_plots.product_space([1, 1], -0.5)


def test_hidden_space_labels_points_that_collapse():
    X, y = data.gate("XOR")
    H = torch.tensor([[0.0, 0], [1, 0], [1, 0], [1, 1]])
    fig = xor_plots.hidden_space(X, y, H, out_w=[1, -2], out_b=-0.5, hidden_lines=[([1, 1], -0.5)])
    right = fig.axes[1]
    texts = [t.get_text() for t in right.texts]
    assert "(0,1) and (1,0)" in texts and len(texts) == 3
    labels = [line.get_label() for line in right.get_lines()]
    assert any("h_1 - 2h_2 - 0.5 = 0" in label for label in labels)    # the lecture's output neuron
    assert len(fig.axes[0].texts) == 4                            # four separate inputs on the left
    with pytest.raises(ValueError, match="\\(4, 2\\)"):
        xor_plots.hidden_space(X, y, H[:3], out_w=[1, -1], out_b=-0.5)


def test_seed_sweep_stacks_solved_and_stuck():
    fig = xor_plots.seed_sweep({2: [4, 3, 4, 2], 8: [4, 4, 4, 4]})
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == [2, 4, 2, 0]                                # solved 2 and 4, stuck 2 and 0
    assert [t.get_text() for t in fig.axes[0].texts] == ["2/4", "4/4"]
