"""The optimizer bowl of notebook 11 (helpers/widgets/bowl.py), driven from Python as a
student drives it. Expected paths come from the update rules written out by hand
(SGD: w - lr * gradient; Adam's first step: lr times the sign of the gradient), not from
the module's own code."""
import numpy as np
import pytest

from helpers.widgets import bowl


def test_the_loss_is_the_elongated_bowl():
    assert bowl.bowl_loss(-4.0, 1.5) == 16 + 22.5
    assert bowl.bowl_loss(0.0, 0.0) == 0


@pytest.mark.parametrize("lr", [0.01, 0.05, 0.08, 0.12])
def test_sgd_multiplies_each_coordinate_by_one_minus_lr_times_its_curvature(lr):
    path, losses = bowl.bowl_path("SGD", lr)
    t = np.arange(31)
    want = np.stack([-4.0 * (1 - 2 * lr) ** t, 1.5 * (1 - 20 * lr) ** t], 1)   # dL/dw1 = 2 w1, dL/dw2 = 20 w2
    assert path.shape == (31, 2) and np.allclose(path, want, rtol=1e-9, atol=1e-12)
    assert np.allclose(losses, want[:, 0] ** 2 + 10 * want[:, 1] ** 2, rtol=1e-9, atol=1e-12)


def test_sgd_blows_up_above_lr_0_1_and_adam_never_does_on_the_slider():
    lo, hi, step = bowl.LR_SLIDER
    for lr in np.round(np.arange(lo, hi + step / 2, step), 2):
        sgd = bowl.bowl_path("SGD", lr)[1]
        adam = bowl.bowl_path("Adam", lr)[1]
        assert bowl.diverged(sgd) == (lr > 0.1), lr              # |1 - 20 lr| > 1 exactly when lr > 0.1
        assert not bowl.diverged(adam) and adam[-1] < 0.75 * adam[0], lr


def test_adams_first_step_is_lr_times_the_sign_of_the_gradient_whatever_its_size():
    path, _ = bowl.bowl_path("Adam", 0.05)
    assert np.allclose(path[1], [-4.0 + 0.05, 1.5 - 0.05], atol=1e-9)   # gradients -8 and 30: steps both 0.05


def test_at_one_learning_rate_sgd_wins_and_at_another_adam_does():
    slow = {name: bowl.bowl_path(name, 0.05)[1][-1] for name in bowl.OPTIMIZERS}
    fast = {name: bowl.bowl_path(name, 0.15)[1][-1] for name in bowl.OPTIMIZERS}
    assert slow["SGD"] < 0.05 < 5 < slow["Adam"]
    assert fast["Adam"] < 0.2 and fast["SGD"] > 1e10


def test_the_scene_draws_each_path_and_its_losses_and_says_so():
    view, runs = bowl.bowl_scene("both", 0.15)
    plane, losses = view["panels"]
    assert set(runs) == {"SGD", "Adam"} and "learning rate 0.15" in plane["title"]
    adam_line = next(ln for ln in plane["lines"] if ln["color"] == bowl.LOOKS["Adam"][0])
    assert np.allclose(adam_line["x"], runs["Adam"][0][:, 0]) and np.allclose(adam_line["y"], runs["Adam"][0][:, 1])
    sgd_losses = next(ln for ln in losses["lines"] if ln["label"] == "SGD")["y"]
    assert sgd_losses[0] == pytest.approx(np.log10(38.5)) and sgd_losses[-1] is None       # off the chart
    assert any("SGD blew up" in t["text"] for t in losses["texts"])
    assert "SGD blew up" in view["alt"] and "Adam ends at (-0.25, -0.05)" in view["alt"]


def test_the_static_figure_is_the_same_scene():
    fig = bowl.bowl_figure("SGD", 0.05)
    plane, loss = fig.axes
    path = bowl.bowl_path("SGD", 0.05)[0]
    drawn = [ln for ln in plane.get_lines() if len(ln.get_xdata()) == 31]
    assert len(drawn) == 1 and np.allclose(drawn[0].get_xdata(), path[:, 0])
    assert loss.get_ylim() == (-6, 4) and "SGD ends at (-0.17, 0.00)" in fig.alt_text


def test_the_widget_follows_its_slider_and_choice():
    ui = bowl.OptimizerBowl()
    kinds = {c["name"]: (c["kind"], c["label"]) for c in ui.controls}
    assert kinds == {"lr": ("slider", "learning rate"), "optimizer": ("choice", "optimizer")}
    assert set(ui.final_loss) == {"SGD", "Adam"}
    ui.set(lr=0.15, optimizer="SGD")
    assert list(ui.final_loss) == ["SGD"] and ui.final_loss["SGD"] > 1e10 and "SGD blew up" in ui.announce
    ui.set(optimizer="Adam")
    assert ui.final_loss["Adam"] < 0.2 and "Adam ends at" in ui.text
    assert ui.scene["panels"][0]["title"] == "30 steps at learning rate 0.15"


@pytest.mark.parametrize("call, error, words", [
    (lambda: bowl.bowl_path("RMSprop", 0.1), ValueError, "Unknown optimizer 'RMSprop': choose SGD, Adam"),
    (lambda: bowl.bowl_path("SGD", 0), ValueError, "must be above 0, not 0"),
    (lambda: bowl.bowl_path("SGD", "fast"), TypeError, "lr should be a number"),
    (lambda: bowl.OptimizerBowl(optimizer="sgd ").set(lr=-1), ValueError, "must be above 0"),
])
def test_bad_input_says_what_was_given(call, error, words):
    with pytest.raises(error, match=words):
        call()
