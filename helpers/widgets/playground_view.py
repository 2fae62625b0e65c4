"""The network playground widget, and its static figure.

    from helpers.widgets import playground, playground_figure
    playground()                              # the live widget (last line of a cell)
    playground(points=(X, y))                 # ... on your own 2-D points
    playground_figure(pg)                     # what the widget shows, for a `Playground`

The logic (data, features, model, training, maps, export) is `widgets.playground_model`;
this module only draws it and wires the controls. Every control is an attribute
(`ui.dataset`, `ui.layers`, `ui.units[0]`, `ui.features["x1*x2"]`, `ui.learning_rate`,
`ui.step_button`, ...), the run itself is `ui.pg` (a `Playground`), so tests drive the
widget exactly as a student does: set `.value`, call `.click()`.

Why asyncio for "start": the kernel handles widget messages (a click on "pause", a
slider) on its event loop, between cells. A plain `for` loop over epochs would block
that loop, so nothing, not even "pause", would react until it ended. A background
thread would keep the loop free, but PyTorch and the widget state would then be
touched from two threads at once. So "start" schedules a coroutine on the kernel's
own loop: it trains for about CHUNK_SECONDS, redraws, then `await`s a short sleep,
during which the kernel processes every pending click and slider change. One thread,
no locks, and the notebook stays responsive.
"""
import asyncio
import time

import matplotlib as mpl
import numpy as np

from ..models import ACTIVATION_NAMES
from ..plots.style import BOUNDARY_CMAP, CLASS_COLORS, GREY, INK, PALETTE
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
from .render import ipywidgets, new_figure, png

CHUNK_SECONDS = 0.15            # train this long between redraws while running
MAX_EPOCHS = 5000               # "start" pauses by itself here
LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
UNIT_CMAP = mpl.colors.LinearSegmentedColormap.from_list(
    "units", [CLASS_COLORS[0], "#ffffff", CLASS_COLORS[1]]).with_extremes(bad=(1, 1, 1, 0))
W = ipywidgets()   # the playground is an ipywidgets.VBox; `import helpers` alone never loads this module


# ------------------------------------------------------------------ drawing

