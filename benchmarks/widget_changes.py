"""The widget changes that benchmarks/run.py times (moved here from helpers.widgets
and helpers.playground_ui, so that the course's helpers hold no benchmark code).

BENCHMARKS maps a name to a builder: calling it builds an explorer and returns a
zero-argument function that makes ONE change (a slider move, a new choice or a button
click) and waits for the redraw it triggers. run.py times many calls and reports the
median milliseconds per change.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import playground_ui, widgets  # noqa: E402


def perceptron_move_w1():
    ui = widgets.perceptron_explorer("AND")
    values = iter(np.tile(np.round(np.arange(-2, 2.01, 0.1), 1), 1000))
    return lambda: setattr(ui.w1, "value", float(next(values)))


def activation_switch():
    ui = widgets.activation_explorer("relu")
    for name in widgets.ACTIVATION_NAMES:        # train every net first: time only the redraw
        ui.activation.value = name
    names = iter(widgets.ACTIVATION_NAMES * 1000)
    return lambda: setattr(ui.activation, "value", next(names))


def softmax_move_score():
    ui = widgets.softmax_explorer()
    values = iter(np.tile(np.round(np.arange(-5, 5.01, 0.1), 1), 1000))
    return lambda: setattr(ui.scores[2], "value", float(next(values)))


def playground_step():
    ui = playground_ui.playground()
    return ui.step_button.click


def playground_move_noise():
    ui = playground_ui.playground()
    values = iter([0.2, 0.1] * 10000)    # 0.1 is the default: starting there would change nothing
    return lambda: setattr(ui.noise, "value", next(values))


BENCHMARKS = {
    "perceptron_explorer: move w1": perceptron_move_w1,
    "activation_explorer: switch activation (cached nets)": activation_switch,
    "softmax_explorer: move one score": softmax_move_score,
    "playground: step one epoch + redraw": playground_step,
    "playground: move noise (new data, reset, redraw)": playground_move_noise,
}
