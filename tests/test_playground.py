"""helpers.playground (the logic) and helpers.playground_ui (the widget, driven from code)."""
import asyncio
import dataclasses
import io
import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

from helpers import playground as P
from helpers import plots
from helpers.playground import Playground, PlaygroundError
from helpers.playground_ui import maps_mosaic, playground, playground_figure


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ settings

def test_defaults_follow_tensorflow_playground():
    s = P.check_settings()
    assert (s.dataset, s.features, s.hidden, s.activation, s.train_fraction, s.batch_size) == \
        ("circles", ("x1", "x2"), (4, 2), "tanh", 0.5, 10)
    assert s.problem == "classification" and P.check_settings(dataset="regression", features=("x1",)).problem \
        == "regression"


@pytest.mark.parametrize("changes, words", [
    (dict(dataset="moons2"), "Unknown data set"),
    (dict(activation="gelu"), "Unknown activation"),
    (dict(features=("x3",)), "Unknown feature"),
    (dict(features=()), "at least one input feature"),
    (dict(features="x1"), "list of names"),
    (dict(features=("x1", "x1")), "twice"),
    (dict(dataset="regression", features=("x1", "x1*x2")), "drop x1\\*x2"),
    (dict(hidden=(8,) * 7), "At most 6 hidden layers"),
    (dict(hidden=(9,)), "between 1 and 8"),
    (dict(hidden=(0,)), "between 1 and 8"),
    (dict(hidden=4), "units per layer"),
    (dict(train_fraction=0.99), "train_fraction"),
    (dict(batch_size=0), "batch_size"),
    (dict(batch_size=2.5), "whole number"),
    (dict(learning_rate=float("nan")), "finite"),
    (dict(regularization="L3"), "Unknown regularization"),
    (dict(loss="hinge"), "Unknown loss"),
    (dict(depth=3), "Unknown setting"),
])
def test_bad_settings_are_clear_errors(changes, words):
    with pytest.raises(PlaygroundError, match=words):
        P.check_settings(**changes)


def test_linear_means_identity_and_regression_uses_squared_error():
    assert P.check_settings(activation="linear").activation == "identity"       # the registry's name
    assert P.check_settings(activation="identity").activation == "identity"
    assert P.check_settings(dataset="regression", features=("x1",)).loss == "squared error"


# ------------------------------------------------------------------ data

@pytest.mark.parametrize("name", ["xor", "circles", "gaussians", "spirals"])
def test_classification_sets(name):
    X, y = P.make_data(name, n_points=100, noise=0.1, seed=1)
    assert X.shape == (100, 2) and y.shape == (100,) and set(y.tolist()) == {0.0, 1.0}


def test_xor_is_centred_and_labelled_by_quadrant():
    X, y = P.make_data("xor", n_points=200, noise=0.0)
    assert X.abs().eq(P.SCALE).all()                           # exactly at (+-2, +-2) without noise
    assert torch.equal(y, (X[:, 0] * X[:, 1] < 0).float())     # XOR: class 1 where the signs differ


def test_regression_set_is_one_dimensional():
    x, y = P.make_data("regression", n_points=50, noise=0.0)
    assert x.shape == (50, 1) and y.shape == (50,)
    assert torch.allclose(y, torch.sin(2 * x[:, 0]) + 0.3 * x[:, 0])


def test_split_sizes():
    X, y = P.make_data("circles", n_points=200)
    (Xtr, ytr), (Xte, yte) = P.split(X, y, train_fraction=0.3)
    assert len(Xtr) == 60 and len(Xte) == 140


