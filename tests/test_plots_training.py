"""The figures added for notebooks 08-10: learning-rate panels, the update race,
throughput, weight images, hidden activations, function fits, error vs width, fields."""
import numpy as np
import pytest
import torch

from helpers import training_plots
from helpers.training import History


def history(losses, diverged=None):
    h = History()
    h["step_loss"] = list(losses)
    h.diverged = diverged
    return h


def test_step_loss_panels_one_panel_per_run_and_marks_divergence():
    runs = {"slow": history([2.3, 2.29, 2.28]), "boom": history([2.3, 1e6, 1e20], diverged="stopped: nan")}
    fig = training_plots.step_loss_panels(runs, title="rates")
    axes = fig.axes
    assert [a.get_title() for a in axes] == ["slow", "boom"]
    assert all(a.get_yscale() == "log" for a in axes)
    assert np.allclose(axes[0].lines[0].get_ydata(), [2.3, 2.29, 2.28])
    texts = [t.get_text() for t in axes[1].texts]
    assert any("NaN" in t for t in texts) and not axes[0].texts
    assert axes[1].get_ylim()[1] >= 1e20 and axes[0].get_ylim()[1] < 1e3   # each panel its own scale


def test_step_loss_panels_needs_runs():
    with pytest.raises(ValueError):
        training_plots.step_loss_panels({})


def test_update_race_draws_each_run_on_both_panels():
    runs = {"a": {"update": [0, 1, 10], "seconds": [0, 0.1, 1.0], "loss": [2.3, 2.0, 1.0]},
            "b": {"update": [0, 5], "seconds": [0, 0.2], "loss": [2.3, 1.5]}}
    fig = training_plots.update_race(runs)
    left, right = fig.axes
    assert left.get_xscale() == "log" and len(left.lines) == len(right.lines) == 2
    assert np.allclose(right.lines[0].get_xdata(), [0, 0.1, 1.0])
    assert left.lines[0].get_xdata()[0] == 1      # update 0 drawn at 1 on the log axis
    with pytest.raises(ValueError):
        training_plots.update_race({})


def test_throughput_is_log_log():
    fig = training_plots.throughput([1, 2, 4], [10.0, 19.0, 35.0])
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert np.allclose(ax.lines[0].get_ydata(), [10, 19, 35])
    with pytest.raises(ValueError):
        training_plots.throughput([1, 2], [1.0])


def test_weight_images_centre_zero_and_use_names():
    w = torch.zeros(5, 784)
    w[0, :10] = 2.0
    w[0, 10:20] = -0.5
    fig = training_plots.weight_images(w, ncols=3, names=list("abcde"))
    shown = [a for a in fig.axes if a.images]
    assert len(shown) == 5 and len(fig.axes) == 6
    assert [a.get_title() for a in shown] == list("abcde")
    lo, hi = shown[0].images[0].get_clim()
    assert lo == -hi == -2.0                      # symmetric: white is exactly 0
    assert shown[0].images[0].get_array().shape == (28, 28)
    assert training_plots.weight_images(w[:2]).axes[1].get_title() == "unit 1"


@pytest.mark.parametrize("bad", [torch.zeros(3, 10), torch.zeros(784), torch.zeros(0, 784)])
def test_weight_images_bad_shapes(bad):
    with pytest.raises(ValueError, match="784"):
        training_plots.weight_images(bad)


def test_weight_images_names_must_match():
    with pytest.raises(ValueError, match="names"):
        training_plots.weight_images(torch.zeros(2, 784), names=["one"])


def test_hidden_activations_one_row_per_image():
    images = torch.rand(3, 784)
    acts = torch.relu(torch.randn(3, 16, generator=torch.Generator().manual_seed(0)))
    fig = training_plots.hidden_activations(images, acts, labels=[0, 1, 7])
    bars = [a for a in fig.axes if a.patches]
    assert len(bars) == 3 and all(len(a.patches) == 16 for a in bars)
    active = int((acts[1] > 0).sum())
    assert any(t.get_text() == f"{active} of 16 units active" for t in bars[1].texts)
    assert fig.axes[0].get_title() == "digit 0"
    with pytest.raises(ValueError):
        training_plots.hidden_activations(images, acts[:2])


def test_function_fits_panels():
    x = torch.linspace(-1, 1, 20)[:, None]
    fits = {f"w{i}": x * i for i in range(4)}
    fig = training_plots.function_fits(x, x ** 2, fits, ncols=3)
    used = [a for a in fig.axes if a.lines]
    assert [a.get_title() for a in used] == list(fits) and len(fig.axes) == 6
    assert np.allclose(used[2].lines[1].get_ydata(), (2 * x).ravel())
    with pytest.raises(ValueError):
        training_plots.function_fits(x, x, {})


def test_error_vs_width_draws_best_and_every_seed():
    errors = [[0.4, 0.5], [0.1, 0.3], [0.01, 0.02]]
    fig = training_plots.error_vs_width([1, 4, 16], errors)
    ax = fig.axes[0]
    assert np.allclose(ax.lines[0].get_ydata(), [0.4, 0.1, 0.01])
    dots = np.concatenate([c.get_offsets()[:, 1] for c in ax.collections])
    assert sorted(dots) == sorted(sum(errors, []))
    with pytest.raises(ValueError):
        training_plots.error_vs_width([1, 2], [[0.1]])


def test_field_panels():
    fields = {"target": np.zeros((5, 5)), "fit": np.ones((5, 5))}
    fig = training_plots.field_panels(fields, extent=(-2, 2, -1, 1))
    images = [a for a in fig.axes if a.images]
    assert [a.get_title() for a in images] == ["target", "fit"]
    assert images[0].images[0].get_extent() == [-2, 2, -1, 1]
    assert images[0].images[0].get_clim() == (-1, 1)
    with pytest.raises(ValueError):
        training_plots.field_panels({})
