"""The explorers of notebooks 02, 04 and 06: move a control, watch the model change.

    from helpers import widgets
    widgets.PerceptronExplorer(gate="AND")     # w1, w2, b -> line, points, truth table
    widgets.ActivationExplorer("relu")         # f(z), f'(z), a small net with and without f
    widgets.SoftmaxExplorer()                  # ten scores, a shift of all, a temperature

Each explorer computes its picture in Python with the notebooks' own code (notebook 02's
`lecture.step`, notebook 08's `lecture.train_epoch`, notebook 06's
`lecture.stable_softmax`) as a scene (`widgets.scene`), which the browser draws. The same
scene drawn with matplotlib is the explorer's static figure (`perceptron_figure`, ...),
for the stored notebooks, the slides and the website. From code: `ui.set(w1=1.0)`, then
read `ui.rows`, `ui.probabilities`, ... (each explorer's docstring lists them).
"""
import contourpy
import numpy as np
import torch

from .. import data, models
from ..lecture import stable_softmax, step, train_epoch
from ..plots.style import (
    BOUNDARY_CMAP,
    CLASS_COLORS,
    CLASS_SHAPES,
    GREY,
    INK,
    PALETTE,
    RIGHT,
    SHADE,
    WRONG,
    decision_line,
)
from ..runtime import finite_number, float_array, one_thread
from ..training import progress_bar
from .playground_model import grid
from .scene import SceneWidget, axis, choice, draw, image, line, panel, points, scene, slider, text

SOFTMAX_EXAMPLE = (0.5, 0.2, 3.1, 1.0, -0.5, -1.0, -1.2, -0.8, -1.5, -1.4)   # the lecture's digits 0-9


def _slider(name, label, value, limit):
    """A slider from -limit to limit in steps of 0.1, widened to whole numbers that hold
    `value` (a value given outside the usual range is shown as it is, never clamped)."""
    return slider(name, float(min(-limit, np.floor(value))), float(max(limit, np.ceil(value))), 0.1, label=label)


def _gate_name(gate):
    key = str(gate).upper()
    if key not in data.GATES:
        raise ValueError(f"Unknown gate {gate!r}: choose one of {', '.join(data.GATES)}.")
    return key


def _dataset_name(dataset):
    if dataset not in ("circles", "moons"):
        raise ValueError(f"Unknown data set {dataset!r}: choose 'circles' or 'moons'.")
    return dataset


# ================================================================= perceptron (notebook 02)

def perceptron_table(w1, w2, b, gate="AND"):
    """The neuron z = w1*x1 + w2*x2 + b, out = step(z), on the four inputs.

    Returns (rows, all_correct): rows is a list of four dicts with keys x1, x2, z,
    output, target (the gate's truth table) and correct (bool); all_correct is True
    when the neuron computes the gate on every row.
    """
    w1, w2, b = finite_number(w1, "w1"), finite_number(w2, "w2"), finite_number(b, "b")
    rows = []
    for (x1, x2), target in zip(data.GATE_INPUTS, data.GATES[_gate_name(gate)]):
        z = round(w1 * x1 + w2 * x2 + b, 10) + 0.0      # 0.1 + 0.2 - 0.3 is 0, not 5e-17
        out = int(step(z))                              # notebook 02's step: 1 where z > 0
        rows.append({"x1": x1, "x2": x2, "z": z, "output": out, "target": target, "correct": out == target})
    return rows, all(row["correct"] for row in rows)


def _banner(rows, gate):
    right = sum(r["correct"] for r in rows)
    if right == 4:
        return f"✅ all 4 rows correct: this neuron computes {gate}"
    return f"{right} of 4 rows correct" + (" (for XOR no single line works: notebook 03 shows why)"
                                           if gate == "XOR" else "")


