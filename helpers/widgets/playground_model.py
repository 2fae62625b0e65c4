"""The network playground's logic: TensorFlow Playground in PyTorch, without a browser.

Everything the playground widget (`playground_view`) shows is computed here by
plain functions, so it can be tested, and used in a notebook without any widget:

    from helpers.widgets import Playground
    pg = Playground(dataset="circles", hidden=(4, 2), activation="tanh", seed=0)
    pg.train(epochs=100)                     # SGD on mini-batches, one epoch at a time
    pg.train_loss, pg.test_loss              # the data loss (without the penalty)
    pg.hidden_maps()                         # each hidden unit's output over the plane
    print(pg.export_code())                  # PyTorch code that rebuilds the network

The pieces, in the order a training run uses them: `Settings` / `check_settings`
(every option, validated with clear messages), `make_data` and `check_points` (the
built-in sets or your own points), `feature_matrix` (x1, x2, x1^2, x2^2, x1*x2,
sin(x1), sin(x2)), `build_model`, `penalty` (L1 / L2), `data_loss`, one epoch of
notebook 08's `lecture.train_epoch` on `training.batches`, `unit_outputs` (the maps of
`Playground.hidden_maps`), `Playground.export_code`.

Step activation: it is allowed, but its gradient is 0 everywhere, so gradient descent
never changes the layers before it; only the output layer learns (`STEP_NOTE`).
"""
import dataclasses
import math

import numpy as np
import torch
from torch import nn

from .. import data as course_data
from .. import models
from ..lecture import train_epoch
from ..runtime import finite_number, one_thread
from ..training import batches

FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: torch.sin(x1),
    "sin(x2)": lambda x1, x2: torch.sin(x2),
}
FEATURE_CODE = {"x1": "x1", "x2": "x2", "x1^2": "x1 ** 2", "x2^2": "x2 ** 2", "x1*x2": "x1 * x2",
                "sin(x1)": "torch.sin(x1)", "sin(x2)": "torch.sin(x2)"}
ONE_D_FEATURES = ("x1", "x1^2", "sin(x1)")           # the regression set has one input, x1
CLASSIFICATION_SETS = ("xor", "circles", "gaussians", "spirals")
DATASETS = CLASSIFICATION_SETS + ("regression", "custom")
LOSSES = ("cross-entropy", "squared error")
REGULARIZATIONS = ("none", "L1", "L2")
MAX_LAYERS, MAX_UNITS = 6, 8
# each number among the settings: (lowest, highest, whole number?)
NUMBERS = {"noise": (0, 1, False), "n_points": (20, 5000, True), "train_fraction": (0.1, 0.9, False),
           "batch_size": (1, 5000, True), "reg_rate": (0, 10, False), "learning_rate": (1e-6, 100, False),
           "seed": (0, 2**31 - 1, True)}
SCALE = 2.0                                          # helpers.data's 2-D sets, stretched (see make_data)
STEP_NOTE = ("The step function's gradient is 0 everywhere (and undefined at 0), so backpropagation "
             "sends nothing back through it: the hidden layers never change and only the output layer "
             "learns. That is why networks use sigmoid, tanh or ReLU instead (notebooks 04 and 07).")


class PlaygroundError(ValueError):
    """A setting or your own data cannot be used; the message says what to change."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """Every option of the playground. Defaults follow TensorFlow Playground
    (circles, 50% training data, batch 10, x1 and x2, two hidden layers of 4 and 2
    tanh units), with a learning rate suited to this course's data scale."""
    dataset: str = "circles"          # xor, circles, gaussians, spirals, regression, custom
    noise: float = 0.1                # standard deviation of the noise added to the points
    n_points: int = 200
    train_fraction: float = 0.5       # the rest is the test set
    batch_size: int = 10
    features: tuple = ("x1", "x2")
    hidden: tuple = (4, 2)            # units per hidden layer; () = no hidden layer
    activation: str = "tanh"
    loss: str = "cross-entropy"       # or "squared error"; regression always uses squared error
    regularization: str = "none"      # none, L1, L2
    reg_rate: float = 0.0
    learning_rate: float = 0.1
    seed: int = 0

    @property
    def problem(self):
        return "regression" if self.dataset == "regression" else "classification"


