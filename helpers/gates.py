"""Logic gates for notebooks 02 and 03: reading a gate's inputs (bits only), checking a
gate function against its truth table, and the line a perceptron draws, as text.

The neuron, the gates and Rosenblatt's learning rule are written in notebook 02
(`helpers.lecture`); this module only checks and describes them.

    from helpers import gates
    gates.require_bits(x1, x2)             # ValueError unless both are 0 or 1
    ok = gates.truth_table(AND, "AND")     # prints the table, True when all rows match
"""
import re

import numpy as np
import torch

from .data import gate as gate_data

# ------------------------------------------------------------------ gate inputs

def require_bits(*values):
    """Raise a ValueError unless every value is 0 or 1 (a bit).

    A neuron accepts any number, but a logic gate is only defined on bits, so a
    gate function calls this first. Accepts ints, floats, bools, tensors and arrays
    (every element must be 0 or 1). Returns None.
    """
    for value in values:
        try:
            arr = np.asarray(value.detach().cpu() if isinstance(value, torch.Tensor) else value, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"Logic gates read bits, 0 or 1; got {value!r}, which is not a number.") from None
        if arr.size == 0 or not np.all((arr == 0) | (arr == 1)):
            shown = value if arr.size == 1 else arr.ravel()[~((arr.ravel() == 0) | (arr.ravel() == 1))][:3]
            raise ValueError(f"Logic gates read bits: every input must be 0 or 1, but got {shown}. "
                             "Call the neuron itself for other numbers.")


# ------------------------------------------------------------------ truth tables

def truth_table(gate, name, show=True):
    """Run `gate` (a function of 1 input for NOT, of 2 for the others) on every row
    of the truth table of `name` (AND, OR, NAND, NOR, XOR, NOT), print the table
    with a tick or cross per row when `show`, and return True when every row is right."""
    X, y = gate_data(name)
    inputs = ["x1", "x2"] if X.shape[1] == 2 else ["x"]
    width = max(len(name), 5)
    head = " ".join(f"{c:>2}" for c in inputs) + f" | {name.upper():>{width}}  expected"
    lines, all_right = [head, "-" * len(head)], True
    for row, target in zip(X.int().tolist(), y.int().tolist()):
        out = gate(*row)
        if isinstance(out, torch.Tensor):
            if out.numel() != 1:
                raise ValueError(f"the gate returned {out.numel()} numbers for one row; it should return one.")
            out = out.item()
        out = float(out)
        right = out == target
        all_right &= right
        out_text = f"{out:g}" if out in (0.0, 1.0) else f"{out:.3f}"
        lines.append(" ".join(f"{v:>2}" for v in row)
                     + f" | {out_text:>{width}}  {target:>8}  {'✓' if right else '✗'}")
    if show:
        print("\n".join(lines))
    return all_right


# ------------------------------------------------------------------ the line

def line_equation(w, b):
    """The decision boundary w·x + b = 0 as LaTeX, e.g. '$x_1 + x_2 - 1.5 = 0$'."""
    w = np.atleast_1d(np.asarray(w, dtype=float))
    names = ["x"] if len(w) == 1 else [f"x_{i + 1}" for i in range(len(w))]
    text = ""
    for wi, name in zip(w, names):
        if wi == 0:
            continue
        sign = "-" if wi < 0 else "+"
        size = "" if abs(wi) == 1 else f"{abs(wi):g}"
        text += f" {sign} {size}{name}" if text else f"{'-' if wi < 0 else ''}{size}{name}"
    if not text:
        return f"${b:g} = 0$ (no line)"
    if b:
        text += f" {'-' if b < 0 else '+'} {abs(b):g}"
    return f"${text} = 0$"


def line_text(w, b):
    """The decision boundary w·x + b = 0 as plain text for `print` (printed output shows no
    LaTeX), e.g. '2·x1 + x2 - 2 = 0'; the same equation as `line_equation`."""
    text = line_equation(w, b).replace("$", "")
    return re.sub(r"(\d)x", r"\1·x", text).replace("x_", "x")
