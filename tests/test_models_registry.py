"""The course's one activation registry (helpers.models.ACTIVATIONS) and the helpers
that read it: models.mlp, the playground, the activation explorer (widgets) and
notebook 07's backward pass by hand (backprop). Each name is checked two ways: through
the layer class and through the tensor function, and through every helper."""
import pytest
import torch
from torch import nn

from helpers import backprop, models, widgets
from helpers import playground as P

NAMES = models.ACTIVATION_NAMES
NOT_ACTIVATIONS = ["gelu", "softmax", "Relu6", "", None, 3, ["relu"]]


def _z():
    # both signs, zero, tiny and large values, in float32 and float64
    z = torch.cat([torch.randn(200, generator=torch.Generator().manual_seed(0)) * 4,
                   torch.tensor([0.0, -0.0, 1e-30, -1e-30, 30.0, -30.0])])
    return [z, z.double()]


@pytest.mark.parametrize("name", NAMES)
def test_layer_and_function_give_the_same_values_and_gradients(name):
    entry = models.ACTIVATIONS[name]
    for z in _z():
        assert torch.equal(entry.module()(z), entry.fn(z))          # bitwise, forward
        z1, z2 = z.clone().requires_grad_(True), z.clone().requires_grad_(True)
        out1, out2 = entry.module()(z1), entry.fn(z2)
        if name == "step":                                           # no gradient path at all
            assert not out1.requires_grad and not out2.requires_grad
            continue
        out1.sum().backward()
        out2.sum().backward()
        assert torch.equal(z1.grad, z2.grad)


def test_the_registry_holds_the_lecture_activations():
    z = torch.tensor([-2.0, 0.0, 0.5])
    by_formula = {"step": (z > 0).float(), "sigmoid": 1 / (1 + torch.exp(-z)),
                  "tanh": (torch.exp(z) - torch.exp(-z)) / (torch.exp(z) + torch.exp(-z)),
                  "relu": torch.maximum(z, torch.zeros(())), "identity": z}
    assert set(by_formula) == set(NAMES)
    for name, want in by_formula.items():
        assert torch.allclose(models.activation(name).fn(z), want, atol=1e-6), name


@pytest.mark.parametrize("given,name", [("linear", "identity"), ("Linear", "identity"), ("ReLU", "relu"),
                                        ("TANH", "tanh"), *[(n, n) for n in NAMES]])
def test_lookup_resolves_aliases_and_case(given, name):
    assert models.activation_name(given) == name
    assert models.activation(given) is models.ACTIVATIONS[name]


@pytest.mark.parametrize("bad", NOT_ACTIVATIONS)
def test_unknown_activation_names_every_choice(bad):
    with pytest.raises(ValueError) as err:
        models.activation(bad)
    assert repr(bad) in str(err.value)
    assert all(name in str(err.value) for name in NAMES + ("linear",))


@pytest.mark.parametrize("name", NAMES)
def test_mlp_puts_the_registry_layer_between_linear_layers(name):
    net = models.mlp([3, 4, 5, 2], name, output_activation=name)
    kinds = [type(m) for m in net]
    layer = models.ACTIVATIONS[name].module
    assert kinds == [nn.Linear, layer, nn.Linear, layer, nn.Linear, layer]
    assert [models.activation_of(m) for m in net] == [None, name, None, name, None, name]


def test_activation_of_wants_the_exact_class():
    class MyReLU(nn.ReLU):
        pass
    assert models.activation_of(MyReLU()) is None
    assert models.activation_of(nn.GELU()) is None
    assert models.activation_of(nn.ReLU()) == "relu"


def test_mlp_draws_the_same_weights_as_building_layer_by_layer():
    torch.manual_seed(3)
    net = models.mlp([2, 8, 8, 1], "tanh")
    torch.manual_seed(3)
    by_hand = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
    for a, b in zip(net.state_dict().values(), by_hand.state_dict().values(), strict=True):
        assert torch.equal(a, b)


# ---------------------------------------------------------------- every helper reads the registry

@pytest.mark.parametrize("name", [*NAMES, *models.ALIASES])
def test_playground_widgets_and_backprop_accept_every_registry_name(name):
    canonical = models.activation_name(name)
    assert P.check_settings(activation=name).activation == canonical
    model = P.build_model(2, (3,), name, seed=0)
    assert type(model[1]) is models.ACTIVATIONS[canonical].module
    z = torch.linspace(-2, 2, 9)
    assert torch.equal(torch.as_tensor(widgets.activation_curves(name, z)[1]), models.activation(name).fn(z))
    assert backprop.layers_of(models.mlp([4, 3, 2], name)) is not None


@pytest.mark.parametrize("bad", ["gelu", "softmax", "Relu6"])
def test_playground_widgets_and_backprop_refuse_other_names(bad):
    with pytest.raises(P.PlaygroundError, match="choose one of step, sigmoid, tanh, relu, identity"):
        P.check_settings(activation=bad)
    with pytest.raises(P.PlaygroundError, match="choose one of"):
        P.build_model(2, (3,), bad)
    with pytest.raises(ValueError, match="choose one of step, sigmoid, tanh, relu, identity"):
        widgets.activation_curves(bad)
    assert backprop.layers_of(nn.Sequential(nn.Linear(4, 3), nn.GELU(), nn.Linear(3, 2))) is None


def test_the_menus_list_exactly_the_registry():
    assert tuple(P.ACTIVATIONS) == NAMES
    assert tuple(widgets.ACTIVATION_NAMES) == NAMES
    assert set(backprop.DERIVATIVES) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_backprop_derivative_is_autograds(name):
    # g * act'(z), written with h = act(z) as the by-hand pass does, against autograd
    z = torch.randn(6, 5, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    g = torch.randn(6, 5, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    fn = models.ACTIVATIONS[name].fn
    zg = z.clone().requires_grad_(True)
    out = fn(zg)
    want = torch.autograd.grad((out * g).sum(), zg)[0] if out.requires_grad else torch.zeros_like(z)
    derivative = backprop.DERIVATIVES[name]
    got = g.clone() if derivative is None else derivative(g.clone(), fn(z))
    assert torch.allclose(got, want, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_exported_code_uses_the_registry_layer(name):
    pg = P.Playground(dataset="xor", hidden=(3,), activation=name, seed=0).train(2)
    scope = {}
    exec(pg.export_code(), scope)
    rebuilt = scope["model"]
    assert [type(m).__name__ for m in rebuilt] == [type(m).__name__ for m in pg.model]
    F = pg.F_test
    with torch.no_grad():
        assert torch.equal(rebuilt(scope["features"](pg.X_test)), pg.model(F))
