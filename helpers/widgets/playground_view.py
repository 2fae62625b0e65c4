"""The network playground widget (notebook 09a), and its static figures.

    from helpers.widgets import playground, playground_figure
    playground()                              # the live widget (last line of a cell)
    playground(points=(X, y))                 # ... on your own 2-D points
    playground_figure(pg)                     # what the widget shows, for a `Playground`

The logic (data, features, model, training, maps, export) is `playground_model`; this
module draws it as a scene (`widgets.scene`) and wires the controls. Every control is a
name in `ui.values` (`dataset`, `noise`, `x1*x2`, `layers`, `units 1`, `learning rate`,
...), the run itself is `ui.pg` (a `Playground`), so tests drive the widget as a student
does: `ui.set(noise=0.3)`, `ui.click("step")`.

Why asyncio for "start": the kernel handles widget messages (a click on "pause", a
slider) on its event loop, between cells. A plain `for` loop over epochs would block
that loop, so nothing, not even "pause", would react until it ended. So "start"
schedules a coroutine on the kernel's own loop: it trains for about CHUNK_SECONDS,
redraws, then `await`s a short sleep, during which the kernel processes every pending
click and slider change. One thread, no locks, and the notebook stays responsive.
"""
import asyncio
import time

import matplotlib as mpl
import numpy as np

from ..models import ACTIVATION_NAMES
from ..plots.style import BOUNDARY_CMAP, CLASS_COLORS, INK, PALETTE
from .explorers import contour
from .playground_model import (
    CLASSIFICATION_SETS,
    FEATURES,
    LOSSES,
    MAX_LAYERS,
    MAX_UNITS,
    ONE_D_FEATURES,
    REGULARIZATIONS,
    Playground,
    PlaygroundError,
)
from .scene import SceneWidget, axis, draw, image, line, panel, points, scene, slider, text

CHUNK_SECONDS = 0.15            # train this long between redraws while running
MAX_EPOCHS = 5000               # "start" pauses by itself here
LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
# The exported code scrolls in its box: keyboard users reach it with Tab and scroll it with the arrows.
CODE_BOX = "tabindex='0' role='region' aria-label='the network as PyTorch code'"
REG_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
UNIT_CMAP = mpl.colors.LinearSegmentedColormap.from_list("units", [CLASS_COLORS[0], "#ffffff", CLASS_COLORS[1]])


# ------------------------------------------------------------------ what it shows

def _marks(pg):
    """Training points as circles, test points as triangles; class 0 hollow, class 1 filled."""
    marks = []
    for split, X, y, shape in (("train", pg.X_train, pg.y_train, "circle"), ("test", pg.X_test, pg.y_test, "triangle")):
        X, y = np.asarray(X), np.asarray(y).reshape(-1)
        if pg.one_d:
            marks.append(points(X[:, 0], y, PALETTE[0] if split == "train" else "white", shape, 24, PALETTE[0],
                                label=split))
            continue
        for c in (0, 1):
            marks.append(points(X[y == c, 0], X[y == c, 1], "white" if c == 0 else CLASS_COLORS[1], shape,
                                26 if split == "train" else 18, CLASS_COLORS[c], label=f"{split}, class {c}"))
    return marks


def boundary_panel(pg, title=None, width=3.9):
    """P(class 1) over the plane with the line p = 0.5 and the points (for the regression
    set: the network's curve and the points)."""
    xs, ys, values = pg.output_grid()
    title = title or f"epoch {pg.epoch}: test loss {pg.test_loss:.3f}"
    x = axis(*pg.limits[:2], "x1")
    if pg.one_d:
        lo = min(values.min(), pg.y_train.min().item())
        hi = max(values.max(), pg.y_train.max().item())
        pad = 0.1 * (hi - lo + 1e-6)
        return panel(title, x, axis(lo - pad, hi + pad, "y"), width=width, height=3.6,
                     lines=[line(xs, values, INK, 2.5, label="network")], points=_marks(pg), legend=True)
    return panel(title, x, axis(*pg.limits[2:], "x2"), width=width, height=3.6, equal=True,
                 image=image(values, pg.limits, BOUNDARY_CMAP), lines=contour(values, pg.limits),
                 points=_marks(pg))


