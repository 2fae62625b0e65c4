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


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "identity"])
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


def hooked():
    model = models.mlp([4, 3, 2])
    model[0].register_forward_hook(lambda *args: None)
    return model


@pytest.mark.parametrize("make", [
    lambda: models.mlp([4, 3, 2], activation="step"),           # no useful gradient: autograd decides
    lambda: models.mlp([4, 3, 2], output_activation="sigmoid"),
    lambda: nn.Sequential(nn.Linear(4, 3, bias=False), nn.ReLU(), nn.Linear(3, 2)),
    lambda: nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.ReLU(), nn.Linear(3, 2)),
    lambda: nn.Sequential(nn.Flatten(), nn.Linear(4, 2)),
    lambda: nn.Linear(4, 2),
    hooked,
])
def test_other_models_are_left_to_autograd(make):
    model = make()
    assert backprop.layers_of(model) is None
    with pytest.raises(ValueError, match="Sequential of Linear"):
        backprop.SGDStep(model, 0.1)
    assert isinstance(training.training_step(model, torch.tensor([0, 1])), training.AutogradStep)


def test_frozen_layer_is_left_to_autograd():
    model = models.mlp([4, 3, 2])
    model[0].weight.requires_grad_(False)
    assert backprop.layers_of(model) is None


def test_training_step_picks_by_hand_only_when_it_computes_the_same_thing():
    model, labels = models.mlp([4, 3, 2]), torch.tensor([0, 1])
    assert isinstance(training.training_step(model, labels), backprop.SGDStep)
    for kwargs in ({"fast": False}, {"loss_fn": nn.CrossEntropyLoss(label_smoothing=0.1)},
                   {"optimizer": torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)}):
        assert isinstance(training.training_step(model, labels, **kwargs), training.AutogradStep)
    assert isinstance(training.training_step(model, labels.float()), training.AutogradStep)


def test_fit_fast_and_autograd_agree():
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(300, 10, generator=g), torch.randint(0, 3, (300,), generator=g)

    def run(fast):
        torch.manual_seed(1)
        model = models.mlp([10, 16, 3])
        history = training.fit(model, (x, y), epochs=3, lr=0.2, batch_size=32, progress=False,
                               verbose=False, device=torch.device("cpu"), fast=fast)
        return history, model

    (h_fast, m_fast), (h_auto, m_auto) = run(True), run(False)
    assert h_fast.step_loss == pytest.approx(h_auto.step_loss, abs=1e-5)
    assert h_fast.train_acc == h_auto.train_acc
    for a, b in zip(m_fast.parameters(), m_auto.parameters()):
        assert torch.allclose(a, b, atol=1e-5)


def test_fast_path_stops_on_nan_like_autograd():
    x, y = torch.randn(64, 2, generator=torch.Generator().manual_seed(0)) * 1e6, torch.arange(64) % 2

    def run(fast):
        torch.manual_seed(0)
        return training.fit(models.mlp([2, 4, 2]), (x, y), epochs=5, lr=1e8, batch_size=8, on_nan="stop",
                            progress=False, verbose=False, fast=fast)

    by_hand, reference = run(True), run(False)
    assert "lr=1e+08" in by_hand.diverged and "too large" in by_hand.diverged
    assert by_hand.diverged == reference.diverged
    assert len(by_hand.step_loss) == len(reference.step_loss)


@pytest.mark.parametrize("x", [torch.zeros(8, 5), torch.zeros(8, 2, 2)])
def test_fit_explains_a_wrong_input_size(x):
    with pytest.raises(ValueError, match="first layer takes 4 values per example"):
        training.fit(models.mlp([4, 3, 2]), (x, torch.zeros(8, dtype=torch.long)), progress=False)


def test_fit_explains_mismatched_number_types():
    with pytest.raises(TypeError, match="torch.int64 but the model's weights are torch.float32"):
        training.fit(models.mlp([4, 2]), (torch.zeros(8, 4, dtype=torch.long), torch.zeros(8, dtype=torch.long)),
                     progress=False)
