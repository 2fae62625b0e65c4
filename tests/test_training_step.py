"""The course's one autograd step, training.AutogradStep: fit, fit_function, the
playground's epoch (playground.train_epoch) and the activation explorer's small nets
(widgets.train_small_net) all step with it. Each is compared, bit for bit, with the
four steps written out by hand: forward, loss, zero_grad + backward, optimizer.step()."""
import copy

import pytest
import torch
from torch import nn

from helpers import models, training, widgets
from helpers import playground as P


def _same_weights(a, b):
    return all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values(), strict=True))


def _by_hand(model, optimizer, x, y, loss_fn, penalty=None):
    out = model(x)
    loss = loss_fn(out, y)
    objective = loss if penalty is None else loss + penalty(model)
    optimizer.zero_grad()
    objective.backward()
    optimizer.step()
    return loss


@pytest.mark.parametrize("penalty", [None, lambda m: 0.01 * sum((p * p).sum() for p in m.parameters())])
@pytest.mark.parametrize("make_optimizer", [lambda ps: torch.optim.SGD(ps, lr=0.3),
                                            lambda ps: torch.optim.Adam(ps, lr=0.01)])
def test_autograd_step_is_the_four_steps(penalty, make_optimizer):
    torch.manual_seed(0)
    model = models.mlp([4, 6, 3])
    twin = copy.deepcopy(model)
    step = training.AutogradStep(model, make_optimizer(model.parameters()), nn.CrossEntropyLoss(), penalty)
    optimizer = make_optimizer(twin.parameters())
    g = torch.Generator().manual_seed(1)
    for _ in range(3):
        x, y = torch.randn(8, 4, generator=g), torch.randint(0, 3, (8,), generator=g)
        loss, out = step.forward(x, y)
        assert torch.equal(out, model(x))
        if penalty is not None:
            assert torch.equal(step.objective, loss + penalty(model))     # the data loss is what comes back
        step.backward_and_update()
        assert step.objective is None
        assert torch.equal(loss, _by_hand(twin, optimizer, x, y, nn.CrossEntropyLoss(), penalty))
        assert _same_weights(model, twin)
    assert not _same_weights(model, models.mlp([4, 6, 3]))                # it did train


def test_fit_function_steps_like_the_written_out_loop():
    torch.manual_seed(2)
    model = models.mlp([1, 8, 1])
    twin = copy.deepcopy(model)
    x = torch.linspace(-3, 3, 40)[:, None]
    y = torch.sin(2 * x)
    mse = training.fit_function(model, x, y, steps=7, lr=0.05)
    optimizer = torch.optim.Adam(twin.parameters(), lr=0.05)
    for _ in range(7):
        _by_hand(twin, optimizer, x, y, lambda out, t: ((out - t) ** 2).mean())
    assert _same_weights(model, twin)
    with torch.no_grad():
        assert mse == ((twin(x) - y) ** 2).mean().item()


@pytest.mark.parametrize("regularization", ["none", "L1", "L2"])
def test_playground_epoch_steps_like_the_written_out_loop(regularization):
    pg = P.Playground(dataset="circles", hidden=(4, 2), activation="tanh", regularization=regularization,
                      reg_rate=0.01, batch_size=16, seed=0)
    s = pg.settings
    twin = copy.deepcopy(pg.model)
    optimizer = torch.optim.SGD(twin.parameters(), lr=s.learning_rate)
    mean = P.train_epoch(pg.model, pg.optimizer, pg.F_train, pg.y_train, s, torch.Generator().manual_seed(5))
    order = torch.randperm(len(pg.F_train), generator=torch.Generator().manual_seed(5))
    losses = []
    for idx in order.split(s.batch_size):
        loss = _by_hand(twin, optimizer, pg.F_train[idx], pg.y_train[idx],
                        lambda out, t: P.data_loss(out, t, s.loss, s.problem),
                        lambda m: P.penalty(m, s.regularization, s.reg_rate))
        losses.append(loss.item() * len(idx))
    assert _same_weights(pg.model, twin)
    assert mean == sum(losses) / len(pg.F_train)


def test_playground_epoch_stops_before_a_non_finite_update():
    pg = P.Playground(dataset="circles", hidden=(4,), activation="relu", seed=0)
    with torch.no_grad():
        pg.model[0].weight.fill_(float("inf"))
    before = copy.deepcopy(pg.model)
    loss = P.train_epoch(pg.model, pg.optimizer, pg.F_train, pg.y_train, pg.settings, torch.Generator())
    assert loss != loss                                                    # NaN
    assert _same_weights(pg.model, before)                                # no update was made


def test_small_net_steps_like_the_written_out_loop():
    result = widgets.train_small_net("tanh", "moons", hidden=(5, 3), epochs=12, lr=0.03, seed=4)
    from helpers import data
    X, y = data.dataset_2d("moons", n=200, noise=0.1, seed=4)
    torch.manual_seed(4)
    twin = nn.Sequential(nn.Linear(2, 5), nn.Tanh(), nn.Linear(5, 3), nn.Tanh(), nn.Linear(3, 1))
    optimizer = torch.optim.Adam(twin.parameters(), lr=0.03)
    bce = nn.BCEWithLogitsLoss()
    losses = [_by_hand(twin, optimizer, X, y, lambda out, t: bce(out[:, 0], t)).item() for _ in range(12)]
    assert [type(m) for m in result["model"]] == [type(m) for m in twin]
    assert _same_weights(result["model"], twin)
    assert result["loss"] == losses
