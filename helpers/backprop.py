"""Backpropagation written out for a plain MLP: the chain rule of notebook 07 as
matrix products, with the SGD update folded in. Notebook 07 teaches it.

`training.fit(..., backward="by hand")` trains with `SGDStep` instead of
`loss.backward()`; it is only ever used when asked for by name, and only for a
Sequential of Linear layers with one of the registry's activations
(`models.ACTIVATIONS`: step, sigmoid, tanh, relu, identity) or none between them,
cross-entropy and plain SGD. It computes the same gradients as `loss.backward()`
(the tests compare them) without autograd's per-operation bookkeeping;
benchmarks/run.py compares the two speeds. Module hooks do not run on this path.

For a layer z = h W^T + b with upstream gradient g = dL/dz (one row per example):
    dL/dW = g^T h,    dL/db = sum of g's rows,    dL/dh = g W
and through the activation h = act(z): dL/dz = dL/dh * act'(z).
Cross-entropy on the logits z of a batch of B examples gives g = (softmax(z) - onehot(y)) / B.
"""
import torch
import torch.nn.functional as F
from torch import nn

from . import models

# g *= act'(z) for each activation of the registry (models.ACTIVATIONS), written with
# the activation's output h = act(z) as autograd does (notebooks 04 and 07 teach these
# derivatives). None: the derivative is 1 and g passes unchanged.
DERIVATIVES = {
    "step": lambda g, h: g.zero_(),                      # step'(z) = 0: nothing passes below
    "sigmoid": lambda g, h: g.mul_(h * (1 - h)),         # sigmoid'(z) = h (1 - h)
    "tanh": lambda g, h: g.mul_(1 - h * h),              # tanh'(z) = 1 - h^2
    "relu": lambda g, h: g.masked_fill_(h <= 0, 0),      # relu'(z) = 1 where z > 0, else 0
    "identity": None,                                    # identity'(z) = 1
}


def layers_of(model):
    """[(linear, activation name or None), ...] when `model` is a Sequential of
    Linear (with bias, all trainable, each layer object used once) -> activation ->
    ... -> Linear with activations from the registry (`models.activation_of`); None
    for any other model (`why_not_by_hand` says why)."""
    return _read_layers(model)[0]


def why_not_by_hand(model):
    """Why the backward pass by hand cannot compute `model` (a sentence naming the
    layer), or None when it can."""
    return _read_layers(model)[1]


def _read_layers(model):
    if type(model) is not nn.Sequential:
        return None, f"it is a {type(model).__name__}, not an nn.Sequential"
    modules = list(model)
    if not modules or type(modules[-1]) is not nn.Linear:
        return None, "its last layer is " + (f"{type(modules[-1]).__name__}, not a Linear" if modules else "missing")
    layers = []
    for i, module in enumerate(modules):
        if type(module) is nn.Linear:
            if module.bias is None:
                return None, f"layer {i} (Linear) has no bias"
            if not all(p.requires_grad for p in module.parameters()):
                return None, f"layer {i} (Linear) is frozen (requires_grad=False)"
            layers.append([module, None])
        elif models.activation_of(module) in DERIVATIVES and layers and layers[-1][1] is None:
            layers[-1][1] = models.activation_of(module)
        elif models.activation_of(module) in DERIVATIVES:
            return None, f"layer {i} ({type(module).__name__}) does not follow a Linear layer"
        else:
            return None, f"layer {i} is a {type(module).__name__}, which it has no derivative for"
    if len({id(lin) for lin, _ in layers}) < len(layers):   # a shared layer: its gradients add up
        return None, "one Linear layer is used twice"
    return [tuple(layer) for layer in layers], None


class SGDStep:
    """One training step of an MLP with cross-entropy and plain SGD, by hand: notebook
    07's matrix backward pass, the named alternative (`backward="by hand"`) to
    `training.AutogradStep`, with the same interface.

    step = SGDStep(model, lr)
    loss, logits = step.forward(x, y)   # 1. forward and 2. loss (no autograd graph)
    step.backward_and_update()          # 3. backward and 4. update, layer by layer
    """

    def __init__(self, model, lr):
        layers, reason = _read_layers(model)
        if layers is None:
            raise ValueError("The backward pass by hand needs a Sequential of distinct Linear layers (with "
                             f"bias) with one of the activations {', '.join(models.ACTIVATION_NAMES)} (or none) "
                             "between them (e.g. models.mlp([784, 128, 10])), not this "
                             f"{type(model).__name__}: {reason}. For this model, use backward='autograd'.")
        self.model = model
        self.layers = [(lin.weight, lin.bias, models.ACTIVATIONS[act].fn if act else None,
                        DERIVATIVES[act] if act else None) for lin, act in layers]
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not lr > 0 or lr == float("inf"):
            raise ValueError(f"lr (the learning rate) must be a number > 0 such as 0.01, not {lr!r}.")
        self.lr = lr
        self._saved = None

    @torch.no_grad()
    def forward(self, x, y):
        """Logits of the batch x and the mean cross-entropy against labels y.
        Returns (loss, logits) and keeps what the backward pass needs."""
        inputs, h = [], x
        for weight, bias, act, _ in self.layers:
            inputs.append(h)
            h = torch.addmm(bias, h, weight.t())          # z = h W^T + b
            if act is not None:
                h = act(h)
        log_p = F.log_softmax(h, dim=1)
        self._saved = (inputs, log_p, y)
        return F.nll_loss(log_p, y), h

    @torch.no_grad()
    def backward_and_update(self):
        """Gradients from the last forward, last layer first; each layer's weights are
        updated (W -= lr * dL/dW) right after its gradient has been passed down."""
        inputs, log_p, y = self._saved
        self._saved = None
        g = log_p.exp_()                                  # softmax(z)
        g[torch.arange(len(y), device=g.device), y] -= 1  # - onehot(y): B * dL/dz of the last layer
        step = self.lr / len(y)                           # the 1/B of the mean, folded into the step
        for i in range(len(self.layers) - 1, -1, -1):
            weight, bias, _, _ = self.layers[i]
            h = inputs[i]
            g_below = None
            if i > 0:
                g_below = g @ weight                       # dL/dh, before W changes
                derivative = self.layers[i - 1][3]
                if derivative is not None:
                    derivative(g_below, h)                 # dL/dz one layer down
            weight.addmm_(g.t(), h, alpha=-step)           # W -= lr * g^T h / B
            bias.sub_(g.sum(0), alpha=step)                # b -= lr * (sum of g's rows) / B
            g = g_below
