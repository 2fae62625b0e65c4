"""helpers.runtime and helpers.start: seeds, the device, versions, reading a number."""
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import helpers
from helpers import plots, runtime

ROOT = Path(__file__).resolve().parent.parent


def test_seed_everything_repeats():
    runtime.seed_everything(3)
    a = (torch.rand(2), np.random.rand(2))
    runtime.seed_everything(3)
    b = (torch.rand(2), np.random.rand(2))
    assert torch.equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@pytest.fixture
def chosen():
    """Lets a test choose the device, and forgets the choice afterwards."""
    yield runtime.choose_device
    runtime.choose_device(None)


def test_the_device_is_the_one_chosen_else_the_gpu_when_there_is_one(chosen, monkeypatch):
    assert runtime.device() == torch.device("cpu")                 # the tests hide the GPU
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    assert runtime.device() == torch.device("cuda")
    assert chosen(" CPU ") == runtime.device() == torch.device("cpu")
    assert chosen("cuda:1") == runtime.device() == torch.device("cuda", 1)
    with pytest.raises(RuntimeError, match="device='cuda:2' but PyTorch sees 2 GPU\\(s\\), numbered from 0: use cuda:0 "
                                           "to cuda:1"):
        chosen("cuda:2")
    assert runtime.device() == torch.device("cuda", 1)             # a refused choice changes nothing
    assert chosen(None) == torch.device("cuda")


@pytest.mark.parametrize("name, hint", [("gpu", " (for a GPU write 'cuda')"), ("cdua", ""), ("mps", ""),
                                        ("tpu:0", ""), ("", ""), (3, "")])
def test_an_unknown_device_is_an_error_that_says_what_to_write(chosen, name, hint):
    with pytest.raises(ValueError) as err:
        chosen(name)
    assert str(err.value) == (f"device={name!r} is not a device the course trains on: write 'cpu' or 'cuda'{hint}, "
                              "or leave it out to use the GPU when there is one.")


def test_cuda_without_a_gpu_says_to_leave_it_out(chosen, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match="device='cuda' but PyTorch sees no CUDA GPU: leave it out"):
        chosen("cuda")


def test_tested_versions_match_requirements():
    pins = dict(re.findall(r"^([\w-]+)==([\w.]+)", (ROOT / "requirements.txt").read_text(), re.M))
    for name, version in runtime.TESTED_WITH.items():
        assert pins[name] == version, f"{name}: requirements.txt pins {pins[name]}, runtime says {version}"


def test_check_environment_reports(capsys, monkeypatch):
    found = runtime.versions()
    assert runtime.check_environment() is True
    out = capsys.readouterr().out
    for name, tested in runtime.TESTED_WITH.items():         # each package: installed, tested, verdict
        verdict = "ok" if found[name] == tested else "differs"
        row = r"\s+".join(re.escape(word) for word in (name, found[name], tested, verdict))
        assert re.search(rf"^{row}$", out, re.M), (name, out)
    monkeypatch.setattr(runtime, "versions", lambda: {**found, "torch": "missing"})
    assert runtime.check_environment() is False              # a missing package is reported as such
    assert re.search(r"^torch\s+missing\s+\S+\s+MISSING$", capsys.readouterr().out, re.M)


def test_start_seeds_styles_chooses_the_device_and_says_so(capsys, chosen):
    matplotlib.rcdefaults()
    device = helpers.start(seed=1, device="cpu")
    first = torch.rand(3), np.random.rand(3)
    assert device == runtime.device() == torch.device("cpu")
    assert capsys.readouterr().out == "helpers ready: seed 1, device cpu\n"
    assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"] == list(plots.PALETTE)   # the course style
    helpers.start(seed=1)
    assert torch.equal(torch.rand(3), first[0]) and np.array_equal(np.random.rand(3), first[1])
    helpers.start(seed=2)
    assert not torch.equal(torch.rand(3), first[0])
    with pytest.raises(ValueError, match="device='gpu' is not a device"):
        helpers.start(device="gpu")


def test_lazy_submodules_and_unknown_attribute():
    assert helpers.data.load_mnist and helpers.lecture.step
    with pytest.raises(AttributeError, match="module 'helpers' has no attribute 'nope'"):
        _ = helpers.nope


@pytest.mark.parametrize("value", [2, -0.5, np.float32(2.5), np.int64(3), torch.tensor(-1.0),
                                   torch.tensor([[4.0]]), np.array([1.5])])
def test_finite_number_reads_any_single_number(value):
    assert runtime.finite_number(value, "w1") == float(np.asarray(value).reshape(-1)[0])


@pytest.mark.parametrize("value,error,words", [
    ("1", TypeError, "w1 should be a number such as 1"), (True, TypeError, "not True"),
    (torch.tensor([1.0, 2.0]), TypeError, "should be a number"), (None, TypeError, "not None"),
    (float("nan"), ValueError, "w1 is nan: use an ordinary finite number"),
    (torch.tensor(float("inf")), ValueError, "inf")])
def test_finite_number_explains_what_it_cannot_read(value, error, words):
    with pytest.raises(error, match=words):
        runtime.finite_number(value, "w1")


@pytest.mark.parametrize("values", [[1, 2.5], np.array([[1.0], [2.5]]), torch.tensor([1.0, 2.5], requires_grad=True)])
def test_float_array_reads_lists_arrays_and_tensors(values):
    out = runtime.float_array(values, "scores")
    assert isinstance(out, np.ndarray) and out.dtype == np.float64 and out.ravel().tolist() == [1.0, 2.5]


@pytest.mark.parametrize("values", ["abc", [1, "b"], None, {"a": 1}])
def test_float_array_explains_what_it_cannot_read(values):
    with pytest.raises(TypeError, match="scores should be numbers"):
        runtime.float_array(values, "scores")


def test_the_environment_check_covers_every_package_the_helpers_import():
    """A package that helpers imports (anywidget for every course widget, say) but the check
    leaves out would pass notebook 00 and then fail in a later notebook."""
    import ast

    pins = set(re.findall(r"^([\w-]+)==", (ROOT / "requirements.txt").read_text(), re.M))
    imported = set()
    for path in (ROOT / "helpers").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            imported |= {n.split(".")[0] for n in names}
    needed = {name for name in pins if name.replace("-", "_") in imported}
    assert needed and needed <= set(runtime.TESTED_WITH), needed - set(runtime.TESTED_WITH)
