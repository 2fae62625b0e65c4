"""helpers.models: the one activation registry, `mlp`, parameter counts and predictions.
Each activation is checked two ways (its layer and its tensor function, and against
its formula), and every helper that offers activations reads the registry."""
import re

import pytest
import torch
from torch import nn

import helpers.widgets.playground_model as P
from helpers import models, widgets

NAMES = models.ACTIVATION_NAMES


# ---------------------------------------------------------------- the registry

def _z():
    # both signs, zero, tiny and large values, in float32 and float64
    z = torch.cat([torch.randn(200, generator=torch.Generator().manual_seed(0)) * 4,
                   torch.tensor([0.0, -0.0, 1e-30, -1e-30, 30.0, -30.0])])
    return [z, z.double()]


@pytest.mark.parametrize("name", NAMES)
def test_layer_and_function_give_the_same_values_and_gradients(name):
    entry = models.ACTIVATIONS[name]
    for z in _z():
        assert torch.equal(entry.module()(z), entry.fn(z)) and entry.module()(z).dtype == z.dtype
        z1, z2 = z.clone().requires_grad_(True), z.clone().requires_grad_(True)
        out1, out2 = entry.module()(z1), entry.fn(z2)
        if name == "step":                                           # no gradient path at all
            assert not out1.requires_grad and not out2.requires_grad
            continue
        out1.sum().backward()
        out2.sum().backward()
        assert torch.equal(z1.grad, z2.grad)


def test_the_registry_holds_the_lecture_activations():
    z = torch.tensor([-2.0, 0.0, 1e-30, 0.5])
    by_formula = {"step": torch.tensor([0.0, 0.0, 1.0, 1.0]), "sigmoid": 1 / (1 + torch.exp(-z)),   # step(0) = 0
                  "tanh": (torch.exp(z) - torch.exp(-z)) / (torch.exp(z) + torch.exp(-z)),
                  "relu": torch.maximum(z, torch.zeros(())), "identity": z}
    assert tuple(by_formula) == NAMES
    for name, want in by_formula.items():
        assert torch.allclose(models.activation(name).fn(z), want, atol=1e-6), name


@pytest.mark.parametrize("given,name", [("linear", "identity"), ("Linear", "identity"), ("ReLU", "relu"),
                                        ("TANH", "tanh"), *[(n, n) for n in NAMES]])
def test_lookup_resolves_aliases_and_case(given, name):
    assert models.activation_name(given) == name
    assert models.activation(given) is models.ACTIVATIONS[name]


@pytest.mark.parametrize("bad", ["gelu", "softmax", "Relu6", "", None, 3, ["relu"]])
def test_unknown_activation_names_every_choice(bad):
    message = (f"Unknown activation {bad!r}: choose one of step, sigmoid, tanh, relu, identity "
               "(linear = identity).")
    with pytest.raises(ValueError) as err:
        models.activation(bad)
    assert str(err.value) == message
    with pytest.raises(ValueError, match="choose one of"):
        models.mlp([2, 2], activation=bad)


@pytest.mark.parametrize("name", [*NAMES, *models.ALIASES])
def test_the_playground_and_the_activation_explorer_read_the_registry(name):
    canonical = models.activation_name(name)
    assert P.check_settings(activation=name).activation == canonical
    assert type(P.build_model(2, (3,), name, seed=0)[1]) is models.ACTIVATIONS[canonical].module
    z = torch.linspace(-2, 2, 9)
    assert torch.equal(torch.as_tensor(widgets.activation_curves(name, z)[1]), models.activation(name).fn(z))


@pytest.mark.parametrize("bad", ["gelu", "softmax", "Relu6"])
def test_the_playground_and_the_activation_explorer_refuse_other_names(bad):
    with pytest.raises(P.PlaygroundError, match="choose one of step, sigmoid, tanh, relu, identity"):
        P.check_settings(activation=bad)
    with pytest.raises(P.PlaygroundError, match="choose one of"):
        P.build_model(2, (3,), bad)
    with pytest.raises(ValueError, match="choose one of step, sigmoid, tanh, relu, identity"):
        widgets.activation_curves(bad)


# ---------------------------------------------------------------- mlp

@pytest.mark.parametrize("name", NAMES)
def test_mlp_puts_the_registry_layer_between_linear_layers(name):
    net = models.mlp([3, 4, 5, 2], name, output_activation=name)
    layer = models.ACTIVATIONS[name].module
    assert [type(m) for m in net] == [nn.Linear, layer, nn.Linear, layer, nn.Linear, layer]
    assert [(m.in_features, m.out_features) for m in net if isinstance(m, nn.Linear)] == [(3, 4), (4, 5), (5, 2)]


def test_mlp_draws_the_same_weights_as_building_layer_by_layer():
    torch.manual_seed(3)
    net = models.mlp([2, 8, 8, 1], "tanh")
    torch.manual_seed(3)
    by_hand = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
    for a, b in zip(net.state_dict().values(), by_hand.state_dict().values(), strict=True):
        assert torch.equal(a, b)


@pytest.mark.parametrize("sizes", [[784], [], [3, 0, 2]])
def test_mlp_refuses_bad_sizes(sizes):
    with pytest.raises(ValueError, match=re.escape(f"sizes must list at least an input and an output size, all >= 1; "
                                                   f"got {sizes}.")):
        models.mlp(sizes)


# ---------------------------------------------------------------- counting and predicting

def test_the_lecture_model_has_101770_parameters():
    model = models.mlp([784, 128, 10])
    assert [type(m) for m in model] == [nn.Linear, nn.ReLU, nn.Linear]
    assert models.count_parameters(model) == 784 * 128 + 128 + 128 * 10 + 10 == 101_770
    assert models.count_parameters(models.mlp([2, 2, 1])) == 9
    frozen = models.mlp([2, 2, 1])
    frozen[0].weight.requires_grad_(False)                    # only what training can change counts
    assert models.count_parameters(frozen) == 5


@pytest.mark.parametrize("make", [
    lambda: models.mlp([2, 2, 1], output_activation="sigmoid"),
    lambda: models.mlp([5, 4, 3, 2, 1], activation="tanh"),
    lambda: nn.Sequential(nn.Linear(3, 4, bias=False), nn.ReLU(), nn.Linear(4, 2)),      # a layer without bias
    lambda: nn.Sequential(nn.Flatten(), nn.Linear(6, 5), nn.Sequential(nn.Linear(5, 3), nn.Tanh(), nn.Linear(3, 2))),
])
def test_parameter_table_rows_are_the_layers_and_sum_to_the_count(make):
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


def test_predict_classes_is_the_argmax_in_batches_and_leaves_no_graph():
    torch.manual_seed(0)
    model = models.mlp([4, 6, 3])
    x = torch.randn(50, 4)
    predicted = models.predict_classes(model, x, batch_size=7)
    with torch.no_grad():
        assert torch.equal(predicted, model(x).argmax(1))
    assert predicted.dtype == torch.int64 and not predicted.requires_grad