def _label(row, w1, w2):
    """A point's label ("out 1 ✓", bold when wrong) on the side of the point away from the
    line w1 x1 + w2 x2 + b = 0, so the line never runs through it (a point on the line,
    z = 0, gets its label on the output-0 side, where step(0) = 0 puts it)."""
    norm = float(np.hypot(w1, w2))
    if norm == 0:
        x, y, anchor = row["x1"] + 0.07, row["x2"] + 0.13, "start"
    else:
        side = 1.0 if row["z"] > 0 else -1.0
        ux, uy = side * w1 / norm, side * w2 / norm          # unit step away from the line
        anchor = "start" if ux > 0.3 else "end" if ux < -0.3 else "middle"
        x = row["x1"] + {"start": 0.09, "end": -0.09, "middle": 0.0}[anchor]
        y = row["x2"] + (0.13 if uy >= 0 else -0.2)
    return text(x, y, f"out {row['output']} {'✓' if row['correct'] else '✗'}", RIGHT if row["correct"] else WRONG,
                anchor=anchor, bold=not row["correct"])


def perceptron_scene(w1, w2, b, gate="AND"):
    """The plane with the line w1 x1 + w2 x2 + b = 0, shaded by the neuron's output, the
    four inputs marked by their output, and the truth table with a mark per row."""
    gate = _gate_name(gate)
    rows, correct = perceptron_table(w1, w2, b, gate)
    lim = (-0.5, 1.5, -0.5, 1.5)
    g = np.linspace(-0.5, 1.5, 120)
    xx, yy = np.meshgrid(g, g)
    ends = decision_line(w1, w2, b, lim)
    marks = [points([r["x1"]], [r["x2"]], CLASS_COLORS[r["output"]], CLASS_SHAPES[r["output"]], size=220,
                    edge=INK) for r in rows]
    plane = panel(f"w1 = {w1:.1f}, w2 = {w2:.1f}, b = {b:.1f}", axis(*lim[:2], "x1", [0, 1]),
                  axis(*lim[2:], "x2", [0, 1]), width=4.2, height=4.2, equal=True,
                  image=image(step(np.round(w1 * xx + w2 * yy + b, 10)).numpy(), lim, SHADE),
                  lines=[line(*ends, INK, 2.5)] if ends is not None else [], points=marks,
                  texts=[_label(r, w1, w2) for r in rows])
    cells = [[r["x1"], r["x2"], f"{r['z']:+.2f}", r["output"], r["target"], "✓" if r["correct"] else "✗"]
             for r in rows]
    colors = [[None] * 5 + [RIGHT if r["correct"] else WRONG] for r in rows]
    table = panel(f"{gate}: " + ("all 4 rows correct ✓" if correct else f"{sum(r['correct'] for r in rows)} of 4"),
                  width=4.0, height=4.2, table={"columns": ["x1", "x2", "z", "out", gate, ""], "rows": cells,
                                                "colors": colors})
    alt = (f"Perceptron with w1 = {w1:.1f}, w2 = {w2:.1f}, b = {b:.1f}: its line "
           + ("does not exist (w1 = w2 = 0), " if ends is None else "crosses the square, ")
           + "; ".join(f"input ({r['x1']}, {r['x2']}) gives {r['output']}, {gate} wants {r['target']}"
                       for r in rows) + f". {_banner(rows, gate)}.")
    return scene([plane, table], alt), rows, correct


def perceptron_figure(w1, w2, b, gate="AND"):
    """The perceptron explorer's picture as a static figure. Returns the figure."""
    return draw(perceptron_scene(w1, w2, b, gate)[0])


class PerceptronExplorer(SceneWidget):
    """Sliders for w1, w2, b (-2 to 2 in steps of 0.1, widened to hold a value given
    outside) and a choice of gate: the line w1 x1 + w2 x2 + b = 0, the four inputs marked
    by the neuron's output, and the truth table with a mark per row.
    State: `rows`, `table_correct`, `n_correct`."""

    def __init__(self, gate="AND", w1=0.5, w2=0.5, b=0.0):
        values = {"gate": _gate_name(gate), **{n: finite_number(v, n) for n, v in (("w1", w1), ("w2", w2), ("b", b))}}
        controls = [choice("gate", data.GATES), *(_slider(n, n, values[n], 2.0) for n in ("w1", "w2", "b"))]
        super().__init__(controls, values, css_class="course-perceptron-explorer")

    def redraw(self):
        v = self.values
        view, self.rows, self.table_correct = perceptron_scene(v["w1"], v["w2"], v["b"], v["gate"])
        self.n_correct = sum(r["correct"] for r in self.rows)
        banner = _banner(self.rows, v["gate"])
        self.show(view, f"<b class='course-banner'>{banner}</b>", banner)


