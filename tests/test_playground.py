"""helpers.widgets.playground_model: the network playground of notebook 09a without its
widget (settings, data, features, training, export). An epoch is checked against the
four steps written out, the exported code against the trained network."""
import copy
import math

import numpy as np
import pytest
import torch
from torch import nn

import helpers.widgets.playground_model as P
from helpers import models
from helpers.widgets.playground_model import Playground, PlaygroundError

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


@pytest.mark.parametrize("regularization", ["none", "L1", "L2"])
def test_an_epoch_is_the_four_steps_on_shuffled_batches_and_then_measures(regularization):
    pg = Playground(dataset="circles", hidden=(4, 2), activation="tanh", regularization=regularization,
                    reg_rate=0.01, batch_size=16, seed=3)
    s = pg.settings
    twin = copy.deepcopy(pg.model)
    pg.train(2)
    optimizer, g = torch.optim.SGD(twin.parameters(), lr=s.learning_rate), torch.Generator().manual_seed(3)
    for _ in range(2):
        for idx in torch.randperm(len(pg.F_train), generator=g).split(s.batch_size):
            loss = P.data_loss(twin(pg.F_train[idx]), pg.y_train[idx], s.loss, s.problem)
            optimizer.zero_grad()
            (loss + P.penalty(twin, s.regularization, s.reg_rate)).backward()
            optimizer.step()
    assert all(torch.equal(a, b) for a, b in zip(pg.model.state_dict().values(), twin.state_dict().values()))
    with torch.no_grad():                                     # the data loss and accuracy, without the penalty
        out = twin(pg.F_test)
        assert pg.test_loss == P.data_loss(out, pg.y_test).item()
        assert pg.history["test_acc"][-1] == ((out[:, 0] > 0).float() == pg.y_test).float().mean().item()
    assert pg.history["epoch"] == [0, 1, 2] and len(pg.history["train_loss"]) == 3


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
    *[dict(activation=name, hidden=(3,)) for name in models.ACTIVATION_NAMES],
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
