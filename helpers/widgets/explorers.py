"""The explorers of notebooks 02, 04 and 06: drag a slider, watch the model change.

    from helpers import widgets
    widgets.perceptron_explorer(gate="AND")     # w1, w2, b sliders -> line, points, truth table
    widgets.activation_explorer("relu")         # f(z), f'(z), a small net with and without f
    widgets.softmax_explorer()                  # ten scores and a temperature -> probabilities

Each explorer has a static twin (`perceptron_figure`, `activation_figure`,
`softmax_figure`) that draws the same view as a matplotlib figure, for the stored
notebooks and for slides.

How they are built (so they can be tested without a browser):

* The logic is plain functions: `perceptron_table` (with notebook 02's `lecture.step`),
  `activation_curves`, `train_small_net` (notebook 08's `lecture.train_epoch`), and
  notebook 06's `lecture.stable_softmax`. They compute what is drawn.
* An explorer is an `ipywidgets.VBox` whose controls are attributes (`ui.w1`,
  `ui.gate`, `ui.scores[2]`, `ui.temperature`, ...) and whose current results are
  attributes too (`ui.rows`, `ui.table_correct`, `ui.probabilities`, ...). Setting a
  control's `.value` updates everything, exactly as dragging it in JupyterLab does.
* The picture is a matplotlib `Figure` made once; a change only updates its artists
  (line data, image data, bar heights) and re-encodes it as a PNG (`render.png`) into an
  `ipywidgets.Image`, which takes tens of milliseconds on a laptop CPU. `ui.redraw()`
  does one full update; benchmarks/widget_changes.py times the milliseconds per change.
"""
import math

import matplotlib as mpl
import numpy as np
import torch

from .. import models
from ..data import GATE_INPUTS as INPUTS
from ..data import GATES
from ..lecture import stable_softmax, step, train_epoch
from ..plots.style import BOUNDARY_CMAP, CLASS_COLORS, GREY, INK, PALETTE, decision_line
from ..runtime import finite_number, float_array
from .render import ipywidgets, new_figure, png

W = ipywidgets()   # the explorers are ipywidgets.VBox subclasses; `import helpers` alone never loads this module

ACTIVATION_NAMES = models.ACTIVATION_NAMES   # the registry's names (notebook 04)
SOFTMAX_EXAMPLE = (0.5, 0.2, 3.1, 1.0, -0.5, -1.0, -1.2, -0.8, -1.5, -1.4)   # the lecture's digits 0-9
_SHADE = mpl.colors.ListedColormap(["#f3c4ca", "#b3dde3"])   # light class-0 red, light class-1 teal


# ------------------------------------------------------------------ validation

def _gate_name(gate):
    key = str(gate).upper()
    if key not in GATES:
        raise ValueError(f"Unknown gate {gate!r}: choose one of {', '.join(GATES)}.")
    return key


# ================================================================= perceptron

def perceptron_table(w1, w2, b, gate="AND"):
    """The neuron z = w1*x1 + w2*x2 + b, out = step(z), on the four inputs.

    Returns (rows, all_correct): rows is a list of four dicts with keys x1, x2, z,
    output, target (the gate's truth table) and correct (bool); all_correct is True
    when the neuron computes the gate on every row.
    """
    w1, w2, b = finite_number(w1, "w1"), finite_number(w2, "w2"), finite_number(b, "b")
    targets = GATES[_gate_name(gate)]
    rows = []
    for (x1, x2), target in zip(INPUTS, targets):
        z = w1 * x1 + w2 * x2 + b
        z = round(z, 10)                                # 0.1 + 0.2 - 0.3 is 0, not 5e-17
        out = int(step(z))                              # notebook 02's step: 1 where z > 0
        rows.append({"x1": x1, "x2": x2, "z": z, "output": out, "target": target, "correct": out == target})
    return rows, all(row["correct"] for row in rows)


def _banner(correct, gate, n_correct):
    if correct:
        return f"✅ all 4 rows correct: this neuron computes {gate}"
    text = f"{n_correct} of 4 rows correct"
    if gate == "XOR":
        text += " (for XOR no single line works: notebook 03 shows why)"
    return text