def test_feature_matrix_values():
    F = P.feature_matrix(torch.tensor([[1.0, 2.0]]), list(P.FEATURES))
    expected = [1, 2, 1, 4, 2, math.sin(1), math.sin(2)]
    assert torch.allclose(F[0], torch.tensor(expected, dtype=torch.float32))
    assert P.feature_matrix(torch.zeros(3, 1), ["x1", "sin(x1)"]).shape == (3, 2)
    with pytest.raises(PlaygroundError, match="needs x2"):
        P.feature_matrix(torch.zeros(3, 1), ["x2"])
    with pytest.raises(PlaygroundError, match="shape"):
        P.feature_matrix(torch.zeros(3, 3), ["x1"])


@pytest.mark.parametrize("X, y, words", [
    (np.zeros((20, 3)), np.zeros(20), "shape \\(n, 2\\)"),
    (np.zeros((20, 2)), np.zeros((20, 2)), "shape \\(n,\\)"),
    (np.zeros((20, 2)), np.arange(19) % 2, "20 points but y has 19"),
    (np.zeros((5, 2)), np.arange(5) % 2, "at least 10"),
    (np.full((20, 2), np.nan), np.arange(20) % 2, "NaN"),
    (np.zeros((20, 2)), np.arange(20) % 3, "0 or 1"),
    (np.zeros((20, 2)), np.ones(20), "both classes"),
    ("points", np.ones(20), "numbers"),
])
def test_own_points_are_validated(X, y, words):
    with pytest.raises(PlaygroundError, match=words):
        P.check_points(X, y)


def test_own_points_train():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] > 0).astype(int)                    # a vertical line separates them
    pg = Playground(points=(X, y.reshape(-1, 1)), hidden=(), learning_rate=0.3).train(50)
    assert pg.settings.dataset == "custom" and pg.history["train_acc"][-1] > 0.9
    with pytest.raises(PlaygroundError, match="needs your points"):
        Playground(dataset="custom")


# ------------------------------------------------------------------ model, loss, training

def test_build_model_architecture_and_seed():
    state = torch.random.get_rng_state()
    model = P.build_model(3, (5, 4), "relu", seed=7)
    assert torch.equal(torch.random.get_rng_state(), state)      # global random state untouched
    assert [type(m) for m in model] == [nn.Linear, nn.ReLU, nn.Linear, nn.ReLU, nn.Linear]
    assert (model[0].in_features, model[0].out_features, model[4].out_features) == (3, 5, 1)
    assert torch.equal(P.build_model(3, (5, 4), "relu", seed=7)[0].weight, model[0].weight)
    assert not torch.equal(P.build_model(3, (5, 4), "relu", seed=8)[0].weight, model[0].weight)
    assert len(P.build_model(2, (), "tanh")) == 1                 # no hidden layer: logistic regression


def test_penalty_by_hand():
    model = nn.Sequential(nn.Linear(2, 1))
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[3.0, -4.0]]))
        model[0].bias.fill_(10.0)                                 # biases are not penalised
    assert P.penalty(model, "L2", 0.1).item() == pytest.approx(0.1 * 25)
    assert P.penalty(model, "L1", 0.1).item() == pytest.approx(0.1 * 7)
    assert P.penalty(model, "none", 0.1).item() == 0
    with pytest.raises(PlaygroundError):
        P.penalty(model, "L3", 0.1)


def test_data_loss_by_hand():
    out, y = torch.tensor([[0.0], [2.0]]), torch.tensor([1.0, 0.0])
    ce = -(math.log(0.5) + math.log(1 - 1 / (1 + math.exp(-2)))) / 2
    assert P.data_loss(out, y, "cross-entropy").item() == pytest.approx(ce, rel=1e-5)
    se = ((0.5 - 1) ** 2 + (1 / (1 + math.exp(-2))) ** 2) / 2
    assert P.data_loss(out, y, "squared error").item() == pytest.approx(se, rel=1e-5)
    assert P.data_loss(out, y, problem="regression").item() == pytest.approx((1 + 4) / 2)


def test_training_lowers_the_loss_on_xor():
    pg = Playground(dataset="xor", hidden=(4, 2), activation="tanh")
    start = pg.train_loss
    pg.train(100)
    assert pg.epoch == 100 and len(pg.history["train_loss"]) == 101
    assert pg.train_loss < 0.5 * start and pg.history["test_acc"][-1] > 0.75


