"""helpers.training: mini-batches, the progress bar, History and `fit`. fit is checked
against the loops the notebooks write with `lecture.train_epoch`, `lecture.evaluate` and
`lecture.EarlyStopping` (08 and 09): the same seed gives the same weights, bit for bit."""
import copy

import pytest
import torch
from torch import nn

from helpers import lecture, models, training


def blobs(n=200, seed=0, classes=2):
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % classes
    return torch.randn(n, 2, generator=g) + 2.5 * (2 * y[:, None] - 1), y


METRICS = ("train_loss", "train_acc", "val_loss", "val_acc")


def metrics(history):
    return {k: history[k] for k in METRICS}


def same_weights(a, b):
    return all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values(), strict=True))


# ---------------------------------------------------------------- batches and the progress bar

def test_batches_cover_every_example_once_and_keep_pairs_together():
    x, y = torch.arange(10).float()[:, None], torch.arange(10)
    shuffled = list(training.batches(x, y, 3, generator=torch.Generator().manual_seed(0)))
    assert [len(yb) for _, yb in shuffled] == [3, 3, 3, 1]
    assert sorted(torch.cat([yb for _, yb in shuffled]).tolist()) == list(range(10))
    assert all(torch.equal(xb[:, 0].long(), yb) for xb, yb in shuffled)
    order = torch.randperm(10, generator=torch.Generator().manual_seed(0))      # the same shuffle by hand
    assert [yb.tolist() for _, yb in shuffled] == [idx.tolist() for idx in order.split(3)]


@pytest.mark.parametrize("size", [0, -1, 2.5, "64", True])
def test_batches_refuse_a_bad_batch_size_and_unmatched_labels(size):
    with pytest.raises(ValueError, match=f"batch_size must be a whole number >= 1, not {size!r}"):
        list(training.batches(torch.zeros(4, 1), torch.zeros(4), size))
    with pytest.raises(ValueError, match="x has 4 rows but y has 3: every example needs one label"):
        list(training.batches(torch.zeros(4, 1), torch.zeros(3), 2))


@pytest.mark.parametrize("value", [None, "", "0", "false", "1", "true", " yes "])
def test_the_progress_bar_shows_unless_tqdm_disable_is_set_and_changes_no_batch(monkeypatch, capfd, value):
    monkeypatch.setattr(training, "PROGRESS_DELAY", 0)         # these loops are too quick to wait for
    if value is None:
        monkeypatch.delenv("TQDM_DISABLE", raising=False)
    else:
        monkeypatch.setenv("TQDM_DISABLE", value)
    x, y = torch.arange(8).float()[:, None], torch.arange(8)
    shown = list(training.batches(x, y, 2, generator=torch.Generator().manual_seed(1), progress="epoch 1"))
    err = capfd.readouterr().err
    plain = list(training.batches(x, y, 2, generator=torch.Generator().manual_seed(1)))
    assert [yb.tolist() for _, yb in shown] == [yb.tolist() for _, yb in plain]
    if value in (None, "", "0", "false"):
        assert "epoch 1" in err and "0/4" in err
    else:
        assert err == ""
    assert capfd.readouterr() == ("", "")                     # no progress argument: no bar at all


def test_history_reads_as_attributes_and_adds_an_epoch():
    h = training.History()
    h.add(train=(1.0, 0.5))
    h.add(train=(0.5, 0.75), val=(0.6, 0.7))
    assert h.train_loss == h["train_loss"] == [1.0, 0.5] and h.train_acc == [0.5, 0.75]
    assert h.val_loss == [0.6] and h.val_acc == [0.7] and h.best_epoch is None and h.diverged is None
    with pytest.raises(AttributeError):
        _ = h.test_loss


# ---------------------------------------------------------------- fit = the notebooks' loops

def test_fit_is_notebook_08s_loop_and_measures_every_epoch_with_evaluate():
    train, val = blobs(), blobs(60, seed=1)
    torch.manual_seed(0)
    model = models.mlp([2, 8, 2])
    twin = copy.deepcopy(model)
    torch.manual_seed(5)
    history = training.fit(model, train, epochs=3, lr=0.1, batch_size=32, val=val)

    torch.manual_seed(5)                                       # fit shuffles with the global generator
    optimizer, steps, measured = torch.optim.SGD(twin.parameters(), lr=0.1), [], training.History()
    for _ in range(3):
        batches = [(train[0][idx], train[1][idx]) for idx in torch.randperm(200).split(32)]
        steps += lecture.train_epoch(twin, batches, nn.functional.cross_entropy, optimizer)
        measured.add(train=lecture.evaluate(twin, *train), val=lecture.evaluate(twin, *val))
    assert same_weights(model, twin)
    assert history.step_loss == steps and len(steps) == 3 * 7               # 200 examples in batches of 32
    assert metrics(history) == metrics(measured)
    assert history.train_loss[-1] < history.train_loss[0] and history.val_acc[-1] > 0.95
    assert history.best_epoch is None and history.diverged is None


