import copy

import pytest
import torch
from torch import nn

from helpers import backprop, models, training


def autograd_step(model, x, y, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


@pytest.mark.parametrize("activation", models.ACTIVATION_NAMES)   # step too: nothing passes below it
@pytest.mark.parametrize("sizes", [[5, 3], [5, 7, 3], [5, 8, 6, 4]])
def test_same_update_as_autograd(activation, sizes):
    torch.manual_seed(0)
    by_hand = models.mlp(sizes, activation=activation).double()
    reference = copy.deepcopy(by_hand)
    x, y = torch.randn(16, sizes[0], dtype=torch.float64), torch.randint(0, sizes[-1], (16,))
    step = backprop.SGDStep(by_hand, lr=0.5)
    for _ in range(3):
        loss, logits = step.forward(x, y)
        assert torch.allclose(logits, reference(x), atol=1e-12)
        step.backward_and_update()
        assert loss.item() == pytest.approx(autograd_step(reference, x, y, 0.5), abs=1e-12)
    for mine, theirs in zip(by_hand.parameters(), reference.parameters()):
        assert torch.allclose(mine, theirs, atol=1e-12)


def test_forward_builds_no_graph_and_leaves_grad_alone():
    model = models.mlp([4, 3, 2])
    loss, logits = backprop.SGDStep(model, 0.1).forward(torch.randn(5, 4), torch.tensor([0, 1, 0, 1, 1]))
    assert not loss.requires_grad and not logits.requires_grad
    assert all(p.grad is None for p in model.parameters())


def small_data(classes=2, n=40, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 4, generator=g), torch.randint(0, classes, (n,), generator=g)


SETTINGS = dict(epochs=2, lr=0.3, batch_size=16, seed=0)   # 40 examples: 3 steps an epoch, 6 in all


def fit_counting_forwards(model, data, **kwargs):
    """fit(model, data, **kwargs); returns how often model(x) ran with gradients on (autograd
    calls it each step, the matrix pass by hand never does; fit's input checks run under no_grad)."""
    calls = []

    def count(module, inputs, output):
        if torch.is_grad_enabled():
            calls.append(len(inputs[0]))
    hook = model.register_forward_hook(count)
    try:
        training.fit(model, data, progress=False, verbose=False, device="cpu", **{**SETTINGS, **kwargs})
    finally:
        hook.remove()
    return len(calls)


def written_out(model, data, by_hand=False):
    """fit's loop written out: the same shuffles, then the four autograd steps, or
    backprop.SGDStep's matrix pass."""
    x, y = data
    g = torch.Generator().manual_seed(SETTINGS["seed"])
    optimizer = torch.optim.SGD(model.parameters(), lr=SETTINGS["lr"])
    matrix = backprop.SGDStep(model, SETTINGS["lr"]) if by_hand else None
    for _ in range(SETTINGS["epochs"]):
        for idx in torch.randperm(len(x), generator=g).split(SETTINGS["batch_size"]):
            if by_hand:
                matrix.forward(x[idx], y[idx])
                matrix.backward_and_update()
            else:
                loss = nn.CrossEntropyLoss()(model(x[idx]), y[idx])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()


def same_weights(a, b):
    return all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values(), strict=True))


@pytest.mark.parametrize("make", [
    lambda: nn.Sequential(nn.Linear(4, 3), nn.GELU(), nn.Linear(3, 2)),   # not in the registry
    lambda: models.mlp([4, 3, 2], output_activation="sigmoid"),
    lambda: nn.Sequential(nn.Linear(4, 3, bias=False), nn.ReLU(), nn.Linear(3, 2)),
    lambda: nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.ReLU(), nn.Linear(3, 2)),
    lambda: nn.Sequential(nn.Flatten(), nn.Linear(4, 2)),
    lambda: nn.Linear(4, 2),
    lambda: (lambda shared: nn.Sequential(shared, nn.ReLU(), shared))(nn.Linear(4, 4)),   # one layer twice
])
def test_by_hand_refuses_models_it_cannot_compute(make):
    torch.manual_seed(0)
    model = make()
    twin, untouched = copy.deepcopy(model), copy.deepcopy(model)
    data = small_data()
    assert backprop.layers_of(model) is None
    for refuse in (lambda: backprop.SGDStep(model, 0.1),
                   lambda: fit_counting_forwards(model, data, backward="by hand")):
        with pytest.raises(ValueError, match="use backward='autograd'") as err:
            refuse()
        assert f"not this {type(model).__name__}: " in str(err.value)     # names what was given
        assert backprop.why_not_by_hand(model) in str(err.value)          # and the layer at fault
    assert same_weights(model, untouched)                                 # refused before any step
    # the default trains the same model with autograd: the four steps, bit for bit
    assert fit_counting_forwards(model, data) == 6
    written_out(twin, data)
    assert same_weights(model, twin) and not same_weights(model, untouched)


def test_frozen_layer_is_refused_by_hand():
    model = models.mlp([4, 3, 2])
    model[0].weight.requires_grad_(False)
    assert backprop.layers_of(model) is None
    with pytest.raises(ValueError, match="use backward='autograd'"):
        fit_counting_forwards(model, small_data(), backward="by hand")