def _checked(check, *args):
    """check(*args), where its TypeError or ValueError becomes a PlaygroundError with the same message."""
    try:
        return check(*args)
    except (TypeError, ValueError) as err:
        raise PlaygroundError(str(err)) from None


def _number(value, name, low, high, whole=False):
    value = _checked(finite_number, value, name)
    if whole and value != int(value):
        raise PlaygroundError(f"{name} must be a whole number, not {value!r}.")
    value = int(value) if whole else value
    if not low <= value <= high:
        raise PlaygroundError(f"{name} must be between {low} and {high}, not {value}.")
    return value


def _choice(value, name, options):
    if value not in options:
        raise PlaygroundError(f"Unknown {name} {value!r}: choose one of {', '.join(options)}.")
    return value


def check_settings(settings=None, **changes):
    """Validate `settings` (a `Settings`, default the defaults) with `changes` applied.
    Returns a new, clean `Settings`; raises `PlaygroundError` saying what to change."""
    settings = settings or Settings()
    unknown = set(changes) - {f.name for f in dataclasses.fields(Settings)}
    if unknown:
        raise PlaygroundError(f"Unknown setting(s) {', '.join(sorted(unknown))}: the settings are "
                              f"{', '.join(f.name for f in dataclasses.fields(Settings))}.")
    s = dataclasses.replace(settings, **changes)
    dataset = _choice(s.dataset, "data set", DATASETS)
    activation = _checked(models.activation_name, s.activation)
    regularization = _choice(s.regularization, "regularization", REGULARIZATIONS)
    loss = _choice(s.loss, "loss", LOSSES)
    if isinstance(s.features, str):
        raise PlaygroundError(f"features must be a list of names such as ['x1', 'x2'], not the text {s.features!r}.")
    features = tuple(s.features)
    for name in features:
        _choice(name, "feature", tuple(FEATURES))
    if not features:
        raise PlaygroundError("Choose at least one input feature (x1, for example).")
    if len(set(features)) != len(features):
        raise PlaygroundError(f"features lists a feature twice: {list(features)}.")
    if dataset == "regression":
        loss = "squared error"
        two_d = [f for f in features if f not in ONE_D_FEATURES]
        if two_d:
            raise PlaygroundError(f"The regression data set has one input, x1: drop {', '.join(two_d)} "
                                  f"(usable: {', '.join(ONE_D_FEATURES)}).")
    if isinstance(s.hidden, (int, str)):
        raise PlaygroundError(f"hidden must list the units per layer, e.g. (4, 2) or () for none, not {s.hidden!r}.")
    hidden = tuple(_number(h, "units in a hidden layer", 1, MAX_UNITS, whole=True) for h in s.hidden)
    if len(hidden) > MAX_LAYERS:
        raise PlaygroundError(f"At most {MAX_LAYERS} hidden layers, not {len(hidden)}.")
    numbers = {name: _number(getattr(s, name), name, *limits) for name, limits in NUMBERS.items()}
    return Settings(dataset=dataset, features=features, hidden=hidden, activation=activation, loss=loss,
                    regularization=regularization, **numbers)


# ------------------------------------------------------------------ data