def test_fit_steps_with_the_optimizer_it_is_given():
    train = blobs(100, classes=3)
    torch.manual_seed(0)
    model = models.mlp([2, 6, 3], "tanh")
    twin = copy.deepcopy(model)
    torch.manual_seed(1)
    training.fit(model, train, epochs=2, batch_size=25, optimizer=torch.optim.Adam(model.parameters(), lr=0.01))
    torch.manual_seed(1)
    optimizer = torch.optim.Adam(twin.parameters(), lr=0.01)
    for _ in range(2):
        lecture.train_epoch(twin, training.batches(*train, 25), nn.functional.cross_entropy, optimizer)
    assert same_weights(model, twin)


def early_stopping_by_hand(model, train, val, patience, max_epochs=30, lr=0.1, batch_size=16):
    """Notebook 09's loop, as the notebook writes it."""
    stopper = lecture.EarlyStopping(model, patience)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    history = training.History()
    for epoch in range(1, max_epochs + 1):
        lecture.train_epoch(model, training.batches(*train, batch_size), nn.functional.cross_entropy, optimizer)
        history.add(train=lecture.evaluate(model, *train), val=lecture.evaluate(model, *val))
        if stopper.should_stop(epoch, history.val_loss[-1]):
            break
    model.load_state_dict(stopper.best_weights)
    history.best_epoch = stopper.best_epoch
    return history


def test_fit_with_patience_is_notebook_09s_early_stopping_and_keeps_the_best_weights():
    train = blobs(40)
    xv, yv = blobs(200, seed=3)
    val = (xv, 1 - yv)                        # a validation set the model can only get worse on
    torch.manual_seed(0)
    model = models.mlp([2, 16, 2])
    twin = copy.deepcopy(model)
    torch.manual_seed(2)
    history = training.fit(model, train, val=val, epochs=30, lr=0.5, batch_size=16, patience=2)
    torch.manual_seed(2)
    by_hand = early_stopping_by_hand(twin, train, val, patience=2, lr=0.5)
    assert same_weights(model, twin)
    assert metrics(history) == metrics(by_hand)
    assert history.best_epoch == by_hand.best_epoch and len(history.val_loss) == history.best_epoch + 2 < 30
    assert lecture.evaluate(model, *val)[0] == history.val_loss[history.best_epoch - 1] == min(history.val_loss)


def test_a_nan_loss_stops_fit_with_advice_printed_and_kept(capsys):
    x, y = blobs()
    torch.manual_seed(0)
    model = models.mlp([2, 8, 2])
    history = training.fit(model, (x * 1e6, y), epochs=3, lr=1e6, patience=None)
    message = ("Training stopped at epoch 1: the loss became nan. The learning rate is probably too large "
               "(lr=1e+06); try one 10 times smaller.")
    assert history.diverged == message and capsys.readouterr().out == message + "\n"
    assert history.train_loss == [] and len(history.step_loss) == 4            # the epoch's 4 updates, then stop


def test_a_quick_loop_shows_no_progress_bar(monkeypatch, capfd):
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    training.fit(models.mlp([2, 4, 2]), blobs(), epochs=2, batch_size=20)
    assert capfd.readouterr().err == ""


def test_the_progress_bar_shows_each_epoch_and_changes_nothing_else(monkeypatch, capfd):
    monkeypatch.setattr(training, "PROGRESS_DELAY", 0)
    runs = []
    for disabled in ("1", ""):
        monkeypatch.setenv("TQDM_DISABLE", disabled)
        torch.manual_seed(0)
        model = models.mlp([2, 4, 2])
        runs.append((model, training.fit(model, blobs(), epochs=2, batch_size=20), capfd.readouterr().err))
    (quiet, h_quiet, err_quiet), (shown, h_shown, err_shown) = runs
    assert err_quiet == "" and "epoch 1/2" in err_shown and "epoch 2/2" in err_shown and "0/10" in err_shown
    assert same_weights(quiet, shown) and h_quiet == h_shown


# ---------------------------------------------------------------- every bad input gets one message

def images(n=20):
    g = torch.Generator().manual_seed(0)
    return torch.rand(n, 28, 28, generator=g), torch.randint(0, 10, (n,), generator=g)


def fit_refused(make_train, **kwargs):
    """fit's message for the bad input, checking that nothing was trained before it."""
    torch.manual_seed(0)
    model = models.mlp([784, 8, 10])
    untouched = copy.deepcopy(model)
    x, y = images()
    with pytest.raises((TypeError, ValueError)) as err:
        training.fit(model, make_train(x.reshape(20, 784), y, x), **{"epochs": 1, **kwargs})
    assert same_weights(model, untouched) and model.training
    return str(err.value)


def good(flat, y, x):
    return flat, y


def with_nan(flat, y, x):
    flat = flat.clone()
    flat[3, 100] = float("nan")
    flat[7, 5] = float("inf")
    return flat, y


def with_label(label):
    def make(flat, y, x):
        y = y.clone()
        y[2] = label
        return flat, y
    return make


