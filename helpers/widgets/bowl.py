"""The optimizer bowl of notebook 11: SGD and Adam on one small loss surface.

    from helpers.widgets import bowl
    bowl.OptimizerBowl()                     # a learning-rate slider and a choice SGD / Adam / both
    bowl.bowl_figure("both", lr=0.05)        # the same picture as a static figure

The loss is an elongated bowl, L(w1, w2) = w1^2 + 10 w2^2, steep across (w2) and
shallow along (w1), with its minimum 0 at (0, 0). From the start (-4, 1.5) each
optimizer takes 30 steps: `torch.optim.SGD` or `torch.optim.Adam` itself, on the two
numbers (w1, w2), with the learning rate of the slider. The picture: the path on the
contour plot, and the loss after every step (log scale). The scene is computed here
and drawn by the browser (`scene.js`) or by matplotlib (`draw`, the static figure).
From code: `ui.set(lr=0.15, optimizer="SGD")`, then read `ui.runs` and `ui.final_loss`.
"""
import matplotlib as mpl
import numpy as np
import torch

from ..plots.style import GREY, INK, PALETTE, WRONG
from ..runtime import finite_number
from .scene import SceneWidget, axis, choice, draw, image, line, panel, points, scene, slider, text

START = (-4.0, 1.5)                  # where both optimizers start
STEPS = 30                           # updates shown
STEEPNESS = 10.0                     # L = w1^2 + STEEPNESS * w2^2
PLANE = (-4.5, 1.5, -2.0, 2.0)      # the plane shown: w1 from, to, w2 from, to
LOSS_RANGE = (-6, 4)                 # the loss panel shows 1e-6 to 1e4 (log scale)
OPTIMIZERS = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam}
LOOKS = {"SGD": (PALETTE[0], "circle", None), "Adam": (PALETTE[1], "square", "dashed")}   # colour, marker, dash
LR_SLIDER = (0.01, 0.3, 0.01)        # the slider: from, to, step
SHADING = mpl.colors.LinearSegmentedColormap.from_list("bowl", ["#ffffff", "#d5dbe3"])   # low loss light


def bowl_loss(w1, w2):
    """L(w1, w2) = w1^2 + 10 w2^2 (numbers, arrays or tensors)."""
    return w1 ** 2 + STEEPNESS * w2 ** 2


def _optimizer_name(optimizer, both=False):
    names = {n.lower(): n for n in (*OPTIMIZERS, *(["both"] if both else []))}
    key = str(optimizer).strip().lower()
    if key not in names:
        raise ValueError(f"Unknown optimizer {optimizer!r}: choose {', '.join(names.values())}.")
    return names[key]


def _learning_rate(lr):
    lr = finite_number(lr, "lr")
    if lr <= 0:
        raise ValueError(f"lr is the learning rate, a step size: it must be above 0, not {lr:g}.")
    return lr


def bowl_path(optimizer="SGD", lr=0.05):
    """STEPS (30) updates of torch.optim.SGD or torch.optim.Adam (default settings, the
    given `lr`) on L(w1, w2) = w1^2 + 10 w2^2 from START (-4, 1.5), in float64.

    Returns (path, losses): path is a (31, 2) array of (w1, w2), the start first; losses
    the 31 losses along it. A run that blows up keeps going (its numbers grow without
    bound; beyond float64 they become inf)."""
    w = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    opt = OPTIMIZERS[_optimizer_name(optimizer)]([w], lr=_learning_rate(lr))
    path = [w.detach().clone()]
    for _ in range(STEPS):
        loss = bowl_loss(w[0], w[1])
        opt.zero_grad()
        loss.backward()
        opt.step()
        path.append(w.detach().clone())
    path = torch.stack(path).numpy()
    with np.errstate(over="ignore", invalid="ignore"):
        return path, bowl_loss(path[:, 0], path[:, 1])


def diverged(losses):
    """True when a run's loss ends above where it started (or is no longer a number)."""
    return not np.isfinite(losses[-1]) or losses[-1] > losses[0]


def _loss_text(value):
    return "not a number" if not np.isfinite(value) else f"{value:.2g}" if value < 1e4 else f"{value:.1e}"