def test_fit_runs_the_backward_pass_named_and_autograd_by_default():
    torch.manual_seed(0)
    model = models.mlp([4, 5, 3])
    data = small_data(classes=3)
    default, autograd, by_hand, loop, matrix = (copy.deepcopy(model) for _ in range(5))
    assert fit_counting_forwards(default, data) == 6                          # model(x) at each step
    assert fit_counting_forwards(autograd, data, backward="autograd") == 6
    assert fit_counting_forwards(by_hand, data, backward="by hand") == 0      # the matrix pass never calls it
    assert all(p.grad is not None for m in (default, autograd) for p in m.parameters())
    assert all(p.grad is None for p in by_hand.parameters())                  # no loss.backward() ran
    written_out(loop, data)
    written_out(matrix, data, by_hand=True)
    assert same_weights(default, loop) and same_weights(autograd, loop)
    assert same_weights(by_hand, matrix)
    assert not same_weights(by_hand, model)                                   # it did train
    for a, b in zip(by_hand.parameters(), loop.parameters()):                 # and both passes agree
        assert torch.allclose(a, b, atol=1e-6)


@pytest.mark.parametrize("given, named", [
    ({"backward": "by hand", "loss_fn": nn.CrossEntropyLoss(label_smoothing=0.1)},
     "but loss_fn=CrossEntropyLoss was given: leave it out"),
    ({"backward": "by hand", "optimizer": "momentum"}, "but optimizer=SGD was given: leave it out"),
    ({"backward": "fast"}, "'autograd' or 'by hand', not 'fast'"),
    ({"backward": None}, "'autograd' or 'by hand', not None"),
])
def test_a_refused_configuration_names_what_was_given_and_trains_nothing(given, named):
    torch.manual_seed(0)
    model = models.mlp([4, 3, 2])
    untouched = copy.deepcopy(model)
    if given.get("optimizer") == "momentum":
        given = {**given, "optimizer": torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)}
    with pytest.raises(ValueError, match=named):
        fit_counting_forwards(model, small_data(), **given)
    assert same_weights(model, untouched)


def test_by_hand_refusal_names_the_optimizer_or_loss_given():
    model = models.mlp([4, 3, 2])
    for kwargs, name in (({"optimizer": torch.optim.Adam(model.parameters())}, "Adam"),
                         ({"loss_fn": nn.MSELoss()}, "MSELoss")):
        with pytest.raises(ValueError, match=name):
            training.training_step(model, backward="by hand", **kwargs)


def run_fit(x, y, backward, seed=1, sizes=(10, 16, 3), **kwargs):
    torch.manual_seed(seed)
    model = models.mlp(list(sizes))
    settings = dict(epochs=3, lr=0.2, batch_size=32, progress=False, verbose=False, device="cpu")
    history = training.fit(model, (x, y), backward=backward, **{**settings, **kwargs})
    return history, model


def test_fit_by_hand_and_autograd_agree():
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(300, 10, generator=g), torch.randint(0, 3, (300,), generator=g)
    (h_hand, m_hand), (h_auto, m_auto) = run_fit(x, y, "by hand"), run_fit(x, y, "autograd")
    assert h_hand.step_loss == pytest.approx(h_auto.step_loss, abs=1e-5)
    assert h_hand.train_acc == h_auto.train_acc
    for a, b in zip(m_hand.parameters(), m_auto.parameters()):
        assert torch.allclose(a, b, atol=1e-5)


def test_by_hand_stops_on_nan_like_autograd():
    x, y = torch.randn(64, 2, generator=torch.Generator().manual_seed(0)) * 1e6, torch.arange(64) % 2
    runs = [run_fit(x, y, backward, seed=0, sizes=(2, 4, 2), epochs=5, lr=1e8, batch_size=8, on_nan="stop")[0]
            for backward in ("by hand", "autograd")]
    assert "lr=1e+08" in runs[0].diverged and "too large" in runs[0].diverged
    assert runs[0].diverged == runs[1].diverged
    assert len(runs[0].step_loss) == len(runs[1].step_loss)


@pytest.mark.parametrize("bad, match", [
    ({"lr": -0.1}, "a negative rate climbs the loss"),
    ({"lr": "0.1"}, "lr .* must be a number > 0"),
    ({"lr": None}, "lr .* must be a number > 0"),
    ({"batch_size": 0}, "batch_size must be a whole number >= 1"),
    ({"labels": -100}, "class numbers from 0 to 2"),
    ({"labels": 3}, "class numbers from 0 to 2"),
])
@pytest.mark.parametrize("backward", ["autograd", "by hand"])
def test_both_backward_passes_refuse_the_same_bad_input_with_the_same_message(bad, match, backward):
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(40, 10, generator=g), torch.randint(0, 3, (40,), generator=g)
    if "labels" in bad:
        bad = dict(bad)
        y[5] = bad.pop("labels")
    torch.manual_seed(0)
    model = models.mlp([10, 4, 3])
    before = [p.clone() for p in model.parameters()]
    with pytest.raises((ValueError, TypeError), match=match) as err:
        training.fit(model, (x, y), backward=backward, progress=False, verbose=False, device="cpu", **bad)
    assert "Traceback" not in str(err.value)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))     # nothing trained


@pytest.mark.parametrize("x", [torch.zeros(8, 5), torch.zeros(8, 2, 2)])
def test_fit_explains_a_wrong_input_size(x):
    with pytest.raises(ValueError, match="first layer takes 4 values per example"):
        training.fit(models.mlp([4, 3, 2]), (x, torch.zeros(8, dtype=torch.long)), progress=False)


def test_fit_explains_mismatched_number_types():
    with pytest.raises(TypeError, match="torch.float64 but the model's weights are torch.float32"):
        training.fit(models.mlp([4, 2]), (torch.zeros(8, 4, dtype=torch.float64), torch.zeros(8, dtype=torch.long)),
                     progress=False)
