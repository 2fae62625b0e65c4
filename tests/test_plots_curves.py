"""helpers.plots, curves: activations and their gradients (notebooks 02, 04), training
runs (08, 09, 11), losses against probabilities (06), the rule on XOR (03), fits (10)
and weights over updates (07). Each figure is read back and compared with its input."""
import numpy as np
import pytest
import torch

from helpers import data, lecture, plots
from helpers.training import History


def history(**lists):
    h = History()
    for key, values in lists.items():
        h[key] = list(values)
    return h


# ---------------------------------------------------------------- activations

@pytest.mark.parametrize("derivative", [False, True])
def test_activation_panels_draw_each_function_its_autograd_slope_and_the_marked_point(derivative):
    functions = {"step": lecture.step, "tanh": torch.tanh, "relu": torch.relu}
    fig = plots.activation_panels(functions, mark=-0.5 if derivative else None, derivative=derivative, title="t")
    assert [ax.get_title() for ax in fig.axes] == list(functions) and fig._suptitle.get_text() == "t"
    z = torch.linspace(-5, 5, 401)
    zg = z.clone().requires_grad_(True)
    slopes = {"step": torch.zeros(401), "tanh": 1 - torch.tanh(z) ** 2,                # by formula
              "relu": torch.autograd.grad(torch.relu(zg).sum(), zg)[0]}                 # relu'(0) = 0 in torch
    for ax, (name, f) in zip(fig.axes, functions.items()):
        curve, *rest = [line for line in ax.get_lines() if len(line.get_xdata()) == 401]
        assert np.array_equal(curve.get_xdata(), z.numpy())
        y, want = curve.get_ydata(), f(z).numpy()
        jump = np.flatnonzero(np.isnan(y))
        assert jump.tolist() == ([201] if name == "step" else [])                       # the step is not a slope
        assert np.allclose(np.delete(y, jump), np.delete(want, jump))
        if not derivative:
            assert rest == [] and not ax.texts and not [m for m in ax.get_lines() if m.get_marker() == "o"]
            continue
        slope, = rest
        assert slope.get_linestyle() == "--" and np.allclose(slope.get_ydata(), slopes[name].numpy(), atol=1e-6)
        mark, = [line for line in ax.get_lines() if line.get_marker() == "o"]
        expected = float(f(torch.tensor(-0.5)))
        assert mark.get_xydata().tolist() == [[-0.5, pytest.approx(expected)]]
        assert [t.get_text() for t in ax.texts] == [f"f(-0.5) = {expected:.3g}"]


# ---------------------------------------------------------------- training runs

def test_training_curves_of_one_run_mark_the_best_epoch():
    h = history(train_loss=[1.0, 0.5, 0.3, 0.2], val_loss=[1.1, 0.7, 0.9, 0.95], train_acc=[0.5, 0.7, 0.9, 0.95],
                val_acc=[0.5, 0.6, 0.6, 0.55])
    h.best_epoch = 2
    fig = plots.training_curves(h)
    for ax, metric, scale in zip(fig.axes, ("loss", "acc"), (1, 100)):
        drawn = {line.get_label(): line for line in ax.lines}
        for split, label in (("train", "train"), ("val", "validation")):
            assert np.array_equal(drawn[label].get_xdata(), [1, 2, 3, 4])
            assert np.allclose(drawn[label].get_ydata(), scale * np.array(h[f"{split}_{metric}"]))
        assert list(drawn["best validation"].get_xdata()) == [2, 2]
    val = dict(zip(*fig.axes[0].lines[1].get_data()))
    assert val[h.best_epoch] == min(h.val_loss)                 # the mark stands on the lowest validation loss


def test_training_curves_compare_runs_one_colour_each():
    sgd = history(train_loss=[1.0, 0.5, 0.4], val_loss=[1.1, 0.6, 0.55], val_acc=[0.7, 0.8, 0.82])
    adam = history(train_loss=[0.8, 0.3], val_loss=[0.9, 0.5], val_acc=[0.75, 0.85])
    left, right = plots.training_curves({"SGD": sgd, "Adam": adam}).axes
    loss = {line.get_label(): line for line in left.lines}
    acc = {line.get_label(): line for line in right.lines}
    for name, h in (("SGD", sgd), ("Adam", adam)):
        train, val = loss[f"{name} train"], loss[f"{name} validation"]
        assert list(train.get_ydata()) == h.train_loss and train.get_linestyle() == "-"
        assert list(val.get_ydata()) == h.val_loss and val.get_linestyle() == "--"
        assert np.allclose(acc[f"{name} validation"].get_ydata(), [100 * a for a in h.val_acc])    # in percent
        assert list(acc[f"{name} validation"].get_xdata()) == list(range(1, len(h.val_acc) + 1))
        assert train.get_color() == val.get_color() == acc[f"{name} validation"].get_color()
    assert loss["SGD train"].get_color() != loss["Adam train"].get_color()
    assert "best validation" not in loss
    with pytest.raises(ValueError, match="at least one History"):
        plots.training_curves({})