class _PerceptronView:
    """The plane: shaded half-planes, the decision line, the four points."""
    LIMITS = (-0.5, 1.5, -0.5, 1.5)

    def __init__(self, ax):
        self.ax = ax
        x0, x1, y0, y1 = self.LIMITS
        g = np.linspace(x0, x1, 120)
        self.grid = np.meshgrid(g, np.linspace(y0, y1, 120))
        self.shade = ax.imshow(np.zeros((120, 120)), extent=self.LIMITS, origin="lower", cmap=_SHADE,
                               vmin=0, vmax=1, interpolation="nearest", aspect="auto", zorder=0)
        self.line, = ax.plot([], [], color=INK, lw=2.5, zorder=2, label="$w_1x_1+w_2x_2+b=0$")
        X = np.array(INPUTS, dtype=float)
        self.points = ax.scatter(X[:, 0], X[:, 1], s=260, c=[CLASS_COLORS[0]] * 4,
                                 edgecolors="white", linewidths=2, zorder=3)
        self.labels = [ax.text(x + 0.08, y + 0.1, "", fontsize=10, color=INK, zorder=4) for x, y in INPUTS]
        ax.set(xlim=self.LIMITS[:2], ylim=self.LIMITS[2:], xlabel="$x_1$", ylabel="$x_2$",
               xticks=[0, 1], yticks=[0, 1])
        ax.set_aspect("equal")
        ax.grid(False)
        handles = [mpl.patches.Patch(color=_SHADE(0), label="output 0"),
                   mpl.patches.Patch(color=_SHADE(1), label="output 1")]
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.08), fontsize=8, ncols=2,
                  borderaxespad=0, handlelength=1.2)

    def update(self, w1, w2, b, gate, rows, correct):
        xx, yy = self.grid
        self.shade.set_data(step(np.round(w1 * xx + w2 * yy + b, 10)).numpy())
        line = decision_line(w1, w2, b, self.LIMITS)
        self.line.set_data(*(line if line is not None else ([], [])))
        self.points.set_facecolors([CLASS_COLORS[r["output"]] for r in rows])
        for text, row in zip(self.labels, rows):
            text.set_text(f"out {row['output']}")
            text.set_color(INK if row["correct"] else "#d1495b")
        self.ax.set_title(f"$w_1$ = {w1:.1f},  $w_2$ = {w2:.1f},  $b$ = {b:.1f}", fontsize=11, y=1.02)


def perceptron_figure(w1, w2, b, gate="AND"):
    """The perceptron view as a static figure: left, the plane with the decision line
    and the four inputs coloured by the neuron's output; right, the truth table with
    a tick for every row that matches `gate`. Returns the figure."""
    import matplotlib.pyplot as plt

    gate = _gate_name(gate)
    rows, correct = perceptron_table(w1, w2, b, gate)
    fig, (ax, ax_table) = plt.subplots(1, 2, figsize=(8.2, 3.8), width_ratios=[1, 1.05], layout="constrained")
    _PerceptronView(ax).update(float(w1), float(w2), float(b), gate, rows, correct)
    ax_table.axis("off")
    cells = [[r["x1"], r["x2"], f"{r['z']:+.2f}", r["output"], r["target"], "✓" if r["correct"] else "✗"]
             for r in rows]
    table = ax_table.table(cellText=cells, colLabels=["$x_1$", "$x_2$", "$z$", "out", gate, ""],
                           loc="center", cellLoc="center")
    table.scale(1, 1.7)
    table.set_fontsize(11)
    for i, r in enumerate(rows, start=1):
        table[i, 5].get_text().set_color("#2a9d4a" if r["correct"] else "#d1495b")
    n_correct = sum(r["correct"] for r in rows)
    ax_table.set_title(f"{gate}: all 4 rows correct ✓" if correct else f"{gate}: {n_correct} of 4 rows correct",
                       fontsize=12, color="#2a9d4a" if correct else INK, y=1.02)
    if gate == "XOR" and not correct:
        ax_table.text(0.5, 0.02, "no single line gives XOR:\nnotebook 03 shows why", ha="center", va="bottom",
                      fontsize=10, color=GREY, transform=ax_table.transAxes)
    return fig


