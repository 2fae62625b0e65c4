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


def test_progress_bar_shows_each_epoch_and_changes_nothing_else(monkeypatch, capfd):
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    runs = []
    for progress in (True, False):
        torch.manual_seed(0)
        model = models.mlp([2, 4, 2])
        history = training.fit(model, blobs(), epochs=2, batch_size=20, progress=progress, verbose=False,
                               device="cpu")
        runs.append((history, model, capfd.readouterr().err))
    (with_bar, model_a, err_a), (without, model_b, err_b) = runs
    assert "epoch 1/2" in err_a and "epoch 2/2" in err_a and "0/10" in err_a     # 200 examples / 20 a batch
    assert err_b == ""
    assert with_bar.step_loss == without.step_loss and with_bar.train_acc == without.train_acc
    assert all(torch.equal(p, q) for p, q in zip(model_a.parameters(), model_b.parameters()))


# ------------------------------------------------ every bad input gets one message (issue 15)

def images(n=20, dtype=torch.float32):
    g = torch.Generator().manual_seed(0)
    return (torch.rand(n, 28, 28, generator=g) * 255).to(dtype), torch.randint(0, 10, (n,), generator=g)


def run_fit(train, **kwargs):
    torch.manual_seed(0)
    model = models.mlp([784, 8, 10])
    before = [p.clone() for p in model.parameters()]
    settings = dict(epochs=1, progress=False, verbose=False, device="cpu")
    try:
        return training.fit(model, train, **{**settings, **kwargs})
    finally:
        changed = any(not torch.equal(a, b) for a, b in zip(before, model.parameters()))
        run_fit.trained = changed


def flat(x):
    return x.reshape(len(x), -1)


@pytest.mark.parametrize("case, match", [
    ("empty train", "train is empty \\(0 examples\\)"),
    ("batch_size 0", "batch_size must be a whole number >= 1, not 0"),
    ("lr text", "lr \\(the learning rate\\) must be a number > 0 such as 0.01, not '0.1'"),
    ("lr None", "must be a number > 0 such as 0.01, not None"),
    ("lr negative", "not -0.1: a negative rate climbs the loss"),
    ("val NaN with patience", "val: 1 input values are NaN or infinite .* first is example 3"),
    ("train NaN pixel", "train: 1 input values are NaN or infinite"),
    ("val 28x28", "val: the model's first layer takes 784 values per example, but the inputs have shape "
                  "\\(20, 28, 28\\).*x.reshape\\(len\\(x\\), -1\\)"),
    ("train uint8", "train: the inputs are torch.uint8, .*x.float\\(\\) / 255"),
    ("val uint8", "val: the inputs are torch.uint8"),
    ("val one-hot", "val: the labels are torch.float32 of shape \\(20, 10\\) \\(one-hot rows\\?\\).*y.argmax\\(1\\)"),
    ("labels -100", "train: the labels must be class numbers from 0 to 9 .* e.g. -100"),
    ("patience without val", "patience \\(early stopping\\) needs validation data"),
    ("device gpu", "device must be 'cpu', 'cuda' or a torch.device, not 'gpu'"),
    ("optimizer text", "optimizer must be a torch.optim optimizer"),
])
def test_fit_refuses_bad_input_before_training_with_one_message(case, match):
    x, y = images()
    good = (flat(x) / 255, y)
    nan_x = good[0].clone()
    nan_x[3, 100] = float("nan")
    labels = y.clone()
    labels[2] = -100
    call = {
        "empty train": lambda: run_fit((good[0][:0], y[:0])),
        "batch_size 0": lambda: run_fit(good, batch_size=0),
        "lr text": lambda: run_fit(good, lr="0.1"),
        "lr None": lambda: run_fit(good, lr=None),
        "lr negative": lambda: run_fit(good, lr=-0.1),
        "val NaN with patience": lambda: run_fit(good, val=(nan_x, y), patience=2),
        "train NaN pixel": lambda: run_fit((nan_x, y)),
        "val 28x28": lambda: run_fit(good, val=(x / 255, y)),
        "train uint8": lambda: run_fit((flat(x).to(torch.uint8), y)),
        "val uint8": lambda: run_fit(good, val=(flat(x).to(torch.uint8), y)),
        "val one-hot": lambda: run_fit(good, val=(good[0], nn.functional.one_hot(y, 10).float())),
        "labels -100": lambda: run_fit((good[0], labels)),
        "patience without val": lambda: run_fit(good, patience=2),
        "device gpu": lambda: run_fit(good, device="gpu"),
        "optimizer text": lambda: run_fit(good, optimizer="sgd"),
    }[case]
    with pytest.raises((TypeError, ValueError), match=match) as err:
        call()
    assert not run_fit.trained, "the model was changed before the bad input was refused"
    message = str(err.value)
    assert "model.to(torch.uint8)" not in message and "learning rate is probably" not in message


@pytest.mark.parametrize("data, match", [
    (lambda x, y: (x / 255, y), "first layer takes 784 values per example"),
    (lambda x, y: (flat(x).to(torch.uint8), y), "torch.uint8, .*x.float\\(\\) / 255"),
    (lambda x, y: (flat(x) / 255, nn.functional.one_hot(y, 10).float()), "y.argmax\\(1\\)"),
    (lambda x, y: (flat(x)[:0], y[:0]), "data is empty"),
])
def test_evaluate_refuses_bad_data_with_one_message(data, match):
    with pytest.raises((TypeError, ValueError), match=match):
        training.evaluate(models.mlp([784, 8, 10]), data(*images()))


def test_a_nan_validation_loss_never_counts_as_best():
    torch.manual_seed(0)
    model = models.mlp([2, 2])
    stopper = training.EarlyStopping(model, patience=2)
    assert [stopper.update(e, float("nan")) for e in (1, 2)] == [False, True]
    assert stopper.best_epoch is None
    stopper.restore()                                     # nothing to restore: no error
    assert stopper.update(3, 0.5) is False and stopper.best_epoch == 3


def test_fit_with_a_string_device_trains():
    history = run_fit((flat(images()[0]) / 255, images()[1]), device="cpu")
    assert len(history.train_loss) == 1 and run_fit.trained
