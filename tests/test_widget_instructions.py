"""Every instruction a notebook gives for its widgets can be carried out with them.

tests/instructions.py reads them from the markdown (`set **noise** 0.6`, `**gate** to OR`,
`press **step**`). Here each one is checked against its control (a slider's range and
steps, a menu's options, the range the text promises) and carried out through the
widget's Python side, the path the browser's controls take (`values` changed as a
control changes them, buttons as clicks): each markdown cell from a fresh widget, as the
notebooks say ("from a fresh playground"), and after each change what the student sees
must change (the picture, the text or what a screen reader is told), except where the
text says it does not (06: adding 3 to every score leaves the bars where they are). The
same instructions are carried out in JupyterLab by tests/test_jupyterlab.py.
"""
import ast
import functools
import json

import instructions
import pytest
import torch

from helpers import models, widgets
from helpers.widgets import bowl
from helpers.widgets.playground_view import playground
from helpers.widgets.scene import SceneWidget

BUTTONS_RUN_HERE = {"step", "reset", "export", "clear", "show"}   # "start" trains in the kernel's loop: in the browser
SEEN_LATER = {"batch size", "learning rate", "regularization", "reg. rate",   # the playground's: once it trains
              "test digit"}                                                  # the pad's: once "put" is pressed


def build(source):
    """The widget the cell's source builds (its last expression). Notebook 11's pad gets
    an untrained network."""
    tree = ast.parse(source)
    torch.manual_seed(0)
    space = {"widgets": widgets, "bowl": bowl, "playground": playground,
             "model": models.mlp([784, 128, 10])}
    exec(compile(ast.Module(tree.body[:-1], []), "<widget cell>", "exec"), space)
    widget = eval(compile(ast.Expression(tree.body[-1].value), "<widget cell>", "eval"), space)
    assert isinstance(widget, SceneWidget), f"the cell does not end in a course widget:\n{source}"
    return widget


@functools.cache
def controls_of(source):
    return build(source).controls


@functools.cache
def widgets_of(stem):
    """The notebook's widgets with their instructions (built here, not when the tests are collected)."""
    return {w.cell: w for w in instructions.read(instructions.ROOT / "notebooks" / f"{stem}.ipynb", controls_of)}


CELLS = [(nb.stem, cell) for nb in instructions.notebooks() for cell, _ in instructions.widget_cells(nb)]
IDS = [f"{stem}-cell{cell}" for stem, cell in CELLS]


def test_every_course_widget_is_found_and_told_what_to_do():
    stems = sorted({stem for stem, _ in CELLS})
    assert stems == ["02_perceptron_and_gates", "03_xor_problem", "04_mlps_and_activations",
                     "06_softmax_and_loss", "09a_network_playground", "11_practical_recipe"]
    for stem, cell in CELLS:
        widget = widgets_of(stem)[cell]
        told = [i for i in widget.instructions if i.values or i.control["kind"] == "button"]
        assert told, f"{stem}: the text gives no instruction the widget in cell {widget.cell} can carry out"


@pytest.mark.parametrize("stem, cell", CELLS, ids=IDS)
def test_the_controls_cover_what_the_text_asks(stem, cell):
    assert instructions.problems(widgets_of(stem)[cell]) == []


def test_a_value_the_control_cannot_take_is_reported(tmp_path):
    """The check can fail: the playground's noise, a menu option and a promised range."""
    text = ("Set **noise** 0.6, **data** to xorr, then **hidden layers** (0 to 8); press **step**; "
            "**noise** 0.33 and **learning rate** 0.3.")
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": text},
                    {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "playground()",
                     "outputs": [{"output_type": "display_data", "metadata": {},
                                  "data": {instructions.WIDGET_VIEW: {"model_id": "x"},
                                           "text/plain": "<helpers.widgets.playground_view.PlaygroundWidget>"}}]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "00_try.ipynb"
    path.write_text(json.dumps(nb))
    [widget] = instructions.read(path, controls_of)
    noise = next(c for c in widget.controls if c["name"] == "noise")
    widget.controls = [c for c in widget.controls if c is not noise] + [{**noise, "max": 0.5}]
    for i in widget.instructions:
        if i.control["name"] == "noise":
            i.control = widget.controls[-1]
    found = instructions.problems(widget)
    assert len(found) == 4, found
    assert "0.6 is outside the control's range 0 to 0.5" in found[0]
    assert "'xorr' is not one of the options" in found[1]
    assert "the text says (0 to 8), the slider goes from 0 to 6" in found[2]
    assert "0.33 is not on the slider's steps of 0.05" in found[3]
    assert [i.values for i in widget.instructions][-1] == [0.3]


def _seen(ui):
    return json.dumps(ui.scene, sort_keys=True), ui.text, ui.announce


@pytest.mark.parametrize("stem, cell", CELLS, ids=IDS)
def test_each_instruction_carried_out_through_the_widget(stem, cell):
    widget = widgets_of(stem)[cell]
    by_cell = {}
    for ins in widget.instructions:
        by_cell.setdefault(ins.cell, []).append(ins)
    for text_cell, steps in by_cell.items():
        ui = build(widget.source)                                  # each cell from a fresh widget
        for ins in steps:
            name = ins.control["name"]
            if ins.control["kind"] == "button":
                if name in BUTTONS_RUN_HERE:
                    ui.click(name)
                continue
            for value in ins.values:
                value = instructions.as_sent(ins.control, value)
                before, old = _seen(ui), ui.values[name]
                ui.set(**{name: value})
                assert ui.values[name] == value, \
                    f"{stem} cell {text_cell}: {ins.text!r} left {name} at {ui.values[name]}"
                if value == old:
                    continue
                if name == "shift":                                # 06: "the bars do not move"
                    assert ui.scene["alt"] == json.loads(before[0])["alt"], f"{stem}: {ins.text!r} moved the bars"
                    assert f"every score +{value:g}" in ui.text
                elif name not in SEEN_LATER:
                    assert _seen(ui) != before, f"{stem} cell {text_cell}: {ins.text!r} changed nothing on screen"
