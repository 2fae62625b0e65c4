import pytest
import torch
from torch import nn

from helpers import models, training


def blobs(n=200, seed=0):
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 2
    x = torch.randn(n, 2, generator=g) + 2.5 * (2 * y[:, None] - 1)
    return x, y


def test_batches_cover_every_example_once():
    x, y = torch.arange(10).float()[:, None], torch.arange(10)
    seen = torch.cat([yb for _, yb in training.batches(x, y, 3)])
    assert sorted(seen.tolist()) == list(range(10))
    sizes = [len(yb) for _, yb in training.batches(x, y, 3, shuffle=False)]
    assert sizes == [3, 3, 3, 1]


def test_batches_keep_pairs_together():
    x, y = torch.arange(20).float()[:, None], torch.arange(20)
    for xb, yb in training.batches(x, y, 7):
        assert torch.equal(xb[:, 0].long(), yb)


@pytest.mark.parametrize("size", [0, -1, 2.5, "64"])
def test_batches_bad_size(size):
    with pytest.raises(ValueError, match="batch_size"):
        list(training.batches(torch.zeros(4, 1), torch.zeros(4), size))


def test_fit_learns_and_records_history():
    torch.manual_seed(0)
    model = models.mlp([2, 8, 2])
    history = training.fit(model, blobs(), epochs=5, lr=0.1, batch_size=20, val=blobs(seed=1),
                           progress=False, verbose=False, device=torch.device("cpu"))
    assert len(history.train_loss) == 5 and len(history.val_acc) == 5
    assert len(history.step_loss) == 5 * 10
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.val_acc[-1] > 0.95


def test_fit_is_reproducible():
    def run():
        torch.manual_seed(0)
        model = models.mlp([2, 8, 2])
        return training.fit(model, blobs(), epochs=2, progress=False, verbose=False).train_loss
    assert run() == run()


def test_nan_loss_raises_with_advice():
    model = models.mlp([2, 8, 2])
    x, y = blobs()
    with pytest.raises(training.TrainingDiverged, match="learning rate is probably too large"):
        training.fit(model, (x * 1e6, y), epochs=3, lr=1e6, progress=False, verbose=False)


def test_nan_loss_can_stop_instead(capsys):
    model = models.mlp([2, 8, 2])
    x, y = blobs()
    history = training.fit(model, (x * 1e6, y), epochs=3, lr=1e6, on_nan="stop", progress=False)
    assert history.diverged and "too large" in history.diverged
    assert "Training stopped" in capsys.readouterr().out


def test_early_stopping_restores_best_weights():
    torch.manual_seed(0)
    x, y = blobs(40)
    xv, yv = blobs(200, seed=3)
    yv = 1 - yv          # a validation set the model can only get worse on
    model = models.mlp([2, 16, 2])
    history = training.fit(model, (x, y), val=(xv, yv), epochs=30, lr=0.5, patience=2,
                           progress=False, verbose=False)
    assert len(history.val_loss) < 30
    best = history.best_epoch
    assert history.val_loss[best - 1] == min(history.val_loss)
    restored, _ = training.evaluate(model, (xv, yv))
    assert restored == pytest.approx(min(history.val_loss), rel=1e-5)


def test_evaluate_binary_logits():
    model = nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(1.0)
        model.bias.fill_(0.0)
    x = torch.tensor([[-2.0], [-1.0], [1.0], [3.0]])
    y = torch.tensor([0.0, 1.0, 1.0, 1.0])
    _, acc = training.evaluate(model, (x, y[:, None]), nn.BCEWithLogitsLoss())
    assert acc == 0.75


@pytest.mark.parametrize("train,match", [([1, 2], "tensors"), ((torch.zeros(3, 2), torch.zeros(4)), "match"),
                                         (torch.zeros(3), "pair")])
def test_fit_bad_data_is_explained(train, match):
    with pytest.raises((TypeError, ValueError), match=match):
        training.fit(models.mlp([2, 2]), train, progress=False)


def test_progress_bar_runs():
    model = models.mlp([2, 4, 2])
    history = training.fit(model, blobs(), epochs=1, progress=True, verbose=False)
    assert len(history.train_loss) == 1