def _plane_panel(runs, lr):
    w1, w2 = np.meshgrid(np.linspace(*PLANE[:2], 160), np.linspace(*PLANE[2:], 110))
    shade = image(np.log10(bowl_loss(w1, w2) + 1e-2), PLANE, SHADING, vmin=-2, vmax=2)
    levels = [0.5, 2, 8, 38.5]
    t = np.linspace(0, 2 * np.pi, 121)
    rings = [line(np.sqrt(c) * np.cos(t), np.sqrt(c / STEEPNESS) * np.sin(t), GREY, 0.8) for c in levels]
    lines, marks = [], [points([0], [0], INK, "diamond", size=70, edge="white", label="minimum (0, 0)")]
    for name, (path, _) in runs.items():
        color, shape, dash = LOOKS[name]
        shown = np.where(np.abs(path) > 1e3, np.nan, path)         # far outside the plane: not drawn
        lines.append(line(shown[:, 0], shown[:, 1], color, 1.6, dash))
        marks.append(points(shown[:, 0], shown[:, 1], color, shape, size=22, edge="white", label=name))
    return panel(f"{STEPS} steps at learning rate {lr:g}", axis(*PLANE[:2], "w1"), axis(*PLANE[2:], "w2"),
                 width=5.4, height=4.0, equal=True, image=shade, lines=rings + lines, points=marks,
                 texts=[text(START[0] + 0.1, START[1] + 0.2, "start", INK, anchor="start")], legend=True)


def _loss_panel(runs):
    lo, hi = LOSS_RANGE
    lines, notes = [], []
    for i, (name, (_, losses)) in enumerate(runs.items()):
        color, _, dash = LOOKS[name]
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log10(np.maximum(losses, 10.0 ** lo))
        logs = np.where(np.isfinite(logs) & (logs <= hi), logs, np.nan)   # above 1e4: off the chart
        lines.append(line(np.arange(len(losses)), logs, color, 2.0, dash, name))
        if diverged(losses):
            notes.append(text(STEPS, hi - 0.6 - 0.8 * i, f"{name} blew up: loss {_loss_text(losses[-1])}", WRONG,
                              anchor="end", bold=True))
    ticks = list(range(lo, hi + 1, 2))
    return panel("loss after each step", axis(0, STEPS, "step"), axis(lo, hi, "loss (log scale)", ticks, "1e{:g}"),
                 width=4.0, height=4.0, lines=lines, texts=notes, legend=True)


def bowl_scene(optimizer="both", lr=0.05):
    """The picture for `optimizer` ("SGD", "Adam" or "both") at learning rate `lr`.
    Returns (scene, runs), runs = {name: (path, losses)} from `bowl_path`."""
    optimizer = _optimizer_name(optimizer, both=True)
    lr = _learning_rate(lr)
    names = list(OPTIMIZERS) if optimizer == "both" else [optimizer]
    runs = {name: bowl_path(name, lr) for name in names}
    alt = (f"Contour plot of the loss w1^2 + 10 w2^2, an ellipse-shaped bowl with its minimum at (0, 0), and "
           f"{STEPS} steps from ({START[0]:g}, {START[1]:g}) at learning rate {lr:g}; beside it the loss after each "
           "step on a log scale. " + " ".join(_summary(name, path, losses) for name, (path, losses) in runs.items()))
    title = f"{' and '.join(names)} on the bowl L = w1² + 10·w2²"
    return scene([_plane_panel(runs, lr), _loss_panel(runs)], alt, title), runs


def _summary(name, path, losses):
    if diverged(losses):
        return f"{name} blew up: its loss went from {losses[0]:.3g} to {_loss_text(losses[-1])}."
    return (f"{name} ends at ({path[-1, 0]:.2f}, {path[-1, 1]:.2f}) with loss {_loss_text(losses[-1])} "
            f"(from {losses[0]:.3g}).")


def bowl_figure(optimizer="both", lr=0.05):
    """The bowl's picture as a static figure. Returns the figure."""
    return draw(bowl_scene(optimizer, lr)[0])


class OptimizerBowl(SceneWidget):
    """A slider for the learning rate (0.01 to 0.3) and a choice of optimizer (SGD, Adam
    or both): 30 steps of torch.optim.SGD / Adam on L = w1^2 + 10 w2^2 from (-4, 1.5),
    drawn on the contour plot, and the loss after each step.
    State: `runs` ({name: (path, losses)}), `final_loss` ({name: loss after 30 steps})."""

    def __init__(self, optimizer="both", lr=0.05):
        values = {"optimizer": _optimizer_name(optimizer, both=True), "lr": _learning_rate(lr)}
        lo, hi, step = LR_SLIDER
        controls = [slider("lr", min(lo, values["lr"]), max(hi, values["lr"]), step, 2, "learning rate"),
                    choice("optimizer", [*OPTIMIZERS, "both"])]
        super().__init__(controls, values, css_class="course-optimizer-bowl")

    def redraw(self):
        view, self.runs = bowl_scene(self.values["optimizer"], self.values["lr"])
        self.final_loss = {name: float(losses[-1]) for name, (_, losses) in self.runs.items()}
        said = " ".join(_summary(name, path, losses) for name, (path, losses) in self.runs.items())
        self.show(view, f"<p>{said}</p>", said)