def _table_html(rows, gate):
    head = "".join(f"<th style='padding:2px 10px'>{h}</th>" for h in ("x1", "x2", "z", "out", gate, ""))
    body = ""
    for r in rows:
        mark = ("<span style='color:#2a9d4a'>✓</span>" if r["correct"]
                else "<span style='color:#d1495b'>✗</span>")
        cells = (r["x1"], r["x2"], f"{r['z']:+.2f}", r["output"], r["target"], mark)
        body += "<tr>" + "".join(f"<td style='padding:2px 10px;text-align:center'>{c}</td>" for c in cells) + "</tr>"
    return f"<table class='course-truth-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _slider_range(values, limit):
    """min/max of a slider: -limit..limit, widened to whole numbers that hold every
    value given, so that a value outside the usual range is shown as it is, never clamped."""
    return {"min": float(min(-limit, math.floor(min(values)))), "max": float(max(limit, math.ceil(max(values))))}


class PerceptronWidget(W.VBox):
    """The perceptron explorer (built by `perceptron_explorer`; see there).
    Controls: w1, w2, b, gate. State: rows, table_correct, n_correct.
    `redraw()` updates everything."""

    def __init__(self, gate="AND", w1=0.5, w2=0.5, b=0.0):
        gate = _gate_name(gate)
        values = {name: finite_number(v, name) for name, v in (("w1", w1), ("w2", w2), ("b", b))}
        slider = dict(step=0.1, readout_format=".1f", continuous_update=True, layout=W.Layout(width="320px"))
        self.w1, self.w2, self.b = (
            W.FloatSlider(value=values[name], description=name, **_slider_range([values[name]], 2.0), **slider)
            for name in ("w1", "w2", "b"))
        self.gate = W.ToggleButtons(options=list(GATES), value=gate, description="gate",
                                    style={"button_width": "64px"})
        self.table = W.HTML()
        self.banner = W.HTML()
        self.image = W.Image(format="png", layout=W.Layout(width="380px"))
        self.fig = new_figure((4.2, 4.2))
        self.view = _PerceptronView(self.fig.add_subplot())
        right = W.VBox([self.w1, self.w2, self.b, self.table, self.banner],
                       layout=W.Layout(justify_content="center"))
        super().__init__([self.gate, W.HBox([self.image, right])])
        self.add_class("course-perceptron-explorer")
        for control in (self.w1, self.w2, self.b, self.gate):
            control.observe(lambda change: self.redraw(), names="value")
        self.redraw()

    def redraw(self):
        w1, w2, b, gate = self.w1.value, self.w2.value, self.b.value, self.gate.value
        self.rows, self.table_correct = perceptron_table(w1, w2, b, gate)
        self.n_correct = sum(r["correct"] for r in self.rows)
        self.table.value = _table_html(self.rows, gate)
        colour = "#2a9d4a" if self.table_correct else INK
        self.banner.value = (f"<b class='course-banner' style='color:{colour}'>"
                             f"{_banner(self.table_correct, gate, self.n_correct)}</b>")
        self.view.update(w1, w2, b, gate, self.rows, self.table_correct)
        self.image.value = png(self.fig)


def perceptron_explorer(gate="AND", w1=0.5, w2=0.5, b=0.0):
    """Sliders for w1, w2, b (-2..2, widened to hold a value given outside it; step
    0.1) and a gate choice. Shows the decision line w1*x1 + w2*x2 + b = 0, the four
    inputs coloured by the neuron's output, and the truth table with a tick per matching row
    (plus a banner when all 4 match).

    Returns the widget, a `PerceptronWidget` (display it as a cell's last line). Drive
    it from code with `ui.w1.value = 1.0`; read `ui.table_correct`, `ui.rows`, `ui.n_correct`.
    """
    return PerceptronWidget(gate, w1, w2, b)


# ================================================================= activations

def _activation_fn(name):
    """The registry's tensor function for activation `name` (`models.activation`)."""
    return models.activation(name).fn


def activation_curves(activation, z=None):
    """f(z) and its derivative f'(z) on z (default 401 points in [-5, 5]), as NumPy
    arrays (z, f, df), for an activation of the registry (`models.ACTIVATIONS`;
    notebook 04 teaches them and their gradients). The derivative comes from autograd;
    for step it is 0 everywhere (at z = 0 it is undefined; autograd reports 0)."""
    fn = _activation_fn(activation)
    z = torch.linspace(-5, 5, 401) if z is None else torch.as_tensor(z, dtype=torch.float32)
    zg = z.clone().requires_grad_(True)
    out = fn(zg)
    if out.requires_grad:
        grad, = torch.autograd.grad(out.sum(), zg)
    else:                                    # step: no gradient flows at all
        grad = torch.zeros_like(z)
    return z.numpy(), out.detach().numpy(), grad.numpy()


