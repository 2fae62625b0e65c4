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
    assert len(axes) == len(runs) and all(a.get_yscale() == "log" for a in axes)
    for ax, (label, run) in zip(axes, runs.items()):     # each panel draws its own run's losses
        line = ax.lines[0]
        assert ax.get_title() == label
        assert np.array_equal(line.get_xdata(), np.arange(1, len(run["step_loss"]) + 1))
        assert np.allclose(line.get_ydata(), run["step_loss"])
    assert len(axes[0].lines) == 1                      # no stop mark on the run that did not diverge
    mark = axes[1].lines[1]                             # the stop: one update after the last, at the top
    assert (list(mark.get_xdata()), list(mark.get_ydata())) == ([4], [1e20])
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
    w = torch.randn(5, 784, generator=torch.Generator().manual_seed(0))
    w[0, :10] = 9.0
    w[0, 10:20] = -0.5
    fig = training_plots.weight_images(w, ncols=3, names=list("abcde"))
    shown = [a for a in fig.axes if a.images]
    assert len(shown) == 5 and len(fig.axes) == 6
    for k, ax in enumerate(shown):                 # image k is row k of w, under name k
        image = ax.images[0]
        assert ax.get_title() == "abcde"[k]
        assert np.allclose(image.get_array(), w[k].reshape(28, 28).numpy())
        lo, hi = image.get_clim()
        assert -lo == hi == pytest.approx(w[k].abs().max().item())   # symmetric: white is exactly 0
    assert shown[0].images[0].get_clim() == (-9.0, 9.0)
    # the middle of the colour map (white) is where the weight is 0
    white = shown[0].images[0].to_rgba(np.zeros((1, 1)))[0, 0, :3]
    assert np.allclose(white, 1, atol=2 / 255)
    assert [a.get_title() for a in training_plots.weight_images(w[:2]).axes] == ["unit 0", "unit 1"]


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
    pictures = [a for a in fig.axes if a.images]
    bars = [a for a in fig.axes if a.patches]
    assert len(pictures) == len(bars) == 3
    for i, (picture, ax) in enumerate(zip(pictures, bars)):   # row i: image i beside its own bars
        assert np.allclose(picture.images[0].get_array(), images[i].reshape(28, 28).numpy())
        assert picture.get_title() == f"digit {[0, 1, 7][i]}"
        assert np.allclose([p.get_height() for p in ax.patches], acts[i].numpy())
        assert np.allclose([p.get_x() + p.get_width() / 2 for p in ax.patches], np.arange(16))
        active = int((acts[i] > 0).sum())
        assert [t.get_text() for t in ax.texts] == [f"{active} of 16 units active"]
    assert len({int((a > 0).sum()) for a in acts}) > 1     # the counts differ from row to row
    with pytest.raises(ValueError):
        training_plots.hidden_activations(images, acts[:2])


def test_function_fits_panels():
    x = torch.linspace(-1, 1, 20)[:, None]
    fits = {f"w{i}": x * i for i in range(4)}
    fig = training_plots.function_fits(x, x ** 2, fits, ncols=3)
    used = [a for a in fig.axes if a.lines]
    assert len(used) == len(fits) and len(fig.axes) == 6
    for ax, (label, pred) in zip(used, fits.items()):   # each panel: the target and its own fit
        target, fit = ax.lines
        assert ax.get_title() == label
        assert np.allclose(target.get_xdata(), x.ravel()) and np.allclose(target.get_ydata(), (x ** 2).ravel())
        assert np.allclose(fit.get_xdata(), x.ravel()) and np.allclose(fit.get_ydata(), pred.ravel())
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
    xs, ys = np.linspace(-2, 2, 7), np.linspace(-1, 1, 5)
    xx, yy = np.meshgrid(xs, ys)
    fields = {"target": np.sin(xx) * yy, "fit": xx / 2 - yy / 2}
    fig = training_plots.field_panels(fields, extent=(-2, 2, -1, 1))
    images = [a for a in fig.axes if a.images]
    assert len(images) == 2
    for ax, (label, values) in zip(images, fields.items()):
        image = ax.images[0]
        assert ax.get_title() == label and np.allclose(image.get_array(), values)
        assert image.get_extent() == [-2, 2, -1, 1] and image.get_clim() == (-1, 1)
    # row 0 at the bottom (origin lower): the value at (x1, x2) = (2, -1) is drawn at that point
    ax = images[1]
    ax.figure.canvas.draw()
    buf = np.asarray(ax.figure.canvas.buffer_rgba())
    px, py = ax.transData.transform((1.8, -0.9))
    drawn = buf[int(round(buf.shape[0] - py)), int(round(px)), :3] / 255
    expected = ax.images[0].to_rgba(fields["fit"][:1, -1:])[0, 0, :3]     # teal: 1.5, clipped at 1
    assert np.allclose(drawn, expected, atol=3 / 255)
    with pytest.raises(ValueError):
        training_plots.field_panels({})