def maps_mosaic(maps, gap=3, label_gap=None, min_cols=1):
    """Tile unit maps (a list per layer of arrays (units, r, r), or (units, r) for
    1-D data) into one image, one row per layer, each map scaled by its largest
    absolute value to [-1, 1] (a dead unit stays 0, white). Gaps are NaN; below the
    first row (the inputs) the gap is `label_gap` pixels, room for feature names.
    At least `min_cols` columns (the widget uses 8, so a map keeps its size).
    Returns (image, row_tops, tile size, number of columns)."""
    tiles = []
    for layer in maps:
        if layer.ndim == 2:                 # 1-D: a square that varies along x1 only
            layer = np.repeat(layer[:, None, :], layer.shape[1], axis=1)
        tiles.append(layer)
    h, w = tiles[0].shape[1:]
    label_gap = max(gap, h // 2) if label_gap is None else label_gap
    cols = max(min_cols, *(len(t) for t in tiles))
    tops = [0] + [h + label_gap + r * (h + gap) for r in range(len(tiles) - 1)]
    image = np.full((tops[-1] + h, cols * (w + gap) - gap), np.nan)
    for top, layer in zip(tops, tiles):
        for c, m in enumerate(layer):
            scale = np.abs(m).max()
            m = m / scale if scale > 1e-9 else np.zeros_like(m)
            image[top:top + h, c * (w + gap):c * (w + gap) + w] = m[::-1]
    return image, tops, (h, w), cols


class _BoundaryView:
    """Big panel: P(class 1) over the plane with the 0.5 line, train points
    (white edge) and test points (dark edge); for regression, the curve and points.
    New data with the same kind of problem moves the existing artists (faster than
    clearing the axes)."""

    def __init__(self, ax):
        self.ax, self.key, self.one_d = ax, object(), None

    def _build(self, pg):
        ax = self.ax
        ax.clear()
        self.contour = None
        if pg.one_d:
            xs, _, values = pg.output_grid()
            self.points = {"train": ax.scatter([], [], s=14, color=PALETTE[0], label="train", zorder=2),
                           "test": ax.scatter([], [], s=14, color=PALETTE[2], label="test",
                                              edgecolors=INK, linewidths=0.6, zorder=2)}
            self.curve, = ax.plot(xs, values, color=INK, lw=2.5, label="network", zorder=3)
            ax.set(xlabel="$x_1$", ylabel="$y$")
            ax.set_aspect("auto")                        # clear() keeps the 2-D panel's "equal"
            ax.legend(loc="upper left", fontsize=8)
        else:
            self.image = ax.imshow(np.zeros((2, 2)), extent=pg.limits, origin="lower", cmap=BOUNDARY_CMAP,
                                   vmin=0, vmax=1, aspect="auto", zorder=0, interpolation="bilinear")
            self.points = {label: ax.scatter(np.zeros(1), np.zeros(1), s=size, c=["k"], edgecolors=edge,
                                             linewidths=0.7, zorder=2, alpha=alpha, label=label)
                           for size, edge, alpha, label in ((12, INK, 0.55, "test"), (24, "white", 1.0, "train"))}
            ax.set(xlabel="$x_1$", ylabel="$x_2$")
            ax.grid(False)
            legend = ax.legend(loc="best", fontsize=7, framealpha=0.7, frameon=True, handletextpad=0.2)
            for handle in legend.legend_handles:
                handle.set_facecolor(GREY)

    def _set_points(self, pg):
        ax = self.ax
        for label, X, y in (("train", pg.X_train, pg.y_train), ("test", pg.X_test, pg.y_test)):
            X, y = np.asarray(X), np.asarray(y).reshape(-1)
            if pg.one_d:
                self.points[label].set_offsets(np.column_stack([X[:, 0], y]))
            else:
                self.points[label].set_offsets(X[:, :2])
                self.points[label].set_facecolor([CLASS_COLORS[int(v)] for v in y])
        if pg.one_d:
            xs, _, _ = pg.output_grid()
            self.curve.set_xdata(xs)
            ax.set_xlim(pg.limits[:2])
        else:
            self.image.set_extent(pg.limits)
            ax.set(xlim=pg.limits[:2], ylim=pg.limits[2:])
            ax.set_aspect("equal")

    def update(self, pg, key):
        """Redraw for `pg`; returns True when the panel was rebuilt (the figure then
        needs a new layout: the axes labels changed)."""
        rebuilt = pg.one_d != self.one_d
        if rebuilt:
            self._build(pg)
            self.one_d = pg.one_d
        if key != self.key:
            self._set_points(pg)
            self.key = key
        xs, ys, values = pg.output_grid()
        if pg.one_d:
            self.curve.set_ydata(values)
            lo = min(values.min(), pg.y_train.min().item())
            hi = max(values.max(), pg.y_train.max().item())
            pad = 0.1 * (hi - lo + 1e-6)
            self.ax.set_ylim(lo - pad, hi + pad)
        else:
            self.image.set_data(values)
            if self.contour is not None:
                self.contour.remove()
            self.contour = (self.ax.contour(xs, ys, values, levels=[0.5], colors=INK, linewidths=1.5, zorder=1)
                            if values.min() < 0.5 < values.max() else None)
        self.ax.set_title(f"epoch {pg.epoch}: test loss {pg.test_loss:.3f}", fontsize=11, y=1.02)
        return rebuilt


class _LossView:
    def __init__(self, ax):
        self.ax = ax
        self.train, = ax.plot([], [], color=PALETTE[0], label="train")
        self.test, = ax.plot([], [], "--", color=PALETTE[1], label="test")
        ax.set(xlabel="epoch", ylabel="loss")
        ax.legend(loc="upper right", fontsize=8)

    def update(self, pg):
        h = pg.history
        self.train.set_data(h["epoch"], h["train_loss"])
        self.test.set_data(h["epoch"], h["test_loss"])
        top = max(max(h["train_loss"]), max(h["test_loss"]))
        self.ax.set_xlim(0, max(10, pg.epoch))
        self.ax.set_ylim(0, 1.05 * top if np.isfinite(top) and top > 0 else 1)
        name = "squared error" if pg.settings.problem == "regression" or pg.settings.loss != "cross-entropy" \
            else "cross-entropy"
        self.ax.set_title(f"{name}: train {pg.train_loss:.3f}, test {pg.test_loss:.3f}", fontsize=10, y=1.02)


class _MapsView:
    """Every unit's output as a small map: inputs (features) on the first row, then
    one row per hidden layer."""

    def __init__(self, ax):
        self.ax, self.key = ax, None

    def _fit_height(self, shape, left=0.8, right=0.1, top=0.35, bottom=0.05):
        fig = self.ax.figure
        width = fig.get_figwidth()
        height = (width - left - right) * shape[0] / shape[1] + top + bottom
        fig.set_size_inches(width, height)
        fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                            bottom=bottom / height)

    def _build(self, pg, image, tops, tile):
        ax = self.ax
        ax.clear()
        ax.axis("off")
        self.image = ax.imshow(image, cmap=UNIT_CMAP, vmin=-1, vmax=1, interpolation="nearest")
        h, w = tile
        names = ["inputs"] + [f"layer {i}" for i in range(1, len(pg.settings.hidden) + 1)]
        for top, name in zip(tops, names):
            ax.text(-2, top + h / 2, name, ha="right", va="center", fontsize=8, color=INK)
        for c, feature in enumerate(pg.settings.features):
            ax.text(c * (w + 3) + w / 2, h + 1, feature, ha="center", va="top", fontsize=7, color=INK)
        ax.set_title("what each unit outputs (red < 0 < teal)", fontsize=10, y=1.02)

    def update(self, pg, resolution=24, min_cols=1):
        image, tops, tile, cols = maps_mosaic(pg.hidden_maps(resolution), min_cols=min_cols)
        key = (pg.settings.features, pg.settings.hidden, image.shape)   # what the labels depend on
        if key != self.key:
            self._build(pg, image, tops, tile)
            if min_cols > 1:                     # the widget: constant map size, height follows rows
                self._fit_height(image.shape)
            self.key = key
        else:
            self.image.set_data(image)