# ================================================================= activations (notebook 04)

def activation_curves(activation, z=None):
    """f(z) and its derivative f'(z) on z (default 401 points in [-5, 5]), as NumPy
    arrays (z, f, df), for an activation of the registry (`models.ACTIVATIONS`;
    notebook 04 teaches them and their gradients). The derivative comes from autograd;
    for step it is 0 everywhere (at z = 0 it is undefined; autograd reports 0)."""
    fn = models.activation(activation).fn
    z = torch.linspace(-5, 5, 401) if z is None else torch.as_tensor(z, dtype=torch.float32)
    zg = z.clone().requires_grad_(True)
    out = torch.as_tensor(fn(zg), dtype=torch.float32)
    grad = torch.autograd.grad(out.sum(), zg)[0] if out.requires_grad else torch.zeros_like(z)
    return z.numpy(), out.detach().numpy(), grad.numpy()


_NET_CACHE = {}


def train_small_net(activation="relu", dataset="circles"):
    """Train a small 2 -> 8 -> 8 -> 1 network (`models.mlp([2, 8, 8, 1], activation)`)
    with the given hidden activation on 200 points of a 2-D data set (circles or moons,
    seed 0): 300 full-batch epochs of notebook 08's `train_epoch`, Adam (lr 0.05), binary
    cross-entropy. Cached: the same arguments return the same trained result at once.

    Returns a dict: model (logits out), X, y (the data), loss (list per epoch), accuracy
    (training accuracy, a fraction). With step the loss barely moves: its gradient is
    0, so only the output layer can learn."""
    activation, dataset = models.activation_name(activation), _dataset_name(dataset)
    key = (activation, dataset)
    if key not in _NET_CACHE:
        X, y = data.dataset_2d(dataset, n=200, noise=0.1, seed=0)
        with torch.random.fork_rng(devices=[]), one_thread():   # the notebook's random state stays as it was
            torch.manual_seed(0)
            model = models.mlp([2, 8, 8, 1], activation)
            optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
            bce = torch.nn.BCEWithLogitsLoss()
            losses = [train_epoch(model, [(X, y)], lambda output, target: bce(output[:, 0], target), optimizer)[0]
                      for _ in range(300)]
        with torch.no_grad():
            accuracy = ((model(X)[:, 0] > 0).float() == y).float().mean().item()
        _NET_CACHE[key] = {"model": model, "X": X, "y": y, "loss": losses, "accuracy": accuracy}
    return _NET_CACHE[key]


def probability_grid(model, limits, n=90):
    """P(class 1) of `model` (one logit out) on an n x n grid over limits (x0, x1, y0, y1),
    row 0 at the bottom."""
    inputs, shape = grid(limits, n)
    with torch.no_grad():
        return torch.sigmoid(model(inputs)).numpy().reshape(shape)


def contour(values, limits, level=0.5):
    """The lines where a grid of values (row 0 at the bottom) crosses `level`, as scene lines."""
    ny, nx = values.shape
    xs, ys = np.linspace(limits[0], limits[1], nx), np.linspace(limits[2], limits[3], ny)
    found = contourpy.contour_generator(xs, ys, values).lines(level)
    return [line(seg[:, 0], seg[:, 1], INK, 1.8) for seg in found]


