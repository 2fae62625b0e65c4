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


def test_parameter_table_sums_to_count():
    model = models.mlp([2, 2, 1], output_activation="sigmoid")
    rows = models.parameter_table(model)
    assert [r[1:] for r in rows] == [(4, 2, 6), (2, 1, 3)]
    assert isinstance(model[-1], nn.Sigmoid)


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