def playground_figure(pg, title=None):
    """What the playground shows for a `Playground` `pg`, as one static figure: the
    decision boundary (or fitted curve) with train and test points, the train and
    test loss per epoch, and each unit's output as a small map. Returns the figure."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(10, 3.6), layout="constrained")
    ax_b, ax_l, ax_m = fig.subplots(1, 3, width_ratios=[1, 1, 1.2])
    key = (pg.settings, id(pg.model))
    _BoundaryView(ax_b).update(pg, key)
    _LossView(ax_l).update(pg)
    _MapsView(ax_m).update(pg)
    if title:
        fig.suptitle(title, fontweight="bold")
    return fig


def compare_figure(runs, title=None):
    """Decision boundaries (or fitted curves) of several runs side by side.
    runs: dict label -> `Playground`. Each panel is titled with its label and its
    final train and test loss. Returns the figure."""
    import matplotlib.pyplot as plt

    if not runs:
        raise ValueError("compare_figure needs at least one run: {'label': playground, ...}.")
    fig, axes = plt.subplots(1, len(runs), figsize=(3.4 * len(runs), 3.7), squeeze=False, layout="constrained")
    for ax, (label, pg) in zip(axes.flat, runs.items()):
        _BoundaryView(ax).update(pg, None)
        ax.set_title(f"{label}\ntrain loss {pg.train_loss:.3f}, test loss {pg.test_loss:.3f}", fontsize=10, y=1.02)
    if title:
        fig.suptitle(title, fontweight="bold")
    return fig


# ------------------------------------------------------------------ the widget

_STYLE = {"description_width": "90px"}
_ERROR = "<span style='color:#d1495b'>⚠️"       # how an error message starts (notes start with ℹ️)


def _control_layout():
    return W.Layout(width="250px")              # one Layout per control (they are shared objects)


def _button_layout():
    return W.Layout(width="90px")


def _kernel_loop():
    """The running event loop of the Jupyter kernel, or None in plain Python."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return None
    return loop if loop.is_running() else None


