"""The training helpers added for notebooks 08-10: progress,
examples_per_second, fit_function (and progress bars honouring TQDM_DISABLE)."""
import math
import time
import types

import pytest
import torch

from helpers import models, training

CPU = torch.device("cpu")


def blobs(n=200, seed=0):
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 2
    x = torch.randn(n, 2, generator=g) + 2.5 * (2 * y[:, None] - 1)
    return x, y


# ---------------------------------------------------------------- progress bars

@pytest.mark.parametrize("value", ["1", "true", "True", " yes "])
def test_progress_is_off_when_tqdm_disable_is_set(monkeypatch, capfd, value):
    monkeypatch.setenv("TQDM_DISABLE", value)
    items = range(3)
    assert training.progress(items, 3, "x") is items
    assert training._progress(items, 3, "x", True) is items
    assert capfd.readouterr() == ("", "")


@pytest.mark.parametrize("value", [None, "", "0", "false"])
def test_progress_shows_a_bar_otherwise(monkeypatch, capfd, value):
    if value is None:
        monkeypatch.delenv("TQDM_DISABLE", raising=False)
    else:
        monkeypatch.setenv("TQDM_DISABLE", value)
    seen = []
    for item in training.progress(iter("abc"), 3, "counting"):
        seen.append(item)
        time.sleep(0.12)              # longer than tqdm's mininterval (0.1 s): each step is redrawn
    assert seen == ["a", "b", "c"]
    err = capfd.readouterr().err
    assert "counting" in err and "3/3" in err and "0/3" in err
    items = range(3)
    assert training._progress(items, 3, "x", False) is items          # progress=False: no bar
    assert capfd.readouterr() == ("", "")


# ---------------------------------------------------------------- examples_per_second

def test_examples_per_second_is_steps_times_batch_over_the_timed_seconds(monkeypatch):
    # a fake clock: each reading of perf_counter adds 1 s, each forward pass 0.125 s (exact in binary)
    clock = {"now": 0.0}

    def perf_counter():
        clock["now"] += 1.0
        return clock["now"]

    def forward_takes_time(module, inputs, output):
        clock["now"] += 0.125
    monkeypatch.setattr(training, "time", types.SimpleNamespace(perf_counter=perf_counter))
    torch.manual_seed(0)
    model = models.mlp([2, 16, 2])
    model.register_forward_hook(forward_takes_time)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    sizes, examples, min_batches = [1, 8, 50, 200], 64, 3
    rates = training.examples_per_second(model, blobs(), sizes, examples=examples, min_batches=min_batches,
                                         lr=0.5, device=CPU)
    steps = [max(min_batches, examples // b) for b in sizes]                # 64, 8, 3, 3: the warm-up not timed
    assert rates == [n * b / (n * 0.125 + 1.0) for n, b in zip(steps, sizes)]
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())   # weights put back


def test_examples_per_second_runs_the_promised_steps():
    calls = []
    model = models.mlp([2, 4, 2])
    model.register_forward_hook(lambda module, inputs, output: calls.append(len(inputs[0])))
    training.examples_per_second(model, blobs(), [4, 100], examples=40, min_batches=3, device=CPU)
    # batch 4: a warm-up step, then 40 // 4 = 10 timed steps; batch 100: warm-up, then 3 (min_batches)
    assert calls == [4] * 11 + [100] * 4


@pytest.mark.parametrize("sizes", [[], [0], [2.5], [1000]])
def test_examples_per_second_bad_sizes(sizes):
    with pytest.raises(ValueError, match="batch_sizes"):
        training.examples_per_second(models.mlp([2, 4, 2]), blobs(), sizes, device=CPU)


# ---------------------------------------------------------------- fit_function

def test_fit_function_fits_a_line():
    x = torch.linspace(-1, 1, 50)[:, None]
    y = 3 * x - 1
    torch.manual_seed(0)
    model = torch.nn.Linear(1, 1)
    mse = training.fit_function(model, x, y, steps=500, lr=0.1)
    assert mse < 1e-4
    assert model.weight.item() == pytest.approx(3, abs=0.02) and model.bias.item() == pytest.approx(-1, abs=0.02)
    with torch.no_grad():
        assert mse == pytest.approx(((model(x) - y) ** 2).mean().item())


def test_fit_function_lowers_the_error_of_a_relu_net():
    x = torch.linspace(-math.pi, math.pi, 100)[:, None]
    y = torch.sin(x)
    torch.manual_seed(0)
    model = models.mlp([1, 16, 1])
    with torch.no_grad():
        start = ((model(x) - y) ** 2).mean().item()
    assert training.fit_function(model, x, y, steps=300) < 0.2 * start


def test_fit_function_bad_input():
    model = models.mlp([1, 4, 1])
    x = torch.zeros(10, 1)
    with pytest.raises(ValueError, match="same shape"):
        training.fit_function(model, x, torch.zeros(10, 3))
    with pytest.raises(ValueError, match="must match"):
        training.fit_function(model, x, torch.zeros(9, 1))
    with pytest.raises(TypeError):
        training.fit_function(model, [[0.0]], torch.zeros(1, 1))
    with pytest.raises(ValueError, match="steps"):
        training.fit_function(model, x, torch.zeros(10, 1), steps=0)


def test_fit_function_stops_on_nan():
    x = torch.linspace(-1, 1, 10)[:, None]
    with pytest.raises(training.TrainingDiverged, match="10 times smaller"):
        training.fit_function(models.mlp([1, 4, 1]), x * 1e30, x)      # squares overflow to infinity


def test_fit_function_refuses_nan_targets_instead_of_blaming_the_rate():
    x = torch.linspace(-1, 1, 10)[:, None]
    with pytest.raises(ValueError, match="y must hold finite floating-point numbers"):
        training.fit_function(models.mlp([1, 4, 1]), x, torch.full((10, 1), float("nan")))


def test_examples_per_second_takes_a_device_name():
    torch.manual_seed(0)
    rates = training.examples_per_second(models.mlp([2, 4, 2]), blobs(), [4, 20], examples=40, device="cpu")
    assert len(rates) == 2 and all(math.isfinite(r) and r > 0 for r in rates)
    with pytest.raises(ValueError, match="not 'gpu'"):
        training.examples_per_second(models.mlp([2, 4, 2]), blobs(), [4], device="gpu")
