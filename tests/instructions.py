"""What a notebook's text tells the student to do with its widgets, read from the markdown.

The course writes a widget instruction the same way everywhere (CONTRIBUTING.md, "Telling
the student what to do with a widget"): the control in bold, named as it is on screen, then the value, or several
joined by "and", "or", "then": `set **noise** 0.6`, `**data** to xor`, `**temperature T** to
0.1 and to 5`, `**input x1\\*x2** on`, `press **step**`. A bold name right before a
parenthesis, a comma or a semicolon only names the control (`**noise** (0 to 1)` in a
list of the controls); there "(A to B)" is the range the text promises, which the control
must have. Bold text that names no control is ignored.

`read(path)` returns, for each of the notebook's course widgets (a code cell whose stored
output is a live widget built on `helpers.widgets.scene`), its controls and the
instructions that name them, in the order of the text. The tests carry them out:
tests/test_widget_instructions.py through the widget's Python side (what the browser's
controls send), tests/test_jupyterlab.py through the controls in JupyterLab.
"""
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
BOLD = re.compile(r"\*\*(?P<label>(?:[^*\n\\]|\\.)+?)\*\*")
NUMBER = r"-?\d+(?:\.\d+)?"
WORD = rf"`?(?P<value>{NUMBER}|[A-Za-z][\w^*]*)`?(?!\w|\.\w)"      # a number or a word, perhaps as `code`
VALUE = re.compile(rf"\s+(?:to |towards |at |= )?{WORD}")
MORE = re.compile(rf",?\s+(?:and|or|then|, then)\s+(?:to |towards |at )?{WORD}")
RANGE = re.compile(rf"\s*\((?P<lo>{NUMBER}) to (?P<hi>{NUMBER})\)")
SWITCH_WORDS = {"on": True, "off": False}
SENTENCE_WORDS = {"and", "or", "then", "with", "until", "the", "a", "is", "are", "of", "in", "for", "when",
                  "while", "from", "as", "by", "set", "switch", "changes", "starts", "between"}


@dataclass
class Instruction:
    cell: int                 # the markdown cell the text is in
    control: dict             # the control's spec (kind, name, label, min, max, options, ...)
    values: list = field(default_factory=list)   # what to set it to, in order ([] for a button: press it)
    text: str = ""            # the words it was read from, for messages
    promised_range: tuple = None   # "(A to B)" after the name


@dataclass
class Widget:
    cell: int
    source: str
    controls: list
    instructions: list = field(default_factory=list)


def cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def widget_cells(path):
    """[(index, source)] of the code cells whose stored output is one of the course's live
    widgets (its stored text is `<helpers.widgets. ... object at ...>`; 00's ipywidgets
    number box is not one)."""
    return [(i, "".join(c["source"])) for i, c in enumerate(cells(path)) if c["cell_type"] == "code"
            and any(WIDGET_VIEW in o.get("data", {}) and "".join(o["data"].get("text/plain", ""))
                    .startswith("<helpers.widgets.") for o in c.get("outputs", []))]


def _label(text):
    return text.replace("\\*", "*").replace("\\_", "_").strip()


def _value(control, word):
    """The word as a value of the control (checked against its range or options later),
    or None when it is an ordinary word of the sentence ("press **start** and ...")."""
    kind = control["kind"]
    if kind in ("slider", "number") or (kind == "menu" and control.get("numeric")):
        return float(word) if re.fullmatch(NUMBER, word) else None
    if kind in ("choice", "menu"):
        return None if word in SENTENCE_WORDS else word
    if kind == "switch":
        return SWITCH_WORDS.get(word)
    return None


def _read_values(control, text, start):
    """The values after the bold name at text[start:], and the words they came from."""
    if control["kind"] == "button":
        return [], ""
    values, end = [], start
    first = VALUE.match(text, start)
    if not first or _value(control, first["value"]) is None:
        return values, ""
    values.append(_value(control, first["value"]))
    end = first.end()
    while (more := MORE.match(text, end)) and _value(control, more["value"]) is not None and (
            control["kind"] not in ("choice", "menu") or control.get("numeric")
            or more["value"] in [str(o) for o in control["options"]]):   # "to step and press **start**"
        values.append(_value(control, more["value"]))
        end = more.end()
    return values, text[start:end]


def read(path, controls_of):
    """The notebook's widgets with their instructions. `controls_of(source)` gives the
    control specs of the widget a cell's source builds (the test builds it)."""
    found = [Widget(i, source, controls_of(source)) for i, source in widget_cells(path)]
    for index, cell in enumerate(cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        for bold in BOLD.finditer(text):
            label = _label(bold["label"])
            owners = [w for w in found if any(c["label"] == label for c in w.controls)]
            if not owners:
                continue
            widget = min(owners, key=lambda w: abs(w.cell - index))      # the nearest one that has it
            control = next(c for c in widget.controls if c["label"] == label)
            rest = bold.end()
            promised = RANGE.match(text, rest)
            values, words = _read_values(control, text, rest)
            widget.instructions.append(Instruction(
                index, control, values, f"**{bold['label']}**{words}",
                (float(promised["lo"]), float(promised["hi"])) if promised else None))
    return found


def notebooks():
    return sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def as_sent(control, value):
    """The value as the browser's control sends it (JSON: 10, not 10.0)."""
    if isinstance(value, float) and value.is_integer() and control["kind"] in ("slider", "number", "menu"):
        return int(value)
    return value


def problems(widget):
    """What in the text cannot be done with the widget's controls: a value outside a
    slider's range or off its steps, an option the control does not have, a promised
    range the control does not cover exactly."""
    found = []
    for ins in widget.instructions:
        c = ins.control
        where = f"cell {ins.cell}: {ins.text!r}"
        if ins.promised_range and c["kind"] == "slider" and ins.promised_range != (c["min"], c["max"]):
            found.append(f"{where}: the text says ({ins.promised_range[0]:g} to {ins.promised_range[1]:g}), "
                         f"the slider goes from {c['min']:g} to {c['max']:g}")
        for value in ins.values:
            if c["kind"] in ("slider", "number"):
                if not c["min"] <= value <= c["max"]:
                    found.append(f"{where}: {value:g} is outside the control's range {c['min']:g} to {c['max']:g}")
                elif c["kind"] == "slider" and abs((value - c["min"]) / c["step"]
                                                   - round((value - c["min"]) / c["step"])) > 1e-6:
                    found.append(f"{where}: {value:g} is not on the slider's steps of {c['step']:g}")
            elif c["kind"] in ("choice", "menu"):
                options = [float(o) for o in c["options"]] if c.get("numeric") else [str(o) for o in c["options"]]
                if value not in options:
                    found.append(f"{where}: {value!r} is not one of the options {c['options']}")
    return found
