"""The widget changes that benchmarks/run.py times server side (the kernel's share of a
change: the controls' new values in, the new scene out, as JSON for the browser).

BENCHMARKS maps a name to a builder: calling it builds a widget and returns a
zero-argument function that makes ONE change (a slider move, a new choice or a button
click) and waits for the redraw it triggers. run.py times many calls and reports the
median milliseconds per change; benchmarks/browser.py times the same changes end to end
in JupyterLab and Chromium.
"""
import sys
from itertools import cycle
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import models, widgets  # noqa: E402


def perceptron_move_w1():
    ui = widgets.PerceptronExplorer("AND")
    values = cycle(np.round(np.arange(-2, 2.01, 0.1), 1))
    return ui, lambda: ui.set(w1=float(next(values)))


def activation_switch():
    ui = widgets.ActivationExplorer("relu")              # trains every net when it is made
    names = cycle(models.ACTIVATION_NAMES[1:] + models.ACTIVATION_NAMES[:1])
    return ui, lambda: ui.set(activation=next(names))


def softmax_move_score():
    ui = widgets.SoftmaxExplorer()
    values = cycle(np.round(np.arange(-5, 5.01, 0.1), 1))
    return ui, lambda: ui.set(**{"digit 2": float(next(values))})


def playground_step():
    ui = widgets.playground()
    return ui, lambda: ui.click("step")


def playground_move_noise():
    ui = widgets.playground()
    values = cycle([0.2, 0.1])           # 0.1 is the default: starting there would change nothing
    return ui, lambda: ui.set(noise=next(values))


BENCHMARKS = {
    "perceptron explorer: move w1": perceptron_move_w1,
    "activation explorer: switch activation": activation_switch,
    "softmax explorer: move one score": softmax_move_score,
    "playground: step one epoch": playground_step,
    "playground: move noise (new data, new network)": playground_move_noise,
}