def test_xor_needs_a_hidden_layer_or_the_product_feature():
    linear = Playground(dataset="xor", hidden=(), features=("x1", "x2")).train(60)
    product = Playground(dataset="xor", hidden=(), features=("x1*x2",)).train(60)
    assert linear.train_loss > 0.65                   # no line separates XOR: stuck near ln 2
    assert product.train_loss < 0.1


def test_step_hidden_layers_never_learn():
    pg = Playground(activation="step", hidden=(4,))
    first, last = pg.model[0].weight.clone(), pg.model[2].weight.clone()
    pg.train(20)
    assert torch.equal(pg.model[0].weight, first)     # gradient 0 through the step
    assert not torch.equal(pg.model[2].weight, last)  # the output layer still learns
    assert "gradient is 0" in pg.note


def test_l2_shrinks_weights():
    plain = Playground(dataset="xor", noise=0.6, train_fraction=0.1, hidden=(8, 8), activation="relu").train(200)
    l2 = Playground(dataset="xor", noise=0.6, train_fraction=0.1, hidden=(8, 8), activation="relu",
                    regularization="L2", reg_rate=0.01).train(200)
    def size(pg):
        return sum((m.weight ** 2).sum().item() for m in pg.model if isinstance(m, nn.Linear))
    assert size(l2) < 0.7 * size(plain)
    assert l2.test_loss < plain.test_loss             # small noisy train set: L2 generalises better


def test_same_seed_same_run_and_reset_restores():
    a = Playground(seed=3).train(10)
    b = Playground(seed=3).train(10)
    assert a.history["train_loss"] == b.history["train_loss"]
    first_loss = a.history["train_loss"][0]
    a.reset()
    assert a.epoch == 0 and a.history["train_loss"] == [first_loss]


def test_update_resets_only_when_it_must():
    pg = Playground().train(5)
    pg.update(learning_rate=0.03, regularization="L2", reg_rate=0.001)
    assert pg.epoch == 5 and pg.optimizer.param_groups[0]["lr"] == 0.03
    pg.update(hidden=(3,))
    assert pg.epoch == 0 and pg.model[0].out_features == 3
    with pytest.raises(PlaygroundError):
        pg.update(hidden=(3, 9))


def test_divergence_stops_with_a_message():
    pg = Playground(dataset="regression", features=("x1", "x1^2"), hidden=(8, 8), activation="relu",
                    learning_rate=100.0).train(30)
    assert pg.diverged and "too large" in pg.diverged
    assert pg.epoch < 30 and all(np.isfinite(pg.history["train_loss"]))


def test_unit_outputs_and_maps():
    pg = Playground(hidden=(4, 3), features=("x1", "x2", "x1*x2"))
    F = P.feature_matrix(pg.X_test, pg.settings.features)
    outs = P.unit_outputs(pg.model, F)
    assert [o.shape[1] for o in outs] == [4, 3, 1]
    assert torch.allclose(outs[-1], pg.model(F))
    assert outs[0].abs().max() <= 1                   # tanh units
    maps = pg.hidden_maps(resolution=10)
    assert [m.shape for m in maps] == [(3, 10, 10), (4, 10, 10), (3, 10, 10)]
    x0, x1 = pg.limits[:2]
    assert np.allclose(maps[0][0][0], np.linspace(x0, x1, 10), atol=1e-6)      # the x1 feature map
    assert [m.shape for m in Playground(dataset="regression", features=("x1",), hidden=(5,)).hidden_maps(12)] \
        == [(1, 12), (5, 12)]


# ------------------------------------------------------------------ export