@pytest.mark.parametrize("make_train, kwargs, message", [
    (lambda f, y, x: f, {}, "train must be a pair (inputs, labels) of tensors, e.g. mnist.train; got Tensor."),
    (lambda f, y, x: (f.tolist(), y), {}, "train must hold torch tensors, got list and Tensor: convert them with "
                                          "torch.as_tensor(...)."),
    (lambda f, y, x: (f[:0], y[:0]), {}, "train: inputs of shape (0, 784) and labels of shape (0,); give one row "
                                         "and one label per example, at least one example."),
    (lambda f, y, x: (f, y[:19]), {}, "train: inputs of shape (20, 784) and labels of shape (19,)"),
    (lambda f, y, x: ((255 * f).to(torch.uint8), y), {},
     "train: the inputs are torch.uint8, but a network computes with floating-point numbers (pixel values "
     "0-255?): use x.float() / 255."),
    (lambda f, y, x: (f.long(), y), {}, "train: the inputs are torch.int64, but a network computes with "
                                        "floating-point numbers: use x.float()."),
    (with_nan, {}, "train: 2 examples hold NaN or infinite inputs, the first is example 3. Remove them or replace "
                   "the values, e.g. torch.nan_to_num(x)."),
    (good, {"val": (torch.zeros(20, 28, 28), torch.zeros(20, dtype=torch.long))},
     "val: the model's first layer takes 784 values per example, but the inputs have shape (20, 28, 28). Give one "
     "row of 784 values per example (e.g. x.reshape(len(x), -1)) or build the model with models.mlp([784, ...])."),
    (lambda f, y, x: (f.double(), y), {}, "train: the inputs are torch.float64 but the model's weights are "
                                          "torch.float32: convert the inputs with x.to(torch.float32)."),
    (lambda f, y, x: (f, nn.functional.one_hot(y, 10).float()), {},
     "train: the labels are torch.float32 of shape (20, 10); cross-entropy takes one whole class number per "
     "example, shape (N,) (one-hot rows?): use y.argmax(1)."),
    (lambda f, y, x: (f, y.float()), {}, "train: the labels are torch.float32 of shape (20,); cross-entropy takes "
                                         "one whole class number per example, shape (N,), e.g. y.long()."),
    (with_label(-100), {}, "train: the labels must be class numbers from 0 to 9 (the model has 10 outputs), but 1 "
                           "are not, e.g. -100."),
    (with_label(10), {}, "but 1 are not, e.g. 10."),
    (good, {"epochs": 0}, "epochs must be a whole number >= 1, not 0."),
    (good, {"batch_size": 2.5}, "batch_size must be a whole number >= 1, not 2.5."),
    (good, {"val": (torch.zeros(2, 784), torch.zeros(2, dtype=torch.long)), "patience": True},
     "patience must be a whole number >= 1, not True."),
    (good, {"lr": "0.1"}, "lr (the learning rate) must be a number > 0 such as 0.01, not '0.1'."),
    (good, {"lr": None}, "must be a number > 0 such as 0.01, not None."),
    (good, {"lr": float("nan")}, "must be a number > 0 such as 0.01, not nan."),
    (good, {"lr": -0.1}, "not -0.1: a negative rate climbs the loss instead of descending it."),
    (good, {"optimizer": "adam"}, "optimizer must be a torch.optim optimizer, e.g. torch.optim.Adam("
                                  "model.parameters(), lr=0.001), not str."),
    (good, {"patience": 2}, "patience (early stopping) needs validation data: pass val=(x, y) too."),
])
def test_fit_refuses_bad_input_with_one_message_before_training(make_train, kwargs, message):
    assert message in fit_refused(make_train, **kwargs)


def test_fit_refuses_a_model_it_cannot_train():
    with pytest.raises(TypeError, match=r"model must be a torch.nn.Module \(e.g. models.mlp\(\[784, 128, 10\]\)\), "
                                        "not str"):
        training.fit("mlp", blobs())
    with pytest.raises(ValueError, match="The model has no parameters to train"):
        training.fit(nn.ReLU(), blobs())


class ExplodesLater(torch.optim.SGD):
    """Plain SGD for `calm` steps, then a learning rate so large that the loss becomes NaN."""

    def __init__(self, params, calm):
        super().__init__(params, lr=0.1)
        self.calm, self.steps = calm, 0

    def step(self, closure=None):
        self.steps += 1
        if self.steps > self.calm:
            self.param_groups[0]["lr"] = 1e30
        return super().step(closure)


def test_a_nan_after_a_good_epoch_puts_back_the_best_epochs_weights_when_stopping_early(capsys):
    torch.manual_seed(0)
    model = models.mlp([2, 4, 2])
    history = training.fit(model, blobs(), epochs=4, batch_size=20, optimizer=ExplodesLater(model.parameters(), 10),
                           val=blobs(), patience=3)
    assert history.diverged and "Training stopped at epoch 2" in capsys.readouterr().out
    assert history.best_epoch == 1 and len(history.val_loss) == 1
    assert all(torch.isfinite(p).all() for p in model.parameters())
    assert lecture.evaluate(model, *blobs())[0] == pytest.approx(history.val_loss[0])     # epoch 1's weights
