"""training.train_epoch, the pass `fit` makes once per epoch, computed two ways."""
import torch
from torch import nn

from helpers import backprop, models, training


def data(n=100, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 6, generator=g), torch.randint(0, 3, (n,), generator=g)


def test_train_epoch_is_the_four_steps_over_shuffled_batches():
    x, y = data()
    torch.manual_seed(1)
    model = models.mlp([6, 5, 3])
    copy = models.mlp([6, 5, 3])
    copy.load_state_dict(model.state_dict())
    step = training.training_step(model, lr=0.1)
    losses, accuracy = training.train_epoch(step, (x, y), 16, torch.Generator().manual_seed(3))

    optimizer, loss_fn = torch.optim.SGD(copy.parameters(), lr=0.1), nn.CrossEntropyLoss()
    expected, right = [], 0
    for xb, yb in training.batches(x, y, 16, generator=torch.Generator().manual_seed(3)):
        out = copy(xb)
        loss = loss_fn(out, yb)
        right += int((out.argmax(1) == yb).sum())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        expected.append(loss.item())
    assert losses == expected and len(losses) == 7          # 100 examples in batches of 16
    assert accuracy == right / 100
    for a, b in zip(model.parameters(), copy.parameters()):
        assert torch.equal(a, b)


def test_train_epoch_by_hand_matches_autograd_and_sets_training_mode():
    x, y = data(seed=1)
    torch.manual_seed(2)
    a, b = models.mlp([6, 4, 3], "tanh"), models.mlp([6, 4, 3], "tanh")
    b.load_state_dict(a.state_dict())
    a.eval()
    b.eval()
    la, acc_a = training.train_epoch(training.training_step(a, lr=0.05), (x, y), 10, torch.Generator().manual_seed(0))
    lb, acc_b = training.train_epoch(backprop.SGDStep(b, 0.05), (x, y), 10, torch.Generator().manual_seed(0))
    assert a.training and b.training
    assert torch.allclose(torch.tensor(la), torch.tensor(lb), atol=1e-5) and acc_a == acc_b
    for p, q in zip(a.parameters(), b.parameters()):
        assert torch.allclose(p, q, atol=1e-5)