def _boundary_panel(title, model, X, y, limits):
    """A panel of a 2-D classifier: P(class 1) shaded, the line p = 0.5, the points X
    marked by class (colour and shape)."""
    p = probability_grid(model, limits)
    X, y = np.asarray(X, dtype=float), np.asarray(y).astype(int)
    marks = [points(X[y == c, 0], X[y == c, 1], CLASS_COLORS[c], CLASS_SHAPES[c], size=22, edge="white",
                    label=f"class {c}") for c in (0, 1)]
    return panel(title, axis(*limits[:2], "x1"), axis(*limits[2:], "x2"), width=3.2, height=3.3, equal=True,
                 image=image(p, limits, BOUNDARY_CMAP), lines=contour(p, limits), points=marks)


def activation_scene(activation="relu", dataset="circles"):
    """f and f' of `activation` on axes fitted to them, and the decision boundary of the
    2-8-8-1 network trained on `dataset` without an activation and with this one."""
    activation = models.activation_name(activation)
    z, f, df = activation_curves(activation)
    lo, hi = min(f.min(), df.min()), max(f.max(), df.max())
    pad = 0.1 * (hi - lo or 1)
    curves = panel(f"{activation}: f(z) and f'(z)", axis(-5, 5, "z"), axis(lo - pad, hi + pad, "", fmt="{:.2f}"
                                                                          if hi - lo <= 2 else "{:g}"),
                   width=3.4, height=3.3, zero_line=True, legend=True,
                   lines=[line(z, np.where(np.abs(np.diff(f, prepend=f[0])) > 0.5, np.nan, f), PALETTE[0], 2,
                               label="f(z)"), line(z, df, PALETTE[1], 2, "dashed", "f'(z)")])
    without, with_it = train_small_net("identity", dataset), train_small_net(activation, dataset)
    X = without["X"].numpy()
    limits = (X[:, 0].min() - 0.4, X[:, 0].max() + 0.4, X[:, 1].min() - 0.4, X[:, 1].max() + 0.4)
    accuracy = f"{100 * with_it['accuracy']:.0f}% training accuracy"
    title = (f"step: {accuracy}\n(f' = 0: only the last layer learns)" if activation == "step"
             else f"2-8-8-1 with {activation}\n{accuracy}")
    left = _boundary_panel(f"2-8-8-1, no activation\n{100 * without['accuracy']:.0f}% training accuracy",
                           without["model"], X, without["y"], limits)
    right = _boundary_panel(title, with_it["model"], X, with_it["y"], limits)
    alt = (f"Left: {activation}(z) for z from -5 to 5 ranges from {f.min():.2f} to {f.max():.2f}, its derivative "
           f"from {df.min():.2f} to {df.max():.2f}. Middle: a 2-8-8-1 network without activation on {dataset} "
           f"draws a straight boundary, {100 * without['accuracy']:.0f}% of the training points right. Right: with "
           f"{activation}, {100 * with_it['accuracy']:.0f}% right" + (", its boundary bends around the data." if
                                                 with_it["accuracy"] > without["accuracy"] + 0.1 else "."))
    return scene([curves, left, right], alt), without, with_it


def activation_figure(activation="relu", dataset="circles"):
    """The activation explorer's picture as a static figure. Returns the figure."""
    return draw(activation_scene(activation, dataset)[0])


class ActivationExplorer(SceneWidget):
    """Pick an activation (step, sigmoid, tanh, relu, identity) and a data set (circles,
    moons): f(z) and f'(z), and the decision boundary of a small network trained without
    and with that activation. The ten networks train when the explorer is made (a few
    seconds, with a progress bar), so every switch is instant.
    State: `accuracy_without`, `accuracy_with`, `loss_with`."""

    def __init__(self, activation="relu", dataset="circles"):
        activation, dataset = models.activation_name(activation), _dataset_name(dataset)
        nets = [(a, d) for d in ("circles", "moons") for a in models.ACTIVATION_NAMES]
        for a, d in progress_bar(nets, "training the explorer's 10 small networks"):   # ahead of time:
            train_small_net(a, d)                                                     # no switch waits
        controls = [choice("activation", models.ACTIVATION_NAMES), choice("dataset", ["circles", "moons"], "data")]
        super().__init__(controls, {"activation": activation, "dataset": dataset},
                         css_class="course-activation-explorer")

    def redraw(self):
        view, without, with_it = activation_scene(self.values["activation"], self.values["dataset"])
        self.accuracy_without, self.accuracy_with = without["accuracy"], with_it["accuracy"]
        self.loss_with = with_it["loss"]
        self.show(view, announce=view["panels"][2]["title"])