def check_points(X, y):
    """Your own 2-D points for the playground: X of shape (n, 2) and labels y of shape
    (n,) with values 0 and 1 (NumPy arrays, lists or tensors). Returns float tensors
    (X, y); raises `PlaygroundError` with what to fix."""
    def as_array(value, name):
        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().numpy()
        try:
            return np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise PlaygroundError(f"{name} must hold numbers (a NumPy array, list or tensor), "
                                  f"not {type(value).__name__}.") from None

    X, y = as_array(X, "X"), as_array(y, "y")
    if X.ndim != 2 or X.shape[1] != 2:
        raise PlaygroundError(f"X must have shape (n, 2), one row (x1, x2) per point; it has shape {X.shape}.")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise PlaygroundError(f"y must have shape (n,), one label per point; it has shape {y.shape}.")
    if len(X) != len(y):
        raise PlaygroundError(f"X has {len(X)} points but y has {len(y)} labels: give one label per point.")
    if len(X) < 10:
        raise PlaygroundError(f"Give at least 10 points (there are {len(X)}): some go to the test set.")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise PlaygroundError("X or y contains NaN or infinity: remove those points.")
    if not np.isin(y, (0, 1)).all():
        raise PlaygroundError(f"Labels must be 0 or 1; y contains {sorted(set(np.unique(y)) - {0.0, 1.0})[:5]}.")
    if len(np.unique(y)) < 2:
        raise PlaygroundError(f"All labels are {int(y[0])}: give points of both classes, 0 and 1.")
    return torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)


def make_data(dataset="circles", n_points=200, noise=0.1, seed=0, points=None):
    """The playground's data: X (n, 2) float tensor and labels y (n,) 0/1, or for
    "regression" x (n, 1) and y (n,) from `helpers.data.function_1d` (sin(2x) + 0.3x).
    The 2-D sets of `helpers.data` are stretched by SCALE = 2 (so they span about -3..3
    and sin(x1) is more than a straight line), and XOR is centred on the origin
    (clouds at (+-2, +-2)), as in TensorFlow Playground. `noise` is in the units of
    `helpers.data` (before the stretch).
    dataset="custom" returns `points` (validated by `check_points`)."""
    _choice(dataset, "data set", DATASETS)
    if dataset == "custom":
        if points is None:
            raise PlaygroundError("dataset='custom' needs your points: Playground(points=(X, y)).")
        return check_points(*points)
    if dataset == "regression":
        x, y = course_data.function_1d(n=n_points, noise=noise, seed=seed)
        return x, y[:, 0]
    if dataset == "xor":
        X, y = course_data.xor(n=n_points, noise=noise / 2, seed=seed)
        X = 2 * X - 1
    else:
        X, y = course_data.dataset_2d(dataset, n=n_points, noise=noise, seed=seed)
    return SCALE * X, y


def feature_matrix(X, features=("x1", "x2")):
    """The network's inputs: one column per feature name, computed from the raw
    points X of shape (n, 2) (or (n, 1) for the regression set, where x2 does not
    exist). Returns an (n, len(features)) float tensor."""
    X = torch.as_tensor(X, dtype=torch.float32)
    if X.ndim != 2 or X.shape[1] not in (1, 2):
        raise PlaygroundError(f"points must have shape (n, 2) (or (n, 1)), not {tuple(X.shape)}.")
    x1 = X[:, 0]
    x2 = X[:, 1] if X.shape[1] == 2 else None
    columns = []
    for name in features:
        _choice(name, "feature", tuple(FEATURES))
        if x2 is None and name not in ONE_D_FEATURES:
            raise PlaygroundError(f"Feature {name} needs x2, but these points have one input only.")
        columns.append(FEATURES[name](x1, x2))
    return torch.stack(columns, dim=1)


# ------------------------------------------------------------------ model and training

def build_model(n_inputs, hidden=(4, 2), activation="tanh", seed=0):
    """`models.mlp([n_inputs, *hidden, 1], activation)`: for each hidden layer Linear
    then the activation, and a final Linear to one output (a logit for classification,
    the value for regression). Initialised from `seed`, without touching the global
    random state. Notebook 04 teaches the network; notebook 09a plays with it."""
    activation = _checked(models.activation_name, activation)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return models.mlp([n_inputs, *hidden, 1], activation)


def penalty(model, kind="none", rate=0.0):
    """The regularisation term added to the loss: rate * sum |w| (L1) or
    rate * sum w^2 (L2) over every weight (not the biases); 0 for "none".
    Notebook 09a writes the L2 term out and compares it with this."""
    _choice(kind, "regularization", REGULARIZATIONS)
    if kind == "none" or rate == 0:
        return torch.zeros(())
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    if kind == "L1":
        return rate * sum(w.abs().sum() for w in weights)
    return rate * sum((w * w).sum() for w in weights)