def loss_panel(pg):
    """Train and test loss after each epoch, titled with the loss (`check_settings` makes
    the regression set's loss squared error)."""
    h = pg.history
    top = max(max(h["train_loss"]), max(h["test_loss"]))
    loss = axis(0, 1.05 * top if np.isfinite(top) and top > 0 else 1, "loss")
    return panel(f"{pg.settings.loss}: train {pg.train_loss:.3f}, test {pg.test_loss:.3f}",
                 axis(0, max(10, pg.epoch), "epoch"), loss, width=3.7, height=3.6, legend=True,
                 lines=[line(h["epoch"], h["train_loss"], PALETTE[0], 2, label="train"),
                        line(h["epoch"], h["test_loss"], PALETTE[1], 2, "dashed", "test")])


def maps_panel(pg, resolution=24, gap=3):
    """Every unit's output as a small map over the plane, one row per layer: the input
    features first, then each hidden layer (orange < 0 < blue, each map scaled to itself)."""
    layers = pg.hidden_maps(resolution)
    cols = max(MAX_UNITS, *(len(layer) for layer in layers))
    size = resolution + gap
    mosaic = np.full((len(layers) * size, cols * size), np.nan)
    for r, layer in enumerate(layers):
        for c, m in enumerate(layer):
            m = np.repeat(m[None, :], resolution, 0) if m.ndim == 1 else m      # 1-D: varies along x1 only
            scale = np.abs(m).max()
            top = (len(layers) - 1 - r) * size + gap              # row 0 of the image is the bottom
            mosaic[top:top + resolution, c * size:c * size + resolution] = m / scale if scale > 1e-9 else 0 * m
    names = ["inputs"] + [f"layer {i}" for i in range(1, len(layers))]
    labels = [text(-2, (len(layers) - r - 0.5) * size - 3, n, INK, 8, "end") for r, n in enumerate(names)]
    labels += [text(c * size + resolution / 2, len(layers) * size + 2, f, INK, 7)
               for c, f in enumerate(pg.settings.features)]
    extent = (0, cols * size, 0, len(layers) * size)
    return panel("what each unit outputs (orange < 0 < blue)", axis(-36, cols * size, hidden=True),
                 axis(0, len(layers) * size + 10, hidden=True), width=3.6, height=0.6 + 0.46 * len(layers),
                 equal=True, image=image(mosaic, extent, UNIT_CMAP, -1, 1), texts=labels)


def playground_scene(pg, title=None):
    """The boundary (or fitted curve) with train and test points, the loss curves and
    the units' maps of a `Playground`."""
    h = pg.history
    acc = h["test_acc"][-1]
    alt = (f"Playground on {pg.settings.dataset}, {len(pg.settings.hidden)} hidden layer(s) "
           f"{'-'.join(map(str, pg.settings.hidden)) or 'none'}, epoch {pg.epoch}: train loss {pg.train_loss:.3f}, "
           f"test loss {pg.test_loss:.3f}" + (f", test accuracy {100 * acc:.0f}%" if acc is not None else "")
           + f"; the loss started at {h['train_loss'][0]:.3f}.")
    return scene([boundary_panel(pg), loss_panel(pg), maps_panel(pg)], alt, title or "")


def playground_figure(pg, title=None):
    """What the playground shows for a `Playground` `pg`, as a static figure."""
    return draw(playground_scene(pg, title))