def test_step_loss_panels_one_panel_per_run_and_marks_divergence():
    boom = history(step_loss=[2.3, 1e6, 1e20])
    boom.diverged = "stopped: nan"
    runs = {"slow": history(step_loss=[2.3, 2.29, 2.28]), "boom": boom}
    axes = plots.step_loss_panels(runs, title="rates").axes
    assert len(axes) == len(runs) and all(a.get_yscale() == "log" for a in axes)
    for ax, (label, run) in zip(axes, runs.items()):     # each panel draws its own run's losses
        line = ax.lines[0]
        assert ax.get_title() == label
        assert np.array_equal(line.get_xdata(), np.arange(1, len(run.step_loss) + 1))
        assert np.allclose(line.get_ydata(), run.step_loss)
    assert len(axes[0].lines) == 1 and not axes[0].texts      # no stop mark on the run that did not diverge
    mark = axes[1].lines[1]                                   # the stop: one update after the last, at the top
    assert (list(mark.get_xdata()), list(mark.get_ydata())) == ([4], [1e20])
    assert any("NaN" in t.get_text() for t in axes[1].texts)
    assert axes[1].get_ylim()[1] >= 1e20 and axes[0].get_ylim()[1] < 1e3   # each panel its own scale
    with pytest.raises(ValueError, match="at least one run"):
        plots.step_loss_panels({})


def test_update_race_draws_each_run_against_updates_and_seconds():
    runs = {"a": {"update": [0, 1, 10], "seconds": [0, 0.1, 1.0], "loss": [2.3, 2.0, 1.0]},
            "b": {"update": [0, 5], "seconds": [0, 0.2], "loss": [2.3, 1.5]}}
    left, right = plots.update_race(runs).axes
    assert left.get_xscale() == "log" and len(left.lines) == len(right.lines) == 2
    for k, run in enumerate(runs.values()):
        assert np.allclose(left.lines[k].get_xdata(), np.maximum(run["update"], 1))   # update 0 drawn at 1
        assert np.allclose(right.lines[k].get_xdata(), run["seconds"])
        assert np.allclose(left.lines[k].get_ydata(), run["loss"])
        assert np.allclose(right.lines[k].get_ydata(), run["loss"])
    with pytest.raises(ValueError, match="at least one run"):
        plots.update_race({})


def test_throughput_is_log_log():
    ax = plots.throughput([1, 2, 4], [10.0, 19.0, 35.0]).axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert np.allclose(ax.lines[0].get_xdata(), [1, 2, 4]) and np.allclose(ax.lines[0].get_ydata(), [10, 19, 35])
    with pytest.raises(ValueError, match="one rate per batch size"):
        plots.throughput([1, 2], [1.0])


# ---------------------------------------------------------------- losses, fits, paths

def test_loss_curves_marks_and_slopes():
    p = np.linspace(0.005, 1, 200)
    (ax,) = plots.loss_curves(p, {"ce": -np.log(p)}, marks=(0.5, 0.9)).axes
    curve, *marks = ax.get_lines()
    assert np.allclose(curve.get_xdata(), p) and np.allclose(curve.get_ydata(), -np.log(p))
    for mark, m in zip(marks, (0.5, 0.9)):                  # each mark sits on the curve at its p
        assert mark.get_xdata()[0] == m and np.isclose(mark.get_ydata()[0], -np.log(m), atol=1e-4)
    assert [t.get_text() for t in ax.texts] == [f"p = {m:g}\nloss {-np.log(m):.2g}" for m in (0.5, 0.9)]
    left, right = plots.loss_curves(p, {"a": p, "b": 1 - p}, slopes={"a": -1 / p}).axes
    assert [list(line.get_ydata()) for line in left.get_lines()] == [list(p), list(1 - p)]
    assert np.allclose(right.get_lines()[0].get_ydata(), -1 / p)


def test_loss_curves_bad_input():
    p = np.linspace(0.1, 1, 10)
    with pytest.raises(TypeError, match="losses must be a non-empty dict"):
        plots.loss_curves(p, -np.log(p))
    with pytest.raises(ValueError, match="ce: 2 values for 10 probabilities"):
        plots.loss_curves(p, {"ce": [1, 2]})
    with pytest.raises(ValueError, match="s: 1 slope values for 10 probabilities"):
        plots.loss_curves(p, {"ce": p}, slopes={"s": [1]})