def data_loss(output, y, loss="cross-entropy", problem="classification"):
    """The loss of the network's raw output (n, 1) against y (n,): binary
    cross-entropy of the logit, or squared error of the probability for
    classification; squared error of the value for regression."""
    output = output[:, 0]
    if problem == "regression":
        return nn.functional.mse_loss(output, y)
    if loss == "cross-entropy":
        return nn.functional.binary_cross_entropy_with_logits(output, y)
    return nn.functional.mse_loss(torch.sigmoid(output), y)


@torch.no_grad()
def unit_outputs(model, F):
    """What every layer's units output for inputs F: a list with one (n, units)
    tensor per hidden layer (after its activation), then the network's output."""
    model.eval()
    outputs, h = [], F
    for i, module in enumerate(model):
        h = module(h)
        if not isinstance(module, nn.Linear) or i == len(model) - 1:
            outputs.append(h)
    return outputs


def grid(limits, resolution=60, one_d=False):
    """Points covering the plot: (points, shape) with points (resolution^2, 2), or
    for 1-D data (resolution, 1) along x1."""
    x0, x1, y0, y1 = limits
    if one_d:
        return torch.linspace(x0, x1, resolution)[:, None], (resolution,)
    xs, ys = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    return torch.tensor(np.c_[xs.ravel(), ys.ravel()], dtype=torch.float32), xs.shape


def default_limits(X, pad=0.3):
    """Plot limits (x_min, x_max, y_min, y_max) around the points X, padded."""
    X = torch.as_tensor(X, dtype=torch.float32)
    lo, hi = X.min(0).values.numpy(), X.max(0).values.numpy()
    if X.shape[1] == 1:
        return float(lo[0] - pad), float(hi[0] + pad), 0.0, 1.0
    span = max(hi[0] - lo[0], hi[1] - lo[1]) / 2 + pad
    cx, cy = (lo + hi) / 2
    return float(cx - span), float(cx + span), float(cy - span), float(cy + span)


# ------------------------------------------------------------------ export

# models.Step written out, so that the exported code runs without the course's helpers
_STEP_CODE = '''

class Step(nn.Module):
    """The perceptron's step, the lecture's rule: 1 where z > 0, else 0 (gradient 0: it
    cannot be trained)."""

    def forward(self, z):
        return (z > 0).to(z.dtype)
'''


def _tensor_code(t):
    def rows(a):
        if a.ndim == 0:
            return np.format_float_positional(np.float32(a), unique=True, trim="-")
        return "[" + ", ".join(rows(r) for r in a) + "]"
    return f"torch.tensor({rows(t.detach().cpu().numpy())})"


# ------------------------------------------------------------------ the playground

# Changing one of these rebuilds the data and the network (epoch back to 0); the
# others (learning rate, regularisation, batch size, loss) apply to the next updates.
RESET_KEYS = ("dataset", "noise", "n_points", "train_fraction", "features", "hidden", "activation", "seed")