def compare_figure(runs, title=None):
    """Decision boundaries (or fitted curves) of several runs side by side. runs: dict
    label -> `Playground`; each panel is titled with its label and final losses."""
    if not runs:
        raise ValueError("compare_figure needs at least one run: {'label': playground, ...}.")
    panels = [boundary_panel(pg, f"{label}\ntrain loss {pg.train_loss:.3f}, test loss {pg.test_loss:.3f}", 3.4)
              for label, pg in runs.items()]
    alt = "; ".join(f"{label}: train loss {pg.train_loss:.3f}, test loss {pg.test_loss:.3f}"
                    for label, pg in runs.items())
    return draw(scene(panels, f"Decision boundaries side by side. {alt}.", title or ""))


# ------------------------------------------------------------------ the widget

def _menu(name, options, numeric=False):
    return {"kind": "menu", "name": name, "label": name, "options": list(options), "numeric": numeric}


def _controls(pg, custom):
    """The playground's controls, for scene.js: buttons, data, inputs, network, training."""
    s = pg.settings
    return ([{"kind": "button", "name": n, "label": n} for n in ("start", "step", "reset", "export")]
            + [_menu("data", list(CLASSIFICATION_SETS) + ["regression"] + ["custom"] * custom),
               slider("noise", 0, 1, 0.05, 2), slider("train %", 10, 90, 10, 0), slider("batch size", 1, 100, 1, 0)]
            + [{"kind": "switch", "name": f, "label": f"input {f}"} for f in FEATURES]
            + [slider("hidden layers", 0, MAX_LAYERS, 1, 0)]
            + [slider(f"units {i}", 1, MAX_UNITS, 1, 0) for i in range(1, MAX_LAYERS + 1)]
            + [_menu("activation", ACTIVATION_NAMES), _menu("loss", LOSSES),
               _menu("learning rate", sorted(set(LEARNING_RATES) | {s.learning_rate}), True),
               _menu("regularization", REGULARIZATIONS),
               _menu("reg. rate", sorted(set(REG_RATES) | {s.reg_rate}), True),
               {"kind": "number", "name": "seed", "label": "seed", "min": 0, "max": 2**31 - 1}])


def _values(s):
    hidden = list(s.hidden) + [4] * (MAX_LAYERS - len(s.hidden))
    return ({"data": s.dataset, "noise": s.noise, "train %": round(100 * s.train_fraction),
             "batch size": s.batch_size, "hidden layers": len(s.hidden), "activation": s.activation, "loss": s.loss,
             "learning rate": s.learning_rate, "regularization": s.regularization, "reg. rate": s.reg_rate,
             "seed": s.seed} | {f: f in s.features for f in FEATURES}
            | {f"units {i + 1}": hidden[i] for i in range(MAX_LAYERS)})


def _settings(v):
    return dict(dataset=v["data"], noise=v["noise"], train_fraction=v["train %"] / 100, batch_size=int(v["batch size"]),
                features=tuple(f for f in FEATURES if v[f]),
                hidden=tuple(int(v[f"units {i}"]) for i in range(1, int(v["hidden layers"]) + 1)),
                activation=v["activation"], loss=v["loss"], regularization=v["regularization"],
                reg_rate=v["reg. rate"], learning_rate=v["learning rate"], seed=int(v["seed"]))