_NET_CACHE = {}


def train_small_net(activation="relu", dataset="circles", hidden=(8, 8), epochs=300, lr=0.05, seed=0):
    """Train a small 2 -> 8 -> 8 -> 1 network (`models.mlp([2, *hidden, 1], activation)`)
    with the given hidden activation on a 2-D data set (circles or moons, 200 points):
    `epochs` full-batch epochs of notebook 08's `train_epoch` with Adam and binary
    cross-entropy. Cached: the same arguments return the same trained result at once.
    Notebook 04 shows it: the same network with and without an activation.

    Returns a dict: model (torch module, logits out), X, y (the data), loss (list per
    epoch), accuracy (training accuracy, a fraction). With step the loss barely moves:
    its gradient is 0, so only the output layer can learn.
    """
    from .. import data

    activation = models.activation_name(activation)
    if dataset not in ("circles", "moons"):
        raise ValueError(f"Unknown data set {dataset!r}: choose 'circles' or 'moons'.")
    key = (activation, dataset, tuple(hidden), epochs, lr, seed)
    if key in _NET_CACHE:
        return _NET_CACHE[key]
    X, y = data.dataset_2d(dataset, n=200, noise=0.1, seed=seed)
    with torch.random.fork_rng(devices=[]):          # leave the notebook's random state alone
        torch.manual_seed(seed)
        model = models.mlp([2, *hidden, 1], activation)
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        bce = torch.nn.BCEWithLogitsLoss()
        losses = [train_epoch(model, [(X, y)], lambda output, target: bce(output[:, 0], target), optimizer)[0]
                  for _ in range(epochs)]
    with torch.no_grad():
        accuracy = ((model(X)[:, 0] > 0).float() == y).float().mean().item()
    result = {"model": model, "X": X, "y": y, "loss": losses, "accuracy": accuracy}
    _NET_CACHE[key] = result
    return result


def _boundary_grid(model, limits, n=90):
    """P(class 1) of `model` (logits out) on an n x n grid over limits (x0, x1, y0, y1)."""
    xs, ys = np.linspace(limits[0], limits[1], n), np.linspace(limits[2], limits[3], n)
    xx, yy = np.meshgrid(xs, ys)
    with torch.no_grad():
        p = torch.sigmoid(model(torch.tensor(np.c_[xx.ravel(), yy.ravel()], dtype=torch.float32)))
    return p.numpy().reshape(n, n)