class Playground:
    """One training run of the playground, without any widget.

    Playground(settings=None, points=None, **changes): settings as in `Settings`
    (pass changes as keywords, e.g. hidden=(8, 8)); points=(X, y) brings your own
    2-D points (dataset becomes "custom"). Attributes: settings, model, epoch,
    history (lists "epoch", "train_loss", "test_loss", "train_acc", "test_acc"),
    X_train, y_train, X_test, y_test (raw points), limits, diverged (a message or None).
    """

    def __init__(self, settings=None, points=None, **changes):
        self.points = None
        if points is not None:
            if not (isinstance(points, (tuple, list)) and len(points) == 2):
                raise PlaygroundError(f"points must be a pair (X, y): the points and their labels 0/1, "
                                      f"e.g. Playground(points=(X, y)); got {type(points).__name__}"
                                      + (f" of shape {tuple(np.shape(points))}" if hasattr(points, "shape") else "")
                                      + ".")
            if changes.get("dataset", "custom") != "custom":
                raise PlaygroundError(f"Playground(points=(X, y), dataset={changes['dataset']!r}): points are "
                                      "your own data set, dataset chooses a built-in one. Leave out dataset to "
                                      "train on your points, or points to use the built-in set.")
            self.points = check_points(*points)
            changes["dataset"] = "custom"
        self.settings = check_settings(settings, **changes)
        self.reset()                                 # make_data refuses dataset="custom" without points

    # -- building
    def reset(self):
        """New data, new network, epoch 0 (everything from the settings and the seed)."""
        s = self.settings
        X, y = make_data(s.dataset, s.n_points, s.noise, s.seed, self.points)
        (self.X_train, self.y_train), (self.X_test, self.y_test) = course_data.split(
            X, y, test_fraction=1 - s.train_fraction, seed=s.seed)
        if len(self.X_train) == 0 or len(self.X_test) == 0:
            raise PlaygroundError("The split left no training or no test points: change train_fraction.")
        self.limits = default_limits(X)
        self.F_train = feature_matrix(self.X_train, s.features)
        self.F_test = feature_matrix(self.X_test, s.features)
        self.model = build_model(len(s.features), s.hidden, s.activation, s.seed)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=s.learning_rate)
        self.generator = torch.Generator().manual_seed(s.seed)
        self.epoch, self.diverged = 0, None
        self.history = {"epoch": [], "train_loss": [], "test_loss": [], "train_acc": [], "test_acc": []}
        self._record()
        return self

    def update(self, **changes):
        """Change settings. Data / architecture / seed changes reset the run; the
        learning rate, regularisation, batch size and loss apply from the next update."""
        new = check_settings(self.settings, **changes)
        if new.dataset == "custom" and self.points is None:
            raise PlaygroundError("The custom data set needs your points: Playground(points=(X, y)).")
        resets = any(getattr(new, k) != getattr(self.settings, k) for k in RESET_KEYS)
        self.settings = new
        if resets:
            self.reset()
        else:
            for group in self.optimizer.param_groups:
                group["lr"] = new.learning_rate
            self._record(replace=True)        # the loss may change meaning (e.g. squared error)
        return self

    # -- training
    def train(self, epochs=1):
        """Train `epochs` more epochs (stops early with a message in `diverged` when
        the loss becomes NaN or infinite). Returns self."""
        epochs = _number(epochs, "epochs", 1, 100000, whole=True)
        with one_thread():                           # small networks: see runtime.one_thread
            for _ in range(epochs):
                if self.diverged:
                    break
                shuffled = batches(self.F_train, self.y_train, self.settings.batch_size, generator=self.generator)
                losses = train_epoch(self.model, shuffled, self.objective, self.optimizer)   # notebook 08's four steps
                self.epoch += 1
                if not all(math.isfinite(v) for v in losses):
                    self.diverged = (f"Training stopped at epoch {self.epoch}: the loss became NaN or infinite. "
                                     f"The learning rate {self.settings.learning_rate:g} is too large; "
                                     "try one 10 times smaller and press reset.")
                    break
                self._record()
        return self

    def objective(self, output, target):
        """What an update descends: the data loss plus the L1 / L2 penalty on the weights."""
        s = self.settings
        return data_loss(output, target, s.loss, s.problem) + penalty(self.model, s.regularization, s.reg_rate)

    @torch.no_grad()
    def _record(self, replace=False):
        """Append (replace: overwrite) this epoch's data losses and accuracies (None for regression)."""
        self.model.eval()
        values = {"epoch": self.epoch}
        for split, F, y in (("train", self.F_train, self.y_train), ("test", self.F_test, self.y_test)):
            out = self.model(F)
            values[f"{split}_loss"] = data_loss(out, y, self.settings.loss, self.settings.problem).item()
            values[f"{split}_acc"] = None if self.one_d else ((out[:, 0] > 0).float() == y).float().mean().item()
        for key, value in values.items():
            if replace and self.history[key]:
                self.history[key][-1] = value
            else:
                self.history[key].append(value)

    @property
    def train_loss(self):
        return self.history["train_loss"][-1]

    @property
    def test_loss(self):
        return self.history["test_loss"][-1]

    @property
    def one_d(self):
        return self.settings.problem == "regression"

    # -- what is drawn
    @torch.no_grad()
    def predict(self, X):
        """P(class 1) for each raw point (classification) or the predicted value (regression)."""
        self.model.eval()
        out = self.model(feature_matrix(X, self.settings.features))[:, 0]
        return out if self.one_d else torch.sigmoid(out)

    def output_grid(self, resolution=60):
        """(xs, ys, values): the prediction over the plot (for 1-D data: xs and the
        predicted curve, ys None)."""
        points, shape = grid(self.limits, resolution, self.one_d)
        values = self.predict(points).numpy().reshape(shape)
        if self.one_d:
            return points[:, 0].numpy(), None, values
        x0, x1, y0, y1 = self.limits
        return np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution), values

    def hidden_maps(self, resolution=40):
        """Each unit's own output over the input plane: a list with one array of shape
        (units, resolution, resolution) per layer, starting with the input features
        themselves, then every hidden layer (for 1-D data: (units, resolution) along x1)."""
        points, shape = grid(self.limits, resolution, self.one_d)
        F = feature_matrix(points, self.settings.features)
        return [h.T.reshape(h.shape[1], *shape).numpy() for h in [F] + unit_outputs(self.model, F)[:-1]]

    def export_code(self, weights=True):
        """PyTorch code, as a string, that rebuilds this network: a `features(X)` function
        turning raw points into the network's inputs, and `model = nn.Sequential(...)`
        with the same layers. weights=True adds the trained weights (exactly, float32),
        so `exec(code)` gives a model with the same outputs; weights=False gives the
        architecture only (load weights with model.load_state_dict(...))."""
        features, activation = self.settings.features, self.settings.activation
        linears = [m for m in self.model if isinstance(m, nn.Linear)]
        one_d = all(f in ONE_D_FEATURES for f in features)
        unpack = "x1 = X[:, 0]" if one_d else "x1, x2 = X[:, 0], X[:, 1]"
        output = "the predicted value" if self.one_d else "a logit: torch.sigmoid(model(features(X))) is P(class 1)"
        module = models.activation(activation).module           # the registry's layer; Step is _STEP_CODE's
        layer = "Step()" if module is models.Step else f"nn.{module.__name__}()"
        lines = ["import torch", "from torch import nn"]
        if activation == "step":
            lines.append(_STEP_CODE.rstrip())
        lines += ["", "",
                  "def features(X):",
                  f'    """Raw points X, shape (n, {"1) or (n, 2" if one_d else 2}) -> the network\'s inputs: '
                  f'{", ".join(features)}."""',
                  "    X = torch.as_tensor(X, dtype=torch.float32)",
                  f"    {unpack}",
                  f"    return torch.stack([{', '.join(FEATURE_CODE[f] for f in features)}], dim=1)",
                  "", "",
                  f"# {len(linears) - 1} hidden layer(s); the output is {output}",
                  "model = nn.Sequential("]
        for i, linear in enumerate(linears):
            lines.append(f"    nn.Linear({linear.in_features}, {linear.out_features}),")
            if i < len(linears) - 1:
                lines.append(f"    {layer},")
        lines.append(")")
        if weights:
            lines += ["", "# the trained weights", "model.load_state_dict({"]
            for name, value in self.model.state_dict().items():
                lines.append(f'    "{name}": {_tensor_code(value)},')
            lines.append("})")
        return "\n".join(lines) + "\n"

    @property
    def note(self):
        """A sentence about the current settings worth knowing (step), or ''."""
        return STEP_NOTE if self.settings.activation == "step" and self.settings.hidden else ""

    def summary(self):
        """One line: epoch, train and test loss (and accuracy for classification)."""
        h = self.history
        text = f"epoch {self.epoch}: train loss {h['train_loss'][-1]:.3f}, test loss {h['test_loss'][-1]:.3f}"
        if h["test_acc"][-1] is not None:
            text += f" (test accuracy {100 * h['test_acc'][-1]:.0f}%)"
        return text