class PlaygroundWidget(SceneWidget):
    """TensorFlow Playground in the notebook, in PyTorch: pick data, features, hidden
    layers (up to 6 of up to 8 units), activation, loss, regularisation, learning rate
    and batch size; press start / pause / step / reset and watch the boundary, the loss
    curves and every hidden unit's map change. "export" shows the PyTorch code that
    rebuilds the trained network.

    points=(X, y): your own 2-D points (X shape (n, 2), y labels 0/1). Keyword settings
    as in `playground_model.Settings`, e.g. playground(dataset="xor").
    Notebooks call it `playground`; `ui.pg` is the `Playground` it trains, `ui.running`
    is True while "start" trains."""

    def __init__(self, points=None, **settings):
        self.pg = Playground(points=points, **settings)
        self.running, self._task, self.message, self.code = False, None, "", ""
        super().__init__(_controls(self.pg, points is not None), _values(self.pg.settings),
                         css_class="course-playground")

    def redraw(self):
        """Apply the controls to the run (a change of data, features or architecture
        starts a new network), then show the picture, the labels and the messages."""
        v = self.values
        one_d = v["data"] == "regression"
        off = [f for f in FEATURES if one_d and f not in ONE_D_FEATURES and v[f]]
        if off or not any(v[f] for f in FEATURES):            # regression has x1 only; keep one input on
            self.values = {**v, **{f: False for f in off}, "x1": v["x1"] or not any(v[f] for f in ONE_D_FEATURES)}
            return                                            # the change calls redraw again
        try:
            self.pg.update(**_settings(v))
            self.message = ""
        except PlaygroundError as err:
            self.message = f"⚠️ {err}"
        self.hidden = [f"units {i}" for i in range(int(v["hidden layers"]) + 1, MAX_LAYERS + 1)] + (
            [f for f in FEATURES if f not in ONE_D_FEATURES] + ["loss"] if one_d else [])
        self.draw_run()

    def draw_run(self):
        pg = self.pg
        acc = pg.history["test_acc"][-1]
        status = (f"epoch {pg.epoch} · train loss {pg.train_loss:.3f} · test loss {pg.test_loss:.3f}"
                  + (f" · test accuracy {100 * acc:.0f}%" if acc is not None else ""))
        notes = [n for n in (self.message, pg.diverged and f"ℹ️ {pg.diverged}", pg.note and f"ℹ️ {pg.note}") if n]
        html = (f"<b class='course-epoch'>{status}</b>" + "".join(f"<p class='course-message'>{n}</p>" for n in notes)
                + (f"<pre class='course-code' {CODE_BOX}>{self.code}</pre>" if self.code else ""))
        self.show(playground_scene(pg), html, status if not self.running else "")

    # -- the buttons
    def click(self, name):
        actions = {"start": lambda: self.pause() if self.running else self.start(), "step": self.step,
                   "reset": self.reset, "export": self.show_code}
        if name not in actions:
            raise ValueError(f"The playground has no button {name!r}: it has {', '.join(actions)}.")
        actions[name]()

    def step(self, epochs=1):
        """Train `epochs` epochs (the "step" button: one) and redraw."""
        self.pg.train(epochs)
        self.draw_run()

    def reset(self):
        """New weights (same settings and seed), epoch 0."""
        self.pause()
        self.pg.reset()
        self.code = ""
        self.draw_run()

    def show_code(self):
        """Show the PyTorch code of the current network (with its weights) under the
        playground, and return it."""
        self.code = self.pg.export_code(weights=True)
        self.draw_run()
        return self.code

    def start(self):
        """Train on the kernel's event loop until pause (see the module docstring). In
        plain Python there is no running loop: use step(epochs) there."""
        if self.running:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.message = "⚠️ start needs a running Jupyter kernel; here, use ui.step(epochs) instead."
            self.draw_run()
            return
        self.running = True
        self.labels = {"start": "pause"}
        self._task = loop.create_task(self.run())

    def pause(self):
        """Stop after the current chunk of epochs."""
        self.running = False
        self.labels = {"start": "start"}

    async def run(self):
        """The training coroutine: chunks of CHUNK_SECONDS of epochs, a redraw, then a
        short sleep that lets the kernel handle clicks and slider moves."""
        self.running = True
        try:
            while self.running and not self.pg.diverged and self.pg.epoch < MAX_EPOCHS:
                started = time.perf_counter()
                while time.perf_counter() - started < CHUNK_SECONDS and self.pg.epoch < MAX_EPOCHS:
                    self.pg.train(1)
                    if self.pg.diverged:
                        break
                self.draw_run()
                await asyncio.sleep(0.02)
        finally:
            self.pause()
            self.draw_run()


playground = PlaygroundWidget          # what the notebooks call: playground(), playground(points=(X, y))