# ================================================================= softmax (notebook 06)

def _scores(scores):
    s = float_array(SOFTMAX_EXAMPLE if scores is None else scores, "scores")
    if s.ndim != 1 or not 2 <= s.size <= 10:
        raise ValueError(f"scores must be a flat list of 2 to 10 numbers (one per class), got shape {s.shape}.")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores contain NaN or infinity: use ordinary numbers.")
    return s


def softmax_scene(scores=None, temperature=1.0):
    """Bars of softmax(z / T) with percent labels, the winning class highlighted (colour
    and a ★ by its label). Returns (scene, probabilities)."""
    z, t = _scores(scores), finite_number(temperature, "temperature")
    if t <= 0:
        raise ValueError(f"temperature must be > 0 (it divides the scores), not {t}.")
    p = stable_softmax(z / t)                           # notebook 06's softmax of z / T
    win = int(np.argmax(p))
    colors = [PALETTE[0] if i == win else GREY for i in range(len(p))]
    bars = {"x": list(range(len(p))), "height": [float(v) for v in p], "color": colors,
            "labels": [("★ " if i == win else "") + f"{100 * v:.1f}%" for i, v in enumerate(p)]}
    title = f"softmax at T = {t:.2f}: predicts {win} with {100 * p[win]:.1f}%"
    chart = panel(title, axis(-0.6, len(p) - 0.4, "digit (class)", list(range(len(p)))),
                  axis(0, 1.12, "probability", [0, 0.25, 0.5, 0.75, 1.0], "{:.0%}"), width=6.4, height=3.3,
                  bars=bars)
    alt = f"Bar chart of the probabilities of {len(p)} classes: " + ", ".join(
        f"{i}: {100 * v:.1f}%" for i, v in enumerate(p)) + f". {title}."
    return scene([chart], alt), p


def softmax_figure(scores=None, temperature=1.0):
    """The softmax explorer's picture as a static figure (default scores: the lecture's
    example for digits 0-9). Returns the figure."""
    return draw(softmax_scene(scores, temperature)[0])


class SoftmaxExplorer(SceneWidget):
    """One score slider per class (default: the lecture's ten scores for digits 0-9,
    each -5 to 5, widened to hold a score given outside), one slider that adds the same
    number to every score, and the temperature T (0.1 to 5): the probability bars follow.
    State: `probabilities`, `scores` (the scores after the shift)."""

    def __init__(self, scores=None, temperature=1.0):
        s, t = _scores(scores), finite_number(temperature, "temperature")
        if not 0.1 <= t <= 5:
            raise ValueError(f"temperature must be between 0.1 and 5 for the explorer, not {t}.")
        controls = [_slider(f"digit {i}", f"score of {i}", v, 5.0) for i, v in enumerate(s)]
        controls += [_slider("shift", "add to every score", 0.0, 5.0), slider("T", 0.1, 5.0, 0.05, 2, "temperature T")]
        values = {f"digit {i}": float(v) for i, v in enumerate(s)} | {"shift": 0.0, "T": t}
        super().__init__(controls, values, css_class="course-softmax-explorer")

    def redraw(self):
        v = self.values
        self.scores = np.array([v[f"digit {i}"] for i in range(sum(k.startswith("digit") for k in v))]) + v["shift"]
        view, self.probabilities = softmax_scene(self.scores, v["T"])
        # The scores after the shift, written out: a shift moves them all while the bars stay, and the
        # student (and a screen reader, which hears the shift in the announcement) sees both.
        shift = f"every score {v['shift']:+.1f}: " if v["shift"] else ""
        written = ", ".join(f"{i}: {z:.1f}" for i, z in enumerate(self.scores))
        self.show(view, f"<p class='course-scores'>{shift or 'scores: '}{written}</p>",
                  shift + view["panels"][0]["title"])