class _ActivationView:
    """Three panels: f and f', the net without activation, the net with it."""

    def __init__(self, axes):
        self.ax_fn, self.ax_lin, self.ax_act = axes
        self.f_line, = self.ax_fn.plot([], [], color=PALETTE[0], label="$f(z)$")
        self.g_line, = self.ax_fn.plot([], [], "--", color=PALETTE[1], label="$f'(z)$")
        self.ax_fn.set(xlim=(-5, 5), xlabel="$z$")
        self.ax_fn.axhline(0, color=GREY, lw=0.8)
        self.ax_fn.legend(loc="upper left", fontsize=9)
        self.images, self.contours, self.scatters = {}, {}, {}
        self.limits = None

    def _panel(self, ax, result, title):
        X, y = result["X"].numpy(), result["y"].numpy()
        if ax not in self.images:
            pad = 0.4
            self.limits = (X[:, 0].min() - pad, X[:, 0].max() + pad, X[:, 1].min() - pad, X[:, 1].max() + pad)
            self.images[ax] = ax.imshow(np.zeros((2, 2)), extent=self.limits, origin="lower",
                                        cmap=BOUNDARY_CMAP, vmin=0, vmax=1, aspect="auto", zorder=0,
                                        interpolation="bilinear")
            self.scatters[ax] = ax.scatter(X[:, 0], X[:, 1], s=14, c=[CLASS_COLORS[int(v)] for v in y],
                                           edgecolors="white", linewidths=0.4, zorder=2)
            ax.set(xlim=self.limits[:2], ylim=self.limits[2:], xlabel="$x_1$", ylabel="$x_2$")
            ax.grid(False)
        else:
            self.scatters[ax].set_offsets(X)
            self.scatters[ax].set_facecolors([CLASS_COLORS[int(v)] for v in y])
        key = ("grid", self.limits)
        if key not in result:                       # computed once per trained net
            result[key] = _boundary_grid(result["model"], self.limits)
        grid = result[key]
        self.images[ax].set_data(grid)
        if self.contours.get(ax) is not None:
            self.contours[ax].remove()
        self.contours[ax] = None
        if grid.min() < 0.5 < grid.max():                 # the boundary: where p = 0.5
            xs = np.linspace(self.limits[0], self.limits[1], grid.shape[1])
            ys = np.linspace(self.limits[2], self.limits[3], grid.shape[0])
            self.contours[ax] = ax.contour(xs, ys, grid, levels=[0.5], colors=INK, linewidths=1.5, zorder=1)
        ax.set_title(title, fontsize=10, y=1.02)

    def update(self, activation, dataset):
        z, f, df = activation_curves(activation)
        self.f_line.set_data(z, f)
        self.g_line.set_data(z, df)
        top = max(1.2, min(5.0, float(np.max(f)) + 0.2))
        self.ax_fn.set_ylim(min(-1.2, float(np.min(f)) - 0.2) if activation in ("tanh", "identity") else -0.3, top)
        self.ax_fn.set_title(f"{activation}: $f(z)$ and $f'(z)$", fontsize=10, y=1.02)
        without = train_small_net("identity", dataset)
        with_it = train_small_net(activation, dataset)
        self._panel(self.ax_lin, without, f"2-8-8-1, no activation\n{100 * without['accuracy']:.0f}% train accuracy")
        accuracy = f"{100 * with_it['accuracy']:.0f}%"
        title = (f"2-8-8-1 with step ($f'$ = 0)\n{accuracy}: only the last layer learns" if activation == "step"
                 else f"2-8-8-1 with {activation}\n{accuracy} train accuracy")
        self._panel(self.ax_act, with_it, title)
        return without, with_it


def activation_figure(activation="relu", dataset="circles"):
    """Static view: the activation and its gradient, and the decision boundary of
    a small 2-8-8-1 network trained on `dataset` without any activation (a straight
    line, whatever the depth) and with `activation`. Returns the figure."""
    import matplotlib.pyplot as plt

    activation = models.activation_name(activation)
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), layout="constrained")
    _ActivationView(axes).update(activation, dataset)
    return fig


class ActivationWidget(W.VBox):
    """The activation explorer (built by `activation_explorer`; see there).
    Controls: activation, dataset. State: accuracy_without, accuracy_with, loss_with.
    `redraw()` updates everything."""

    def __init__(self, activation="relu", dataset="circles"):
        activation = models.activation_name(activation)
        if dataset not in ("circles", "moons"):
            raise ValueError(f"Unknown data set {dataset!r}: choose 'circles' or 'moons'.")
        self.activation = W.ToggleButtons(options=list(ACTIVATION_NAMES), value=activation,
                                          description="activation", style={"button_width": "80px"})
        self.dataset = W.ToggleButtons(options=["circles", "moons"], value=dataset,
                                       description="data", style={"button_width": "80px"})
        self.image = W.Image(format="png", layout=W.Layout(width="900px"))
        self.fig = new_figure((10, 3.3))
        self.view = _ActivationView(self.fig.subplots(1, 3))
        super().__init__([W.HBox([self.activation]), self.dataset, self.image])
        self.add_class("course-activation-explorer")
        for control in (self.activation, self.dataset):
            control.observe(lambda change: self.redraw(), names="value")
        self.redraw()

    def redraw(self):
        without, with_it = self.view.update(self.activation.value, self.dataset.value)
        self.accuracy_without, self.accuracy_with = without["accuracy"], with_it["accuracy"]
        self.loss_with = with_it["loss"]
        self.image.value = png(self.fig)


def activation_explorer(activation="relu", dataset="circles"):
    """Pick an activation (step, sigmoid, tanh, relu, identity) and a data set
    (circles, moons): see f(z) and f'(z), and the decision boundary of a small network
    trained without and with that activation. Each network is trained the first time
    it is needed (about 0.3 s) and cached, so switching back is instant.

    Returns the widget, an `ActivationWidget`; drive it with
    `ui.activation.value = "tanh"` and read `ui.accuracy_with`, `ui.accuracy_without`.
    """
    return ActivationWidget(activation, dataset)