@pytest.mark.parametrize("settings", [
    dict(dataset="xor", hidden=(4, 2), features=("x1", "x2", "x1*x2", "sin(x1)")),
    dict(activation="step", hidden=(3,)),
    dict(hidden=()),
    dict(dataset="regression", features=("x1", "x1^2", "sin(x1)"), hidden=(6,), activation="relu"),
])
def test_exported_code_rebuilds_the_trained_network(settings):
    pg = Playground(**settings).train(5)
    X = torch.cat([pg.X_train, pg.X_test])
    expected = pg.model(P.feature_matrix(X, pg.settings.features))

    bare = {}
    exec(pg.export_code(weights=False), bare)
    assert isinstance(bare["model"], nn.Sequential)
    assert [type(m).__name__ for m in bare["model"]] == [type(m).__name__ for m in pg.model]
    bare["model"].load_state_dict(pg.model.state_dict())
    assert torch.equal(bare["model"](bare["features"](X)), expected)

    full = {}
    exec(pg.export_code(weights=True), full)
    assert torch.equal(full["model"](full["features"](X.numpy())), expected)      # exact float32 weights


def test_export_code_reads_like_pytorch():
    code = Playground(hidden=(4, 2), activation="relu").export_code(weights=False)
    assert "nn.Linear(2, 4),\n    nn.ReLU(),\n    nn.Linear(4, 2),\n    nn.ReLU(),\n    nn.Linear(2, 1)," in code
    assert "load_state_dict" not in code


# ------------------------------------------------------------------ the widget

def test_widget_step_reset_and_labels():
    ui = playground(dataset="xor")
    start = ui.pg.train_loss
    for _ in range(15):
        ui.step_button.click()
    assert ui.pg.epoch == 15 and "epoch 15" in ui.epoch_label.value
    assert ui.pg.train_loss < start and f"{ui.pg.train_loss:.3f}" in ui.loss_label.value
    ui.reset_button.click()
    assert ui.pg.epoch == 0 and ui.pg.train_loss == pytest.approx(start)


def test_widget_controls_change_the_run():
    ui = playground()
    ui.layers.value = 3
    ui.units[2].value = 7
    assert ui.pg.settings.hidden == (4, 2, 7) and ui.units[2].layout.display is None
    assert ui.units[3].layout.display == "none"
    ui.features["x1*x2"].value = True
    ui.activation.value = "relu"
    assert ui.pg.settings.features == ("x1", "x2", "x1*x2") and isinstance(ui.pg.model[1], nn.ReLU)
    ui.step(3)
    ui.learning_rate.value = 0.03                      # applies without a reset
    assert ui.pg.epoch == 3 and ui.pg.settings.learning_rate == 0.03
    ui.dataset.value = "regression"                    # one input: x2 features off and disabled
    assert ui.pg.settings.features == ("x1",) and ui.features["x2"].disabled and ui.loss.disabled
    ui.dataset.value = "spirals"                       # and back: the 2-D choice returns
    assert ui.pg.settings.features == ("x1", "x2", "x1*x2") and not ui.features["x2"].disabled


def _pixels(png):
    return plt.imread(io.BytesIO(png), format="png")


def test_widget_redraw_after_new_data_matches_a_new_widget():
    # new data moves the existing points and image instead of rebuilding the axes:
    # the picture must be the one a widget made from scratch with these settings shows
    ui = playground()
    for control, value in ((ui.noise, 0.3), (ui.dataset, "spirals"), (ui.train_percent, 30)):
        control.value = value
        fresh = playground(**dataclasses.asdict(ui.pg.settings))
        assert np.array_equal(_pixels(ui.image.value), _pixels(fresh.image.value)), control.description
        assert np.array_equal(_pixels(ui.maps_image.value), _pixels(fresh.maps_image.value))
        points = ui.boundary_view.points["train"]
        assert np.allclose(points.get_offsets(), ui.pg.X_train.numpy())
        colors = [matplotlib.colors.to_rgb(plots.CLASS_COLORS[int(v)]) for v in ui.pg.y_train]
        assert np.allclose(points.get_facecolors()[:, :3], colors)