class PlaygroundWidget(W.VBox):
    """The network playground (built by `playground`; see there). Every control is an
    attribute (`dataset`, `noise`, `features["x1*x2"]`, `layers`, `units[i]`,
    `learning_rate`, `step_button`, ...); `pg` is the `Playground` it trains.

    Built in parts: the controls (`_data_controls`, `_network_controls`,
    `_training_controls`, `_buttons`), the figures (`_figures`), their arrangement
    (`_arrange`), the wiring of events (`_wire`); the actions (`step`, `reset`,
    `start`, `pause`, `show_code`), the run loop (`run`) and the drawing (`redraw`)."""

    def __init__(self, points=None, **settings):
        self.pg = Playground(points=points, **settings)
        self._syncing, self.running, self._task = False, False, None
        self._features_2d = None        # the 2-D feature choice, kept while on regression
        self._data_controls(self.pg.settings)
        self._network_controls(self.pg.settings)
        self._training_controls(self.pg.settings)
        self._buttons()
        self._figures()
        super().__init__(self._arrange())
        self.add_class("course-playground")
        self._wire()
        self._sync_controls()
        self.redraw()

    # -- controls: built once, one attribute each
    def _data_controls(self, s):
        datasets = list(CLASSIFICATION_SETS) + ["regression"] + (["custom"] if self.pg.points is not None else [])
        self.dataset = W.Dropdown(options=datasets, value=s.dataset, description="data",
                                  layout=_control_layout(), style=_STYLE)
        self.noise = W.FloatSlider(value=s.noise, min=0, max=0.5, step=0.05, description="noise",
                                   readout_format=".2f", continuous_update=False, layout=_control_layout(),
                                   style=_STYLE)
        self.train_percent = W.IntSlider(value=round(100 * s.train_fraction), min=10, max=90, step=10,
                                         description="train %", continuous_update=False, layout=_control_layout(),
                                         style=_STYLE)
        self.batch_size = W.IntSlider(value=s.batch_size, min=1, max=100, description="batch size",
                                      continuous_update=False, layout=_control_layout(), style=_STYLE)
        self.features = {name: W.ToggleButton(value=name in s.features, description=name,
                                              layout=W.Layout(width="84px"))
                         for name in FEATURES}

    def _network_controls(self, s):
        self.layers = W.IntSlider(value=len(s.hidden), min=0, max=MAX_LAYERS, description="hidden layers",
                                  continuous_update=False, layout=_control_layout(), style=_STYLE)
        hidden = list(s.hidden) + [4] * (MAX_LAYERS - len(s.hidden))
        self.units = [W.IntSlider(value=hidden[i], min=1, max=MAX_UNITS, description=f"layer {i + 1} units",
                                  continuous_update=False, layout=_control_layout(), style=_STYLE)
                      for i in range(MAX_LAYERS)]
        self.activation = W.Dropdown(options=list(ACTIVATION_NAMES), value=s.activation, description="activation",
                                     layout=_control_layout(), style=_STYLE)

    def _training_controls(self, s):
        self.loss = W.Dropdown(options=list(LOSSES), value=s.loss, description="loss", layout=_control_layout(),
                               style=_STYLE)
        self.regularization = W.Dropdown(options=list(REGULARIZATIONS), value=s.regularization,
                                         description="regularization", layout=_control_layout(), style=_STYLE)
        self.reg_rate = W.Dropdown(options=sorted(set(REG_RATES) | {s.reg_rate}), value=s.reg_rate,
                                   description="reg. rate", layout=_control_layout(), style=_STYLE)
        self.learning_rate = W.Dropdown(options=sorted(set(LEARNING_RATES) | {s.learning_rate}),
                                        value=s.learning_rate, description="learning rate",
                                        layout=_control_layout(), style=_STYLE)
        self.seed = W.BoundedIntText(value=s.seed, min=0, max=2**31 - 1, description="seed",
                                     layout=_control_layout(), style=_STYLE)

    def _buttons(self):
        self.play_button = W.Button(description="start", icon="play", button_style="success",
                                    layout=_button_layout())
        self.step_button = W.Button(description="step", icon="step-forward", layout=_button_layout(),
                                    tooltip="train one epoch")
        self.reset_button = W.Button(description="reset", icon="undo", layout=_button_layout())
        self.export_button = W.Button(description="export", icon="code", layout=_button_layout(),
                                      tooltip="show the PyTorch code of this network")
        self.epoch_label = W.HTML()
        self.loss_label = W.HTML()
        self.message = W.HTML()
        self.code = W.Textarea(layout=W.Layout(width="100%", height="220px", display="none"))

    def _figures(self):
        self.image = W.Image(format="png", layout=W.Layout(width="600px"))
        self.maps_image = W.Image(format="png", layout=W.Layout(width="540px"))
        self.fig = new_figure((7.6, 3.3))
        ax_b, ax_l = self.fig.subplots(1, 2)
        self.boundary_view, self.loss_view = _BoundaryView(ax_b), _LossView(ax_l)
        self.maps_fig = new_figure((6.0, 3.0), layout=None)
        self.maps_view = _MapsView(self.maps_fig.add_subplot())

    def _arrange(self):
        """The children of the widget: buttons on top, controls left, figures right."""
        f = self.features
        feature_box = W.VBox([W.HTML("<b>inputs</b>"), W.HBox([f["x1"], f["x2"], f["x1*x2"]]),
                              W.HBox([f["x1^2"], f["x2^2"]]), W.HBox([f["sin(x1)"], f["sin(x2)"]])])
        controls = W.VBox([
            W.HTML("<b>data</b>"), self.dataset, self.noise, self.train_percent, self.batch_size,
            feature_box, W.HTML("<b>network</b>"), self.layers, *self.units, self.activation,
            W.HTML("<b>training</b>"), self.loss, self.learning_rate, self.regularization, self.reg_rate,
            self.seed], layout=W.Layout(width="270px"))
        buttons = W.HBox([self.play_button, self.step_button, self.reset_button, self.export_button,
                          self.epoch_label, self.loss_label], layout=W.Layout(align_items="center"))
        return [buttons, self.message, W.HBox([controls, W.VBox([self.image, self.maps_image])]), self.code]

    # -- events: controls -> settings, buttons -> actions
    def _wire(self):
        for control in (self.dataset, self.noise, self.train_percent, self.batch_size, self.layers,
                        *self.units, self.activation, self.loss, self.regularization, self.reg_rate,
                        self.learning_rate, self.seed, *self.features.values()):
            control.observe(self._on_change, names="value")
        self.play_button.on_click(lambda _: self.pause() if self.running else self.start())
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.export_button.on_click(lambda _: self.show_code())

    def _settings(self):
        n = self.layers.value
        return dict(dataset=self.dataset.value, noise=self.noise.value,
                    train_fraction=self.train_percent.value / 100, batch_size=self.batch_size.value,
                    features=tuple(name for name, b in self.features.items() if b.value),
                    hidden=tuple(u.value for u in self.units[:n]), activation=self.activation.value,
                    loss=self.loss.value, regularization=self.regularization.value,
                    reg_rate=self.reg_rate.value, learning_rate=self.learning_rate.value, seed=self.seed.value)

    def _sync_controls(self):
        """Show only the layers in use; regression has x1 only (no x2 features)."""
        self._syncing = True
        try:
            for i, u in enumerate(self.units):
                u.layout.display = None if i < self.layers.value else "none"
            one_d = self.dataset.value == "regression"
            if one_d and self._features_2d is None:
                self._features_2d = {name: b.value for name, b in self.features.items()}
            elif not one_d and self._features_2d is not None:
                for name, b in self.features.items():
                    b.value = self._features_2d[name]
                self._features_2d = None
            for name, b in self.features.items():
                b.disabled = one_d and name not in ONE_D_FEATURES
                if b.disabled:
                    b.value = False
            if not any(b.value for b in self.features.values()):
                self.features["x1"].value = True
            self.loss.disabled = one_d
        finally:
            self._syncing = False

    def _on_change(self, change):
        if self._syncing:
            return
        self._sync_controls()
        try:
            self.pg.update(**self._settings())
            self.message.value = ""
        except PlaygroundError as err:
            self.message.value = f"{_ERROR} {err}</span>"
            return
        self.redraw()

    # -- actions
    def step(self, epochs=1):
        """Train `epochs` epochs (the "step" button: one) and redraw."""
        self.pg.train(epochs)
        self.redraw()

    def reset(self):
        """New weights (same settings and seed), epoch 0."""
        self.pause()
        self.pg.reset()
        self.code.layout.display = "none"
        self.redraw()

    def show_code(self):
        """Put the PyTorch code of the current network (with its weights) in the
        text box under the playground, and return it."""
        code = self.pg.export_code(weights=True)
        self.code.value = code
        self.code.layout.display = None
        return code

    # -- the run loop
    def start(self):
        """Train in the background on the kernel's event loop until pause (see the
        module docstring for why). Without a running event loop (plain Python)
        there is nothing to run on: use step(epochs) instead."""
        if self.running:
            return
        loop = _kernel_loop()
        if loop is None:
            self.message.value = (f"{_ERROR} start needs a running Jupyter kernel; "
                                  "here, use ui.step(epochs) instead.</span>")
            return
        self.running = True
        self.play_button.description, self.play_button.icon = "pause", "pause"
        self.play_button.button_style = "warning"
        self._task = loop.create_task(self.run())

    def pause(self):
        """Stop after the current chunk of epochs."""
        self.running = False
        self.play_button.description, self.play_button.icon = "start", "play"
        self.play_button.button_style = "success"

    async def run(self, max_epochs=MAX_EPOCHS):
        """The training coroutine: chunks of CHUNK_SECONDS of epochs, a redraw,
        then a short sleep that lets the kernel handle clicks and slider moves."""
        self.running = True
        try:
            while self.running and not self.pg.diverged and self.pg.epoch < max_epochs:
                started = time.perf_counter()
                while time.perf_counter() - started < CHUNK_SECONDS and self.pg.epoch < max_epochs:
                    self.pg.train(1)
                    if self.pg.diverged:
                        break
                self.redraw()
                await asyncio.sleep(0.02)
        finally:
            self.pause()

    # -- drawing
    def redraw(self):
        """Update the labels, the message, the boundary and loss figure, and the unit maps."""
        self._update_labels()
        self._update_message()
        pg = self.pg
        if self.boundary_view.update(pg, (pg.settings, id(pg.model))):
            self.fig.set_layout_engine("constrained")    # png lays it out once more
        self.loss_view.update(pg)
        self.image.value = png(self.fig)
        self.maps_view.update(pg, min_cols=MAX_UNITS)
        self.maps_image.value = png(self.maps_fig)

    def _update_labels(self):
        pg = self.pg
        self.epoch_label.value = f"<b class='course-epoch'>epoch {pg.epoch}</b>"
        acc = pg.history["test_acc"][-1]
        self.loss_label.value = (f"<span class='course-loss'>train loss {pg.train_loss:.3f} · "
                                 f"test loss {pg.test_loss:.3f}"
                                 + (f" · test accuracy {100 * acc:.0f}%" if acc is not None else "")
                                 + "</span>")

    def _update_message(self):
        """Show the run's notes (divergence, why it cannot learn) unless an error is shown."""
        notes = [self.pg.diverged] if self.pg.diverged else []
        if self.pg.note:
            notes.append(self.pg.note)
        if notes and not self.message.value.startswith(_ERROR):
            self.message.value = "<br>".join(f"<span style='color:{INK}'>ℹ️ {n}</span>" for n in notes)
        elif not notes and "ℹ️" in self.message.value:
            self.message.value = ""


def playground(points=None, **settings):
    """TensorFlow Playground in the notebook, in PyTorch: pick data, features, hidden
    layers (up to 6 of up to 8 units), activation, loss, regularisation, learning
    rate and batch size; press start / pause / step / reset and watch the boundary,
    the loss curves and every hidden unit's map change. "export" shows the PyTorch
    code that rebuilds the trained network.

    points=(X, y): your own 2-D points (X shape (n, 2), y labels 0/1). Keyword
    settings as in `widgets.playground_model.Settings`, e.g. playground(dataset="xor").
    Returns the widget, a `PlaygroundWidget`; `ui.pg` is the `Playground` behind it.
    """
    return PlaygroundWidget(points, **settings)