def test_function_fits_one_panel_per_fit():
    x = torch.linspace(-1, 1, 20)[:, None]
    fits = {f"w{i}": x * i for i in range(4)}
    fig = plots.function_fits(x, x ** 2, fits, ncols=3)
    used = [a for a in fig.axes if a.lines]
    assert len(used) == len(fits) and len(fig.axes) == 6
    for ax, (label, pred) in zip(used, fits.items()):   # each panel: the target and its own fit
        target, fit = ax.lines
        assert ax.get_title() == label
        assert np.allclose(target.get_xdata(), x.ravel()) and np.allclose(target.get_ydata(), (x ** 2).ravel())
        assert np.allclose(fit.get_xdata(), x.ravel()) and np.allclose(fit.get_ydata(), pred.ravel())
    with pytest.raises(ValueError, match="at least one fit"):
        plots.function_fits(x, x, {})


def test_error_vs_width_draws_the_best_and_every_seed():
    errors = [[0.4, 0.5], [0.1, 0.3], [0.01, 0.02]]
    ax = plots.error_vs_width([1, 4, 16], errors).axes[0]
    assert np.allclose(ax.lines[0].get_xdata(), [1, 4, 16]) and np.allclose(ax.lines[0].get_ydata(), [0.4, 0.1, 0.01])
    dots = np.concatenate([c.get_offsets() for c in ax.collections])
    assert sorted(map(tuple, dots)) == sorted((w, e) for w, es in zip([1, 4, 16], errors) for e in es)
    with pytest.raises(ValueError, match="one list of errors per width"):
        plots.error_vs_width([1, 2], [[0.1]])


def test_trajectories_one_line_per_run_and_the_target():
    ax = plots.trajectories({"a": [1, 2, 3], "b": [3, 2, 1]}, target=3).axes[0]
    assert len(ax.lines) == 3
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3] and list(ax.lines[1].get_ydata()) == [3, 2, 1]
    assert list(ax.lines[2].get_ydata()) == [3, 3]               # the target: a level line at 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "minimum (3)"]
    assert ax.lines[0].get_color() != ax.lines[1].get_color()
    with pytest.raises(TypeError, match="paths must be a non-empty dict"):
        plots.trajectories([1, 2, 3], target=3)
    with pytest.raises(ValueError, match="The run 'empty' has no values to draw"):
        plots.trajectories({"empty": []}, target=3)


def test_rule_on_xor_draws_the_mistakes_and_the_weights_going_round():
    X, y = data.gate("XOR")
    _, _, mistakes, path = lecture.train_perceptron(X, y, max_epochs=10)
    bars, *rows = plots.rule_on_xor(mistakes, path, epochs_shown=3).axes
    assert [p.get_height() for p in bars.patches] == mistakes and min(mistakes) > 0 and len(mistakes) == 10
    assert [p.get_x() + p.get_width() / 2 for p in bars.patches] == list(range(1, 11))   # epoch 1, 2, ...
    steps = path[:1 + 4 * 3]                            # the start and every example of 3 epochs
    expected = [[float(w[0]) for w, b in steps], [float(w[1]) for w, b in steps], [float(b) for w, b in steps]]
    for ax, values in zip(rows, expected):              # w1, w2, b after every example
        line = ax.lines[0]
        assert np.array_equal(line.get_xdata(), np.arange(len(steps)))
        assert np.allclose(line.get_ydata(), values)
        assert line.get_drawstyle() == "steps-post"     # a value holds until the next example
        assert sorted(v.get_xdata()[0] for v in ax.lines[1:]) == [4, 8]     # dotted: the ends of epochs 1 and 2


def test_accuracy_against_updates_colours_models_styles_recipes_and_draws_the_yardsticks():
    runs = {("pixels", "Adam"): ([63, 126], [0.8, 0.9]), ("pixels", "SGD"): ([125, 250], [0.7, 0.85]),
            ("net", "Adam"): ([63, 126], [0.85, 0.95]), ("net", "SGD"): ([125, 250], [0.75, 0.88])}
    fig = plots.accuracy_against_updates(runs, levels={"chance": 0.1, "features": 0.64}, title="t")
    ax, = fig.axes
    drawn = {line.get_label(): line for line in ax.lines}
    for (model, recipe), (updates, accuracies) in runs.items():
        line = drawn[f"{model}, {recipe}"]
        assert list(line.get_xdata()) == updates and np.allclose(line.get_ydata(), 100 * np.array(accuracies))
        assert line.get_linestyle() == ("-" if recipe == "Adam" else "--")
    assert drawn["pixels, Adam"].get_color() == drawn["pixels, SGD"].get_color() != drawn["net, SGD"].get_color()
    assert list(drawn["chance"].get_ydata()) == [10, 10] and list(drawn["features"].get_ydata()) == [64, 64]
    assert ax.get_xscale() == "log" and ax.get_title() == "t"
    assert "net, SGD: 88% after 250 updates" in fig.alt_text and "chance: 10%" in fig.alt_text
    with pytest.raises(ValueError, match="at least one run"):
        plots.accuracy_against_updates({})
    with pytest.raises(ValueError, match="one accuracy per"):
        plots.accuracy_against_updates({("a", "b"): ([1, 2], [0.5])})