def test_widget_switching_to_regression_and_back_rebuilds_the_panel():
    ui = playground()
    ui.dataset.value = "regression"
    ax = ui.boundary_view.ax
    assert ax.get_aspect() == "auto" and ax.get_ylabel() == "$y$"
    assert len(ax.collections[0].get_offsets()) == len(ui.pg.X_train)
    ui.dataset.value = "xor"
    assert ax.get_aspect() == 1.0 and ax.get_ylabel() == "$x_2$"
    assert len(ui.boundary_view.points["test"].get_offsets()) == len(ui.pg.X_test)


def test_widget_step_activation_shows_the_explanation():
    ui = playground()
    ui.activation.value = "step"
    assert "gradient is 0" in ui.message.value
    ui.activation.value = "tanh"
    assert ui.message.value == ""


def test_widget_export_and_own_points():
    X = np.random.default_rng(1).normal(size=(40, 2))
    ui = playground(points=(X, (X[:, 1] > 0).astype(float)))
    assert ui.dataset.value == "custom"
    code = ui.show_code()
    assert ui.code.value == code and ui.code.layout.display is None
    namespace = {}
    exec(code, namespace)
    F = P.feature_matrix(torch.tensor(X, dtype=torch.float32), ui.pg.settings.features)
    assert torch.equal(namespace["model"](F), ui.pg.model(F))


def test_widget_bad_input():
    with pytest.raises(PlaygroundError, match="Unknown data set"):
        playground(dataset="moons2")
    with pytest.raises(PlaygroundError, match="0 or 1"):
        playground(points=(np.zeros((20, 2)), np.full(20, 2)))


def test_background_training_coroutine_and_pause():
    ui = playground()
    asyncio.run(ui.run(max_epochs=4))                  # what "start" schedules on the kernel's loop
    assert ui.pg.epoch == 4 and not ui.running and ui.play_button.description == "start"

    async def start_then_pause():
        ui.start()                                     # inside a running loop, as in a kernel
        assert ui.running and ui.play_button.description == "pause"
        await asyncio.sleep(0.05)
        ui.play_button.click()                         # pause
        await ui._task
    asyncio.run(start_then_pause())
    assert not ui.running and ui.pg.epoch > 4


def test_start_without_an_event_loop_says_what_to_do():
    ui = playground()
    ui.start()
    assert not ui.running and "ui.step" in ui.message.value


def test_maps_mosaic():
    maps = [np.ones((2, 4, 4)), np.stack([np.zeros((4, 4)), -3 * np.ones((4, 4)), np.full((4, 4), 0.5)])]
    image, tops, tile, cols = maps_mosaic(maps, gap=1, label_gap=2)
    assert tile == (4, 4) and cols == 3 and tops == [0, 6] and image.shape == (10, 14)
    assert np.nanmax(np.abs(image)) == 1                     # each map scaled to [-1, 1]
    assert np.isnan(image[0, 10:]).all()                     # no third input: empty (NaN)
    assert (image[6:, :4] == 0).all() and (image[6:, 5:9] == -1).all()   # dead unit stays 0


