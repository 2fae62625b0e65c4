import numpy as np
import pytest
import torch
from torch import nn

from helpers import models


def test_lecture_model_shape_and_count():
    model = models.mlp([784, 128, 10])
    kinds = [type(m) for m in model]
    assert kinds == [nn.Linear, nn.ReLU, nn.Linear]
    assert models.count_parameters(model) == 784 * 128 + 128 + 128 * 10 + 10 == 101_770
    assert models.count_parameters(models.mlp([2, 2, 1])) == 9


@pytest.mark.parametrize("make", [
    lambda: models.mlp([2, 2, 1], output_activation="sigmoid"),
    lambda: models.mlp([784, 128, 10]),
    lambda: models.mlp([5, 4, 3, 2, 1], activation="tanh"),
    lambda: nn.Sequential(nn.Linear(3, 4, bias=False), nn.ReLU(), nn.Linear(4, 2)),      # a layer without bias
    lambda: nn.Sequential(nn.Flatten(), nn.Linear(6, 5), nn.Sequential(nn.Linear(5, 3), nn.Tanh(), nn.Linear(3, 2))),
])
def test_parameter_table_sums_to_count(make):
    model = make()
    rows = models.parameter_table(model)
    # the other way: every module that holds parameters, its weight and bias counted by PyTorch
    layers = [(name, m) for name, m in model.named_modules() if any(True for _ in m.parameters(recurse=False))]
    assert [r[0] for r in rows] == [f"{name}: {type(m).__name__}" for name, m in layers]
    for (_, weights, biases, total), (_, m) in zip(rows, layers, strict=True):
        assert weights == m.weight.numel() == m.in_features * m.out_features
        assert biases == (0 if m.bias is None else m.bias.numel())
        assert total == weights + biases
    assert sum(r[3] for r in rows) == sum(p.numel() for p in model.parameters()) == models.count_parameters(model)


def test_parameter_table_of_the_lecture_net():
    rows = models.parameter_table(models.mlp([2, 2, 1], output_activation="sigmoid"))
    assert rows == [("0: Linear", 4, 2, 6), ("2: Linear", 2, 1, 3)]    # 2*2 weights + 2 biases, 2*1 + 1


def test_step_activation():
    # the lecture: step(z) = 1 if z > 0, 0 if z <= 0, so step(0) = 0
    out = models.Step()(torch.tensor([-1.0, 0.0, 1e-30, 2.0]))
    assert out.tolist() == [0.0, 0.0, 1.0, 1.0] and out.dtype == torch.float32


@pytest.mark.parametrize("z,want", [(-0.5, 0), (0, 0), (0.0, 0), (-0.0, 0), (1e-12, 1), (3, 1)])
def test_step_on_numbers(z, want):
    assert models.step(z) == want and type(models.step(z)) is int


def test_step_on_arrays_and_tensors_agrees_elementwise():
    z = np.array([[-2.0, 0.0], [0.5, -1e-9]])
    want = [[0, 0], [1, 0]]
    assert models.step(z).tolist() == want
    assert models.step(torch.tensor(z)).tolist() == want and models.step(torch.tensor(z)).dtype == torch.float64
    assert models.step(torch.tensor([[-2, 0], [3, -1]])).tolist() == want    # integers stay integers
    assert [models.step(float(v)) for v in z.ravel()] == sum(want, [])


@pytest.mark.parametrize("sizes", [[784], [], [3, 0, 2]])
def test_bad_sizes(sizes):
    with pytest.raises(ValueError, match="sizes"):
        models.mlp(sizes)


def test_unknown_activation():
    with pytest.raises(ValueError, match="choose one of"):
        models.mlp([2, 2], activation="swish")


def test_predict_classes():
    model = nn.Linear(3, 3, bias=False)
    with torch.no_grad():
        model.weight.copy_(torch.eye(3))
    x = torch.tensor([[0.0, 5.0, 1.0], [9.0, 0.0, 1.0]])
    assert models.predict_classes(model, x).tolist() == [1, 0]


@pytest.mark.parametrize("sizes", [[2, 2, 1], [784, 128, 10], [3, 1], [5, 4, 3, 2, 1]])
def test_parameter_formula_matches_pytorch(sizes):
    assert models.mlp_parameter_count(sizes) == models.count_parameters(models.mlp(sizes))