# ================================================================= softmax

def _check_scores(scores):
    scores = SOFTMAX_EXAMPLE if scores is None else scores
    s = float_array(scores, "scores")
    if s.ndim != 1 or not 2 <= s.size <= 10:
        raise ValueError(f"scores must be a flat list of 2 to 10 numbers (one per class), got shape {s.shape}.")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores contain NaN or infinity: use ordinary numbers.")
    return s


class _SoftmaxView:
    def __init__(self, ax, n):
        self.ax = ax
        self.bars = ax.bar(range(n), np.zeros(n), color=PALETTE[5], width=0.7)
        self.labels = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(n)]
        ax.set(xticks=range(n), xlabel="digit (class)", ylabel="probability", ylim=(0, 1.12))
        ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        ax.grid(axis="x", visible=False)

    def update(self, scores, temperature):
        t = finite_number(temperature, "temperature")
        if t <= 0:
            raise ValueError(f"temperature must be > 0 (it divides the scores), not {t}.")
        p = stable_softmax(np.asarray(scores, dtype=float) / t)        # notebook 06's softmax of z / T
        winner = int(np.argmax(p))
        for i, (bar, text) in enumerate(zip(self.bars, self.labels)):
            bar.set_height(p[i])
            bar.set_color(PALETTE[0] if i == winner else PALETTE[5])
            text.set_position((i, p[i] + 0.015))
            text.set_text(f"{100 * p[i]:.1f}%")
        self.ax.set_title(f"softmax at T = {temperature:.2f}: predicts {winner} with {100 * p[winner]:.1f}%",
                          fontsize=11, y=1.02)
        return p


def softmax_figure(scores=None, temperature=1.0):
    """Static bar chart of softmax(scores / T) with percent labels, the winning class
    highlighted. Default scores: the lecture's example for digits 0-9. Returns the figure."""
    import matplotlib.pyplot as plt

    s = _check_scores(scores)
    fig, ax = plt.subplots(figsize=(7, 3.4))
    _SoftmaxView(ax, len(s)).update(s, temperature)
    return fig


class SoftmaxWidget(W.VBox):
    """The softmax explorer (built by `softmax_explorer`; see there).
    Controls: scores (list of sliders), temperature. State: probabilities.
    `redraw()` updates everything."""

    def __init__(self, scores=None, temperature=1.0):
        s = _check_scores(scores)
        t = finite_number(temperature, "temperature")
        if not 0.1 <= t <= 5:
            raise ValueError(f"temperature must be between 0.1 and 5 for the explorer, not {t}.")
        limits = _slider_range(s, 5.0)
        self.scores = [W.FloatSlider(value=float(v), step=0.1, description=f"digit {i}", readout_format=".1f",
                                     layout=W.Layout(width="300px"), **limits) for i, v in enumerate(s)]
        self.temperature = W.FloatSlider(value=t, min=0.1, max=5.0, step=0.05, description="T",
                                         readout_format=".2f", layout=W.Layout(width="300px"))
        self.image = W.Image(format="png", layout=W.Layout(width="560px"))
        self.fig = new_figure((6.4, 3.3))
        self.view = _SoftmaxView(self.fig.add_subplot(), len(s))
        super().__init__([W.HBox([W.VBox([*self.scores, self.temperature]), self.image])])
        self.add_class("course-softmax-explorer")
        for control in (*self.scores, self.temperature):
            control.observe(lambda change: self.redraw(), names="value")
        self.redraw()

    def redraw(self):
        values = [slider.value for slider in self.scores]
        self.probabilities = self.view.update(values, self.temperature.value)
        self.image.value = png(self.fig)


def softmax_explorer(scores=None, temperature=1.0):
    """One score slider per class (default: the lecture's ten scores for digits 0-9,
    each -5..5, widened to hold a score given outside it) and a temperature slider (0.1..5);
    the probability bars (with percent labels) follow live.

    Returns the widget, a `SoftmaxWidget`; drive it with `ui.scores[2].value = 0.0` or
    `ui.temperature.value = 2.0` and read `ui.probabilities`.
    """
    return SoftmaxWidget(scores, temperature)