def test_playground_figure_draws_the_models_output_and_the_losses():
    pg = Playground().train(3)
    fig = playground_figure(pg, title="circles")
    ax_b, ax_l, ax_m = fig.axes
    image = ax_b.images[0]
    x0, x1, y0, y1 = image.get_extent()
    shown = np.asarray(image.get_array())
    xx, yy = np.meshgrid(np.linspace(x0, x1, shown.shape[1]), np.linspace(y0, y1, shown.shape[0]))
    points = torch.tensor(np.c_[xx.ravel(), yy.ravel()], dtype=torch.float32)
    with torch.no_grad():                      # P(class 1) of the model on the grid, row 0 at the bottom
        p = torch.sigmoid(pg.model(P.feature_matrix(points, pg.settings.features))[:, 0]).numpy()
    assert image.origin == "lower" and (x0, x1, y0, y1) == tuple(pg.limits)
    assert np.allclose(shown, p.reshape(xx.shape), atol=1e-6)
    assert np.allclose(image.to_rgba(shown[:1, :1])[0, 0], plots.BOUNDARY_CMAP(float(p[0])))   # through the colour map
    train, test = ax_l.lines
    assert list(train.get_xdata()) == pg.history["epoch"] == [0, 1, 2, 3]
    assert np.allclose(train.get_ydata(), pg.history["train_loss"])
    assert np.allclose(test.get_ydata(), pg.history["test_loss"])
    assert f"epoch {pg.epoch}:" in ax_b.get_title()
    one_d = Playground(dataset="regression", features=("x1",)).train(2)
    fig = playground_figure(one_d)
    curve, = fig.axes[0].get_lines()
    with torch.no_grad():                      # the fitted curve is the model's output along x1
        fit = one_d.model(P.feature_matrix(torch.tensor(curve.get_xdata())[:, None], ("x1",)))[:, 0]
    assert np.allclose(curve.get_ydata(), fit.numpy(), atol=1e-6)
    assert fig.axes[0].get_ylabel() == "$y$"


# ------------------------------------------------------------------ the exercises (helpers.checks.playground)

def test_check_xor_features():
    from helpers.checks import playground as check

    assert check.xor_features(["x1*x2"])
    assert check.xor_features(("x1", "x2", "x1*x2"))               # any working list is accepted
    wrong = check.xor_features(["x1", "x2"])
    assert not wrong and "opposite quadrants" in wrong.message
    for odd, words in [(None, "not filled in"), ("x1*x2", "list of names"), (["x3"], "Unknown feature"),
                       ([], "empty"), (["x1", "x1"], "twice"), (5, "list of names")]:
        result = check.xor_features(odd)
        assert not result and words in result.message and result.message.startswith("⚠️")


def test_check_count_parameters():
    from helpers.checks import playground as check

    def right(n_inputs, hidden):
        total, n_in = 0, n_inputs
        for n_out in (*hidden, 1):
            total += n_in * n_out + n_out
            n_in = n_out
        return total

    assert check.count_parameters(right)
    for n, hidden in [(2, (4, 2)), (7, (8, 3))]:                   # the reference agrees with PyTorch
        assert right(n, hidden) == sum(p.numel() for p in P.build_model(n, hidden).parameters())
    weights_only = check.count_parameters(lambda n, h: right(n, h) - sum(h) - 1)
    assert not weights_only and "bias" in weights_only.message
    off = check.count_parameters(lambda n, h: right(n, h) + 1)
    assert not off and "expected 25" in off.message
    for odd, words in [(None, "not written"), (lambda n, h: None, "whole number"),
                       (lambda n, h: 1 / 0, "ZeroDivisionError"), (42, "should be a function")]:
        result = check.count_parameters(odd)
        assert not result and words in result.message


def own_points(n=40):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 2, generator=g)
    return X, (X[:, 0] > 0).float()


def test_points_with_a_built_in_dataset_is_refused_not_dropped():
    X, y = own_points()
    with pytest.raises(PlaygroundError, match=r"dataset='xor'\): points are your own data set"):
        Playground(points=(X, y), dataset="xor")
    pg = Playground(points=(X, y), dataset="custom", hidden=(2,), seed=0)
    trained_on = torch.cat([pg.X_train, pg.X_test])
    assert sorted(trained_on[:, 0].tolist()) == sorted(X[:, 0].tolist())      # every point of X, no other


@pytest.mark.parametrize("points", [own_points()[0], own_points()[0].numpy(), [1, 2, 3]])
def test_points_without_labels_get_one_message(points):
    with pytest.raises(PlaygroundError, match=r"points must be a pair \(X, y\)"):
        Playground(points=points)
